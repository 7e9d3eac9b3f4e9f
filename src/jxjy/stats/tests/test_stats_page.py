"""The statistics page and its Excel exports: scope, and workbooks that openpyxl opens."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_province_opens_the_page_with_the_vendored_echarts(cast):
    page = client_of(cast.province_admin).get("/stats/", {"year": 2020}).content.decode()
    assert "2020年度统计" in page and "全省" in page
    assert "/static/stats/vendor/echarts/echarts.min.js" in page and "cdn" not in page.lower()
    assert 'data-api-completion="/api/v1/stats/completion?year=2020"' in page
    assert '<option value="610500">渭南市</option>' in page  # the province may pick a city


def test_the_dashboard_links_the_bureaus_to_the_statistics(cast):
    assert 'href="/stats/"' in client_of(cast.admin_weinan).get("/dashboard/").content.decode()
    assert 'href="/stats/"' not in client_of(cast.learner_yanta).get("/dashboard/").content.decode()


def test_a_city_admin_sees_its_city_and_no_city_picker(cast):
    client = client_of(cast.admin_xian)
    page = client.get("/stats/").content.decode()
    assert "西安市" in page and 'name="city"' not in page and "city=610100" in page
    res = client.get("/stats/", {"city": "610500"})
    assert res.status_code == 404 and "未找到该城市" in res.content.decode()


def test_learners_and_bases_are_refused_in_chinese(cast):
    for user in (cast.learner_yanta, cast.base_provincial):
        res = client_of(user).get("/stats/")
        assert res.status_code == 403 and "只有省人社厅和市人社局可以查看统计" in res.content.decode()
        assert client_of(user).get("/stats/export/completion.xlsx").status_code == 403
    assert Client().get("/stats/").status_code == 302


def _sheet_rows(body, index=0):
    wb = load_workbook(io.BytesIO(body))
    return [list(r) for r in wb.worksheets[index].iter_rows(values_only=True)]


def test_the_completion_table_exports_to_excel(cast, ledger):
    res = client_of(cast.province_admin).get("/stats/export/completion.xlsx", {"year": 2020})
    assert res.status_code == 200 and res["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="stats-completion-2020.xlsx"' in res["Content-Disposition"]
    rows = _sheet_rows(res.content)
    assert rows[0] == ["状态", "人数"]
    assert rows[1:] == [["已达标", 1], ["公需课学时不足", 1], ["专业课学时不足", 1], ["尚无学时", 2],
                        ["全部专业技术人员", 5], ["尚未经单位确认", 1]]


def test_the_other_tables_export_to_excel_within_the_city(cast, ledger, shop):
    client = client_of(cast.admin_weinan)
    hours = _sheet_rows(client.get("/stats/export/hours.xlsx", {"year": 2020}).content)
    assert hours[-1] == ["合计", None, 110, 3]  # 渭南 only: 白水 24 + 56, and 赵渭南 30 recorded unconfirmed
    revenue = client.get("/stats/export/revenue.xlsx", {"year": 2020}).content
    months = _sheet_rows(revenue)
    assert months[6][0] == 6 and months[6][1] == 1 and months[-1][0] == "合计"
    bases = _sheet_rows(revenue, 1)
    assert bases[1][0] == cast.weinan_base.name
    courses = _sheet_rows(client.get("/stats/export/courses.xlsx").content)
    assert courses[-1][:3] == ["合计", None, 1]
    assert client.get("/stats/export/nothing.xlsx").status_code == 404

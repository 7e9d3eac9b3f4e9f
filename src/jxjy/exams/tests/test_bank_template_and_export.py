"""The template and the export download as .xlsx; the export cannot run formulas."""

import io

import pytest
from openpyxl import load_workbook

from jxjy.exams.tests.conftest import upload

pytestmark = pytest.mark.django_db


def test_the_base_downloads_the_template_with_headers_examples_and_instructions(cast, api, course):
    res = api(cast.base_provincial).get(f"courses/{course.pk}/question-bank/template.xlsx")
    assert res.status_code == 200
    assert res["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(res.content))
    rows = list(book["题库"].iter_rows(values_only=True))
    assert rows[0][:3] == ("题型", "题干", "选项A")
    assert {r[0] for r in rows[1:]} == {"单选", "多选", "判断"}
    assert any("题型" in str(r[0]) for r in book["填写说明"].iter_rows(values_only=True))


def test_the_template_uploaded_unchanged_imports_nothing(cast, api, course):
    client = api(cast.base_provincial)
    template = client.get(f"courses/{course.pk}/question-bank/template.xlsx").content
    res = upload(client, course.pk, template)
    assert res.status_code == 422 and "没有题目" in res.json()["detail"]["errors"][0]["reason"]


def test_the_export_round_trips_and_guards_formula_cells(cast, api, course):
    client = api(cast.base_provincial)
    aiken = "=1+1 等于几？\nA. -2\nB. 2\nANSWER: B\n\n+号开头的题干\nA. @甲\nB. 乙\nANSWER: A\n"
    assert upload(client, course.pk, aiken.encode(), name="bank.txt", format="aiken").status_code == 200
    res = client.get(f"courses/{course.pk}/question-bank/export.xlsx")
    assert res.status_code == 200
    sheet = load_workbook(io.BytesIO(res.content))["题库"]
    values = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str) and c.value]
    assert all(c.data_type == "s" and not c.value.startswith(("=", "+", "-", "@")) for c in values)
    again = upload(client, course.pk, res.content, mode="replace")
    assert again.status_code == 200 and again.json()["imported"]["total"] == 2


def test_another_base_cannot_export_the_bank(cast, api, banked_course):
    assert api(cast.base_weinan).get(f"courses/{banked_course.pk}/question-bank/export.xlsx").status_code == 404

"""Form 1 / Form 2 as printable PDFs with the filled fields and the authorities' opinions."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from jxjy.catalog.tests.conftest import payload, public_payload

pytestmark = pytest.mark.django_db


def pdf_text(res) -> tuple[str, set[str]]:
    assert res.status_code == 200, res.content[:300]
    assert res["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(res.content))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return "".join(text.split()), fonts


def test_form_2_carries_the_fields_and_both_opinions(cast, api, ready, settings):
    settings.JXJY_FROZEN_NOW = "2020-09-15T09:00:00+08:00"
    application = ready(cast.base_weinan, payload(title="基层护理质量管理", specialty="WS-HL", level="JUNIOR"))
    api(cast.base_weinan).post(f"course-applications/{application.pk}/submit")
    api(cast.admin_weinan).post(f"course-applications/{application.pk}/review",
                                {"decision": "approve", "opinion": "同意报送省厅"})
    api(cast.province_admin).post(f"course-applications/{application.pk}/review",
                                  {"decision": "approve", "opinion": "核准上线"})

    text, fonts = pdf_text(api(cast.base_weinan).get(f"course-applications/{application.pk}/form.pdf"))
    for expected in ("附件2", "2020年继续教育网络专业课科目申请表", "申报单位", "渭南市专业技术人员继续教育基地",
                     "申报专业", application.course.specialty.name, "科目名称", "基层护理质量管理", "层级", "■初级",
                     "□中级", "赵教授", "软件学院院长", "该课程共8讲", "项目立项、需求管理", "合规合法性承诺",
                     "版权无纠纷", "王联系", "029-88886666", "申报单位意见", "同意申报", "(盖章)",
                     "2020年9月15日", "市级人社部门意见", "同意报送省厅", "省人社厅审核意见", "核准上线"):
        assert expected in text, expected
    assert any("WenQuanYi" in f for f in fonts), fonts


def test_form_1_has_no_specialty_nor_city_opinion(cast, api, ready):
    application = ready(cast.base_provincial, public_payload())
    text, _ = pdf_text(api(cast.base_provincial).get(f"course-applications/{application.pk}/form.pdf"))
    assert "附件1" in text and "2020年继续教育网络公需课科目申请表" in text
    assert "弘扬延安精神、坚定理想信念" in text
    assert "申报专业" not in text and "市级人社部门意见" not in text
    assert "省人社厅审核意见" in text
    assert "年月日" in text  # blank dates for seal and signature


def test_the_form_prints_the_latest_round_opinions(cast, api, ready):
    application = ready()
    base = api(cast.base_provincial)
    base.post(f"course-applications/{application.pk}/submit")
    api(cast.province_admin).post(f"course-applications/{application.pk}/review",
                                  {"decision": "return", "opinion": "请补充教师职称"})
    text, _ = pdf_text(base.get(f"course-applications/{application.pk}/form.pdf"))
    assert "请补充教师职称" in text
    base.post(f"course-applications/{application.pk}/submit")
    text, _ = pdf_text(base.get(f"course-applications/{application.pk}/form.pdf"))
    assert "请补充教师职称" not in text


def test_the_form_page_needs_the_application_in_scope(cast, api, ready, client):
    application = ready()
    client.force_login(cast.base_weinan)
    assert client.get(f"/course-applications/{application.pk}/form.pdf").status_code == 404
    client.force_login(cast.base_provincial)
    res = client.get(f"/course-applications/{application.pk}/form.pdf")
    assert res.status_code == 200 and res.content.startswith(b"%PDF")

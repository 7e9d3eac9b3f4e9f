"""The pages: the province's rounds and overview, the queue, the forms (htmx or plain), the PDF,
the dashboard panels and the demo data."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from jxjy.reviews.models import BaseReview, ReviewRound

from .conftest import CODES, deadline, scores, self_items

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_province_opens_a_round_from_the_page_and_sees_its_overview(cast):
    client = client_of(cast.province_admin)
    page = client.get("/reviews/").content.decode()
    assert "发起例行考核" in page and "制度建设" in page
    res = client.post("/reviews/rounds/open/", {"start_year": "2019", "end_year": "2020", "self_deadline": deadline(),
                                                **{f"max_{c}": "20" for c in CODES}, "pass_mark": "60",
                                                "excellent_mark": "90"})
    found = ReviewRound.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/reviews/rounds/{found.pk}/"
    page = client.get(res["Location"]).content.decode()
    assert "2019–2020 年度例行考核" in page and "优秀" in page and "不合格" in page and "待自评" in page
    assert cast.weinan_base.name in page


def test_a_bureau_cannot_open_a_round_from_the_page(cast):
    res = client_of(cast.admin_weinan).post("/reviews/rounds/open/", {"start_year": "2019",
                                                                      "self_deadline": deadline()})
    assert res.status_code == 403 and "只有省人社厅可以发起基地考核" in res.content.decode()


def test_the_base_submits_its_self_assessment_through_htmx_and_sees_errors_in_chinese(cast, weinan_review):
    client = client_of(cast.base_weinan)
    assert client.get("/reviews/").status_code == 302
    page = client.get(f"/reviews/{weinan_review.pk}/").content.decode()
    assert 'id="self-form"' in page and "提交自评" in page
    form = {f"{k}_{c}": v for c, item in self_items().items() for k, v in item.items()}
    bad = client.post(f"/reviews/{weinan_review.pk}/self-assessment/", {**form, "score_TEACHERS": "30"},
                      headers={"HX-Request": "true"}).content.decode()
    assert "“师资力量”最高 20 分" in bad and 'value="30"' in bad and "SPENDING 自评说明" in bad
    ok = client.post(f"/reviews/{weinan_review.pk}/self-assessment/", form, headers={"HX-Request": "true"})
    assert 'data-status="SELF_SUBMITTED"' in ok.content.decode() and "自评已提交" in ok.content.decode()


def test_the_bureau_scores_from_its_queue_and_the_province_confirms(cast, weinan_submitted):
    city = client_of(cast.admin_weinan)
    page = city.get("/reviews/").content.decode()
    assert f'/reviews/{weinan_submitted.pk}/' in page.split('id="todo"')[1].split("</section>")[0]
    post = {**{f"score_{c}": "19" for c in CODES}, "findings": ["DISORDERLY_LEARNERS"],
            "findings_note": "学员代签到", "comment": ""}
    res = city.post(f"/reviews/{weinan_submitted.pk}/assessment/", post)
    assert res.status_code == 302
    weinan_submitted.refresh_from_db()
    assert weinan_submitted.conclusion == "FAIL" and weinan_submitted.total_score == 95
    province = client_of(cast.province_admin)
    page = province.get(f"/reviews/{weinan_submitted.pk}/").content.decode()
    assert "学员管理混乱" in page and 'id="suspend-base"' in page and "退回市人社局" in page
    res = province.post(f"/reviews/{weinan_submitted.pk}/confirm/", {"suspend_base": "1"},
                        headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="FINISHED"' in res and "该基地已被暂停资格" in res
    cast.weinan_base.refresh_from_db()
    assert not cast.weinan_base.is_active


def test_a_finished_review_prints_as_a_chinese_pdf(cast, api, weinan_submitted):
    api(cast.admin_weinan).post(f"reviews/{weinan_submitted.pk}/assessment",
                                {"scores": scores(18, 18, 18, 18, 18), "comment": "规范有序"})
    client = client_of(cast.base_weinan)
    assert client.get(f"/reviews/{weinan_submitted.pk}/pdf/").status_code == 409
    api(cast.province_admin).post(f"reviews/{weinan_submitted.pk}/confirm", {})
    res = client.get(f"/reviews/{weinan_submitted.pk}/pdf/")
    assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(res.content)).pages[0].extract_text()
    for words in ("例行考核结果", cast.weinan_base.name, "制度建设", "学员管理", "优秀", "渭南市人力资源和社会保障局",
                  "陕西省人力资源和社会保障厅", "90"):
        assert words in text, words
    assert client_of(cast.admin_xian).get(f"/reviews/{weinan_submitted.pk}/pdf/").status_code == 404


def test_the_dashboard_panels(cast, weinan_submitted):
    page = client_of(cast.base_weinan).get("/dashboard/").content.decode()
    assert "基地例行考核" in page and 'id="my-review-link"' in page and "待考核" in page
    page = client_of(cast.admin_weinan).get("/dashboard/").content.decode()
    assert 'id="reviews-link"' in page and "项考核待您处理" in page
    assert "基地例行考核" not in client_of(cast.learner_yanta).get("/dashboard/").content.decode()


def test_the_demo_opens_a_round_with_the_provincial_bases_self_assessment(cast):
    from jxjy.reviews import demo

    out = io.StringIO()
    demo.seed(cast, out)
    demo.seed(cast, out)
    found = ReviewRound.objects.get(closed_at__isnull=True)
    assert found.period == "2019–2020"
    own = BaseReview.objects.get(round=found, base=cast.provincial_base)
    assert own.status == BaseReview.Status.SELF_SUBMITTED and own.self_total == 88
    assert BaseReview.objects.get(round=found, base=cast.weinan_base).status == BaseReview.Status.AWAITING_SELF

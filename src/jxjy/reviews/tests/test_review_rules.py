"""The rules of a review: deadlines, states, scores within the round's maximum, Chinese errors."""

import datetime as dt

import pytest

from jxjy.core.models import AuditEntry
from jxjy.reviews.models import BaseReview

from .conftest import PDF, deadline, scores, self_items

pytestmark = pytest.mark.django_db


def test_only_the_province_opens_a_round_and_only_once_per_period(cast, api, review_round):
    res = api(cast.admin_weinan).post("review-rounds", {"start_year": 2021, "self_deadline": deadline()})
    assert res.status_code == 403 and res.json()["message"] == "只有省人社厅可以发起基地考核"
    again = api(cast.province_admin).post("review-rounds", {"start_year": 2019, "self_deadline": deadline()})
    assert again.status_code == 409 and again.json()["code"] == "review_round_exists"


def test_a_broken_round_is_refused_with_every_problem_in_chinese(cast, api):
    res = api(cast.province_admin).post("review-rounds", {
        "start_year": 2019, "end_year": 2018, "self_deadline": "2000-01-01", "pass_mark": 120,
        "dimensions": [{"code": "RULES", "max_score": 50}]})
    assert res.status_code == 422
    body = res.json()
    fields = {e["field"] for e in body["detail"]["errors"]}
    assert fields == {"end_year", "self_deadline"}
    assert body["message"].startswith("无法发起考核：") and "截止日期不能早于今天" in body["message"]
    res = api(cast.province_admin).post("review-rounds", {
        "start_year": 2019, "self_deadline": deadline(), "pass_mark": 120,
        "dimensions": [{"code": "RULES", "max_score": 50}]})
    reasons = [e["reason"] for e in res.json()["detail"]["errors"]]
    assert "考核项目须为通知规定的五项，每项一次" in reasons and "合格分数线须大于 0 且不超过总分" in reasons


def test_scores_must_be_given_within_each_maximum(cast, api, weinan_review):
    res = api(cast.base_weinan).post(f"reviews/{weinan_review.pk}/self-assessment",
                                     {"items": {**self_items(), "RULES": {"text": "", "score": 25}}})
    assert res.status_code == 422
    reasons = {e["field"]: e["reason"] for e in res.json()["detail"]["errors"]}
    assert reasons == {"text_RULES": "请填写“制度建设”的自评说明", "score_RULES": "“制度建设”最高 20 分"}
    weinan_review.refresh_from_db()
    assert weinan_review.status == BaseReview.Status.AWAITING_SELF and not AuditEntry.objects.filter(
        action="review.self_assess").exists()


def test_the_self_assessment_is_submitted_once_before_the_deadline(cast, api, weinan_review, settings):
    base = api(cast.base_weinan)
    assert base.post(f"reviews/{weinan_review.pk}/self-assessment", {"items": self_items()}).status_code == 200
    again = base.post(f"reviews/{weinan_review.pk}/self-assessment", {"items": self_items()})
    assert again.status_code == 409 and again.json()["message"] == "自评已经提交"
    late = BaseReview.objects.exclude(pk=weinan_review.pk).get()
    settings.JXJY_FROZEN_NOW = (weinan_review.round.self_deadline + dt.timedelta(days=1)).isoformat() + "T09:00:00"
    res = api(cast.base_provincial).post(f"reviews/{late.pk}/self-assessment", {"items": self_items()})
    assert res.status_code == 409 and res.json()["code"] == "review_deadline_passed"
    assert res.json()["message"] == f"自评截止日期（{late.round.self_deadline.isoformat()}）已过"


def test_the_bureau_assesses_only_after_the_self_assessment_or_the_deadline(cast, api, weinan_review, settings):
    city = api(cast.admin_weinan)
    early = city.post(f"reviews/{weinan_review.pk}/assessment", {"scores": scores()})
    assert early.status_code == 409 and early.json()["message"] == "该考核当前不能评分"
    settings.JXJY_FROZEN_NOW = (weinan_review.round.self_deadline + dt.timedelta(days=1)).isoformat() + "T09:00:00"
    # Signed in again: a token does not outlive the month that passes here.
    late = api(cast.admin_weinan).post(f"reviews/{weinan_review.pk}/assessment", {"scores": scores(5, 5, 5, 5, 5)})
    assert late.status_code == 200 and late.json()["conclusion"] == "FAIL" and late.json()["self_total"] is None


def test_an_assessment_needs_every_score_and_a_note_for_findings(cast, api, weinan_submitted):
    res = api(cast.admin_weinan).post(f"reviews/{weinan_submitted.pk}/assessment", {
        "scores": {"RULES": {"score": 21}}, "findings": ["WEAK_TEACHERS", "BRIBERY"]})
    assert res.status_code == 422
    errors = {e["field"]: e["reason"] for e in res.json()["detail"]["errors"]}
    assert errors["score_RULES"] == "“制度建设”最高 20 分" and errors["score_LEARNERS"] == "请为“学员管理”评分"
    assert errors["findings"] == "未知的问题类型：BRIBERY" and errors["findings_note"] == "请说明发现的问题"


def test_excellent_needs_ninety_points(cast, api, weinan_submitted):
    res = api(cast.admin_weinan).post(f"reviews/{weinan_submitted.pk}/assessment",
                                      {"scores": scores(18, 18, 18, 18, 18)})
    assert res.json()["total_score"] == 90 and res.json()["conclusion_display"] == "优秀"


def test_a_city_bureau_cannot_suspend_before_the_provinces_confirmation(cast, api, weinan_submitted):
    res = api(cast.admin_weinan).post(f"reviews/{weinan_submitted.pk}/assessment",
                                      {"scores": scores(1, 1, 1, 1, 1), "suspend_base": True})
    assert res.status_code == 422 and res.json()["message"] == "只有最终不合格的考核可以暂停基地资格"


def test_the_evidence_is_optional_checked_and_served_only_in_scope(cast, api, weinan_review):
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = {f"{k}_{c}": v for c, item in self_items().items() for k, v in item.items()}
    fake = api(cast.base_weinan).post(f"reviews/{weinan_review.pk}/self-assessment", form,
                                      files={"evidence": SimpleUploadedFile("制度汇编.pdf", b"not a pdf")})
    assert fake.status_code == 422 and fake.json()["detail"]["errors"][0]["field"] == "evidence"
    res = api(cast.base_weinan).post(f"reviews/{weinan_review.pk}/self-assessment", form,
                                     files={"evidence": SimpleUploadedFile("制度汇编.pdf", PDF)})
    assert res.status_code == 200, res.content
    url = res.json()["evidence"]["url"]
    assert res.json()["evidence"]["name"] == "制度汇编.pdf"
    got = api(cast.admin_weinan).get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert api(cast.admin_xian).get(url).status_code == 404
    assert api(cast.base_provincial).get(url).status_code == 404

"""The review's course through the API: the province opens a round, a base assesses itself,
the authority in charge scores, the province confirms (or returns); a confirmed fail may
suspend the base. Every step is audited."""

import pytest

from jxjy.core.models import AuditEntry
from jxjy.org.models import TrainingBase
from jxjy.org.services import base_set_status
from jxjy.reviews.models import BaseReview, ReviewRound

from .conftest import CODES, deadline, scores, self_items

pytestmark = pytest.mark.django_db


def actions(review):
    return list(AuditEntry.objects.filter(object_type="reviews.BaseReview", object_id=str(review.pk))
                .order_by("id").values_list("action", flat=True))


def test_the_province_opens_a_round_with_one_review_per_active_base(cast, api):
    base_set_status(actor=cast.province_admin, base=cast.weinan_base, status=TrainingBase.Status.SUSPENDED)
    res = api(cast.province_admin).post("review-rounds", {"start_year": 2019, "self_deadline": deadline()})
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["period"] == "2019–2020" and body["end_year"] == 2020 and body["reviews"] == 1
    assert body["total_max"] == 100 and body["pass_mark"] == 60 and body["excellent_mark"] == 90
    assert [(d["code"], d["name"], d["max_score"]) for d in body["dimensions"]][0] == ("RULES", "制度建设", 20)
    assert list(BaseReview.objects.values_list("base", flat=True)) == [cast.provincial_base.pk]
    assert AuditEntry.objects.filter(action="review_round.open", object_id=str(body["id"])).exists()
    listed = api(cast.base_weinan).get("review-rounds").json()
    assert listed["count"] == 1 and listed["items"][0]["period"] == "2019–2020"


def test_a_round_follows_its_own_scheme(cast, api):
    dims = [{"code": c, "max_score": m} for c, m in zip(CODES, (30, 20, 20, 15, 15), strict=True)]
    res = api(cast.province_admin).post("review-rounds", {"start_year": 2021, "end_year": 2022,
                                                          "self_deadline": deadline(), "dimensions": dims,
                                                          "pass_mark": 70, "excellent_mark": 95})
    assert res.status_code == 201, res.content
    review = BaseReview.objects.get(round_id=res.json()["id"], base=cast.provincial_base)
    api(cast.base_provincial).post(f"reviews/{review.pk}/self-assessment", {"items": self_items(10)})
    # 30+20+20+0+0 = 70: a pass under this round's mark of 70.
    done = api(cast.province_admin).post(f"reviews/{review.pk}/assessment",
                                         {"scores": scores(30, 20, 20, 0, 0)}).json()
    assert done["total_score"] == 70 and done["conclusion"] == "PASS" and done["status"] == "FINISHED"
    over = api(cast.province_admin).post(f"reviews/{review.pk}/assessment", {"scores": scores(30, 20, 20, 15, 15)})
    assert over.status_code == 409  # finished: no second assessment


def test_a_city_base_is_reviewed_by_its_bureau_and_confirmed_by_the_province(cast, api, weinan_review):
    base = api(cast.base_weinan)
    mine = base.get("me/review").json()
    assert mine["id"] == weinan_review.pk and mine["status"] == "AWAITING_SELF"
    assert mine["actions"] == {"self_assess": True, "assess": False, "confirm": False}
    res = base.post(f"reviews/{weinan_review.pk}/self-assessment", {"items": self_items(18)})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == "SELF_SUBMITTED" and body["self_total"] == 90
    assert body["dimensions"][2]["self"] == {"text": "TEACHERS 自评说明", "score": 18}

    city = api(cast.admin_weinan)
    queue = city.get("reviews", status="SELF_SUBMITTED").json()
    assert [r["id"] for r in queue["items"]] == [weinan_review.pk]
    res = city.post(f"reviews/{weinan_review.pk}/assessment",
                    {"scores": scores(18, 17, 16, 18, 17), "comment": "总体规范"})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == "AWAITING_CONFIRMATION" and body["total_score"] == 86
    assert body["conclusion"] == "PASS" and body["conclusion_display"] == "合格"
    assert body["dimensions"][0]["assessment"] == {"score": 18, "comment": "符合要求"}

    province = api(cast.province_admin)
    res = province.post(f"reviews/{weinan_review.pk}/confirm", {})
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "FINISHED" and res.json()["confirmed_at"]
    assert actions(weinan_review) == ["review.self_assess", "review.assess", "review.confirm"]
    entry = AuditEntry.objects.get(action="review.assess")
    assert entry.actor == cast.admin_weinan and entry.after["conclusion"] == "PASS"


def test_the_province_returns_a_conclusion_and_the_bureau_reassesses(cast, api, weinan_submitted):
    city, province = api(cast.admin_weinan), api(cast.province_admin)
    city.post(f"reviews/{weinan_submitted.pk}/assessment", {"scores": scores(20, 20, 20, 20, 20)})
    empty = province.post(f"reviews/{weinan_submitted.pk}/return", {"reason": " "})
    assert empty.status_code == 422 and empty.json()["message"] == "请填写退回原因"
    res = province.post(f"reviews/{weinan_submitted.pk}/return", {"reason": "师资得分依据不足"})
    assert res.json()["status"] == "RETURNED" and res.json()["return_reason"] == "师资得分依据不足"
    assert province.post(f"reviews/{weinan_submitted.pk}/confirm", {}).status_code == 409
    res = city.post(f"reviews/{weinan_submitted.pk}/assessment", {"scores": scores(20, 20, 12, 20, 20)})
    assert res.json()["status"] == "AWAITING_CONFIRMATION" and res.json()["return_reason"] == ""
    assert actions(weinan_submitted)[-3:] == ["review.assess", "review.return", "review.assess"]


def test_a_sanctioned_finding_fails_the_review_and_the_confirmed_fail_suspends_the_base(cast, api,
                                                                                          weinan_submitted):
    city, province = api(cast.admin_weinan), api(cast.province_admin)
    res = city.post(f"reviews/{weinan_submitted.pk}/assessment",
                    {"scores": scores(19, 19, 19, 19, 19), "findings": ["overcharging"],
                     "findings_note": "面授收费 8 元/小时，高于省定标准"})
    body = res.json()
    assert body["total_score"] == 95 and body["conclusion"] == "FAIL" and body["forced_fail"] is True
    assert body["findings"] == ["OVERCHARGING"] and body["findings_display"] == ["擅自提高收费标准"]
    res = province.post(f"reviews/{weinan_submitted.pk}/confirm", {"suspend_base": True})
    assert res.status_code == 200, res.content
    assert res.json()["base_suspended"] is True
    cast.weinan_base.refresh_from_db()
    assert cast.weinan_base.status == TrainingBase.Status.SUSPENDED
    suspension = AuditEntry.objects.get(action="base.set_status", object_id=str(cast.weinan_base.pk))
    assert suspension.actor == cast.province_admin and suspension.after["status"] == "SUSPENDED"
    assert "2019–2020" in suspension.after["reason"]


def test_a_passed_review_cannot_suspend_the_base(cast, api, weinan_submitted):
    api(cast.admin_weinan).post(f"reviews/{weinan_submitted.pk}/assessment", {"scores": scores()})
    res = api(cast.province_admin).post(f"reviews/{weinan_submitted.pk}/confirm", {"suspend_base": True})
    assert res.status_code == 422 and res.json()["code"] == "review_suspend_not_allowed"
    cast.weinan_base.refresh_from_db()
    assert cast.weinan_base.is_active


def test_the_province_assesses_a_provincial_base_and_its_fail_is_final(cast, api, provincial_review):
    api(cast.base_provincial).post(f"reviews/{provincial_review.pk}/self-assessment", {"items": self_items(20)})
    res = api(cast.province_admin).post(f"reviews/{provincial_review.pk}/assessment",
                                        {"scores": scores(10, 10, 10, 10, 10), "suspend_base": True,
                                         "comment": "制度执行不到位"})
    body = res.json()
    assert body["status"] == "FINISHED" and body["conclusion"] == "FAIL" and body["base_suspended"] is True
    assert body["needs_confirmation"] is False
    cast.provincial_base.refresh_from_db()
    assert not cast.provincial_base.is_active
    assert ReviewRound.objects.count() == 1

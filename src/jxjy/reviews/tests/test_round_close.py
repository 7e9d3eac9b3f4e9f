"""Closing a round (closing.py rules 1–3): the province closes it only after its deadlines and once
no conclusion awaits its confirmation; a base that never assessed itself fails as overdue, one
whose authority did not conclude is overdue without a conclusion; a closed round refuses every
change, in Chinese."""

import datetime as dt

import pytest
from django.test import Client

from jxjy.core.models import AuditEntry
from jxjy.reviews.models import BaseReview, ReviewRound
from jxjy.reviews.services import review_self_assess, round_open

from .conftest import deadline, scores, self_items

pytestmark = pytest.mark.django_db


def at(settings, day: dt.date) -> None:
    settings.JXJY_FROZEN_NOW = day.isoformat() + "T09:00:00+08:00"


@pytest.fixture
def two_deadlines(cast):
    return round_open(actor=cast.province_admin, start_year=2019, end_year=2020, self_deadline=deadline(30),
                      assessment_deadline=deadline(60))


def reviews_of(found):
    return {r.base_id: r for r in BaseReview.objects.filter(round=found)}


def test_the_province_closes_a_round_only_after_both_deadlines(cast, api, settings, two_deadlines):
    early = api(cast.province_admin).post(f"review-rounds/{two_deadlines.pk}/close")
    assert early.status_code == 409 and early.json()["code"] == "review_round_not_due"
    assert two_deadlines.assessment_deadline.isoformat() in early.json()["message"]
    assert "截止" in early.json()["message"]
    at(settings, two_deadlines.self_deadline + dt.timedelta(days=1))
    between = api(cast.province_admin).post(f"review-rounds/{two_deadlines.pk}/close")
    assert between.status_code == 409 and between.json()["code"] == "review_round_not_due"
    at(settings, two_deadlines.assessment_deadline + dt.timedelta(days=1))
    res = api(cast.province_admin).post(f"review-rounds/{two_deadlines.pk}/close")
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["closed_at"] and body["closed_by"] == str(cast.province_admin)
    assert body["assessment_deadline"] == two_deadlines.assessment_deadline.isoformat()
    assert body["overview"]["by_status"]["OVERDUE"] == 2
    entry = AuditEntry.objects.get(action="review_round.close", object_id=str(two_deadlines.pk))
    assert entry.actor == cast.province_admin


def test_without_an_assessment_deadline_the_round_closes_after_the_self_assessment_one(cast, api, settings,
                                                                                     review_round):
    at(settings, review_round.self_deadline)
    assert api(cast.province_admin).post(f"review-rounds/{review_round.pk}/close").status_code == 409
    at(settings, review_round.self_deadline + dt.timedelta(days=1))
    assert api(cast.province_admin).post(f"review-rounds/{review_round.pk}/close").status_code == 200


def test_the_assessment_deadline_may_not_precede_the_self_assessment_one(cast, api):
    res = api(cast.province_admin).post("review-rounds", {"start_year": 2021, "self_deadline": deadline(30),
                                                          "assessment_deadline": deadline(10)})
    assert res.status_code == 422
    assert [e["field"] for e in res.json()["detail"]["errors"]] == ["assessment_deadline"]
    assert "不能早于" in res.json()["message"]


def test_unfinished_reviews_become_overdue_by_the_rule(cast, api, settings, review_round):
    provincial, weinan = (reviews_of(review_round)[b.pk] for b in (cast.provincial_base, cast.weinan_base))
    review_self_assess(actor=cast.base_weinan, review=weinan, items=self_items())  # the bureau never scores
    at(settings, review_round.self_deadline + dt.timedelta(days=1))
    assert api(cast.province_admin).post(f"review-rounds/{review_round.pk}/close").status_code == 200
    provincial.refresh_from_db()
    weinan.refresh_from_db()
    # The base that never assessed itself defaulted: a fail.
    assert provincial.status == BaseReview.Status.OVERDUE and provincial.conclusion == "FAIL"
    # The base that did, but was never concluded on, has no conclusion: not passed, not failed.
    assert weinan.status == BaseReview.Status.OVERDUE and weinan.conclusion == ""
    body = api(cast.base_weinan).get(f"reviews/{weinan.pk}").json()
    assert body["overdue"] is True and body["conclusion"] is None and body["status_display"] == "逾期未完成"
    assert AuditEntry.objects.filter(action="review.overdue").count() == 2


def test_finished_reviews_keep_their_result_and_a_returned_one_loses_its_conclusion(cast, api, settings,
                                                                                   review_round):
    provincial, weinan = (reviews_of(review_round)[b.pk] for b in (cast.provincial_base, cast.weinan_base))
    review_self_assess(actor=cast.base_provincial, review=provincial, items=self_items())
    api(cast.province_admin).post(f"reviews/{provincial.pk}/assessment", {"scores": scores(18, 18, 18, 18, 18)})
    review_self_assess(actor=cast.base_weinan, review=weinan, items=self_items())
    api(cast.admin_weinan).post(f"reviews/{weinan.pk}/assessment", {"scores": scores()})
    api(cast.province_admin).post(f"reviews/{weinan.pk}/return", {"reason": "评分依据不足"})
    at(settings, review_round.self_deadline + dt.timedelta(days=1))
    assert api(cast.province_admin).post(f"review-rounds/{review_round.pk}/close").status_code == 200
    provincial.refresh_from_db()
    weinan.refresh_from_db()
    assert provincial.status == BaseReview.Status.FINISHED and provincial.conclusion == "EXCELLENT"
    assert weinan.status == BaseReview.Status.OVERDUE and weinan.conclusion == ""


def test_the_round_is_not_closed_while_a_conclusion_awaits_confirmation(cast, api, settings, review_round):
    weinan = reviews_of(review_round)[cast.weinan_base.pk]
    review_self_assess(actor=cast.base_weinan, review=weinan, items=self_items())
    api(cast.admin_weinan).post(f"reviews/{weinan.pk}/assessment", {"scores": scores()})
    at(settings, review_round.self_deadline + dt.timedelta(days=1))
    res = api(cast.province_admin).post(f"review-rounds/{review_round.pk}/close")
    assert res.status_code == 409 and res.json()["code"] == "review_round_awaiting_confirmation"
    assert res.json()["detail"]["reviews"] == [weinan.pk] and "确认" in res.json()["message"]
    assert ReviewRound.objects.get().closed_at is None
    assert BaseReview.objects.filter(status=BaseReview.Status.OVERDUE).count() == 0
    api(cast.province_admin).post(f"reviews/{weinan.pk}/confirm")
    assert api(cast.province_admin).post(f"review-rounds/{review_round.pk}/close").status_code == 200
    weinan.refresh_from_db()
    assert weinan.status == BaseReview.Status.FINISHED and weinan.conclusion == "PASS"


def test_a_closed_round_refuses_every_change_in_chinese(cast, api, settings, review_round):
    provincial, weinan = (reviews_of(review_round)[b.pk] for b in (cast.provincial_base, cast.weinan_base))
    review_self_assess(actor=cast.base_weinan, review=weinan, items=self_items())
    at(settings, review_round.self_deadline + dt.timedelta(days=1))
    api(cast.province_admin).post(f"review-rounds/{review_round.pk}/close")
    attempts = [
        (cast.admin_weinan, f"reviews/{weinan.pk}/assessment", {"scores": scores()}),
        (cast.province_admin, f"reviews/{provincial.pk}/assessment", {"scores": scores()}),
        (cast.province_admin, f"reviews/{weinan.pk}/confirm", {}),
        (cast.province_admin, f"reviews/{weinan.pk}/return", {"reason": "重新评分"}),
        (cast.base_provincial, f"reviews/{provincial.pk}/self-assessment", {"items": self_items()}),
    ]
    for user, path, payload in attempts:
        res = api(user).post(path, payload)
        assert res.status_code == 409, (path, res.content)
        assert res.json()["code"] == "review_round_closed"
        assert res.json()["message"] == "2019–2020 年度例行考核已结束，考核结果不能再修改", path
    again = api(cast.province_admin).post(f"review-rounds/{review_round.pk}/close")
    assert again.status_code == 409 and again.json()["code"] == "review_round_closed"
    for user in (cast.admin_weinan, cast.province_admin):
        assert api(user).get(f"reviews/{weinan.pk}").json()["actions"] == {
            "self_assess": False, "assess": False, "confirm": False}


def test_only_the_province_closes_a_round(cast, api, settings, review_round):
    at(settings, review_round.self_deadline + dt.timedelta(days=1))
    for user in (cast.admin_weinan, cast.base_weinan):
        res = api(user).post(f"review-rounds/{review_round.pk}/close")
        assert res.status_code == 403 and res.json()["code"] == "province_only", user
    assert api(cast.learner_yanta).post(f"review-rounds/{review_round.pk}/close").status_code == 403
    assert ReviewRound.objects.get().closed_at is None


def test_the_province_closes_a_round_from_its_page(cast, settings, review_round):
    client = Client()
    client.force_login(cast.province_admin)
    page = client.get(f"/reviews/rounds/{review_round.pk}/").content.decode()
    assert 'id="close-round"' not in page  # the deadline has not passed
    at(settings, review_round.self_deadline + dt.timedelta(days=1))
    page = client.get(f"/reviews/rounds/{review_round.pk}/").content.decode()
    assert 'id="close-round"' in page and "结束本轮考核" in page
    res = client.post(f"/reviews/rounds/{review_round.pk}/close/")
    assert res.status_code == 302
    page = client.get(res["Location"]).content.decode()
    assert 'id="round-closed"' in page and "不能再修改" in page and 'id="close-round"' not in page
    assert "已结束" in client.get("/reviews/").content.decode()
    review = BaseReview.objects.get(round=review_round, base=cast.weinan_base)
    card = client.get(f"/reviews/{review.pk}/").content.decode()
    assert 'id="overdue"' in card and "不合格" in card and 'id="assess-form"' not in card
    city = Client()
    city.force_login(cast.admin_weinan)
    assert city.post(f"/reviews/rounds/{review_round.pk}/close/").status_code == 403


def test_the_page_says_a_closed_round_refuses_changes(cast, settings, review_round):
    review = BaseReview.objects.get(round=review_round, base=cast.weinan_base)
    review_self_assess(actor=cast.base_weinan, review=review, items=self_items())
    at(settings, review_round.self_deadline + dt.timedelta(days=1))
    client = Client()
    client.force_login(cast.admin_weinan)
    open_card = client.get(f"/reviews/{review.pk}/").content.decode()
    assert 'id="assess-form"' in open_card
    province = Client()
    province.force_login(cast.province_admin)
    province.post(f"/reviews/rounds/{review_round.pk}/close/")
    res = client.post(f"/reviews/{review.pk}/assessment/", {f"score_{c}": "16" for c in scores()},
                      headers={"HX-Request": "true"})
    assert res.status_code == 200 and "考核已结束，考核结果不能再修改" in res.content.decode()

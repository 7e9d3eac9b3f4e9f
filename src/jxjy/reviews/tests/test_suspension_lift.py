"""The way back (closing.py rules 4 and 5): a base a review suspended stays in the review cycle;
when it passes a later round's review, the province (and only the province) lifts the suspension,
recorded with who and when. Confirming the pass does not lift it by itself; a fail, the suspending
round, or a suspension from outside the reviews cannot be lifted this way."""

import datetime as dt

import pytest
from django.test import Client

from jxjy.core.models import AuditEntry
from jxjy.org.models import TrainingBase
from jxjy.org.services import base_set_status
from jxjy.reviews.models import BaseReview
from jxjy.reviews.services import review_self_assess, round_open

from .conftest import deadline, scores, self_items

pytestmark = pytest.mark.django_db


def finish_weinan(api, cast, review, points, *, suspend=False):
    review_self_assess(actor=cast.base_weinan, review=review, items=self_items())
    api(cast.admin_weinan).post(f"reviews/{review.pk}/assessment", {"scores": scores(*(points,) * 5)})
    res = api(cast.province_admin).post(f"reviews/{review.pk}/confirm", {"suspend_base": suspend})
    assert res.status_code == 200, res.content
    return res.json()


@pytest.fixture
def suspended(cast, api, weinan_review):
    """渭南's base failed 2019–2020 and the province suspended it."""
    finish_weinan(api, cast, weinan_review, 5, suspend=True)
    cast.weinan_base.refresh_from_db()
    assert cast.weinan_base.status == TrainingBase.Status.SUSPENDED
    return weinan_review


@pytest.fixture
def later(cast, suspended):
    found = round_open(actor=cast.province_admin, start_year=2021, end_year=2022, self_deadline=deadline(30))
    return BaseReview.objects.get(round=found, base=cast.weinan_base)


def test_a_base_suspended_by_a_review_is_reviewed_again_in_the_next_round(cast, later):
    assert later.round.period == "2021–2022" and later.status == BaseReview.Status.AWAITING_SELF
    assert BaseReview.objects.filter(round=later.round).count() == 2


def test_a_later_pass_lets_the_province_lift_the_suspension(cast, api, later):
    body = finish_weinan(api, cast, later, 16)
    # Confirming the pass does not reinstate the base: that is the province's own decision.
    assert body["conclusion"] == "PASS" and body["may_lift_suspension"] is True
    cast.weinan_base.refresh_from_db()
    assert cast.weinan_base.status == TrainingBase.Status.SUSPENDED
    res = api(cast.province_admin).post(f"reviews/{later.pk}/lift-suspension")
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["suspension_lifted_at"] and body["suspension_lifted_by"] == str(cast.province_admin)
    assert body["may_lift_suspension"] is False
    cast.weinan_base.refresh_from_db()
    assert cast.weinan_base.status == TrainingBase.Status.ACTIVE
    history = AuditEntry.objects.filter(action="base.set_status", object_id=str(cast.weinan_base.pk)).order_by("id")
    assert [e.after["status"] for e in history] == ["SUSPENDED", "ACTIVE"]
    assert "2021–2022" in history.last().after["reason"] and history.last().actor == cast.province_admin
    assert AuditEntry.objects.get(action="review.lift_suspension").actor == cast.province_admin
    again = api(cast.province_admin).post(f"reviews/{later.pk}/lift-suspension")
    assert again.status_code == 409 and again.json()["code"] == "review_lift_already_lifted"


def test_neither_a_fail_nor_an_unfinished_review_nor_the_suspending_one_lifts_it(cast, api, suspended, later):
    province = api(cast.province_admin)
    unfinished = province.post(f"reviews/{later.pk}/lift-suspension")
    assert unfinished.status_code == 409 and unfinished.json()["code"] == "review_lift_review_not_passed"
    assert "通过" in unfinished.json()["message"]
    same = province.post(f"reviews/{suspended.pk}/lift-suspension")
    assert same.status_code == 409 and same.json()["code"] == "review_lift_review_not_passed"
    finish_weinan(api, cast, later, 5)
    failed = province.post(f"reviews/{later.pk}/lift-suspension")
    assert failed.status_code == 409 and failed.json()["code"] == "review_lift_review_not_passed"
    cast.weinan_base.refresh_from_db()
    assert cast.weinan_base.status == TrainingBase.Status.SUSPENDED


def test_only_the_province_lifts_a_suspension(cast, api, later):
    finish_weinan(api, cast, later, 16)
    for user in (cast.admin_weinan, cast.base_weinan):
        res = api(user).post(f"reviews/{later.pk}/lift-suspension")
        assert res.status_code == 403 and res.json()["code"] == "province_only", user
    assert api(cast.base_provincial).post(f"reviews/{later.pk}/lift-suspension").status_code == 404
    cast.weinan_base.refresh_from_db()
    assert cast.weinan_base.status == TrainingBase.Status.SUSPENDED


def test_a_suspension_from_outside_the_reviews_is_not_lifted_by_an_old_pass(cast, api, weinan_review):
    finish_weinan(api, cast, weinan_review, 16)
    base_set_status(actor=cast.province_admin, base=cast.weinan_base, status=TrainingBase.Status.SUSPENDED)
    res = api(cast.province_admin).post(f"reviews/{weinan_review.pk}/lift-suspension")
    assert res.status_code == 409 and res.json()["code"] == "review_lift_not_suspended_by_a_review"
    cast.weinan_base.refresh_from_db()
    assert cast.weinan_base.status == TrainingBase.Status.SUSPENDED


def test_the_suspension_may_be_lifted_after_the_later_round_closed(cast, api, settings, later):
    finish_weinan(api, cast, later, 16)
    settings.JXJY_FROZEN_NOW = (later.round.self_deadline + dt.timedelta(days=1)).isoformat() + "T09:00:00+08:00"
    assert api(cast.province_admin).post(f"review-rounds/{later.round_id}/close").status_code == 200
    res = api(cast.province_admin).post(f"reviews/{later.pk}/lift-suspension")
    assert res.status_code == 200, res.content
    later.refresh_from_db()
    assert later.status == BaseReview.Status.FINISHED and later.suspension_lifted_by == cast.province_admin


def test_the_province_lifts_it_from_the_review_page(cast, api, later):
    finish_weinan(api, cast, later, 16)
    base = Client()
    base.force_login(cast.base_weinan)
    assert 'id="lift-form"' not in base.get(f"/reviews/{later.pk}/").content.decode()
    client = Client()
    client.force_login(cast.province_admin)
    assert 'id="lift-form"' in client.get(f"/reviews/{later.pk}/").content.decode()
    res = client.post(f"/reviews/{later.pk}/lift-suspension/", headers={"HX-Request": "true"})
    card = res.content.decode()
    assert res.status_code == 200 and 'id="suspension-lifted"' in card and "暂停已解除" in card
    assert 'id="lift-form"' not in card
    cast.weinan_base.refresh_from_db()
    assert cast.weinan_base.status == TrainingBase.Status.ACTIVE

"""Learners register for a session and pay through billing; paying confirms the place."""

import pytest

from jxjy.billing.models import Order
from jxjy.learning.models import SessionRegistration
from jxjy.plans.selectors import published_plan

from .sessions import pay, schedule

pytestmark = pytest.mark.django_db


def test_registering_creates_an_order_at_the_plans_in_person_rate(cast, api, clock):
    sid = schedule(api, cast)["id"]
    res = api(cast.learner_baishui).post(f"in-person-sessions/{sid}/registrations")
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["status"] == "pending_payment"
    order = Order.objects.get(pk=body["order_id"])
    plan = published_plan(2020)
    # 白水县 is a relief county: the relief in-person rate applies.
    assert order.amount == plan.fee_in_person_relief * 8 and order.kind == "SESSION" and order.mode == "in_person"
    yanta = api(cast.learner_yanta).post(f"in-person-sessions/{sid}/registrations").json()
    assert Order.objects.get(pk=yanta["order_id"]).amount == plan.fee_in_person_standard * 8


def test_paying_the_order_confirms_the_registration(cast, api, clock, django_capture_on_commit_callbacks):
    sid = schedule(api, cast)["id"]
    rid = api(cast.learner_baishui).post(f"in-person-sessions/{sid}/registrations").json()["id"]
    pay(cast.learner_baishui, rid, django_capture_on_commit_callbacks)
    assert SessionRegistration.objects.get(pk=rid).status == SessionRegistration.Status.CONFIRMED
    mine = api(cast.learner_baishui).get("me/session-registrations").json()
    assert [(r["id"], r["status"]) for r in mine] == [(rid, "confirmed")]


def test_a_closed_order_frees_the_place(cast, api, clock, django_capture_on_commit_callbacks):
    from jxjy.billing.services import order_cancel

    sid = schedule(api, cast, capacity=1)["id"]
    rid = api(cast.learner_baishui).post(f"in-person-sessions/{sid}/registrations").json()["id"]
    full = api(cast.learner_yanta).post(f"in-person-sessions/{sid}/registrations")
    assert full.status_code == 409 and full.json()["code"] == "session_full"
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(actor=cast.learner_baishui, order=Order.objects.get(reference_id=rid, kind="SESSION"))
    assert SessionRegistration.objects.get(pk=rid).status == SessionRegistration.Status.CANCELLED
    assert api(cast.learner_yanta).post(f"in-person-sessions/{sid}/registrations").status_code == 201


def test_a_learner_registers_once(cast, api, clock):
    sid = schedule(api, cast)["id"]
    api(cast.learner_baishui).post(f"in-person-sessions/{sid}/registrations")
    res = api(cast.learner_baishui).post(f"in-person-sessions/{sid}/registrations")
    assert res.status_code == 409 and res.json()["code"] == "already_registered"
    assert Order.objects.count() == 1


def test_administrators_may_not_register(cast, api, clock):
    sid = schedule(api, cast)["id"]
    assert api(cast.base_weinan).post(f"in-person-sessions/{sid}/registrations").status_code == 403


def test_registration_closes_when_the_session_begins(cast, api, clock):
    import datetime as dt

    sid = schedule(api, cast)["id"]
    clock.set(dt.datetime(2020, 6, 12, 9, 0))
    res = api(cast.learner_baishui).post(f"in-person-sessions/{sid}/registrations")
    assert res.status_code == 409 and res.json()["code"] == "registration_closed"


def test_the_base_sees_its_registrations_with_masked_id_numbers(cast, api, clock):
    sid = schedule(api, cast)["id"]
    api(cast.learner_baishui).post(f"in-person-sessions/{sid}/registrations")
    items = api(cast.base_weinan).get(f"in-person-sessions/{sid}/registrations").json()["items"]
    number = cast.learner_baishui.learner.id_number
    assert items[0]["learner"]["id_number"] != number and "*" in items[0]["learner"]["id_number"]
    assert api(cast.base_provincial).get(f"in-person-sessions/{sid}/registrations").status_code == 404
    mine = api(cast.learner_yanta).get(f"in-person-sessions/{sid}/registrations").json()["items"]
    assert mine == []

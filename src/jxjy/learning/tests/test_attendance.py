"""The base records attendance per person, once the session has begun."""

import datetime as dt

import pytest

from jxjy.core.models import AuditEntry
from jxjy.learning.models import SessionRegistration

from .sessions import pay, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cast, api, clock, django_capture_on_commit_callbacks):
    sid = schedule(api, cast, capacity=3)["id"]
    paid = api(cast.learner_baishui).post(f"in-person-sessions/{sid}/registrations").json()["id"]
    pay(cast.learner_baishui, paid, django_capture_on_commit_callbacks)
    unpaid = api(cast.learner_yanta).post(f"in-person-sessions/{sid}/registrations").json()["id"]
    clock.set(dt.datetime(2020, 6, 10, 9, 0))
    return sid, paid, unpaid


def test_the_base_marks_a_paid_learner_present(cast, api, session):
    sid, paid, _unpaid = session
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance",
                                     {"marks": [{"registration_id": paid, "attended": True}]})
    assert res.status_code == 200, res.content
    assert SessionRegistration.objects.get(pk=paid).attended is True
    assert AuditEntry.objects.filter(action="session.attendance").exists()


def test_an_unpaid_registration_cannot_be_marked_and_nothing_is_stored(cast, api, session):
    sid, paid, unpaid = session
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance", {"marks": [
        {"registration_id": paid, "attended": True}, {"registration_id": unpaid, "attended": True}]})
    assert res.status_code == 422
    assert res.json()["detail"]["errors"][0]["registration_id"] == unpaid
    assert SessionRegistration.objects.get(pk=paid).attended is None


def test_attendance_waits_for_the_first_day(cast, api, session, clock):
    sid, paid, _unpaid = session
    clock.set(dt.datetime(2020, 6, 9, 9, 0))
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance",
                                     {"marks": [{"registration_id": paid, "attended": True}]})
    assert res.status_code == 409 and res.json()["code"] == "session_not_started"


def test_only_the_sessions_base_records_attendance(cast, api, session):
    sid, paid, _unpaid = session
    marks = {"marks": [{"registration_id": paid, "attended": True}]}
    assert api(cast.base_provincial).post(f"in-person-sessions/{sid}/attendance", marks).status_code == 404
    assert api(cast.admin_weinan).post(f"in-person-sessions/{sid}/attendance", marks).status_code == 403
    assert api(cast.learner_baishui).post(f"in-person-sessions/{sid}/attendance", marks).status_code == 403
    assert SessionRegistration.objects.get(pk=paid).attended is None


def test_a_refund_is_refused_once_the_session_has_begun(cast, api, session, django_capture_on_commit_callbacks):
    from jxjy.billing.models import Order
    from jxjy.billing.services import order_refund

    _sid, paid, _unpaid = session
    order = Order.objects.get(kind="SESSION", reference_id=paid)
    with pytest.raises(Exception) as info:
        order_refund(actor=cast.base_weinan, order=order, reason="test")
    assert getattr(info.value, "code", "") == "session_started"
    assert SessionRegistration.objects.get(pk=paid).status == SessionRegistration.Status.CONFIRMED

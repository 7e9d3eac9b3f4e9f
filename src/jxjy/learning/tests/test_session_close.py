"""Closing a session credits the attended learners' hours (source in person)."""

import datetime as dt

import pytest

from jxjy.credits.models import CreditEntry
from jxjy.learning.models import InPersonSession

from .sessions import pay, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cast, api, clock, django_capture_on_commit_callbacks):
    sid = schedule(api, cast, capacity=3)["id"]
    regs = {}
    for user in (cast.learner_baishui, cast.learner_yanta):
        rid = api(user).post(f"in-person-sessions/{sid}/registrations").json()["id"]
        pay(user, rid, django_capture_on_commit_callbacks)
        regs[user.username] = rid
    clock.set(dt.datetime(2020, 6, 11, 17, 0))
    return sid, regs


def mark(api, cast, sid, marks):
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance", {"marks": [
        {"registration_id": rid, "attended": attended} for rid, attended in marks]})
    assert res.status_code == 200, res.content


def test_closing_credits_the_attended_learners_only(cast, api, session):
    sid, regs = session
    mark(api, cast, sid, [(regs["learner_baishui"], True), (regs["learner_yanta"], False)])
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/close")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "closed" and res.json()["credited_learners"] == 1
    entry = CreditEntry.objects.get()
    assert entry.learner == cast.learner_baishui.learner and entry.source == "IN_PERSON"
    assert entry.hours == 8 and entry.category == "PROFESSIONAL" and entry.year == 2020
    body = api(cast.learner_baishui).get("me/hours").json()
    assert body["professional"] == 8 and body["entries"][0]["title"] == "现代农业技术推广"
    assert api(cast.learner_yanta).get("me/hours").json()["professional"] == 0


def test_a_session_closes_once_and_its_attendance_is_then_fixed(cast, api, session):
    sid, regs = session
    mark(api, cast, sid, [(regs["learner_baishui"], True), (regs["learner_yanta"], True)])
    api(cast.base_weinan).post(f"in-person-sessions/{sid}/close")
    again = api(cast.base_weinan).post(f"in-person-sessions/{sid}/close")
    assert again.status_code == 409
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance",
                                     {"marks": [{"registration_id": regs["learner_yanta"], "attended": False}]})
    assert res.status_code == 409
    assert CreditEntry.objects.count() == 2


def test_closing_needs_every_confirmed_learners_attendance(cast, api, session):
    sid, regs = session
    mark(api, cast, sid, [(regs["learner_baishui"], True)])
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/close")
    assert res.status_code == 409 and res.json()["code"] == "attendance_incomplete"
    assert res.json()["detail"]["registrations"] == [regs["learner_yanta"]]
    assert not CreditEntry.objects.exists()


def test_a_session_cannot_close_before_its_last_day(cast, api, session, clock):
    sid, regs = session
    clock.set(dt.datetime(2020, 6, 10, 17, 0))
    mark(api, cast, sid, [(regs["learner_baishui"], True), (regs["learner_yanta"], True)])
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/close")
    assert res.status_code == 409 and res.json()["code"] == "session_not_over"


def test_only_the_sessions_base_may_close_it(cast, api, session):
    sid, regs = session
    mark(api, cast, sid, [(regs["learner_baishui"], True), (regs["learner_yanta"], True)])
    assert api(cast.base_provincial).post(f"in-person-sessions/{sid}/close").status_code == 404
    assert api(cast.admin_weinan).post(f"in-person-sessions/{sid}/close").status_code == 403
    assert api(cast.learner_baishui).post(f"in-person-sessions/{sid}/close").status_code == 403
    assert InPersonSession.objects.get(pk=sid).status == InPersonSession.Status.SCHEDULED
    assert not CreditEntry.objects.exists()

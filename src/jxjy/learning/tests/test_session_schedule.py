"""A base schedules in-person sessions inside its scope and permissions, not while suspended."""

import pytest

from jxjy.core.models import AuditEntry
from jxjy.learning.models import InPersonSession
from jxjy.org.models import Specialty, TrainingBase

from .sessions import schedule, session_payload

pytestmark = pytest.mark.django_db


def test_a_base_schedules_a_session_in_its_scope(cast, api, clock):
    body = schedule(api, cast)
    assert body["status"] == "scheduled" and body["places_left"] == 2 and body["hours"] == 8
    assert body["base"]["id"] == cast.weinan_base.pk and body["year"] == 2020
    assert AuditEntry.objects.filter(action="session.schedule", actor=cast.base_weinan).exists()


def test_a_base_may_not_schedule_outside_its_specialty_scope(cast, api, clock):
    res = api(cast.base_weinan).post("in-person-sessions", session_payload(
        specialty_id=Specialty.objects.get(code="GC-JSJ").pk))
    assert res.status_code == 403 and res.json()["code"] == "outside_specialty_scope"
    assert not InPersonSession.objects.exists()


def test_a_base_without_the_in_person_permission_may_not_schedule(cast, api, clock):
    TrainingBase.objects.filter(pk=cast.weinan_base.pk).update(permissions=["ONLINE_PROFESSIONAL"])
    res = api(cast.base_weinan).post("in-person-sessions", session_payload())
    assert res.status_code == 403 and res.json()["code"] == "base_no_in_person_permission"


def test_a_suspended_base_may_not_schedule(cast, api, clock):
    TrainingBase.objects.filter(pk=cast.weinan_base.pk).update(status=TrainingBase.Status.SUSPENDED)
    res = api(cast.base_weinan).post("in-person-sessions", session_payload())
    assert res.status_code == 409 and res.json()["code"] == "base_suspended"
    assert not InPersonSession.objects.exists()


def test_learners_and_authorities_may_not_schedule(cast, api, clock):
    for user in (cast.learner_yanta, cast.admin_weinan, cast.province_admin):
        assert api(user).post("in-person-sessions", session_payload()).status_code == 403


def test_bad_details_are_all_reported_at_once(cast, api, clock):
    res = api(cast.base_weinan).post("in-person-sessions", session_payload(
        subject="", starts_on="2020-05-01", ends_on="2020-04-01", hours=0, capacity=0, place=""))
    assert res.status_code == 422
    fields = {e["field"] for e in res.json()["detail"]["errors"]}
    assert {"subject", "starts_on", "ends_on", "hours", "capacity", "place"} <= fields


def test_a_session_is_seen_by_its_base_its_city_and_learners_but_not_other_bases_or_cities(cast, api, clock):
    sid = schedule(api, cast)["id"]
    for user in (cast.base_weinan, cast.admin_weinan, cast.province_admin, cast.learner_yanta):
        assert api(user).get(f"in-person-sessions/{sid}").status_code == 200, user
    for user in (cast.base_provincial, cast.admin_xian, cast.employer_yanta):
        assert api(user).get(f"in-person-sessions/{sid}").status_code == 404, user
    assert api(cast.base_provincial).get("in-person-sessions").json()["count"] == 0

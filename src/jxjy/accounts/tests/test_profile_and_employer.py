"""A learner edits the professional details (specialty, title level; never name or ID number)
and changes employer: back to awaiting confirmation, so no hours count until the new employer
confirms; refused while an equivalent-hours claim awaits the current employer."""

import pytest

from jxjy.accounts.models import Learner
from jxjy.core.models import AuditEntry
from jxjy.org.models import Specialty

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def test_specialty_and_title_level_change_and_are_audited(cast, api):
    specialty = Specialty.objects.exclude(pk=cast.learner_yanta.learner.specialty_id).first()
    res = api(cast.learner_yanta).post("me/profile", {"specialty_id": specialty.pk, "title_level": "SENIOR"})
    assert res.status_code == 200, res.content
    learner = Learner.objects.get(user=cast.learner_yanta)
    assert learner.specialty_id == specialty.pk and learner.title_level == "SENIOR"
    entry = AuditEntry.objects.get(action="learner.profile_update")
    assert entry.before["title_level"] == "INTERMEDIATE" and entry.after["title_level"] == "SENIOR"


def test_name_and_id_number_cannot_be_changed_through_the_profile(cast, api):
    learner = cast.learner_yanta.learner
    res = api(cast.learner_yanta).post("me/profile", {"specialty_id": learner.specialty_id, "title_level": "JUNIOR",
                                                      "name": "改名", "id_number": "610113199001014567"})
    assert res.status_code == 200
    row = Learner.objects.get(pk=learner.pk)
    assert (row.name, row.id_number) == (learner.name, learner.id_number)


def test_a_bad_title_level_or_specialty_is_refused(cast, api):
    res = api(cast.learner_yanta).post("me/profile", {"specialty_id": 999999, "title_level": "GURU"})
    assert res.status_code == 422
    assert {e["field"] for e in res.json()["detail"]["errors"]} == {"specialty_id", "title_level"}


def test_the_profile_form_on_the_page_saves(cast):
    client = signed_in("learner_yanta")
    learner = cast.learner_yanta.learner
    res = client.post("/account/profile/", {"specialty": learner.specialty_id, "title_level": "SENIOR"})
    assert res.status_code == 302
    assert Learner.objects.get(pk=learner.pk).title_level == "SENIOR"


def test_changing_employer_needs_the_acknowledgement_then_waits_for_the_new_employer(cast, api):
    client = api(cast.learner_yanta)
    learner_id = cast.learner_yanta.learner.pk
    res = client.post("me/employer", {"employer_id": cast.baishui_employer.pk})
    assert res.status_code == 422 and res.json()["code"] == "employer_change_unacknowledged"
    assert Learner.objects.get(pk=learner_id).employer_id == cast.yanta_employer.pk
    res = client.post("me/employer", {"employer_id": cast.baishui_employer.pk, "acknowledged": True})
    assert res.status_code == 200 and res.json()["affiliation"] == "PENDING"
    # The old employer no longer sees the learner; the new one confirms.
    assert api(cast.employer_yanta).get(f"learners/{learner_id}").status_code == 404
    res = api(cast.employer_baishui).post(f"learners/{learner_id}/affiliation", {"confirm": True})
    assert res.status_code == 200 and res.json()["affiliation"] == "CONFIRMED"
    entry = AuditEntry.objects.get(action="learner.employer_change")
    assert entry.before["employer"] == cast.yanta_employer.pk and entry.before["affiliation"] == "CONFIRMED"
    assert entry.after == {"employer": cast.baishui_employer.pk, "affiliation": "PENDING", "affiliation_note": ""}


def test_hours_do_not_count_until_the_new_employer_confirms(cast, api):
    from jxjy.credits.selectors import year_status

    api(cast.learner_yanta).post("me/employer", {"employer_id": cast.baishui_employer.pk, "acknowledged": True})
    learner = Learner.objects.get(user=cast.learner_yanta)
    assert year_status(learner, 2020).confirmed is False


def test_the_same_employer_is_refused(cast, api):
    res = api(cast.learner_yanta).post("me/employer", {"employer_id": cast.yanta_employer.pk, "acknowledged": True})
    assert res.status_code == 409 and res.json()["code"] == "employer_unchanged"


def _claim(learner, status):
    from jxjy.core import clock
    from jxjy.credits.models import EquivalentHoursClaim

    return EquivalentHoursClaim.objects.create(
        learner=learner, year=2020, claim_type="PAPER", type_name="论文", category="PROFESSIONAL", title="论文",
        started_on="2020-03-01", ended_on="2020-04-01", hours_claimed=10, evidence="claims/evidence/x.pdf",
        evidence_name="x.pdf", status=status, submitted_at=clock.now())


def test_a_pending_claim_blocks_the_change_a_decided_one_does_not(cast, api):
    learner = cast.learner_yanta.learner
    claim = _claim(learner, "PENDING")
    _claim(learner, "APPROVED")
    payload = {"employer_id": cast.baishui_employer.pk, "acknowledged": True}
    res = api(cast.learner_yanta).post("me/employer", payload)
    assert res.status_code == 409 and res.json()["code"] == "employer_change_claims_pending"
    assert res.json()["detail"]["pending_claims"] == 1
    assert Learner.objects.get(pk=learner.pk).employer_id == cast.yanta_employer.pk
    claim.status = "WITHDRAWN"
    claim.save(update_fields=["status"])
    assert api(cast.learner_yanta).post("me/employer", payload).status_code == 200


def test_the_page_warns_before_changing(cast):
    client = signed_in("learner_yanta")
    res = client.post("/account/employer/", {"employer": cast.baishui_employer.pk})
    html = res.content.decode()
    assert res.status_code == 200 and "不予计入" in html and 'name="acknowledged" value="1"' in html
    assert Learner.objects.get(user=cast.learner_yanta).employer_id == cast.yanta_employer.pk
    res = client.post("/account/employer/", {"employer": cast.baishui_employer.pk, "acknowledged": "1"})
    assert res.status_code == 302
    assert Learner.objects.get(user=cast.learner_yanta).affiliation == "PENDING"


def test_staff_cannot_change_an_employer_here(cast, api):
    res = api(cast.employer_yanta).post("me/employer", {"employer_id": cast.baishui_employer.pk, "acknowledged": True})
    assert res.status_code == 403

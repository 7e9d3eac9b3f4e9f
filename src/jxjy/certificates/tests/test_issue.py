"""Issuing: only a complete year, one certificate per learner and year, audited, with a snapshot
of what it certifies and nothing personal in clear."""

from decimal import Decimal

import pytest
from django.db import IntegrityError

from jxjy.accounts.models import Learner
from jxjy.certificates import services
from jxjy.certificates.models import Certificate
from jxjy.core.errors import Conflict
from jxjy.core.models import AuditEntry
from jxjy.learning.selectors import rules_for_year
from jxjy.plans.selectors import published_plan

from .conftest import complete_year, credit

pytestmark = pytest.mark.django_db


def test_a_complete_year_gets_its_certificate_on_first_request(cast, api, year):
    complete_year(cast.learner_yanta, year)
    res = api(cast.learner_yanta).post(f"me/certificates/{year}")
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["year"] == year and body["version"] == 1 and body["status"] == "valid"
    assert len(body["code"].replace("-", "")) == 20 and body["code"].count("-") == 4
    assert body["verify_url"].endswith("/certificates/verify/?code=" + body["code"])
    cert = Certificate.objects.get()
    assert cert.learner == cast.learner_yanta.learner and cert.code == body["code"].replace("-", "")


def test_asking_again_returns_the_same_certificate(cast, api, year):
    complete_year(cast.learner_yanta, year)
    first = api(cast.learner_yanta).post(f"me/certificates/{year}").json()
    again = api(cast.learner_yanta).post(f"me/certificates/{year}")
    assert again.status_code == 200 and again.json()["code"] == first["code"]
    assert Certificate.objects.count() == 1


def test_an_incomplete_year_gets_no_certificate_and_is_told_what_is_missing(cast, api, year):
    rules = rules_for_year(year)
    credit(cast.learner_yanta, year, "PUBLIC", rules.hours_public, "session:1")
    res = api(cast.learner_yanta).post(f"me/certificates/{year}")
    assert res.status_code == 409 and res.json()["code"] == "year_not_complete"
    missing = res.json()["detail"]["missing"]
    assert missing["public"] == 0 and missing["professional"] == rules.hours_professional
    assert missing["total"] == rules.hours_total - rules.hours_public
    assert "证书" in res.json()["message"]
    assert not Certificate.objects.exists()


def test_the_total_alone_is_not_enough(cast, api, year):
    rules = rules_for_year(year)
    # All hours professional: the total is reached but the public minimum is not.
    credit(cast.learner_yanta, year, "PROFESSIONAL", rules.hours_total, "enrolment:1")
    res = api(cast.learner_yanta).post(f"me/certificates/{year}")
    assert res.status_code == 409 and res.json()["detail"]["missing"]["public"] == rules.hours_public


def test_an_unconfirmed_learners_hours_do_not_count_yet(cast, api, year):
    complete_year(cast.learner_yanta, year)
    Learner.objects.filter(user=cast.learner_yanta).update(affiliation=Learner.Affiliation.PENDING)
    res = api(cast.learner_yanta).post(f"me/certificates/{year}")
    assert res.status_code == 409 and res.json()["detail"]["confirmed"] is False


def test_only_learners_ask_for_certificates(cast, api, year):
    assert api(cast.employer_yanta).post(f"me/certificates/{year}").status_code == 403
    assert api().post(f"me/certificates/{year}").status_code == 401
    assert api(cast.learner_yanta).post("me/certificates/1800").status_code == 422


def test_the_snapshot_states_the_year_with_the_id_number_masked(cast, api, year):
    complete_year(cast.learner_yanta, year)
    body = api(cast.learner_yanta).post(f"me/certificates/{year}").json()
    learner = cast.learner_yanta.learner
    rules = rules_for_year(year)
    stated = body["certificate"]
    assert stated["name"] == learner.name and stated["employer"] == learner.employer.name
    assert stated["id_number"] == learner.masked_id_number and learner.id_number not in str(body)
    assert stated["hours"] == {"public": rules.hours_public, "professional": rules.hours_total - rules.hours_public,
                               "total": rules.hours_total}
    assert [e["title"] for e in stated["entries"]] == ["弘扬延安精神、坚定理想信念", "软件工程项目管理实务"]
    plan = published_plan(year)
    assert stated["plan"]["version"] == plan.version and stated["plan"]["year"] == plan.year
    assert Certificate.objects.get().snapshot["id_number"] == learner.masked_id_number


def test_issuing_is_audited_without_the_code(cast, api, year):
    complete_year(cast.learner_yanta, year)
    body = api(cast.learner_yanta).post(f"me/certificates/{year}").json()
    audit = AuditEntry.objects.get(action="certificate.issue")
    assert audit.actor_id == cast.learner_yanta.pk and audit.object_id == str(body["id"])
    assert body["code"].replace("-", "") not in str(audit.after) and audit.after["year"] == year


def test_a_certificate_is_never_edited(cast, year):
    complete_year(cast.learner_yanta, year)
    cert, _created = services.certificate_issue(learner=cast.learner_yanta.learner, year=year, actor=None)
    cert.snapshot["hours"]["total"] = 999
    with pytest.raises(Conflict):
        cert.save()
    with pytest.raises(Conflict):
        cert.save(update_fields=["snapshot"])
    assert Certificate.objects.get().snapshot["hours"]["total"] != 999


def test_the_database_allows_one_valid_certificate_per_learner_and_year(cast, year):
    complete_year(cast.learner_yanta, year)
    cert, _created = services.certificate_issue(learner=cast.learner_yanta.learner, year=year, actor=None)
    with pytest.raises(IntegrityError):
        Certificate.objects.create(learner=cert.learner, year=year, version=2, code="X" * 20, snapshot={},
                                   ledger_digest="", issued_at=cert.issued_at)


def test_a_request_that_loses_the_race_returns_the_winners_certificate(cast, year, monkeypatch):
    """The other request committed between this one's check and its insert: the constraint
    refuses the second, and the caller gets the first."""
    complete_year(cast.learner_yanta, year)
    learner = cast.learner_yanta.learner
    winner, _created = services.certificate_issue(learner=learner, year=year, actor=None)
    # As if the winner's row were not there yet when this request looked.
    monkeypatch.setattr(services, "_valid_of", lambda learner, year: None)
    cert, created = services.certificate_issue(learner=learner, year=year, actor=None)
    assert cert.pk == winner.pk and created is False
    assert Certificate.objects.count() == 1


def test_hours_beyond_the_minimums_are_certified_as_recorded(cast, api, year):
    complete_year(cast.learner_yanta, year)
    credit(cast.learner_yanta, year, "PROFESSIONAL", Decimal("2.5"), "enrolment:77", "数据库原理")
    body = api(cast.learner_yanta).post(f"me/certificates/{year}").json()
    assert body["certificate"]["hours"]["total"] == rules_for_year(year).hours_total + 2.5

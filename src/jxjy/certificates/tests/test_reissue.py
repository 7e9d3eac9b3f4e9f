"""When the year's ledger changes, the certificate is reissued, never edited: the old one is
superseded (its code then says so), or withdrawn when the year is no longer complete."""

from decimal import Decimal

import pytest

from jxjy.certificates import services
from jxjy.certificates.models import Certificate
from jxjy.core.models import AuditEntry
from jxjy.credits.services import credit_entry_reverse
from jxjy.learning.selectors import rules_for_year

from .conftest import complete_year, credit

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cast, api, year):
    entries = complete_year(cast.learner_yanta, year)
    body = api(cast.learner_yanta).post(f"me/certificates/{year}").json()
    return entries, body


def test_a_correction_reissues_the_certificate_once_it_commits(cast, api, year, issued,
                                                               django_capture_on_commit_callbacks):
    (public, _professional), first = issued
    rules = rules_for_year(year)
    with django_capture_on_commit_callbacks(execute=True):
        credit_entry_reverse(actor=cast.province_admin, entry=public, reason="学时登记有误",
                             replacement_hours=rules.hours_public + 2)
    old = Certificate.objects.get(pk=first["id"])
    new = Certificate.objects.get(status=Certificate.Status.VALID)
    assert old.status == Certificate.Status.SUPERSEDED and old.superseded_by == new and old.ended_at is not None
    assert new.version == 2 and new.code != old.code
    assert new.snapshot["hours"]["public"] == rules.hours_public + 2
    # The old certificate states what it stated.
    assert old.snapshot["hours"]["public"] == rules.hours_public
    # The replacement carries the title of the entry it corrected; the reversed pair is left off.
    assert [e["title"] for e in new.snapshot["entries"]] == ["软件工程项目管理实务", "弘扬延安精神、坚定理想信念"]
    assert AuditEntry.objects.filter(action="certificate.reissue", object_id=str(new.pk)).exists()


def test_the_old_code_verifies_as_superseded(cast, api, year, issued, django_capture_on_commit_callbacks):
    (public, _professional), first = issued
    with django_capture_on_commit_callbacks(execute=True):
        credit_entry_reverse(actor=cast.province_admin, entry=public, reason="重复登记", replacement_hours=30)
    res = api().get(f"certificates/verify/{first['code']}")
    assert res.status_code == 200
    assert res.json()["status"] == "superseded" and res.json()["newer_version"] == 2
    assert "新证书" in res.json()["message"]
    assert res.json()["certificate"]["hours"] == first["certificate"]["hours"]


def test_a_missed_reissue_happens_when_the_certificate_is_next_read(cast, api, year, issued):
    """The test's transaction never commits, so the on-commit reissue does not run: reading the
    learner's certificates or verifying the code still finds the ledger changed."""
    _entries, first = issued
    credit(cast.learner_yanta, year, "PROFESSIONAL", 4, "enrolment:555", "数据结构")
    assert Certificate.objects.get().status == Certificate.Status.VALID
    res = api().get(f"certificates/verify/{first['code']}")
    assert res.json()["status"] == "superseded"
    years = api(cast.learner_yanta).get("me/certificates").json()["years"]
    current = next(y for y in years if y["year"] == year)["certificate"]
    assert current["version"] == 2 and current["certificate"]["hours"]["total"] == first["certificate"]["hours"][
        "total"] + 4


def test_the_learners_list_reissues_a_stale_certificate(cast, api, year, issued):
    _entries, first = issued
    credit(cast.learner_yanta, year, "PUBLIC", 1, "session:556")
    years = api(cast.learner_yanta).get("me/certificates").json()["years"]
    assert next(y for y in years if y["year"] == year)["certificate"]["version"] == 2
    assert Certificate.objects.get(pk=first["id"]).status == Certificate.Status.SUPERSEDED


def test_a_correction_below_the_minimums_withdraws_the_certificate(cast, api, year, issued,
                                                                   django_capture_on_commit_callbacks):
    (public, _professional), first = issued
    with django_capture_on_commit_callbacks(execute=True):
        credit_entry_reverse(actor=cast.province_admin, entry=public, reason="未实际参加")
    cert = Certificate.objects.get()
    assert cert.status == Certificate.Status.WITHDRAWN and cert.superseded_by is None
    res = api().get(f"certificates/verify/{first['code']}")
    assert res.json()["status"] == "withdrawn"
    again = api(cast.learner_yanta).post(f"me/certificates/{year}")
    assert again.status_code == 409 and again.json()["code"] == "year_not_complete"
    assert api(cast.learner_yanta).get(f"me/certificates/{year}/pdf").status_code == 404
    assert AuditEntry.objects.filter(action="certificate.withdraw").count() == 1


def test_completing_the_year_again_issues_a_new_version(cast, api, year, issued, django_capture_on_commit_callbacks):
    (public, _professional), _first = issued
    with django_capture_on_commit_callbacks(execute=True):
        credit_entry_reverse(actor=cast.province_admin, entry=public, reason="未实际参加")
    credit(cast.learner_yanta, year, "PUBLIC", rules_for_year(year).hours_public, "session:700", "补学公需课")
    res = api(cast.learner_yanta).post(f"me/certificates/{year}")
    assert res.status_code == 201 and res.json()["version"] == 2
    assert list(Certificate.objects.order_by("version").values_list("status", flat=True)) == ["WITHDRAWN", "VALID"]


def test_an_unchanged_ledger_reissues_nothing(cast, api, year, issued):
    _entries, first = issued
    learner = cast.learner_yanta.learner
    assert services.certificate_refresh(learner=learner, year=year).pk == first["id"]
    api().get(f"certificates/verify/{first['code']}")
    api(cast.learner_yanta).get("me/certificates")
    assert Certificate.objects.count() == 1


def test_other_years_and_learners_are_left_alone(cast, api, year, issued, django_capture_on_commit_callbacks):
    _entries, first = issued
    with django_capture_on_commit_callbacks(execute=True):
        credit(cast.learner_yanta, year - 1, "PUBLIC", Decimal(3), "session:801")
        credit(cast.learner_baishui, year, "PUBLIC", Decimal(3), "session:802")
    assert list(Certificate.objects.values_list("pk", "status")) == [(first["id"], "VALID")]

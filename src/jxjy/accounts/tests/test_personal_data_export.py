"""A learner downloads everything the platform holds about them (JSON or Excel, one sheet per
kind): their own ID number and phone in full, nobody else's rows, at most once per 10 minutes,
audited without the data."""

import io
import json

import pytest
from openpyxl import load_workbook

from jxjy.accounts.personal_data import KINDS
from jxjy.core.models import AuditEntry

from .conftest import everything_of, signed_in

pytestmark = pytest.mark.django_db

SHOULD_HAVE_ROWS = {"profile", "privacy_consents", "enrolments", "lecture_progress", "exam_attempts", "ledger",
                    "equivalent_claims", "course_evaluations", "certificates", "orders", "payments", "invoices", "consultations",
                    "complaints", "notices", "portal_identities"}


@pytest.fixture
def two_learners(cast):
    from jxjy.accounts.models import PrivacyConsent, PrivacyPolicy
    from jxjy.core import clock

    for user in (cast.learner_yanta, cast.learner_baishui):
        PrivacyConsent.objects.create(user=user, policy=PrivacyPolicy.objects.get(version="1.0"), at=clock.now(),
                                      channel="REGISTRATION")
    return everything_of(cast.learner_yanta, "YANTA"), everything_of(cast.learner_baishui, "BAISHUI")


def test_the_copy_holds_every_kind_and_only_the_requesters_rows(cast, api, two_learners):
    res = api(cast.learner_yanta).get("me/data")
    assert res.status_code == 200, res.content
    copy = res.json()
    assert set(copy["kinds"]) == {key for key, _t, _s in KINDS}
    empty = {kind for kind in SHOULD_HAVE_ROWS if not copy[kind]}
    assert not empty, empty
    me = cast.learner_yanta.learner
    # Their own data, unmasked: it is theirs, on their own request.
    assert copy["profile"][0]["id_number"] == me.id_number and copy["profile"][0]["phone"] == me.phone
    assert copy["orders"][0]["number"] == "ORDYANTA" and copy["invoices"][0]["number"] == "INVYANTA"
    assert copy["exam_attempts"][0]["score"] == 90
    assert copy["course_evaluations"][0]["comment"] == "评价YANTA"
    assert "paper" not in copy["exam_attempts"][0] and "answers" not in copy["exam_attempts"][0]
    text = json.dumps(copy, ensure_ascii=False)
    other = cast.learner_baishui.learner
    for foreign in ("BAISHUI", other.name, other.id_number, other.phone):
        assert foreign not in text, foreign


def test_the_workbook_has_one_sheet_per_kind(cast, two_learners):
    client = signed_in("learner_baishui")
    assert "我的个人信息" in client.get("/account/data/").content.decode()
    res = client.post("/account/data/", {"format": "xlsx"})
    assert res.status_code == 200 and res["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(res.content))
    assert len(book.sheetnames) == len(KINDS) and "个人资料" in book.sheetnames
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    assert cast.learner_baishui.learner.id_number in cells and "INVBAISHUI" in cells
    assert "YANTA" not in cells and cast.learner_yanta.learner.id_number not in cells


def test_a_second_download_within_ten_minutes_is_refused(cast, api, settings, two_learners):
    assert api(cast.learner_yanta).get("me/data").status_code == 200
    again = api(cast.learner_yanta).get("me/data")
    assert again.status_code == 429 and again.json()["code"] == "data_export_too_soon"
    assert 0 < again.json()["detail"]["retry_after"] <= 600
    # Another learner is not held up by it, nor the other format.
    assert api(cast.learner_baishui).get("me/data").status_code == 200
    xlsx = api(cast.learner_yanta).get("me/data", format="xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "个人资料"


def test_the_export_is_audited_without_personal_data(cast, api, two_learners):
    api(cast.learner_yanta).get("me/data")
    entry = AuditEntry.objects.get(action="personal_data.export")
    assert entry.actor_id == cast.learner_yanta.pk and entry.after["format"] == "json"
    assert entry.after["counts"]["orders"] == 1
    logged = json.dumps([entry.object_repr, entry.before, entry.after], ensure_ascii=False)
    me = cast.learner_yanta.learner
    assert me.id_number not in logged and me.phone not in logged and me.name not in logged


def test_staff_have_no_copy_here(cast, api):
    assert api(cast.employer_yanta).get("me/data").status_code == 403

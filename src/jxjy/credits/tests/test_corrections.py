"""Corrections reverse entries: new entries, audited, by the province or the learner's city."""

from decimal import Decimal

import pytest

from jxjy.core.errors import Conflict
from jxjy.core.models import AuditEntry
from jxjy.credits.models import CreditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(cast):
    return CreditEntry.objects.create(learner=cast.learner_baishui.learner, year=2020, category="PUBLIC",
                                      hours=Decimal(24), source=CreditEntry.Source.IN_PERSON, reference="session:9",
                                      created_at="2020-06-01T10:00:00+08:00")


def test_the_city_reverses_an_entry_with_a_new_entry_and_an_audit_record(cast, api, entry):
    res = api(cast.admin_weinan).post(f"credit-entries/{entry.pk}/reversal", {"reason": "重复登记"})
    assert res.status_code == 201, res.content
    added = res.json()["added"]
    assert added[0]["hours"] == -24 and added[0]["reverses"] == entry.pk and added[0]["source"] == "CORRECTION"
    assert CreditEntry.objects.get(pk=entry.pk).hours == 24  # the original is untouched
    assert api(cast.learner_baishui).get("me/hours").json()["public"] == 0
    audit = AuditEntry.objects.get(action="credit.reverse")
    assert audit.actor_id == cast.admin_weinan.pk and audit.object_id == str(entry.pk)


def test_a_correction_may_record_the_right_hours_in_place(cast, api, entry):
    res = api(cast.province_admin).post(f"credit-entries/{entry.pk}/reversal",
                                        {"reason": "学时登记有误", "replacement_hours": 12})
    assert [e["hours"] for e in res.json()["added"]] == [-24, 12]
    assert api(cast.learner_baishui).get("me/hours").json()["public"] == 12


def test_an_entry_is_reversed_only_once(cast, api, entry):
    api(cast.province_admin).post(f"credit-entries/{entry.pk}/reversal", {"reason": "x"})
    res = api(cast.province_admin).post(f"credit-entries/{entry.pk}/reversal", {"reason": "x"})
    assert res.status_code == 409 and res.json()["code"] == "entry_already_reversed"


def test_another_city_learners_and_bases_cannot_correct(cast, api, entry):
    assert api(cast.admin_xian).post(f"credit-entries/{entry.pk}/reversal", {"reason": "x"}).status_code == 404
    res = api(cast.learner_baishui).post(f"credit-entries/{entry.pk}/reversal", {"reason": "x"})
    assert res.status_code == 403
    assert CreditEntry.objects.count() == 1 and not AuditEntry.objects.filter(action="credit.reverse").exists()


def test_a_correction_needs_a_reason(cast, api, entry):
    res = api(cast.province_admin).post(f"credit-entries/{entry.pk}/reversal", {"reason": "  "})
    assert res.status_code == 422 and CreditEntry.objects.count() == 1


def test_entries_are_never_edited_or_deleted(entry):
    entry.hours = Decimal(1)
    for attempt in (entry.save, entry.delete, lambda: CreditEntry.objects.filter(pk=entry.pk).update(hours=1),
                    lambda: CreditEntry.objects.filter(pk=entry.pk).delete()):
        with pytest.raises(Conflict) as info:
            attempt()
        assert info.value.code == "ledger_append_only"
    assert CreditEntry.objects.get(pk=entry.pk).hours == 24

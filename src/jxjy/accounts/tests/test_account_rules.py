"""The pure rules of account self-service."""

import random

from jxjy.accounts import rules


def test_who_may_reset_whom():
    assert rules.may_reset("PROVINCE_ADMIN", "CITY_ADMIN", same_account=False)
    assert rules.may_reset("CITY_ADMIN", "EMPLOYER_REVIEWER", same_account=False)
    assert not rules.may_reset("CITY_ADMIN", "CITY_ADMIN", same_account=False)
    assert not rules.may_reset("PROVINCE_ADMIN", "PROVINCE_ADMIN", same_account=False)
    assert not rules.may_reset("PROVINCE_ADMIN", "LEARNER", same_account=False)
    assert not rules.may_reset("BASE_ADMIN", "EMPLOYER_REVIEWER", same_account=False)
    assert not rules.may_reset("PROVINCE_ADMIN", "CITY_ADMIN", same_account=True)


def test_temporary_passwords_have_every_kind_of_character_and_differ():
    rng = random.Random(7)
    seen = {rules.temporary_password(rng) for _ in range(200)}  # type: ignore[arg-type]
    assert len(seen) == 200
    for value in seen:
        assert len(value) == 12
        assert any(c.islower() for c in value) and any(c.isupper() for c in value)
        assert any(c.isdigit() for c in value) and any(c in "@#%+=" for c in value)
        assert not set(value) & set("0O1lI")


def test_what_stays_open_during_a_forced_change():
    assert rules.open_during_forced_change("/account/password/")
    assert rules.open_during_forced_change("/logout/")
    assert rules.open_during_forced_change("/api/v1/me")
    assert not rules.open_during_forced_change("/api/v1/me/hours")
    assert not rules.open_during_forced_change("/dashboard/")
    assert not rules.open_during_forced_change("/account/")


def test_employer_change_refusals():
    refusal = rules.employer_change_refusal
    assert refusal(current_employer_id=1, new_employer_id=1, pending_claims=0) == rules.EmployerChangeRefusal.SAME
    assert refusal(current_employer_id=1, new_employer_id=2, pending_claims=2) == \
        rules.EmployerChangeRefusal.CLAIMS_PENDING
    assert refusal(current_employer_id=1, new_employer_id=2, pending_claims=0) is None

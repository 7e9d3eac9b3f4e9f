"""The pure rules of linking from the dashboard, of password recovery and of a sign-in's purpose."""

from __future__ import annotations

import pytest

from jxjy.portals import rules

A, B = "610113198806151236", "610527199503121234"


def test_a_pending_sign_in_keeps_its_purpose_and_account():
    store: dict = {}
    pending = rules.pending_new(store, provider="sxzwfw", next_url="", now=1000.0, purpose=rules.Purpose.LINK,
                                user_id=7)
    taken = rules.pending_take(store, state=pending.state, provider="sxzwfw", now=1001.0)
    assert taken.purpose == rules.Purpose.LINK and taken.user_id == 7
    plain = rules.pending_new(store, provider="sxzwfw", next_url="", now=1000.0)
    assert rules.pending_take(store, state=plain.state, provider="sxzwfw", now=1001.0).purpose == rules.Purpose.SIGN_IN


def test_an_unknown_purpose_in_the_store_is_refused():
    store: dict = {}
    pending = rules.pending_new(store, provider="sxzwfw", next_url="", now=1000.0)
    store[pending.state]["purpose"] = "steal"
    with pytest.raises(rules.StateInvalid):
        rules.pending_take(store, state=pending.state, provider="sxzwfw", now=1001.0)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"linked_user_id": None, "identity_id_number": A, "account_learner_id_number": A}, None),
    ({"linked_user_id": 1, "identity_id_number": A, "account_learner_id_number": A}, None),  # already theirs
    ({"linked_user_id": 2, "identity_id_number": A, "account_learner_id_number": A},
     rules.LinkRefusal.LINKED_ELSEWHERE),
    ({"linked_user_id": None, "identity_id_number": B, "account_learner_id_number": A},
     rules.LinkRefusal.OTHER_PERSON),
    ({"linked_user_id": None, "identity_id_number": None, "account_learner_id_number": A}, None),  # WeChat
    ({"linked_user_id": None, "identity_id_number": B, "account_learner_id_number": None}, None),  # staff
])
def test_link_refusal(kwargs, expected):
    assert rules.link_refusal(account_user_id=1, account_has_identity_here=False, **kwargs) == expected


def test_a_second_identity_at_a_portal_is_refused():
    assert rules.link_refusal(linked_user_id=None, account_user_id=1, identity_id_number=A,
                              account_learner_id_number=A,
                              account_has_identity_here=True) == rules.LinkRefusal.ALREADY_LINKED


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"linked_user_id": 3, "linked_is_learner": True, "id_number_learner_user_id": None}, (3, None)),
    ({"linked_user_id": 3, "linked_is_learner": False, "id_number_learner_user_id": None},
     (None, rules.RecoveryRefusal.STAFF)),
    ({"linked_user_id": None, "linked_is_learner": False, "id_number_learner_user_id": 5}, (5, None)),
    ({"linked_user_id": None, "linked_is_learner": False, "id_number_learner_user_id": None},
     (None, rules.RecoveryRefusal.NO_ACCOUNT)),
])
def test_recovery_account(kwargs, expected):
    assert rules.recovery_account(account_active=True, **kwargs) == expected


def test_a_disabled_account_is_not_recovered():
    assert rules.recovery_account(linked_user_id=None, linked_is_learner=False, id_number_learner_user_id=5,
                                  account_active=False) == (None, rules.RecoveryRefusal.DISABLED)

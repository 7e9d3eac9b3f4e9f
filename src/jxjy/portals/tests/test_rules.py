"""The pure rules: state, reading claims, routing, binding."""

from __future__ import annotations

import pytest

from jxjy.accounts.validators import make_id_number
from jxjy.portals import rules

ID = make_id_number("610113", "19900101", "123")


def test_a_state_is_taken_once_for_its_own_portal():
    store: dict = {}
    pending = rules.pending_new(store, provider="sxzwfw", next_url="/study/", now=1000.0)
    assert len(pending.state) >= 40 and pending.nonce != pending.state and len(pending.code_verifier) >= 43
    taken = rules.pending_take(store, state=pending.state, provider="sxzwfw", now=1001.0)
    assert taken == pending
    with pytest.raises(rules.StateInvalid):
        rules.pending_take(store, state=pending.state, provider="sxzwfw", now=1002.0)


def test_a_state_of_another_portal_is_refused_and_spent():
    store: dict = {}
    pending = rules.pending_new(store, provider="sxzwfw", next_url="", now=1000.0)
    with pytest.raises(rules.StateInvalid):
        rules.pending_take(store, state=pending.state, provider="sx12333", now=1001.0)
    assert store == {}


def test_a_state_expires():
    store: dict = {}
    pending = rules.pending_new(store, provider="sxzwfw", next_url="", now=1000.0)
    with pytest.raises(rules.StateInvalid):
        rules.pending_take(store, state=pending.state, provider="sxzwfw", now=1000.0 + rules.STATE_TTL_SECONDS + 1)


def test_unknown_and_empty_states_are_refused():
    store: dict = {}
    rules.pending_new(store, provider="sxzwfw", next_url="", now=1000.0)
    for state in ("", "forged"):
        with pytest.raises(rules.StateInvalid):
            rules.pending_take(store, state=state, provider="sxzwfw", now=1001.0)


def test_the_store_keeps_only_the_newest_sign_ins_and_drops_expired_ones():
    store: dict = {}
    first = rules.pending_new(store, provider="sxzwfw", next_url="", now=1000.0)
    for i in range(rules.MAX_PENDING):
        rules.pending_new(store, provider="sxzwfw", next_url="", now=1001.0 + i)
    assert len(store) == rules.MAX_PENDING and first.state not in store
    rules.pending_new(store, provider="sxzwfw", next_url="", now=5000.0)
    assert len(store) == 1


def test_an_id_number_claim_is_normalised_or_refused():
    assert rules.verified_id_number(ID.lower()) == ID.upper()
    assert rules.verified_id_number(None) is None
    assert rules.verified_id_number("  ") is None
    for bad in (ID[:-1] + ("0" if ID[-1] != "0" else "1"), "12345", 610113199001011234):
        with pytest.raises(rules.IdNumberInvalid):
            rules.verified_id_number(bad)


def test_claims_are_read_as_the_provider_names_them():
    identity = rules.identity_from_claims({"sub": "abc", "xm": " 张三 ", "sfzh": ID, "tel": "13800000009"},
                                          provider="p", id_number_claim="sfzh", name_claim="xm", phone_claim="tel")
    assert identity == rules.Identity(provider="p", subject="abc", name="张三", id_number=ID, phone="13800000009")
    wechat = rules.identity_from_claims({"sub": "o123", "name": "微信", "id_number": ID}, provider="w",
                                        id_number_claim="", name_claim="name", phone_claim="phone_number")
    assert wechat.id_number is None  # a portal configured without the claim vouches for none
    with pytest.raises(rules.ClaimMissing):
        rules.identity_from_claims({"name": "x"}, provider="p", id_number_claim="", name_claim="name",
                                   phone_claim="")


def test_an_identity_round_trips_through_the_session():
    identity = rules.Identity(provider="p", subject="s", name="n", id_number=ID, phone=None)
    assert rules.Identity.from_dict(identity.as_dict()) == identity


@pytest.mark.parametrize(("linked", "id_number", "learner", "outcome"), [
    (7, ID, 8, rules.Outcome.SIGN_IN),
    (7, None, None, rules.Outcome.SIGN_IN),
    (None, ID, 8, rules.Outcome.LINK),
    (None, ID, None, rules.Outcome.REGISTER),
    (None, None, None, rules.Outcome.BIND),
])
def test_routing(linked, id_number, learner, outcome):
    assert rules.route(linked_user_id=linked, id_number=id_number, learner_user_id=learner) == outcome


def test_binding_refuses_another_persons_learner_account_and_a_second_link():
    other = make_id_number("610527", "19800101", "321")
    assert rules.bind_refusal(identity_id_number=ID, account_learner_id_number=other,
                              account_has_identity_here=False) == rules.BindRefusal.OTHER_PERSON
    assert rules.bind_refusal(identity_id_number=None, account_learner_id_number=other,
                              account_has_identity_here=True) == rules.BindRefusal.ALREADY_LINKED
    # A staff account (no learner record) and an openid-only identity may bind.
    assert rules.bind_refusal(identity_id_number=ID, account_learner_id_number=None,
                              account_has_identity_here=False) is None
    assert rules.bind_refusal(identity_id_number=None, account_learner_id_number=other,
                              account_has_identity_here=False) is None

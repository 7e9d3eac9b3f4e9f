"""The pure rules: daily cap, signature, code resend wait and check verdicts, which reminder is due."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from jxjy.notices import rules

POLICY = rules.CodePolicy(ttl_seconds=300, resend_seconds=60, max_wrong=5)
T0 = dt.datetime(2020, 12, 1, 9, 0, tzinfo=dt.UTC)


@given(sent=st.integers(0, 1000), cap=st.integers(-5, 1000))
def test_the_cap_allows_exactly_cap_messages_a_day(sent, cap):
    assert rules.cap_allows(sent, cap) == (cap > 0 and sent < cap)


@given(text=st.text(min_size=1, max_size=60))
def test_the_signature_is_put_in_front_once(text):
    sig = "【陕西继续教育】"
    once = rules.with_signature(text, sig)
    assert once.startswith(sig)
    assert rules.with_signature(once, sig) == once


@given(elapsed=st.integers(-100, 400))
def test_a_code_is_resent_only_after_the_interval(elapsed):
    wait = rules.resend_wait(T0, T0 + dt.timedelta(seconds=elapsed), POLICY)
    if elapsed < 0:
        assert wait == POLICY.resend_seconds
    elif elapsed >= POLICY.resend_seconds:
        assert wait == 0
    else:
        assert wait == POLICY.resend_seconds - elapsed


def test_never_sent_means_no_wait():
    assert rules.resend_wait(None, T0, POLICY) == 0


@given(age=st.integers(0, 600), used=st.booleans(), wrong=st.integers(0, 10), matches=st.booleans())
def test_a_code_matches_only_unused_unexpired_and_with_tries_left(age, used, wrong, matches):
    verdict = rules.check_verdict(expires_at=T0 + dt.timedelta(seconds=POLICY.ttl_seconds), used=used,
                                  wrong_tries=wrong, matches=matches, now=T0 + dt.timedelta(seconds=age), policy=POLICY)
    assert (verdict == rules.OK) == (matches and not used and wrong < POLICY.max_wrong and age < POLICY.ttl_seconds)
    if verdict == rules.WRONG:
        assert not matches


def test_no_code_is_none():
    assert rules.check_verdict(expires_at=None, used=False, wrong_tries=0, matches=True, now=T0,
                               policy=POLICY) == rules.NONE


@given(st.integers(0, 10**6))
def test_codes_are_six_digits(seed):
    import random

    code = rules.new_code(random.Random(seed))
    assert len(code) == 6 and code.isdigit()


def test_the_digest_depends_on_salt_phone_purpose_and_code():
    base = {"key": b"k", "salt": "s", "phone": "13900000002", "purpose": "reset", "code": "123456"}
    digest = rules.code_digest(**base)
    assert "123456" not in digest and len(digest) == 64
    for name, other in (("salt", "t"), ("phone", "13900000003"), ("purpose", "bind"), ("code", "123457"),
                        ("key", b"j")):
        assert rules.code_digest(**{**base, name: other}) != digest


@given(year=st.integers(2015, 2025), plan_year=st.integers(2015, 2025), day=st.dates(dt.date(2014, 1, 1),
                                                                                      dt.date(2027, 12, 31)))
def test_which_reminder_is_due(year, plan_year, day):
    deadlines = {plan_year - 1: dt.date(plan_year, 12, 31)}
    due = rules.reminder_due(year=year, plan_year=plan_year, makeup_deadlines=deadlines, today=day)
    if year == plan_year:
        expected = rules.ReminderDue(rules.YEAR_END, dt.date(year, 12, 31))
    elif year == plan_year - 1:
        expected = rules.ReminderDue(rules.MAKEUP, deadlines[year])
    else:
        expected = None
    if expected is not None and day > expected.deadline:
        expected = None
    assert due == expected


def test_phone_numbers():
    assert rules.phone_valid("13900000002")
    for bad in ("", "1390000000", "139000000021", "23900000002", "1290000000a", "12900000002"):
        assert not rules.phone_valid(bad)

"""One-time codes: 6 digits sent by text, stored only as a salted hash, valid 5 minutes, one send
per 60 s, at most 5 wrong tries, single use; refusals are Chinese DomainErrors with codes."""

from __future__ import annotations

import re

import pytest

from jxjy.core.errors import DomainError
from jxjy.notices.codes import code_check, code_send
from jxjy.notices.models import SandboxSms, VerificationCode

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture
def at(settings):
    """`at("09:00:30")` pins the platform clock to that time of a fixed day."""
    def pin(hms: str) -> None:
        settings.JXJY_FROZEN_NOW = f"2020-12-01T{hms}+08:00"
    pin("09:00:00")
    return pin


def sent_code() -> str:
    text = SandboxSms.objects.order_by("-id").first().text
    found = re.search(r"\d{6}", text)
    assert found, text
    return found.group(0)


def test_the_code_is_sent_and_checks_once(committed, at):
    with committed():
        code_send(phone=PHONE, purpose="password_reset")
    code = sent_code()
    assert SandboxSms.objects.get().text.startswith("【陕西继续教育】")
    row = VerificationCode.objects.get()
    assert code not in (row.digest, row.salt) and len(row.digest) == 64
    assert code_check(phone=PHONE, purpose="password_reset", code=code)
    assert not code_check(phone=PHONE, purpose="password_reset", code=code)  # single use


def test_a_code_is_for_its_purpose_and_phone_only(committed, at):
    with committed():
        code_send(phone=PHONE, purpose="password_reset")
    code = sent_code()
    assert not code_check(phone=PHONE, purpose="bind_phone", code=code)
    assert not code_check(phone="13912345679", purpose="password_reset", code=code)
    assert code_check(phone=PHONE, purpose="password_reset", code=code)


def test_five_wrong_tries_void_the_code(committed, at):
    with committed():
        code_send(phone=PHONE, purpose="password_reset")
    code = sent_code()
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    for _ in range(5):
        assert not code_check(phone=PHONE, purpose="password_reset", code=wrong)
    assert not code_check(phone=PHONE, purpose="password_reset", code=code)
    assert VerificationCode.objects.get().wrong_tries == 5


def test_four_wrong_tries_still_leave_the_right_code(committed, at):
    with committed():
        code_send(phone=PHONE, purpose="password_reset")
    code = sent_code()
    for _ in range(4):
        assert not code_check(phone=PHONE, purpose="password_reset", code="000000" if code != "000000" else "111111")
    assert code_check(phone=PHONE, purpose="password_reset", code=code)


def test_the_code_expires_after_five_minutes(committed, at):
    with committed():
        code_send(phone=PHONE, purpose="password_reset")
    code = sent_code()
    at("09:05:00")
    assert not code_check(phone=PHONE, purpose="password_reset", code=code)


def test_the_code_is_good_just_before_expiry(committed, at):
    with committed():
        code_send(phone=PHONE, purpose="password_reset")
    code = sent_code()
    at("09:04:59")
    assert code_check(phone=PHONE, purpose="password_reset", code=code)


def test_one_resend_per_minute_and_the_new_code_replaces_the_old(committed, at):
    with committed():
        code_send(phone=PHONE, purpose="password_reset")
    first = sent_code()
    at("09:00:45")
    with pytest.raises(DomainError) as exc:
        code_send(phone=PHONE, purpose="password_reset")
    assert exc.value.code == "code_resend_too_soon" and exc.value.status == 429
    assert exc.value.detail["wait_seconds"] == 15 and "15" in exc.value.message and "秒" in exc.value.message
    at("09:01:00")
    with committed():
        code_send(phone=PHONE, purpose="password_reset")
    second = sent_code()
    assert SandboxSms.objects.count() == 2
    if first != second:
        assert not code_check(phone=PHONE, purpose="password_reset", code=first)
    assert code_check(phone=PHONE, purpose="password_reset", code=second)


def test_the_daily_cap_refuses_and_keeps_the_earlier_code(committed, at, settings):
    settings.JXJY_SMS_DAILY_CAP = 1
    with committed():
        code_send(phone=PHONE, purpose="password_reset")
    code = sent_code()
    at("09:02:00")
    with pytest.raises(DomainError) as exc:
        code_send(phone=PHONE, purpose="password_reset")
    assert exc.value.code == "sms_daily_cap"
    assert code_check(phone=PHONE, purpose="password_reset", code=code)


def test_a_bad_phone_is_refused_and_never_checks(at):
    with pytest.raises(DomainError) as exc:
        code_send(phone="12345", purpose="password_reset")
    assert exc.value.code == "phone_invalid" and "手机" in exc.value.message
    assert not code_check(phone="12345", purpose="password_reset", code="123456")
    assert not code_check(phone=PHONE, purpose="password_reset", code="123456")  # never sent

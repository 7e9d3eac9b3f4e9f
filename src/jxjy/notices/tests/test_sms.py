"""Text messages: recorded and delivered through the sandbox gateway with the signature, capped
per phone and day, retried and finally failed when the gateway keeps failing, never logged or
shown with the number in clear; the sandbox's outbox page is the province's, only in development."""

from __future__ import annotations

import logging

import pytest

from jxjy.core.errors import DomainError
from jxjy.notices import sms
from jxjy.notices.models import SandboxSms, SmsMessage
from jxjy.notices.sms import SandboxGateway

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def test_a_message_goes_out_through_the_sandbox_with_the_signature(committed):
    with committed():
        message = sms.sms_send(phone=PHONE, text="您的验证码为123456", purpose="test")
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT and message.attempts == 1
    assert message.text == "【陕西继续教育】您的验证码为123456"
    outbox = SandboxSms.objects.get()
    assert outbox.phone == PHONE and outbox.text == message.text and outbox.provider_id == message.provider_id


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sms.sms_send(phone=PHONE, text="t", purpose="test")
    assert len(callbacks) == 1 and not SandboxSms.objects.exists()


def test_the_daily_cap_refuses_in_chinese(settings, committed):
    settings.JXJY_SMS_DAILY_CAP = 2
    with committed():
        sms.sms_send(phone=PHONE, text="一", purpose="test")
        sms.sms_send(phone=PHONE, text="二", purpose="test")
        with pytest.raises(DomainError) as exc:
            sms.sms_send(phone=PHONE, text="三", purpose="test")
    assert exc.value.code == "sms_daily_cap" and exc.value.status == 429 and "今天" in exc.value.message
    assert SmsMessage.objects.count() == 2
    # Another phone has its own count; the next day the phone may receive again.
    with committed():
        sms.sms_send(phone="13912345679", text="一", purpose="test")
    settings.JXJY_FROZEN_NOW = "2099-01-02T09:00:00+08:00"
    with committed():
        sms.sms_send(phone=PHONE, text="四", purpose="test")
    assert SmsMessage.objects.count() == 4


@pytest.mark.parametrize(("phone", "text", "purpose", "code"), [
    ("1391234567", "t", "test", "phone_invalid"),
    ("23912345678", "t", "test", "phone_invalid"),
    (PHONE, "  ", "test", "sms_text_invalid"),
    (PHONE, "x" * 600, "test", "sms_text_invalid"),
    (PHONE, "t", "", "sms_purpose_required"),
])
def test_bad_input_is_refused(phone, text, purpose, code):
    with pytest.raises(DomainError) as exc:
        sms.sms_send(phone=phone, text=text, purpose=purpose)
    assert exc.value.code == code
    assert not SmsMessage.objects.exists()


def test_without_a_gateway_nothing_is_sent(settings):
    settings.JXJY_SMS_SANDBOX = False
    with pytest.raises(DomainError) as exc:
        sms.sms_send(phone=PHONE, text="t", purpose="test")
    assert exc.value.code == "sms_not_configured"


def test_a_failing_gateway_is_retried_then_the_message_fails_and_nothing_leaks(monkeypatch, committed, caplog):
    calls = []

    def broken(self, *, phone, text, message_id):
        calls.append(message_id)
        raise ConnectionError(f"carrier down for {phone}")

    monkeypatch.setattr(SandboxGateway, "send", broken)
    with caplog.at_level(logging.INFO), committed():
        message = sms.sms_send(phone=PHONE, text="t", purpose="test")
    message.refresh_from_db()
    from jxjy.notices.tasks import MAX_RETRIES

    assert len(calls) == MAX_RETRIES + 1
    assert message.status == SmsMessage.Status.FAILED and message.attempts == MAX_RETRIES + 1
    assert message.error == "ConnectionError"
    assert PHONE not in caplog.text and "ConnectionError" in caplog.text


def test_a_gateway_that_recovers_delivers_once(monkeypatch, committed):
    real = SandboxGateway.send
    failures = [ConnectionError("a"), TimeoutError("b")]

    def flaky(self, **kwargs):
        if failures:
            raise failures.pop(0)
        return real(self, **kwargs)

    monkeypatch.setattr(SandboxGateway, "send", flaky)
    with committed():
        message = sms.sms_send(phone=PHONE, text="t", purpose="test")
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT and message.attempts == 3
    assert SandboxSms.objects.count() == 1


def test_a_refusal_by_the_provider_is_final(monkeypatch, committed):
    def refuse(self, **kwargs):
        raise sms.SmsRejected("unreachable")

    monkeypatch.setattr(SandboxGateway, "send", refuse)
    with committed():
        message = sms.sms_send(phone=PHONE, text="t", purpose="test")
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED and message.attempts == 1


def test_the_province_reads_the_sandbox_outbox_with_numbers_masked(cast, client, committed):
    with committed():
        sms.sms_send(phone=PHONE, text="您好", purpose="test")
    client.force_login(cast.province_admin)
    res = client.get("/notices/sms-sandbox/")
    assert res.status_code == 200
    html = res.content.decode()
    assert "139****5678" in html and PHONE not in html and "【陕西继续教育】您好" in html


def test_nobody_else_reads_the_sandbox(cast, client):
    for user in (cast.learner_yanta, cast.admin_xian, cast.base_provincial):
        client.force_login(user)
        assert client.get("/notices/sms-sandbox/").status_code == 403


def test_the_sandbox_page_is_gone_outside_development(cast, client, settings):
    settings.JXJY_SMS_SANDBOX = False
    client.force_login(cast.province_admin)
    assert client.get("/notices/sms-sandbox/").status_code == 404

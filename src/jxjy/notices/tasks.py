"""Notices' background work: delivering text messages, retried with backoff.

Without a broker it runs eagerly in the calling process (after the sender's commit), as billing's
tasks; with JXJY_BROKER_URL it goes to the workers. Idempotent: a sent message is not sent again.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from . import services

MAX_RETRIES = 5


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def sms_deliver(self: Any, message_id: int) -> str:
    retries = self.request.retries or 0
    while True:
        try:
            return str(services.sms_deliver(message_id=message_id).status)
        except services.SmsDeliveryError as exc:
            if retries >= MAX_RETRIES:
                services.sms_give_up(message_id=message_id)
                return "FAILED"
            if self.request.is_eager:
                # In-process (no broker) Celery raises a retry at the caller instead of running
                # it, so the attempts are made here, at once: no sleeping inside a request.
                retries += 1
                continue
            raise self.retry(exc=exc, countdown=min(600, 10 * 2 ** retries)) from exc


@shared_task(acks_late=True)
def reminder_text(phone: str, text: str) -> str:
    """One reminder's text message: `sms_send` in the worker (cap, record, delivery task). A
    refusal (the phone's cap reached) is final: the in-app reminder stands."""
    from jxjy.core.errors import DomainError

    try:
        return str(services.sms_send(phone=phone, text=text, purpose="hours_reminder").pk)
    except DomainError as exc:
        return exc.code

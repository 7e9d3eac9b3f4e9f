"""Billing's background work: thin wrappers over services, retried on failure.

Both tasks are idempotent, so a retry, a redelivery after a lost worker (acks_late) or a
second copy changes nothing twice. Without a broker they run eagerly in the calling process.
"""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=8, acks_late=True)
def issue_invoice(invoice_id: int) -> str:
    invoice = services.invoice_issue(invoice_id=invoice_id)
    return invoice.number or ""


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=8, acks_late=True)
def deliver_notification(gateway: str, body: str, headers: dict[str, str]) -> str:
    """The sandbox platform's server delivering its notification to the notify handler."""
    result = services.payment_notification_handle(gateway_name=gateway, body=body.encode(), headers=headers)
    return result.outcome

"""Background work of the exams: a thin wrapper over a service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def expire_overdue_attempts() -> int:
    """Marks attempts past their deadline as timed out, so reports need not work it out."""
    return services.attempts_expire_overdue()

"""Accounts' background work: texting a password-reset code.

Queued for every request, whether or not it matched an account (`user_id` None then), so that a
request's own work does not tell the two apart; without a broker it runs in-process.
"""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def password_reset_code_send(user_id: int | None) -> str:
    return services.password_reset_code_dispatch(user_id=user_id)

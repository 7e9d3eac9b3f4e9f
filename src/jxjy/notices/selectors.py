"""Reads: a user's notices, the unread count, the SMS sandbox's outbox."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from . import access
from .models import SandboxSms, SmsMessage


def inbox(user: Any, *, unread_only: bool = False) -> QuerySet:
    qs = access.notices_visible(user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user: Any) -> int:
    """One COUNT over the (recipient, read_at) index: cheap enough for every page's header."""
    return access.notices_visible(user).filter(read_at__isnull=True).count()


def sms_log() -> QuerySet[SmsMessage]:
    return SmsMessage.objects.all()


def sandbox_outbox() -> QuerySet[SandboxSms]:
    return SandboxSms.objects.all()

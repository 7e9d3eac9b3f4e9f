"""Reads: a user's notices, the unread count, text message preferences, the SMS sandbox's outbox."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from . import access, wording
from .models import SandboxSms, SmsMessage, SmsOptOut


def inbox(user: Any, *, unread_only: bool = False) -> QuerySet:
    qs = access.notices_visible(user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user: Any) -> int:
    """One COUNT over the (recipient, read_at) index: cheap enough for every page's header."""
    return access.notices_visible(user).filter(read_at__isnull=True).count()


def sms_preferences(user: Any) -> dict[str, bool]:
    """Whether each kind that may send a text does so to this user (all on unless turned off)."""
    off = set(SmsOptOut.objects.filter(user_id=user.pk).values_list("kind", flat=True))
    return {kind: kind not in off for kind in wording.SMS_KINDS}


def sms_log() -> QuerySet[SmsMessage]:
    return SmsMessage.objects.all()


def sandbox_outbox() -> QuerySet[SandboxSms]:
    return SandboxSms.objects.all()

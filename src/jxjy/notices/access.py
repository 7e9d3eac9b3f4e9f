"""Who may see which notices: only the recipient. Anyone else's notice, like a missing one, is
"not found". The SMS sandbox's outbox is the province administrator's, and only where the
sandbox is switched on."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import NotFound, PermissionDenied

from . import conf
from .models import Notice


def notices_visible(user: Any) -> QuerySet[Notice]:
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    return Notice.objects.filter(recipient_id=user.pk)


def access_notice(user: Any, notice_id: int) -> Notice:
    notice = notices_visible(user).filter(pk=notice_id).first()
    if notice is None:
        raise NotFound(_("Notice not found"), code="notice_not_found")
    return notice


def require_preferences_owner(user: Any) -> None:
    """Text message preferences are a learner's: only learners have a phone on record to text."""
    if getattr(user, "role", "") != User.Role.LEARNER:
        raise PermissionDenied(_("Only learners receive text messages about notices"),
                               code="notice_preferences_denied")


def require_sandbox_reader(user: Any) -> None:
    if not conf.sandbox_active():
        raise NotFound(_("The text message sandbox is not switched on here"), code="sms_sandbox_off")
    if getattr(user, "role", "") != User.Role.PROVINCE_ADMIN:
        raise PermissionDenied(_("Only the province administrator reads the text message sandbox"),
                               code="sms_sandbox_denied")

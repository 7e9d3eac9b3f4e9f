"""Who may see which ledger entries: a learner their own; administrators the learners they see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.access import learners_visible
from jxjy.core.errors import NotFound

from .models import CreditEntry


def entries_visible(user: Any) -> QuerySet[CreditEntry]:
    if not getattr(user, "is_authenticated", False):
        return CreditEntry.objects.none()
    return CreditEntry.objects.filter(learner__in=learners_visible(user))


def access_credit_entry(user: Any, entry_id: int) -> CreditEntry:
    entry = entries_visible(user).select_related("learner").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("Hours entry not found"), code="credit_entry_not_found")
    return entry

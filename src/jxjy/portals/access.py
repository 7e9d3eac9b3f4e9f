"""Who may see which linked identities: each person their own, nobody else's (administrators
included: a link is the person's own business and is undone by them)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jxjy.core.errors import NotFound

from .models import ExternalIdentity


def identities_visible(user: Any) -> QuerySet[ExternalIdentity]:
    if not getattr(user, "is_authenticated", False):
        return ExternalIdentity.objects.none()
    return ExternalIdentity.objects.filter(user=user)


def access_identity(user: Any, identity_id: int) -> ExternalIdentity:
    identity = identities_visible(user).filter(pk=identity_id).first()
    if identity is None:
        raise NotFound(_("Linked identity not found"), code="identity_not_found")
    return identity

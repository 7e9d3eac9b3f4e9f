"""Who may see which certificates: a learner their own; an employer reviewer, a city bureau and
the province those of the learners in their scope (as for the hours ledger). Training bases see
none: a certificate is the business of the learner, the employer and the authorities."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.access import learners_visible
from jxjy.accounts.models import User
from jxjy.core.errors import NotFound, PermissionDenied

from .models import Certificate

Role = User.Role
LOOKUP_ROLES = (Role.EMPLOYER_REVIEWER, Role.CITY_ADMIN, Role.PROVINCE_ADMIN)
_ROLES = (*LOOKUP_ROLES, Role.LEARNER)


def certificates_visible(user: Any) -> QuerySet[Certificate]:
    qs = Certificate.objects.select_related("learner", "learner__employer", "superseded_by")
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", "") not in _ROLES:
        return qs.none()
    return qs.filter(learner__in=learners_visible(user))


def require_lookup(user: Any) -> None:
    """Only employer reviewers and the HR bureaus look certificates up (learners have their own page)."""
    if getattr(user, "role", "") not in LOOKUP_ROLES:
        raise PermissionDenied(_("Only employer reviewers and HR bureaus look up certificates"),
                               code="certificate_lookup_denied")


def access_certificate(user: Any, certificate_id: int) -> Certificate:
    cert = certificates_visible(user).filter(pk=certificate_id).first()
    if cert is None:
        raise NotFound(_("Certificate not found"), code="certificate_not_found")
    return cert

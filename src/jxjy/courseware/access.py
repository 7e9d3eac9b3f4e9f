"""Who may use the courseware tools."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import NotAuthenticated, PermissionDenied

CHECKER_ROLES = frozenset({User.Role.BASE_ADMIN, User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN})


def can_check_courseware(user: User | None) -> bool:
    """Base administrators (who produce courseware) and the HR bureaus (who review it)."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.role in CHECKER_ROLES)


def require_courseware_checker(user: User | None) -> None:
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    if not can_check_courseware(user):
        raise PermissionDenied(_("Only training-base and HR-bureau administrators may check courseware."),
                               code="courseware_check_forbidden")

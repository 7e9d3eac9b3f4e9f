"""Who may use the courseware tools."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import NotAuthenticated, PermissionDenied

CHECKER_ROLES = frozenset({User.Role.BASE_ADMIN, User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN})


def can_check_courseware(user: object) -> bool:
    """Base administrators (who produce courseware) and the HR bureaus (who review it)."""
    return isinstance(user, User) and user.is_active and user.role in CHECKER_ROLES


def require_courseware_checker(user: object) -> None:
    if not isinstance(user, User):
        raise NotAuthenticated()
    if not can_check_courseware(user):
        raise PermissionDenied(_("Only training-base and HR-bureau administrators may check courseware."),
                               code="courseware_check_forbidden")

"""Who sees which statistics: the province everything (optionally one city), a city bureau its
own city only. Everyone else is refused."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import NotFound, PermissionDenied, ValidationFailed
from jxjy.org.models import Division

STATS_ROLES = (User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN)


def may_see_stats(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") in STATS_ROLES


def stats_scope(user: Any, city: str | None = None) -> Division | None:
    """The city the user's statistics cover (None: the whole province).

    `city` is a division code the province may pick; a city bureau always gets its own city,
    and naming another city answers not found, as any out-of-scope object does."""
    if not may_see_stats(user):
        raise PermissionDenied(_("Only the province and the city HR bureaus see statistics"), code="stats_forbidden")
    code = (city or "").strip()
    if user.role == User.Role.CITY_ADMIN:
        own = user.city
        if own is None or (code and code != own.code):
            raise NotFound(_("City not found"), code="city_not_found")
        return own
    if not code:
        return None
    division = Division.objects.filter(code=code, kind=Division.Kind.CITY).first()
    if division is None:
        raise NotFound(_("City not found"), code="city_not_found")
    return division


def cities_for(user: Any) -> list[Division]:
    """The cities the user may pick on the statistics page."""
    if getattr(user, "role", "") == User.Role.PROVINCE_ADMIN:
        return list(Division.objects.filter(kind=Division.Kind.CITY).order_by("code"))
    return []


def stats_year(value: Any) -> int:
    """The year asked for, or the current plan's year; a year that cannot be one is refused."""
    from jxjy.plans.selectors import current_year

    if value in (None, ""):
        return current_year()
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("Choose a year between 2000 and 2100"), code="year_invalid",
                               detail={"errors": [{"field": "year", "reason": _("Choose a year between 2000 and 2100")}]})
    return year

"""Dashboard panels of base reviews: a base's own review, the authorities' to-do count."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.accounts.models import User

from . import selectors


def panels(request: HttpRequest) -> list[dict]:
    user = request.user
    role = getattr(user, "role", "")
    if role == User.Role.BASE_ADMIN:
        own = selectors.own_review(user)
        html = render_to_string("reviews/panel.html", {"own": True, "own_review": own}, request=request)
        return [{"title": _("Base review"), "html": html}]
    if role in (User.Role.CITY_ADMIN, User.Role.PROVINCE_ADMIN):
        html = render_to_string("reviews/panel.html", {"todo": selectors.todo(user).count()}, request=request)
        return [{"title": _("Base reviews"), "html": html}]
    return []

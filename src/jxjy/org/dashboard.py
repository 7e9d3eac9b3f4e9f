from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.accounts.access import learners_visible
from jxjy.accounts.models import User

from . import access


def panels(request: HttpRequest) -> list[dict]:
    user: User = request.user  # type: ignore[assignment]
    if user.role not in (User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN, User.Role.EMPLOYER_REVIEWER):
        return []
    context = {
        "user": user,
        "bases": access.bases_visible(user).count(),
        "employers": access.employers_visible(user).count(),
        "learners": learners_visible(user).count(),
    }
    return [{"title": _("Organisations in my scope"),
             "html": render_to_string("org/panel_scope.html", context, request=request)}]

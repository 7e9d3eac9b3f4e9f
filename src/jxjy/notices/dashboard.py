"""Dashboard panel of notices: the latest unread ones; for the province, the SMS sandbox."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.accounts.models import User

from . import conf, selectors


def panels(request: HttpRequest) -> list[dict]:
    user = request.user
    latest = list(selectors.inbox(user, unread_only=True)[:3])
    context = {"latest": latest, "unread": selectors.unread_count(user) if latest else 0,
               "sandbox": conf.sandbox_active() and getattr(user, "role", "") == User.Role.PROVINCE_ADMIN}
    return [{"title": _("Notices"), "html": render_to_string("notices/panel.html", context, request=request)}]

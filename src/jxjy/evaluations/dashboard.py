"""Dashboard panel of evaluations: for a base, how its courses are rated; for the province, the
whole platform's count and overall average. Both link to the list of single evaluations."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.core.errors import PermissionDenied

from . import access, selectors


def panels(request: HttpRequest) -> list[dict]:
    user = request.user
    try:
        access.require_reader(user)
    except PermissionDenied:
        return []
    summary = selectors.summary(access.evaluations_visible(user))
    context = {"count": summary.count, "overall": summary.averages.get("overall")}
    return [{"title": _("Course evaluations"),
             "html": render_to_string("evaluations/panel.html", context, request=request)}]

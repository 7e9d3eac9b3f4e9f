"""Dashboard panel: the way to the statistics for the province and the city bureaus."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .access import may_see_stats


def panels(request: HttpRequest) -> list[dict]:
    if not may_see_stats(request.user):
        return []
    return [{"title": _("Statistics"), "html": render_to_string("stats/panel.html", request=request)}]

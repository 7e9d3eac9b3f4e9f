from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.core.errors import NotFound

from .selectors import current_plan


def panels(request: HttpRequest) -> list[dict]:
    try:
        plan = current_plan()
    except NotFound:
        plan = None
    return [{"title": _("Yearly plan"), "html": render_to_string(
        "plans/panel_plan.html", {"plan": plan, "user": request.user}, request=request)}]

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import pgettext

from .access import can_check_courseware


def panels(request: HttpRequest) -> list[dict]:
    if not can_check_courseware(request.user):
        return []
    return [{"title": pgettext("courseware", "Courseware check"),
             "html": render_to_string("courseware/_panel.html", request=request)}]

"""Dashboard panel of portal sign-in: the portal identities linked to the account, to unlink, and
the active portals not linked yet, to link."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import selectors


def panels(request: HttpRequest) -> list[dict]:
    context = {"links": selectors.my_links(request), "linkable": selectors.linkable_providers(request)}
    return [{"title": _("Linked portal accounts"),
             "html": render_to_string("portals/panel.html", context, request=request)}]

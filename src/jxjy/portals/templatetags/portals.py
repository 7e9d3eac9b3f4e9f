from __future__ import annotations

from typing import Any

from django import template

from jxjy.portals.selectors import provider_buttons

register = template.Library()


@register.inclusion_tag("portals/buttons.html", takes_context=True)
def portal_buttons(context: Any) -> dict[str, Any]:
    """One button per active portal, on the login page; `next` goes along."""
    request = context["request"]
    return {"buttons": provider_buttons(request, request.GET.get("next", ""))}

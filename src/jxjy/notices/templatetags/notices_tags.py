from __future__ import annotations

from typing import Any

from django import template

from jxjy.notices.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notices/_bell.html", takes_context=True)
def notice_bell(context: Any) -> dict[str, Any]:
    """The header's bell with the signed-in user's unread count (one COUNT query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    count = unread_count(user) if getattr(user, "is_authenticated", False) else 0
    return {"unread": count}

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def clock(seconds: float | int | None) -> str:
    """Seconds as 「1:02:03」 or 「2:03」."""
    total = int(round(float(seconds or 0)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def check_badge(status: str) -> str:
    """The site.css badge class of a check status."""
    return {"PASS": "ok", "WARN": "warn", "FAIL": "bad"}.get(status or "", "")

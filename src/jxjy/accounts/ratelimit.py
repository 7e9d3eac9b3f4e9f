"""Limits on password recovery and verification-code requests, counted in Django's cache.

Per client address: `JXJY_PASSWORD_FORGOT_PER_WINDOW` requests (default 10) per
`JXJY_PASSWORD_FORGOT_WINDOW_SECONDS` (default 600), counted separately for asking for a code and
for using one. The codes module adds its own limits per phone (one send a minute, the daily cap,
five wrong tries). As certificates' verify limit: without `JXJY_CACHE_URL` each server process
counts its own requests; with Redis the count is shared by all.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from jxjy.core import clock
from jxjy.core.errors import DomainError
from jxjy.core.ratelimit import over_limit


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    message = _("Too many requests from your network; please wait a few minutes and try again")


def per_window() -> int:
    return int(getattr(settings, "JXJY_PASSWORD_FORGOT_PER_WINDOW", 10))


def window_seconds() -> int:
    return int(getattr(settings, "JXJY_PASSWORD_FORGOT_WINDOW_SECONDS", 600))


def count(*, scope: str, key: str | None, limit: int | None = None, window: int | None = None) -> None:
    """Counts one request of `scope` from `key` (an address or account id); raises RateLimited
    (detail: retry_after) past the limit."""
    limit = per_window() if limit is None else limit
    retry_after = over_limit(f"jxjy.accounts.{scope}:{key or 'unknown'}", limit=limit, window=window or window_seconds())
    if retry_after is not None:
        raise RateLimited(detail={"retry_after": retry_after})


def wait_seconds(*, scope: str, key: str, seconds: int) -> int:
    """Seconds left before `key` may do `scope` again (0: now, and the wait starts over)."""
    now = clock.now().timestamp()
    name = f"jxjy.accounts.{scope}:{key}"
    last = cache.get(name)
    if last is not None and 0 <= now - float(last) < seconds:
        return max(1, int(seconds - (now - float(last)) + 0.999))
    cache.set(name, now, timeout=seconds)
    return 0

"""A fixed-window request counter in Django's cache, shared by the limits of the apps
(certificate verification, password recovery).

Without `JXJY_CACHE_URL` the cache is the process's memory, so each server process counts its own
requests; with Redis every process shares one count.
"""

from __future__ import annotations

from django.core.cache import cache

from jxjy.core import clock


def over_limit(name: str, *, limit: int, window: int) -> int | None:
    """Counts one request under `name` in the current window of `window` seconds. Past `limit`,
    returns the seconds until the window ends (the caller's retry_after); else None."""
    now = clock.now().timestamp()
    key = f"{name}:{int(now // window)}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window * 2)
        count = 1
    if count > limit:
        return max(int(window - now % window), 1)
    return None

"""The verify page's limit: so many attempts a minute per client address (default 30,
`JXJY_CERT_VERIFY_PER_MINUTE`), counted in Django's cache.

Without `JXJY_CACHE_URL` the cache is the process's memory, so with several server processes each
counts its own attempts (the limit is then per process); with `JXJY_CACHE_URL=redis://…` every
process shares one count and the limit holds for the whole deployment. `add` then `incr` are each
atomic in Redis, so concurrent attempts are not lost. Codes carry about 99 bits, so the limit is a
second line behind them, not the only one.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jxjy.core.errors import DomainError
from jxjy.core.ratelimit import over_limit

WINDOW_SECONDS = 60


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    message = _("Too many verification attempts from your network; please wait a minute and try again")


def limit() -> int:
    return int(getattr(settings, "JXJY_CERT_VERIFY_PER_MINUTE", 30))


def verify_attempt(ip: str | None) -> None:
    """Counts one attempt from `ip`; raises RateLimited past the limit (detail: retry_after)."""
    retry_after = over_limit(f"jxjy.certificates.verify:{ip or 'unknown'}", limit=limit(), window=WINDOW_SECONDS)
    if retry_after is not None:
        raise RateLimited(detail={"retry_after": retry_after})

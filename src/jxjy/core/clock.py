"""The platform's clock. Settings can pin it (JXJY_FROZEN_NOW) for demos and tests, so deadlines
such as make-up dates or order expiry can be shown without waiting for the calendar."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone


def now() -> dt.datetime:
    frozen = getattr(settings, "JXJY_FROZEN_NOW", "")
    if frozen:
        value = dt.datetime.fromisoformat(frozen)
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value
    return timezone.now()


def today() -> dt.date:
    return timezone.localtime(now()).date()


@contextlib.contextmanager
def pinned(moment: dt.datetime) -> Iterator[None]:
    """Pins the clock at `moment` for the block. For the demo loader, which records a past plan
    year's events (orders, in-person sessions, a closed review round) on their own dates through
    the services, who read the time only here. It changes a setting: one thread, never a request."""
    from django.test.utils import override_settings

    with override_settings(JXJY_FROZEN_NOW=moment.isoformat()):
        yield

"""The platform's clock. Settings can pin it (JXJY_FROZEN_NOW) for demos and tests, so deadlines
such as make-up dates or order expiry can be shown without waiting for the calendar."""

from __future__ import annotations

import datetime as dt

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

"""Notices' demo data. The other apps' demo steps already caused notices (a payment, the year
complete …) through the events; this adds the year-end reminder as the platform sends it on
1 December of the plan's year to every confirmed learner whose year is incomplete, and one
verification code in the SMS sandbox's outbox. Idempotent: the reminder is once per learner,
year and stage, and the code is sent only if the outbox has none."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jxjy.core.personas import Cast
from jxjy.plans.selectors import current_year

from . import conf
from .codes import code_send
from .models import Notice, SmsMessage
from .reminders import hours_reminders_send


def seed(cast: Cast, stdout: Any) -> None:
    year = current_year()
    summary = hours_reminders_send(year=year, today=dt.date(year, 12, 1))
    if conf.gateway_name() and not SmsMessage.objects.filter(purpose__startswith="code:").exists():
        code_send(phone=cast.learner_yanta.learner.phone, purpose="password_reset")
    users = (cast.learner_yanta, cast.learner_baishui)
    counts = ", ".join(f"{u.username} {Notice.objects.filter(recipient=u).count()}" for u in users)
    stdout.write(f"notices: {summary.reminded} hours reminders for {year} now; notices: {counts}; "
                 f"text messages in the sandbox outbox: {SmsMessage.objects.count()}")

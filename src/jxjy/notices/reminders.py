"""Year-end hours reminders: every confirmed learner whose year is not complete is told, once
per year and stage, which hours are still missing (only the categories still short) and by when.
The notice stores the figures; `wording.py` words it when read, the text message in Chinese.

Which reminder is due (the year's close on 31 December, or a past year's make-up deadline) is
`rules.reminder_due` over the current plan's data; what each learner lacks is the credits app's
bulk yearly-status selector with the year's own minima (the certificates app's `missing_hours`
turns it into figures): nothing here recomputes the rules.

Learners are read in keyset chunks (by id), each chunk in a fixed number of queries whatever
its size, so a million learners are never all in memory and the query count grows with the
number of chunks only. Text messages are queued per reminder after the chunk commits, except to
learners who turned these texts off.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner
from jxjy.certificates.selectors import missing_hours
from jxjy.core import clock
from jxjy.core.errors import Conflict
from jxjy.credits import ledger
from jxjy.credits.selectors import required_of, year_status_report
from jxjy.learning.selectors import rules_for_year
from jxjy.plans.selectors import current_plan

from . import rules
from .models import Notice, SmsOptOut
from .wording import hours_param, notice_words, sms_words

logger = logging.getLogger(__name__)

DEFAULT_CHUNK = 2000


@dataclass
class ReminderSummary:
    year: int
    stage: str
    deadline: dt.date
    learners: int = 0  # confirmed learners looked at
    incomplete: int = 0
    reminded: int = 0  # reminders created now (or, in a dry run, that would be)
    already: int = 0  # reminded before (this year and stage)
    texts: int = 0  # text messages queued
    sample: list[str] = field(default_factory=list)


def reminder_due(year: int, today: dt.date | None = None) -> rules.ReminderDue:
    """The reminder due for `year` today, or a Conflict saying why there is none."""
    plan = current_plan().rules()
    due = rules.reminder_due(year=year, plan_year=plan.year, makeup_deadlines=plan.makeup_deadlines,
                             today=today or clock.today())
    if due is None:
        raise Conflict(_("No hours reminder is due for %(year)s: the year is not open for study (or its make-up "
                         "has no deadline)") % {"year": year}, code="reminder_not_due", detail={"year": year})
    return due


def dedupe_key(year: int, stage: str) -> str:
    return f"hours-reminder:{year}:{stage}"


def reminder_params(year: int, due: rules.ReminderDue, missing: dict) -> dict:
    """A reminder's parameters; `wording` names only the categories still short."""
    return {"year": year, "stage": due.stage, "deadline": due.deadline.isoformat(),
            "public": hours_param(missing["public"]), "professional": hours_param(missing["professional"]),
            "total": hours_param(missing["total"])}


def hours_reminders_send(*, year: int, dry_run: bool = False, chunk_size: int = DEFAULT_CHUNK,
                         today: dt.date | None = None,
                         progress: Callable[[ReminderSummary], None] | None = None) -> ReminderSummary:
    """Reminds every confirmed learner whose `year` is incomplete (idempotent per learner, year and
    stage). A dry run counts without writing or sending."""
    due = reminder_due(year, today)
    year_rules = rules_for_year(year)
    required = required_of(year_rules)
    key = dedupe_key(year, due.stage)
    link = reverse("learning:my_study")
    summary = ReminderSummary(year=year, stage=due.stage, deadline=due.deadline)
    confirmed = Learner.objects.filter(affiliation=Learner.Affiliation.CONFIRMED)
    # Whether the learner turned these texts off, read with the chunk (no query of its own).
    muted = Exists(SmsOptOut.objects.filter(user_id=OuterRef("user_id"), kind=Notice.Kind.HOURS_REMINDER))
    last = 0
    while True:
        # 1: the next chunk's learners (id, user, phone unless they turned the texts off), by id.
        chunk = list(confirmed.filter(pk__gt=last).order_by("pk").annotate(muted=muted)
                     .values_list("pk", "user_id", "phone", "muted")[:chunk_size])
        if not chunk:
            break
        last = chunk[-1][0]
        summary.learners += len(chunk)
        people = {pk: (user_id, "" if off else phone) for pk, user_id, phone, off in chunk}
        # 2: their yearly status, summed in the database.
        incomplete = [row for row in year_status_report(confirmed.filter(pk__in=list(people)), year, year_rules)
                      if not row.completed]
        summary.incomplete += len(incomplete)
        if not incomplete:
            continue
        # 3: who has had this reminder already.
        users = [people[row.learner_id][0] for row in incomplete]
        already = set(Notice.objects.filter(recipient_id__in=users, dedupe_key=key)
                      .values_list("recipient_id", flat=True))
        now = clock.now()
        notices, texts = [], []
        for row in incomplete:
            user_id, phone = people[row.learner_id]
            if user_id in already:
                summary.already += 1
                continue
            status = ledger.YearStatus(year=year, confirmed=True, recorded_public=row.public,
                                       recorded_professional=row.professional, required=required)
            params = reminder_params(year, due, missing_hours(status))
            notices.append(Notice(recipient_id=user_id, kind=Notice.Kind.HOURS_REMINDER, params=params,
                                  link=link, dedupe_key=key, created_at=now))
            if phone and rules.phone_valid(phone):
                texts.append((phone, sms_words(Notice.Kind.HOURS_REMINDER, params)))
            if len(summary.sample) < 3:
                summary.sample.append(notice_words(Notice.Kind.HOURS_REMINDER, params)[0])
        summary.reminded += len(notices)
        summary.texts += len(texts)
        if not dry_run and notices:
            with transaction.atomic():
                # 4: one insert; a concurrent run's rows for the same key are kept (the constraint).
                Notice.objects.bulk_create(notices, batch_size=1000, ignore_conflicts=True)
                for phone, text in texts:
                    transaction.on_commit(functools.partial(_queue_text, phone, text))
        if progress is not None:
            progress(summary)
    return summary


def _queue_text(phone: str, text: str) -> None:
    from . import tasks

    try:
        tasks.reminder_text.delay(phone, text)
    except Exception as exc:  # noqa: BLE001 - the in-app reminder stands
        logger.error("notices: reminder text not queued (%s)", type(exc).__name__)

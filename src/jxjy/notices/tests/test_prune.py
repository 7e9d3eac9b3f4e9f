"""`jxjy prune_notices` deletes read notices past their retention (365 days) and daily SMS
counters past theirs (30 days), in batches; unread notices stay however old; a dry run counts."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jxjy.core import clock
from jxjy.notices.models import Notice, SmsDailyCount
from jxjy.notices.services import notices_prune

pytestmark = pytest.mark.django_db


@pytest.fixture
def now(settings) -> dt.datetime:
    settings.JXJY_FROZEN_NOW = "2021-06-30T10:00:00+08:00"
    return clock.now()


def notice(user, *, days_old: int, read: bool, now: dt.datetime) -> Notice:
    sent = now - dt.timedelta(days=days_old)
    return Notice.objects.create(recipient=user, kind=Notice.Kind.CERTIFICATE_AVAILABLE, params={"year": 2020},
                                 created_at=sent, read_at=sent + dt.timedelta(hours=1) if read else None)


def counter(days_old: int, now: dt.datetime) -> SmsDailyCount:
    return SmsDailyCount.objects.create(phone="13912345678", day=now.date() - dt.timedelta(days=days_old), count=3)


def test_old_read_notices_and_old_counters_go_unread_and_recent_stay(cast, now):
    user = cast.learner_yanta
    old_read = notice(user, days_old=400, read=True, now=now)
    old_unread = notice(user, days_old=800, read=False, now=now)
    recent_read = notice(user, days_old=100, read=True, now=now)
    theirs = notice(cast.learner_baishui, days_old=366, read=True, now=now)
    old_count, recent_count = counter(31, now), counter(29, now)
    out = StringIO()
    call_command("prune_notices", stdout=out)
    assert set(Notice.objects.values_list("pk", flat=True)) == {old_unread.pk, recent_read.pk}
    assert not Notice.objects.filter(pk__in=[old_read.pk, theirs.pk]).exists()
    assert list(SmsDailyCount.objects.values_list("pk", flat=True)) == [recent_count.pk]
    assert old_count.pk != recent_count.pk
    assert "已删除" in out.getvalue() and "已读消息2条" in out.getvalue() and "每日短信计数1条" in out.getvalue()


def test_a_dry_run_counts_and_deletes_nothing(cast, now):
    notice(cast.learner_yanta, days_old=400, read=True, now=now)
    counter(60, now)
    out = StringIO()
    call_command("prune_notices", "--dry-run", stdout=out)
    assert "试运行" in out.getvalue() and "已读消息1条" in out.getvalue()
    assert Notice.objects.count() == 1 and SmsDailyCount.objects.count() == 1


def test_the_retention_periods_are_settings(cast, now, settings):
    notice(cast.learner_yanta, days_old=20, read=True, now=now)
    counter(5, now)
    assert notices_prune().notices == 0
    settings.JXJY_NOTICE_RETENTION_DAYS = 10
    settings.JXJY_SMS_COUNT_RETENTION_DAYS = 3
    summary = notices_prune()
    assert summary.notices == 1 and summary.sms_counts == 1 and not Notice.objects.exists()


def test_deletes_in_batches(cast, now):
    for _ in range(7):
        notice(cast.learner_yanta, days_old=400, read=True, now=now)
    keep = notice(cast.learner_yanta, days_old=400, read=False, now=now)
    with CaptureQueriesContext(connection) as ctx:
        summary = notices_prune(batch_size=3)
    deletes = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("DELETE")
               and "notices_notice" in q["sql"]]
    assert len(deletes) == 3  # 3 + 3 + 1
    assert summary.notices == 7 and list(Notice.objects.values_list("pk", flat=True)) == [keep.pk]


def test_a_retention_under_a_day_is_refused(cast, now, settings):
    notice(cast.learner_yanta, days_old=2, read=True, now=now)
    settings.JXJY_NOTICE_RETENTION_DAYS = 0
    with pytest.raises(CommandError, match="至少为1天"):
        call_command("prune_notices")
    assert Notice.objects.count() == 1

"""Year-end reminders: every confirmed learner with an incomplete year is told what is missing
(from the credits selector) and by when (from the plan), once per year and stage; a dry run
writes nothing; the queries do not grow with the number of learners."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jxjy.accounts.models import Learner, User
from jxjy.accounts.validators import make_id_number
from jxjy.credits.models import CreditEntry
from jxjy.credits.services import credit_record
from jxjy.learning.selectors import rules_for_year
from jxjy.notices import reminders, tasks
from jxjy.notices.models import Notice, SmsMessage
from jxjy.plans.selectors import current_plan, current_year

pytestmark = pytest.mark.django_db
Kind = Notice.Kind


@pytest.fixture
def year(cast) -> int:
    return current_year()


@pytest.fixture
def december(settings, year):
    settings.JXJY_FROZEN_NOW = f"{year}-12-01T09:00:00+08:00"
    return dt.date(year, 12, 1)


def add_learners(cast, n: int, *, start: int = 0, phone: bool = True,
                 affiliation: str = Learner.Affiliation.CONFIRMED) -> list[User]:
    users = []
    for i in range(start, start + n):
        user = User.objects.create(username=f"bulk{i}", role=User.Role.LEARNER, display_name=f"学员{i}")
        Learner.objects.create(user=user, id_number=make_id_number("610113", "19900101", f"{i % 1000:03d}")
                               if i < 1000 else make_id_number("610113", "19910101", f"{i % 1000:03d}"),
                               name=f"学员{i}", phone=f"137{i:08d}" if phone else "", employer=cast.yanta_employer,
                               specialty=cast.learner_yanta.learner.specialty, affiliation=affiliation)
        users.append(user)
    return users


def credit(user, year, category, hours):
    credit_record(learner=user.learner, year=year, category=category, hours=Decimal(hours),
                  source=CreditEntry.Source.IN_PERSON, reference=f"session:{user.pk}{category}")


def test_each_incomplete_learner_is_told_what_is_missing_and_by_when(cast, year, december, committed):
    rules = rules_for_year(year)
    credit(cast.learner_yanta, year, "PUBLIC", rules.hours_public)  # public done, professional missing
    pending = add_learners(cast, 1, affiliation=Learner.Affiliation.PENDING)[0]
    with committed():
        summary = reminders.hours_reminders_send(year=year, today=december)
    assert summary.stage == "year_end" and summary.deadline == dt.date(year, 12, 31)
    [yanta] = Notice.objects.filter(recipient=cast.learner_yanta, kind=Kind.HOURS_REMINDER)
    # Only what is missing is named: public is done, so no "公需课0学时".
    assert yanta.body == (f"您{year}年度还差专业课{rules.hours_total - rules.hours_public}学时。"
                          f"本年度学习于{year}-12-31截止。")
    [baishui] = Notice.objects.filter(recipient=cast.learner_baishui, kind=Kind.HOURS_REMINDER)
    assert f"公需课{rules.hours_public}学时、专业课{rules.hours_total - rules.hours_public}学时（共{rules.hours_total}学时）" \
        in baishui.body
    assert not Notice.objects.filter(recipient=pending).exists()  # not confirmed: no duty counted yet
    texts = SmsMessage.objects.filter(purpose="hours_reminder")
    assert {t.phone for t in texts} == {cast.learner_yanta.learner.phone, cast.learner_baishui.learner.phone}
    assert all(t.text.startswith("【陕西继续教育】") and f"{year}-12-31" in t.text for t in texts)


def test_a_complete_learner_is_not_reminded(cast, year, december, committed):
    rules = rules_for_year(year)
    credit(cast.learner_yanta, year, "PUBLIC", rules.hours_public)
    credit(cast.learner_yanta, year, "PROFESSIONAL", rules.hours_total - rules.hours_public)
    with committed():
        reminders.hours_reminders_send(year=year, today=december)
    assert not Notice.objects.filter(recipient=cast.learner_yanta, kind=Kind.HOURS_REMINDER).exists()
    assert Notice.objects.filter(recipient=cast.learner_baishui, kind=Kind.HOURS_REMINDER).exists()


def test_reminders_are_idempotent(cast, year, december, committed):
    with committed():
        first = reminders.hours_reminders_send(year=year, today=december)
    with committed():
        second = reminders.hours_reminders_send(year=year, today=december)
    assert first.reminded == 2 and second.reminded == 0 and second.already == 2
    assert Notice.objects.filter(kind=Kind.HOURS_REMINDER).count() == 2
    assert SmsMessage.objects.filter(purpose="hours_reminder").count() == 2


def test_a_dry_run_writes_and_sends_nothing(cast, year, december):
    out = StringIO()
    call_command("remind_hours", "--year", str(year), "--dry-run", stdout=out)
    assert "试运行" in out.getvalue() and "本次提醒2人" in out.getvalue()
    assert not Notice.objects.exists() and not SmsMessage.objects.exists()


def test_the_command_reminds_and_says_how_many(cast, year, december, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_hours", "--year", str(year), stdout=out)
    assert "本次提醒2人" in out.getvalue()
    out = StringIO()
    call_command("remind_hours", "--year", str(year), stdout=out)
    assert "本次提醒0人" in out.getvalue() and "此前已提醒2人" in out.getvalue()


def test_no_reminder_for_a_closed_or_future_year(cast, year, december):
    with pytest.raises(CommandError):
        call_command("remind_hours", "--year", str(year + 1))
    with pytest.raises(CommandError):
        call_command("remind_hours", "--year", str(year - 5))


def test_the_make_up_stage_uses_the_plans_make_up_deadline(cast, year, monkeypatch, committed):
    """Next year's plan names this year's make-up deadline: the reminder is a second stage."""
    real = current_plan().rules()
    later = dataclasses.replace(real, year=year + 1, makeup_deadlines={year: dt.date(year + 1, 3, 31)})

    class NextPlan:
        def rules(self):
            return later

    with committed():
        reminders.hours_reminders_send(year=year, today=dt.date(year, 12, 1))
    monkeypatch.setattr(reminders, "current_plan", lambda: NextPlan())
    with committed():
        summary = reminders.hours_reminders_send(year=year, today=dt.date(year + 1, 2, 1))
    assert summary.stage == "makeup" and summary.deadline == dt.date(year + 1, 3, 31) and summary.reminded == 2
    [makeup] = Notice.objects.filter(recipient=cast.learner_yanta, dedupe_key=f"hours-reminder:{year}:makeup")
    assert f"{year + 1}-03-31" in makeup.body and "补学" in makeup.title
    assert Notice.objects.filter(recipient=cast.learner_yanta, kind=Kind.HOURS_REMINDER).count() == 2
    with pytest.raises(Exception, match="reminder_not_due|无需"):
        reminders.hours_reminders_send(year=year, today=dt.date(year + 1, 4, 1))


def test_the_query_count_does_not_grow_with_learners(cast, year, december, monkeypatch):
    queued = []
    # The command's own work is measured; each text is a task for the workers (queued after commit).
    monkeypatch.setattr(tasks.reminder_text, "delay", lambda phone, text: queued.append(phone))

    def run() -> int:
        Notice.objects.filter(kind=Kind.HOURS_REMINDER).delete()
        with CaptureQueriesContext(connection) as ctx:
            reminders.hours_reminders_send(year=year, today=december, chunk_size=500)
        return len(ctx.captured_queries)

    add_learners(cast, 3)
    few = run()
    add_learners(cast, 30, start=3)
    many = run()
    assert Notice.objects.filter(kind=Kind.HOURS_REMINDER).count() == 35
    assert many == few


def test_learners_are_read_in_chunks(cast, year, december):
    add_learners(cast, 7, phone=False)
    seen = []
    summary = reminders.hours_reminders_send(year=year, today=december, chunk_size=3,
                                             progress=lambda s: seen.append(s.learners))
    assert seen == [3, 6, 9] and summary.learners == 9 and summary.reminded == 9 and summary.texts == 2


def test_only_the_missing_category_is_named_in_the_notice_and_the_text(cast, year, december, committed):
    rules = rules_for_year(year)
    credit(cast.learner_yanta, year, "PROFESSIONAL", rules.hours_total - rules.hours_public)  # public missing only
    with committed():
        reminders.hours_reminders_send(year=year, today=december)
    [notice] = Notice.objects.filter(recipient=cast.learner_yanta, kind=Kind.HOURS_REMINDER)
    assert notice.body == f"您{year}年度还差公需课{rules.hours_public}学时。本年度学习于{year}-12-31截止。"
    [text] = SmsMessage.objects.filter(phone=cast.learner_yanta.learner.phone)
    assert text.text == (f"【陕西继续教育】您{year}年度继续教育还差公需课{rules.hours_public}学时，"
                         f"请于{year}-12-31前完成。")
    assert "专业课" not in notice.body + text.text
    assert notice.params == {"year": year, "stage": "year_end", "deadline": f"{year}-12-31",
                             "public": str(rules.hours_public), "professional": "0",
                             "total": str(rules.hours_public)}


def test_the_reminder_reads_in_english_with_plurals_and_the_text_stays_chinese(cast, year, december, committed,
                                                                              api, settings):
    rules = rules_for_year(year)
    credit(cast.learner_yanta, year, "PROFESSIONAL", rules.hours_total - rules.hours_public)
    credit(cast.learner_yanta, year, "PUBLIC", rules.hours_public - 1)  # one public hour short
    with committed():
        reminders.hours_reminders_send(year=year, today=december)
    me = api(cast.learner_yanta)
    me.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    [item] = me.get("me/notices", unread=1).json()["items"]
    assert item["title"] == f"{year}: hours still missing"
    assert item["body"] == f"For {year} you still lack 1 public hour. The year closes on {year}-12-31."
    [text] = SmsMessage.objects.filter(phone=cast.learner_yanta.learner.phone)
    assert "公需课1学时" in text.text and "public" not in text.text

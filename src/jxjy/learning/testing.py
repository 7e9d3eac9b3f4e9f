"""Test helpers shared by the studying and ledger tests: a settable clock, a published course
with short lectures, paid enrolments, heartbeats through the API, made-up plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jxjy.accounts.models import User
from jxjy.catalog.models import Category, Course, Lecture
from jxjy.org.models import TrainingBase

from .models import Enrolment
from .services import enrolment_activate, enrolment_create

START = dt.datetime(2020, 6, 1, 10, 0, 0)


class FakeClock:
    """Stands in for `jxjy.core.clock.now`; `advance` moves it on without sleeping."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.current = timezone.make_aware(start) if timezone.is_naive(start) else start

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += dt.timedelta(seconds=seconds)

    def set(self, value: dt.datetime) -> None:
        self.current = timezone.make_aware(value) if timezone.is_naive(value) else value


def make_course(base: TrainingBase, *, title: str = "软件项目进度管理", category: str = Category.PROFESSIONAL,
                hours: int = 2, lectures: int = 2, duration: float = 120.0, published: bool = True) -> Course:
    course = Course.objects.create(base=base, category=category, title=title, hours=hours,
                                   status=Course.Status.PUBLISHED if published else Course.Status.DRAFT)
    for number in range(1, lectures + 1):
        Lecture.objects.create(course=course, number=number, title=f"Lecture {number}", duration=duration)
    return course


def enrol(user: User, course: Course, *, year: int = 2020, paid: bool = True) -> Enrolment:
    enrolment = enrolment_create(learner=user.learner, course=course, year=year)
    return enrolment_activate(enrolment=enrolment) if paid else enrolment


def heartbeat(client: Any, playback_id: int, seq: int, position: float, rate: float = 1.0) -> Any:
    return client.post(f"playbacks/{playback_id}/heartbeat", {"seq": seq, "position": position, "rate": rate})


def publish_year(actor: User, changes: dict[str, Any], year: int = 2020) -> Any:
    """Publishes a new version of `year`'s plan (or a made-up year) with other numbers."""
    from jxjy.plans.selectors import published_plan
    from jxjy.plans.services import plan_draft_from, plan_publish

    draft = plan_draft_from(actor=actor, plan=published_plan(2020), changes={"year": year, **changes})
    return plan_publish(actor=actor, plan=draft)

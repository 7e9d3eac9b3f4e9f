"""Studying's demo data (runs after billing's): 李雁塔's enrolment in the demo course is open for
study (paid by billing's demo), 张白水 is not enrolled, and the 渭南 base has one in-person session
scheduled. Idempotent: a second run finds all of it and adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jxjy.catalog.models import Course
from jxjy.core import clock
from jxjy.core.errors import DomainError
from jxjy.core.personas import Cast
from jxjy.org.models import Specialty
from jxjy.plans.selectors import current_year

from .models import Enrolment, InPersonSession
from .services import enrolment_activate, enrolment_create, session_schedule

DEMO_COURSE_TITLE = "软件工程项目管理实务"
DEMO_SESSION_SUBJECT = "现代农业实用技术推广(面授)"
DEMO_SESSION_SPECIALTY = "NY"
DEMO_SESSION_PLACE = "渭南市临渭区朝阳大街1号 渭南市继续教育基地培训楼"


def _enrolment(cast: Cast, stdout: Any) -> None:
    course = Course.objects.filter(title=DEMO_COURSE_TITLE, status=Course.Status.PUBLISHED).first()
    if course is None:
        stdout.write("learning: the demo course is not published; no enrolment")
        return
    learner = cast.learner_yanta.learner
    enrolment = (Enrolment.objects.filter(learner=learner, course=course)
                 .exclude(status=Enrolment.Status.CANCELLED).order_by("-year").first())
    if enrolment is None:
        # Billing's demo normally pays for it; without billing the demo still lets 李雁塔 study.
        enrolment = enrolment_create(learner=learner, course=course, year=current_year())
    if enrolment.status == Enrolment.Status.PENDING_PAYMENT:
        enrolment = enrolment_activate(enrolment=enrolment)
    stdout.write(f"learning: {learner.name} · {course.title} · {enrolment.year} · {enrolment.status.lower()}")


def _session(cast: Cast, stdout: Any) -> None:
    base = cast.weinan_base
    existing = InPersonSession.objects.filter(base=base, subject=DEMO_SESSION_SUBJECT).first()
    if existing is not None:
        stdout.write(f"learning: session “{existing.subject}” {existing.status.lower()}")
        return
    first = clock.today() + dt.timedelta(days=14)
    try:
        session = session_schedule(
            actor=cast.base_weinan, subject=DEMO_SESSION_SUBJECT, category="PROFESSIONAL",
            specialty_id=Specialty.objects.get(code=DEMO_SESSION_SPECIALTY).pk, year=None, starts_on=first,
            ends_on=first + dt.timedelta(days=1), hours=8, place=DEMO_SESSION_PLACE,
            capacity=40)
    except DomainError as exc:
        stdout.write(f"learning: no demo session ({exc.code})")
        return
    stdout.write(f"learning: session “{session.subject}” scheduled {session.starts_on}")


def seed(cast: Cast, stdout: Any) -> None:
    _enrolment(cast, stdout)
    _session(cast, stdout)

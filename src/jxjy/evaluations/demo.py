"""Course evaluations' demo data (runs after the statistics' demo, whose learners it uses):
three of its learners — 陈思远 (西安), 黄丽娟 (城固县) and 马晓雯 (宝鸡) — take the demo course
「软件工程项目管理实务」 in the plan year through the apps' own services: enrol and pay through
the sandbox cashier, watch every (seconds-long) lecture, pass the exam, which credits the hours
and completes the enrolment; then each evaluates it. None of them changes bucket in the
completion chart (陈思远 and 黄丽娟 were complete, 马晓雯 still lacks public hours).

Each step runs with the platform clock pinned at its date in the plan year (November), and is
left out if that date is still to come. Idempotent: each learner's enrolment, progress, exam
and evaluation is found before it is made.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jxjy.accounts.models import Learner
from jxjy.accounts.validators import make_id_number
from jxjy.billing import conf as billing_conf
from jxjy.billing.gateways.sandbox import SandboxGateway
from jxjy.billing.models import Order
from jxjy.billing.services import enrolment_order_create, payment_notification_handle
from jxjy.catalog.models import Course
from jxjy.core import clock
from jxjy.core.errors import DomainError
from jxjy.core.personas import Cast
from jxjy.learning.models import Enrolment, LectureProgress
from jxjy.plans.selectors import current_year

from .models import CourseEvaluation
from .services import evaluation_submit

DEMO_COURSE_TITLE = "软件工程项目管理实务"

# (the stats demo's learner: ID number parts, day of November, scores, comment)
EVALUATIONS: list[tuple[tuple[str, str, str], int, dict[str, int], str]] = [
    (("610113", "19900412", "231"), 2, {"overall": 5, "content": 5, "teaching": 4, "video": 5},
     "案例贴近软件企业实际，进度估算和风险管理两讲很实用，已经用在部门的项目里。"),
    (("610104", "19910630", "186"), 9, {"overall": 4, "content": 4, "teaching": 5, "video": 3},
     "老师讲得清楚，条理分明；个别视频画面偏暗，希望改进。"),
    (("610302", "19930217", "264"), 16, {"overall": 3, "content": 3, "teaching": 4, "video": 4}, ""),
]


def _at(year: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, 11, day, hour, minute))


def _enrolment(learner: Learner, course: Course, year: int, moment: dt.datetime) -> Enrolment | None:
    enrolment = (Enrolment.objects.filter(learner=learner, course=course, year=year)
                 .exclude(status=Enrolment.Status.CANCELLED).first())
    if enrolment is None:
        with clock.pinned(moment):
            enrolment, _order = enrolment_order_create(learner=learner, course=course, year=year)
    if enrolment.status == Enrolment.Status.PENDING_PAYMENT:
        order = Order.objects.filter(kind=Order.Kind.ENROLMENT, reference_id=enrolment.pk,
                                     status=Order.Status.PENDING).first()
        if order is None or order.gateway != "sandbox" or not billing_conf.sandbox_active():
            return None
        paid_at = moment + dt.timedelta(minutes=4)
        body = SandboxGateway().build_notification(order_number=order.number, amount=order.amount, paid_at=paid_at)
        with clock.pinned(paid_at):
            payment_notification_handle(gateway_name="sandbox", body=body, headers={})
        enrolment.refresh_from_db()
    return enrolment if enrolment.can_study else None


def _watch(enrolment: Enrolment, start: dt.datetime) -> None:
    """Each lecture played to its end, one heartbeat at the end (the demo's videos last seconds)."""
    from jxjy.learning.services import playback_heartbeat, playback_start

    done = set(LectureProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False)
               .values_list("lecture_id", flat=True))
    moment = start
    for lecture in enrolment.course.lectures.order_by("number"):
        if lecture.pk in done:
            continue
        with clock.pinned(moment):
            started = playback_start(learner=enrolment.learner, lecture=lecture, enrolment_id=enrolment.pk)
        moment += dt.timedelta(seconds=float(lecture.duration) + 1)
        with clock.pinned(moment):
            playback_heartbeat(playback_id=started.playback.pk, seq=1, position=float(lecture.duration), rate=1.0,
                               user_id=enrolment.learner.user_id)
        moment += dt.timedelta(minutes=2)


def _exam(enrolment: Enrolment, moment: dt.datetime) -> None:
    """Sits the exam and answers every question right; the pass credits the hours on commit."""
    from jxjy.exams import papers
    from jxjy.exams.models import Question
    from jxjy.exams.selectors import exam_passed
    from jxjy.exams.services import attempt_start, attempt_submit

    if exam_passed(enrolment):
        return
    with clock.pinned(moment):
        attempt, _created = attempt_start(learner=enrolment.learner, course=enrolment.course, enrolment=enrolment)
    keys = dict(Question.objects.filter(pk__in=[i["q"] for i in attempt.paper]).values_list("id", "answer"))
    answers = {}
    for item in attempt.paper:
        shown = papers.shown_keys(item["t"], item["o"])
        answers[str(item["q"])] = [shown[item["o"].index(k)] for k in keys[item["q"]]]
    with clock.pinned(moment + dt.timedelta(minutes=25)):
        attempt_submit(attempt=attempt, answers=answers)


def seed(cast: Cast, stdout: Any) -> None:
    year = current_year()
    if clock.today() <= dt.date(year, 11, 30):
        stdout.write(f"evaluations: November {year} is not over; no demo evaluations")
        return
    course = Course.objects.filter(title=DEMO_COURSE_TITLE, base=cast.provincial_base,
                                   status=Course.Status.PUBLISHED).first()
    if course is None:
        stdout.write("evaluations: the demo course is not published; no demo evaluations")
        return
    made = 0
    for parts, day, scores, comment in EVALUATIONS:
        learner = Learner.objects.filter(id_number=make_id_number(*parts)).select_related("user").first()
        if learner is None:
            continue  # the statistics' demo did not make its year (too early in it)
        if CourseEvaluation.objects.filter(learner=learner, course=course, year=year).exists():
            continue
        try:
            enrolment = _enrolment(learner, course, year, _at(year, day, 9))
            if enrolment is None:
                stdout.write(f"evaluations: {learner.name} could not pay for the demo course")
                continue
            _watch(enrolment, _at(year, day, 10))
            _exam(enrolment, _at(year, day, 15))
            enrolment.refresh_from_db()
            if enrolment.status != Enrolment.Status.COMPLETED:
                stdout.write(f"evaluations: {learner.name} did not complete the demo course")
                continue
            with clock.pinned(_at(year, day + 1, 20)):
                evaluation_submit(actor=learner.user, enrolment=enrolment, scores=scores, comment=comment)
            made += 1
        except DomainError as exc:
            stdout.write(f"evaluations: {learner.name}: {exc.code} ({exc.message})")
    total = CourseEvaluation.objects.filter(course=course).count()
    stdout.write(f"evaluations: {made} new, {total} evaluations of “{course.title}”")

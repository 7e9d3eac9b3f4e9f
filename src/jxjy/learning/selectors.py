"""Reads on studying: whether lectures are complete, whether study has started, progress views."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldError
from django.db.models import Count
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner
from jxjy.catalog.models import Course, Lecture
from jxjy.core import clock
from jxjy.core.errors import Conflict, NotFound, PermissionDenied
from jxjy.plans.rules import YearRules
from jxjy.plans.selectors import current_plan, published_plan

from . import progress as core
from .models import Enrolment, LectureProgress


def rules_for_year(year: int) -> YearRules:
    """The rules a credited year is studied under: that year's published plan, or, for a past
    year without a plan on the platform (make-up of years before it), the current plan."""
    try:
        return published_plan(year).rules()
    except NotFound:
        return current_plan().rules()


def lectures_complete(enrolment: Enrolment) -> bool:
    """Whether every lecture of the enrolment's course is complete (watched to the plan's share).
    A course without lectures is never complete."""
    counts = Lecture.objects.filter(course_id=enrolment.course_id).aggregate(
        total=Count("id"))
    total = counts["total"] or 0
    if total == 0:
        return False
    done = LectureProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False,
                                          lecture__course_id=enrolment.course_id).count()
    return done >= total


def _exam_attempted(enrolment: Enrolment) -> bool:
    # The exams app owns attempts; it is looked up lazily so that studying does not depend on it.
    try:
        from jxjy.exams.models import ExamAttempt  # type: ignore[attr-defined]
    except ImportError:
        return False
    try:
        return ExamAttempt.objects.filter(enrolment=enrolment).exists()
    except (FieldError, ValueError, TypeError):
        return False


def study_started(enrolment: Enrolment) -> bool:
    """Whether the learner has begun studying: a refund is then no longer possible.

    True once any second of video was credited, an exam attempt exists, or the course is done.
    """
    if enrolment.status == Enrolment.Status.COMPLETED:
        return True
    if LectureProgress.objects.filter(enrolment=enrolment, watched_ms__gt=0).exists():
        return True
    return _exam_attempted(enrolment)


@dataclass(frozen=True)
class LectureRow:
    lecture: Lecture
    progress: float
    completed: bool


def lecture_rows(enrolment: Enrolment) -> list[LectureRow]:
    """Each lecture of the enrolment's course with the learner's watched share."""
    lectures = list(Lecture.objects.filter(course_id=enrolment.course_id).order_by("number"))
    stored = {p.lecture_id: p for p in LectureProgress.objects.filter(enrolment=enrolment)}
    rows = []
    for lecture in lectures:
        p = stored.get(lecture.pk)
        duration = core.to_ms(lecture.duration)
        rows.append(LectureRow(lecture=lecture, progress=core.progress_share(p.watched_ms if p else 0, duration),
                               completed=bool(p and p.completed_at)))
    return rows


def enrolment_progress(enrolments: list[Enrolment]) -> dict[int, tuple[int, int]]:
    """(complete lectures, lectures) per enrolment id, in two queries."""
    course_ids = {e.course_id for e in enrolments}
    totals = dict(Lecture.objects.filter(course_id__in=course_ids).values_list("course_id").annotate(n=Count("id")))
    done = dict(LectureProgress.objects.filter(enrolment__in=enrolments, completed_at__isnull=False)
                .values_list("enrolment_id").annotate(n=Count("id")))
    return {e.pk: (done.get(e.pk, 0), totals.get(e.course_id, 0)) for e in enrolments}


def studyable_enrolment(learner: Learner, course: Course, enrolment_id: int | None) -> Enrolment:
    """The enrolment a learner studies a course under: paid, and its year still open (make-up
    deadline). Raises a clear error when there is none."""
    qs = Enrolment.objects.filter(learner=learner, course=course).exclude(status=Enrolment.Status.CANCELLED)
    if enrolment_id is not None:
        qs = qs.filter(pk=enrolment_id)
    enrolments = list(qs)
    studyable = [e for e in enrolments if e.can_study]
    if not studyable:
        if enrolments:
            raise Conflict(_("Please pay for the course first; study opens once the payment is received"),
                           code="enrolment_unpaid")
        raise PermissionDenied(_("You are not enrolled in this course"), code="not_enrolled")
    rules = current_plan().rules()
    today = clock.today()
    open_ = [e for e in studyable if rules.makeup_open(e.year, today)]
    if not open_:
        year = studyable[0].year
        raise Conflict(_("Make-up study for %(year)s has closed") % {"year": year}, code="makeup_closed",
                       detail={"year": year})
    # The same choice as the exams app makes (latest year first), so that the lectures watched
    # and the exam sat belong to the same enrolment when a course is taken for two years.
    open_.sort(key=lambda e: (-e.year, -e.pk))
    return open_[0]

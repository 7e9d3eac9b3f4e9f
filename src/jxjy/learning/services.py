"""Writes on studying. Enrolment is created here; payment (billing) activates it."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from jxjy.accounts.models import Learner
from jxjy.catalog.models import Course
from jxjy.core import clock
from jxjy.core.errors import Conflict, NotFound, ValidationFailed
from jxjy.plans.selectors import current_plan

from .models import Enrolment


def enrolment_create(*, learner: Learner, course: Course, year: int) -> Enrolment:
    """Enrols a learner in a published course for the current year, or a past year as make-up
    while that year's make-up deadline (from the current plan) has not passed."""
    if not course.is_published:
        raise NotFound("未找到该课程", code="course_not_found")
    rules = current_plan().rules()
    if year > rules.year:
        raise ValidationFailed(f"不能报名{year}年度，当前学习年度为{rules.year}年", code="year_not_open",
                               detail={"year": year, "current_year": rules.year})
    if year != rules.year:
        if not rules.makeup_open(year, clock.today()):
            deadline = rules.makeup_deadlines.get(year)
            raise Conflict(
                f"{year}年度补学已于{deadline}截止" if deadline else f"{year}年度不在补学范围内",
                code="makeup_closed", detail={"year": year, "deadline": deadline.isoformat() if deadline else None})
    if Enrolment.objects.filter(learner=learner, course=course, year=year).exclude(
            status=Enrolment.Status.CANCELLED).exists():
        raise Conflict("您已报名该课程", code="already_enrolled")
    try:
        with transaction.atomic():
            return Enrolment.objects.create(learner=learner, course=course, year=year)
    except IntegrityError as exc:
        raise Conflict("您已报名该课程", code="already_enrolled") from exc


def enrolment_activate(*, enrolment: Enrolment) -> Enrolment:
    """Opens study after payment (or at once for a free enrolment). Idempotent."""
    with transaction.atomic():
        row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if row.status == Enrolment.Status.PENDING_PAYMENT:
            row.status = Enrolment.Status.ACTIVE
            row.activated_at = clock.now()
            row.save(update_fields=["status", "activated_at"])
        return row


def enrolment_cancel(*, enrolment: Enrolment) -> Enrolment:
    """Cancels an enrolment whose order was refunded, cancelled or expired. Idempotent."""
    with transaction.atomic():
        row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if row.status in (Enrolment.Status.PENDING_PAYMENT, Enrolment.Status.ACTIVE):
            row.status = Enrolment.Status.CANCELLED
            row.save(update_fields=["status"])
        return row

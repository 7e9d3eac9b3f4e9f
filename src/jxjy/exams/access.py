"""Who may reach which banks and attempts. What is missing and what is out of scope answer alike:
not found. A base administers the banks of its own courses; the authorities may look at them;
a learner reaches only the exams of courses open to it and only its own attempts."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.access import learner_of
from jxjy.accounts.models import Learner, User
from jxjy.catalog.models import Course
from jxjy.core.errors import NotFound, PermissionDenied
from jxjy.org.models import TrainingBase

from .models import ExamAttempt

Role = User.Role


def _role(user: Any) -> str:
    return getattr(user, "role", "") if getattr(user, "is_authenticated", False) else ""


def bank_courses(user: Any) -> QuerySet[Course]:
    """Courses whose bank the user may look at."""
    qs = Course.objects.select_related("base")
    role = _role(user)
    if role == Role.PROVINCE_ADMIN:
        return qs
    if role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(base__city_id=user.city_id, base__level=TrainingBase.Level.CITY)
    if role == Role.BASE_ADMIN and user.base_id:
        return qs.filter(base_id=user.base_id)
    return qs.none()


def access_bank_course(user: Any, course_id: int) -> Course:
    course = bank_courses(user).filter(pk=course_id).first()
    if course is None:
        raise NotFound(_("Course not found"), code="course_not_found")
    return course


def is_owning_base(user: Any, course: Course) -> bool:
    return _role(user) == Role.BASE_ADMIN and user.base_id is not None and user.base_id == course.base_id


def access_bank_course_for_import(user: Any, course_id: int) -> Course:
    """The course for its own base's administrator; the authorities may look but not import."""
    course = access_bank_course(user, course_id)
    if not is_owning_base(user, course):
        raise PermissionDenied(_("Only the course's own training base may import its question bank"),
                               code="bank_base_only")
    return course


def access_exam_course(user: Any, course_id: int) -> tuple[Learner, Course]:
    """A course whose exam a learner may look at: published, or one the learner is enrolled in."""
    learner = learner_of(user)
    course = (Course.objects.filter(pk=course_id)
              .filter(Q(status=Course.Status.PUBLISHED) | Q(enrolments__learner=learner)).distinct().first())
    if course is None:
        raise NotFound(_("Course not found"), code="course_not_found")
    return learner, course


def access_attempt(user: Any, attempt_id: int) -> ExamAttempt:
    """One of the signed-in learner's own attempts."""
    if _role(user) != Role.LEARNER:
        raise NotFound(_("Exam attempt not found"), code="attempt_not_found")
    attempt = (ExamAttempt.objects.select_related("enrolment", "enrolment__course", "bank")
               .filter(pk=attempt_id, enrolment__learner__user=user).first())
    if attempt is None:
        raise NotFound(_("Exam attempt not found"), code="attempt_not_found")
    return attempt

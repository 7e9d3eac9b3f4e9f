"""Who may see which courses and course applications.

A base sees its own applications; a city bureau those of the city-level bases in its city once
submitted; the province every submitted one. Anything else answers "not found", alike for what
is missing and what is out of scope.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import NotFound, PermissionDenied
from jxjy.org.models import TrainingBase

from .models import Course, CourseApplication

Role = User.Role


def _role(user: Any) -> str:
    return getattr(user, "role", "") if getattr(user, "is_authenticated", False) else ""


def applications_visible(user: Any) -> QuerySet[CourseApplication]:
    qs = CourseApplication.objects.select_related("course", "course__specialty", "base", "base__city")
    role = _role(user)
    # A draft that was never submitted is the base's own business.
    submitted = Q(round__gt=0)
    if role == Role.PROVINCE_ADMIN:
        return qs.filter(submitted)
    if role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(submitted, base__city_id=user.city_id, base__level=TrainingBase.Level.CITY)
    if role == Role.BASE_ADMIN and user.base_id:
        return qs.filter(base_id=user.base_id)
    return qs.none()


def access_application(user: Any, application_id: int) -> CourseApplication:
    application = applications_visible(user).filter(pk=application_id).first()
    if application is None:
        raise NotFound(_("Course application not found"), code="application_not_found")
    return application


def access_application_for_edit(user: Any, application_id: int) -> CourseApplication:
    """The application for its own base's administrator; reviewers may look but not edit."""
    application = access_application(user, application_id)
    if _role(user) != Role.BASE_ADMIN:
        raise PermissionDenied(_("Only the applicant base may change its application"),
                               code="application_base_only")
    return application


def require_reviewer(user: Any) -> None:
    if _role(user) not in (Role.CITY_ADMIN, Role.PROVINCE_ADMIN):
        raise PermissionDenied(_("Only the city bureau or the province may review applications"),
                               code="reviewers_only")


def require_base_admin(user: Any) -> TrainingBase:
    if _role(user) != Role.BASE_ADMIN or not user.base_id:
        raise PermissionDenied(_("Only a training base may apply for courses"), code="bases_only")
    return user.base


def courses_visible(user: Any) -> QuerySet[Course]:
    """Published courses for everyone; a course in production also for its base and the
    authorities that review it."""
    qs = Course.objects.select_related("base", "specialty")
    published = Q(status=Course.Status.PUBLISHED)
    role = _role(user)
    if role == Role.PROVINCE_ADMIN:
        return qs
    if role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(published | Q(base__city_id=user.city_id, base__level=TrainingBase.Level.CITY,
                                       application__round__gt=0))
    if role == Role.BASE_ADMIN and user.base_id:
        return qs.filter(published | Q(base_id=user.base_id))
    return qs.filter(published)


def access_course(user: Any, course_id: int) -> Course:
    course = courses_visible(user).filter(pk=course_id).first()
    if course is None:
        raise NotFound(_("Course not found"), code="course_not_found")
    return course

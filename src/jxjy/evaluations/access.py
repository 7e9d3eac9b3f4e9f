"""Who may evaluate, and who sees which evaluations.

Only the learner of an enrolment evaluates it; what is missing and what is someone else's
answer alike: not found. Everyone sees a course's summary and its comments anonymised ("李**");
a base's administrator sees its own courses' evaluations, still without the learners' names;
only the province sees who wrote what (it oversees the bases and handles complaints about
them). City bureaus see per-base averages in the statistics, not single evaluations.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import NotFound, PermissionDenied
from jxjy.learning.models import Enrolment

from .models import CourseEvaluation

Role = User.Role


def _role(user: Any) -> str:
    return getattr(user, "role", "") if getattr(user, "is_authenticated", False) else ""


def access_own_enrolment(user: Any, enrolment_id: int) -> Enrolment:
    """The signed-in learner's own enrolment, for evaluating it."""
    enrolment = None
    if _role(user) == Role.LEARNER:
        enrolment = (Enrolment.objects.select_related("course", "course__base", "learner")
                     .filter(pk=enrolment_id, learner__user_id=user.pk).first())
    if enrolment is None:
        raise NotFound(_("Enrolment not found"), code="enrolment_not_found")
    return enrolment


def may_see_authors(user: Any) -> bool:
    return _role(user) == Role.PROVINCE_ADMIN


def require_reader(user: Any) -> None:
    """The list of single evaluations: a base's administrator (its own) and the province."""
    role = _role(user)
    if not ((role == Role.BASE_ADMIN and getattr(user, "base_id", None)) or role == Role.PROVINCE_ADMIN):
        raise PermissionDenied(_("Only a training base and the province read single evaluations"),
                               code="evaluations_forbidden")


def evaluations_visible(user: Any) -> QuerySet[CourseEvaluation]:
    qs = CourseEvaluation.objects.select_related("course", "course__base")
    role = _role(user)
    if role == Role.PROVINCE_ADMIN:
        return qs.select_related("learner")
    if role == Role.BASE_ADMIN and getattr(user, "base_id", None):
        return qs.filter(course__base_id=user.base_id)
    return qs.none()

"""Who may see which people. Everything a user names by id is fetched through here, and what
is missing and what is out of scope answer alike: not found."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jxjy.core.errors import NotFound, PermissionDenied

from .models import Learner, User

Role = User.Role


def learners_visible(user: User) -> QuerySet[Learner]:
    qs = Learner.objects.select_related("employer", "employer__county", "specialty", "user")
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.PROVINCE_ADMIN:
        return qs
    if user.role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(Q(employer__county__parent_id=user.city_id) | Q(employer__county_id=user.city_id))
    if user.role == Role.EMPLOYER_REVIEWER and user.employer_id:
        return qs.filter(employer_id=user.employer_id)
    if user.role == Role.BASE_ADMIN and user.base_id:
        # A base sees the people who study with it: online, or registered to its in-person sessions.
        from jxjy.learning.models import SessionRegistration

        in_person = SessionRegistration.objects.filter(session__base_id=user.base_id).exclude(
            status=SessionRegistration.Status.CANCELLED).values("learner_id")
        return qs.filter(Q(enrolments__course__base_id=user.base_id) | Q(pk__in=in_person)).distinct()
    if user.role == Role.LEARNER:
        return qs.filter(user=user)
    return qs.none()


def access_learner(user: User, learner_id: int) -> Learner:
    learner = learners_visible(user).filter(pk=learner_id).first()
    if learner is None:
        raise NotFound(_("Learner not found"), code="learner_not_found")
    return learner


def learner_of(user: User) -> Learner:
    """The signed-in learner's own record; other roles have none."""
    if not user.is_authenticated or user.role != Role.LEARNER:
        raise PermissionDenied(_("Only learners can do this"), code="learners_only")
    learner = Learner.objects.select_related("employer", "employer__county", "specialty").filter(user=user).first()
    if learner is None:
        raise PermissionDenied(_("Your learner record was not found"), code="learners_only")
    return learner


def require_role(user: User, *roles: str) -> None:
    if not user.is_authenticated or user.role not in roles:
        raise PermissionDenied()

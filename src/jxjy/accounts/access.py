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


def staff_visible(user: User) -> QuerySet[User]:
    """The staff accounts whose password the user may reset: the province's, every city
    administrator and every base and employer account; a city's, the base administrators of its
    city's bases and the reviewers of its city's employers (org's scoping). Learners and the
    province administrators are nobody's to reset (see rules.RESETTABLE_BY)."""
    from jxjy.org.access import bases_visible, employers_visible

    from .rules import RESETTABLE_BY

    qs = User.objects.select_related("city", "base", "employer").exclude(pk=getattr(user, "pk", None))
    if not user.is_authenticated or user.role not in RESETTABLE_BY:
        return qs.none()
    qs = qs.filter(role__in=RESETTABLE_BY[user.role])
    if user.role == Role.PROVINCE_ADMIN:
        return qs
    return qs.filter(Q(role=Role.BASE_ADMIN, base__in=bases_visible(user))
                     | Q(role=Role.EMPLOYER_REVIEWER, employer__in=employers_visible(user)))


def access_staff(user: User, user_id: int) -> User:
    target = staff_visible(user).filter(pk=user_id).first()
    if target is None:
        raise NotFound(_("Account not found"), code="staff_not_found")
    return target

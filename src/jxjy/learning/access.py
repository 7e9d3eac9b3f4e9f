"""Who may see which lectures, playbacks, enrolments and in-person sessions.

A learner reaches only their own playbacks, enrolments and registrations; a base administrator
its own base's sessions; a city bureau the sessions of the bases in its city; the province all.
What is missing and what is out of scope answer alike: not found.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.access import learners_visible
from jxjy.accounts.models import User
from jxjy.catalog.models import Course, Lecture
from jxjy.core.errors import NotFound, PermissionDenied

from .models import Enrolment, InPersonSession, Playback, SessionRegistration

Role = User.Role


def _role(user: Any) -> str:
    return getattr(user, "role", "") if getattr(user, "is_authenticated", False) else ""


def access_lecture(user: Any, lecture_id: int) -> Lecture:
    """A lecture of a published course; playing it still needs a paid enrolment."""
    lecture = (Lecture.objects.select_related("course", "course__base")
               .filter(pk=lecture_id, course__status=Course.Status.PUBLISHED).first())
    if lecture is None or not _role(user):
        raise NotFound(_("Lecture not found"), code="lecture_not_found")
    return lecture


def access_playback(user: Any, playback_id: int) -> Playback:
    playback = Playback.objects.filter(pk=playback_id, learner__user_id=getattr(user, "pk", None)).first()
    if playback is None or _role(user) != Role.LEARNER:
        raise NotFound(_("Playback not found"), code="playback_not_found")
    return playback


def enrolments_visible(user: Any) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.select_related("course", "learner")
    role = _role(user)
    if role == Role.LEARNER:
        return qs.filter(learner__user=user)
    if role == Role.BASE_ADMIN and user.base_id:
        return qs.filter(course__base_id=user.base_id)
    if role in (Role.PROVINCE_ADMIN, Role.CITY_ADMIN, Role.EMPLOYER_REVIEWER):
        return qs.filter(learner__in=learners_visible(user))
    return qs.none()


def access_enrolment(user: Any, enrolment_id: int) -> Enrolment:
    enrolment = enrolments_visible(user).filter(pk=enrolment_id).first()
    if enrolment is None:
        raise NotFound(_("Enrolment not found"), code="enrolment_not_found")
    return enrolment


def sessions_visible(user: Any) -> QuerySet[InPersonSession]:
    """Learners see every scheduled or closed session (to register); administrators their scope."""
    qs = InPersonSession.objects.select_related("base", "base__city", "specialty", "course")
    role = _role(user)
    if role == Role.PROVINCE_ADMIN:
        return qs
    if role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(base__city_id=user.city_id)
    if role == Role.BASE_ADMIN and user.base_id:
        return qs.filter(base_id=user.base_id)
    if role == Role.LEARNER:
        return qs.filter(Q(status__in=[InPersonSession.Status.SCHEDULED, InPersonSession.Status.CLOSED])
                         | Q(registrations__learner__user=user)).distinct()
    return qs.none()


def access_session(user: Any, session_id: int) -> InPersonSession:
    session = sessions_visible(user).filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("Session not found"), code="session_not_found")
    return session


def access_session_to_manage(user: Any, session_id: int) -> InPersonSession:
    """A session for its own base's administrator; the authorities may look but not record."""
    session = access_session(user, session_id)
    if _role(user) != Role.BASE_ADMIN:
        raise PermissionDenied(_("Only the base running the session may do this"), code="session_base_only")
    return session


def registrations_visible(user: Any) -> QuerySet[SessionRegistration]:
    qs = SessionRegistration.objects.select_related("session", "session__base", "learner", "learner__employer")
    role = _role(user)
    if role == Role.LEARNER:
        return qs.filter(learner__user=user)
    return qs.filter(session__in=sessions_visible(user))

"""Who may see which consultations and complaints. What is missing and what is out of scope
answer alike: not found.

Consultations: the asker; the province; the city bureau of the asker's city.
Complaints: the complainant; the province; the city bureau in charge of a city base; the base
complained about once the authority has accepted the complaint (never the complainant's personal
data or evidence): the acceptance is what forwards it to the base for its statement, so a base
cannot learn of a complaint, and press the learner, before the authority is on it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import NotFound, PermissionDenied

from .models import Complaint, Consultation, PolicyArticle, PolicyAttachment

Role = User.Role
AUTHORITY_ROLES = (Role.PROVINCE_ADMIN, Role.CITY_ADMIN)
BASE_SEES = (Complaint.Status.ACCEPTED, Complaint.Status.RESOLVED)


def _role(user: Any) -> str:
    return getattr(user, "role", "") if getattr(user, "is_authenticated", False) else ""


def is_authority(user: Any) -> bool:
    role = _role(user)
    return role == Role.PROVINCE_ADMIN or (role == Role.CITY_ADMIN and bool(user.city_id))


def require_authority(user: Any) -> None:
    if not is_authority(user):
        raise PermissionDenied(_("Only the province and the city HR bureaus handle this"),
                               code="service_authority_only")


def access_article(article_id: int) -> PolicyArticle:
    article = PolicyArticle.objects.filter(pk=article_id).first()
    if article is None:
        raise NotFound(_("Policy article not found"), code="policy_not_found")
    return article


def access_attachment(article_id: int, attachment_id: int) -> PolicyAttachment:
    """An attachment of a library article (public, as the article is); one of another article,
    or none, is not found alike."""
    item = PolicyAttachment.objects.select_related("article").filter(pk=attachment_id, article_id=article_id).first()
    if item is None:
        raise NotFound(_("Attachment not found"), code="attachment_not_found")
    return item


# ---------------------------------------------------------------------------------------------
# Consultations


def consultations_visible(user: Any) -> QuerySet[Consultation]:
    qs = Consultation.objects.select_related("asker", "city", "article", "answered_by")
    role = _role(user)
    if not role:
        return qs.none()
    if role == Role.PROVINCE_ADMIN:
        return qs
    mine = Q(asker=user)
    if role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(mine | Q(city_id=user.city_id))
    return qs.filter(mine)


def access_consultation(user: Any, consultation_id: int) -> Consultation:
    item = consultations_visible(user).filter(pk=consultation_id).first()
    if item is None:
        raise NotFound(_("Consultation not found"), code="consultation_not_found")
    return item


def access_own_consultation(user: Any, consultation_id: int) -> Consultation:
    item = consultations_visible(user).filter(pk=consultation_id, asker=user).first()
    if item is None:
        raise NotFound(_("Consultation not found"), code="consultation_not_found")
    return item


def consultation_queue(user: Any) -> QuerySet[Consultation]:
    """The consultations an authority answers (not its own questions)."""
    require_authority(user)
    qs = consultations_visible(user)
    if _role(user) == Role.CITY_ADMIN:
        qs = qs.filter(city_id=user.city_id)
    return qs


def may_answer(user: Any, item: Consultation) -> bool:
    role = _role(user)
    if item.asker_id == getattr(user, "pk", None):
        return False
    return role == Role.PROVINCE_ADMIN or (role == Role.CITY_ADMIN and bool(user.city_id)
                                           and user.city_id == item.city_id)


# ---------------------------------------------------------------------------------------------
# Complaints


def complaints_visible(user: Any) -> QuerySet[Complaint]:
    qs = Complaint.objects.select_related("complainant", "complainant__employer", "base", "base__city", "course",
                                          "city", "accepted_by", "resolved_by")
    role = _role(user)
    if role == Role.PROVINCE_ADMIN:
        return qs
    if role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(city_id=user.city_id)
    if role == Role.BASE_ADMIN and user.base_id:
        return qs.filter(base_id=user.base_id, status__in=BASE_SEES)
    if role == Role.LEARNER:
        return qs.filter(complainant__user=user)
    return qs.none()


def access_complaint(user: Any, complaint_id: int) -> Complaint:
    item = complaints_visible(user).filter(pk=complaint_id).first()
    if item is None:
        raise NotFound(_("Complaint not found"), code="complaint_not_found")
    return item


def access_own_complaint(user: Any, complaint_id: int) -> Complaint:
    item = complaints_visible(user).filter(pk=complaint_id, complainant__user=user).first()
    if item is None:
        raise NotFound(_("Complaint not found"), code="complaint_not_found")
    return item


def complaint_queue(user: Any) -> QuerySet[Complaint]:
    """The complaints an authority handles, or (for a base) the accepted and resolved ones against it."""
    if _role(user) == Role.BASE_ADMIN and user.base_id:
        return complaints_visible(user)
    require_authority(user)
    return complaints_visible(user)


def may_handle(user: Any, item: Complaint) -> bool:
    """The authority in charge: the city bureau of a city base, the province of a provincial base."""
    role = _role(user)
    if item.city_id is None:
        return role == Role.PROVINCE_ADMIN
    return role == Role.CITY_ADMIN and user.city_id == item.city_id


def sees_complainant(user: Any, item: Complaint) -> bool:
    """The base never learns who complained; the complainant and the authorities do."""
    return _role(user) in (Role.PROVINCE_ADMIN, Role.CITY_ADMIN, Role.LEARNER)


def may_see_evidence(user: Any, item: Complaint) -> bool:
    return sees_complainant(user, item)


def may_reply(user: Any, item: Complaint) -> bool:
    """The base complained about writes statements (whether it still may: the service decides by status)."""
    return _role(user) == Role.BASE_ADMIN and bool(user.base_id) and user.base_id == item.base_id

"""Which organisations a user may see: a city admin its city's, a base admin its own base."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import NotFound

from .models import Employer, TrainingBase

Role = User.Role


def bases_visible(user: User) -> QuerySet[TrainingBase]:
    qs = TrainingBase.objects.select_related("city")
    if user.role == Role.PROVINCE_ADMIN:
        return qs
    if user.role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(city_id=user.city_id, level=TrainingBase.Level.CITY)
    if user.role == Role.BASE_ADMIN and user.base_id:
        return qs.filter(pk=user.base_id)
    return qs.none()


def access_base(user: User, base_id: int) -> TrainingBase:
    base = bases_visible(user).filter(pk=base_id).first()
    if base is None:
        raise NotFound(_("Training base not found"), code="base_not_found")
    return base


def employers_visible(user: User) -> QuerySet[Employer]:
    qs = Employer.objects.select_related("county", "county__parent")
    if user.role == Role.PROVINCE_ADMIN:
        return qs
    if user.role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(Q(county__parent_id=user.city_id) | Q(county_id=user.city_id))
    if user.role == Role.EMPLOYER_REVIEWER and user.employer_id:
        return qs.filter(pk=user.employer_id)
    return qs.none()


def access_employer(user: User, employer_id: int) -> Employer:
    employer = employers_visible(user).filter(pk=employer_id).first()
    if employer is None:
        raise NotFound(_("Employer not found"), code="employer_not_found")
    return employer

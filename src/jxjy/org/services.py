"""Writes on organisations: employers and training bases."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.accounts.validators import check_credit_code
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, PermissionDenied, ValidationFailed

from .models import Division, Employer, Specialty, TrainingBase
from .selectors import division_by_code


def employer_create(*, actor: User | None, name: str, credit_code: str, county_code: str) -> Employer:
    code, reason = check_credit_code(credit_code)
    if reason:
        raise ValidationFailed(reason, detail={"errors": [{"field": "credit_code", "reason": reason}]})
    county = division_by_code(county_code)
    if county.kind != Division.Kind.COUNTY:
        raise ValidationFailed(_("An employer's location must be a county-level division"), detail={"errors": [{"field": "county_code",
                                                                          "reason": _("Must be a county-level code")}]})
    if actor is not None:
        if actor.role == User.Role.CITY_ADMIN:
            if county.parent_id != actor.city_id:
                raise PermissionDenied(_("You can only register employers of your city"))
        elif actor.role != User.Role.PROVINCE_ADMIN:
            raise PermissionDenied()
    if Employer.objects.filter(credit_code=code).exists():
        raise Conflict(_("This unified social credit code is already registered"), code="employer_exists")
    with transaction.atomic():
        employer = Employer.objects.create(name=name.strip(), credit_code=code, county=county)
        if actor is not None:
            audit_record(actor=actor, action="employer.create", obj=employer, after=snapshot(employer))
    return employer


def base_create(*, actor: User | None, name: str, level: str, city_code: str, specialty_codes: list[str],
                permissions: list[str]) -> TrainingBase:
    if actor is not None and actor.role != User.Role.PROVINCE_ADMIN:
        raise PermissionDenied(_("Only the province accredits training bases"))
    errors = []
    if level not in TrainingBase.Level.values:
        errors.append({"field": "level", "reason": _("Invalid base level")})
    bad = [p for p in permissions if p not in TrainingBase.Permission.values]
    if bad:
        errors.append({"field": "permissions", "reason": _("Unknown training permission: %(names)s") % {"names": ", ".join(bad)}})
    if TrainingBase.Permission.ONLINE_PUBLIC in permissions and level != TrainingBase.Level.PROVINCIAL:
        errors.append({"field": "permissions", "reason": _("Only provincial bases may run online public courses")})
    specialties = list(Specialty.objects.filter(code__in=specialty_codes))
    missing = set(specialty_codes) - {s.code for s in specialties}
    if missing:
        errors.append({"field": "specialty_codes", "reason": _("Unknown specialty: %(codes)s") % {"codes": ", ".join(sorted(missing))}})
    if errors:
        raise ValidationFailed(_("The training base data is invalid"), detail={"errors": errors})
    city = division_by_code(city_code)
    if city.kind != Division.Kind.CITY:
        raise ValidationFailed(_("A base's city must be a city-level division"))
    with transaction.atomic():
        base = TrainingBase.objects.create(name=name, level=level, city=city, permissions=list(permissions))
        base.specialty_scope.set(specialties)
        if actor is not None:
            audit_record(actor=actor, action="base.create", obj=base, after=snapshot(base))
    return base


def base_set_status(*, actor: User, base: TrainingBase, status: str, reason: str = "") -> TrainingBase:
    if actor.role != User.Role.PROVINCE_ADMIN and not (
            actor.role == User.Role.CITY_ADMIN and base.level == TrainingBase.Level.CITY
            and base.city_id == actor.city_id):
        raise PermissionDenied()
    if status not in TrainingBase.Status.values:
        raise ValidationFailed(_("Invalid status"))
    with transaction.atomic():
        row = TrainingBase.objects.select_for_update().get(pk=base.pk)
        before = snapshot(row, ["status"])
        row.status = status
        row.save(update_fields=["status"])
        audit_record(actor=actor, action="base.set_status", obj=row, before=before,
                     after={"status": status, "reason": reason})
    return row

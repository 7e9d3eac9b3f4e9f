"""Writes on organisations: employers and training bases."""

from __future__ import annotations

from django.db import transaction

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
        raise ValidationFailed("单位所在地须为县(区)级行政区划", detail={"errors": [{"field": "county_code",
                                                                          "reason": "须为县(区)级代码"}]})
    if actor is not None:
        if actor.role == User.Role.CITY_ADMIN:
            if county.parent_id != actor.city_id:
                raise PermissionDenied("只能登记本市的单位")
        elif actor.role != User.Role.PROVINCE_ADMIN:
            raise PermissionDenied()
    if Employer.objects.filter(credit_code=code).exists():
        raise Conflict("该统一社会信用代码已登记", code="employer_exists")
    with transaction.atomic():
        employer = Employer.objects.create(name=name.strip(), credit_code=code, county=county)
        if actor is not None:
            audit_record(actor=actor, action="employer.create", obj=employer, after=snapshot(employer))
    return employer


def base_create(*, actor: User | None, name: str, level: str, city_code: str, specialty_codes: list[str],
                permissions: list[str]) -> TrainingBase:
    if actor is not None and actor.role != User.Role.PROVINCE_ADMIN:
        raise PermissionDenied("只有省人社厅可以认定基地")
    errors = []
    if level not in TrainingBase.Level.values:
        errors.append({"field": "level", "reason": "基地级别无效"})
    bad = [p for p in permissions if p not in TrainingBase.Permission.values]
    if bad:
        errors.append({"field": "permissions", "reason": f"未知的培训权限：{'、'.join(bad)}"})
    if TrainingBase.Permission.ONLINE_PUBLIC in permissions and level != TrainingBase.Level.PROVINCIAL:
        errors.append({"field": "permissions", "reason": "网络公需课只能由省级基地承办"})
    specialties = list(Specialty.objects.filter(code__in=specialty_codes))
    missing = set(specialty_codes) - {s.code for s in specialties}
    if missing:
        errors.append({"field": "specialty_codes", "reason": f"未知的专业：{'、'.join(sorted(missing))}"})
    if errors:
        raise ValidationFailed("基地信息有误", detail={"errors": errors})
    city = division_by_code(city_code)
    if city.kind != Division.Kind.CITY:
        raise ValidationFailed("基地所在市须为市级行政区划")
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
        raise ValidationFailed("状态无效")
    with transaction.atomic():
        row = TrainingBase.objects.select_for_update().get(pk=base.pk)
        before = snapshot(row, ["status"])
        row.status = status
        row.save(update_fields=["status"])
        audit_record(actor=actor, action="base.set_status", obj=row, before=before,
                     after={"status": status, "reason": reason})
    return row

"""Writes on yearly plans: draft, publish, supersede. A published plan is never edited."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core import clock
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, PermissionDenied, ValidationFailed
from jxjy.org.models import Division, DivisionAlias

from .claim_types import claim_types_clean
from .models import AnnualPlan, CalendarDay, HolidayCalendar, SpecProfile

DATA_DIR = Path(__file__).parent / "data"

_INT_FIELDS = ["hours_total", "hours_public", "hours_professional", "patriotic_min_hours", "exam_single",
               "exam_multiple", "exam_true_false", "exam_points_per_question", "exam_bank_ratio", "exam_pass_mark",
               "exam_max_attempts", "exam_minutes", "heartbeat_seconds", "presence_check_minutes"]
_MONEY_FIELDS = ["fee_online_standard", "fee_online_relief", "fee_in_person_standard", "fee_in_person_relief"]


def _require_province(actor: User | None) -> None:
    if actor is not None and actor.role != User.Role.PROVINCE_ADMIN:
        raise PermissionDenied(_("Only the province drafts and publishes yearly plans"))


def _clean(data: dict[str, Any]) -> tuple[dict[str, Any], list[Division], dict[str, Any]]:
    """Validates plan data; returns model fields, relief counties and the spec profile data."""
    errors: list[dict[str, str]] = []
    fields: dict[str, Any] = {}

    def err(field: str, reason: str) -> None:
        errors.append({"field": field, "reason": reason})

    try:
        fields["year"] = int(data["year"])
        if not 2000 <= fields["year"] <= 2100:
            err("year", _("The year must be between 2000 and 2100"))
    except (KeyError, TypeError, ValueError):
        err("year", _("Enter the year"))
    for name in _INT_FIELDS:
        if name not in data:
            if name in ("heartbeat_seconds", "presence_check_minutes", "patriotic_min_hours"):
                continue
            err(name, _("Required"))
            continue
        try:
            value = int(data[name])
            if value < 0 or isinstance(data[name], bool):
                raise ValueError
            fields[name] = value
        except (TypeError, ValueError):
            err(name, _("Must be a non-negative whole number"))
    for name in _MONEY_FIELDS:
        try:
            amount = Decimal(str(data[name]))
            if amount < 0 or amount != amount.quantize(Decimal("0.01")):
                raise InvalidOperation
            fields[name] = amount
        except (KeyError, InvalidOperation):
            err(name, _("Must be an amount of at least 0 with at most two decimals"))
    for name in ("playback_rate_cap", "completion_share"):
        if name in data:
            try:
                fields[name] = Decimal(str(data[name]))
            except InvalidOperation:
                err(name, _("Must be a number"))
    if "completion_share" in fields and not (0 < fields["completion_share"] <= 1):
        err("completion_share", _("Must be between 0 and 1"))
    fields["exam_requires_lectures"] = bool(data.get("exam_requires_lectures", False))
    for name in ("title", "document_number"):
        fields[name] = str(data.get(name, ""))[:200]

    subjects = data.get("public_subjects") or []
    if not isinstance(subjects, list) or not all(isinstance(s, dict) and s.get("name") for s in subjects):
        err("public_subjects", _("Public subjects must be a list of {name, hours}"))
    else:
        fields["public_subjects"] = [{"name": str(s["name"]), "hours": int(s.get("hours", 0))} for s in subjects]
    classes = data.get("professional_hours_classes") or []
    try:
        fields["professional_hours_classes"] = sorted({int(h) for h in classes})
    except (TypeError, ValueError):
        err("professional_hours_classes", _("Professional hours classes must be a list of whole numbers"))
    deadlines = []
    for item in data.get("makeup_deadlines") or []:
        try:
            deadlines.append({"year": int(item["year"]), "deadline": dt.date.fromisoformat(item["deadline"]).isoformat()})
        except (KeyError, TypeError, ValueError):
            err("makeup_deadlines", _("Make-up deadlines must be a list of {year, deadline: YYYY-MM-DD}"))
    fields["makeup_deadlines"] = deadlines
    fields["equivalent_claims"], claim_problems = claim_types_clean(data.get("equivalent_claims"))
    for problem in claim_problems:
        err("equivalent_claims", problem)

    counties: list[Division] = []
    for code in data.get("relief_counties") or []:
        division = Division.objects.filter(code=str(code), kind=Division.Kind.COUNTY).first()
        if division is None:
            alias = DivisionAlias.objects.filter(code=str(code)).select_related("division").first()
            division = alias.division if alias else None
        if division is None:
            err("relief_counties", _("Unknown county code: %(code)s") % {"code": code})
        elif division not in counties:
            counties.append(division)

    if not errors and "hours_total" in fields:
        if fields["hours_public"] + fields["hours_professional"] > fields["hours_total"]:
            err("hours_total", _("The total may not be less than the public and professional minimums together"))
        if fields["exam_pass_mark"] > (fields["exam_single"] + fields["exam_multiple"] + fields["exam_true_false"]) * \
                fields["exam_points_per_question"]:
            err("exam_pass_mark", _("The pass mark may not exceed the paper's total"))
        for name in ("fee_online", "fee_in_person"):
            if fields[f"{name}_relief"] > fields[f"{name}_standard"]:
                err(f"{name}_relief", _("The relief rate may not exceed the standard rate"))
    spec = data.get("spec_profile")
    if not isinstance(spec, dict) or not spec.get("name") or not isinstance(spec.get("rules"), dict):
        err("spec_profile", _("Give the courseware spec profile {name, rules}"))
    if errors:
        raise ValidationFailed(_("The yearly plan data is invalid"), detail={"errors": errors})
    return fields, counties, spec  # type: ignore[return-value]


def plan_create_draft(*, actor: User | None, data: dict[str, Any]) -> AnnualPlan:
    """A new draft plan for a year, numbered after the year's existing versions."""
    _require_province(actor)
    fields, counties, spec = _clean(data)
    with transaction.atomic():
        profile, _created = SpecProfile.objects.get_or_create(name=spec["name"], defaults={"rules": spec["rules"]})
        if profile.rules != spec["rules"]:
            raise Conflict(_("A different spec profile has this name; choose another name"), code="spec_profile_name_taken")
        last = AnnualPlan.objects.filter(year=fields["year"]).order_by("-version").first()
        plan = AnnualPlan.objects.create(version=(last.version + 1) if last else 1, spec_profile=profile, **fields)
        plan.relief_counties.set(counties)
        if actor is not None:
            audit_record(actor=actor, action="plan.create_draft", obj=plan, after=plan_as_data(plan))
    return plan


def plan_publish(*, actor: User | None, plan: AnnualPlan) -> AnnualPlan:
    """Publishes a draft; the year's previously published plan becomes superseded."""
    _require_province(actor)
    with transaction.atomic():
        row = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        if row.status != AnnualPlan.Status.DRAFT:
            raise Conflict(_("Only a draft can be published"), code="plan_not_draft")
        previous = AnnualPlan.objects.select_for_update().filter(
            year=row.year, status=AnnualPlan.Status.PUBLISHED).first()
        if previous is not None:
            previous.status = AnnualPlan.Status.SUPERSEDED
            previous.save(update_fields=["status"])
            row.supersedes = previous
        row.status = AnnualPlan.Status.PUBLISHED
        row.published_at = clock.now()
        # Drafts may change freely; the immutability check looks at the stored status (draft).
        row.save()
        if actor is not None:
            audit_record(actor=actor, action="plan.publish", obj=row,
                         before={"superseded": previous.pk if previous else None}, after=snapshot(row))
    return row


def plan_draft_from(*, actor: User | None, plan: AnnualPlan, changes: dict[str, Any] | None = None) -> AnnualPlan:
    """A new draft that copies a plan (usually the published one), with changes applied."""
    data = plan_as_data(plan)
    data.update(changes or {})
    return plan_create_draft(actor=actor, data=data)


def plan_as_data(plan: AnnualPlan) -> dict[str, Any]:
    data: dict[str, Any] = {"year": plan.year, "title": plan.title, "document_number": plan.document_number}
    for name in _INT_FIELDS:
        data[name] = getattr(plan, name)
    for name in _MONEY_FIELDS:
        data[name] = str(getattr(plan, name))
    data.update({
        "public_subjects": plan.public_subjects,
        "professional_hours_classes": plan.professional_hours_classes,
        "relief_counties": sorted(d.code for d in plan.relief_counties.all()),
        "makeup_deadlines": plan.makeup_deadlines,
        "equivalent_claims": plan.equivalent_claims,
        "exam_requires_lectures": plan.exam_requires_lectures,
        "playback_rate_cap": str(plan.playback_rate_cap),
        "completion_share": str(plan.completion_share),
        "spec_profile": {"name": plan.spec_profile.name, "rules": plan.spec_profile.rules},
    })
    return data


def plan_load_shipped(*, year: int) -> AnnualPlan:
    """Publishes a plan shipped in plans/data unless that year already has one (idempotent), and
    loads the year's shipped holiday calendar likewise."""
    calendar_load_shipped(year=year)
    existing = AnnualPlan.objects.filter(year=year, status=AnnualPlan.Status.PUBLISHED).first()
    if existing is not None:
        return existing
    data = json.loads((DATA_DIR / f"plan_{year}.json").read_text(encoding="utf-8"))
    return plan_publish(actor=None, plan=plan_create_draft(actor=None, data=data))


# ---------------------------------------------------------------------------------------------
# Holiday calendars (working days)


def calendar_day_problem(year: int, date: dt.date, kind: str) -> str | None:
    """What is wrong with one day of a year's calendar, in Chinese, or None."""
    if date.year != year:
        return _("%(date)s is not in %(year)s") % {"date": date.isoformat(), "year": year}
    if kind == CalendarDay.Kind.WORKDAY and date.weekday() < 5:
        return _("%(date)s is a weekday; only a Saturday or Sunday can be an adjusted working day") % {
            "date": date.isoformat()}
    if kind not in CalendarDay.Kind.values:
        return _("Unknown kind of day")
    return None


def _dates(items: Any, field: str, errors: list[dict[str, str]]) -> list[tuple[dt.date, str]]:
    """Days from `[{"date"} | {"from", "to"}, "name"?]` or plain ISO dates."""
    out: list[tuple[dt.date, str]] = []
    for item in items or []:
        try:
            if isinstance(item, str):
                out.append((dt.date.fromisoformat(item), ""))
                continue
            name = str(item.get("name", ""))[:50]
            if "date" in item:
                out.append((dt.date.fromisoformat(item["date"]), name))
                continue
            first, last = dt.date.fromisoformat(item["from"]), dt.date.fromisoformat(item["to"])
            if last < first or (last - first).days > 31:
                raise ValueError
            out += [(first + dt.timedelta(days=i), name) for i in range((last - first).days + 1)]
        except (AttributeError, KeyError, TypeError, ValueError):
            errors.append({"field": field, "reason": _("Give dates as YYYY-MM-DD, or ranges {from, to}")})
    return out


def calendar_set(*, actor: User | None, year: int, holidays: Any, workdays: Any, source: str = "",
                 note: str = "") -> HolidayCalendar:
    """Replaces a year's holidays and adjusted working days (the province; None: shipped data)."""
    _require_province(actor)
    errors: list[dict[str, str]] = []
    if not 2000 <= int(year) <= 2100:
        errors.append({"field": "year", "reason": _("The year must be between 2000 and 2100")})
    days: dict[dt.date, tuple[str, str]] = {}
    for kind, field, items in ((CalendarDay.Kind.HOLIDAY, "holidays", holidays),
                               (CalendarDay.Kind.WORKDAY, "workdays", workdays)):
        for date, name in _dates(items, field, errors):
            problem = calendar_day_problem(int(year), date, kind)
            if problem is None and date in days and days[date][0] != kind:
                problem = _("%(date)s is both a holiday and a working day") % {"date": date.isoformat()}
            if problem:
                errors.append({"field": field, "reason": problem})
            days[date] = (kind, name)
    if errors:
        raise ValidationFailed(_("The holiday calendar is invalid"), code="calendar_invalid", detail={"errors": errors})
    with transaction.atomic():
        calendar, _created = HolidayCalendar.objects.select_for_update().get_or_create(year=int(year))
        before = calendar_as_data(calendar)
        calendar.source, calendar.note = str(source)[:200], str(note)
        calendar.save()
        calendar.days.all().delete()
        CalendarDay.objects.bulk_create([CalendarDay(calendar=calendar, date=d, kind=k, name=n)
                                         for d, (k, n) in sorted(days.items())])
        if actor is not None:
            audit_record(actor=actor, action="calendar.set", obj=calendar, before=before,
                         after=calendar_as_data(calendar))
    return calendar


def calendar_as_data(calendar: HolidayCalendar) -> dict[str, Any]:
    days = list(calendar.days.order_by("date")) if calendar.pk else []
    return {"year": calendar.year, "source": calendar.source,
            "holidays": [d.date.isoformat() for d in days if d.kind == CalendarDay.Kind.HOLIDAY],
            "workdays": [d.date.isoformat() for d in days if d.kind == CalendarDay.Kind.WORKDAY]}


def calendar_load_shipped(*, year: int) -> HolidayCalendar | None:
    """Loads a year's calendar shipped in plans/data unless the year has one (an administrator's
    edits are never overwritten). 2020's holds the Spring Festival extension to 2 February for
    COVID-19 (国办发明电〔2020〕1号), which also cancelled the working Saturday of 1 February."""
    existing = HolidayCalendar.objects.filter(year=year).first()
    path = DATA_DIR / f"calendar_{year}.json"
    if existing is not None or not path.is_file():
        return existing
    data = json.loads(path.read_text(encoding="utf-8"))
    return calendar_set(actor=None, year=year, holidays=data["holidays"], workdays=data["workdays"],
                        source=data.get("source", ""), note=data.get("note", ""))

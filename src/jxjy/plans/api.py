from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Body, Router, Status

from jxjy.core.errors import NotFound

from . import services
from .models import AnnualPlan, CalendarDay
from .selectors import current_plan, holiday_calendar, published_plan

router = Router(tags=["plans"])


def plan_out(plan: AnnualPlan) -> dict[str, Any]:
    rules = plan.rules()
    return {
        "id": plan.pk,
        "year": plan.year,
        "version": plan.version,
        "status": plan.status,
        "title": plan.title,
        "document_number": plan.document_number,
        "published_at": plan.published_at,
        "hours": {"total": plan.hours_total, "public": plan.hours_public, "professional": plan.hours_professional,
                  "patriotic_min": plan.patriotic_min_hours},
        "public_subjects": [{"name": s.name, "hours": s.hours} for s in rules.public_subjects],
        "professional_hours_classes": list(rules.professional_hours_classes),
        "fees": {"online": {"standard": plan.fee_online_standard, "relief": plan.fee_online_relief},
                 "in_person": {"standard": plan.fee_in_person_standard, "relief": plan.fee_in_person_relief}},
        "relief_counties": [{"code": d.code, "name": d.name,
                             "former_codes": [a.code for a in d.aliases.all()]}
                            for d in plan.relief_counties.prefetch_related("aliases").order_by("code")],
        "makeup_deadlines": plan.makeup_deadlines,
        "equivalent_claims": plan.equivalent_claims,
        "exam": {"single": plan.exam_single, "multiple": plan.exam_multiple, "true_false": plan.exam_true_false,
                 "points_per_question": plan.exam_points_per_question, "bank_ratio": plan.exam_bank_ratio,
                 "pass_mark": plan.exam_pass_mark, "max_attempts": plan.exam_max_attempts,
                 "minutes": plan.exam_minutes, "requires_lectures": plan.exam_requires_lectures},
        "study": {"playback_rate_cap": float(plan.playback_rate_cap),
                  "completion_share": float(plan.completion_share),
                  "heartbeat_seconds": plan.heartbeat_seconds,
                  "presence_check_minutes": plan.presence_check_minutes},
        "spec_profile": {"name": plan.spec_profile.name, "rules": plan.spec_profile.rules},
    }


@router.get("/plans/current", auth=None)
def plan_current(request: HttpRequest) -> dict:
    return plan_out(current_plan())


@router.get("/plans/{year}", auth=None)
def plan_of_year(request: HttpRequest, year: int) -> dict:
    return plan_out(published_plan(year))


@router.get("/plans")
def plans(request: HttpRequest) -> list[dict]:
    user = request.auth  # type: ignore[attr-defined]
    qs = AnnualPlan.objects.select_related("spec_profile")
    if user.role != "PROVINCE_ADMIN":
        qs = qs.filter(status=AnnualPlan.Status.PUBLISHED)
    return [plan_out(p) for p in qs]


@router.post("/plan-drafts", response={201: dict})
def plan_draft(request: HttpRequest, payload: dict[str, Any] = Body(...)) -> Status:
    """A new draft: either full plan data, or `{"from_year": Y, "changes": {...}}` copying Y's plan."""
    user = request.auth  # type: ignore[attr-defined]
    if "from_year" in payload:
        source = published_plan(int(payload["from_year"]))
        return Status(201, plan_out(services.plan_draft_from(actor=user, plan=source, changes=payload.get("changes"))))
    return Status(201, plan_out(services.plan_create_draft(actor=user, data=payload)))


@router.post("/plan-drafts/{plan_id}/publish")
def plan_publish(request: HttpRequest, plan_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    plan = AnnualPlan.objects.filter(pk=plan_id).first()
    if plan is None or user.role != "PROVINCE_ADMIN":
        raise NotFound(_("Plan not found"), code="plan_not_found")
    return plan_out(services.plan_publish(actor=user, plan=plan))


@router.get("/calendar/{year}", auth=None)
def calendar_of_year(request: HttpRequest, year: int) -> dict:
    """A year's public holidays and adjusted working days. A year the province has not entered
    answers empty lists with `defined: false`: working days are then counted Monday to Friday."""
    calendar = holiday_calendar(year)
    days = list(calendar.days.all()) if calendar else []
    return {"year": year,
            "holidays": [d.date for d in days if d.kind == CalendarDay.Kind.HOLIDAY],
            "workdays": [d.date for d in days if d.kind == CalendarDay.Kind.WORKDAY],
            "defined": calendar is not None, "source": calendar.source if calendar else "",
            "note": calendar.note if calendar else _("No holiday calendar for %(year)s: working days are counted "
                                                     "Monday to Friday") % {"year": year}}

from __future__ import annotations

from django.utils.translation import gettext as _

from jxjy.core.errors import NotFound

from .models import AnnualPlan, CalendarDay, HolidayCalendar
from .rules import YearRules
from .workdays import WorkCalendar


def published_plan(year: int) -> AnnualPlan:
    plan = AnnualPlan.objects.filter(year=year, status=AnnualPlan.Status.PUBLISHED).select_related(
        "spec_profile").first()
    if plan is None:
        raise NotFound(_("The plan for %(year)s has not been published") % {"year": year}, code="plan_not_found", detail={"year": year})
    return plan


def current_plan() -> AnnualPlan:
    """The plan of the current study year: the latest year with a published plan."""
    plan = (AnnualPlan.objects.filter(status=AnnualPlan.Status.PUBLISHED).select_related("spec_profile")
            .order_by("-year").first())
    if plan is None:
        raise NotFound(_("No yearly plan has been published yet"), code="plan_not_found")
    return plan


def current_year() -> int:
    return current_plan().year


def rules_for(year: int) -> YearRules:
    return published_plan(year).rules()


def current_rules() -> YearRules:
    return current_plan().rules()


def work_calendar() -> WorkCalendar:
    """Every year's holiday calendar as one value for the working-day functions (a few dozen rows
    a year: read whole, once per request that counts)."""
    years: dict[int, tuple[list, list]] = {y: ([], []) for y in HolidayCalendar.objects.values_list("year", flat=True)}
    for year, date, kind in CalendarDay.objects.values_list("calendar__year", "date", "kind"):
        years[year][0 if kind == CalendarDay.Kind.HOLIDAY else 1].append(date)
    return WorkCalendar.of(years)  # type: ignore[arg-type]


def holiday_calendar(year: int) -> HolidayCalendar | None:
    return HolidayCalendar.objects.filter(year=year).prefetch_related("days").first()

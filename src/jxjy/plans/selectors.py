from __future__ import annotations

from django.utils.translation import gettext as _

from jxjy.core.errors import NotFound

from .models import AnnualPlan
from .rules import YearRules


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

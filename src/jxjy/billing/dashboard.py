"""Dashboard panels of billing: a learner's orders, a base's takings, the authorities' totals,
an employer's budget."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core import clock
from jxjy.org.access import bases_visible

from . import selectors
from .access import orders_visible

Role = User.Role


def panels(request: HttpRequest) -> list[dict]:
    user: User = request.user  # type: ignore[assignment]
    context: dict = {"user": user}
    if user.role == Role.LEARNER:
        context["orders"] = list(orders_visible(user).prefetch_related("invoices")[:5])
        title = _("My orders and invoices")
    elif user.role == Role.BASE_ADMIN and user.base_id:
        today = clock.today()
        rows = selectors.period_report(orders=orders_visible(user), period="month", start=today.replace(day=1),
                                       end=today)
        context["month"] = rows[0] if rows else None
        context["pending"] = orders_visible(user).filter(status="PENDING").count()
        title = _("Fees and invoices")
    elif user.role in (Role.PROVINCE_ADMIN, Role.CITY_ADMIN):
        today = clock.today()
        context["bases"] = selectors.totals_by_base(bases=bases_visible(user), start=today.replace(month=1, day=1),
                                                    end=today)
        title = _("Fees by training base this year")
    elif user.role == Role.EMPLOYER_REVIEWER and user.employer is not None:
        context["check"] = selectors.employer_budget(user.employer)
        title = _("Continuing-education budget")
    else:
        return []
    return [{"title": title, "html": render_to_string("billing/panel.html", context, request=request)}]

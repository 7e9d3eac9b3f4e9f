from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jxjy.core.audit import audit_record
from jxjy.core.errors import DomainError

from . import services
from .models import AnnualPlan, CalendarDay, HolidayCalendar, SpecProfile


@admin.register(SpecProfile)
class SpecProfileAdmin(admin.ModelAdmin):
    list_display = ["name"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A profile in use by a published plan is part of that plan: change it through a new one.
        if obj is not None and obj.annualplan_set.exclude(status=AnnualPlan.Status.DRAFT).exists():
            return False
        return super().has_change_permission(request, obj)


@admin.register(AnnualPlan)
class AnnualPlanAdmin(admin.ModelAdmin):
    """Province administrators edit drafts here; published plans are read-only and superseded
    by publishing a new version made with the "new draft from" action."""

    list_display = ["year", "version", "status", "hours_total", "hours_public", "hours_professional",
                    "published_at"]
    list_filter = ["status", "year"]
    filter_horizontal = ["relief_counties"]
    actions = ["publish", "new_draft_from"]
    readonly_fields = ["status", "published_at", "supersedes", "version"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != AnnualPlan.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and obj.status == AnnualPlan.Status.DRAFT and super().has_delete_permission(request, obj)

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request: HttpRequest, queryset: Any) -> None:
        for plan in queryset:
            try:
                services.plan_publish(actor=request.user, plan=plan)  # type: ignore[arg-type]
            except DomainError as exc:
                self.message_user(request, f"{plan}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, _("Published: %(plan)s") % {"plan": plan})

    @admin.action(description=_("Make a new draft from the selected plan"))
    def new_draft_from(self, request: HttpRequest, queryset: Any) -> None:
        for plan in queryset:
            draft = services.plan_draft_from(actor=request.user, plan=plan)  # type: ignore[arg-type]
            self.message_user(request, _("Draft created: %(plan)s") % {"plan": draft})


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 3
    fields = ["date", "kind", "name"]


@admin.register(HolidayCalendar)
class HolidayCalendarAdmin(admin.ModelAdmin):
    """The province keeps each year's holidays and adjusted working days here, from the State
    Council's notice; complaint deadlines count working days with them."""

    list_display = ["year", "source", "updated_at"]
    inlines = [CalendarDayInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        calendar = form.instance
        audit_record(actor=request.user, action="calendar.set", obj=calendar,
                     after=services.calendar_as_data(calendar))

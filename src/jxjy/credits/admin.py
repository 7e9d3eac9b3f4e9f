"""The hours ledger and equivalent-hours claims in Django's admin, read-only: entries are only
added by the services, a correction is a reversing entry (POST
/api/v1/credit-entries/{id}/reversal), and claims change only through their review (the pages and
/api/v1/claims)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CreditEntry, EquivalentHoursClaim


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "learner", "year", "category", "hours", "source", "reference", "reverses", "created_at"]
    list_filter = ["year", "category", "source"]
    search_fields = ["reference"]


@admin.register(EquivalentHoursClaim)
class EquivalentHoursClaimAdmin(ReadOnlyAdmin):
    list_display = ["id", "learner", "year", "type_name", "hours_claimed", "hours_approved", "status", "submitted_at"]
    list_filter = ["year", "status", "claim_type"]
    search_fields = ["title"]
    exclude = ["evidence"]  # served only through the access-checked view

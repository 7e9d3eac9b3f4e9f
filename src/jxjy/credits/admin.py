"""The hours ledger in Django's admin, read-only: entries are only added by the services, and a
correction is a reversing entry (POST /api/v1/credit-entries/{id}/reversal)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CreditEntry


@admin.register(CreditEntry)
class CreditEntryAdmin(admin.ModelAdmin):
    list_display = ["id", "learner", "year", "category", "hours", "source", "reference", "reverses", "created_at"]
    list_filter = ["year", "category", "source"]
    search_fields = ["reference"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

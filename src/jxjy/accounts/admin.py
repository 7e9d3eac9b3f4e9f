"""The province publishes new versions of the privacy policy here; consents are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import PrivacyConsent, PrivacyPolicy


@admin.register(PrivacyPolicy)
class PrivacyPolicyAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "effective_on", "created_at"]
    ordering = ["-effective_on", "-id"]

    def get_readonly_fields(self, request: HttpRequest, obj: PrivacyPolicy | None = None) -> list[str]:
        # A version someone agreed to is the record of what they agreed to: publish a new one.
        if obj is not None and obj.consents.exists():
            return ["version", "effective_on", "title", "body"]
        return []

    def has_delete_permission(self, request: HttpRequest, obj: PrivacyPolicy | None = None) -> bool:
        return obj is None or not obj.consents.exists()


@admin.register(PrivacyConsent)
class PrivacyConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "policy", "at", "channel"]
    list_filter = ["policy", "channel"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PrivacyConsent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PrivacyConsent | None = None) -> bool:
        return False

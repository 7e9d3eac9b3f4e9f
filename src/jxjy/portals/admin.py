from django.contrib import admin

from .models import ExternalIdentity


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ("provider", "user", "linked_at", "last_login_at")
    list_filter = ("provider",)
    search_fields = ("user__username", "user__display_name")
    readonly_fields = ("provider", "subject", "user", "linked_at", "last_login_at")

from typing import Any

from django.contrib import admin

from .models import BaseReview, ReviewRound


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    list_display = ["start_year", "end_year", "self_deadline", "pass_mark", "excellent_mark"]
    readonly_fields = ["opened_at", "opened_by"]


@admin.register(BaseReview)
class BaseReviewAdmin(admin.ModelAdmin):
    # Reviews change only through the services (audited); the admin only reads.
    list_display = ["base", "round", "status", "total_score", "conclusion", "base_suspended"]
    list_filter = ["round", "status", "conclusion"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

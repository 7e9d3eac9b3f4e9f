from django.contrib import admin

from .models import CourseEvaluation


@admin.register(CourseEvaluation)
class CourseEvaluationAdmin(admin.ModelAdmin):
    """Read-only: evaluations are the learners' own words, changed only by them (services)."""

    list_display = ("course", "learner", "year", "overall", "content", "teaching", "video", "created_at")
    list_filter = ("year", "overall")
    search_fields = ("course__title",)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

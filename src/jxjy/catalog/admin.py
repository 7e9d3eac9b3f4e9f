"""Read-only admin views: writes on courses and applications go through the services (and so the
audit log and the chain's rules), never through the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import ApplicationStep, ApplicationTeacher, Course, CourseApplication, Lecture


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class LectureInline(ReadOnlyInline):
    model = Lecture
    fields = ["number", "title", "teacher", "patriotic", "duration", "check_status"]


class TeacherInline(ReadOnlyInline):
    model = ApplicationTeacher
    fields = ["name", "title", "post"]


class StepInline(ReadOnlyInline):
    model = ApplicationStep
    fields = ["at", "round", "action", "authority", "actor_name", "opinion", "to_status"]


@admin.register(Course)
class CourseAdmin(ReadOnly):
    list_display = ["title", "base", "category", "specialty", "level", "hours", "status", "published_at"]
    list_filter = ["status", "category", "level"]
    search_fields = ["title", "description"]
    inlines = [LectureInline]


@admin.register(CourseApplication)
class CourseApplicationAdmin(ReadOnly):
    list_display = ["course", "base", "status", "round", "submitted_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["course__title", "base__name"]
    inlines = [TeacherInline, StepInline]

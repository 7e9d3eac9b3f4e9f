"""Read-only views of studying for the province in Django's admin: writes go through the
services (and their audit), never through admin forms."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Enrolment, InPersonSession, LectureProgress, Playback, SessionRegistration


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["id", "learner", "course", "year", "status", "activated_at", "completed_at"]
    list_filter = ["status", "year"]


@admin.register(LectureProgress)
class LectureProgressAdmin(ReadOnlyAdmin):
    list_display = ["id", "enrolment", "lecture", "watched_ms", "completed_at"]


@admin.register(Playback)
class PlaybackAdmin(ReadOnlyAdmin):
    list_display = ["id", "learner", "lecture", "status", "started_at", "heartbeats", "credited_ms"]
    list_filter = ["status"]


@admin.register(InPersonSession)
class InPersonSessionAdmin(ReadOnlyAdmin):
    list_display = ["id", "subject", "base", "category", "year", "starts_on", "ends_on", "hours", "status"]
    list_filter = ["status", "category", "year"]


@admin.register(SessionRegistration)
class SessionRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["id", "session", "learner", "status", "attended"]
    list_filter = ["status"]

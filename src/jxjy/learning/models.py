from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jxjy.accounts.models import Learner
from jxjy.catalog.models import Category, Course, Lecture
from jxjy.org.models import Specialty, TrainingBase


class Enrolment(models.Model):
    """A learner's enrolment in an online course for one study year (current or make-up)."""

    class Status(models.TextChoices):
        PENDING_PAYMENT = "PENDING_PAYMENT", _("Awaiting payment")
        ACTIVE = "ACTIVE", _("Studying")
        COMPLETED = "COMPLETED", _("Completed")
        CANCELLED = "CANCELLED", _("Cancelled")

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="enrolments",
                                verbose_name=_("Learner"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("Course"))
    year = models.PositiveIntegerField(_("Credited year"))
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.PENDING_PAYMENT,
                              db_index=True)
    created_at = models.DateTimeField(_("Enrolled at"), auto_now_add=True)
    activated_at = models.DateTimeField(_("Opened at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("Completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Enrolment")
        verbose_name_plural = _("Enrolments")
        constraints = [
            models.UniqueConstraint(fields=["learner", "course", "year"], condition=~models.Q(status="CANCELLED"),
                                    name="enrolment_one_live_per_course_year"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.course} · {self.year}"

    @property
    def can_study(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.COMPLETED)


class LectureProgress(models.Model):
    """The stretches of one lecture a learner has watched, within one enrolment (so per learner,
    lecture and credited year). Written only by accepted heartbeats, together with their active
    playback's row and on its condition (learning/heartbeat_store.py): keep it that way."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="lecture_progress",
                                  verbose_name=_("Enrolment"))
    lecture = models.ForeignKey(Lecture, on_delete=models.PROTECT, related_name="+", verbose_name=_("Lecture"))
    # Merged [start_ms, end_ms) pairs; see learning/progress.py.
    intervals = models.JSONField(_("Watched stretches"), default=list, blank=True)
    watched_ms = models.BigIntegerField(_("Watched (ms)"), default=0)
    completed_at = models.DateTimeField(_("Completed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("Updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Lecture progress")
        verbose_name_plural = _("Lecture progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lecture"], name="progress_one_per_lecture")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.lecture_id}: {self.watched_ms} ms"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class Playback(models.Model):
    """One viewing of a lecture in one tab or device. A learner has at most one active playback;
    starting another ends this one, whose heartbeats are then refused.

    The year's study numbers are copied at the start, so a heartbeat reads one row only."""

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", _("Playing")
        ENDED = "ENDED", _("Ended")

    class EndReason(models.TextChoices):
        SUPERSEDED = "SUPERSEDED", _("Playback started elsewhere")
        STOPPED = "STOPPED", _("Stopped")

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="playbacks",
                                verbose_name=_("Learner"))
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="playbacks",
                                  verbose_name=_("Enrolment"))
    lecture = models.ForeignKey(Lecture, on_delete=models.PROTECT, related_name="+", verbose_name=_("Lecture"))
    progress = models.ForeignKey(LectureProgress, on_delete=models.PROTECT, related_name="playbacks")
    status = models.CharField(_("Status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    started_at = models.DateTimeField(_("Started at"))
    ended_at = models.DateTimeField(_("Ended at"), null=True, blank=True)
    end_reason = models.CharField(_("End reason"), max_length=12, choices=EndReason.choices, blank=True)

    duration_ms = models.BigIntegerField(_("Duration (ms)"))
    rate_cap = models.DecimalField(_("Highest credited rate"), max_digits=4, decimal_places=2)
    completion_share = models.DecimalField(_("Share to complete"), max_digits=4, decimal_places=3)
    presence_minutes = models.PositiveIntegerField(_("Mean minutes between presence checks"))
    # The make-up deadline of the enrolment's year, if it is a past year.
    open_until = models.DateField(_("Open until"), null=True, blank=True)

    last_seq = models.BigIntegerField(_("Last accepted sequence"), default=0)
    last_position_ms = models.BigIntegerField(_("Last accepted position (ms)"), default=0)
    last_heartbeat_at = models.DateTimeField(_("Last accepted heartbeat"))
    last_rate = models.FloatField(_("Last reported rate"), default=1.0)
    heartbeats = models.PositiveIntegerField(_("Accepted heartbeats"), default=0)
    credited_ms = models.BigIntegerField(_("Credited (ms)"), default=0)

    presence_id = models.CharField(_("Presence check"), max_length=32, blank=True)
    presence_pending = models.BooleanField(_("Presence check pending"), default=False)
    presence_due_at = models.DateTimeField(_("Next presence check"), null=True, blank=True)
    # SHA-256 of the player key handed to the lecture page when the playback starts: the player's
    # heartbeats sign in with it (one statement on PostgreSQL), for this playback only.
    player_digest = models.CharField(_("Player key (digest)"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("Playback")
        verbose_name_plural = _("Playbacks")
        constraints = [
            models.UniqueConstraint(fields=["learner"], condition=models.Q(status="ACTIVE"),
                                    name="playback_one_active_per_learner"),
        ]

    def __str__(self) -> str:
        return f"playback {self.pk} ({self.learner_id}, lecture {self.lecture_id})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class InPersonSession(models.Model):
    """A face-to-face training session a base schedules (面授): learners register and pay, the
    base records attendance, and closing the session credits the attended learners' hours."""

    class Status(models.TextChoices):
        SCHEDULED = "SCHEDULED", _("Scheduled")
        CLOSED = "CLOSED", _("Closed")
        CANCELLED = "CANCELLED", _("Cancelled")

    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="in_person_sessions",
                             verbose_name=pgettext_lazy("learning", "Training base"))
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Course"))
    subject = models.CharField(_("Subject"), max_length=200)
    category = models.CharField(_("Category"), max_length=12, choices=Category.choices)
    specialty = models.ForeignKey(Specialty, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Specialty"))
    year = models.PositiveIntegerField(_("Credited year"))
    starts_on = models.DateField(_("First day"))
    ends_on = models.DateField(_("Last day"))
    hours = models.PositiveIntegerField(_("Hours"))
    place = models.CharField(_("Place"), max_length=200)
    capacity = models.PositiveIntegerField(_("Capacity"))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED,
                              db_index=True)
    created_at = models.DateTimeField(_("Scheduled at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    closed_at = models.DateTimeField(_("Closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("In-person session")
        verbose_name_plural = _("In-person sessions")

    def __str__(self) -> str:
        return f"{self.subject} ({self.starts_on})"

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED


class SessionRegistration(models.Model):
    """A learner's place in an in-person session; confirmed when billing reports the order paid."""

    class Status(models.TextChoices):
        PENDING_PAYMENT = "PENDING_PAYMENT", _("Awaiting payment")
        CONFIRMED = "CONFIRMED", _("Confirmed")
        CANCELLED = "CANCELLED", _("Cancelled")

    session = models.ForeignKey(InPersonSession, on_delete=models.PROTECT, related_name="registrations",
                                verbose_name=_("Session"))
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="session_registrations",
                                verbose_name=_("Learner"))
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.PENDING_PAYMENT,
                              db_index=True)
    # The billing order's id; kept as a number so that this app does not depend on billing's tables.
    order_ref = models.BigIntegerField(pgettext_lazy("learning", "Order"), null=True, blank=True)
    attended = models.BooleanField(_("Attended"), null=True, blank=True)
    attendance_marked_at = models.DateTimeField(_("Attendance recorded at"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("learning", "Registered at"))
    confirmed_at = models.DateTimeField(_("Confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("Cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Session registration")
        verbose_name_plural = _("Session registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], condition=~models.Q(status="CANCELLED"),
                                    name="registration_one_live_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} @ {self.session}"

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.core.errors import Conflict
from jxjy.org.models import Division

from .claim_types import claim_types_clean, equivalent_rules
from .rules import ExamRules, FeeRates, PublicSubject, StudyRules, YearRules


class SpecProfile(models.Model):
    """A courseware production spec (Attachment 3) as numbers; a plan refers to one."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    rules = models.JSONField(_("Technical rules"))

    class Meta:
        verbose_name = _("Courseware spec profile")
        verbose_name_plural = _("Courseware spec profile")

    def __str__(self) -> str:
        return self.name


class AnnualPlan(models.Model):
    """One year's rules (年度计划). Published plans are never edited, only superseded."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draft")
        PUBLISHED = "PUBLISHED", _("Published")
        SUPERSEDED = "SUPERSEDED", _("Superseded")

    year = models.PositiveIntegerField(_("Year"), db_index=True)
    version = models.PositiveIntegerField(_("Version"), default=1)
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("Document title"), max_length=200, blank=True)
    document_number = models.CharField(_("Document number"), max_length=50, blank=True)
    published_at = models.DateTimeField(_("Published at"), null=True, blank=True)

    hours_total = models.PositiveIntegerField(_("Total hours a year"), validators=[MinValueValidator(1)])
    hours_public = models.PositiveIntegerField(_("Minimum public-course hours"))
    hours_professional = models.PositiveIntegerField(_("Minimum professional-course hours"))
    patriotic_min_hours = models.PositiveIntegerField(_("Minimum patriotic-education hours in a public course"), default=0)
    public_subjects = models.JSONField(_("Public subjects"), default=list, help_text=_('e.g. [{"name": "…", "hours": 24}]'))
    professional_hours_classes = models.JSONField(_("Professional course hours classes"), default=list)

    fee_online_standard = models.DecimalField(_("Online fee (yuan per hour)"), max_digits=8, decimal_places=2)
    fee_online_relief = models.DecimalField(_("Online relief fee (yuan per hour)"), max_digits=8, decimal_places=2)
    fee_in_person_standard = models.DecimalField(_("In-person fee (yuan per hour)"), max_digits=8, decimal_places=2)
    fee_in_person_relief = models.DecimalField(_("In-person relief fee (yuan per hour)"), max_digits=8, decimal_places=2)
    relief_counties = models.ManyToManyField(Division, blank=True, related_name="+", verbose_name=_("Relief counties"))

    makeup_deadlines = models.JSONField(_("Make-up deadlines"), default=list,
                                        help_text=_('e.g. [{"year": 2019, "deadline": "2020-12-31"}]'))
    equivalent_claims = models.JSONField(
        _("Equivalent-hours claim types"), default=dict, blank=True,
        help_text=_('e.g. {"yearly_cap": 56, "types": [{"code": "PAPER", "name": "…", "category": "PROFESSIONAL", '
                    '"max_hours_per_claim": 16, "yearly_cap": 32}]}; empty: the year takes no claims'))

    exam_single = models.PositiveIntegerField(_("Single-choice questions per paper"))
    exam_multiple = models.PositiveIntegerField(_("Multiple-choice questions per paper"))
    exam_true_false = models.PositiveIntegerField(_("True/false questions per paper"))
    exam_points_per_question = models.PositiveIntegerField(_("Points per question"))
    exam_bank_ratio = models.PositiveIntegerField(_("Bank-to-paper ratio"))
    exam_pass_mark = models.PositiveIntegerField(_("Pass mark"))
    exam_max_attempts = models.PositiveIntegerField(_("Attempts per enrolment"))
    exam_minutes = models.PositiveIntegerField(_("Exam time (minutes)"))
    exam_requires_lectures = models.BooleanField(_("Exam opens only after all lectures"), default=False)

    playback_rate_cap = models.DecimalField(_("Highest credited playback rate"), max_digits=4, decimal_places=2, default=Decimal("1.00"))
    completion_share = models.DecimalField(_("Share watched to complete a lecture"), max_digits=4, decimal_places=3,
                                           default=Decimal("0.950"))
    heartbeat_seconds = models.PositiveIntegerField(_("Heartbeat interval (seconds)"), default=30)
    presence_check_minutes = models.PositiveIntegerField(_("Mean minutes between presence checks"), default=20)

    spec_profile = models.ForeignKey(SpecProfile, on_delete=models.PROTECT, verbose_name=_("Courseware spec profile"))
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Supersedes"))

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("Yearly plan")
        verbose_name_plural = _("Yearly plan")
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="plan_year_version_unique"),
            models.UniqueConstraint(fields=["year"], condition=models.Q(status="PUBLISHED"),
                                    name="plan_one_published_per_year"),
        ]

    def __str__(self) -> str:
        return _("Plan %(year)s v%(version)s (%(status)s)") % {"year": self.year, "version": self.version, "status": self.get_status_display()}

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # A published plan's numbers are fixed: only its status may change (to superseded).
        if self.pk is not None:
            stored = AnnualPlan.objects.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] != self.Status.DRAFT:
                update_fields = set(kwargs.get("update_fields") or [])
                if not update_fields or not update_fields <= {"status"}:
                    raise Conflict(_("A published plan cannot be changed; publish a new version instead"), code="plan_published_immutable")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # The admin's form edits drafts: the claim types are checked as the services check them.
        from django.core.exceptions import ValidationError

        cleaned, problems = claim_types_clean(self.equivalent_claims)
        if problems:
            raise ValidationError({"equivalent_claims": problems})
        self.equivalent_claims = cleaned

    def rules(self) -> YearRules:
        """The plan as a plain value for the domain cores."""
        deadlines: dict[int, dt.date] = {}
        for item in self.makeup_deadlines or []:
            deadlines[int(item["year"])] = dt.date.fromisoformat(item["deadline"])
        return YearRules(
            year=self.year,
            hours_total=self.hours_total,
            hours_public=self.hours_public,
            hours_professional=self.hours_professional,
            patriotic_min_hours=self.patriotic_min_hours,
            public_subjects=tuple(PublicSubject(s["name"], int(s["hours"])) for s in self.public_subjects or []),
            professional_hours_classes=tuple(int(h) for h in self.professional_hours_classes or []),
            online=FeeRates(self.fee_online_standard, self.fee_online_relief),
            in_person=FeeRates(self.fee_in_person_standard, self.fee_in_person_relief),
            relief_county_codes=frozenset(self.relief_county_codes()),
            makeup_deadlines=deadlines,
            exam=ExamRules(
                single=self.exam_single, multiple=self.exam_multiple, true_false=self.exam_true_false,
                points_per_question=self.exam_points_per_question, bank_ratio=self.exam_bank_ratio,
                pass_mark=self.exam_pass_mark, max_attempts=self.exam_max_attempts, minutes=self.exam_minutes,
                requires_lectures=self.exam_requires_lectures,
            ),
            study=StudyRules(
                playback_rate_cap=float(self.playback_rate_cap), completion_share=float(self.completion_share),
                heartbeat_seconds=self.heartbeat_seconds, presence_check_minutes=self.presence_check_minutes,
            ),
            spec=dict(self.spec_profile.rules),
            equivalent=equivalent_rules(self.equivalent_claims),
        )

    def relief_county_codes(self) -> set[str]:
        """Current codes of the relief counties and their former codes (旬阳县 and 旬阳市 alike)."""
        codes: set[str] = set()
        for division in self.relief_counties.prefetch_related("aliases"):
            codes.add(division.code)
            codes.update(a.code for a in division.aliases.all())
        return codes


class HolidayCalendar(models.Model):
    """One year's public holidays and adjusted working days (调休), as the State Council's notice
    announces them. Data an administrator edits: working-day deadlines (complaints) count with it."""

    year = models.PositiveIntegerField(_("Year"), unique=True)
    source = models.CharField(_("Source document"), max_length=200, blank=True)
    note = models.TextField(_("Note"), blank=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Holiday calendar")
        verbose_name_plural = _("Holiday calendars")

    def __str__(self) -> str:
        return _("Holiday calendar %(year)s") % {"year": self.year}


class CalendarDay(models.Model):
    """A day that differs from Monday to Friday: a holiday, or a weekend day worked."""

    class Kind(models.TextChoices):
        HOLIDAY = "HOLIDAY", _("Public holiday")
        WORKDAY = "WORKDAY", _("Adjusted working day")

    calendar = models.ForeignKey(HolidayCalendar, on_delete=models.CASCADE, related_name="days",
                                 verbose_name=_("Holiday calendar"))
    date = models.DateField(_("Date"))
    kind = models.CharField(_("Kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("Name"), max_length=50, blank=True, help_text=_("e.g. Spring Festival"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("Calendar day")
        verbose_name_plural = _("Calendar days")
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="calendar_day_unique")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .services import calendar_day_problem

        try:
            calendar = self.calendar
        except HolidayCalendar.DoesNotExist:
            return
        if self.date and calendar.year:
            problem = calendar_day_problem(calendar.year, self.date, self.kind)
            if problem:
                raise ValidationError({"date": problem})

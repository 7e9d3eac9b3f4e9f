from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jxjy.org.models import TrainingBase

from . import closing, scoring


class Dimension(models.TextChoices):
    RULES = "RULES", _("Rules and systems")
    SPENDING = "SPENDING", _("Use of funds")
    TEACHERS = "TEACHERS", _("Teaching staff")
    ORGANISATION = "ORGANISATION", _("Training organisation")
    LEARNERS = "LEARNERS", _("Learner management")


class Finding(models.TextChoices):
    OVERCHARGING = "OVERCHARGING", _("Raising fees without approval")
    CUTTING_SPENDING = "CUTTING_SPENDING", _("Cutting training spending")
    WEAK_TEACHERS = "WEAK_TEACHERS", _("Weak teaching staff")
    DISORDERLY_LEARNERS = "DISORDERLY_LEARNERS", _("Disorderly learner management")


class Conclusion(models.TextChoices):
    EXCELLENT = scoring.EXCELLENT, pgettext_lazy("review conclusion", "Excellent")
    PASS = scoring.PASS, pgettext_lazy("review conclusion", "Pass")
    FAIL = scoring.FAIL, pgettext_lazy("review conclusion", "Fail")


def default_dimensions() -> list[dict[str, Any]]:
    return [{"code": d.code, "max_score": int(d.max_score)} for d in scoring.default_scheme().dimensions]


class ReviewRound(models.Model):
    """One biennial review (例行考核) of every active base, opened by the province for a period.
    The dimensions' maximum scores, the pass mark and the excellent mark are the round's data."""

    start_year = models.PositiveIntegerField(_("First year"))
    end_year = models.PositiveIntegerField(_("Last year"))
    dimensions = models.JSONField(_("Dimensions and maximum scores"), default=default_dimensions)
    pass_mark = models.DecimalField(pgettext_lazy("review", "Pass mark"), max_digits=6, decimal_places=1, default=scoring.DEFAULT_PASS)
    excellent_mark = models.DecimalField(_("Excellent mark"), max_digits=6, decimal_places=1,
                                         default=scoring.DEFAULT_EXCELLENT)
    self_deadline = models.DateField(_("Self-assessment deadline"))
    # The day the authorities should have scored by; the round closes after it (see closing.py).
    assessment_deadline = models.DateField(_("Assessment deadline"), null=True, blank=True)
    opened_at = models.DateTimeField(pgettext_lazy("review", "Opened at"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Opened by"))
    closed_at = models.DateTimeField(pgettext_lazy("review", "Closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("Closed by"))

    class Meta:
        ordering = ["-start_year", "-id"]
        verbose_name = _("Review round")
        verbose_name_plural = _("Review rounds")
        constraints = [models.UniqueConstraint(fields=["start_year", "end_year"], name="review_round_period_unique")]

    def __str__(self) -> str:
        return self.period

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def last_deadline(self) -> Any:
        return closing.last_deadline(self.self_deadline, self.assessment_deadline)

    @property
    def scheme(self) -> scoring.Scheme:
        return scoring.Scheme(
            tuple(scoring.Dimension(d["code"], Decimal(str(d["max_score"]))) for d in self.dimensions),
            Decimal(self.pass_mark), Decimal(self.excellent_mark))

    @property
    def total_max(self) -> Decimal:
        return self.scheme.total_max


class BaseReview(models.Model):
    """One base's review in a round: its self-assessment, the assessment by the authority in
    charge (the city bureau for a city base, the province for a provincial base) and, for a city
    bureau's conclusion, the province's confirmation."""

    class Status(models.TextChoices):
        AWAITING_SELF = "AWAITING_SELF", _("Awaiting self-assessment")
        SELF_SUBMITTED = "SELF_SUBMITTED", _("Awaiting assessment")
        AWAITING_CONFIRMATION = "AWAITING_CONFIRMATION", _("Awaiting the province's confirmation")
        RETURNED = "RETURNED", _("Returned for re-assessment")
        FINISHED = "FINISHED", _("Finished")
        OVERDUE = closing.OVERDUE, _("Not finished when the round closed")

    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="reviews",
                              verbose_name=_("Review round"))
    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="reviews",
                             verbose_name=_("Training base"))
    status = models.CharField(_("Status"), max_length=24, choices=Status.choices, default=Status.AWAITING_SELF)
    # {"RULES": {"text": "...", "score": "18"}, ...}
    self_assessment = models.JSONField(_("Self-assessment"), default=dict, blank=True)
    self_total = models.DecimalField(_("Self-assessed total"), max_digits=6, decimal_places=1, null=True, blank=True)
    self_submitted_at = models.DateTimeField(_("Self-assessment submitted at"), null=True, blank=True)
    self_submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("Self-assessment submitted by"))
    evidence = models.FileField(_("Evidence"), upload_to="reviews/evidence/", max_length=255, blank=True)
    evidence_name = models.CharField(_("Evidence file name"), max_length=120, blank=True)
    # {"RULES": {"score": "16", "comment": "..."}, ...}
    assessment = models.JSONField(_("Assessment"), default=dict, blank=True)
    findings = models.JSONField(pgettext_lazy("review", "Findings"), default=list, blank=True)
    findings_note = models.TextField(_("Findings in detail"), blank=True)
    total_score = models.DecimalField(_("Total score"), max_digits=6, decimal_places=1, null=True, blank=True)
    conclusion = models.CharField(_("Conclusion"), max_length=10, choices=Conclusion.choices, blank=True)
    comment = models.TextField(_("Overall comment"), blank=True)
    assessed_at = models.DateTimeField(_("Assessed at"), null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("Assessed by"))
    confirmed_at = models.DateTimeField(_("Confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("Confirmed by"))
    return_reason = models.CharField(_("Reason for returning"), max_length=500, blank=True)
    base_suspended = models.BooleanField(_("Base suspended"), default=False)
    # Set on a later review that the base passed, when the province lifts the suspension.
    suspension_lifted_at = models.DateTimeField(_("Suspension lifted at"), null=True, blank=True)
    suspension_lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+",
                                             verbose_name=_("Suspension lifted by"))

    class Meta:
        ordering = ["round", "base__level", "base__name"]
        verbose_name = _("Base review")
        verbose_name_plural = _("Base reviews")
        constraints = [models.UniqueConstraint(fields=["round", "base"], name="base_review_once_per_round")]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.base} {self.round.period}"

    @property
    def needs_confirmation(self) -> bool:
        """A city bureau's conclusion goes to the province; the province's own is final."""
        return self.base.level == TrainingBase.Level.CITY

    @property
    def forced_fail(self) -> bool:
        return bool(self.findings)

    def finding_labels(self) -> list[str]:
        labels = dict(Finding.choices)
        return [str(labels.get(f, f)) for f in self.findings]

    def rows(self) -> list[dict[str, Any]]:
        """Each dimension of the round with the base's self-assessment and the assessment."""
        labels = dict(Dimension.choices)
        out = []
        for d in self.round.dimensions:
            mine = self.self_assessment.get(d["code"], {})
            theirs = self.assessment.get(d["code"], {})
            out.append({"code": d["code"], "label": labels.get(d["code"], d["code"]), "max_score": d["max_score"],
                        "text": mine.get("text", ""), "self_score": mine.get("score"),
                        "score": theirs.get("score"), "comment": theirs.get("comment", "")})
        return out

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jxjy.accounts.models import Learner
from jxjy.catalog.models import Category
from jxjy.core.errors import Conflict

_APPEND_ONLY = _("The hours ledger is append-only; correct it with a reversing entry")


class CreditEntryQuerySet(models.QuerySet):
    """Bulk updates and deletes would bypass the model's guard, so they are refused too."""

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise Conflict(_APPEND_ONLY, code="ledger_append_only")

    def delete(self):  # type: ignore[no-untyped-def]
        raise Conflict(_APPEND_ONLY, code="ledger_append_only")


class CreditEntry(models.Model):
    """One line of the hours ledger (学时认证). Only ever added; a correction reverses a line."""

    class Source(models.TextChoices):
        ONLINE_COURSE = "ONLINE_COURSE", _("Online course")
        IN_PERSON = "IN_PERSON", pgettext_lazy("credit source", "In-person study")
        EQUIVALENT = "EQUIVALENT", _("Equivalent-hours claim")
        CORRECTION = "CORRECTION", _("Administrative correction")

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="credit_entries",
                                verbose_name=_("Learner"))
    year = models.PositiveIntegerField(_("Year"), db_index=True)
    category = models.CharField(_("Category"), max_length=12, choices=Category.choices)
    hours = models.DecimalField(_("Hours"), max_digits=6, decimal_places=1)
    source = models.CharField(_("Source"), max_length=16, choices=Source.choices)
    reference = models.CharField(_("Reference"), max_length=100, help_text=_("e.g. enrolment:12, session:3"))
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by", verbose_name=_("Reverses entry"))
    note = models.CharField(_("Note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("Recorded at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = CreditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Hours entry")
        verbose_name_plural = _("Hours entries")
        indexes = [models.Index(fields=["learner", "year"])]
        constraints = [
            # One credit per source object: a retried or concurrent credit cannot count twice.
            models.UniqueConstraint(fields=["learner", "reference"], condition=models.Q(reverses__isnull=True),
                                    name="credit_once_per_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} {self.year} {self.get_category_display()} {self.hours}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise Conflict(_APPEND_ONLY, code="ledger_append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise Conflict(_APPEND_ONLY, code="ledger_append_only")

    @property
    def signed_hours(self) -> Decimal:
        """Hours as they add up: a reversing entry carries the negative of the entry it reverses."""
        return self.hours

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class EquivalentHoursClaim(models.Model):
    """A learner's request to have an activity recognised as hours (同等学时认证), reviewed by the
    learner's employer. Approval credits the ledger; revoking reverses that entry."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Awaiting review")
        APPROVED = "APPROVED", pgettext_lazy("claim status", "Approved")
        REJECTED = "REJECTED", pgettext_lazy("claim status", "Rejected")
        WITHDRAWN = "WITHDRAWN", _("Withdrawn")
        REVOKED = "REVOKED", _("Revoked")

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="equivalent_claims",
                                verbose_name=_("Learner"))
    year = models.PositiveIntegerField(_("Year"), db_index=True)
    # The type as the year's plan named it when the claim was filed; caps are read from the plan.
    claim_type = models.CharField(_("Claim type"), max_length=30)
    type_name = models.CharField(_("Claim type name"), max_length=100)
    category = models.CharField(_("Category"), max_length=12, choices=Category.choices)
    title = models.CharField(_("Activity"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    started_on = models.DateField(_("Started on"))
    ended_on = models.DateField(_("Ended on"))
    hours_claimed = models.DecimalField(_("Hours claimed"), max_digits=5, decimal_places=1)
    hours_approved = models.DecimalField(_("Hours approved"), max_digits=5, decimal_places=1, null=True, blank=True)
    evidence = models.FileField(_("Evidence"), upload_to="claims/evidence/", max_length=255)
    evidence_name = models.CharField(_("Evidence file name"), max_length=120)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(_("Submitted at"))
    reviewed_at = models.DateTimeField(_("Reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("Reviewed by"))
    review_note = models.CharField(_("Review note"), max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(_("Withdrawn at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("Revoked by"))
    revoke_reason = models.CharField(_("Reason for revoking"), max_length=500, blank=True)
    credit_entry = models.OneToOneField(CreditEntry, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="claim", verbose_name=_("Hours entry"))

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("Equivalent-hours claim")
        verbose_name_plural = _("Equivalent-hours claims")
        indexes = [models.Index(fields=["learner", "year", "status"]), models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.learner} {self.year} {self.type_name} {self.hours_claimed}"

    @property
    def reference(self) -> str:
        """The ledger reference of the claim's credit."""
        return f"claim:{self.pk}"

    @property
    def counted_hours(self) -> Decimal:
        """The hours the claim takes from the caps: approved hours, or while pending those claimed."""
        if self.status == self.Status.APPROVED:
            return self.hours_approved or Decimal(0)
        if self.status == self.Status.PENDING:
            return self.hours_claimed
        return Decimal(0)

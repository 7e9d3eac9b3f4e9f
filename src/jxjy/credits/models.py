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

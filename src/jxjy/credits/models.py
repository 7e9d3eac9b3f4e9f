from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.accounts.models import Learner
from jxjy.catalog.models import Category
from jxjy.core.errors import Conflict


class CreditEntry(models.Model):
    """One line of the hours ledger (学时认证). Only ever added; a correction reverses a line."""

    class Source(models.TextChoices):
        ONLINE_COURSE = "ONLINE_COURSE", _("网络学习")
        IN_PERSON = "IN_PERSON", _("面授学习")
        EQUIVALENT = "EQUIVALENT", _("同等学时认证")
        CORRECTION = "CORRECTION", _("管理更正")

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="credit_entries",
                                verbose_name=_("学员"))
    year = models.PositiveIntegerField(_("年度"), db_index=True)
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    reference = models.CharField(_("依据"), max_length=100, help_text=_("如 enrolment:12、session:3"))
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by", verbose_name=_("冲销的记录"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("记录时间"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("学时记录")
        verbose_name_plural = _("学时记录")
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
            raise Conflict("学时记录只能追加，更正请新增冲销记录", code="ledger_append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise Conflict("学时记录只能追加，更正请新增冲销记录", code="ledger_append_only")

    @property
    def signed_hours(self) -> Decimal:
        return self.hours

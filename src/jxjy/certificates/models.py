from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jxjy.accounts.models import Learner
from jxjy.core.errors import Conflict

from . import codes

# Only the end of a certificate's life is ever written to an issued row; what it certifies never.
_MUTABLE = frozenset({"status", "superseded_by", "ended_at", "end_reason"})


class Certificate(models.Model):
    """A learner's yearly certificate (继续教育证书 / 学时证明): a snapshot of what the ledger
    recorded for the year when it was issued, verifiable by its code.

    One valid certificate per learner and year. When the year's ledger changes the certificate
    is not edited: a new version is issued and the old one is marked superseded (or withdrawn,
    when the year is no longer complete).
    """

    class Status(models.TextChoices):
        VALID = "VALID", _("Valid")
        SUPERSEDED = "SUPERSEDED", _("Superseded by a newer certificate")
        WITHDRAWN = "WITHDRAWN", _("Withdrawn: the year is no longer complete")

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="certificates",
                                verbose_name=_("Learner"))
    year = models.PositiveIntegerField(_("Year"))
    version = models.PositiveIntegerField(_("Version"), default=1,
                                          help_text=_("The n-th certificate of this learner and year"))
    code = models.CharField(_("Verification code"), max_length=codes.LENGTH, unique=True)
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.VALID)
    snapshot = models.JSONField(_("What it certifies"))
    ledger_digest = models.CharField(_("Ledger digest"), max_length=64,
                                     help_text=_("Fingerprint of the year's ledger entries when issued"))
    issued_at = models.DateTimeField(pgettext_lazy("certificate", "Issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("Requested by"))
    superseded_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="supersedes", verbose_name=_("Superseded by"))
    ended_at = models.DateTimeField(_("Superseded or withdrawn at"), null=True, blank=True)
    end_reason = models.CharField(_("Reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("Yearly certificate")
        verbose_name_plural = _("Yearly certificates")
        indexes = [models.Index(fields=["learner", "year"])]
        constraints = [
            # One valid certificate per learner and year: concurrent first requests give one.
            models.UniqueConstraint(fields=["learner", "year"], condition=models.Q(status="VALID"),
                                    name="certificate_one_valid_per_learner_year"),
            models.UniqueConstraint(fields=["learner", "year", "version"], name="certificate_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} {self.year} v{self.version}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            fields = kwargs.get("update_fields")
            if not fields or not set(fields) <= _MUTABLE:
                raise Conflict(_("An issued certificate is never edited; it is reissued"),
                               code="certificate_immutable")
        super().save(*args, **kwargs)

    @property
    def grouped_code(self) -> str:
        return codes.grouped(self.code)

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

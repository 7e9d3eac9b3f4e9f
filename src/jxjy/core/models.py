from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .errors import Conflict


class AuditEntry(models.Model):
    """One write by an administrator or reviewer. Rows are only ever added."""

    at = models.DateTimeField(_("Time"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("Actor"))
    actor_name = models.CharField(_("Actor account"), max_length=150, blank=True)
    role = models.CharField(_("Role"), max_length=32, blank=True)
    action = models.CharField(pgettext_lazy("audit", "Action"), max_length=64, db_index=True)
    object_type = models.CharField(_("Object type"), max_length=64, db_index=True)
    object_id = models.CharField(_("Object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("Object"), max_length=200, blank=True)
    before = models.JSONField(_("Before"), null=True, blank=True)
    after = models.JSONField(_("After"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("Client address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("Audit log")
        verbose_name_plural = _("Audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None and not kwargs.get("force_insert"):
            raise Conflict(_("The audit log is append-only; entries cannot be changed"), code="audit_append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise Conflict(_("The audit log is append-only; entries cannot be deleted"), code="audit_append_only")

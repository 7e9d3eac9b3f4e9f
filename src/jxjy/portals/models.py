from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalIdentity(models.Model):
    """A person's account at a government portal (its stable subject), linked to one of ours.

    Only the provider's name and its subject are kept: the ID number and phone the portal
    vouched for are used once, to find or register the account, and never stored here.
    """

    provider = models.CharField(_("Portal"), max_length=40)
    subject = models.CharField(_("Subject at the portal"), max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities",
                             verbose_name=_("User"))
    linked_at = models.DateTimeField(_("Linked at"))
    last_login_at = models.DateTimeField(_("Last sign-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("Linked portal identity")
        verbose_name_plural = _("Linked portal identity")
        ordering = ["provider", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="portals_identity_provider_subject"),
            # One account per portal and user: a second one at the same portal is a mistake to refuse.
            models.UniqueConstraint(fields=["provider", "user"], name="portals_identity_provider_user"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.user_id}"


class SandboxPerson(models.Model):
    """A person the sandbox identity provider offers on its sign-in page (demo and development only)."""

    name = models.CharField(_("Name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, unique=True)
    phone = models.CharField(_("Mobile phone"), max_length=11)
    note = models.CharField(_("Note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Sandbox portal person")
        verbose_name_plural = _("Sandbox portal person")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class SandboxGrant(models.Model):
    """An authorisation code the sandbox identity provider issued and not yet redeemed.

    Deleted when redeemed (a code works once) or when it has expired.
    """

    code_digest = models.CharField(max_length=64, unique=True)
    tenant = models.CharField(max_length=40)
    client_id = models.CharField(max_length=100)
    redirect_uri = models.CharField(max_length=500)
    code_challenge = models.CharField(max_length=128)
    nonce = models.CharField(max_length=255, blank=True)
    claims = models.JSONField()
    expires_at = models.FloatField()  # Unix time: token lifetimes are real time, never the pinned clock

    def __str__(self) -> str:
        return f"grant {self.pk} ({self.tenant})"

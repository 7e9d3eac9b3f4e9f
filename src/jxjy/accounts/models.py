from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jxjy.core.masking import mask_id_number, mask_phone
from jxjy.org.models import Division, Employer, Specialty, TrainingBase


class User(AbstractUser):
    """Any person who signs in. The role says what they are; scope (city, base, employer) is data."""

    class Role(models.TextChoices):
        PROVINCE_ADMIN = "PROVINCE_ADMIN", _("Province HR department administrator")
        CITY_ADMIN = "CITY_ADMIN", _("City HR bureau administrator")
        BASE_ADMIN = "BASE_ADMIN", _("Training base administrator")
        EMPLOYER_REVIEWER = "EMPLOYER_REVIEWER", _("Employer reviewer")
        LEARNER = "LEARNER", _("Professional")

    role = models.CharField(_("Role"), max_length=20, choices=Role.choices, default=Role.LEARNER)
    city = models.ForeignKey(Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("City in charge"), limit_choices_to={"kind": Division.Kind.CITY})
    base = models.ForeignKey(TrainingBase, null=True, blank=True, on_delete=models.PROTECT, related_name="admins",
                             verbose_name=_("Training base"))
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="reviewers",
                                 verbose_name=_("Employer"))
    display_name = models.CharField(_("Name"), max_length=50, blank=True)
    locked_until = models.DateTimeField(_("Locked until"), null=True, blank=True)
    # Set when a superior resets the password to a temporary one: the account must choose its own
    # at the next sign-in before anything else (accounts.middleware, auth.BearerTokenAuth).
    must_change_password = models.BooleanField(_("Must change the password"), default=False)
    # Set when the learner cancelled the account (注销): sign-in is off and the personal data is
    # anonymised; the records the law keeps (ledger, invoices, certificates) still point here.
    cancelled_at = models.DateTimeField(pgettext_lazy("account", "Cancelled at"), null=True, blank=True)

    objects = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("User")
        verbose_name_plural = _("User")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_learner(self) -> bool:
        return self.role == self.Role.LEARNER


class LoginFailure(models.Model):
    """One failed password for an account; the lockout counts these within its window."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_failures")
    at = models.DateTimeField(db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}@{self.at:%Y-%m-%d %H:%M:%S}"


class Learner(models.Model):
    """A professional or technical worker with a yearly hours duty (专业技术人员)."""

    class TitleLevel(models.TextChoices):
        NONE = "NONE", _("No title")
        JUNIOR = "JUNIOR", _("Junior")
        INTERMEDIATE = "INTERMEDIATE", _("Intermediate")
        SENIOR = "SENIOR", _("Senior")

    class Affiliation(models.TextChoices):
        PENDING = "PENDING", _("Awaiting employer confirmation")
        CONFIRMED = "CONFIRMED", _("Confirmed by employer")
        REJECTED = "REJECTED", _("Declined by employer")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="learner")
    id_number = models.CharField(_("ID number"), max_length=18, unique=True)
    name = models.CharField(_("Name"), max_length=50)
    phone = models.CharField(_("Mobile phone"), max_length=11)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="learners",
                                 verbose_name=_("Employer"))
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, related_name="learners",
                                  verbose_name=_("Specialty"))
    title_level = models.CharField(_("Title level"), max_length=12, choices=TitleLevel.choices,
                                   default=TitleLevel.NONE)
    affiliation = models.CharField(_("Employer confirmation"), max_length=10, choices=Affiliation.choices,
                                   default=Affiliation.PENDING)
    affiliation_note = models.CharField(_("Confirmation note"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("Registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Professional")
        verbose_name_plural = _("Professional")

    def __str__(self) -> str:
        return f"{self.name}({self.masked_id_number})"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_confirmed(self) -> bool:
        return self.affiliation == self.Affiliation.CONFIRMED


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API token")

    def __str__(self) -> str:
        return f"token of user {self.user_id}"


class PrivacyPolicy(models.Model):
    """One version of the personal-information protection policy (个人信息保护政策). The province
    edits it in Django admin; the current version is the latest one in effect. A version once
    consented to is the record of what the learner agreed to, so publish a new one rather than
    rewriting it."""

    version = models.CharField(_("Version"), max_length=20, unique=True)
    effective_on = models.DateField(_("Effective on"))
    title = models.CharField(pgettext_lazy("privacy", "Title"), max_length=100)
    body = models.TextField(pgettext_lazy("privacy", "Body text"),
                            help_text=_("Plain text; a blank line starts a new paragraph, a line starting "
                                        "with # is a heading."))
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("Privacy policy")
        verbose_name_plural = _("Privacy policy")

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class PrivacyConsent(models.Model):
    """That an account agreed to one version of the privacy policy, and when (PIPL art. 14)."""

    class Channel(models.TextChoices):
        REGISTRATION = "REGISTRATION", _("At registration")
        PORTAL_REGISTRATION = "PORTAL", _("At registration through a portal")
        UPDATE = "UPDATE", _("Accepted a new version")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="privacy_consents",
                             verbose_name=_("User"))
    policy = models.ForeignKey(PrivacyPolicy, on_delete=models.PROTECT, related_name="consents",
                               verbose_name=_("Privacy policy"))
    at = models.DateTimeField(_("Time"))
    channel = models.CharField(_("How"), max_length=12, choices=Channel.choices)

    class Meta:
        verbose_name = _("Privacy consent")
        verbose_name_plural = _("Privacy consent")
        constraints = [models.UniqueConstraint(fields=["user", "policy"], name="privacy_consent_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.policy_id}@{self.at:%Y-%m-%d %H:%M}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jxjy.core.masking import mask_phone


class Notice(models.Model):
    """One message in a user's inbox: what happened (`kind`) and its figures (`params`: numbers,
    names, dates, ids; never an ID number or a phone). The title and text are worded when read, in
    the reader's language (`wording.py`), so a user who switches the site to English reads English.

    `params` is None on rows that carry their words instead: notices written before wording at
    read time (migration 0003) and free-form ones of a kind without a wording (`OTHER`). Those
    show their stored title and text as they are.
    """

    class Kind(models.TextChoices):
        PAYMENT_RECEIVED = "PAYMENT_RECEIVED", _("Payment received")
        CLAIM_APPROVED = "CLAIM_APPROVED", _("Equivalent-hours claim approved")
        CLAIM_REJECTED = "CLAIM_REJECTED", _("Equivalent-hours claim rejected")
        COMPLAINT_FILED = "COMPLAINT_FILED", _("New complaint to handle")
        COMPLAINT_ACCEPTED = "COMPLAINT_ACCEPTED", _("Complaint accepted")
        COMPLAINT_RESOLVED = "COMPLAINT_RESOLVED", _("Complaint resolved")
        APPLICATION_DECIDED = "APPLICATION_DECIDED", _("Course application decided")
        APPLICATION_WAITING = "APPLICATION_WAITING", _("Course application to review")
        CERTIFICATE_AVAILABLE = "CERTIFICATE_AVAILABLE", _("Certificate available")
        HOURS_CREDITED = "HOURS_CREDITED", pgettext_lazy("notice kind", "Hours credited")
        REVIEW_ROUND_OPENED = "REVIEW_ROUND_OPENED", _("Base review round opened")
        HOURS_REMINDER = "HOURS_REMINDER", _("Hours still missing")
        OTHER = "OTHER", pgettext_lazy("notice kind", "Other")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices",
                                  verbose_name=_("Recipient"))
    kind = models.CharField(pgettext_lazy("notice", "Kind"), max_length=30, choices=Kind.choices)
    # The words kept on the row (see above); empty on worded notices. The columns keep their names.
    stored_title = models.CharField(pgettext_lazy("notice", "Title"), max_length=200, blank=True, db_column="title")
    stored_body = models.TextField(pgettext_lazy("notice", "Text"), blank=True, db_column="body")
    params = models.JSONField(_("Parameters"), null=True, blank=True)
    link = models.CharField(_("Link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("Sent at"), db_index=True)
    read_at = models.DateTimeField(_("Read at"), null=True, blank=True)
    # What makes a notice one of a kind for its recipient (e.g. the reminder of a year's stage):
    # a second attempt to send it finds the first. Empty: no such rule.
    dedupe_key = models.CharField(_("Uniqueness key"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Notice")
        verbose_name_plural = _("Notices")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread"),
                   models.Index(fields=["recipient", "-created_at"], name="notice_recipient_recent")]
        constraints = [models.UniqueConstraint(fields=["recipient", "dedupe_key"], condition=~models.Q(dedupe_key=""),
                                               name="notice_once_per_key")]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def worded(self) -> tuple[str, str]:
        """(title, text) in the active language; cached per instance and language."""
        from django.utils.translation import get_language

        from .wording import notice_words

        language = get_language() or ""
        cached = self.__dict__.get("_worded")
        if cached is None or cached[0] != language:
            cached = (language, notice_words(self.kind, self.params, self.stored_title, self.stored_body))
            self.__dict__["_worded"] = cached
        return cached[1]

    @property
    def title(self) -> str:
        return self.worded()[0]

    @property
    def body(self) -> str:
        return self.worded()[1]


class SmsOptOut(models.Model):
    """A learner has turned off text messages of one kind of notice (the in-app notice still
    comes). Only kinds in `wording.SMS_KINDS` may be turned off; verification codes always go."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sms_opt_outs",
                             verbose_name=_("User"))
    kind = models.CharField(pgettext_lazy("notice", "Kind"), max_length=30, choices=Notice.Kind.choices)
    created_at = models.DateTimeField(_("Created at"))

    class Meta:
        verbose_name = _("Text messages turned off")
        verbose_name_plural = _("Text messages turned off")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="sms_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class SmsMessage(models.Model):
    """One text message the platform sends, whatever the gateway. The number is kept (the worker
    needs it to send, perhaps after retries) and shown only masked."""

    class Status(models.TextChoices):
        QUEUED = "QUEUED", pgettext_lazy("sms", "Queued")
        SENT = "SENT", pgettext_lazy("sms", "Sent")
        FAILED = "FAILED", pgettext_lazy("sms", "Failed")

    phone = models.CharField(_("Mobile phone"), max_length=11)
    text = models.CharField(pgettext_lazy("sms", "Text"), max_length=500)
    purpose = models.CharField(_("Purpose"), max_length=40)
    gateway = models.CharField(_("Gateway"), max_length=20)
    status = models.CharField(pgettext_lazy("sms", "Status"), max_length=8, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveIntegerField(_("Attempts"), default=0)
    provider_id = models.CharField(_("Gateway message id"), max_length=64, blank=True)
    error = models.CharField(_("Last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("Created at"), db_index=True)
    sent_at = models.DateTimeField(pgettext_lazy("sms", "Sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Text message")
        verbose_name_plural = _("Text messages")
        indexes = [models.Index(fields=["phone", "created_at"], name="sms_phone_created")]

    def __str__(self) -> str:
        return f"{self.masked_phone} {self.purpose}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class SmsDailyCount(models.Model):
    """How many messages a phone has been sent on one day (platform time zone): the cap is one
    conditional UPDATE on this row, so concurrent sends cannot pass it together."""

    phone = models.CharField(max_length=11)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["phone", "day"], name="sms_count_phone_day")]

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)} {self.day}: {self.count}"


class SandboxSms(models.Model):
    """The sandbox gateway's outbox: what a carrier would have delivered, for development and
    demos (the province admin reads it at the sandbox page)."""

    message = models.ForeignKey(SmsMessage, null=True, on_delete=models.SET_NULL, related_name="+")
    phone = models.CharField(_("Mobile phone"), max_length=11)
    text = models.CharField(pgettext_lazy("sms", "Text"), max_length=500)
    provider_id = models.CharField(_("Gateway message id"), max_length=64, unique=True)
    received_at = models.DateTimeField(_("Received at"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("Sandbox text message")
        verbose_name_plural = _("Sandbox text messages")

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)} {self.provider_id}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class VerificationCode(models.Model):
    """The current one-time code of a phone and purpose (one row each, replaced on resend). Only
    a keyed, salted hash of the code is stored."""

    phone = models.CharField(_("Mobile phone"), max_length=11)
    purpose = models.CharField(_("Purpose"), max_length=40)
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    wrong_tries = models.PositiveIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Verification code")
        verbose_name_plural = _("Verification codes")
        constraints = [models.UniqueConstraint(fields=["phone", "purpose"], name="code_one_per_phone_purpose")]

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)} {self.purpose}"

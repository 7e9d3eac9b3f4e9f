"""Online public service (RULES-2020 §8): the policy library, policy consultations and complaints."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jxjy.org.models import Division, TrainingBase


class PolicyArticle(models.Model):
    """A published policy document (通知, 办法, 解读...) that anyone may read and search."""

    class Category(models.TextChoices):
        NOTICE = "NOTICE", pgettext_lazy("policy category", "Notice")
        REGULATION = "REGULATION", pgettext_lazy("policy category", "Regulation")
        INTERPRETATION = "INTERPRETATION", pgettext_lazy("policy category", "Interpretation")
        GUIDE = "GUIDE", pgettext_lazy("policy category", "Service guide")

    title = models.CharField(pgettext_lazy("policy", "Title"), max_length=200)
    doc_number = models.CharField(_("Document number"), max_length=60, blank=True)
    issuer = models.CharField(_("Issuing body"), max_length=100)
    issued_on = models.DateField(pgettext_lazy("policy", "Issued on"))
    category = models.CharField(pgettext_lazy("policy", "Category"), max_length=16, choices=Category.choices,
                                default=Category.NOTICE)
    body = models.TextField(_("Body text"))
    published_at = models.DateTimeField(_("Published at"), db_index=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("Published by"))

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("Policy article")
        verbose_name_plural = _("Policy articles")

    def __str__(self) -> str:
        return self.title


class PolicyAttachment(models.Model):
    """The official file of a policy article (文件原文): a PDF, Word or Excel document the
    province uploads, recognised by its content; anyone reading the article downloads it."""

    class Kind(models.TextChoices):
        PDF = "PDF", "PDF"
        WORD = "WORD", pgettext_lazy("attachment kind", "Word")
        EXCEL = "EXCEL", pgettext_lazy("attachment kind", "Excel")

    article = models.ForeignKey(PolicyArticle, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("Policy article"))
    file = models.FileField(_("File"), upload_to="service/policy/", max_length=255)
    name = models.CharField(_("File name"), max_length=120)
    size = models.PositiveBigIntegerField(_("Size (bytes)"))
    kind = models.CharField(_("Kind"), max_length=8, choices=Kind.choices)
    uploaded_at = models.DateTimeField(_("Uploaded at"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("Uploaded by"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("Policy attachment")
        verbose_name_plural = _("Policy attachments")

    def __str__(self) -> str:
        return self.name


class Consultation(models.Model):
    """A question a signed-in user asks; the province or the asker's city bureau answers it."""

    class Status(models.TextChoices):
        OPEN = "OPEN", pgettext_lazy("consultation status", "Awaiting an answer")
        ANSWERED = "ANSWERED", pgettext_lazy("consultation status", "Answered")
        CLOSED = "CLOSED", pgettext_lazy("consultation status", "Closed")

    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultations",
                              verbose_name=_("Asked by"))
    # The city bureau in charge of the asker (None: only the province answers).
    city = models.ForeignKey(Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("City bureau"))
    article = models.ForeignKey(PolicyArticle, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="consultations", verbose_name=_("Related policy"))
    title = models.CharField(pgettext_lazy("consultation", "Subject"), max_length=100)
    question = models.TextField(pgettext_lazy("consultation", "Question"))
    status = models.CharField(pgettext_lazy("consultation", "Status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    asked_at = models.DateTimeField(_("Asked at"), db_index=True)
    answer = models.TextField(pgettext_lazy("consultation", "Answer"), blank=True)
    answered_at = models.DateTimeField(_("Answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("Answered by"))
    public = models.BooleanField(_("Shown in the FAQ"), default=False)
    closed_at = models.DateTimeField(pgettext_lazy("consultation", "Closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = _("Policy consultation")
        verbose_name_plural = _("Policy consultations")
        indexes = [models.Index(fields=["status", "asked_at"])]

    def __str__(self) -> str:
        return self.title


class Complaint(models.Model):
    """A learner's grievance against a base or one of its courses, handled by the authority in
    charge of the base: its city bureau for a city base, the province for a provincial base."""

    class Reason(models.TextChoices):
        OVERCHARGING = "OVERCHARGING", _("Overcharging")
        POOR_TEACHING = "POOR_TEACHING", _("Poor teaching")
        FAKE_HOURS = "FAKE_HOURS", _("Fake hours")
        OTHER = "OTHER", pgettext_lazy("complaint reason", "Other")

    class Status(models.TextChoices):
        SUBMITTED = "SUBMITTED", pgettext_lazy("complaint status", "Awaiting acceptance")
        ACCEPTED = "ACCEPTED", pgettext_lazy("complaint status", "Under investigation")
        RESOLVED = "RESOLVED", pgettext_lazy("complaint status", "Resolved")

    class Outcome(models.TextChoices):
        UPHELD = "UPHELD", pgettext_lazy("complaint outcome", "Upheld")
        NOT_UPHELD = "NOT_UPHELD", pgettext_lazy("complaint outcome", "Not upheld")

    complainant = models.ForeignKey("accounts.Learner", on_delete=models.PROTECT, related_name="complaints",
                                    verbose_name=_("Complainant"))
    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="complaints",
                             verbose_name=_("Training base"))
    course = models.ForeignKey("catalog.Course", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="complaints", verbose_name=_("Course"))
    # The city bureau in charge (None: the province), fixed when the complaint is filed.
    city = models.ForeignKey(Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("City bureau"))
    reason = models.CharField(_("Reason"), max_length=16, choices=Reason.choices)
    description = models.TextField(pgettext_lazy("complaint", "Description"))
    evidence = models.FileField(_("Evidence"), upload_to="service/complaints/", max_length=255, blank=True)
    evidence_name = models.CharField(_("Evidence file name"), max_length=120, blank=True)
    status = models.CharField(pgettext_lazy("complaint", "Status"), max_length=10, choices=Status.choices,
                              default=Status.SUBMITTED)
    filed_at = models.DateTimeField(_("Filed at"), db_index=True)
    accepted_at = models.DateTimeField(_("Accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("Accepted by"))
    resolved_at = models.DateTimeField(_("Resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("Resolved by"))
    outcome = models.CharField(_("Outcome"), max_length=10, choices=Outcome.choices, blank=True)
    result = models.TextField(_("Result"), blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("Complaint")
        verbose_name_plural = _("Complaints")
        indexes = [models.Index(fields=["status", "filed_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.base} {self.get_reason_display()}"


class ComplaintNote(models.Model):
    """An investigation note by the authority; internal (the complainant sees the progress only)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Author"))
    text = models.TextField(pgettext_lazy("complaint", "Note"))
    at = models.DateTimeField(_("Time"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("Investigation note")
        verbose_name_plural = _("Investigation notes")

    def __str__(self) -> str:
        return f"{self.complaint_id}@{self.at:%Y-%m-%d %H:%M}"


class ComplaintStatement(models.Model):
    """The complained-about base's written reply (情况说明) while the complaint is under
    investigation. The authority in charge and the complainant read it; the authority still
    decides the outcome."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="statements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Author"))
    text = models.TextField(pgettext_lazy("complaint", "Statement"))
    at = models.DateTimeField(_("Time"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("Statement of the base")
        verbose_name_plural = _("Statements of the base")

    def __str__(self) -> str:
        return f"{self.complaint_id}@{self.at:%Y-%m-%d %H:%M}"

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jxjy.accounts.models import Learner
from jxjy.org.models import TrainingBase


class BillingPolicy(models.Model):
    """Platform-wide billing figures that are not a year's fee schedule; one row (pk=1).

    `budget_min_share` is the Regulations' floor for an employer's continuing-education budget
    (at least 1.5 % of payroll, RULES-2020 §3); the province may change it without a release.
    """

    budget_min_share = models.DecimalField(
        _("Minimum CE budget share of payroll"), max_digits=6, decimal_places=4, default=Decimal("0.0150"),
        help_text=_("The Regulations' figure: employers budget at least this share of payroll (0.0150 = 1.5%)."))
    budget_rule_source = models.CharField(_("Source of the budget rule"), max_length=200, blank=True)
    tax_free = models.BooleanField(_("Invoices are tax-free"), default=True)
    tax_rate = models.DecimalField(_("Tax rate when not tax-free"), max_digits=5, decimal_places=4,
                                   default=Decimal("0.0300"))

    class Meta:
        verbose_name = _("Billing policy")
        verbose_name_plural = _("Billing policy")

    def __str__(self) -> str:
        return str(_("Billing policy"))

    @classmethod
    def current(cls) -> BillingPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class BaseInvoiceProfile(models.Model):
    """A base's invoicing settings: which issuer it uses and its tax treatment (None = policy's)."""

    base = models.OneToOneField(TrainingBase, on_delete=models.CASCADE, related_name="invoice_profile",
                                verbose_name=pgettext_lazy("billing", "Training base"))
    issuer = models.CharField(_("Invoice issuer"), max_length=30, default="local")
    tax_free = models.BooleanField(_("Tax-free"), null=True, blank=True)
    tax_rate = models.DecimalField(_("Tax rate"), max_digits=5, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("Invoice profile of a base")
        verbose_name_plural = _("Invoice profiles of bases")

    def __str__(self) -> str:
        return str(self.base)


class Order(models.Model):
    """What a learner owes a base for an enrolment or an in-person session, at the schedule's price."""

    class Kind(models.TextChoices):
        ENROLMENT = "ENROLMENT", pgettext_lazy("billing", "Online course")
        SESSION = "SESSION", pgettext_lazy("billing", "In-person session")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")

    class Status(models.TextChoices):
        PENDING = "PENDING", pgettext_lazy("billing", "Awaiting payment")
        PAID = "PAID", _("Paid")
        REFUNDED = "REFUNDED", _("Refunded")
        CANCELLED = "CANCELLED", _("Cancelled")
        EXPIRED = "EXPIRED", _("Expired")

    class Buyer(models.TextChoices):
        PERSONAL = "PERSONAL", _("Personal")
        UNIT = "UNIT", _("Work unit")

    LIVE = (Status.PENDING, Status.PAID)

    number = models.CharField(_("Order number"), max_length=32, unique=True)
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="orders", verbose_name=pgettext_lazy("billing", "Learner"))
    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="orders",
                             verbose_name=pgettext_lazy("billing", "Training base"))
    kind = models.CharField(pgettext_lazy("billing", "Kind"), max_length=12, choices=Kind.choices)
    reference_id = models.PositiveBigIntegerField(pgettext_lazy("billing", "Reference"))
    year = models.PositiveIntegerField(_("Study year"))
    plan_year = models.PositiveIntegerField(_("Fee schedule of year"))
    mode = models.CharField(pgettext_lazy("billing", "Mode"), max_length=12, choices=Mode.choices)
    hours = models.PositiveIntegerField(pgettext_lazy("billing", "Hours"))
    rate = models.DecimalField(_("Rate (yuan per hour)"), max_digits=8, decimal_places=2)
    relief = models.BooleanField(_("Relief county rate"), default=False)
    amount = models.DecimalField(_("Amount (yuan)"), max_digits=12, decimal_places=2)
    description = models.CharField(pgettext_lazy("billing", "Description"), max_length=200)
    items = models.JSONField(pgettext_lazy("billing", "Items"), default=list)
    status = models.CharField(pgettext_lazy("billing", "Status"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    gateway = models.CharField(_("Payment gateway"), max_length=30, blank=True)
    invoice_buyer = models.CharField(_("Invoice buyer"), max_length=10, choices=Buyer.choices,
                                     default=Buyer.PERSONAL)
    created_at = models.DateTimeField(_("Created at"), db_index=True)
    expires_at = models.DateTimeField(_("Expires at"))
    paid_at = models.DateTimeField(_("Paid at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("billing", "Closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("billing", "Order")
        verbose_name_plural = pgettext_lazy("billing", "Orders")
        constraints = [
            # One live order per enrolment or session registration: nobody is charged twice.
            models.UniqueConstraint(fields=["kind", "reference_id"], condition=Q(status__in=["PENDING", "PAID"]),
                                    name="billing_order_one_live_per_reference"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="billing_order_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["base", "status"]), models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Payment(models.Model):
    """Money received for an order, as the gateway's verified notification reported it."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="payment", verbose_name=pgettext_lazy("billing", "Order"))
    gateway = models.CharField(_("Payment gateway"), max_length=30)
    transaction_id = models.CharField(_("Gateway transaction"), max_length=64)
    amount = models.DecimalField(_("Amount (yuan)"), max_digits=12, decimal_places=2)
    paid_at = models.DateTimeField(_("Paid at"), db_index=True)
    recorded_at = models.DateTimeField(pgettext_lazy("billing", "Recorded at"))

    class Meta:
        ordering = ["-paid_at"]
        verbose_name = pgettext_lazy("billing", "Payment")
        verbose_name_plural = _("Payments")
        constraints = [models.UniqueConstraint(fields=["gateway", "transaction_id"],
                                               name="billing_payment_transaction_unique")]

    def __str__(self) -> str:
        return f"{self.gateway}:{self.transaction_id}"


class Refund(models.Model):
    """Money returned for a paid order whose study had not started; made by the base."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="refund", verbose_name=pgettext_lazy("billing", "Order"))
    amount = models.DecimalField(_("Amount (yuan)"), max_digits=12, decimal_places=2)
    gateway_refund_id = models.CharField(_("Gateway refund"), max_length=64, blank=True)
    reason = models.CharField(_("Reason"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("Refunded by"))
    refunded_at = models.DateTimeField(_("Refunded at"), db_index=True)

    class Meta:
        ordering = ["-refunded_at"]
        verbose_name = pgettext_lazy("billing", "Refund")
        verbose_name_plural = _("Refunds")

    def __str__(self) -> str:
        return f"{self.order} -{self.amount}"


class PaymentNotification(models.Model):
    """Every notification a gateway sent, with what the platform made of it. Rows are only added."""

    class Outcome(models.TextChoices):
        ACCEPTED = "ACCEPTED", _("Accepted: order paid")
        DUPLICATE = "DUPLICATE", _("Duplicate: already recorded")
        LATE = "LATE", _("Late: order already closed")
        CONFLICT = "CONFLICT", _("Second payment for a paid order")
        BAD_SIGNATURE = "BAD_SIGNATURE", _("Refused: bad signature")
        WRONG_AMOUNT = "WRONG_AMOUNT", _("Refused: wrong amount")
        UNKNOWN_ORDER = "UNKNOWN_ORDER", _("Refused: unknown order")
        WRONG_GATEWAY = "WRONG_GATEWAY", _("Refused: order of another gateway")
        MALFORMED = "MALFORMED", _("Refused: malformed")

    REFUSED = (Outcome.BAD_SIGNATURE, Outcome.WRONG_AMOUNT, Outcome.UNKNOWN_ORDER, Outcome.WRONG_GATEWAY,
               Outcome.MALFORMED)

    gateway = models.CharField(_("Payment gateway"), max_length=30)
    received_at = models.DateTimeField(_("Received at"), db_index=True)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications",
                              verbose_name=pgettext_lazy("billing", "Order"))
    order_number = models.CharField(_("Order number"), max_length=64, blank=True)
    transaction_id = models.CharField(_("Gateway transaction"), max_length=64, blank=True)
    amount = models.DecimalField(_("Amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("Outcome"), max_length=16, choices=Outcome.choices, db_index=True)
    message = models.CharField(_("Message"), max_length=300, blank=True)
    payload = models.JSONField(_("Payload"), null=True, blank=True)
    remote_addr = models.GenericIPAddressField(_("Remote address"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("Payment notification")
        verbose_name_plural = _("Payment notifications")

    def __str__(self) -> str:
        return f"{self.gateway} {self.order_number} {self.outcome}"


class InvoiceSequence(models.Model):
    """The next number of a base's invoice series in one year; taken under a row lock."""

    base = models.ForeignKey(TrainingBase, on_delete=models.CASCADE, related_name="+", verbose_name=pgettext_lazy("billing", "Training base"))
    year = models.PositiveIntegerField(pgettext_lazy("billing", "Year"))
    last = models.PositiveIntegerField(_("Last number"), default=0)

    class Meta:
        verbose_name = _("Invoice number series")
        verbose_name_plural = _("Invoice number series")
        constraints = [models.UniqueConstraint(fields=["base", "year"], name="billing_invoice_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.base} {self.year}: {self.last}"


class Invoice(models.Model):
    """An electronic invoice (电子发票) of a base for an order: blue for the payment, red for its refund.

    Created PENDING in the transaction that records the payment or refund; a task numbers it
    (NUMBERED), produces its PDF and data, and marks it ISSUED. One per order and kind, ever.
    """

    class Kind(models.TextChoices):
        BLUE = "BLUE", pgettext_lazy("billing", "Invoice")
        RED = "RED", _("Red-letter invoice")

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Waiting to be issued")
        NUMBERED = "NUMBERED", _("Numbered, being issued")
        ISSUED = "ISSUED", pgettext_lazy("billing", "Issued")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices", verbose_name=pgettext_lazy("billing", "Order"))
    kind = models.CharField(pgettext_lazy("billing", "Kind"), max_length=4, choices=Kind.choices, default=Kind.BLUE)
    status = models.CharField(pgettext_lazy("billing", "Status"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    base = models.ForeignKey(TrainingBase, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("billing", "Training base"))
    original = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals",
                                 verbose_name=_("Original invoice"))
    issuer = models.CharField(_("Invoice issuer"), max_length=30, blank=True)
    number = models.CharField(_("Invoice number"), max_length=32, null=True, blank=True, unique=True)
    amount = models.DecimalField(_("Amount (yuan)"), max_digits=12, decimal_places=2)
    tax_free = models.BooleanField(_("Tax-free"), default=True)
    tax_rate = models.DecimalField(_("Tax rate"), max_digits=5, decimal_places=4, default=Decimal("0"))
    tax_amount = models.DecimalField(_("Tax"), max_digits=12, decimal_places=2, default=Decimal("0"))
    buyer_type = models.CharField(_("Buyer type"), max_length=10, choices=Order.Buyer.choices, blank=True)
    buyer_name = models.CharField(_("Buyer"), max_length=100, blank=True)
    buyer_tax_id = models.CharField(_("Buyer tax ID"), max_length=18, blank=True)
    seller_name = models.CharField(_("Seller"), max_length=100, blank=True)
    seller_tax_id = models.CharField(_("Seller tax ID"), max_length=18, blank=True)
    items = models.JSONField(pgettext_lazy("billing", "Items"), default=list)
    check_code = models.CharField(_("Check code"), max_length=20, blank=True)
    issued_at = models.DateTimeField(_("Issued at"), null=True, blank=True, db_index=True)
    pdf = models.FileField(_("PDF"), upload_to="invoices/", blank=True)
    data = models.JSONField(_("Machine-readable data"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("Attempts"), default=0)
    last_error = models.CharField(_("Last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("Created at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Electronic invoice")
        verbose_name_plural = _("Electronic invoices")
        constraints = [models.UniqueConstraint(fields=["order", "kind"], name="billing_invoice_one_per_order_kind")]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

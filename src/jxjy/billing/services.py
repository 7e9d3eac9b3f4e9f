"""Writes on billing: orders, payments and their notifications, refunds, invoices, budgets.

Every amount comes from the year's fee schedule through `fees.quote`; no caller passes an
amount in. Each service checks, then changes state in one transaction with the order row
locked; signals and tasks go out on commit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner, User
from jxjy.catalog.models import Course
from jxjy.core import clock
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jxjy.core.masking import mask_text
from jxjy.learning import selectors as learning_selectors
from jxjy.learning import services as learning_services
from jxjy.learning.models import Enrolment
from jxjy.org.models import Employer, TrainingBase
from jxjy.plans.rules import YearRules
from jxjy.plans.selectors import current_plan, published_plan

from . import conf, fees
from .documents import InvoiceDocument, InvoiceLine
from .gateways import GATEWAYS, get_gateway
from .gateways.base import Ack, NotificationRefused
from .issuers import get_issuer
from .models import BaseInvoiceProfile, BillingPolicy, Invoice, Order, Payment, PaymentNotification, Refund
from .signals import order_closed, order_paid, order_refund_check

logger = logging.getLogger(__name__)

Status = Order.Status
Outcome = PaymentNotification.Outcome


# --- Fees -------------------------------------------------------------------------------------


def fee_rules(year: int) -> YearRules:
    """The schedule an order of `year` is priced by: that year's published plan, or, for a
    make-up year without a plan on the platform, the current plan (the schedule in force)."""
    try:
        return published_plan(year).rules()
    except NotFound:
        current = current_plan().rules()
        if year < current.year:
            return current
        raise


def fee_quote(*, rules: YearRules, mode: str, hours: int, county_code: str | None) -> fees.Quote:
    try:
        return fees.quote(rules, mode=mode, hours=hours, county_code=county_code)
    except fees.UnknownMode as exc:
        raise ValidationFailed(_("Unknown study mode: use online or in_person"), code="unknown_mode",
                               detail={"mode": mode, "modes": list(fees.MODES)}) from exc
    except fees.InvalidHours as exc:
        raise ValidationFailed(_("Hours must be a positive whole number"), code="invalid_hours",
                               detail={"hours": hours}) from exc


# --- Orders -----------------------------------------------------------------------------------


def _order_number() -> str:
    return f"JX{timezone.localtime(clock.now()):%Y%m%d%H%M%S}{secrets.randbelow(10**8):08d}"


def _on_commit(func: Callable[[], None]) -> None:
    # robust: the payment or refund is committed by then; a failing receiver or task enqueue is
    # logged (the `issue_invoices` command picks up what was not issued), never raised at the payer.
    transaction.on_commit(func, robust=True)


def _send_paid(order: Order) -> None:
    def send_order_paid() -> None:
        order_paid.send(sender=Order, order=order)

    _on_commit(send_order_paid)


def _send_closed(order: Order, status: str) -> None:
    def send_order_closed() -> None:
        order_closed.send(sender=Order, order=order, status=status)

    _on_commit(send_order_closed)


def _enqueue_issue(invoice_id: int) -> None:
    def enqueue_invoice_issue() -> None:
        from . import tasks

        tasks.issue_invoice.delay(invoice_id)

    _on_commit(enqueue_invoice_issue)


def _enrolment_of(order: Order) -> Enrolment | None:
    if order.kind != Order.Kind.ENROLMENT:
        return None
    return Enrolment.objects.filter(pk=order.reference_id).first()


def _after_paid(order: Order) -> None:
    """Inside the paying transaction: open study, queue the invoice and the signal."""
    enrolment = _enrolment_of(order)
    if enrolment is not None:
        learning_services.enrolment_activate(enrolment=enrolment)
    if order.amount > 0:
        invoice = Invoice.objects.create(order=order, kind=Invoice.Kind.BLUE, base_id=order.base_id,
                                         amount=order.amount, created_at=clock.now())
        _enqueue_issue(invoice.pk)
    _send_paid(order)


def _close(order: Order, status: str) -> None:
    """Inside the closing transaction, with the order locked: close it and what it opened."""
    order.status = status
    order.closed_at = clock.now()
    order.save(update_fields=["status", "closed_at"])
    enrolment = _enrolment_of(order)
    if enrolment is not None:
        learning_services.enrolment_cancel(enrolment=enrolment)
    _send_closed(order, status)


def order_create(*, learner: Learner, base: TrainingBase, mode: str, hours: int, year: int, description: str,
                 kind: str, reference_id: int) -> Order:
    """An order for `hours` of `mode` study at `base`, priced by the year's schedule for the
    learner's work unit's county (relief rate or standard). A free order (amount 0) is paid at
    once. `kind` and `reference_id` name what it pays for (an enrolment or a session
    registration); one live order per reference."""
    if kind not in Order.Kind.values:
        raise ValidationFailed(_("Unknown order kind"), code="unknown_order_kind", detail={"kind": kind})
    rules = fee_rules(year)
    county = learner.employer.county.code if learner.employer_id else None
    quote = fee_quote(rules=rules, mode=mode, hours=hours, county_code=county)
    now = clock.now()
    item = {"name": description[:200], "unit": "hour", "quantity": hours, "unit_price": str(quote.rate),
            "amount": str(quote.amount)}
    with transaction.atomic():
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    number=_order_number(), learner=learner, base=base, kind=kind, reference_id=reference_id,
                    year=year, plan_year=rules.year, mode=mode, hours=hours, rate=quote.rate, relief=quote.relief,
                    amount=quote.amount, description=description[:200], items=[item],
                    gateway=conf.default_gateway() if quote.amount > 0 else "", created_at=now,
                    expires_at=now + conf.order_expiry())
        except IntegrityError as exc:
            raise Conflict(_("There is already an open or paid order for this"), code="order_exists") from exc
        if quote.amount == 0:
            order.status = Status.PAID
            order.paid_at = now
            order.save(update_fields=["status", "paid_at"])
            _after_paid(order)
    return order


def enrolment_order_create(*, learner: Learner, course: Course, year: int,
                           invoice_buyer: str | None = None) -> tuple[Enrolment, Order]:
    """Enrols the learner (learning checks the course, the year and duplicates) and creates the
    order for the course's hours at the online rate; a free one opens study at once."""
    with transaction.atomic():
        enrolment = learning_services.enrolment_create(learner=learner, course=course, year=year)
        order = order_create(learner=learner, base=course.base, mode=Order.Mode.ONLINE, hours=course.hours,
                             year=year, description=course.title, kind=Order.Kind.ENROLMENT,
                             reference_id=enrolment.pk)
        if invoice_buyer:
            order = order_set_invoice_buyer(actor=learner.user, order=order, buyer=invoice_buyer)
    enrolment.refresh_from_db()
    return enrolment, order


def _require_owner(actor: User, order: Order) -> None:
    if actor.role != User.Role.LEARNER or order.learner.user_id != actor.pk:
        raise PermissionDenied(_("Only the learner who placed the order may do this"), code="not_order_owner")


def order_set_invoice_buyer(*, actor: User, order: Order, buyer: str) -> Order:
    """Chooses who the invoice is made out to: the learner, or the work unit (with its credit
    code). Possible until the invoice is numbered."""
    _require_owner(actor, order)
    value = str(buyer or "").upper()
    if value not in Order.Buyer.values:
        raise ValidationFailed(_("The invoice buyer must be personal or unit"), code="invalid_invoice_buyer",
                               detail={"buyer": buyer})
    with transaction.atomic():
        row = Order.objects.select_for_update().get(pk=order.pk)
        if row.status not in Order.LIVE:
            raise Conflict(_("This order is closed"), code="order_closed")
        if Invoice.objects.filter(order=row, kind=Invoice.Kind.BLUE).exclude(status=Invoice.Status.PENDING).exists():
            raise Conflict(_("The invoice has already been issued"), code="invoice_already_issued")
        if row.invoice_buyer != value:
            row.invoice_buyer = value
            row.save(update_fields=["invoice_buyer"])
    return row


def order_expire_if_due(*, order: Order) -> Order:
    """Expires a pending order whose payment time is up; an expired order cannot be paid."""
    if order.status != Status.PENDING or clock.now() < order.expires_at:
        return order
    with transaction.atomic():
        row = Order.objects.select_for_update().get(pk=order.pk)
        if row.status == Status.PENDING and clock.now() >= row.expires_at:
            _close(row, Status.EXPIRED)
    return row


def orders_expire_due() -> int:
    """Expires every pending order past its time (the `expire_orders` command); returns how many."""
    count = 0
    due = Order.objects.filter(status=Status.PENDING, expires_at__lte=clock.now()).values_list("pk", flat=True)
    for order in Order.objects.filter(pk__in=list(due)):
        if order_expire_if_due(order=order).status == Status.EXPIRED:
            count += 1
    return count


def order_cancel(*, actor: User, order: Order) -> Order:
    """The learner withdraws an unpaid order; its enrolment is cancelled with it."""
    _require_owner(actor, order)
    order = order_expire_if_due(order=order)
    with transaction.atomic():
        row = Order.objects.select_for_update().get(pk=order.pk)
        if row.status != Status.PENDING:
            raise Conflict(_("Only an unpaid order can be cancelled"), code="order_not_cancellable",
                           detail={"status": row.status.lower()})
        _close(row, Status.CANCELLED)
    return row


def order_refund(*, actor: User, order: Order, reason: str = "") -> Order:
    """The base refunds a paid order whose study has not started, through the order's gateway.
    Audited; the enrolment is cancelled and a red-letter invoice reverses the invoice."""
    if actor.role != User.Role.BASE_ADMIN or actor.base_id != order.base_id:
        raise PermissionDenied(_("Only the order's training base may refund it"), code="refund_not_allowed")
    with transaction.atomic():
        row = Order.objects.select_for_update().get(pk=order.pk)
        if row.status != Status.PAID:
            raise Conflict(_("Only a paid order can be refunded"), code="order_not_refundable",
                           detail={"status": row.status.lower()})
        payment = Payment.objects.filter(order=row).first()
        if payment is None:
            raise Conflict(_("A free order has nothing to refund"), code="nothing_to_refund")
        enrolment = _enrolment_of(row)
        if enrolment is not None and learning_selectors.study_started(enrolment):
            raise Conflict(_("Study has started: the order can no longer be refunded"), code="study_started")
        order_refund_check.send(sender=Order, order=row)
        before = snapshot(row, ["status", "closed_at"])
        # A retried refund reuses the refund number, so that the platform refunds only once.
        result = GATEWAYS[payment.gateway]().refund(row, payment, refund_number=f"R{row.number}")
        _close(row, Status.REFUNDED)
        Refund.objects.create(order=row, amount=payment.amount, gateway_refund_id=result.refund_id,
                              reason=(reason or "")[:200], actor=actor, refunded_at=row.closed_at)
        blue = Invoice.objects.filter(order=row, kind=Invoice.Kind.BLUE).first()
        if blue is not None:
            red = Invoice.objects.create(order=row, kind=Invoice.Kind.RED, base_id=row.base_id, original=blue,
                                         amount=-payment.amount, created_at=clock.now())
            _enqueue_issue(red.pk)
        audit_record(actor=actor, action="billing.order_refund", obj=row, before=before,
                     after={**snapshot(row, ["status", "closed_at"]), "amount": payment.amount,
                            "reason": reason, "gateway_refund_id": result.refund_id})
    return row


# --- Paying -----------------------------------------------------------------------------------


def _payable(actor: User, order: Order) -> Order:
    _require_owner(actor, order)
    order = order_expire_if_due(order=order)
    if order.status != Status.PENDING:
        raise Conflict(_("This order cannot be paid"), code="order_not_payable", detail={"status": order.status.lower()})
    return order


def payment_start(*, actor: User, order: Order, return_url: str, notify_url: str) -> str:
    """Where to send the learner to pay: the order's gateway's page."""
    order = _payable(actor, order)
    if not order.gateway:
        raise Conflict(_("No payment method is configured"), code="no_gateway")
    return get_gateway(order.gateway).start(order, return_url=return_url, notify_url=notify_url)


def sandbox_pay(*, actor: User, order: Order) -> Order:
    """Plays the learner paying at the sandbox: the sandbox then sends its signed notification
    through the notification task, as a real platform's server would."""
    from . import tasks

    if not conf.sandbox_active():
        raise NotFound(_("The sandbox gateway is not active"), code="sandbox_inactive")
    order = _payable(actor, order)
    if order.gateway != "sandbox":
        raise Conflict(_("This order is paid through another gateway"), code="wrong_gateway")
    gateway = get_gateway("sandbox")
    body = gateway.build_notification(order_number=order.number, amount=order.amount)  # type: ignore[attr-defined]
    tasks.deliver_notification.delay("sandbox", body.decode(), {})
    order.refresh_from_db()
    return order


@dataclass(frozen=True)
class NotificationResult:
    outcome: str
    ack: Ack
    order_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.outcome not in PaymentNotification.REFUSED


def _payload(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
        if isinstance(data, dict):
            return {str(k): mask_text(str(v))[:500] for k, v in data.items()}
    except (UnicodeDecodeError, ValueError):
        pass
    return {"raw": mask_text(body[:1000].decode("utf-8", "replace"))}


def _log(*, gateway: str, outcome: str, order: Order | None = None, fields: Mapping[str, Any] | None = None,
         amount: Decimal | None = None, message: str = "", body: bytes = b"",
         remote_addr: str | None = None) -> None:
    fields = fields or {}
    PaymentNotification.objects.create(
        gateway=gateway, received_at=clock.now(), order=order,
        order_number=str(fields.get("out_trade_no", "") or (order.number if order else ""))[:64],
        transaction_id=str(fields.get("transaction_id", ""))[:64], amount=amount, outcome=outcome,
        message=message[:300], payload=_payload(body) if body else None, remote_addr=remote_addr)
    if outcome in PaymentNotification.REFUSED:
        logger.warning("payment notification refused: gateway=%s outcome=%s order=%s reason=%s", gateway, outcome,
                       fields.get("out_trade_no", ""), message)


def payment_notification_handle(*, gateway_name: str, body: bytes, headers: Mapping[str, str],
                                remote_addr: str | None = None) -> NotificationResult:
    """Handles one notification from a payment platform (the notify URL and the sandbox's task
    both come here). Verifies its signature, locks the order, and records the payment once:
    duplicates, replays, late and concurrent notifications change nothing a second time; a
    bad signature, a wrong amount or an unknown order is refused. Every call leaves a log row."""
    gateway = get_gateway(gateway_name)
    try:
        note = gateway.parse_notification(body, headers)
    except NotificationRefused as exc:
        _log(gateway=gateway.name, outcome=exc.outcome, fields=exc.fields, message=str(exc), body=body,
             remote_addr=remote_addr)
        return NotificationResult(exc.outcome, gateway.ack(False))

    def done(outcome: str, order: Order | None, message: str = "") -> NotificationResult:
        _log(gateway=gateway.name, outcome=outcome, order=order, fields=note.fields, amount=note.amount,
             message=message, body=body, remote_addr=remote_addr)
        return NotificationResult(outcome, gateway.ack(outcome not in PaymentNotification.REFUSED),
                                  order.pk if order else None)

    with transaction.atomic():
        order = Order.objects.select_for_update().filter(number=note.order_number).first()
        if order is None:
            return done(Outcome.UNKNOWN_ORDER, None, "no such order")
        if order.gateway and order.gateway != gateway.name:
            # A platform vouches only for payments made through it.
            return done(Outcome.WRONG_GATEWAY, order, f"order is paid through {order.gateway}")
        if note.amount != order.amount:
            return done(Outcome.WRONG_AMOUNT, order, f"notified {note.amount}, order {order.amount}")
        paid = Payment.objects.filter(order=order).first()
        if paid is not None:
            same = paid.gateway == gateway.name and paid.transaction_id == note.transaction_id
            return done(Outcome.DUPLICATE if same else Outcome.CONFLICT, order,
                        "" if same else f"order already paid by {paid.transaction_id}")
        if order.status == Status.PENDING and note.paid_at > order.expires_at:
            _close(order, Status.EXPIRED)
        if order.status != Status.PENDING:
            # The platform took money for a closed order: acknowledged, left for reconciliation
            # to refund; the order stays closed.
            return done(Outcome.LATE, order, f"order is {order.status.lower()}")
        try:
            with transaction.atomic():
                Payment.objects.create(order=order, gateway=gateway.name, transaction_id=note.transaction_id,
                                       amount=note.amount, paid_at=note.paid_at, recorded_at=clock.now())
        except IntegrityError:
            return done(Outcome.DUPLICATE, order, "transaction already recorded")
        order.status = Status.PAID
        order.paid_at = note.paid_at
        order.gateway = gateway.name
        order.save(update_fields=["status", "paid_at", "gateway"])
        _after_paid(order)
        return done(Outcome.ACCEPTED, order)


# --- Invoices ---------------------------------------------------------------------------------

CENT = Decimal("0.01")


def invoice_settings(base: TrainingBase) -> tuple[str, bool, Decimal]:
    """(issuer, tax-free, tax rate) of a base: its profile where set, else the policy's."""
    policy = BillingPolicy.current()
    profile = BaseInvoiceProfile.objects.filter(base=base).first()
    issuer = (profile.issuer if profile else "") or conf.default_issuer()
    tax_free = profile.tax_free if profile and profile.tax_free is not None else policy.tax_free
    rate = profile.tax_rate if profile and profile.tax_rate is not None else policy.tax_rate
    return issuer, tax_free, (Decimal("0") if tax_free else rate)


def _tax_of(amount: Decimal, rate: Decimal) -> Decimal:
    # Amounts are tax-inclusive: the tax is the part of the amount above amount / (1 + rate).
    if not rate:
        return Decimal("0.00")
    return (amount - amount / (1 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def check_code(number: str, amount: Decimal) -> str:
    """The 20-digit check code printed on an invoice; the verify page recomputes it."""
    digest = hmac.new(conf.verify_secret(), f"{number}|{amount:.2f}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:10], 'big') % 10**20:020d}"


def verify_url(number: str, amount: Decimal, code: str) -> str:
    """What the invoice's QR code holds: a short URL (a smaller code) with number, amount and check code."""
    return conf.public_url() + reverse("billing:invoice_check", args=[number, f"{amount:.2f}", code])


def _fill(invoice: Invoice) -> None:
    """Sets the invoice's parties, items and tax from its order (a red one mirrors its original)."""
    order = invoice.order
    if invoice.kind == Invoice.Kind.RED and invoice.original_id:
        blue = invoice.original
        assert blue is not None
        invoice.buyer_type, invoice.buyer_name, invoice.buyer_tax_id = blue.buyer_type, blue.buyer_name, \
            blue.buyer_tax_id
        invoice.seller_name, invoice.seller_tax_id = blue.seller_name, blue.seller_tax_id
        invoice.tax_free, invoice.tax_rate, invoice.tax_amount = blue.tax_free, blue.tax_rate, -blue.tax_amount
        invoice.items = [{**item, "quantity": -int(item["quantity"]), "amount": str(-Decimal(item["amount"])),
                          "tax_amount": str(-Decimal(item["tax_amount"]))} for item in blue.items]
        return
    issuer, tax_free, rate = invoice_settings(invoice.base)
    learner = order.learner
    if order.invoice_buyer == Order.Buyer.UNIT:
        employer = learner.employer
        invoice.buyer_type, invoice.buyer_name, invoice.buyer_tax_id = Order.Buyer.UNIT, employer.name, \
            employer.credit_code
    else:
        invoice.buyer_type, invoice.buyer_name, invoice.buyer_tax_id = Order.Buyer.PERSONAL, learner.name, ""
    invoice.seller_name, invoice.seller_tax_id = invoice.base.name, invoice.base.credit_code
    invoice.tax_free, invoice.tax_rate = tax_free, rate
    items = []
    for item in order.items:
        amount = Decimal(item["amount"])
        items.append({"name": item["name"], "unit": item.get("unit", "hour"), "quantity": int(item["quantity"]),
                      "unit_price": item["unit_price"], "amount": str(amount), "tax_amount": str(_tax_of(amount, rate))})
    invoice.items = items
    invoice.tax_amount = sum((Decimal(i["tax_amount"]) for i in items), Decimal("0.00"))
    invoice.issuer = issuer


# Printed invoice content (a prescribed Chinese document, not interface text): the tax category
# before an item's name, the unit names, and who draws the invoice.
ITEM_PREFIX = "*非学历教育服务*继续教育培训费"
DRAWER = "继续教育平台"
UNIT_NAMES = {"hour": "学时"}


def invoice_document(invoice: Invoice) -> InvoiceDocument:
    """The numbered invoice as a plain document for the issuer's renderers."""
    assert invoice.number and invoice.issued_at
    lines = tuple(InvoiceLine(name=f"{ITEM_PREFIX}（{item['name']}）", unit=UNIT_NAMES.get(item["unit"], item["unit"]),
                              quantity=int(item["quantity"]), unit_price=Decimal(item["unit_price"]),
                              amount=Decimal(item["amount"]), tax_rate=invoice.tax_rate,
                              tax_amount=Decimal(item["tax_amount"])) for item in invoice.items)
    return InvoiceDocument(
        number=invoice.number, kind=invoice.kind.lower(), issued_at=timezone.localtime(invoice.issued_at),
        check_code=invoice.check_code, seller_name=invoice.seller_name, seller_tax_id=invoice.seller_tax_id,
        buyer_type=invoice.buyer_type.lower(), buyer_name=invoice.buyer_name, buyer_tax_id=invoice.buyer_tax_id,
        lines=lines, total=invoice.amount, tax_free=invoice.tax_free, tax_amount=invoice.tax_amount,
        order_number=invoice.order.number,
        verify_url=verify_url(invoice.number, invoice.amount, invoice.check_code),
        issuer=invoice.issuer, original_number=(invoice.original.number or "") if invoice.original else "",
        drawer=DRAWER)


def _store_pdf(invoice: Invoice, pdf: bytes) -> str:
    name = f"invoices/{invoice.base_id}/{invoice.number}.pdf"
    # A run killed after writing left this file for the same number: replace it, never rename.
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(pdf))


Checkpoint = Callable[[str, Invoice], None]
NUMBERED_FIELDS = ["buyer_type", "buyer_name", "buyer_tax_id", "seller_name", "seller_tax_id", "tax_free", "tax_rate",
                   "tax_amount", "items", "issuer", "number", "issued_at", "check_code", "status", "attempts"]


def invoice_issue(*, invoice_id: int, checkpoint: Checkpoint | None = None) -> Invoice:
    """Issues one invoice, idempotently: an issued invoice is returned as it is, a numbered one
    keeps its number. A red-letter invoice issues its original first. `checkpoint(stage, inv)`
    lets the fault test stop the process at "numbering" (inside the numbering transaction) or
    "numbered" (after it committed)."""
    invoice = Invoice.objects.select_related("order", "base", "original").get(pk=invoice_id)
    if invoice.is_issued:
        return invoice
    if invoice.original_id and invoice.original and not invoice.original.is_issued:
        invoice_issue(invoice_id=invoice.original_id, checkpoint=checkpoint)
    with transaction.atomic():
        # Lock only the invoice row: PostgreSQL refuses FOR UPDATE on the outer-joined original.
        invoice = (Invoice.objects.select_for_update(of=("self",))
                   .select_related("order__learner__employer", "base", "original").get(pk=invoice_id))
        if invoice.is_issued:
            return invoice
        invoice.attempts += 1
        if invoice.status == Invoice.Status.PENDING:
            _fill(invoice)
            issuer = get_issuer(invoice.issuer or invoice_settings(invoice.base)[0])
            allocation = issuer.allocate(invoice)
            invoice.issuer = issuer.name
            invoice.number, invoice.issued_at = allocation.number, allocation.issued_at
            invoice.check_code = check_code(allocation.number, invoice.amount)
            invoice.status = Invoice.Status.NUMBERED
            invoice.save(update_fields=NUMBERED_FIELDS)
            if checkpoint:
                checkpoint("numbering", invoice)
        else:
            invoice.save(update_fields=["attempts"])
    if checkpoint:
        checkpoint("numbered", invoice)
    issuer = get_issuer(invoice.issuer)
    try:
        produced = issuer.produce(invoice_document(invoice))
        name = _store_pdf(invoice, produced.pdf)
    except Exception as exc:
        Invoice.objects.filter(pk=invoice_id).update(last_error=str(exc)[:300])
        logger.exception("invoice %s could not be produced", invoice_id)
        raise
    with transaction.atomic():
        row = Invoice.objects.select_for_update().get(pk=invoice_id)
        if row.is_issued:
            return row
        row.pdf.name = name
        row.data = produced.data
        row.status = Invoice.Status.ISSUED
        row.last_error = ""
        row.save(update_fields=["pdf", "data", "status", "last_error"])
    return row


def invoices_issue_pending(*, limit: int | None = None, checkpoint: Checkpoint | None = None,
                           on_issued: Callable[[Invoice], None] | None = None) -> int:
    """Issues every invoice not yet issued (the `issue_invoices` command; after a crash it
    finishes what was interrupted). Also creates the invoice of any paid order that lacks one."""
    for order in Order.objects.filter(status__in=[Status.PAID, Status.REFUNDED], amount__gt=0,
                                      payment__isnull=False).exclude(invoices__kind=Invoice.Kind.BLUE):
        with transaction.atomic():
            Invoice.objects.get_or_create(order=order, kind=Invoice.Kind.BLUE,
                                          defaults={"base_id": order.base_id, "amount": order.amount,
                                                    "created_at": clock.now()})
    for order in Order.objects.filter(status=Status.REFUNDED, refund__isnull=False,
                                      invoices__kind=Invoice.Kind.BLUE).exclude(invoices__kind=Invoice.Kind.RED):
        blue = Invoice.objects.get(order=order, kind=Invoice.Kind.BLUE)
        with transaction.atomic():
            Invoice.objects.get_or_create(order=order, kind=Invoice.Kind.RED,
                                          defaults={"base_id": order.base_id, "amount": -order.refund.amount,
                                                    "original": blue, "created_at": clock.now()})
    count = 0
    # BLUE sorts before RED: an original is issued before the red-letter invoice reversing it.
    pending = list(Invoice.objects.exclude(status=Invoice.Status.ISSUED).order_by("kind", "pk")
                   .values_list("pk", flat=True))
    for invoice_id in pending[:limit] if limit else pending:
        invoice = invoice_issue(invoice_id=invoice_id, checkpoint=checkpoint)
        count += 1
        if on_issued:
            on_issued(invoice)
    return count


def invoice_profile_set(*, actor: User, base: TrainingBase, tax_free: bool | None, tax_rate: Any = None,
                        issuer: str | None = None) -> BaseInvoiceProfile:
    """Sets a base's invoicing (tax-free or its rate, issuer): the base itself or the province."""
    if not (actor.role == User.Role.PROVINCE_ADMIN or (actor.role == User.Role.BASE_ADMIN and actor.base_id == base.pk)):
        raise PermissionDenied(_("Only the base or the province may change its invoicing"))
    rate: Decimal | None = None
    if tax_rate not in (None, ""):
        try:
            rate = Decimal(str(tax_rate))
        except InvalidOperation as exc:
            raise ValidationFailed(_("The tax rate must be a number between 0 and 1"), code="invalid_tax_rate") from exc
        if not rate.is_finite() or not (0 <= rate < 1):
            raise ValidationFailed(_("The tax rate must be a number between 0 and 1"), code="invalid_tax_rate")
    if issuer:
        get_issuer(issuer)
    with transaction.atomic():
        profile, _created = BaseInvoiceProfile.objects.select_for_update().get_or_create(base=base)
        before = snapshot(profile)
        profile.tax_free = tax_free
        profile.tax_rate = rate
        if issuer:
            profile.issuer = issuer
        profile.save(update_fields=["tax_free", "tax_rate", "issuer"])
        audit_record(actor=actor, action="billing.invoice_profile_set", obj=profile, before=before,
                     after=snapshot(profile))
    return profile


# --- Employer budgets -------------------------------------------------------------------------

MONEY_LIMIT = Decimal("1e12")


def _money_or_none(name: str, value: Any, errors: list[dict[str, str]]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
        if isinstance(value, bool | float) or not amount.is_finite() or amount < 0 or amount >= MONEY_LIMIT \
                or amount != amount.quantize(CENT):
            raise InvalidOperation
    except InvalidOperation:
        errors.append({"field": name, "reason": _("Must be an amount in yuan, at most two decimals, not negative")})
        return None
    return amount


def employer_budget_set(*, actor: User, employer: Employer, payroll: Any, ce_budget: Any) -> Employer:
    """The employer's reviewer records its yearly payroll and continuing-education budget."""
    if actor.role != User.Role.EMPLOYER_REVIEWER or actor.employer_id != employer.pk:
        raise PermissionDenied(_("Only the work unit itself may record its budget"), code="budget_not_allowed")
    errors: list[dict[str, str]] = []
    payroll_value = _money_or_none("payroll", payroll, errors)
    budget_value = _money_or_none("ce_budget", ce_budget, errors)
    if errors:
        raise ValidationFailed(detail={"errors": errors})
    with transaction.atomic():
        row = Employer.objects.select_for_update().get(pk=employer.pk)
        before = snapshot(row, ["payroll", "ce_budget"])
        row.payroll, row.ce_budget = payroll_value, budget_value
        row.save(update_fields=["payroll", "ce_budget"])
        audit_record(actor=actor, action="billing.employer_budget_set", obj=row, before=before,
                     after=snapshot(row, ["payroll", "ce_budget"]))
    return row

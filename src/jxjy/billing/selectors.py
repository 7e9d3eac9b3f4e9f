"""Reads on billing: quotes, reports by day and month, totals by base, reconciliation, and an
employer's budget and its people's fees."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDay, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.accounts.models import Learner, User
from jxjy.core.errors import PermissionDenied, ValidationFailed
from jxjy.org.models import Division, DivisionAlias, Employer, TrainingBase
from jxjy.plans.selectors import published_plan

from . import fees
from .models import BillingPolicy, Invoice, Order, Payment, PaymentNotification, Refund
from .services import fee_quote

ZERO = Decimal("0.00")


def _money(value: Decimal | None) -> Decimal:
    # SQLite's SUM drops trailing zeros ("32" for 32.00); amounts always read to the fen.
    return (value or ZERO).quantize(fees.CENT)
ADMIN_ROLES = (User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN, User.Role.BASE_ADMIN)


# --- Quotes -----------------------------------------------------------------------------------


def _county_exists(code: str) -> bool:
    return (Division.objects.filter(code=code, kind=Division.Kind.COUNTY).exists()
            or DivisionAlias.objects.filter(code=code).exists())


def quote_for(*, user: User, year: int, mode: str, hours: int, county: str | None = None) -> fees.Quote:
    """A quote for the signed-in learner (its work unit's county), or for an administrator
    with `county` (a current or former code; without one, the standard rate)."""
    rules = published_plan(year).rules()
    if user.role == User.Role.LEARNER:
        if county:
            raise PermissionDenied(_("A learner is quoted for its own work unit's county"), code="county_not_allowed")
        learner = Learner.objects.select_related("employer__county").filter(user=user).first()
        if learner is None:
            raise PermissionDenied(_("Your learner record was not found"), code="learners_only")
        code: str | None = learner.employer.county.code
    elif user.role in ADMIN_ROLES:
        code = county or None
        if code and not _county_exists(code):
            raise ValidationFailed(_("Unknown county code"), code="unknown_county", detail={"county": code})
    elif user.role == User.Role.EMPLOYER_REVIEWER and user.employer_id and not county:
        code = Employer.objects.select_related("county").get(pk=user.employer_id).county.code
    else:
        raise PermissionDenied(code="quote_not_allowed")
    return fee_quote(rules=rules, mode=mode, hours=hours, county_code=code)


# --- Reports ----------------------------------------------------------------------------------


@dataclass
class PeriodRow:
    period: dt.date
    orders: int = 0
    ordered: Decimal = ZERO
    payments: int = 0
    paid: Decimal = ZERO
    refunds: int = 0
    refunded: Decimal = ZERO
    invoices: int = 0
    invoiced: Decimal = ZERO
    red_invoices: int = 0
    reversed: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.paid - self.refunded

    def as_dict(self) -> dict:
        return {"period": self.period.isoformat(), "orders": self.orders, "ordered": self.ordered,
                "payments": self.payments, "paid": self.paid, "refunds": self.refunds, "refunded": self.refunded,
                "net": self.net, "invoices": self.invoices, "invoiced": self.invoiced,
                "red_invoices": self.red_invoices, "reversed": self.reversed}


PERIODS = {"day": TruncDay, "month": TruncMonth}


def parse_range(period: str, start: str | None, end: str | None) -> tuple[str, dt.date, dt.date]:
    """Validates a report's period and dates; the default is the current month (or year by month)."""
    if period not in PERIODS:
        raise ValidationFailed(_("The period must be day or month"), code="invalid_period", detail={"period": period})
    from jxjy.core import clock

    today = clock.today()
    try:
        end_date = dt.date.fromisoformat(end) if end else today
        default_start = end_date.replace(day=1) if period == "day" else end_date.replace(month=1, day=1)
        start_date = dt.date.fromisoformat(start) if start else default_start
    except ValueError as exc:
        raise ValidationFailed(_("Dates must be written YYYY-MM-DD"), code="invalid_date") from exc
    if start_date > end_date:
        raise ValidationFailed(_("The start date is after the end date"), code="invalid_date")
    if (end_date - start_date).days > 3660:
        raise ValidationFailed(_("A report covers at most ten years"), code="invalid_date")
    return period, start_date, end_date


def _in_range(qs: QuerySet, field_name: str, start: dt.date, end: dt.date) -> QuerySet:
    return qs.filter(**{f"{field_name}__date__gte": start, f"{field_name}__date__lte": end})


def _period_key(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def period_report(*, orders: QuerySet[Order], period: str, start: dt.date, end: dt.date) -> list[PeriodRow]:
    """Orders placed, payments, refunds and invoices of `orders` per day or month."""
    trunc = PERIODS[period]
    rows: dict[dt.date, PeriodRow] = {}

    def row(value: dt.date | dt.datetime) -> PeriodRow:
        key = _period_key(value)
        return rows.setdefault(key, PeriodRow(period=key))

    order_ids = orders.values("pk")
    for item in (_in_range(Order.objects.filter(pk__in=order_ids), "created_at", start, end)
                 .annotate(p=trunc("created_at")).values("p").annotate(n=Count("id"), s=Sum("amount")).order_by()):
        r = row(item["p"])
        r.orders, r.ordered = item["n"], _money(item["s"])
    for item in (_in_range(Payment.objects.filter(order__in=order_ids), "paid_at", start, end)
                 .annotate(p=trunc("paid_at")).values("p").annotate(n=Count("id"), s=Sum("amount")).order_by()):
        r = row(item["p"])
        r.payments, r.paid = item["n"], _money(item["s"])
    for item in (_in_range(Refund.objects.filter(order__in=order_ids), "refunded_at", start, end)
                 .annotate(p=trunc("refunded_at")).values("p").annotate(n=Count("id"), s=Sum("amount")).order_by()):
        r = row(item["p"])
        r.refunds, r.refunded = item["n"], _money(item["s"])
    issued = Invoice.objects.filter(order__in=order_ids, status=Invoice.Status.ISSUED)
    for item in (_in_range(issued, "issued_at", start, end).annotate(p=trunc("issued_at"))
                 .values("p", "kind").annotate(n=Count("id"), s=Sum("amount")).order_by()):
        r = row(item["p"])
        if item["kind"] == Invoice.Kind.BLUE:
            r.invoices, r.invoiced = item["n"], _money(item["s"])
        else:
            r.red_invoices, r.reversed = item["n"], _money(item["s"])
    return [rows[k] for k in sorted(rows)]


@dataclass
class BaseTotals:
    base: TrainingBase
    orders: int = 0
    paid: Decimal = ZERO
    refunded: Decimal = ZERO
    invoiced: Decimal = ZERO
    reversed: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.paid - self.refunded

    def as_dict(self) -> dict:
        return {"base": {"id": self.base.pk, "name": self.base.name, "level": self.base.level},
                "orders": self.orders, "paid": self.paid, "refunded": self.refunded, "net": self.net,
                "invoiced": self.invoiced, "reversed": self.reversed}


def totals_by_base(*, bases: QuerySet[TrainingBase], start: dt.date, end: dt.date) -> list[BaseTotals]:
    """For the city and the province: each visible base's totals over the dates."""
    rows = {b.pk: BaseTotals(base=b) for b in bases.order_by("name")}
    ids = list(rows)
    for item in (_in_range(Order.objects.filter(base_id__in=ids), "created_at", start, end)
                 .values("base_id").annotate(n=Count("id")).order_by()):
        rows[item["base_id"]].orders = item["n"]
    for item in (_in_range(Payment.objects.filter(order__base_id__in=ids), "paid_at", start, end)
                 .values("order__base_id").annotate(s=Sum("amount")).order_by()):
        rows[item["order__base_id"]].paid = _money(item["s"])
    for item in (_in_range(Refund.objects.filter(order__base_id__in=ids), "refunded_at", start, end)
                 .values("order__base_id").annotate(s=Sum("amount")).order_by()):
        rows[item["order__base_id"]].refunded = _money(item["s"])
    issued = Invoice.objects.filter(base_id__in=ids, status=Invoice.Status.ISSUED)
    for item in _in_range(issued, "issued_at", start, end).values("base_id", "kind").annotate(s=Sum("amount")).order_by():
        if item["kind"] == Invoice.Kind.BLUE:
            rows[item["base_id"]].invoiced = _money(item["s"])
        else:
            rows[item["base_id"]].reversed = _money(item["s"])
    return list(rows.values())


# --- Reconciliation ---------------------------------------------------------------------------


DISCREPANCY_LABELS = {
    "payment_amount_mismatch": gettext_lazy("Payment differs from the order amount"),
    "invoice_missing": gettext_lazy("Payment without an invoice"),
    "invoice_pending": gettext_lazy("Invoice not yet issued"),
    "invoice_amount_mismatch": gettext_lazy("Invoice amount differs from the payment"),
    "invoice_without_payment": gettext_lazy("Invoice without a payment"),
    "red_invoice_missing": gettext_lazy("Refund without a red-letter invoice"),
    "red_invoice_pending": gettext_lazy("Red-letter invoice not yet issued"),
    "red_invoice_amount_mismatch": gettext_lazy("Red-letter invoice differs from the refund"),
    "red_invoice_without_refund": gettext_lazy("Red-letter invoice without a refund"),
    "payment_to_return": gettext_lazy("Money received for a closed order: to be returned"),
}


@dataclass(frozen=True)
class Discrepancy:
    kind: str
    order_id: int | None
    order_number: str
    base_id: int | None
    expected: Decimal | None
    actual: Decimal | None

    @property
    def label(self) -> str:
        return str(DISCREPANCY_LABELS.get(self.kind, self.kind))

    def as_dict(self) -> dict:
        return {"kind": self.kind, "label": self.label, "order_id": self.order_id, "order_number": self.order_number,
                "base_id": self.base_id, "expected": self.expected, "actual": self.actual}


@dataclass
class Reconciliation:
    paid: Decimal = ZERO
    refunded: Decimal = ZERO
    invoiced: Decimal = ZERO
    reversed: Decimal = ZERO
    discrepancies: list[Discrepancy] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.discrepancies and self.invoiced + self.reversed == self.paid - self.refunded

    def as_dict(self) -> dict:
        return {"ok": self.ok, "paid": self.paid, "refunded": self.refunded, "invoiced": self.invoiced,
                "reversed": self.reversed, "net_paid": self.paid - self.refunded,
                "net_invoiced": self.invoiced + self.reversed,
                "discrepancies": [d.as_dict() for d in self.discrepancies]}


def reconcile(*, orders: QuerySet[Order] | None = None) -> Reconciliation:
    """Checks that every payment has its invoice and every refund its red-letter invoice, for
    the same amount, that no invoice stands without money behind it, and lists money received
    for orders already closed (to be returned)."""
    orders = orders if orders is not None else Order.objects.all()
    result = Reconciliation()
    invoices: dict[tuple[int, str], Invoice] = {
        (i.order_id, i.kind): i for i in Invoice.objects.filter(order__in=orders.values("pk"))}
    payments = {p.order_id: p for p in Payment.objects.filter(order__in=orders.values("pk"))}
    refunds = {r.order_id: r for r in Refund.objects.filter(order__in=orders.values("pk"))}

    def flag(kind: str, order: Order, expected: Decimal | None, actual: Decimal | None) -> None:
        result.discrepancies.append(Discrepancy(kind, order.pk, order.number, order.base_id, expected, actual))

    def check(order: Order, kind: str, expected: Decimal, what: str) -> None:
        invoice = invoices.get((order.pk, kind))
        if invoice is None:
            flag(f"{what}_missing", order, expected, None)
        elif not invoice.is_issued:
            flag(f"{what}_pending", order, expected, None)
        elif invoice.amount != expected:
            flag(f"{what}_amount_mismatch", order, expected, invoice.amount)

    for order in orders.order_by("pk"):
        payment, refund = payments.get(order.pk), refunds.get(order.pk)
        if payment is not None:
            result.paid += payment.amount
            if payment.amount != order.amount:
                flag("payment_amount_mismatch", order, order.amount, payment.amount)
            if payment.amount > 0:
                check(order, Invoice.Kind.BLUE, payment.amount, "invoice")
        elif (order.pk, Invoice.Kind.BLUE) in invoices:
            flag("invoice_without_payment", order, None, invoices[(order.pk, Invoice.Kind.BLUE)].amount)
        if refund is not None:
            result.refunded += refund.amount
            if (order.pk, Invoice.Kind.BLUE) in invoices:
                check(order, Invoice.Kind.RED, -refund.amount, "red_invoice")
        elif (order.pk, Invoice.Kind.RED) in invoices:
            flag("red_invoice_without_refund", order, None, invoices[(order.pk, Invoice.Kind.RED)].amount)
    for invoice in invoices.values():
        if invoice.is_issued:
            if invoice.kind == Invoice.Kind.BLUE:
                result.invoiced += invoice.amount
            else:
                result.reversed += invoice.amount
    # Money a platform took for an order that was already closed: it must be returned.
    recorded = {(p.gateway, p.transaction_id) for p in payments.values()}
    seen: set[tuple[str, str]] = set()
    for note in (PaymentNotification.objects.filter(order__in=orders.values("pk"),
                                                    outcome__in=[PaymentNotification.Outcome.LATE,
                                                                 PaymentNotification.Outcome.CONFLICT])
                 .select_related("order").order_by("pk")):
        key = (note.gateway, note.transaction_id)
        if key in recorded or key in seen or note.order is None:
            continue
        seen.add(key)
        flag("payment_to_return", note.order, None, note.amount)
    return result


# --- Employers --------------------------------------------------------------------------------


def employer_budget(employer: Employer) -> fees.BudgetCheck:
    policy = BillingPolicy.current()
    return fees.budget_check(payroll=employer.payroll, budget=employer.ce_budget, min_share=policy.budget_min_share)


@dataclass
class YearFees:
    year: int
    orders: int = 0
    paid: Decimal = ZERO
    refunded: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.paid - self.refunded

    def as_dict(self) -> dict:
        return {"year": self.year, "orders": self.orders, "paid": self.paid, "refunded": self.refunded,
                "net": self.net}


def employer_fees(employer: Employer) -> tuple[list[Order], list[YearFees]]:
    """The orders of an employer's people (for the page) and what they paid per study year."""
    orders = list(Order.objects.filter(learner__employer=employer).select_related("learner", "base", "payment",
                                                                                 "refund").order_by("-created_at"))
    by_year: dict[int, YearFees] = defaultdict(lambda: YearFees(0))
    for order in orders:
        row = by_year.setdefault(order.year, YearFees(order.year))
        row.orders += 1
        payment = getattr(order, "payment", None)
        refund = getattr(order, "refund", None)
        if payment is not None:
            row.paid += payment.amount
        if refund is not None:
            row.refunded += refund.amount
    return orders, [by_year[y] for y in sorted(by_year, reverse=True)]


def sum_amounts(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)



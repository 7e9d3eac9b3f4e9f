"""Billing's JSON API: quotes, enrolment with its order, orders, payment, refunds, invoices,
reports and employers' budgets. Paths and field names are contracts with outside systems."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from jxjy.accounts.access import learner_of
from jxjy.accounts.models import User
from jxjy.catalog.models import Course
from jxjy.core.errors import NotFound, PermissionDenied
from jxjy.org.access import access_base, access_employer, bases_visible

from . import selectors, services
from .access import access_invoice, access_order, orders_visible
from .documents import to_xml
from .models import Invoice, Order

router = Router(tags=["billing"])

Role = User.Role


def _local(value: Any) -> Any:
    # Times go out in the platform's time zone (Asia/Shanghai), as users read them.
    return timezone.localtime(value) if value is not None else None


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def order_out(order: Order) -> dict[str, Any]:
    invoice = next((i for i in order.invoices.all() if i.kind == Invoice.Kind.BLUE), None)
    return {
        "id": order.pk,
        "number": order.number,
        "kind": order.kind.lower(),
        "reference_id": order.reference_id,
        "description": order.description,
        "year": order.year,
        "mode": order.mode,
        "hours": order.hours,
        "rate": order.rate,
        "relief": order.relief,
        "amount": order.amount,
        "status": order.status.lower(),
        "pay_url": reverse("billing:pay", args=[order.pk]),
        "gateway": order.gateway,
        "invoice_buyer": order.invoice_buyer.lower(),
        "base": {"id": order.base_id, "name": order.base.name},
        "learner": {"id": order.learner_id, "name": order.learner.name,
                    "id_number": order.learner.masked_id_number},
        "created_at": _local(order.created_at),
        "expires_at": _local(order.expires_at),
        "paid_at": _local(order.paid_at),
        "closed_at": _local(order.closed_at),
        "invoice": ({"number": invoice.number, "status": invoice.status.lower()} if invoice else None),
    }


def invoice_out(invoice: Invoice) -> dict[str, Any]:
    order_id = invoice.order_id
    kind = invoice.kind.lower()
    suffix = "" if invoice.kind == Invoice.Kind.BLUE else "?kind=red"
    return {
        "number": invoice.number,
        "kind": kind,
        "amount": invoice.amount,
        "issued_at": _local(invoice.issued_at),
        "order_id": order_id,
        "order_number": invoice.order.number,
        "original_number": invoice.original.number if invoice.original_id and invoice.original else None,
        "buyer": {"type": invoice.buyer_type.lower(), "name": invoice.buyer_name,
                  "tax_id": invoice.buyer_tax_id or None},
        "seller": {"name": invoice.seller_name, "tax_id": invoice.seller_tax_id},
        "items": [{"name": i["name"], "unit": i["unit"], "quantity": i["quantity"], "unit_price": i["unit_price"],
                   "amount": i["amount"], "tax_amount": i["tax_amount"]} for i in invoice.items],
        "tax_free": invoice.tax_free,
        "tax_rate": invoice.tax_rate,
        "tax_amount": invoice.tax_amount,
        "check_code": invoice.check_code,
        "verify_url": services.verify_url(invoice.number or "", invoice.amount, invoice.check_code),
        "pdf_url": f"/api/v1/orders/{order_id}/invoice.pdf{suffix}",
        "xml_url": f"/api/v1/orders/{order_id}/invoice.xml{suffix}",
        "data": invoice.data,
    }


def _order(request: HttpRequest, order_id: int) -> Order:
    return access_order(_user(request), order_id)


def _fresh(order: Order) -> Order:
    return Order.objects.select_related("learner", "base").prefetch_related("invoices").get(pk=order.pk)


# --- Quotes and enrolment ---------------------------------------------------------------------


@router.get("/fees/quote")
def fee_quote(request: HttpRequest, year: int, mode: str, hours: int, county: str | None = None) -> dict:
    quote = selectors.quote_for(user=_user(request), year=year, mode=mode, hours=hours, county=county)
    return quote.as_dict()


class EnrolIn(Schema):
    year: int
    invoice_buyer: str | None = None


@router.post("/courses/{course_id}/enrolments", response={201: dict})
def course_enrol(request: HttpRequest, course_id: int, payload: EnrolIn) -> Status:
    learner = learner_of(_user(request))
    course = Course.objects.select_related("base").filter(pk=course_id).first()
    if course is None:
        raise NotFound(_("Course not found"), code="course_not_found")
    enrolment, order = services.enrolment_order_create(learner=learner, course=course, year=payload.year,
                                                       invoice_buyer=payload.invoice_buyer)
    return Status(201, {"enrolment_id": enrolment.pk, "enrolment_status": enrolment.status.lower(),
                        "order": {"id": order.pk, "number": order.number, "amount": order.amount,
                                  "status": order.status.lower(), "pay_url": reverse("billing:pay", args=[order.pk]),
                                  "expires_at": _local(order.expires_at)}})


# --- Orders -----------------------------------------------------------------------------------


@router.get("/orders")
def orders(request: HttpRequest, status: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    qs = orders_visible(_user(request)).prefetch_related("invoices")
    if status:
        qs = qs.filter(status=status.upper())
    limit = max(1, min(limit, 200))
    total = qs.count()
    return {"count": total, "results": [order_out(o) for o in qs[offset:offset + limit]]}


@router.get("/orders/{order_id}")
def order_detail(request: HttpRequest, order_id: int) -> dict:
    order = services.order_expire_if_due(order=_order(request, order_id))
    return order_out(_fresh(order))


class BuyerIn(Schema):
    buyer: str


@router.post("/orders/{order_id}/invoice-buyer")
def order_invoice_buyer(request: HttpRequest, order_id: int, payload: BuyerIn) -> dict:
    order = services.order_set_invoice_buyer(actor=_user(request), order=_order(request, order_id),
                                             buyer=payload.buyer)
    return order_out(_fresh(order))


@router.post("/orders/{order_id}/cancel")
def order_cancel(request: HttpRequest, order_id: int) -> dict:
    order = services.order_cancel(actor=_user(request), order=_order(request, order_id))
    return order_out(_fresh(order))


class RefundIn(Schema):
    reason: str = ""


@router.post("/orders/{order_id}/refund")
def order_refund(request: HttpRequest, order_id: int, payload: RefundIn) -> dict:
    order = services.order_refund(actor=_user(request), order=_order(request, order_id), reason=payload.reason)
    return order_out(_fresh(order))


@router.post("/orders/{order_id}/sandbox-pay")
def order_sandbox_pay(request: HttpRequest, order_id: int) -> dict:
    order = services.sandbox_pay(actor=_user(request), order=_order(request, order_id))
    return order_out(_fresh(order))


# --- Invoices ---------------------------------------------------------------------------------


@router.get("/orders/{order_id}/invoice")
def order_invoice(request: HttpRequest, order_id: int, kind: str = "blue") -> dict:
    return invoice_out(access_invoice(_user(request), order_id, _kind(kind)))


def _kind(kind: str) -> str:
    return Invoice.Kind.RED if kind.lower() == "red" else Invoice.Kind.BLUE


@router.get("/orders/{order_id}/invoice.pdf")
def order_invoice_pdf(request: HttpRequest, order_id: int, kind: str = "blue") -> HttpResponse:
    invoice = access_invoice(_user(request), order_id, _kind(kind))
    with invoice.pdf.open("rb") as fh:
        content = fh.read()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


@router.get("/orders/{order_id}/invoice.xml")
def order_invoice_xml(request: HttpRequest, order_id: int, kind: str = "blue") -> HttpResponse:
    invoice = access_invoice(_user(request), order_id, _kind(kind))
    return HttpResponse(to_xml(invoice.data or {}), content_type="application/xml; charset=utf-8")


# --- Reports ----------------------------------------------------------------------------------


def _report_scope(user: User) -> None:
    if user.role not in (Role.PROVINCE_ADMIN, Role.CITY_ADMIN, Role.BASE_ADMIN):
        raise PermissionDenied(code="reports_not_allowed")


@router.get("/billing/reports")
def billing_report(request: HttpRequest, period: str = "day", start: str | None = None, end: str | None = None,
                   base_id: int | None = None) -> dict:
    """A base: its figures per day or month. City and province: totals per base, or one
    visible base's figures with base_id."""
    user = _user(request)
    _report_scope(user)
    period, start_date, end_date = selectors.parse_range(period, start, end)
    body: dict[str, Any] = {"period": period, "start": start_date.isoformat(), "end": end_date.isoformat()}
    if user.role == Role.BASE_ADMIN or base_id is not None:
        base = access_base(user, base_id if base_id is not None else user.base_id)  # type: ignore[arg-type]
        rows = selectors.period_report(orders=Order.objects.filter(base=base), period=period, start=start_date,
                                       end=end_date)
        body.update({"base": {"id": base.pk, "name": base.name}, "rows": [r.as_dict() for r in rows]})
    else:
        totals = selectors.totals_by_base(bases=bases_visible(user), start=start_date, end=end_date)
        body["bases"] = [t.as_dict() for t in totals]
    return body


@router.get("/billing/reconciliation")
def billing_reconciliation(request: HttpRequest) -> dict:
    user = _user(request)
    _report_scope(user)
    return selectors.reconcile(orders=orders_visible(user)).as_dict()


# --- Employers' budgets -----------------------------------------------------------------------


def budget_out(employer: Any) -> dict:
    return {"employer": {"id": employer.pk, "name": employer.name, "credit_code": employer.credit_code},
            **selectors.employer_budget(employer).as_dict()}


@router.get("/employers/{employer_id}/budget")
def employer_budget(request: HttpRequest, employer_id: int) -> dict:
    return budget_out(access_employer(_user(request), employer_id))


class BudgetIn(Schema):
    payroll: str | None = None
    ce_budget: str | None = None


@router.put("/employers/{employer_id}/budget")
def employer_budget_set(request: HttpRequest, employer_id: int, payload: BudgetIn) -> dict:
    employer = access_employer(_user(request), employer_id)
    employer = services.employer_budget_set(actor=_user(request), employer=employer, payroll=payload.payroll,
                                            ce_budget=payload.ce_budget)
    return budget_out(employer)


@router.get("/employers/{employer_id}/fees")
def employer_fees(request: HttpRequest, employer_id: int) -> dict:
    employer = access_employer(_user(request), employer_id)
    rows, years = selectors.employer_fees(employer)
    return {"employer": {"id": employer.pk, "name": employer.name},
            "years": [y.as_dict() for y in years],
            "orders": [{"id": o.pk, "number": o.number, "learner": {"name": o.learner.name,
                                                                     "id_number": o.learner.masked_id_number},
                        "description": o.description, "year": o.year, "hours": o.hours, "amount": o.amount,
                        "status": o.status.lower(), "paid_at": _local(o.paid_at)} for o in rows]}


class ProfileIn(Schema):
    tax_free: bool | None = None
    tax_rate: str | None = None
    issuer: str | None = None


@router.put("/bases/{base_id}/invoice-profile")
def base_invoice_profile(request: HttpRequest, base_id: int, payload: ProfileIn) -> dict:
    base = access_base(_user(request), base_id)
    profile = services.invoice_profile_set(actor=_user(request), base=base, tax_free=payload.tax_free,
                                           tax_rate=payload.tax_rate, issuer=payload.issuer)
    issuer, tax_free, rate = services.invoice_settings(base)
    return {"base_id": base.pk, "issuer": issuer, "tax_free": tax_free, "tax_rate": rate,
            "profile": {"tax_free": profile.tax_free, "tax_rate": profile.tax_rate}}

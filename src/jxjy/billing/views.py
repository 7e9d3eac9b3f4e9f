"""Billing's pages: orders and paying, the sandbox cashier, the notify URL, invoice
verification, reports with their Excel export, reconciliation, and the employer's budget."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jxjy.accounts.access import learner_of
from jxjy.accounts.models import User
from jxjy.catalog.models import Course
from jxjy.core.errors import DomainError, NotFound
from jxjy.org.access import access_base, bases_visible

from . import conf, excel, selectors, services
from .access import access_order, orders_visible
from .gateways import GATEWAYS
from .models import Invoice, Order

logger = logging.getLogger(__name__)
Role = User.Role


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _order_or_404(request: HttpRequest, order_id: int) -> Order:
    try:
        return access_order(_user(request), order_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _back(order: Order) -> HttpResponseRedirect:
    return redirect("billing:order", order_id=order.pk)


# --- Orders and paying ------------------------------------------------------------------------


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    qs = orders_visible(_user(request)).prefetch_related("invoices")
    status = request.GET.get("status", "").upper()
    if status in Order.Status.values:
        qs = qs.filter(status=status)
    return render(request, "billing/order_list.html", {"orders": qs[:200], "status": status,
                                                       "statuses": Order.Status.choices})


@login_required
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = services.order_expire_if_due(order=_order_or_404(request, order_id))
    order = orders_visible(_user(request)).get(pk=order.pk)
    invoices = {i.kind: i for i in Invoice.objects.filter(order=order)}
    payment = getattr(order, "payment", None)
    user = _user(request)
    context = {
        "order": order,
        "blue": invoices.get(Invoice.Kind.BLUE),
        "red": invoices.get(Invoice.Kind.RED),
        "payment": payment,
        "gateway_label": _gateway_label(payment.gateway) if payment else "",
        "refund": getattr(order, "refund", None),
        "is_owner": user.role == Role.LEARNER and order.learner.user_id == user.pk,
        "can_refund": user.role == Role.BASE_ADMIN and user.base_id == order.base_id and order.status == "PAID",
        "buyers": Order.Buyer.choices,
    }
    return render(request, "billing/order_detail.html", context)


def _gateway_label(name: str) -> str:
    """The gateway's name for people (「沙箱」, not "sandbox"); the stored name if unknown."""
    gateway = GATEWAYS.get(name)
    return str(gateway.label or name) if gateway is not None else name


@login_required
def pay(request: HttpRequest, order_id: int) -> HttpResponse:
    """The order's pay URL: confirms the amount, then sends the learner to the gateway."""
    order = _order_or_404(request, order_id)
    if request.method == "POST":
        return_url = request.build_absolute_uri(reverse("billing:order", args=[order.pk]))
        notify_url = conf.public_url() + reverse("billing:notify", args=[order.gateway or "none"])
        try:
            target = services.payment_start(actor=_user(request), order=order, return_url=return_url,
                                            notify_url=notify_url)
        except DomainError as exc:
            messages.error(request, exc.message)
            return _back(order)
        return redirect(target)
    order = services.order_expire_if_due(order=order)
    return render(request, "billing/pay.html", {"order": order})


@login_required
def sandbox_cashier(request: HttpRequest, number: str) -> HttpResponse:
    """The sandbox platform's own page, where the learner 'pays'."""
    if not conf.sandbox_active():
        raise Http404()
    order = orders_visible(_user(request)).filter(number=number).first()
    if order is None:
        raise Http404()
    back = request.GET.get("return", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("billing:order", args=[order.pk])
    if request.method == "POST":
        try:
            services.sandbox_pay(actor=_user(request), order=order)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Payment made at the sandbox; the platform has been notified."))
        return HttpResponseRedirect(back)
    return render(request, "billing/sandbox_cashier.html", {"order": order, "back": back})


@csrf_exempt
@require_POST
def notify(request: HttpRequest, gateway: str) -> HttpResponse:
    """The notify URL a payment platform POSTs to. Its signature is its authentication."""
    try:
        result = services.payment_notification_handle(gateway_name=gateway, body=request.body,
                                                      headers=dict(request.headers),
                                                      remote_addr=request.META.get("REMOTE_ADDR"))
    except NotFound as exc:
        raise Http404() from exc
    return HttpResponse(result.ack.body, status=result.ack.status, content_type=result.ack.content_type)


@login_required
@require_POST
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    """Enrols the signed-in learner in a course and sends it to pay (course pages post here)."""
    try:
        learner = learner_of(_user(request))
        course = Course.objects.select_related("base").filter(pk=course_id).first()
        if course is None:
            raise NotFound(_("Course not found"), code="course_not_found")
        year = int(request.POST.get("year") or 0) or None
        if year is None:
            from jxjy.plans.selectors import current_year

            year = current_year()
        _enrolment, order = services.enrolment_order_create(
            learner=learner, course=course, year=year, invoice_buyer=request.POST.get("invoice_buyer") or None)
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", _("Invalid request")))
        return redirect(request.META.get("HTTP_REFERER") or "accounts:dashboard")
    if order.status == Order.Status.PAID:
        messages.success(request, _("Enrolled: study is open."))
        return _back(order)
    return redirect("billing:pay", order_id=order.pk)


def _post_action(request: HttpRequest, order_id: int, action, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    order = _order_or_404(request, order_id)
    try:
        action(order)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _back(order)


@login_required
@require_POST
def order_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    return _post_action(request, order_id, lambda o: services.order_cancel(actor=_user(request), order=o),
                        _("The order was cancelled."))


@login_required
@require_POST
def order_refund(request: HttpRequest, order_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _post_action(request, order_id,
                        lambda o: services.order_refund(actor=_user(request), order=o, reason=reason),
                        _("The order was refunded; a red-letter invoice is being issued."))


@login_required
@require_POST
def order_invoice_buyer(request: HttpRequest, order_id: int) -> HttpResponse:
    buyer = request.POST.get("buyer", "")
    return _post_action(request, order_id,
                        lambda o: services.order_set_invoice_buyer(actor=_user(request), order=o, buyer=buyer),
                        _("The invoice buyer was saved."))


# --- Invoice verification ---------------------------------------------------------------------


def invoice_verify(request: HttpRequest, number: str = "", amount: str = "", code: str = "") -> HttpResponse:
    """Public: what the invoice's QR code opens (or the form, by query). Needs the number, amount
    and check code together, so that nobody can walk the series."""
    number = (number or request.GET.get("number", "")).strip()
    amount = (amount or request.GET.get("amount", "")).strip()
    code = (code or request.GET.get("code", "")).strip()
    invoice = None
    if number and amount and code:
        candidate = Invoice.objects.select_related("order", "original").filter(
            number=number, status=Invoice.Status.ISSUED).first()
        try:
            matches = candidate is not None and candidate.amount == Decimal(amount) and code == candidate.check_code
        except ArithmeticError:
            matches = False
        invoice = candidate if matches else None
    reversed_by = invoice.reversals.filter(status=Invoice.Status.ISSUED).first() if invoice else None
    return render(request, "billing/invoice_verify.html", {
        "invoice": invoice, "asked": bool(number), "reversed_by": reversed_by,
        "form": {"number": number, "amount": amount, "code": code},
        "buyer": _mask_name(invoice.buyer_name) if invoice and invoice.buyer_type == Order.Buyer.PERSONAL
        else (invoice.buyer_name if invoice else "")})


def _mask_name(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


# --- Reports ----------------------------------------------------------------------------------


def _report_user(request: HttpRequest) -> User:
    user = _user(request)
    if user.role not in (Role.PROVINCE_ADMIN, Role.CITY_ADMIN, Role.BASE_ADMIN):
        raise Http404()
    return user


def _report_data(request: HttpRequest) -> dict:
    user = _report_user(request)
    period, start, end = selectors.parse_range(request.GET.get("period", "day"), request.GET.get("start") or None,
                                               request.GET.get("end") or None)
    base_id = request.GET.get("base") or (user.base_id if user.role == Role.BASE_ADMIN else None)
    data: dict = {"period": period, "start": start, "end": end, "rows": None, "bases": None, "base": None}
    if base_id:
        try:
            base = access_base(user, int(base_id))
        except (NotFound, ValueError) as exc:
            raise Http404() from exc
        data["base"] = base
        data["rows"] = selectors.period_report(orders=Order.objects.filter(base=base), period=period, start=start,
                                               end=end)
    else:
        data["bases"] = selectors.totals_by_base(bases=bases_visible(user), start=start, end=end)
    return data


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    try:
        data = _report_data(request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("billing:reports")
    return render(request, "billing/reports.html", {**data, "query": request.GET.urlencode()})


@login_required
def reports_export(request: HttpRequest) -> HttpResponse:
    try:
        data = _report_data(request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("billing:reports")
    sheets = []
    if data["rows"] is not None:
        header = [pgettext("billing", "Period"), pgettext("billing", "Orders"), _("Ordered (yuan)"), _("Payments"), _("Paid (yuan)"), _("Refunds"),
                  _("Refunded (yuan)"), _("Net (yuan)"), _("Invoices"), _("Invoiced (yuan)"),
                  _("Red-letter invoices"), _("Reversed (yuan)")]
        rows = [[r.period.strftime("%Y-%m" if data["period"] == "month" else "%Y-%m-%d"), r.orders, r.ordered,
                 r.payments, r.paid, r.refunds, r.refunded, r.net, r.invoices, r.invoiced, r.red_invoices,
                 r.reversed] for r in data["rows"]]
        sheets.append((data["base"].name, header, rows))
    else:
        header = [pgettext("billing", "Training base"), pgettext("billing", "Orders"), _("Paid (yuan)"), _("Refunded (yuan)"), _("Net (yuan)"),
                  _("Invoiced (yuan)"), _("Reversed (yuan)")]
        rows = [[t.base.name, t.orders, t.paid, t.refunded, t.net, t.invoiced, t.reversed] for t in data["bases"]]
        sheets.append((_("Totals by base"), header, rows))
    content = excel.workbook(sheets)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (f'attachment; filename="billing-{data["period"]}-{data["start"]:%Y%m%d}-'
                                       f'{data["end"]:%Y%m%d}.xlsx"')
    return response


@login_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    user = _report_user(request)
    result = selectors.reconcile(orders=orders_visible(user))
    return render(request, "billing/reconciliation.html", {"result": result})


# --- Employer budget --------------------------------------------------------------------------


@login_required
def employer_budget(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    employer = user.employer if user.role == Role.EMPLOYER_REVIEWER else None
    if employer is None:
        raise Http404()
    errors: list = []
    if request.method == "POST":
        try:
            services.employer_budget_set(actor=user, employer=employer, payroll=request.POST.get("payroll"),
                                         ce_budget=request.POST.get("ce_budget"))
        except DomainError as exc:
            errors = exc.detail.get("errors") or [{"field": "", "reason": exc.message}]
        else:
            messages.success(request, _("The budget was saved."))
            return redirect("billing:employer_budget")
        employer.refresh_from_db()
    orders, years = selectors.employer_fees(employer)
    return render(request, "billing/employer_budget.html", {
        "employer": employer, "check": selectors.employer_budget(employer), "orders": orders[:200], "years": years,
        "errors": errors, "posted": request.POST if request.method == "POST" else None})


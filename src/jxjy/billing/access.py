"""Who may see which orders and invoices. What is missing and what is out of scope answer alike.

A learner sees its own orders; a base admin its base's; a city admin the orders of the bases
its city oversees, the province all; an employer's reviewer those of its own people (for the
fees it budgets for).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import Conflict, NotFound
from jxjy.org.access import bases_visible

from .models import Invoice, Order

Role = User.Role


def orders_visible(user: User) -> QuerySet[Order]:
    qs = Order.objects.select_related("learner", "learner__employer", "learner__employer__county", "base")
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.PROVINCE_ADMIN:
        return qs
    if user.role == Role.CITY_ADMIN and user.city_id:
        return qs.filter(base__in=bases_visible(user))
    if user.role == Role.BASE_ADMIN and user.base_id:
        return qs.filter(base_id=user.base_id)
    if user.role == Role.EMPLOYER_REVIEWER and user.employer_id:
        return qs.filter(learner__employer_id=user.employer_id)
    if user.role == Role.LEARNER:
        return qs.filter(learner__user=user)
    return qs.none()


def access_order(user: User, order_id: int) -> Order:
    order = orders_visible(user).filter(pk=order_id).first()
    if order is None:
        raise NotFound(_("Order not found"), code="order_not_found")
    return order


def access_invoice(user: User, order_id: int, kind: str = Invoice.Kind.BLUE) -> Invoice:
    """The issued invoice of a visible order (the blue one, or with kind=RED its reversal)."""
    order = access_order(user, order_id)
    invoice = Invoice.objects.select_related("order", "original").filter(order=order, kind=kind.upper()).first()
    if invoice is None:
        raise NotFound(_("This order has no invoice"), code="invoice_not_found")
    if not invoice.is_issued:
        raise Conflict(_("The invoice is being issued; please try again shortly"), code="invoice_pending")
    return invoice

"""Billing's demo data: 李雁塔's enrolment in the demo course paid through the sandbox, with
its invoice issued; 张白水 has no order. Idempotent: a second run adds nothing."""

from __future__ import annotations

from typing import Any

from jxjy.core.personas import Cast
from jxjy.learning.models import Enrolment

from . import conf
from .gateways.sandbox import SandboxGateway
from .models import Invoice, Order
from .services import invoice_issue, order_create, payment_notification_handle

DEMO_COURSE = "软件工程项目管理实务"


def seed(cast: Cast, stdout: Any) -> None:
    enrolment = (Enrolment.objects.select_related("course__base", "learner__employer__county")
                 .filter(learner__user=cast.learner_yanta, course__title=DEMO_COURSE)
                 .exclude(status=Enrolment.Status.CANCELLED).order_by("pk").first())
    if enrolment is None:
        stdout.write("billing: no demo enrolment to pay for")
        return
    orders = Order.objects.filter(kind=Order.Kind.ENROLMENT, reference_id=enrolment.pk)
    order = orders.filter(status=Order.Status.PAID).first() or orders.filter(status=Order.Status.PENDING).first()
    if order is None:
        course = enrolment.course
        order = order_create(learner=enrolment.learner, base=course.base, mode=Order.Mode.ONLINE, hours=course.hours,
                             year=enrolment.year, description=course.title, kind=Order.Kind.ENROLMENT,
                             reference_id=enrolment.pk)
    if order.status == Order.Status.PENDING and order.gateway == "sandbox" and conf.sandbox_active():
        # Paid through the sandbox platform's signed notification, as the learner's payment would be.
        body = SandboxGateway().build_notification(order_number=order.number, amount=order.amount)
        payment_notification_handle(gateway_name="sandbox", body=body, headers={})
        order.refresh_from_db()
    for invoice in Invoice.objects.filter(order=order).exclude(status=Invoice.Status.ISSUED):
        invoice_issue(invoice_id=invoice.pk)
    blue = Invoice.objects.filter(order=order, kind=Invoice.Kind.BLUE).first()
    stdout.write(f"billing: order {order.number} {order.status.lower()} ¥{order.amount}"
                 + (f", invoice {blue.number}" if blue else ""))


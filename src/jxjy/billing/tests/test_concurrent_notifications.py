"""Concurrent notifications for one order (the platform retries while the first is in flight):
exactly one payment, one invoice, one 'paid' signal. Threads on real transactions: in process
when the suite runs on PostgreSQL (where the order's row lock serialises them), in a separate
process on a file database when it runs on SQLite (whose in-memory test database cannot host
concurrent transactions)."""

import threading

import pytest
from django.db import connection

from jxjy.billing.models import Invoice, Order, Payment, PaymentNotification
from jxjy.billing.services import order_create, payment_notification_handle
from jxjy.billing.signals import order_paid
from jxjy.billing.tests.conftest import make_course, notification
from jxjy.billing.tests.filedb import FileDb
from jxjy.core.personas import build_cast
from jxjy.learning.models import Enrolment
from jxjy.learning.services import enrolment_create

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def _in_process() -> dict:
    cast = build_cast("x-Password-1")
    course = make_course(cast.provincial_base)
    learner = cast.learner_yanta.learner
    enrolment = enrolment_create(learner=learner, course=course, year=2020)
    order = order_create(learner=learner, base=course.base, mode="online", hours=course.hours, year=2020,
                         description=course.title, kind="ENROLMENT", reference_id=enrolment.pk)
    body = notification(order, transaction_id="TX-CONCURRENT")
    heard: list[int] = []
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    errors: list[str] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=60)
            outcomes.append(payment_notification_handle(gateway_name="sandbox", body=body, headers={}).outcome)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    order_paid.connect(lambda sender, order, **kw: heard.append(order.pk), weak=False, dispatch_uid="t-conc")
    try:
        threads = [threading.Thread(target=worker) for _ in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        order_paid.disconnect(dispatch_uid="t-conc")
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ACTIVE
    assert PaymentNotification.objects.filter(order=order).count() == THREADS
    return {"outcomes": sorted(outcomes), "errors": errors, "signals": heard,
            "payments": Payment.objects.filter(order=order).count(),
            "invoices": list(Invoice.objects.filter(order=order).values_list("status", flat=True))}


def test_concurrent_duplicate_notifications_pay_once(tmp_path, request):
    if connection.vendor == "sqlite":
        template = request.getfixturevalue("filedb_template")
        result = FileDb(tmp_path / "db", template).scenario("concurrent_notifications", str(THREADS))
    else:
        result = _in_process()
    assert result["errors"] == []
    assert result["outcomes"] == ["ACCEPTED"] + ["DUPLICATE"] * (THREADS - 1)
    assert result["payments"] == 1
    assert result["invoices"] == ["ISSUED"]
    assert len(result["signals"]) == 1

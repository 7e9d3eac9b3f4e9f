"""Scenarios run in a separate process against a file database (see filedb.py). Each prints one
JSON line. Run as `python -m jxjy.billing.tests.scenarios NAME ARGS...`."""

from __future__ import annotations

import json
import os
import sys
import threading

import django


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jxjy.settings")
    django.setup()
    from django.conf import settings

    # As in the test suite: the cast signs up nine people, and Argon2 would take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _order(cast, index: int):  # type: ignore[no-untyped-def]
    from jxjy.billing.services import order_create
    from jxjy.billing.tests.conftest import make_course
    from jxjy.learning.services import enrolment_create

    course = make_course(cast.provincial_base, title=f"课程{index:03d}", hours=8 + index % 3)
    learner = cast.learner_yanta.learner
    enrolment = enrolment_create(learner=learner, course=course, year=2020)
    return order_create(learner=learner, base=course.base, mode="online", hours=course.hours, year=2020,
                        description=course.title, kind="ENROLMENT", reference_id=enrolment.pk)


def paid_orders(count: str) -> dict:
    """`count` paid orders whose invoice tasks were queued to a broker no worker ever served
    (as when the worker died), and the first of them refunded."""
    _setup()
    from jxjy.billing.services import order_refund, payment_notification_handle
    from jxjy.billing.tests.conftest import notification
    from jxjy.core.personas import build_cast

    cast = build_cast("x-Password-1")
    ids = []
    for i in range(int(count)):
        order = _order(cast, i)
        result = payment_notification_handle(gateway_name="sandbox", body=notification(order), headers={})
        assert result.outcome == "ACCEPTED", result.outcome
        ids.append(order.pk)
    from jxjy.billing.models import Order

    order_refund(actor=cast.base_provincial, order=Order.objects.get(pk=ids[0]), reason="fault test")
    return {"orders": ids}


def concurrent_notifications(threads: str) -> dict:
    """The same signed notification delivered by `threads` threads at once."""
    _setup()
    from django.db import connection

    from jxjy.billing.models import Invoice, Payment
    from jxjy.billing.services import payment_notification_handle
    from jxjy.billing.signals import order_paid
    from jxjy.billing.tests.conftest import notification
    from jxjy.core.personas import build_cast

    cast = build_cast("x-Password-1")
    order = _order(cast, 0)
    body = notification(order, transaction_id="TX-CONCURRENT")
    heard: list[int] = []
    order_paid.connect(lambda sender, order, **kw: heard.append(order.pk), weak=False)
    barrier = threading.Barrier(int(threads))
    outcomes: list[str] = []
    errors: list[str] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=60)
            outcomes.append(payment_notification_handle(gateway_name="sandbox", body=body, headers={}).outcome)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(repr(exc))
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(int(threads))]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=120)
    return {"outcomes": sorted(outcomes), "errors": errors, "signals": heard,
            "payments": Payment.objects.filter(order=order).count(),
            "invoices": list(Invoice.objects.filter(order=order).values_list("status", flat=True))}


if __name__ == "__main__":
    name, *args = sys.argv[1:]
    result = {"paid_orders": paid_orders, "concurrent_notifications": concurrent_notifications}[name](*args)
    sys.stdout.write(json.dumps(result) + "\n")

"""The notify URL: signed notifications pay an order once; anything doubtful changes nothing."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from jxjy.billing.models import Invoice, Order, Payment, PaymentNotification
from jxjy.billing.tests.conftest import enrol, notification, post_notification
from jxjy.learning.models import Enrolment

pytestmark = pytest.mark.django_db

Outcome = PaymentNotification.Outcome


@pytest.fixture
def order(cast, api, course):
    return Order.objects.get(pk=enrol(api, cast.learner_yanta, course)["order"]["id"])


def test_a_signed_notification_pays_the_order(order, client):
    res = post_notification(client, notification(order, transaction_id="TX1"))
    assert res.status_code == 200 and res.json()["code"] == "SUCCESS"
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert Payment.objects.get(order=order).transaction_id == "TX1"
    assert Enrolment.objects.get(pk=order.reference_id).status == Enrolment.Status.ACTIVE
    assert Invoice.objects.get(order=order).status == Invoice.Status.ISSUED


def test_a_duplicate_notification_is_acknowledged_and_changes_nothing(order, client):
    body = notification(order, transaction_id="TX1")
    post_notification(client, body)
    paid_at = Order.objects.get(pk=order.pk).paid_at
    again = post_notification(client, body)
    assert again.status_code == 200 and again.json()["code"] == "SUCCESS"
    assert Payment.objects.count() == 1 and Invoice.objects.count() == 1
    assert Order.objects.get(pk=order.pk).paid_at == paid_at
    assert list(PaymentNotification.objects.order_by("pk").values_list("outcome", flat=True)) == [
        Outcome.ACCEPTED, Outcome.DUPLICATE]


def test_a_replayed_notification_after_a_refund_does_not_pay_again(cast, order, client, api):
    body = notification(order, transaction_id="TX1")
    post_notification(client, body)
    assert api(cast.base_provincial).post(f"orders/{order.pk}/refund", {"reason": "r"}).status_code == 200
    post_notification(client, body)
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED
    assert Enrolment.objects.get(pk=order.reference_id).status == Enrolment.Status.CANCELLED
    assert PaymentNotification.objects.order_by("-pk").first().outcome == Outcome.DUPLICATE


def test_a_second_transaction_for_a_paid_order_is_flagged_not_recorded(order, client):
    post_notification(client, notification(order, transaction_id="TX1"))
    post_notification(client, notification(order, transaction_id="TX2"))
    assert Payment.objects.get(order=order).transaction_id == "TX1"
    assert PaymentNotification.objects.order_by("-pk").first().outcome == Outcome.CONFLICT


def test_a_forged_signature_is_refused_and_logged(order, client):
    res = post_notification(client, notification(order, secret=b"not-the-secret"))
    assert res.status_code == 400 and res.json()["code"] == "FAIL"
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING
    assert not Payment.objects.exists()
    note = PaymentNotification.objects.get()
    assert note.outcome == Outcome.BAD_SIGNATURE and note.order_number == order.number


def test_a_field_changed_after_signing_is_refused(order, client):
    fields = json.loads(notification(order))
    fields["transaction_id"] = "TAMPERED"
    res = post_notification(client, json.dumps(fields).encode())
    assert res.status_code == 400
    assert PaymentNotification.objects.get().outcome == Outcome.BAD_SIGNATURE
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


def test_a_signed_notification_with_the_wrong_amount_is_refused(order, client, caplog):
    res = post_notification(client, notification(order, amount=Decimal("0.01")))
    assert res.status_code == 400
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING
    note = PaymentNotification.objects.get()
    assert note.outcome == Outcome.WRONG_AMOUNT and note.amount == Decimal("0.01")
    assert "WRONG_AMOUNT" in caplog.text


def test_a_notification_for_an_unknown_order_is_refused(order, client):
    res = post_notification(client, notification(order, out_trade_no="JX000000"))
    assert res.status_code == 400
    assert PaymentNotification.objects.get().outcome == Outcome.UNKNOWN_ORDER
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"a": 1}', "中文".encode("gbk")])
def test_a_malformed_notification_is_refused(order, client, body):
    res = post_notification(client, body)
    assert res.status_code == 400
    assert PaymentNotification.objects.get().outcome in (Outcome.MALFORMED, Outcome.BAD_SIGNATURE)
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


def test_a_signed_notification_of_a_failed_trade_pays_nothing(order, client):
    res = post_notification(client, notification(order, trade_status="CLOSED"))
    assert res.status_code == 400
    assert PaymentNotification.objects.get().outcome == Outcome.MALFORMED
    assert not Payment.objects.exists()


def test_a_late_notification_for_an_expired_order_leaves_it_expired(order, client, settings):
    settings.JXJY_FROZEN_NOW = "2020-06-01T11:00:00+08:00"
    late = (order.expires_at + dt.timedelta(minutes=5)).isoformat()
    res = post_notification(client, notification(order, paid_at=late))
    assert res.status_code == 200  # acknowledged, so the platform stops; the money goes back
    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert not Payment.objects.exists()
    assert PaymentNotification.objects.get().outcome == Outcome.LATE
    assert Enrolment.objects.get(pk=order.reference_id).status == Enrolment.Status.CANCELLED


def test_a_payment_made_in_time_but_notified_after_the_deadline_counts(order, client, settings):
    settings.JXJY_FROZEN_NOW = "2020-06-01T11:00:00+08:00"
    in_time = (order.expires_at - dt.timedelta(minutes=1)).isoformat()
    post_notification(client, notification(order, paid_at=in_time))
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_a_notification_through_another_gateway_than_the_orders_is_refused(order, client):
    Order.objects.filter(pk=order.pk).update(gateway="wechat")
    res = post_notification(client, notification(order))
    assert res.status_code == 400
    assert PaymentNotification.objects.get().outcome == Outcome.WRONG_GATEWAY
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


def test_an_unknown_gateway_is_404(order, client):
    assert post_notification(client, notification(order), gateway="nosuch").status_code == 404
    assert not PaymentNotification.objects.exists()


def test_the_notify_url_takes_only_post(client):
    assert client.get("/billing/payments/notify/sandbox/").status_code == 405

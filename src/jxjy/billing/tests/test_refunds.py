"""Refunds: by the order's base, only before study starts, audited, reversed by a red-letter invoice."""

import io

import pypdf
import pytest

from jxjy.billing.models import Invoice, Order, Refund
from jxjy.billing.signals import order_closed
from jxjy.billing.tests.conftest import enrol, paid_order
from jxjy.core.models import AuditEntry
from jxjy.learning.models import Enrolment

pytestmark = pytest.mark.django_db


def test_the_base_refunds_an_unstarted_course_with_a_red_letter_invoice(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course)
    heard = []
    order_closed.connect(lambda sender, order, status, **kw: heard.append(status), weak=False, dispatch_uid="t-rf")
    try:
        res = api(cast.base_provincial).post(f"orders/{order.pk}/refund", {"reason": "学员申请退课"})
    finally:
        order_closed.disconnect(dispatch_uid="t-rf")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "refunded"
    assert heard == ["REFUNDED"]
    assert Enrolment.objects.get(pk=order.reference_id).status == Enrolment.Status.CANCELLED
    refund = Refund.objects.get(order=order)
    assert refund.amount == order.amount and refund.actor == cast.base_provincial
    entry = AuditEntry.objects.get(action="billing.order_refund")
    assert entry.actor == cast.base_provincial and entry.object_id == str(order.pk)
    assert entry.before["status"] == "PAID" and entry.after["status"] == "REFUNDED"

    red = api(cast.learner_yanta).get(f"orders/{order.pk}/invoice", kind="red").json()
    blue = api(cast.learner_yanta).get(f"orders/{order.pk}/invoice").json()
    assert red["amount"] == "-48.00" and red["kind"] == "red"
    assert red["original_number"] == blue["number"] and red["number"] != blue["number"]
    assert red["items"][0]["quantity"] == -12
    pdf = api(cast.learner_yanta).get(f"orders/{order.pk}/invoice.pdf", kind="red").content
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "红字" in text and blue["number"] in text and "负肆拾捌元整" in text


def test_a_course_whose_study_started_cannot_be_refunded(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course)
    Enrolment.objects.filter(pk=order.reference_id).update(status=Enrolment.Status.COMPLETED)
    res = api(cast.base_provincial).post(f"orders/{order.pk}/refund", {"reason": "x"})
    assert res.status_code == 409 and res.json()["code"] == "study_started"
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    assert not Refund.objects.exists() and not Invoice.objects.filter(kind=Invoice.Kind.RED).exists()
    assert not AuditEntry.objects.filter(action="billing.order_refund").exists()


def test_the_learner_cannot_refund_itself(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course)
    res = api(cast.learner_yanta).post(f"orders/{order.pk}/refund", {})
    assert res.status_code == 403
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_another_base_or_the_province_cannot_refund(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course)
    assert api(cast.base_weinan).post(f"orders/{order.pk}/refund", {}).status_code == 404
    assert api(cast.province_admin).post(f"orders/{order.pk}/refund", {}).status_code == 403
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_an_unpaid_order_cannot_be_refunded_and_a_refund_happens_once(cast, api, course):
    pending = enrol(api, cast.learner_baishui, course)["order"]["id"]
    res = api(cast.base_provincial).post(f"orders/{pending}/refund", {})
    assert res.status_code == 409 and res.json()["code"] == "order_not_refundable"
    order = paid_order(api, cast.learner_yanta, course)
    assert api(cast.base_provincial).post(f"orders/{order.pk}/refund", {}).status_code == 200
    again = api(cast.base_provincial).post(f"orders/{order.pk}/refund", {})
    assert again.status_code == 409
    assert Refund.objects.count() == 1 and Invoice.objects.filter(kind=Invoice.Kind.RED).count() == 1


def test_the_base_refunds_from_the_order_page(cast, api, course, client):
    order = paid_order(api, cast.learner_yanta, course)
    from jxjy.conftest import PASSWORD

    client.login(username="base_provincial", password=PASSWORD)
    page = client.get(f"/billing/orders/{order.pk}/").content.decode()
    assert f"/billing/orders/{order.pk}/refund/" in page
    res = client.post(f"/billing/orders/{order.pk}/refund/", {"reason": "退课"})
    assert res.status_code == 302
    assert Order.objects.get(pk=order.pk).status == Order.Status.REFUNDED

import pytest

from jxjy.billing.models import Invoice, Order, Payment, PaymentNotification
from jxjy.billing.signals import order_paid
from jxjy.billing.tests.conftest import enrol
from jxjy.conftest import PASSWORD
from jxjy.learning.models import Enrolment

pytestmark = pytest.mark.django_db


def test_sandbox_payment_pays_the_order_opens_study_and_issues_the_invoice(cast, api, course):
    body = enrol(api, cast.learner_yanta, course)
    heard = []
    order_paid.connect(lambda sender, order, **kw: heard.append(order.pk), weak=False, dispatch_uid="t-paid")
    try:
        res = api(cast.learner_yanta).post(f"orders/{body['order']['id']}/sandbox-pay")
    finally:
        order_paid.disconnect(dispatch_uid="t-paid")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "paid"
    assert heard == [body["order"]["id"]]
    order = Order.objects.get(pk=body["order"]["id"])
    assert order.payment.amount == order.amount
    assert Enrolment.objects.get(pk=body["enrolment_id"]).status == Enrolment.Status.ACTIVE
    invoice = Invoice.objects.get(order=order)
    assert invoice.status == Invoice.Status.ISSUED and invoice.amount == order.amount
    note = PaymentNotification.objects.get()
    assert note.outcome == PaymentNotification.Outcome.ACCEPTED and note.order_id == order.pk


def test_paying_a_paid_order_again_is_refused(cast, api, course):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    api(cast.learner_yanta).post(f"orders/{order_id}/sandbox-pay")
    res = api(cast.learner_yanta).post(f"orders/{order_id}/sandbox-pay")
    assert res.status_code == 409 and res.json()["code"] == "order_not_payable"
    assert Payment.objects.count() == 1


def test_only_the_learner_who_ordered_may_pay(cast, api, course):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    assert api(cast.learner_baishui).post(f"orders/{order_id}/sandbox-pay").status_code == 404
    assert api(cast.base_provincial).post(f"orders/{order_id}/sandbox-pay").status_code == 403
    assert Order.objects.get(pk=order_id).status == Order.Status.PENDING


def test_the_sandbox_can_be_switched_off(cast, api, course, settings):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    settings.JXJY_PAYMENT_SANDBOX = False
    res = api(cast.learner_yanta).post(f"orders/{order_id}/sandbox-pay")
    assert res.status_code == 404 and res.json()["code"] == "sandbox_inactive"
    assert Order.objects.get(pk=order_id).status == Order.Status.PENDING


def test_the_learner_pays_through_the_pay_page_and_the_sandbox_cashier(cast, api, course, client):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    assert client.login(username="learner_yanta", password=PASSWORD)
    page = client.get(f"/billing/orders/{order_id}/pay/")
    assert page.status_code == 200 and "48.00" in page.content.decode()
    to_gateway = client.post(f"/billing/orders/{order_id}/pay/")
    assert to_gateway.status_code == 302
    cashier_url = to_gateway["Location"]
    assert cashier_url.startswith("/billing/sandbox/cashier/")
    assert client.get(cashier_url).status_code == 200
    assert Order.objects.get(pk=order_id).status == Order.Status.PENDING  # seeing the cashier pays nothing
    back = client.post(cashier_url)
    assert back.status_code == 302 and back["Location"].endswith(f"/billing/orders/{order_id}/")
    assert Order.objects.get(pk=order_id).status == Order.Status.PAID
    detail = client.get(back["Location"]).content.decode()
    assert Invoice.objects.get(order_id=order_id).number in detail


def test_the_cashier_refuses_a_foreign_return_address(cast, api, course, client):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    number = Order.objects.get(pk=order_id).number
    client.login(username="learner_yanta", password=PASSWORD)
    back = client.post(f"/billing/sandbox/cashier/{number}/?return=https://evil.example/")
    assert back["Location"] == f"/billing/orders/{order_id}/"


def test_another_learner_cannot_open_the_cashier_of_an_order(cast, api, course, client):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    number = Order.objects.get(pk=order_id).number
    client.login(username="learner_baishui", password=PASSWORD)
    assert client.post(f"/billing/sandbox/cashier/{number}/").status_code == 404
    assert client.get(f"/billing/orders/{order_id}/pay/").status_code == 404
    assert Order.objects.get(pk=order_id).status == Order.Status.PENDING

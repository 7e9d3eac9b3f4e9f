"""Electronic invoices: the base's series, buyer, items, tax, PDF with Chinese text and QR, JSON
and XML, verification, idempotent issuing with retries."""

import io
import json
from decimal import Decimal
from unittest import mock
from xml.etree import ElementTree as ET

import pypdf
import pytest
from django.db import IntegrityError

from jxjy import celery_app
from jxjy.billing import tasks
from jxjy.billing.issuers.local import LocalIssuer
from jxjy.billing.models import Invoice, InvoiceSequence, Order
from jxjy.billing.services import invoice_issue, invoices_issue_pending, payment_notification_handle
from jxjy.billing.tests.conftest import enrol, notification, paid_order

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text()


def test_a_paid_order_gets_one_invoice_numbered_in_its_bases_series(cast, api, course, weinan_course):
    first = paid_order(api, cast.learner_yanta, course)
    second = paid_order(api, cast.learner_baishui, course)
    weinan = paid_order(api, cast.learner_baishui, weinan_course)
    body = api(cast.learner_yanta).get(f"orders/{first.pk}/invoice").json()
    assert body["number"] == "SJD202000000001"
    assert body["amount"] == "48.00" and body["kind"] == "blue"
    assert body["issued_at"].startswith("2020-06-01T10:00:00")
    assert api(cast.learner_baishui).get(f"orders/{second.pk}/invoice").json()["number"] == "SJD202000000002"
    assert api(cast.learner_baishui).get(f"orders/{weinan.pk}/invoice").json()["number"] == "WNJD202000000001"
    assert Invoice.objects.count() == 3


def test_the_invoice_names_the_learner_seller_items_and_tax_free_flag(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course)
    body = api(cast.learner_yanta).get(f"orders/{order.pk}/invoice").json()
    assert body["buyer"] == {"type": "personal", "name": "李雁塔", "tax_id": None}
    assert body["seller"] == {"name": cast.provincial_base.name, "tax_id": cast.provincial_base.credit_code}
    assert body["items"] == [{"name": course.title, "unit": "hour", "quantity": 12, "unit_price": "4.00",
                              "amount": "48.00", "tax_amount": "0.00"}]
    assert body["tax_free"] is True and body["tax_amount"] == "0.00"
    assert body["data"]["schema"] == "jxjy.einvoice/1" and body["data"]["total_in_words"] == "肆拾捌元整"


def test_a_learner_may_ask_for_a_unit_invoice_with_the_employers_credit_code(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course, invoice_buyer="unit")
    buyer = api(cast.learner_yanta).get(f"orders/{order.pk}/invoice").json()["buyer"]
    assert buyer == {"type": "unit", "name": cast.yanta_employer.name, "tax_id": cast.yanta_employer.credit_code}


def test_the_buyer_can_be_changed_until_the_invoice_is_issued(cast, api, course):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    res = api(cast.learner_yanta).post(f"orders/{order_id}/invoice-buyer", {"buyer": "unit"})
    assert res.status_code == 200 and res.json()["invoice_buyer"] == "unit"
    assert api(cast.learner_baishui).post(f"orders/{order_id}/invoice-buyer", {"buyer": "personal"}).status_code == 404
    assert api(cast.learner_yanta).post(f"orders/{order_id}/invoice-buyer", {"buyer": "boss"}).status_code == 422
    api(cast.learner_yanta).post(f"orders/{order_id}/sandbox-pay")
    late = api(cast.learner_yanta).post(f"orders/{order_id}/invoice-buyer", {"buyer": "personal"})
    assert late.status_code == 409 and late.json()["code"] == "invoice_already_issued"
    assert Invoice.objects.get(order_id=order_id).buyer_type == "UNIT"


def test_a_base_configured_as_taxable_shows_the_tax(cast, api, course):
    res = api(cast.base_provincial).put(f"bases/{cast.provincial_base.pk}/invoice-profile",
                                        {"tax_free": False, "tax_rate": "0.03"})
    assert res.status_code == 200, res.content
    order = paid_order(api, cast.learner_yanta, course)
    body = api(cast.learner_yanta).get(f"orders/{order.pk}/invoice").json()
    assert body["tax_free"] is False and body["tax_rate"] == "0.03"
    assert body["tax_amount"] == "1.40"  # 48.00 includes 3 %: 48 − 48 / 1.03
    assert "3%" in _pdf_text(Invoice.objects.get(order=order).pdf.read())


def test_another_base_cannot_change_a_bases_invoicing(cast, api):
    res = api(cast.base_weinan).put(f"bases/{cast.provincial_base.pk}/invoice-profile", {"tax_free": False})
    assert res.status_code == 404
    res = api(cast.learner_yanta).put(f"bases/{cast.provincial_base.pk}/invoice-profile", {"tax_free": False})
    assert res.status_code == 404
    assert not cast.provincial_base.__class__.objects.filter(invoice_profile__isnull=False).exists()


def test_the_pdf_has_the_chinese_text_amount_and_verification_qr(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course)
    res = api(cast.learner_yanta).get(f"orders/{order.pk}/invoice.pdf")
    assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
    text = _pdf_text(res.content)
    for expected in ("电子发票（普通发票）", "SJD202000000001", "李雁塔", cast.provincial_base.name, "肆拾捌元整",
                     "¥48.00", "免税", order.number, "学时"):
        assert expected in text
    verify_url = api(cast.learner_yanta).get(f"orders/{order.pk}/invoice").json()["verify_url"]
    assert verify_url in text.replace("\n", "")
    # The QR code is drawn as filled rectangles: many of them, as a QR code has.
    page = pypdf.PdfReader(io.BytesIO(res.content)).pages[0]
    assert page.get_contents().get_data().count(b" re") > 100


def test_the_qr_code_opens_a_page_that_confirms_the_invoice(cast, api, course, client):
    order = paid_order(api, cast.learner_yanta, course)
    verify_url = api(cast.learner_yanta).get(f"orders/{order.pk}/invoice").json()["verify_url"]
    assert verify_url.startswith("http://127.0.0.1:8000/billing/iv/SJD202000000001/48.00/")
    path = verify_url.split("8000", 1)[1]
    page = client.get(path).content.decode()
    assert "发票真实有效" in page and "SJD202000000001" in page and "李*" in page and "李雁塔" not in page
    forged = client.get(path.replace("48.00", "480.00")).content.decode()
    assert "发票真实有效" not in forged and "未查到" in forged
    code = path.rstrip("/").rsplit("/", 1)[1]
    by_form = client.get("/billing/invoices/verify/", {"number": "SJD202000000001", "amount": "48.00", "code": code})
    assert "发票真实有效" in by_form.content.decode()
    wrong_code = client.get("/billing/invoices/verify/", {"number": "SJD202000000001", "amount": "48.00",
                                                          "code": "0" * 20})
    assert "发票真实有效" not in wrong_code.content.decode()


def test_the_invoice_is_also_machine_readable_xml(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course)
    res = api(cast.learner_yanta).get(f"orders/{order.pk}/invoice.xml")
    assert res.status_code == 200
    root = ET.fromstring(res.content)
    assert root.tag == "einvoice" and root.findtext("number") == "SJD202000000001"
    assert root.findtext("total") == "48.00" and root.findtext("buyer/name") == "李雁塔"
    assert root.findtext("tax_free") == "true"


def test_an_unpaid_order_has_no_invoice(cast, api, course):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    res = api(cast.learner_yanta).get(f"orders/{order_id}/invoice")
    assert res.status_code == 404 and res.json()["code"] == "invoice_not_found"
    assert api(cast.learner_yanta).get(f"orders/{order_id}/invoice.pdf").status_code == 404


def test_another_learner_cannot_fetch_the_invoice(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course)
    assert api(cast.learner_baishui).get(f"orders/{order.pk}/invoice").status_code == 404
    assert api(cast.learner_baishui).get(f"orders/{order.pk}/invoice.pdf").status_code == 404
    assert api(cast.base_weinan).get(f"orders/{order.pk}/invoice").status_code == 404
    assert api(cast.base_provincial).get(f"orders/{order.pk}/invoice").status_code == 200


def test_issuing_again_never_makes_a_second_invoice(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course)
    invoice = Invoice.objects.get(order=order)
    assert invoice_issue(invoice_id=invoice.pk).number == invoice.number
    assert tasks.issue_invoice.apply(args=[invoice.pk]).get() == invoice.number
    assert invoices_issue_pending() == 0
    assert Invoice.objects.filter(order=order).count() == 1
    assert InvoiceSequence.objects.get().last == 1
    with pytest.raises(IntegrityError):  # the database itself refuses a second invoice of a kind
        Invoice.objects.create(order=order, kind=Invoice.Kind.BLUE, base=order.base, amount=order.amount,
                               created_at=invoice.created_at)


def test_the_issuing_task_retries_a_failure_and_issues_once(cast, api, course, django_capture_on_commit_callbacks):
    order = Order.objects.get(pk=enrol(api, cast.learner_yanta, course)["order"]["id"])
    real = LocalIssuer.produce
    calls = {"n": 0}

    def flaky(self, document):
        calls["n"] += 1
        if calls["n"] < 3:
            raise OSError("disk full")
        return real(self, document)

    with mock.patch.object(LocalIssuer, "produce", flaky):
        with django_capture_on_commit_callbacks(execute=False):  # leave the invoice to the task below
            payment_notification_handle(gateway_name="sandbox", body=notification(order), headers={})
        invoice = Invoice.objects.get(order=order)
        assert invoice.status == Invoice.Status.PENDING
        # As a worker does: a failure schedules a retry (eager here, so at once) until it succeeds.
        propagates = celery_app.conf.task_eager_propagates
        celery_app.conf.task_eager_propagates = False
        try:
            result = tasks.issue_invoice.apply(args=[invoice.pk])
        finally:
            celery_app.conf.task_eager_propagates = propagates
    assert result.get() == "SJD202000000001"
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED and invoice.attempts == 3 and invoice.last_error == ""
    assert InvoiceSequence.objects.get().last == 1  # numbered once, kept across the retries


def test_a_failed_issue_is_recorded_and_finished_by_the_issue_command(cast, api, course, django_capture_on_commit_callbacks):
    order = Order.objects.get(pk=enrol(api, cast.learner_yanta, course)["order"]["id"])
    with mock.patch.object(LocalIssuer, "produce", side_effect=OSError("disk full")):
        with django_capture_on_commit_callbacks(execute=True):
            payment_notification_handle(gateway_name="sandbox", body=notification(order), headers={})
    invoice = Invoice.objects.get(order=order)
    assert invoice.status == Invoice.Status.NUMBERED and "disk full" in invoice.last_error
    from django.core.management import call_command

    out = io.StringIO()
    call_command("issue_invoices", stdout=out)
    assert "issued SJD202000000001" in out.getvalue()
    assert Invoice.objects.get(order=order).status == Invoice.Status.ISSUED


def test_the_invoice_data_matches_the_stored_invoice(cast, api, course):
    order = paid_order(api, cast.learner_yanta, course)
    invoice = Invoice.objects.get(order=order)
    assert invoice.data["total"] == str(invoice.amount) and invoice.data["number"] == invoice.number
    assert Decimal(invoice.data["items"][0]["amount"]) == order.amount
    json.dumps(invoice.data)  # plain JSON, no Decimal or datetime objects

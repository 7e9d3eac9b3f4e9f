"""The demo data, and the pages each role reaches from the dashboard."""

import io

import pytest

from jxjy.billing import demo
from jxjy.billing.models import Invoice, Order
from jxjy.billing.tests.conftest import enrol, paid_order
from jxjy.conftest import PASSWORD
from jxjy.learning.services import enrolment_activate, enrolment_create

pytestmark = pytest.mark.django_db


def test_the_demo_pays_the_yanta_learners_demo_course_once(cast, course, django_capture_on_commit_callbacks):
    enrolment_activate(enrolment=enrolment_create(learner=cast.learner_yanta.learner, course=course, year=2020))
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(cast, io.StringIO())
        demo.seed(cast, io.StringIO())
    order = Order.objects.get()
    assert order.learner.user == cast.learner_yanta and order.status == Order.Status.PAID
    assert order.payment.gateway == "sandbox"
    assert Invoice.objects.get(order=order).status == Invoice.Status.ISSUED
    assert not Order.objects.filter(learner__user=cast.learner_baishui).exists()


def test_the_demo_does_nothing_without_the_demo_enrolment(cast):
    out = io.StringIO()
    demo.seed(cast, out)
    assert not Order.objects.exists() and "no demo enrolment" in out.getvalue()


@pytest.mark.parametrize("username", ["learner_yanta", "base_provincial", "admin_xian", "admin_province",
                                      "employer_yanta"])
def test_each_role_sees_its_billing_panel_on_the_dashboard(cast, api, course, client, username):
    paid_order(api, cast.learner_yanta, course)
    client.login(username=username, password=PASSWORD)
    res = client.get("/dashboard/")
    assert res.status_code == 200
    page = res.content.decode()
    expected = {"learner_yanta": "我的订单与发票", "base_provincial": "收费与发票", "admin_xian": "本年度各基地收费",
                "admin_province": "本年度各基地收费", "employer_yanta": "继续教育经费"}[username]
    assert expected in page


def test_the_learner_sees_its_orders_and_the_order_page_in_chinese(cast, api, course, client):
    order = paid_order(api, cast.learner_yanta, course)
    client.login(username="learner_yanta", password=PASSWORD)
    listing = client.get("/billing/orders/").content.decode()
    assert order.number in listing and "已支付" in listing
    detail = client.get(f"/billing/orders/{order.pk}/").content.decode()
    assert "SJD202000000001" in detail and "下载 PDF" in detail
    assert client.get(f"/api/v1/orders/{order.pk}/invoice.pdf").status_code == 200  # the page's link, by session


def test_a_learner_enrols_from_a_course_page_and_lands_on_the_pay_page(cast, course, client):
    client.login(username="learner_baishui", password=PASSWORD)
    res = client.post(f"/billing/courses/{course.pk}/enrol/", {"year": "2020"})
    order = Order.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/billing/orders/{order.pk}/pay/"
    assert order.amount == 24


def test_the_order_page_is_not_found_for_others(cast, api, course, client):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    client.login(username="learner_baishui", password=PASSWORD)
    assert client.get(f"/billing/orders/{order_id}/").status_code == 404
    client.login(username="base_weinan", password=PASSWORD)
    assert client.get(f"/billing/orders/{order_id}/").status_code == 404

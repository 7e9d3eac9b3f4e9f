"""Unpaid orders expire after the configured time (30 minutes by default)."""

import io

import pytest
from django.core.management import call_command

from jxjy.billing.models import Order
from jxjy.billing.signals import order_closed
from jxjy.billing.tests.conftest import enrol
from jxjy.learning.models import Enrolment

pytestmark = pytest.mark.django_db


def test_an_order_expires_thirty_minutes_after_it_was_made(cast, api, course):
    body = enrol(api, cast.learner_yanta, course)
    order = Order.objects.get(pk=body["order"]["id"])
    assert (order.expires_at - order.created_at).total_seconds() == 30 * 60


def test_the_expiry_time_is_a_setting(cast, api, course, settings):
    settings.JXJY_ORDER_EXPIRY_MINUTES = 15
    order = Order.objects.get(pk=enrol(api, cast.learner_yanta, course)["order"]["id"])
    assert (order.expires_at - order.created_at).total_seconds() == 15 * 60


def test_the_expire_orders_command_closes_overdue_orders_and_their_enrolments(cast, api, course, settings,
                                                                              weinan_course):
    overdue = enrol(api, cast.learner_yanta, course)
    settings.JXJY_FROZEN_NOW = "2020-06-01T10:20:00+08:00"
    recent = enrol(api, cast.learner_baishui, weinan_course)
    settings.JXJY_FROZEN_NOW = "2020-06-01T10:31:00+08:00"
    heard = []
    order_closed.connect(lambda sender, order, status, **kw: heard.append((order.pk, status)), weak=False,
                         dispatch_uid="t-exp")
    out = io.StringIO()
    try:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("expire_orders", stdout=out)
    finally:
        order_closed.disconnect(dispatch_uid="t-exp")
    assert "expired 1" in out.getvalue()
    assert Order.objects.get(pk=overdue["order"]["id"]).status == Order.Status.EXPIRED
    assert Order.objects.get(pk=recent["order"]["id"]).status == Order.Status.PENDING
    assert Enrolment.objects.get(pk=overdue["enrolment_id"]).status == Enrolment.Status.CANCELLED
    assert heard == [(overdue["order"]["id"], "EXPIRED")]


def test_an_expired_order_cannot_be_paid_even_before_the_command_runs(cast, api, course, settings):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    settings.JXJY_FROZEN_NOW = "2020-06-01T10:30:00+08:00"
    res = api(cast.learner_yanta).post(f"orders/{order_id}/sandbox-pay")
    assert res.status_code == 409 and res.json()["code"] == "order_not_payable"
    assert api(cast.learner_yanta).get(f"orders/{order_id}").json()["status"] == "expired"


def test_after_expiry_the_learner_may_enrol_again_with_a_new_order(cast, api, course, settings):
    first = enrol(api, cast.learner_yanta, course)
    settings.JXJY_FROZEN_NOW = "2020-06-01T11:00:00+08:00"
    call_command("expire_orders", stdout=io.StringIO())
    second = enrol(api, cast.learner_yanta, course)
    assert second["order"]["id"] != first["order"]["id"] and second["order"]["status"] == "pending"


def test_the_learner_may_cancel_an_unpaid_order_but_not_anothers(cast, api, course):
    body = enrol(api, cast.learner_yanta, course)
    order_id = body["order"]["id"]
    assert api(cast.learner_baishui).post(f"orders/{order_id}/cancel").status_code == 404
    assert api(cast.base_provincial).post(f"orders/{order_id}/cancel").status_code == 403
    res = api(cast.learner_yanta).post(f"orders/{order_id}/cancel")
    assert res.status_code == 200 and res.json()["status"] == "cancelled"
    assert Enrolment.objects.get(pk=body["enrolment_id"]).status == Enrolment.Status.CANCELLED
    assert api(cast.learner_yanta).post(f"orders/{order_id}/cancel").status_code == 409

"""The service the studying app builds in-person sessions on: order_create and the signals."""

import pytest
from django.test import TestCase

from jxjy.billing.models import Order
from jxjy.billing.services import order_create, payment_notification_handle
from jxjy.billing.signals import order_paid
from jxjy.billing.tests.conftest import notification
from jxjy.plans.selectors import published_plan
from jxjy.plans.services import plan_draft_from, plan_publish

pytestmark = pytest.mark.django_db


def _session_order(cast, learner, hours=6, year=2020):
    return order_create(learner=learner.learner, base=cast.weinan_base, mode="in_person", hours=hours, year=year,
                        description="面授：护理新进展", kind="SESSION", reference_id=77)


def test_an_in_person_order_is_priced_at_the_in_person_rate(cast):
    assert _session_order(cast, cast.learner_yanta).amount == 30  # 6 h × 5.00
    order = order_create(learner=cast.learner_baishui.learner, base=cast.weinan_base, mode="in_person", hours=6,
                         year=2020, description="x", kind="SESSION", reference_id=78)
    assert order.amount == 18 and order.relief  # 6 h × 3.00 in 白水县


def test_a_session_order_announces_payment_once_after_commit(cast):
    order = _session_order(cast, cast.learner_yanta)
    heard = []
    order_paid.connect(lambda sender, order, **kw: heard.append(order.kind), weak=False, dispatch_uid="t-s")
    try:
        with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
            payment_notification_handle(gateway_name="sandbox", body=notification(order), headers={})
            assert heard == []  # not before the payment is committed
        for callback in callbacks:
            callback()
        payment_notification_handle(gateway_name="sandbox", body=notification(order), headers={})
    finally:
        order_paid.disconnect(dispatch_uid="t-s")
    assert heard == ["SESSION"]


def test_one_live_order_per_reference(cast):
    _session_order(cast, cast.learner_yanta)
    with pytest.raises(Exception) as info:
        _session_order(cast, cast.learner_yanta)
    assert getattr(info.value, "code", "") == "order_exists"
    assert Order.objects.count() == 1


def test_an_unknown_mode_or_kind_is_refused(cast):
    with pytest.raises(Exception) as info:
        order_create(learner=cast.learner_yanta.learner, base=cast.weinan_base, mode="by_post", hours=6, year=2020,
                     description="x", kind="SESSION", reference_id=1)
    assert info.value.code == "unknown_mode"
    with pytest.raises(Exception) as info:
        order_create(learner=cast.learner_yanta.learner, base=cast.weinan_base, mode="online", hours=6, year=2020,
                     description="x", kind="GIFT", reference_id=1)
    assert info.value.code == "unknown_order_kind"
    assert not Order.objects.exists()


def test_a_make_up_year_without_its_own_plan_is_priced_by_the_current_schedule(cast):
    draft = plan_draft_from(actor=cast.province_admin, plan=published_plan(2020), changes={
        "fee_in_person_standard": "7.00"})
    plan_publish(actor=cast.province_admin, plan=draft)
    order = _session_order(cast, cast.learner_yanta, hours=2, year=2018)
    assert order.amount == 14 and order.plan_year == 2020

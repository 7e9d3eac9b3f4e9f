from decimal import Decimal

import pytest

from jxjy.billing.models import Order
from jxjy.billing.tests.conftest import enrol, make_course
from jxjy.learning.models import Enrolment
from jxjy.plans.selectors import published_plan
from jxjy.plans.services import plan_draft_from, plan_publish

pytestmark = pytest.mark.django_db


def test_enrolment_creates_a_pending_order_at_the_online_rate(cast, api, course):
    body = enrol(api, cast.learner_yanta, course)
    order = body["order"]
    assert order["amount"] == "48.00"  # 12 hours at 4.00 (雁塔区 is not a relief county)
    assert order["status"] == "pending"
    assert order["pay_url"] == f"/billing/orders/{order['id']}/pay/"
    enrolment = Enrolment.objects.get(pk=body["enrolment_id"])
    assert enrolment.status == Enrolment.Status.PENDING_PAYMENT
    assert not enrolment.can_study


def test_a_relief_county_learner_pays_the_relief_rate(cast, api, course):
    body = enrol(api, cast.learner_baishui, course)
    assert body["order"]["amount"] == "24.00"
    order = api(cast.learner_baishui).get(f"orders/{body['order']['id']}").json()
    assert order["rate"] == "2.00" and order["relief"] is True and order["hours"] == 12


def test_the_order_follows_a_made_up_years_schedule(cast, api, course):
    draft = plan_draft_from(actor=cast.province_admin, plan=published_plan(2020), changes={
        "year": 2021, "fee_online_standard": "6.50", "fee_online_relief": "1.50"})
    plan_publish(actor=cast.province_admin, plan=draft)
    assert enrol(api, cast.learner_yanta, course, year=2021)["order"]["amount"] == "78.00"
    assert enrol(api, cast.learner_baishui, course, year=2021)["order"]["amount"] == "18.00"


def test_a_free_enrolment_opens_study_at_once(cast, api, course):
    draft = plan_draft_from(actor=cast.province_admin, plan=published_plan(2020), changes={
        "year": 2021, "fee_online_standard": "0.00", "fee_online_relief": "0.00"})
    plan_publish(actor=cast.province_admin, plan=draft)
    body = enrol(api, cast.learner_yanta, course, year=2021)
    assert body["order"]["amount"] == "0.00" and body["order"]["status"] == "paid"
    assert Enrolment.objects.get(pk=body["enrolment_id"]).status == Enrolment.Status.ACTIVE
    assert not Order.objects.get(pk=body["order"]["id"]).invoices.exists()


def test_enrolling_twice_is_refused_and_charges_once(cast, api, course):
    enrol(api, cast.learner_yanta, course)
    res = api(cast.learner_yanta).post(f"courses/{course.pk}/enrolments", {"year": 2020})
    assert res.status_code == 409
    assert res.json()["code"] == "already_enrolled"
    assert Order.objects.filter(learner__user=cast.learner_yanta).count() == 1


def test_an_unpublished_course_cannot_be_enrolled(cast, api):
    draft = make_course(cast.provincial_base, status="DRAFT")
    res = api(cast.learner_yanta).post(f"courses/{draft.pk}/enrolments", {"year": 2020})
    assert res.status_code == 404
    assert not Order.objects.exists() and not Enrolment.objects.exists()


def test_an_unknown_course_is_404(cast, api):
    res = api(cast.learner_yanta).post("courses/999999/enrolments", {"year": 2020})
    assert res.status_code == 404 and res.json()["code"] == "course_not_found"


def test_an_administrator_cannot_enrol(cast, api, course):
    res = api(cast.base_provincial).post(f"courses/{course.pk}/enrolments", {"year": 2020})
    assert res.status_code == 403
    assert not Order.objects.exists()


def test_an_unopened_year_changes_nothing(cast, api, course):
    res = api(cast.learner_yanta).post(f"courses/{course.pk}/enrolments", {"year": 2031})
    assert res.status_code == 422
    assert not Order.objects.exists() and not Enrolment.objects.exists()


def test_no_caller_can_set_the_amount(cast, api, course):
    body = enrol(api, cast.learner_yanta, course, amount="0.01", rate="0.01")
    assert body["order"]["amount"] == "48.00"
    assert Order.objects.get().amount == Decimal("48.00")


def test_a_learner_cannot_see_another_learners_order(cast, api, course):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    assert api(cast.learner_baishui).get(f"orders/{order_id}").status_code == 404
    assert api(cast.learner_yanta).get(f"orders/{order_id}").status_code == 200


def test_only_the_bases_admin_and_the_province_see_its_orders(cast, api, course):
    order_id = enrol(api, cast.learner_yanta, course)["order"]["id"]
    assert api(cast.base_provincial).get(f"orders/{order_id}").status_code == 200
    assert api(cast.province_admin).get(f"orders/{order_id}").status_code == 200
    assert api(cast.base_weinan).get(f"orders/{order_id}").status_code == 404
    # The provincial base is the province's, not the city's.
    assert api(cast.admin_xian).get(f"orders/{order_id}").status_code == 404
    assert api().get(f"orders/{order_id}").status_code == 401


def test_a_city_sees_the_orders_of_its_city_bases_only(cast, api, weinan_course):
    order_id = enrol(api, cast.learner_baishui, weinan_course)["order"]["id"]
    assert api(cast.admin_weinan).get(f"orders/{order_id}").status_code == 200
    assert api(cast.admin_xian).get(f"orders/{order_id}").status_code == 404
    listed = api(cast.admin_weinan).get("orders").json()
    assert [o["id"] for o in listed["results"]] == [order_id]
    assert api(cast.admin_xian).get("orders").json()["count"] == 0

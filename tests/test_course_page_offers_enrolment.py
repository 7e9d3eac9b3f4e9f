"""The course page is where a learner enrols: it shows the price at the learner's own county
rate for the current year and posts to billing's enrol view; once enrolled, it leads on."""

from __future__ import annotations

import pytest
from django.test import Client

from jxjy.learning.testing import enrol, make_course
from jxjy.plans.selectors import current_rules

pytestmark = pytest.mark.django_db


def page_of(user, course):
    client = Client()
    if user is not None:
        client.force_login(user)
    res = client.get(f"/courses/{course.pk}/")
    assert res.status_code == 200
    return res.content.decode()


def test_a_relief_county_learner_is_offered_the_relief_rate(cast):
    course = make_course(cast.provincial_base, hours=8)
    rules = current_rules()
    html = page_of(cast.learner_baishui, course)
    assert f"¥{rules.online.relief * course.hours:.2f}" in html
    assert f'action="/billing/courses/{course.pk}/enrol/"' in html
    assert "摘帽县优惠价" in html


def test_a_learner_elsewhere_is_offered_the_standard_rate(cast):
    course = make_course(cast.provincial_base, hours=8)
    rules = current_rules()
    html = page_of(cast.learner_yanta, course)
    assert f"¥{rules.online.standard * course.hours:.2f}" in html
    assert "摘帽县优惠价" not in html


def test_an_enrolled_learner_is_led_to_the_lectures_not_offered_to_pay_again(cast):
    course = make_course(cast.provincial_base, hours=8)
    enrolment = enrol(cast.learner_yanta, course, year=current_rules().year)
    html = page_of(cast.learner_yanta, course)
    assert f'href="/study/enrolments/{enrolment.pk}/"' in html
    assert "/enrol/" not in html


def test_administrators_may_not_enrol_and_visitors_are_asked_to_sign_in(cast):
    course = make_course(cast.provincial_base, hours=8)
    for user in (cast.province_admin, cast.base_provincial, cast.employer_yanta):
        html = page_of(user, course)
        assert "/enrol/" not in html and 'id="enrol"' not in html
    html = page_of(None, course)
    assert "/enrol/" not in html and f"/login/?next=/courses/{course.pk}/" in html


def test_an_unpaid_enrolment_leads_to_paying_its_order(cast):
    from jxjy.billing.services import enrolment_order_create

    course = make_course(cast.provincial_base, hours=8)
    _enrolment, order = enrolment_order_create(learner=cast.learner_baishui.learner, course=course,
                                               year=current_rules().year)
    html = page_of(cast.learner_baishui, course)
    assert f'href="/billing/orders/{order.pk}/pay/"' in html
    assert "/enrol/" not in html

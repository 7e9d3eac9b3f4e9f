"""In-person study walked through the pages, in a phone-sized browser.

The provincial base schedules a public-subject session on its page; 李雁塔 finds it on the
sessions page, registers and pays through the sandbox cashier; once the session has begun the
base marks who attended, and after its last day closes it, which credits the hours; the learner
sees them on "my study" at once. The platform's clock is pinned (JXJY_FROZEN_NOW) and moved on
between the steps: a session cannot be scheduled in the past, attended before it begins or
closed before its last day.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jxjy.billing.models import Order
from jxjy.conftest import PASSWORD
from jxjy.credits.models import CreditEntry
from jxjy.learning.models import InPersonSession, SessionRegistration
from jxjy.plans.selectors import current_plan

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "专业技术人员职业道德（面授）"


def test_a_base_schedules_a_session_a_learner_pays_attends_and_gets_the_hours(page, open_context, cast, settings):
    rules = current_plan().rules()
    year = rules.year
    settings.JXJY_FROZEN_NOW = f"{year}-09-01T10:00:00"

    # The base schedules the session on its page.
    login(page, "base_provincial", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto("/base/sessions/")
    form = page.locator("#schedule form")
    form.locator("[name=subject]").fill(SUBJECT)
    form.locator("[name=category]").select_option("PUBLIC")
    form.locator("[name=starts_on]").fill(f"{year}-09-10")
    form.locator("[name=ends_on]").fill(f"{year}-09-11")
    form.locator("[name=hours]").fill("12")
    form.locator("[name=place]").fill("西安市雁塔区科技路 1 号 报告厅")
    form.locator("[name=capacity]").fill("30")
    form.locator("button").click()
    page.wait_for_url("**/base/sessions/*/")
    session = InPersonSession.objects.get(subject=SUBJECT)
    assert session.base == cast.provincial_base and session.hours == 12 and session.year == year
    assert SUBJECT in page.inner_text("h1")

    # The learner registers on the sessions page and pays the plan's in-person fee.
    learner = open_context().new_page()
    login(learner, "learner_yanta", PASSWORD)
    learner.wait_for_url("**/dashboard/")
    learner.goto("/sessions/")
    card = learner.locator(f"#session-{session.pk}")
    expected = (rules.in_person.standard * session.hours).quantize(Decimal("0.01"))
    assert SUBJECT in card.inner_text() and str(expected) in card.inner_text()
    card.locator("button").click()
    learner.wait_for_url("**/billing/orders/*/")
    assert "请完成支付" in learner.inner_text("body") or f"{expected}" in learner.inner_text("main")
    learner.click("a[href$='/pay/']")
    learner.wait_for_url("**/billing/orders/*/pay/")
    learner.click("button:has-text('前往支付')")
    learner.wait_for_url("**/billing/sandbox/cashier/**")
    learner.click("button:has-text('确认支付')")
    learner.wait_for_url("**/billing/orders/*/")
    registration = SessionRegistration.objects.get(session=session, learner=cast.learner_yanta.learner)
    assert registration.status == SessionRegistration.Status.CONFIRMED
    assert Order.objects.get(pk=registration.order_ref).amount == expected

    # Before the session begins the base cannot mark attendance; once it has, it can.
    page.reload()
    assert page.locator("select[name^=attended_]").count() == 0
    assert "开班后方可登记出勤" in page.inner_text("#registrations")
    settings.JXJY_FROZEN_NOW = f"{year}-09-10T09:00:00"
    page.reload()
    # The learner's ID number is masked on the base's list.
    row = page.locator("#registrations tr", has_text=cast.learner_yanta.learner.name)
    assert cast.learner_yanta.learner.id_number not in row.inner_text() and "*" in row.inner_text()
    page.select_option(f"select[name=attended_{registration.pk}]", "1")
    page.click("#registrations button")
    page.wait_for_url(f"**/base/sessions/{session.pk}/")
    registration.refresh_from_db()
    assert registration.attended is True

    # Closing is offered only after the last day; then the hours are credited.
    assert page.locator("#close").count() == 0
    settings.JXJY_FROZEN_NOW = f"{year}-09-12T09:00:00"
    page.reload()
    page.click("#close button")
    page.wait_for_url(f"**/base/sessions/{session.pk}/")
    session.refresh_from_db()
    assert not session.is_scheduled and page.locator("#close").count() == 0
    entry = CreditEntry.objects.get(learner=cast.learner_yanta.learner, year=year)
    assert entry.hours == 12 and entry.category == "PUBLIC"

    # The learner sees the hours on "my study" at once.
    learner.goto("/study/")
    assert "12" in learner.inner_text("main") and SUBJECT in learner.inner_text("main")

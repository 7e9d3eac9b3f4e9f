"""A learner with a complete year opens "my certificates" on a phone, issues the year's
certificate and reads its code; an anonymous visitor types the code on the public verify page
and sees it valid, with the ID number masked."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from jxjy.certificates.models import Certificate
from jxjy.certificates.tests.conftest import complete_year
from jxjy.conftest import PASSWORD
from jxjy.plans.selectors import current_year

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_learner_issues_a_certificate_and_anyone_verifies_it(cast, browser, page, live_server):
    cache.clear()
    year = current_year()
    complete_year(cast.learner_yanta, year)
    learner = cast.learner_yanta.learner

    login(page, "learner_yanta", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto("/certificates/mine/")
    card = page.locator(f"#year-{year}")
    assert card.get_attribute("data-state") == "available"
    card.get_by_role("button", name="领取证书").click()
    card = page.locator(f'#year-{year}[data-state="issued"]')
    card.wait_for()
    shown = card.locator("[data-code]").inner_text().strip()
    cert = Certificate.objects.get(learner=learner, year=year)
    assert shown == cert.grouped_code
    assert card.get_by_role("link", name="打印").is_visible()

    # Someone else, not signed in, checks the code by typing it (lower case, with spaces).
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=live_server.url)
    visitor = context.new_page()
    try:
        visitor.goto("/certificates/verify/")
        visitor.fill("#code", shown.lower().replace("-", " "))
        visitor.get_by_role("button", name="查验").click()
        result = visitor.locator("#verify-result")
        result.wait_for()
        assert result.get_attribute("data-status") == "valid"
        text = result.inner_text()
        assert learner.name in text and learner.masked_id_number in text and learner.id_number not in text
        assert "真实有效" in text

        visitor.fill("#code", "ABCD-EFGH-JKMN-PQRS-TUVW")
        visitor.get_by_role("button", name="查验").click()
        forged = visitor.locator('#verify-result[data-status="unknown"]')
        forged.wait_for()
        assert "未找到该验证码对应的证书" in forged.inner_text()
    finally:
        context.close()

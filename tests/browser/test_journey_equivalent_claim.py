"""Equivalent hours (同等学时认证), walked through in a phone-sized browser: 李雁塔 files a claim for
a published paper with a PDF as evidence, 雁塔's employer opens it from the dashboard queue, looks
at the evidence and approves fewer hours than claimed, and 李雁塔 finds them counted on "my study"."""

from __future__ import annotations

import pytest

from jxjy.conftest import PASSWORD
from jxjy.credits.demo import evidence_pdf
from jxjy.credits.models import CreditEntry, EquivalentHoursClaim

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "面向国产操作系统的软件兼容性测试方法"


def test_a_learner_claims_equivalent_hours_the_employer_approves_and_the_hours_count(page, cast, settings,
                                                                                    tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    pdf = evidence_pdf(["《软件学报》", TITLE, "作者：李雁塔"])
    scan = tmp_path / "论文首页.pdf"
    scan.write_bytes(pdf)

    # The learner files the claim from the dashboard.
    login(page, "learner_yanta", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("a:has-text('申请同等学时认证')")
    page.wait_for_url("**/study/claims/new/")
    assert "在公开出版刊物发表专业论文" in page.content()
    page.select_option("select[name=claim_type]", value="PAPER")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=description]", "《软件学报》2020年第4期，第一作者")
    page.fill("input[name=started_on]", "2020-04-15")
    page.fill("input[name=ended_on]", "2020-04-15")
    page.fill("input[name=hours]", "16")
    page.set_input_files("input[name=evidence]", str(scan))
    page.click("#claim-form button[type=submit]")
    page.wait_for_url("**/claims/*/")
    assert page.locator("#claim").get_attribute("data-status") == "PENDING"
    assert "待审核" in page.inner_text("#claim")
    claim = EquivalentHoursClaim.objects.get(title=TITLE)
    assert claim.hours_claimed == 16 and not CreditEntry.objects.filter(learner=claim.learner).exists()
    page.click("text=退出")

    # The employer reviews it from the dashboard queue, with the evidence at hand.
    login(page, "employer_yanta", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("#claims-queue-link")
    page.wait_for_url("**/claims/?status=PENDING")
    page.click(f"#queue a:has-text('{TITLE}')")
    page.wait_for_url(f"**/claims/{claim.pk}/")
    href = page.get_attribute("#claim a:has-text('论文首页.pdf')", "href")
    shown = page.request.get(href)
    assert shown.status == 200 and shown.body() == pdf
    page.fill("#approve-hours", "12")
    page.fill("#approve-note", "按刊物级别认定12学时")
    page.click("#approve-form button[type=submit]")
    page.wait_for_selector("#claim[data-status=APPROVED]")
    assert "已认定" in page.inner_text("#claim")
    page.click("text=退出")

    # The learner sees the hours counted at once.
    login(page, "learner_yanta", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto("/study/?year=2020")
    entries = page.inner_text("#entries")
    assert TITLE in entries and "同等学时认证" in entries and "12" in entries
    page.goto("/study/claims/")
    row = page.locator(".claim-row", has_text=TITLE)
    assert "已认定" in row.inner_text() and "认定 12" in row.inner_text()
    assert CreditEntry.objects.get(learner=claim.learner).hours == 12

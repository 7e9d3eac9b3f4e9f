"""The biennial base review (例行考核), walked through in a phone-sized browser: the province
opens the 2019–2020 round, the 渭南 base submits its self-assessment from the dashboard, the 渭南
bureau scores it from its queue, and the province confirms the conclusion and prints it."""

from __future__ import annotations

import datetime as dt

import pytest

from jxjy.conftest import PASSWORD
from jxjy.core import clock
from jxjy.reviews.models import BaseReview, ReviewRound

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODES = ("RULES", "SPENDING", "TEACHERS", "ORGANISATION", "LEARNERS")


def test_the_province_opens_a_round_a_city_base_reviews_itself_its_bureau_scores_and_the_province_confirms(
        page, cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    deadline = (clock.today() + dt.timedelta(days=60)).isoformat()

    # The province opens the round.
    login(page, "admin_province", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("#reviews-link")
    page.wait_for_url("**/reviews/")
    page.click("#open-round summary")
    page.fill("#start_year", "2019")
    page.fill("#end_year", "2020")
    page.fill("#self_deadline", deadline)
    page.click("#round-form button[type=submit]")
    page.wait_for_url("**/reviews/rounds/*/")
    assert "2019–2020 年度例行考核" in page.content()
    row = page.locator(".review-row", has_text="渭南市专业技术人员继续教育基地")
    assert "待自评" in row.inner_text()
    review = BaseReview.objects.get(round=ReviewRound.objects.get(), base=cast.weinan_base)
    page.click("text=退出")

    # The 渭南 base fills in its self-assessment.
    login(page, "base_weinan", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("#my-review-link")
    page.wait_for_url(f"**/reviews/{review.pk}/")
    for code in CODES:
        page.fill(f"#text_{code}", f"{code}：两年来制度健全，执行到位")
        page.fill(f"#score_{code}", "18")
    page.click("#self-form button[type=submit]")
    page.wait_for_selector("#review[data-status=SELF_SUBMITTED]")
    assert "待考核" in page.inner_text("#review") and "90" in page.inner_text("#self-total")
    page.click("text=退出")

    # The 渭南 bureau scores it from its queue.
    login(page, "admin_weinan", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("#reviews-link")
    page.wait_for_url("**/reviews/")
    page.click("#todo a:has-text('渭南市专业技术人员继续教育基地')")
    page.wait_for_url(f"**/reviews/{review.pk}/")
    for code, score in zip(CODES, ("18", "17", "16", "18", "17"), strict=True):
        page.fill(f"#assess_score_{code}", score)
        page.fill(f"#comment_{code}", "符合要求")
    page.fill("#comment", "基地管理规范")
    page.click("#assess-form button[type=submit]")
    page.wait_for_selector("#review[data-status=AWAITING_CONFIRMATION]")
    assert "合格" in page.inner_text("#conclusion") and "86" in page.inner_text("#total-score")
    page.click("text=退出")

    # The province confirms, and the result prints.
    login(page, "admin_province", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto("/reviews/")
    page.click("#todo a:has-text('渭南市专业技术人员继续教育基地')")
    page.wait_for_url(f"**/reviews/{review.pk}/")
    page.click("#confirm-form button[type=submit]")
    page.wait_for_selector("#review[data-status=FINISHED]")
    assert "已完成" in page.inner_text("#review")
    pdf = page.request.get(page.get_attribute("#pdf-link", "href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    review.refresh_from_db()
    assert review.conclusion == "PASS" and review.confirmed_by == cast.province_admin
    cast.weinan_base.refresh_from_db()
    assert cast.weinan_base.is_active

"""On a phone: a learner asks a policy question, the city bureau answers it (and publishes it as
FAQ), the learner reads the answer; the learner files a complaint against a city base, that
city's bureau accepts and resolves it, and the learner reads the result."""

from __future__ import annotations

from typing import Any

import pytest

from jxjy.conftest import PASSWORD
from jxjy.service.demo import notice_2020
from jxjy.service.models import Complaint, Consultation

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser: Any, live_server: Any, username: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    login(page, username, PASSWORD)
    page.wait_for_url("**/dashboard/")
    return context, page


def test_a_question_is_answered_and_a_complaint_resolved(cast, browser, page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    notice = notice_2020(cast)

    # The learner finds the notice in the policy library and asks about it.
    login(page, "learner_yanta", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto("/policy/?q=公需课")
    page.get_by_role("link", name=notice.title).click()
    page.get_by_role("link", name="咨询本政策").click()
    page.fill("#title", "公需课两个科目都学能否都计学时")
    page.fill("#question", "我两个公需课科目都学了，学时能都算吗？")
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_selector('#consultation[data-status="OPEN"]')
    consultation = Consultation.objects.get(asker=cast.learner_yanta)
    assert consultation.city.code == "610100" and consultation.article == notice

    # 西安's bureau answers from its dashboard queue and publishes the answer as FAQ.
    context, admin = _as(browser, live_server, "admin_xian")
    try:
        assert admin.locator("#open-consultations").inner_text() == "1"
        admin.click("#consultation-queue-link")
        admin.get_by_role("link", name="公需课两个科目都学能否都计学时").click()
        admin.wait_for_selector("#answer-text")
        assert cast.learner_yanta.learner.masked_id_number in admin.content()
        admin.fill("#answer-text", "任选一个科目学习即可满足公需课要求。")
        admin.check("#answer-public")
        admin.get_by_role("button", name="提交答复").click()
        admin.wait_for_selector('#consultation[data-status="ANSWERED"]')
    finally:
        context.close()

    # The learner reads the answer, and so does anyone in the FAQ.
    page.reload()
    assert "任选一个科目学习即可满足公需课要求。" in page.locator("#answer").inner_text()
    page.get_by_role("button", name="问题已解决，关闭咨询").click()
    page.wait_for_selector('#consultation[data-status="CLOSED"]')
    page.goto("/policy/faq/")
    assert "任选一个科目学习即可满足公需课要求。" in page.locator("#faq").inner_text()

    # The learner files a complaint against the 渭南 city base.
    page.goto("/dashboard/")
    page.click("#my-complaints-link")
    page.get_by_role("link", name="我要投诉").click()
    page.select_option("#base", str(cast.weinan_base.pk))
    page.select_option("#reason", "OVERCHARGING")
    page.fill("#description", "面授培训另收资料费200元，未开发票。")
    page.get_by_role("button", name="提交投诉").click()
    page.wait_for_selector('#complaint[data-status="SUBMITTED"]')
    complaint = Complaint.objects.get()
    assert complaint.city.code == "610500"

    # 渭南's bureau accepts, notes and resolves it.
    context, admin = _as(browser, live_server, "admin_weinan")
    try:
        assert admin.locator("#open-complaints").inner_text() == "1"
        admin.click("#complaint-queue-link")
        admin.locator(f'[data-complaint="{complaint.pk}"] a').click()
        # Read the page only once it has arrived (content() mid-navigation is empty).
        admin.wait_for_url(f"**/complaints/{complaint.pk}/")
        admin.wait_for_selector("#complaint")
        assert "138****0001" not in admin.content()  # another learner's phone; this one's is masked
        assert cast.learner_yanta.learner.masked_phone in admin.content()
        assert cast.learner_yanta.learner.phone not in admin.content()
        admin.get_by_role("button", name="受理投诉").click()
        admin.wait_for_selector('#complaint[data-status="ACCEPTED"]')
        admin.fill("#note-text", "已约谈基地负责人")
        admin.get_by_role("button", name="添加记录").click()
        admin.wait_for_selector("#complaint .note")
        admin.select_option("#outcome", "UPHELD")
        admin.fill("#result-text", "责令基地退还资料费")
        admin.get_by_role("button", name="办结投诉").click()
        admin.wait_for_selector('#complaint[data-status="RESOLVED"]')
    finally:
        context.close()

    page.reload()
    result = page.locator("#result").inner_text()
    assert "投诉成立" in result and "责令基地退还资料费" in result
    assert "已约谈基地负责人" not in page.content()  # investigation notes stay with the bureau

"""On a phone: the complainant sees the bell count after the bureau accepts her complaint, reads
the notice in the inbox, marks it read in place (htmx; the bell follows), and opens what it is
about; the province reads the SMS sandbox's outbox with numbers masked."""

from __future__ import annotations

import pytest

from jxjy.conftest import PASSWORD
from jxjy.notices.services import sms_send
from jxjy.service.services import complaint_accept, complaint_file

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_learner_reads_and_follows_a_notice(cast, page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    complaint = complaint_file(actor=cast.learner_baishui, base=cast.weinan_base.pk, reason="OVERCHARGING",
                               description="面授培训另收资料费200元，未开发票。")
    complaint_accept(actor=cast.admin_weinan, complaint=complaint)

    login(page, "learner_baishui", PASSWORD)
    page.wait_for_url("**/dashboard/")
    assert page.locator("#notice-count").inner_text() == "1"
    page.click("#notice-bell")
    page.wait_for_url("**/notices/")
    item = page.locator(".notice").first
    assert "您的投诉已受理" in item.inner_text()
    item.get_by_role("button", name="标为已读").click()
    page.wait_for_selector("#notice-count", state="hidden", timeout=10_000)
    assert page.locator(".notice .mark-read").count() == 0
    page.get_by_role("link", name="查看").first.click()
    page.wait_for_url(f"**/complaints/{complaint.pk}/")


def test_the_province_reads_the_sms_sandbox(cast, page):
    sms_send(phone="13912345678", text="测试短信", purpose="test")
    login(page, "admin_province", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("#sms-sandbox-link")
    page.wait_for_url("**/notices/sms-sandbox/")
    table = page.locator("#sms-outbox").inner_text()
    assert "139****5678" in table and "13912345678" not in table and "【陕西继续教育】测试短信" in table


def test_a_learner_reads_notices_in_english_and_turns_a_text_off(cast, page):
    from jxjy.notices.models import Notice, SmsOptOut
    from jxjy.notices.services import Outgoing, notify

    notify(recipients=[cast.learner_yanta], message=Outgoing(
        kind=Notice.Kind.CERTIFICATE_AVAILABLE, params={"year": 2020}, link="/certificates/mine/"))
    login(page, "learner_yanta", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("#notice-bell")
    page.wait_for_url("**/notices/")
    assert "您的2020年度继续教育证书可以打印了" in page.locator(".notice").first.inner_text()
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/notices/")
    page.wait_for_selector("text=Your 2020 certificate is available", timeout=10_000)
    page.uncheck("#sms-HOURS_REMINDER")
    page.click("#preferences-save")
    page.wait_for_url("**/notices/#preferences")
    assert not page.is_checked("#sms-HOURS_REMINDER") and page.is_checked("#sms-CLAIM_REJECTED")
    assert list(SmsOptOut.objects.values_list("kind", flat=True)) == ["HOURS_REMINDER"]

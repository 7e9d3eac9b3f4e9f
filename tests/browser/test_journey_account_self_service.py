"""On a phone: a learner opens 「我的账户」 from the header, changes the phone with the code the
SMS sandbox received (read by the province at the sandbox outbox), signs out, forgets the
password and resets it with a code texted to the new phone, and signs in with the new one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache

from jxjy.accounts.models import Learner
from jxjy.conftest import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PHONE = "13712349876"
NEW_PASSWORD = "Journey#2021pw"
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _sandbox_code(outbox: Any, masked_phone: str, not_this: str | None = None) -> str:
    """The newest code the sandbox outbox shows for that (masked) number, read as the province."""
    for _ in range(10):
        outbox.goto("/notices/sms-sandbox/")
        rows = outbox.locator("#sms-outbox tr", has_text=masked_phone)
        if rows.count():
            found = re.search(r"验证码[^0-9]*(\d{6})", rows.first.inner_text())
            if found and found.group(1) != not_this:
                return found.group(1)
        outbox.wait_for_timeout(300)
    raise AssertionError(f"no code for {masked_phone} in the sandbox outbox")


def test_a_learner_changes_the_phone_then_resets_a_forgotten_password_by_text(cast, page, open_context):
    cache.clear()
    outbox = open_context().new_page()
    login(outbox, "admin_province", PASSWORD)
    outbox.wait_for_url("**/dashboard/")

    login(page, "learner_yanta", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("#my-account-link")
    page.wait_for_url("**/account/")
    assert page.locator("[data-field=phone]").inner_text() == "139****0002"
    id_number = cast.learner_yanta.learner.id_number
    assert id_number not in page.content()
    assert page.evaluate(OVERFLOW) <= 1  # fits the phone's width

    page.click("#change-phone-link")
    page.wait_for_url("**/account/phone/")
    assert page.evaluate(OVERFLOW) <= 1
    page.fill("input[name=phone]", NEW_PHONE)
    page.click("#send-code")
    page.wait_for_selector("#code-sent", timeout=10_000)
    code = _sandbox_code(outbox, "137****9876")
    page.fill("input[name=code]", code)
    page.click("#change-phone")
    page.wait_for_url("**/account/")
    assert page.locator("[data-field=phone]").inner_text() == "137****9876"
    assert Learner.objects.get(user=cast.learner_yanta).phone == NEW_PHONE

    page.click("text=退出")
    page.goto("/login/")
    page.click("#forgot-by-sms")
    page.wait_for_url("**/password/forgot/")
    page.fill("input[name=login]", id_number)
    page.fill("input[name=phone]", NEW_PHONE)
    page.click("#send-reset-code")
    page.wait_for_url("**/password/forgot/reset/")
    reset_code = _sandbox_code(outbox, "137****9876", not_this=code)
    page.fill("input[name=code]", reset_code)
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.click("#reset-password")
    page.wait_for_url("**/login/")
    assert "新密码已设置" in page.content()

    login(page, id_number, PASSWORD)  # the old password no longer works
    page.wait_for_url("**/login/")
    assert "用户名或密码错误" in page.content()
    login(page, id_number, NEW_PASSWORD)
    page.wait_for_url("**/dashboard/")

"""Signing in through the government service portal (the sandbox portal, over real HTTP), linking it
from the dashboard, and recovering a password through it."""

import pytest

from jxjy.conftest import PASSWORD
from jxjy.portals.models import ExternalIdentity, SandboxPerson

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_learner_signs_in_through_the_government_service_portal(page, cast):
    learner = cast.learner_yanta.learner
    SandboxPerson.objects.create(name=learner.name, id_number=learner.id_number, phone=learner.phone,
                                 note="learner_yanta")
    page.goto("/login/")
    page.click("text=政务服务网登录")
    page.wait_for_url("**/sso/sandbox/sxzwfw/authorize**", timeout=15000)
    assert "陕西省政务服务网" in page.content() and learner.id_number not in page.content()
    page.check(f"input[name=person][value='{SandboxPerson.objects.get().pk}']")
    page.click("button[value=approve]")
    page.wait_for_url("**/dashboard/", timeout=15000)
    text = page.content()
    assert "李雁塔" in text and "已关联的政务平台账号" in text and "陕西省政务服务网" in text
    assert learner.id_number not in text
    assert ExternalIdentity.objects.get(user=cast.learner_yanta).provider == "sxzwfw"


def test_refusing_at_the_portal_shows_why_and_signs_nobody_in(page, cast):
    page.goto("/login/")
    page.click("text=陕西12333（微信）登录")
    page.wait_for_url("**/sso/sandbox/sx12333/authorize**", timeout=15000)
    page.fill("input[name=name]", "王微信")
    page.fill("input[name=phone]", "13600000011")
    page.click("button[value=refuse]")
    page.wait_for_load_state()
    assert "您已在政务平台拒绝授权" in page.content()
    assert not ExternalIdentity.objects.exists()


def test_a_learner_links_the_government_portal_from_the_dashboard(page, cast):
    learner = cast.learner_yanta.learner
    person = SandboxPerson.objects.create(name=learner.name, id_number=learner.id_number, phone=learner.phone,
                                          note="learner_yanta")
    login(page, "learner_yanta", PASSWORD)
    page.wait_for_url("**/dashboard/", timeout=15000)
    assert "尚未关联政务平台账号" in page.content()
    page.click("#link-sxzwfw")
    page.wait_for_url("**/sso/sandbox/sxzwfw/authorize**", timeout=15000)
    page.check(f"input[name=person][value='{person.pk}']")
    page.click("button[value=approve]")
    page.wait_for_url("**/dashboard/", timeout=15000)
    text = page.content()
    assert "政务平台身份已关联到您的账号" in text and "解除关联" in text
    assert page.locator("#link-sxzwfw").count() == 0 and page.locator("#link-sxrst").count() == 1
    assert ExternalIdentity.objects.get(user=cast.learner_yanta).provider == "sxzwfw"


def test_a_learner_recovers_the_password_through_the_government_service_portal(page, cast):
    learner = cast.learner_yanta.learner
    person = SandboxPerson.objects.create(name=learner.name, id_number=learner.id_number, phone=learner.phone)
    page.goto("/login/")
    page.click("#recover-by-portal")
    page.wait_for_url("**/sso/recover/", timeout=15000)
    page.click("a[data-provider=sxzwfw]")
    page.wait_for_url("**/sso/sandbox/sxzwfw/authorize**", timeout=15000)
    page.check(f"input[name=person][value='{person.pk}']")
    page.click("button[value=approve]")
    page.wait_for_url("**/sso/recover/password/", timeout=15000)
    assert learner.name in page.content() and learner.id_number not in page.content()
    page.fill("input[name=password]", "Recover#2020pw")
    page.fill("input[name=password2]", "Recover#2020pw")
    page.click("button[type=submit]")
    page.wait_for_url("**/login/", timeout=15000)
    assert "新密码已设置" in page.content()
    page.fill("input[name=login]", learner.id_number)
    page.fill("input[name=password]", "Recover#2020pw")
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard/", timeout=15000)
    assert "李雁塔" in page.content()

import pytest

from jxjy.accounts.models import Learner
from jxjy.accounts.validators import make_id_number
from jxjy.conftest import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_professional_registers_the_employer_confirms_and_the_home_page_shows_the_plan(page, cast):
    page.goto("/")
    assert "2020年度继续教育计划" in page.content()
    assert page.locator("text=摘帽贫困县").count() >= 1

    page.goto("/register/")
    id_number = make_id_number("610113", "19920202", "321")
    page.fill("input[name=id_number]", id_number)
    page.fill("input[name=name]", "赵浏览")
    page.fill("input[name=phone]", "13611112222")
    page.select_option("select[name=employer]", label=cast.yanta_employer.name)
    page.select_option("select[name=specialty]", label="计算机与软件")
    page.fill("input[name=password]", "Browser#2020pw")
    page.fill("input[name=password2]", "Browser#2020pw")
    page.check("input[name=privacy_consent]")
    page.click("button[type=submit]")
    page.wait_for_url("**/login/")
    assert "注册成功" in page.content()

    login(page, id_number, "Browser#2020pw")
    page.wait_for_url("**/dashboard/")
    text = page.content()
    assert "待单位确认" in text and id_number not in text

    page.click("text=退出")
    login(page, "employer_yanta", PASSWORD)
    page.wait_for_url("**/dashboard/")
    row = page.locator(".row", has_text="赵浏览")
    row.locator("button", has_text="确认").first.click()
    page.wait_for_load_state()
    assert Learner.objects.get(name="赵浏览").affiliation == "CONFIRMED"


def test_a_wrong_id_number_is_explained_on_the_form(page, cast):
    page.goto("/register/")
    page.fill("input[name=id_number]", "610113199202023210")
    page.fill("input[name=name]", "钱错误")
    page.fill("input[name=phone]", "13611113333")
    page.select_option("select[name=employer]", label=cast.yanta_employer.name)
    page.select_option("select[name=specialty]", label="计算机与软件")
    page.fill("input[name=password]", "Browser#2020pw")
    page.fill("input[name=password2]", "Browser#2020pw")
    page.click("button[type=submit]")
    assert "身份证号校验位不正确" in page.content()
    assert not Learner.objects.filter(name="钱错误").exists()

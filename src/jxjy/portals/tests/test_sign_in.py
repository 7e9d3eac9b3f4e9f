"""Signing in through a portal: linked identities, linking by ID number, prefilled registration,
binding by password, for learners and staff."""

from __future__ import annotations

import pytest
from django.test import Client

from jxjy.accounts.models import Learner, LoginFailure
from jxjy.accounts.validators import make_id_number
from jxjy.conftest import PASSWORD
from jxjy.core.models import AuditEntry
from jxjy.portals.models import ExternalIdentity

from .conftest import authorize_at_sandbox, session_user_id, sign_in_via

pytestmark = pytest.mark.django_db


def _as_person(user):
    learner = user.learner
    return {"name": learner.name, "id_number": learner.id_number, "phone": learner.phone}


def test_a_learner_is_recognised_by_id_number_linked_and_signed_in(cast, transport):
    client = Client()
    response = sign_in_via(client, "sxzwfw", **_as_person(cast.learner_yanta))
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert session_user_id(client) == cast.learner_yanta.pk
    link = ExternalIdentity.objects.get(user=cast.learner_yanta)
    assert link.provider == "sxzwfw" and link.last_login_at is not None
    assert AuditEntry.objects.filter(action="identity.link.id_number", object_id=str(link.pk)).exists()
    # The token exchange really went over the provider's HTTP endpoints.
    paths = [p for _m, p in transport.calls]
    assert any(p.endswith("/.well-known/openid-configuration") for p in paths)
    assert any(p.endswith("/token") for p in paths) and any(p.endswith("/jwks") for p in paths)
    page = client.get("/dashboard/").content.decode()
    assert "已关联的政务平台账号" in page and "陕西省政务服务网" in page
    assert cast.learner_yanta.learner.id_number not in page


def test_a_linked_identity_signs_in_again_without_matching(cast):
    sign_in_via(Client(), "sxzwfw", **_as_person(cast.learner_yanta))
    first = ExternalIdentity.objects.get(user=cast.learner_yanta)
    client = Client()
    response = sign_in_via(client, "sxzwfw", **_as_person(cast.learner_yanta), next_url="/study/")
    assert response["Location"] == "/study/"
    assert session_user_id(client) == cast.learner_yanta.pk
    assert ExternalIdentity.objects.filter(user=cast.learner_yanta).count() == 1
    assert ExternalIdentity.objects.get(pk=first.pk).last_login_at >= first.last_login_at


def test_an_outside_next_address_is_ignored(cast):
    client = Client()
    response = sign_in_via(client, "sxzwfw", **_as_person(cast.learner_yanta), next_url="https://evil.example/")
    assert response["Location"] == "/dashboard/"


def test_the_hr_portal_gives_the_id_number_at_userinfo_and_links_too(cast, transport):
    client = Client()
    response = sign_in_via(client, "sxrst", **_as_person(cast.learner_baishui))
    assert response.status_code == 302 and session_user_id(client) == cast.learner_baishui.pk
    assert any(p.endswith("/userinfo") for _m, p in transport.calls)
    assert ExternalIdentity.objects.filter(provider="sxrst", user=cast.learner_baishui).exists()


def test_a_new_person_registers_with_name_and_id_number_prefilled(cast):
    id_number = make_id_number("610113", "19930101", "456")
    client = Client()
    response = sign_in_via(client, "sxzwfw", name="赵新人", id_number=id_number, phone="13700000003")
    assert response["Location"] == "/sso/register/"
    assert session_user_id(client) is None and not ExternalIdentity.objects.exists()
    page = client.get("/sso/register/").content.decode()
    assert "赵新人" in page and "610***********" in page and id_number not in page
    assert 'name="id_number"' not in page and 'name="name"' not in page
    assert 'value="13700000003"' in page  # the portal's phone is offered, the learner may change it
    posted = client.post("/sso/register/", {
        # Fields the form does not have are ignored: the verified ones cannot be replaced.
        "id_number": make_id_number("610527", "19800101", "999"), "name": "冒名",
        "phone": "13700000004", "employer": cast.yanta_employer.pk,
        "specialty": cast.learner_yanta.learner.specialty_id, "title_level": "JUNIOR",
        "password": "Portal#2020pw", "password2": "Portal#2020pw", "privacy_consent": "on", "privacy_version": "1.0"})
    assert posted.status_code == 302 and posted["Location"] == "/dashboard/"
    learner = Learner.objects.get(id_number=id_number)
    assert learner.name == "赵新人" and learner.phone == "13700000004"
    assert learner.affiliation == Learner.Affiliation.PENDING
    assert session_user_id(client) == learner.user_id
    assert ExternalIdentity.objects.get(user=learner.user).provider == "sxzwfw"
    assert not Learner.objects.filter(name="冒名").exists()
    # The password works too, through accounts' own sign-in.
    assert Client().post("/login/", {"login": id_number, "password": "Portal#2020pw"}).status_code == 302


def test_the_registration_form_keeps_accounts_rules(cast):
    client = Client()
    sign_in_via(client, "sxzwfw", name="钱规则", id_number=make_id_number("610113", "19940101", "111"),
                phone="13700000005")
    page = client.post("/sso/register/", {
        "phone": "123", "employer": cast.yanta_employer.pk, "specialty": cast.learner_yanta.learner.specialty_id,
        "title_level": "JUNIOR", "password": "Portal#2020pw", "password2": "Portal#2020pw",
        "privacy_consent": "on", "privacy_version": "1.0"})
    assert page.status_code == 200 and "11位" in page.content.decode()
    assert not Learner.objects.filter(name="钱规则").exists() and not ExternalIdentity.objects.exists()


def test_registration_without_a_waiting_identity_is_refused():
    response = Client().get("/sso/register/")
    assert response.status_code == 400 and "重新登录".encode() in response.content


def test_a_wechat_identity_binds_by_password_then_signs_in_directly(cast):
    client = Client()
    response = sign_in_via(client, "sx12333", name="李雁塔", phone="13900000002")
    assert response["Location"] == "/sso/bind/"
    assert session_user_id(client) is None
    page = client.get("/sso/bind/").content.decode()
    assert "陕西12333" in page
    wrong = client.post("/sso/bind/", {"login": "learner_yanta", "password": "wrong-password"})
    assert wrong.status_code == 200 and "用户名或密码错误" in wrong.content.decode()
    assert LoginFailure.objects.filter(user=cast.learner_yanta).count() == 1  # counts toward the lockout
    assert not ExternalIdentity.objects.exists()
    right = client.post("/sso/bind/", {"login": "learner_yanta", "password": PASSWORD})
    assert right.status_code == 302 and session_user_id(client) == cast.learner_yanta.pk
    link = ExternalIdentity.objects.get(user=cast.learner_yanta)
    assert link.provider == "sx12333" and link.subject.startswith("o")

    again = Client()
    sign_in_via(again, "sx12333", name="李雁塔", phone="13900000002")
    assert session_user_id(again) == cast.learner_yanta.pk


def test_staff_are_never_matched_by_id_number_but_may_bind(cast):
    # A base administrator signs in at the portal with their own ID number; no learner has it.
    client = Client()
    response = sign_in_via(client, "sxzwfw", name="省级基地管理员",
                           id_number=make_id_number("610113", "19850101", "222"), phone="13600000001")
    assert response["Location"] == "/sso/register/"
    assert session_user_id(client) is None
    bound = client.post("/sso/bind/", {"login": "base_provincial", "password": PASSWORD})
    assert bound.status_code == 302 and session_user_id(client) == cast.base_provincial.pk
    assert ExternalIdentity.objects.get(user=cast.base_provincial).provider == "sxzwfw"


def test_a_portal_identity_cannot_be_bound_to_another_learners_account(cast):
    client = Client()
    sign_in_via(client, "sxzwfw", name="孙他人", id_number=make_id_number("610113", "19910101", "333"),
                phone="13600000002")
    response = client.post("/sso/bind/", {"login": "learner_yanta", "password": PASSWORD})
    assert response.status_code == 200 and "不是本账号" in response.content.decode()
    assert session_user_id(client) is None and not ExternalIdentity.objects.exists()


def test_an_account_takes_one_identity_per_portal(cast):
    sign_in_via(Client(), "sx12333", name="甲", phone="13600000003")
    first = Client()
    sign_in_via(first, "sx12333", name="甲", phone="13600000003")
    first.post("/sso/bind/", {"login": "employer_yanta", "password": PASSWORD})
    second = Client()
    sign_in_via(second, "sx12333", name="乙", phone="13600000004")
    response = second.post("/sso/bind/", {"login": "employer_yanta", "password": PASSWORD})
    assert response.status_code == 200 and "已关联" in response.content.decode()
    assert ExternalIdentity.objects.filter(user=cast.employer_yanta).count() == 1
    assert session_user_id(second) is None


def test_a_locked_account_stays_locked_for_portal_sign_in(cast, settings):
    client = Client()
    for _ in range(settings.JXJY_LOGIN_MAX_FAILURES):
        client.post("/login/", {"login": "learner_yanta", "password": "wrong-password"})
    cast.learner_yanta.refresh_from_db()
    assert cast.learner_yanta.locked_until is not None
    response = sign_in_via(client, "sxzwfw", **_as_person(cast.learner_yanta))
    assert response.status_code == 423 and "锁定" in response.content.decode()
    assert session_user_id(client) is None and not ExternalIdentity.objects.exists()


def test_the_sandbox_page_shows_people_masked(cast):
    from jxjy.portals.models import SandboxPerson

    learner = cast.learner_yanta.learner
    SandboxPerson.objects.create(name=learner.name, id_number=learner.id_number, phone=learner.phone)
    client = Client()
    start = client.get("/sso/sxzwfw/start/")
    page = client.get(start["Location"]).content.decode()
    assert learner.name in page and learner.id_number not in page and learner.phone not in page
    person = SandboxPerson.objects.get()
    back = authorize_at_sandbox(client, "sxzwfw", person=person)
    client.get(back["Location"])
    assert session_user_id(client) == cast.learner_yanta.pk

"""A learner who forgot the password recovers it through a portal that vouches for the ID number
(or an identity already linked): a new password, the old sessions and tokens ended, audited.
Staff accounts cannot recover this way."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from jxjy.accounts.models import ApiToken, LoginFailure
from jxjy.accounts.validators import make_id_number
from jxjy.conftest import PASSWORD
from jxjy.core.models import AuditEntry
from jxjy.portals.models import ExternalIdentity

from .conftest import authorize_at_sandbox, session_user_id, sign_in_via

pytestmark = pytest.mark.django_db

NEW = "Recover#2020pw"


def _recover_via(client, provider, **person):
    """The login page's 「通过政务服务网找回密码」 → the portal → back; returns the callback's response."""
    login_page = client.get("/login/").content.decode()
    assert 'href="/sso/recover/"' in login_page and "通过政务服务网找回密码" in login_page
    page = client.get("/sso/recover/").content.decode()
    assert f'href="/sso/{provider}/recover/"' in page
    start = client.get(f"/sso/{provider}/recover/")
    assert start.status_code == 302
    params = {k: v[0] for k, v in parse_qs(urlsplit(start["Location"]).query).items()}
    data = {**params, "decision": "approve", "person": "new", "name": person.get("name", ""),
            "id_number": person.get("id_number", ""), "phone": person.get("phone", "")}
    back = client.post(urlsplit(start["Location"]).path, data)
    assert back.status_code == 302
    return client.get(back["Location"])


def _person(user):
    learner = user.learner
    return {"name": learner.name, "id_number": learner.id_number, "phone": learner.phone}


def test_a_learner_sets_a_new_password_after_the_government_portal_vouches(cast):
    old_session = Client()
    old_session.login(username="learner_yanta", password=PASSWORD)
    assert old_session.get("/dashboard/").status_code == 200
    ApiToken.objects.create(user=cast.learner_yanta, digest="x" * 64, created_at="2020-06-01T10:00:00+08:00",
                            last_used_at="2020-06-01T10:00:00+08:00")
    LoginFailure.objects.create(user=cast.learner_yanta, at="2020-06-01T10:00:00+08:00")

    client = Client()
    response = _recover_via(client, "sxzwfw", **_person(cast.learner_yanta))
    assert response.status_code == 302 and response["Location"] == "/sso/recover/password/"
    assert session_user_id(client) is None  # recovery signs nobody in
    page = client.get("/sso/recover/password/").content.decode()
    learner = cast.learner_yanta.learner
    assert learner.name in page and learner.id_number not in page and "610***********" in page
    mismatch = client.post("/sso/recover/password/", {"password": NEW, "password2": NEW + "x"})
    assert mismatch.status_code == 200 and "两次输入的密码不一致" in mismatch.content.decode()
    weak = client.post("/sso/recover/password/", {"password": "12345678", "password2": "12345678"})
    assert weak.status_code == 200 and "这个密码太常见了" in weak.content.decode()
    cast.learner_yanta.refresh_from_db()
    assert cast.learner_yanta.check_password(PASSWORD)

    done = client.post("/sso/recover/password/", {"password": NEW, "password2": NEW})
    assert done.status_code == 302 and done["Location"] == "/login/"
    cast.learner_yanta.refresh_from_db()
    assert cast.learner_yanta.check_password(NEW) and not cast.learner_yanta.check_password(PASSWORD)
    assert "_jxjy_sso_recovery" not in client.session
    assert "新密码已设置" in client.get("/login/").content.decode()
    # The old session is over, and so are the API tokens and the counted failures.
    assert old_session.get("/dashboard/").status_code == 302
    assert not ApiToken.objects.filter(user=cast.learner_yanta).exists()
    assert not LoginFailure.objects.filter(user=cast.learner_yanta).exists()
    entry = AuditEntry.objects.get(action="password.reset.portal")
    assert entry.object_id == str(cast.learner_yanta.pk)
    assert NEW not in str(entry.after) and learner.id_number not in str(entry.after)
    # The form is used once.
    assert client.get("/sso/recover/password/").status_code == 400
    # The new password signs in.
    assert Client().post("/login/", {"login": "learner_yanta", "password": NEW})["Location"] == "/dashboard/"


def test_a_locked_learner_recovers_and_the_lock_is_lifted(cast, settings):
    for _ in range(settings.JXJY_LOGIN_MAX_FAILURES):
        Client().post("/login/", {"login": "learner_yanta", "password": "wrong-password"})
    cast.learner_yanta.refresh_from_db()
    assert cast.learner_yanta.locked_until is not None
    client = Client()
    _recover_via(client, "sxzwfw", **_person(cast.learner_yanta))
    client.post("/sso/recover/password/", {"password": NEW, "password2": NEW})
    cast.learner_yanta.refresh_from_db()
    assert cast.learner_yanta.locked_until is None
    assert Client().post("/login/", {"login": "learner_yanta", "password": NEW}).status_code == 302


def test_a_linked_wechat_identity_recovers_too(cast):
    client = Client()
    sign_in_via(client, "sx12333", name="李雁塔", phone="13900000002")
    client.post("/sso/bind/", {"login": "learner_yanta", "password": PASSWORD})
    assert ExternalIdentity.objects.filter(user=cast.learner_yanta, provider="sx12333").exists()
    response = _recover_via(Client(), "sx12333", name="李雁塔", phone="13900000002")
    assert response["Location"] == "/sso/recover/password/"


def test_an_unlinked_wechat_identity_cannot_recover(cast):
    client = Client()
    response = _recover_via(client, "sx12333", name="李雁塔", phone="13900000002")
    assert response.status_code == 404 and "未找到与政务平台认证身份对应的专业技术人员账号" in response.content.decode()
    assert client.get("/sso/recover/password/").status_code == 400


def test_an_id_number_nobody_registered_finds_no_account(cast):
    response = _recover_via(Client(), "sxzwfw", name="赵新人", id_number=make_id_number("610113", "19930101", "456"),
                            phone="13700000003")
    assert response.status_code == 404
    assert not ExternalIdentity.objects.exists()


def test_staff_accounts_cannot_recover_through_a_portal(cast):
    # A base administrator linked their portal identity; it still does not reset their password.
    client = Client()
    person = {"name": "省级基地管理员", "id_number": make_id_number("610113", "19850101", "222"),
              "phone": "13600000001"}
    sign_in_via(client, "sxzwfw", **person)
    client.post("/sso/bind/", {"login": "base_provincial", "password": PASSWORD})
    assert ExternalIdentity.objects.filter(user=cast.base_provincial).exists()
    other = Client()
    response = _recover_via(other, "sxzwfw", **person)
    assert response.status_code == 403 and "管理和审核人员账号不能通过政务平台找回密码" in response.content.decode()
    assert other.get("/sso/recover/password/").status_code == 400
    cast.base_provincial.refresh_from_db()
    assert cast.base_provincial.check_password(PASSWORD)


def test_a_disabled_learner_cannot_recover(cast):
    cast.learner_yanta.is_active = False
    cast.learner_yanta.save(update_fields=["is_active"])
    response = _recover_via(Client(), "sxzwfw", **_person(cast.learner_yanta))
    assert response.status_code == 403 and "账号已停用" in response.content.decode()


def test_refusing_at_the_portal_recovers_nothing(cast):
    client = Client()
    client.get("/sso/recover/")
    start = client.get("/sso/sxzwfw/recover/")
    params = {k: v[0] for k, v in parse_qs(urlsplit(start["Location"]).query).items()}
    back = client.post(urlsplit(start["Location"]).path, {**params, "decision": "refuse", "person": "new",
                                                          **_person(cast.learner_yanta)})
    response = client.get(back["Location"])
    assert response.status_code == 403 and "_jxjy_sso_recovery" not in client.session


def test_a_recovery_state_cannot_sign_in(cast):
    """A state started for recovery ends in the password form, never in a sign-in."""
    client = Client()
    back = authorize_at_sandbox(client, "sxzwfw", **_person(cast.learner_yanta))  # an ordinary sign-in
    client.get(back["Location"])
    assert session_user_id(client) == cast.learner_yanta.pk
    fresh = Client()
    response = _recover_via(fresh, "sxzwfw", **_person(cast.learner_yanta))
    assert response["Location"] == "/sso/recover/password/" and session_user_id(fresh) is None

"""A newcomer from WeChat (陕西12333: an openid, no ID number) registers on the bind page's way
and is linked at once, without coming through WeChat a second time."""

from __future__ import annotations

import pytest
from django.test import Client

from jxjy.accounts.models import Learner
from jxjy.accounts.validators import make_id_number
from jxjy.core.models import AuditEntry
from jxjy.portals.models import ExternalIdentity

from .conftest import session_user_id, sign_in_via

pytestmark = pytest.mark.django_db

PASSWORD_NEW = "Wechat#2020pw"


def _form(cast, **overrides):
    data = {"id_number": make_id_number("610113", "19970707", "258"), "name": "吴微信", "phone": "13600000031",
            "employer": cast.yanta_employer.pk, "specialty": cast.learner_yanta.learner.specialty_id,
            "title_level": "JUNIOR", "password": PASSWORD_NEW, "password2": PASSWORD_NEW,
            "privacy_consent": "on", "privacy_version": "1.0"}
    return {**data, **overrides}


def test_a_wechat_newcomer_registers_and_is_linked_at_once(cast):
    client = Client()
    response = sign_in_via(client, "sx12333", name="微信昵称", phone="13600000031")
    assert response["Location"] == "/sso/bind/"
    bind = client.get("/sso/bind/").content.decode()
    assert 'href="/sso/register/"' in bind and "注册完成后自动关联" in bind
    page = client.get("/sso/register/").content.decode()
    assert 'name="id_number"' in page and 'name="name"' in page and 'value="微信昵称"' in page
    assert "不提供身份证号" in page
    posted = client.post("/sso/register/", _form(cast))
    assert posted.status_code == 302 and posted["Location"] == "/dashboard/"
    learner = Learner.objects.get(name="吴微信")
    assert session_user_id(client) == learner.user_id
    link = ExternalIdentity.objects.get(user=learner.user)
    assert link.provider == "sx12333" and link.subject.startswith("o")
    assert AuditEntry.objects.filter(action="identity.link.registration", object_id=str(link.pk)).exists()
    assert "_jxjy_sso_identity" not in client.session
    # Next time WeChat signs the new learner in directly.
    again = Client()
    sign_in_via(again, "sx12333", name="微信昵称", phone="13600000031")
    assert session_user_id(again) == learner.user_id


def test_the_registration_keeps_accounts_rules_and_stores_nothing_on_error(cast):
    client = Client()
    sign_in_via(client, "sx12333", name="微信昵称", phone="13600000032")
    bad = client.post("/sso/register/", _form(cast, id_number="610113199707072580", phone="13600000032"))
    assert bad.status_code == 200 and "身份证号" in bad.content.decode()
    taken = client.post("/sso/register/", _form(cast, id_number=cast.learner_yanta.learner.id_number))
    assert taken.status_code == 200 and "该身份证号已注册" in taken.content.decode()
    weak = client.post("/sso/register/", _form(cast, password="12345678", password2="12345678"))
    assert weak.status_code == 200 and "这个密码太常见了" in weak.content.decode()
    assert not ExternalIdentity.objects.exists() and not Learner.objects.filter(name="吴微信").exists()
    assert session_user_id(client) is None


def test_registration_from_wechat_needs_the_waiting_identity(cast):
    response = Client().post("/sso/register/", _form(cast))
    assert response.status_code == 400
    assert not Learner.objects.filter(name="吴微信").exists()

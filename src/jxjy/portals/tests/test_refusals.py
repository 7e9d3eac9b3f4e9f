"""What a sign-in must refuse, with a Chinese page and nothing stored: a refusal at the portal,
forged, replayed, foreign or expired state, a token signed with another key, an invalid ID number."""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from joserfc.jwk import ECKey

from jxjy.accounts.models import Learner, User
from jxjy.accounts.validators import make_id_number
from jxjy.portals import rules, sandbox
from jxjy.portals.models import ExternalIdentity, SandboxGrant

from .conftest import authorize_at_sandbox, session_user_id, sign_in_via

pytestmark = pytest.mark.django_db


def _person(user):
    learner = user.learner
    return {"name": learner.name, "id_number": learner.id_number, "phone": learner.phone}


def _nothing_stored(client):
    assert session_user_id(client) is None
    assert not ExternalIdentity.objects.exists()
    assert "_jxjy_sso_identity" not in client.session


def test_refusing_at_the_portal_signs_nobody_in(cast):
    client = Client()
    response = sign_in_via(client, "sxzwfw", decision="refuse", **_person(cast.learner_yanta))
    assert response.status_code == 403
    assert "您已在政务平台拒绝授权" in response.content.decode()
    _nothing_stored(client)
    assert not SandboxGrant.objects.exists()


def test_a_forged_state_is_refused(cast):
    client = Client()
    back = authorize_at_sandbox(client, "sxzwfw", **_person(cast.learner_yanta))
    query = parse_qs(urlsplit(back["Location"]).query)
    response = client.get("/sso/sxzwfw/callback/?" + urlencode({"code": query["code"][0], "state": "forged"}))
    assert response.status_code == 400 and "登录链接无效、已过期或已使用" in response.content.decode()
    _nothing_stored(client)


def test_a_replayed_callback_is_refused(cast):
    client = Client()
    back = authorize_at_sandbox(client, "sxzwfw", **_person(cast.learner_yanta))
    assert client.get(back["Location"]).status_code == 302
    client.post("/logout/")
    again = client.get(back["Location"])
    assert again.status_code == 400 and session_user_id(client) is None


def test_a_callback_in_another_browser_is_refused(cast):
    back = authorize_at_sandbox(Client(), "sxzwfw", **_person(cast.learner_yanta))
    thief = Client()
    response = thief.get(back["Location"])
    assert response.status_code == 400
    _nothing_stored(thief)


def test_a_state_answered_by_another_portal_is_refused(cast):
    client = Client()
    back = authorize_at_sandbox(client, "sxzwfw", **_person(cast.learner_yanta))
    response = client.get(back["Location"].replace("/sso/sxzwfw/", "/sso/sxrst/"))
    assert response.status_code == 400
    _nothing_stored(client)


def test_an_expired_state_is_refused(cast, monkeypatch):
    client = Client()
    back = authorize_at_sandbox(client, "sxzwfw", **_person(cast.learner_yanta))
    later = time.time() + rules.STATE_TTL_SECONDS + 5
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(back["Location"])
    assert response.status_code == 400
    _nothing_stored(client)


def test_an_id_token_signed_with_another_key_is_refused(cast, monkeypatch):
    client = Client()
    back = authorize_at_sandbox(client, "sxzwfw", **_person(cast.learner_yanta))
    genuine = sandbox.signing_key()
    forger = ECKey.generate_key("P-256", parameters={"kid": genuine.kid})  # same key id, other key
    monkeypatch.setattr(sandbox, "signing_key", lambda: forger)
    # The key set still publishes the genuine key (the forger cannot change it).
    monkeypatch.setattr(sandbox, "jwks", lambda: {"keys": [genuine.as_dict(private=False, use="sig", alg="ES256")]})
    response = client.get(back["Location"])
    assert response.status_code == 400 and "无法验证政务平台返回的身份信息" in response.content.decode()
    _nothing_stored(client)


def test_an_id_token_of_another_issuer_is_refused(cast, monkeypatch):
    client = Client()
    back = authorize_at_sandbox(client, "sxzwfw", **_person(cast.learner_yanta))
    real_issuer = sandbox.issuer
    monkeypatch.setattr(sandbox, "issuer", lambda request, tenant: real_issuer(request, "sxrst"))
    from django.core.cache import cache
    cache.clear()
    # Discovery now names another issuer too: the platform refuses the portal outright.
    response = client.get(back["Location"])
    assert response.status_code in (400, 502)
    _nothing_stored(client)


def test_an_invalid_id_number_from_the_portal_is_refused_and_not_logged(cast, caplog):
    bad = make_id_number("610113", "19900101", "123")
    bad = bad[:-1] + ("0" if bad[-1] != "0" else "1")
    client = Client()
    with caplog.at_level(logging.INFO):
        response = sign_in_via(client, "sxzwfw", name="周无效", id_number=bad, phone="13600000009")
    assert response.status_code == 400 and "身份证号无效" in response.content.decode()
    assert bad not in response.content.decode()
    _nothing_stored(client)
    assert not Learner.objects.filter(name="周无效").exists()
    assert bad not in caplog.text and "13600000009" not in caplog.text


def test_an_identity_never_reaches_the_log(cast, caplog):
    with caplog.at_level(logging.DEBUG):
        sign_in_via(Client(), "sxzwfw", **_person(cast.learner_yanta))
        sign_in_via(Client(), "sxzwfw", name="赵新人", id_number=make_id_number("610113", "19930101", "456"),
                    phone="13700000003")
    text = caplog.text
    assert cast.learner_yanta.learner.id_number not in text and "13900000002" not in text
    assert make_id_number("610113", "19930101", "456") not in text


def test_an_unknown_portal_is_not_found():
    response = Client().get("/sso/nowhere/start/")
    assert response.status_code == 404 and "该登录渠道暂不可用" in response.content.decode()


def test_a_disabled_account_is_not_signed_in(cast):
    User.objects.filter(pk=cast.learner_yanta.pk).update(is_active=False)
    client = Client()
    response = sign_in_via(client, "sxzwfw", **_person(cast.learner_yanta))
    assert response.status_code == 403 and session_user_id(client) is None
    assert not ExternalIdentity.objects.exists()


def test_a_waiting_identity_expires(cast, monkeypatch):
    client = Client()
    sign_in_via(client, "sx12333", name="吴过期", phone="13600000010")
    later = time.time() + rules.IDENTITY_TTL_SECONDS + 5
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/sso/bind/", {"login": "learner_yanta", "password": "x"})
    assert response.status_code == 400
    _nothing_stored(client)

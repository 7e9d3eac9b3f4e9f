"""The sandbox identity provider speaks OpenID Connect as a portal would, and only while it is on."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from jxjy.portals import sandbox

from .conftest import authorize_at_sandbox

pytestmark = pytest.mark.django_db

BASE = "/sso/sandbox/sxzwfw"


def test_discovery_names_the_endpoints_and_the_keys():
    meta = Client().get(BASE + "/.well-known/openid-configuration").json()
    assert meta["issuer"] == "http://testserver" + BASE
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["token_endpoint"].endswith(BASE + "/token")
    keys = Client().get(BASE + "/jwks").json()["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "EC" and "d" not in keys[0]


def test_the_signing_key_is_the_same_for_every_worker_and_follows_the_secret_key(settings):
    first = sandbox.signing_key().as_dict(private=False)
    assert sandbox.signing_key().as_dict(private=False) == first
    settings.SECRET_KEY = "another-secret-key-for-this-test-0123456789-abcdefghij"
    assert sandbox.signing_key().as_dict(private=False) != first


def _code(client, cast):
    """A code for learner_yanta and the callback's query (its state names the session's verifier)."""
    learner = cast.learner_yanta.learner
    back = authorize_at_sandbox(client, "sxzwfw", name=learner.name, id_number=learner.id_number, phone=learner.phone)
    query = parse_qs(urlsplit(back["Location"]).query)
    return query["code"][0], query


def _token(code, verifier, secret=None, redirect="http://testserver/sso/sxzwfw/callback/"):
    creds = base64.b64encode(f"jxjy-sxzwfw:{secret or sandbox.client_secret('sxzwfw')}".encode()).decode()
    return Client().post(BASE + "/token", {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
                                           "code_verifier": verifier}, headers={"Authorization": f"Basic {creds}"})


def test_the_token_endpoint_checks_pkce_client_and_single_use(cast):
    client = Client()
    code, _params = _code(client, cast)
    assert _token(code, "not-the-verifier").json()["error"] == "invalid_grant"
    # The failed try spent the code: a code is redeemed at most once.
    code, params = _code(client, cast)
    store = client.session["_jxjy_sso_pending"]
    verifier = store[params["state"][0]]["code_verifier"]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    from jxjy.portals.models import SandboxGrant

    assert SandboxGrant.objects.get().code_challenge == challenge
    assert _token(code, verifier, secret="wrong").status_code == 401
    ok = _token(code, verifier)
    assert ok.status_code == 200 and "id_token" in ok.json() and ok["Cache-Control"] == "no-store"
    assert _token(code, verifier).json()["error"] == "invalid_grant"


def test_userinfo_needs_the_access_token(cast):
    client = Client()
    code, params = _code(client, cast)
    verifier = client.session["_jxjy_sso_pending"][params["state"][0]]["code_verifier"]
    access = _token(code, verifier).json()["access_token"]
    assert Client().get(BASE + "/userinfo").status_code == 401
    assert Client().get(BASE + "/userinfo", headers={"Authorization": "Bearer x.y.z"}).status_code == 401
    info = Client().get(BASE + "/userinfo", headers={"Authorization": f"Bearer {access}"}).json()
    assert info["id_number"] == cast.learner_yanta.learner.id_number


def test_an_unregistered_redirect_uri_gets_no_redirect():
    response = Client().get(BASE + "/authorize", {"client_id": "jxjy-sxzwfw", "redirect_uri": "https://evil.example/cb",
                                                  "response_type": "code", "scope": "openid", "state": "s",
                                                  "nonce": "n", "code_challenge": "c", "code_challenge_method": "S256"})
    assert response.status_code == 400 and "未知的应用或回调地址" in response.content.decode()


def test_a_request_without_pkce_is_sent_back_with_an_error():
    response = Client().get(BASE + "/authorize", {
        "client_id": "jxjy-sxzwfw", "redirect_uri": "http://testserver/sso/sxzwfw/callback/", "response_type": "code",
        "scope": "openid", "state": "s", "nonce": "n"})
    assert response.status_code == 302 and "error=invalid_request" in response["Location"]


def test_the_sandbox_is_off_unless_switched_on(settings):
    settings.JXJY_SSO_SANDBOX = False
    assert Client().get(BASE + "/.well-known/openid-configuration").status_code == 404
    assert Client().get("/sso/sxzwfw/start/").status_code == 404
    assert Client().get("/api/v1/sso/providers").json() == []
    assert "政务服务网登录" not in Client().get("/login/").content.decode()


def test_the_sandbox_follows_the_payment_sandbox_by_default(settings):
    from jxjy.portals import conf

    del settings.JXJY_SSO_SANDBOX
    settings.JXJY_PAYMENT_SANDBOX = False
    assert conf.sandbox_active() is False
    settings.JXJY_PAYMENT_SANDBOX = True
    assert conf.sandbox_active() is True

"""Portals are configuration: JXJY_SSO_PROVIDERS adds or replaces them; a bad entry stops the platform."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from jxjy.portals.providers import configured_providers

pytestmark = pytest.mark.django_db

REAL = {"name": "sxzwfw", "label": "政务服务网登录", "issuer": "https://zwfw.example.gov.cn/oidc/",
        "client_id": "jxjy", "client_secret": "s3cret", "id_number_claim": "idcard",
        "authorization_endpoint": "https://zwfw.example.gov.cn/oidc/authorize",
        "token_endpoint": "https://zwfw.example.gov.cn/oidc/token",
        "userinfo_endpoint": "https://zwfw.example.gov.cn/oidc/userinfo",
        "jwks_uri": "https://zwfw.example.gov.cn/oidc/jwks"}


def test_the_providers_api_lists_the_active_portals():
    rows = Client().get("/api/v1/sso/providers").json()
    assert [r["label"] for r in rows] == ["政务服务网登录", "人社厅门户登录", "陕西12333（微信）登录"]
    assert rows[0] == {"name": "sxzwfw", "label": "政务服务网登录", "start_url": "/sso/sxzwfw/start/"}


def test_a_configured_portal_replaces_the_sandbox_stand_in(settings):
    settings.JXJY_SSO_PROVIDERS = json.dumps([REAL])
    rows = Client().get("/api/v1/sso/providers").json()
    assert [r["name"] for r in rows] == ["sxzwfw", "sxrst", "sx12333"]
    client = Client()
    start = client.get("/sso/sxzwfw/start/?next=/study/")
    assert start.status_code == 302
    url = start["Location"]
    assert url.startswith(REAL["authorization_endpoint"] + "?")
    for part in ("client_id=jxjy", "code_challenge_method=S256", "nonce=", "state=", "response_type=code",
                 "redirect_uri=http%3A%2F%2Ftestserver%2Fsso%2Fsxzwfw%2Fcallback%2F"):
        assert part in url
    assert "s3cret" not in url


def test_a_configured_portal_uses_the_public_address_for_its_callback(settings):
    settings.JXJY_SSO_PROVIDERS = [REAL]
    settings.JXJY_PUBLIC_URL = "https://jxjy.example.gov.cn"
    start = Client().get("/sso/sxzwfw/start/")
    assert "redirect_uri=https%3A%2F%2Fjxjy.example.gov.cn%2Fsso%2Fsxzwfw%2Fcallback%2F" in start["Location"]


def test_the_login_page_shows_one_button_per_portal():
    page = Client().get("/login/?next=/study/").content.decode()
    for label in ("政务服务网登录", "人社厅门户登录", "陕西12333（微信）登录"):
        assert label in page
    assert 'href="/sso/sxzwfw/start/?next=%2Fstudy%2F"' in page


@pytest.mark.parametrize("bad", [
    {**REAL, "protocol": "saml"},
    {**REAL, "name": "Bad Name"},
    {**REAL, "name": "sandbox"},
    {**REAL, "scope": "profile"},
    {**REAL, "surprise": 1},
    {k: v for k, v in REAL.items() if k != "client_id"},
    {**REAL, "token_endpoint_auth_method": "none"},
])
def test_a_wrong_configuration_is_refused(settings, bad):
    settings.JXJY_SSO_PROVIDERS = [bad]
    with pytest.raises(ImproperlyConfigured):
        configured_providers()


def test_two_portals_of_one_name_are_refused(settings):
    settings.JXJY_SSO_PROVIDERS = [REAL, REAL]
    with pytest.raises(ImproperlyConfigured):
        configured_providers()


def test_the_configuration_comes_from_the_environment(settings, monkeypatch):
    del settings.JXJY_SSO_PROVIDERS
    monkeypatch.setenv("JXJY_SSO_PROVIDERS", json.dumps([{**REAL, "name": "other", "label": "其他"}]))
    assert [p.name for p in configured_providers()] == ["other"]
    monkeypatch.setenv("JXJY_SSO_PROVIDERS", "not json")
    with pytest.raises(ImproperlyConfigured):
        configured_providers()

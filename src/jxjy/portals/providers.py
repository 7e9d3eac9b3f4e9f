"""Portals as configuration: each is a `Provider`, read from JXJY_SSO_PROVIDERS, or a stand-in
served by the sandbox identity provider while the sandbox is on.

A configured provider is a JSON object:

    {"name": "sxzwfw", "label": "政务服务网登录", "issuer": "https://…",
     "client_id": "…", "client_secret": "…", "id_number_claim": "id_card"}

Optional keys: "title" (the portal's name, for the list of linked accounts), "protocol" ("oidc", the only one), "scope" ("openid profile"), the endpoints
"authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri" (read from the
issuer's /.well-known/openid-configuration when absent), "name_claim" ("name"), "phone_claim"
("phone_number"), "use_userinfo" (false: also read claims from the userinfo endpoint),
"token_endpoint_auth_method" ("client_secret_basic" or "client_secret_post"). "id_number_claim"
is empty for a portal that vouches for no ID number (WeChat gives only an openid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jxjy.core.errors import NotFound

from . import conf

_NAME = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
_AUTH_METHODS = {"client_secret_basic", "client_secret_post"}


@dataclass(frozen=True)
class Provider:
    name: str
    label: Any  # the button's words: plain when configured, a lazy translation for the sandbox's stand-ins
    issuer: str
    client_id: str
    client_secret: str = field(repr=False, default="")
    protocol: str = "oidc"
    scope: str = "openid profile"
    authorization_endpoint: str = ""
    token_endpoint: str = ""
    userinfo_endpoint: str = ""
    jwks_uri: str = ""
    id_number_claim: str = ""
    name_claim: str = "name"
    phone_claim: str = "phone_number"
    use_userinfo: bool = False
    token_endpoint_auth_method: str = "client_secret_basic"
    title: Any = ""  # the portal's name in the list of linked accounts; the label when empty
    sandbox: bool = False

    @property
    def display_title(self) -> str:
        return str(self.title or self.label)


def provider_from_config(item: dict[str, Any]) -> Provider:
    """One configured provider; a wrong configuration stops the platform with its reason."""
    if not isinstance(item, dict):
        raise ImproperlyConfigured("JXJY_SSO_PROVIDERS: each provider is a JSON object")
    known = set(Provider.__dataclass_fields__) - {"sandbox"}
    unknown = set(item) - known
    if unknown:
        raise ImproperlyConfigured(f"JXJY_SSO_PROVIDERS: unknown keys {sorted(unknown)}")
    for key in ("name", "label", "issuer", "client_id"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ImproperlyConfigured(f"JXJY_SSO_PROVIDERS: {key!r} is required")
    if not _NAME.match(item["name"]) or item["name"] == "sandbox":
        raise ImproperlyConfigured(f"JXJY_SSO_PROVIDERS: bad name {item['name']!r}")
    if item.get("protocol", "oidc") != "oidc":
        raise ImproperlyConfigured(f"JXJY_SSO_PROVIDERS: {item['name']}: only the 'oidc' protocol is supported")
    if item.get("token_endpoint_auth_method", "client_secret_basic") not in _AUTH_METHODS:
        raise ImproperlyConfigured(f"JXJY_SSO_PROVIDERS: {item['name']}: unsupported token_endpoint_auth_method")
    if "openid" not in str(item.get("scope", "openid")).split():
        raise ImproperlyConfigured(f"JXJY_SSO_PROVIDERS: {item['name']}: the scope must include 'openid'")
    return Provider(**{**item, "issuer": item["issuer"].rstrip("/")})


def configured_providers() -> list[Provider]:
    try:
        items = conf.providers_config()
    except ValueError as exc:
        raise ImproperlyConfigured(f"JXJY_SSO_PROVIDERS: {exc}") from exc
    providers = [provider_from_config(item) for item in items]
    names = [p.name for p in providers]
    if len(names) != len(set(names)):
        raise ImproperlyConfigured("JXJY_SSO_PROVIDERS: two providers have the same name")
    return providers


def active_providers(request: HttpRequest) -> list[Provider]:
    """The configured portals, then (sandbox on) the sandbox's stand-ins for the portals not configured."""
    providers = configured_providers()
    if conf.sandbox_active():
        from .sandbox import sandbox_providers

        taken = {p.name for p in providers}
        providers += [p for p in sandbox_providers(request) if p.name not in taken]
    return providers


def provider_get(request: HttpRequest, name: str) -> Provider:
    for provider in active_providers(request):
        if provider.name == name:
            return provider
    raise NotFound(_("This sign-in portal is not available"), code="sso_provider_unknown")

"""The relying party: talks OpenID Connect to a portal through Authlib.

Authorization code flow with PKCE (S256), state and nonce; the ID token's signature is checked
against the provider's JWKS (joserfc, Authlib's JOSE implementation, as Authlib's own OpenID
client does), then its issuer, audience, expiry, nonce and at_hash (Authlib's `CodeIDToken`).
Discovery documents and key sets are cached for an hour; an unknown key id refetches the keys
once (the portal rotated them).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from jxjy.core.errors import DomainError

from .providers import Provider

logger = logging.getLogger(__name__)

HTTP_TIMEOUT_SECONDS = 10
CACHE_SECONDS = 3600
# Asymmetric algorithms only: "none" and HMAC with a public key as secret are refused outright.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "ES512", "EdDSA"]
LEEWAY_SECONDS = 60


class ProviderUnavailable(DomainError):
    status = 502
    code = "sso_provider_unavailable"
    message = _("The portal could not be reached; please try again later")


class TokenInvalid(DomainError):
    status = 400
    code = "sso_token_invalid"
    message = _("The portal's answer could not be verified; the sign-in was not completed")


def http_session(provider: Provider, **kwargs: Any) -> OAuth2Session:
    """The HTTP session for one provider (tests mount a transport on it)."""
    return OAuth2Session(client_id=provider.client_id, client_secret=provider.client_secret,
                         token_endpoint_auth_method=provider.token_endpoint_auth_method,
                         default_timeout=HTTP_TIMEOUT_SECONDS, **kwargs)


def _get_json(provider: Provider, url: str) -> dict[str, Any]:
    try:
        with http_session(provider) as session:
            response = session.get(url, withhold_token=True)
            response.raise_for_status()
            data = response.json()
    except (requests.RequestException, ValueError) as exc:
        logger.warning("portal %s: GET %s failed: %s", provider.name, url, type(exc).__name__)
        raise ProviderUnavailable() from exc
    if not isinstance(data, dict):
        raise ProviderUnavailable()
    return data


def metadata(provider: Provider) -> dict[str, Any]:
    """The provider's endpoints: configured ones win over its discovery document."""
    endpoints = {"authorization_endpoint": provider.authorization_endpoint, "token_endpoint": provider.token_endpoint,
                 "userinfo_endpoint": provider.userinfo_endpoint, "jwks_uri": provider.jwks_uri}
    found: dict[str, Any] = {"issuer": provider.issuer}
    if not all(endpoints.values()):
        key = f"portals:discovery:{provider.issuer}"
        found = cache.get(key) or {}
        if not found:
            found = _get_json(provider, provider.issuer + "/.well-known/openid-configuration")
            if found.get("issuer", "").rstrip("/") != provider.issuer:
                logger.warning("portal %s: discovery names another issuer", provider.name)
                raise ProviderUnavailable()
            cache.set(key, found, CACHE_SECONDS)
    return {**found, **{k: v for k, v in endpoints.items() if v}}


def _key_set(provider: Provider, meta: dict[str, Any], *, refresh: bool = False) -> KeySet:
    key = f"portals:jwks:{meta['jwks_uri']}"
    data = None if refresh else cache.get(key)
    if data is None:
        data = _get_json(provider, meta["jwks_uri"])
        cache.set(key, data, CACHE_SECONDS)
    try:
        return KeySet.import_key_set(data)  # type: ignore[arg-type]  # checked by the import itself
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise ProviderUnavailable() from exc


def authorization_url(provider: Provider, *, redirect_uri: str, state: str, nonce: str, code_verifier: str) -> str:
    meta = metadata(provider)
    with http_session(provider, scope=provider.scope, redirect_uri=redirect_uri,
                      code_challenge_method="S256") as session:
        url, _state = session.create_authorization_url(meta["authorization_endpoint"], state=state,
                                                       code_verifier=code_verifier, nonce=nonce)
    return str(url)


def verify_id_token(provider: Provider, meta: dict[str, Any], id_token: str, *, nonce: str,
                    access_token: str | None) -> dict[str, Any]:
    """The ID token's claims once its signature, issuer, audience, times, nonce and at_hash hold."""
    registry = JWSRegistry(algorithms=ALGORITHMS, strict_check_header=False)
    try:
        try:
            token = jwt.decode(id_token, _key_set(provider, meta), registry=registry)
        except InvalidKeyIdError:
            token = jwt.decode(id_token, _key_set(provider, meta, refresh=True), registry=registry)
        params: dict[str, Any] = {"nonce": nonce, "client_id": provider.client_id}
        if access_token:
            params["access_token"] = access_token
        claims = CodeIDToken(token.claims, token.header,
                             {"iss": {"essential": True, "value": provider.issuer},
                              "aud": {"essential": True, "value": provider.client_id}}, params)
        # A nonce sent must come back: Authlib checks equality when present, we also require it.
        if claims.get("nonce") != nonce:
            raise TokenInvalid(detail={"reason": "nonce"})
        claims.validate(now=int(time.time()), leeway=LEEWAY_SECONDS)
    except (JoseError, ValueError) as exc:
        logger.warning("portal %s: ID token refused: %s", provider.name, type(exc).__name__)
        raise TokenInvalid(detail={"reason": type(exc).__name__}) from exc
    return dict(claims)


def exchange(provider: Provider, *, code: str, redirect_uri: str, code_verifier: str, nonce: str) -> dict[str, Any]:
    """Redeems the code and returns the verified claims (merged with userinfo when configured)."""
    meta = metadata(provider)
    try:
        with http_session(provider, redirect_uri=redirect_uri) as session:
            token = session.fetch_token(meta["token_endpoint"], grant_type="authorization_code", code=code,
                                        code_verifier=code_verifier)
            if "id_token" not in token:
                raise TokenInvalid(detail={"reason": "no id_token"})
            claims = verify_id_token(provider, meta, token["id_token"], nonce=nonce,
                                     access_token=token.get("access_token"))
            if provider.use_userinfo:
                response = session.get(meta["userinfo_endpoint"])
                response.raise_for_status()
                info = response.json()
                # The userinfo must be about the ID token's subject (OIDC Core 5.3.2).
                if not isinstance(info, dict) or info.get("sub") != claims.get("sub"):
                    raise TokenInvalid(detail={"reason": "userinfo subject"})
                claims = {**info, **claims}
    except AuthlibBaseError as exc:  # the portal refused the code (used, expired, wrong client)
        logger.warning("portal %s: token request refused: %s", provider.name, exc.error)
        raise TokenInvalid(detail={"reason": str(exc.error)}) from exc
    except (requests.RequestException, ValueError) as exc:
        logger.warning("portal %s: token request failed: %s", provider.name, type(exc).__name__)
        raise ProviderUnavailable() from exc
    return claims

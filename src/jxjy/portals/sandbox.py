"""The sandbox identity provider: a stand-in for the three government portals, served by this
platform itself, as the sandbox gateway stands in for the payment platforms.

It speaks real OpenID Connect (discovery, authorization code with PKCE S256, token endpoint with
client authentication, userinfo, JWKS, ES256-signed ID tokens), so the sign-in code that talks to
it is the code that talks to the real portals. Three tenants play the three portals:

- `sxzwfw` (政务服务网) vouches for the ID number in the ID token;
- `sxrst` (人社厅门户) gives it only at the userinfo endpoint;
- `sx12333` (陕西12333, WeChat) gives an openid and a nickname, no ID number.

The signing key is derived from SECRET_KEY (so every worker has the same one and nothing is
written to disk); subjects are derived per tenant, so the same person has a stable, different
subject at each portal, as real pairwise subjects are. On only when JXJY_SSO_SANDBOX is.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core.util import create_half_hash
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey
from joserfc.jws import JWSRegistry

from . import conf
from .models import SandboxGrant
from .providers import Provider

ALG = "ES256"
ID_NUMBER_CLAIM = "id_number"
CODE_TTL_SECONDS = 60
TOKEN_TTL_SECONDS = 300


@dataclass(frozen=True)
class Tenant:
    name: str
    label: Promise      # the sign-in button on our login page
    title: Promise      # the portal's own name, on its sign-in page
    releases_id_number: bool
    id_number_at_userinfo: bool = False


TENANTS: dict[str, Tenant] = {t.name: t for t in (
    Tenant("sxzwfw", _("Sign in with the government service portal"), _("Shaanxi government service portal"),
           releases_id_number=True),
    Tenant("sxrst", _("Sign in with the HR department portal"), _("Shaanxi HR department portal"),
           releases_id_number=True, id_number_at_userinfo=True),
    Tenant("sx12333", _("Sign in with Shaanxi 12333 (WeChat)"), _("Shaanxi 12333 (WeChat)"),
           releases_id_number=False),
)}


class SandboxOAuthError(Exception):
    """An OAuth error answer of the sandbox (`error`, `error_description`, HTTP status)."""

    def __init__(self, error: str, description: str = "", status: int = 400) -> None:
        super().__init__(error)
        self.error, self.description, self.status = error, description, status


def origin(request: HttpRequest) -> str:
    return conf.sandbox_origin() or f"{request.scheme}://{request.get_host()}"


def issuer(request: HttpRequest, tenant: str) -> str:
    return origin(request) + reverse("portals:sandbox_root", args=[tenant]).rstrip("/")


def client_id(tenant: str) -> str:
    return f"jxjy-{tenant}"


def client_secret(tenant: str) -> str:
    return base64.urlsafe_b64encode(conf.sandbox_secret(f"client.{tenant}")).decode().rstrip("=")


def redirect_uri(request: HttpRequest, tenant: str) -> str:
    """The one callback registered for each tenant's client: ours, at the request's origin."""
    return f"{request.scheme}://{request.get_host()}" + reverse("portals:callback", args=[tenant])


def sandbox_providers(request: HttpRequest) -> list[Provider]:
    """The three portals as this platform sees them: issuers only, the rest by discovery."""
    return [Provider(name=t.name, label=t.label, title=t.title, issuer=issuer(request, t.name), client_id=client_id(t.name),
                     client_secret=client_secret(t.name),
                     scope="openid profile phone" if t.releases_id_number else "openid profile",
                     id_number_claim=ID_NUMBER_CLAIM if t.releases_id_number else "",
                     use_userinfo=t.id_number_at_userinfo, sandbox=True)
            for t in TENANTS.values()]


@functools.lru_cache(maxsize=4)
def _key_for(secret: bytes) -> ECKey:
    curve = ec.SECP256R1()
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    scalar = int.from_bytes(hashlib.sha512(secret).digest(), "big") % (order - 1) + 1
    pem = ec.derive_private_key(scalar, curve).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    key = ECKey.import_key(pem)
    key.ensure_kid()
    return key


def signing_key() -> ECKey:
    return _key_for(conf.sandbox_secret("signing-key"))


def jwks() -> dict[str, Any]:
    return {"keys": [signing_key().as_dict(private=False, use="sig", alg=ALG)]}


def metadata(request: HttpRequest, tenant: str) -> dict[str, Any]:
    iss = issuer(request, tenant)
    claims = ["sub", "name", "nickname"]
    if TENANTS[tenant].releases_id_number:
        claims += [ID_NUMBER_CLAIM, "phone_number"]
    return {
        "issuer": iss,
        "authorization_endpoint": origin(request) + reverse("portals:sandbox_authorize", args=[tenant]),
        "token_endpoint": origin(request) + reverse("portals:sandbox_token", args=[tenant]),
        "userinfo_endpoint": origin(request) + reverse("portals:sandbox_userinfo", args=[tenant]),
        "jwks_uri": origin(request) + reverse("portals:sandbox_jwks", args=[tenant]),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": [ALG],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid", "profile", "phone"],
        "claims_supported": claims,
    }


def _subject(tenant: str, key: str) -> str:
    digest = hmac.new(conf.sandbox_secret(f"subject.{tenant}"), key.encode(), hashlib.sha256).hexdigest()
    # WeChat openids look like "o" and 27 characters; the portals' subjects are opaque hex.
    return "o" + digest[:27] if not TENANTS[tenant].releases_id_number else digest[:32]


def person_claims(tenant: str, *, name: str, id_number: str, phone: str) -> dict[str, Any]:
    """What the tenant knows of a person: all three for the portals, an openid for WeChat."""
    if TENANTS[tenant].releases_id_number:
        return {"sub": _subject(tenant, id_number.strip().upper()), "name": name,
                ID_NUMBER_CLAIM: id_number.strip(), "phone_number": phone}
    return {"sub": _subject(tenant, phone), "nickname": name, "name": name}


def authorize_check(request: HttpRequest, tenant: str, params: Any) -> dict[str, str]:
    """Checks an authorization request; the client and redirect URI first, as an error about them
    must not be sent to an unverified address. Returns the request's parameters."""
    if params.get("client_id") != client_id(tenant) or params.get("redirect_uri") != redirect_uri(request, tenant):
        raise SandboxOAuthError("invalid_client", "unknown client or redirect_uri")
    wanted = {k: str(params.get(k, "")) for k in ("client_id", "redirect_uri", "response_type", "scope", "state",
                                                   "nonce", "code_challenge", "code_challenge_method")}
    if wanted["response_type"] != "code":
        raise SandboxOAuthError("unsupported_response_type")
    if "openid" not in wanted["scope"].split():
        raise SandboxOAuthError("invalid_scope", "openid is required")
    if not wanted["code_challenge"] or wanted["code_challenge_method"] != "S256":
        raise SandboxOAuthError("invalid_request", "PKCE with S256 is required")
    if not wanted["state"] or not wanted["nonce"]:
        raise SandboxOAuthError("invalid_request", "state and nonce are required")
    return wanted


def grant_issue(tenant: str, request_params: dict[str, str], claims: dict[str, Any]) -> str:
    """Issues a one-time authorisation code for the approved person."""
    now = time.time()
    SandboxGrant.objects.filter(expires_at__lt=now).delete()
    code = secrets.token_urlsafe(32)
    SandboxGrant.objects.create(code_digest=hashlib.sha256(code.encode()).hexdigest(), tenant=tenant,
                                client_id=request_params["client_id"], redirect_uri=request_params["redirect_uri"],
                                code_challenge=request_params["code_challenge"], nonce=request_params["nonce"],
                                claims=claims, expires_at=now + CODE_TTL_SECONDS)
    return code


def _client_auth(tenant: str, form: Any, authorization: str) -> None:
    cid = secret = ""
    if authorization.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
        except (ValueError, UnicodeDecodeError) as exc:
            raise SandboxOAuthError("invalid_client", status=401) from exc
        cid, _sep, secret = decoded.partition(":")
        cid, secret = unquote(cid), unquote(secret)
    elif form.get("client_secret"):
        cid, secret = str(form.get("client_id", "")), str(form.get("client_secret", ""))
    if not (hmac.compare_digest(cid, client_id(tenant)) and hmac.compare_digest(secret, client_secret(tenant))):
        raise SandboxOAuthError("invalid_client", status=401)


def token_exchange(request: HttpRequest, tenant: str, form: Any, authorization: str) -> dict[str, Any]:
    """The token endpoint: redeems a code once, for its client, redirect URI and PKCE verifier."""
    _client_auth(tenant, form, authorization)
    if form.get("grant_type") != "authorization_code":
        raise SandboxOAuthError("unsupported_grant_type")
    digest = hashlib.sha256(str(form.get("code", "")).encode()).hexdigest()
    # Deleting is the redemption: of two concurrent uses of one code, one deletes the row.
    grant = SandboxGrant.objects.filter(code_digest=digest, tenant=tenant).first()
    if grant is None or SandboxGrant.objects.filter(pk=grant.pk).delete()[0] != 1:
        raise SandboxOAuthError("invalid_grant", "unknown or used code")
    if grant.expires_at < time.time() or grant.client_id != client_id(tenant):
        raise SandboxOAuthError("invalid_grant", "expired code")
    if form.get("redirect_uri") != grant.redirect_uri:
        raise SandboxOAuthError("invalid_grant", "redirect_uri differs")
    verifier = str(form.get("code_verifier", ""))
    if not verifier or not hmac.compare_digest(create_s256_code_challenge(verifier), grant.code_challenge):
        raise SandboxOAuthError("invalid_grant", "PKCE verification failed")
    iss = issuer(request, tenant)
    now = int(time.time())
    claims = dict(grant.claims)
    access_token = _sign({"iss": iss, "sub": claims["sub"], "aud": iss + "/userinfo", "iat": now,
                          "exp": now + TOKEN_TTL_SECONDS, "scope": "openid profile", "claims": claims})
    id_claims: dict[str, Any] = {"iss": iss, "sub": claims["sub"], "aud": grant.client_id, "iat": now,
                                 "exp": now + TOKEN_TTL_SECONDS, "auth_time": now, "nonce": grant.nonce,
                                 "at_hash": create_half_hash(access_token, ALG).decode()}
    released = {k: v for k, v in claims.items() if k != "sub"}
    if TENANTS[tenant].id_number_at_userinfo:
        released = {k: v for k, v in released.items() if k not in (ID_NUMBER_CLAIM, "phone_number")}
    id_claims.update(released)
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_TTL_SECONDS,
            "scope": "openid profile", "id_token": _sign(id_claims)}


def userinfo(request: HttpRequest, tenant: str, access_token: str) -> dict[str, Any]:
    iss = issuer(request, tenant)
    try:
        token = jwt.decode(access_token, signing_key(), registry=JWSRegistry(algorithms=[ALG]))
        jwt.JWTClaimsRegistry(iss={"essential": True, "value": iss},
                              aud={"essential": True, "value": iss + "/userinfo"},
                              exp={"essential": True}).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise SandboxOAuthError("invalid_token", status=401) from exc
    return dict(token.claims["claims"])


def _sign(claims: dict[str, Any]) -> str:
    key = signing_key()
    return jwt.encode({"alg": ALG, "kid": key.kid, "typ": "JWT"}, claims, key)

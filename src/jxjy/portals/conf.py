"""Portal sign-in settings, each readable from Django settings with the environment as fallback.

- JXJY_SSO_PROVIDERS: the real portals, a JSON list of objects (see providers.Provider for the
  keys; README's settings table). Empty by default.
- JXJY_SSO_SANDBOX (default: on when the payment sandbox is, i.e. in development, demo and
  tests; off in production unless set): the sandbox identity provider at /sso/sandbox/ stands
  in for the three portals that have no real configuration.
- JXJY_SSO_SANDBOX_URL (default: the origin of each request): the sandbox's issuer origin, for a
  deployment whose server cannot reach itself at the address browsers use.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from django.conf import settings

from jxjy.billing import conf as billing_conf


def providers_config() -> list[dict[str, Any]]:
    value = getattr(settings, "JXJY_SSO_PROVIDERS", None)
    if value is None:
        value = os.environ.get("JXJY_SSO_PROVIDERS", "")
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else []
    if not isinstance(value, list):
        raise ValueError("JXJY_SSO_PROVIDERS must be a JSON list")
    return value


def sandbox_active() -> bool:
    value = getattr(settings, "JXJY_SSO_SANDBOX", None)
    if value is not None:
        return bool(value)
    env = os.environ.get("JXJY_SSO_SANDBOX")
    if env is not None:
        return env.strip().lower() in {"1", "true", "yes", "on"}
    return billing_conf.sandbox_active()


def sandbox_origin() -> str:
    return (getattr(settings, "JXJY_SSO_SANDBOX_URL", None) or os.environ.get("JXJY_SSO_SANDBOX_URL", "")).rstrip("/")


def public_origin() -> str:
    """JXJY_PUBLIC_URL (shared with billing) without billing's default: empty when unset."""
    return (getattr(settings, "JXJY_PUBLIC_URL", None) or os.environ.get("JXJY_PUBLIC_URL", "")).rstrip("/")


def sandbox_secret(purpose: str) -> bytes:
    """Keys of the sandbox (client secrets, subjects, signing key), derived from SECRET_KEY."""
    return hmac.new(settings.SECRET_KEY.encode(), f"jxjy.portals.sandbox.{purpose}".encode(), hashlib.sha256).digest()

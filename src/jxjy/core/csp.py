"""The Content Security Policy's parts that depend on the deployment, read by settings.py.

Plain Python over the environment (settings imports it before Django is set up). The policy
itself, and why each directive is what it is, is in settings.py.
"""

from __future__ import annotations

import json
import os
from urllib.parse import urlsplit


def origin(url: str) -> str | None:
    """scheme://host[:port] of an absolute http(s) URL, else None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def form_action_origins(environ: os._Environ[str] | dict[str, str] = os.environ) -> list[str]:
    """Origins besides our own that a form may end up at after its redirect.

    Browsers apply form-action to the redirects that follow a form's POST too: the dashboard's
    「关联」 posts and is redirected to the portal's authorisation page, and 「去支付」 to a real
    payment gateway's cashier. So the configured portals' origins (JXJY_SSO_PROVIDERS: issuer and
    authorization_endpoint; JXJY_SSO_SANDBOX_URL) are allowed, plus JXJY_CSP_FORM_ACTION
    (space- or comma-separated origins, e.g. the payment gateway's, or a portal's authorisation
    host that only discovery names). A malformed JXJY_SSO_PROVIDERS is left to the portals app
    to refuse.
    """
    found: list[str] = []
    try:
        providers = json.loads(environ.get("JXJY_SSO_PROVIDERS", "") or "[]")
    except ValueError:
        providers = []
    for provider in providers if isinstance(providers, list) else []:
        if isinstance(provider, dict):
            for key in ("issuer", "authorization_endpoint"):
                found.append(str(provider.get(key) or ""))
    found.append(environ.get("JXJY_SSO_SANDBOX_URL", ""))
    found.extend(environ.get("JXJY_CSP_FORM_ACTION", "").replace(",", " ").split())
    result: list[str] = []
    for url in found:
        o = origin(url)
        if o and o not in result:
            result.append(o)
    return result


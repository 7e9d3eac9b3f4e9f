"""Billing settings, each readable from Django settings with a default here.

A deployment sets them in the environment (or in settings); tests override them with pytest's
`settings` fixture. None of them is a rule of the year: fees and relief counties come from the
plan.

- JXJY_ORDER_EXPIRY_MINUTES (default 30): an unpaid order expires after this long.
- JXJY_PAYMENT_GATEWAY (default "sandbox" when the sandbox is on, else ""): new orders' gateway.
- JXJY_PAYMENT_SANDBOX (default: on when JXJY_DEBUG is on, which includes tests): enables the
  sandbox gateway and `POST /api/v1/orders/{id}/sandbox-pay`.
- JXJY_SANDBOX_PAY_SECRET: the sandbox's HMAC key; derived from SECRET_KEY when unset.
- JXJY_PUBLIC_URL (default "http://127.0.0.1:8000"): absolute origin printed in invoice QR codes.
- JXJY_INVOICE_ISSUER (default "local"): the issuer of bases without their own profile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os

from django.conf import settings


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def order_expiry() -> dt.timedelta:
    minutes = getattr(settings, "JXJY_ORDER_EXPIRY_MINUTES", None)
    if minutes is None:
        minutes = int(os.environ.get("JXJY_ORDER_EXPIRY_MINUTES", "30"))
    return dt.timedelta(minutes=int(minutes))


def sandbox_active() -> bool:
    value = getattr(settings, "JXJY_PAYMENT_SANDBOX", None)
    if value is not None:
        return bool(value)
    # Tests run with Django's DEBUG forced off, so the default follows the environment's flag
    # (on unless JXJY_DEBUG=0), the same flag settings.DEBUG is read from.
    return _env_flag("JXJY_PAYMENT_SANDBOX", os.environ.get("JXJY_DEBUG", "1") == "1")


def default_gateway() -> str:
    value = getattr(settings, "JXJY_PAYMENT_GATEWAY", None) or os.environ.get("JXJY_PAYMENT_GATEWAY", "")
    if value:
        return value
    return "sandbox" if sandbox_active() else ""


def sandbox_secret() -> bytes:
    value = getattr(settings, "JXJY_SANDBOX_PAY_SECRET", None) or os.environ.get("JXJY_SANDBOX_PAY_SECRET", "")
    if value:
        return value.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"jxjy.billing.sandbox", hashlib.sha256).digest()


def verify_secret() -> bytes:
    """Key of the invoices' check codes (printed on the invoice, checked by the verify page)."""
    return hmac.new(settings.SECRET_KEY.encode(), b"jxjy.billing.invoice-verify", hashlib.sha256).digest()


def public_url() -> str:
    value = getattr(settings, "JXJY_PUBLIC_URL", None) or os.environ.get("JXJY_PUBLIC_URL", "")
    return (value or "http://127.0.0.1:8000").rstrip("/")


def default_issuer() -> str:
    return getattr(settings, "JXJY_INVOICE_ISSUER", None) or os.environ.get("JXJY_INVOICE_ISSUER", "local")

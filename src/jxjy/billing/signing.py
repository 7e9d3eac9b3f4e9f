"""Signed notifications: HMAC-SHA256 over the canonical form of a message's fields.

The canonical form is `key=value` pairs sorted by key, joined by `&`, leaving out the signature
itself and empty values: the convention of the Chinese payment platforms' v2 APIs, so that an
adapter for one of them shares the verification below. No Django here.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

SIGNATURE_FIELDS = ("sign",)


def canonical(fields: Mapping[str, object]) -> str:
    pairs = []
    for key in sorted(fields):
        value = fields[key]
        if key in SIGNATURE_FIELDS or value is None or value == "":
            continue
        pairs.append(f"{key}={value}")
    return "&".join(pairs)


def sign(fields: Mapping[str, object], secret: bytes) -> str:
    return hmac.new(secret, canonical(fields).encode("utf-8"), hashlib.sha256).hexdigest()


def verify(fields: Mapping[str, object], signature: str, secret: bytes) -> bool:
    if not isinstance(signature, str) or not signature:
        return False
    return hmac.compare_digest(sign(fields, secret), signature.lower())

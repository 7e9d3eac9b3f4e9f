"""Verification codes of certificates. A pure core (no Django).

A code is 20 characters drawn by `secrets` from 31 letters and digits that cannot be misread for
one another (no 0/O, 1/I/L): about 99 bits, so guessing one is hopeless even without the rate
limit on the verify page. It is stored without separators and shown in groups of four; what a
person types is normalised first (case, spaces, dashes, full-width characters from a Chinese
input method).
"""

from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 20
GROUP = 4
# What a person might type between groups: spaces, ASCII and Chinese dashes.
_SEPARATORS = {" ", "-", "‐", "‑", "–", "—", "_", "\t", "\u3000"}
# Longer input is not a code; it is not even normalised.
MAX_INPUT = 64


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str) -> str:
    """The stored form of a typed code: upper case, without separators. Not checked here."""
    if len(text) > MAX_INPUT:
        return ""
    text = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in text if ch not in _SEPARATORS)


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def grouped(code: str) -> str:
    """`ABCDEFGH…` → `ABCD-EFGH-…`, for reading aloud and typing."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))

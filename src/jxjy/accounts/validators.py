"""Pure checks of personal identifiers, with Chinese reasons."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

_PHONE = re.compile(r"^1[3-9]\d{9}$")


def check_id_number(value: str) -> tuple[str | None, str | None]:
    """(normalised ID number, None) when valid, else (None, Chinese reason)."""
    value = (value or "").strip().upper()
    try:
        return ric.validate(value), None
    except InvalidLength:
        return None, _("An ID number has 18 characters")
    except InvalidFormat:
        return None, _("The first 17 characters of an ID number are digits and the last is a digit or X")
    except InvalidChecksum:
        return None, _("The check digit of the ID number is wrong")
    except InvalidComponent:
        return None, _("The birth date or region code in the ID number is invalid")
    except ValidationError:
        return None, _("Invalid ID number")


def check_credit_code(value: str) -> tuple[str | None, str | None]:
    value = (value or "").strip().upper()
    try:
        return uscc.validate(value), None
    except InvalidLength:
        return None, _("A unified social credit code has 18 characters")
    except InvalidChecksum:
        return None, _("The check digit of the unified social credit code is wrong")
    except ValidationError:
        return None, _("The unified social credit code is malformed")


def check_phone(value: str) -> tuple[str | None, str | None]:
    value = (value or "").strip()
    if _PHONE.match(value):
        return value, None
    return None, _("The phone must be an 11-digit mainland China mobile number")


def make_id_number(region: str, birth: str, seq: str) -> str:
    """Builds a valid ID number from its parts (for demo data and tests)."""
    body = f"{region}{birth}{seq}"
    # stdnum's calc_check_digit expects a placeholder for the digit it computes.
    return body + ric.calc_check_digit(body + "0")


def make_credit_code(body17: str) -> str:
    return body17 + uscc.calc_check_digit(body17)

"""Pure checks of personal identifiers, with Chinese reasons."""

from __future__ import annotations

import re

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

_PHONE = re.compile(r"^1[3-9]\d{9}$")


def check_id_number(value: str) -> tuple[str | None, str | None]:
    """(normalised ID number, None) when valid, else (None, Chinese reason)."""
    value = (value or "").strip().upper()
    try:
        return ric.validate(value), None
    except InvalidLength:
        return None, "身份证号应为18位"
    except InvalidFormat:
        return None, "身份证号前17位应为数字，最后一位为数字或X"
    except InvalidChecksum:
        return None, "身份证号校验位不正确"
    except InvalidComponent:
        return None, "身份证号中的出生日期或地区码无效"
    except ValidationError:
        return None, "身份证号无效"


def check_credit_code(value: str) -> tuple[str | None, str | None]:
    value = (value or "").strip().upper()
    try:
        return uscc.validate(value), None
    except InvalidLength:
        return None, "统一社会信用代码应为18位"
    except InvalidChecksum:
        return None, "统一社会信用代码校验位不正确"
    except ValidationError:
        return None, "统一社会信用代码格式不正确"


def check_phone(value: str) -> tuple[str | None, str | None]:
    value = (value or "").strip()
    if _PHONE.match(value):
        return value, None
    return None, "手机号应为11位中国大陆手机号码"


def make_id_number(region: str, birth: str, seq: str) -> str:
    """Builds a valid ID number from its parts (for demo data and tests)."""
    body = f"{region}{birth}{seq}"
    # stdnum's calc_check_digit expects a placeholder for the digit it computes.
    return body + ric.calc_check_digit(body + "0")


def make_credit_code(body17: str) -> str:
    return body17 + uscc.calc_check_digit(body17)

"""Amounts in Chinese capital numerals (大写金额), as printed on invoices. No Django here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
GROUP_UNITS = ("", "万", "亿")
LIMIT = Decimal(10) ** 12


def _group_words(value: int) -> str:
    """0 < value < 10000, with one 零 for each run of inner zeros and none trailing."""
    digits = [(value // 10**i) % 10 for i in range(3, -1, -1)]
    words = ""
    started = False
    zero = False
    for position, digit in zip(range(3, -1, -1), digits, strict=True):
        if digit == 0:
            zero = started
            continue
        if zero:
            words += "零"
            zero = False
        words += DIGITS[digit] + SMALL_UNITS[position]
        started = True
    return words


def _integer_words(value: int) -> str:
    groups = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    words = ""
    pending_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(words)
            continue
        if words and (pending_zero or group < 1000):
            words += "零"
        words += _group_words(group) + GROUP_UNITS[index]
        pending_zero = False
    return words


def amount_in_words(amount: Decimal) -> str:
    """`Decimal("1005.05")` → "壹仟零伍元零伍分"; negatives (red-letter invoices) start with 负."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(value) >= LIMIT:
        raise ValueError("amount too large")
    sign = "负" if value < 0 else ""
    cents = int(abs(value) * 100)
    yuan, jiao, fen = cents // 100, (cents // 10) % 10, cents % 10
    if cents == 0:
        return "零元整"
    words = ""
    if yuan:
        words = _integer_words(yuan) + "元"
    if jiao == 0 and fen == 0:
        return sign + words + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    if fen:
        words += DIGITS[fen] + "分"
    return sign + words

"""The Django-free cores: quotes, the budget floor, capital amounts, signing."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jxjy.billing import fees, signing
from jxjy.billing.amounts import DIGITS, amount_in_words
from jxjy.plans.rules import ExamRules, FeeRates, StudyRules, YearRules


def rules(online=("4.00", "2.00"), in_person=("5.00", "3.00"), relief=("610527", "610928")) -> YearRules:
    return YearRules(
        year=2020, hours_total=80, hours_public=24, hours_professional=56, patriotic_min_hours=4, public_subjects=(),
        professional_hours_classes=(), online=FeeRates(Decimal(online[0]), Decimal(online[1])),
        in_person=FeeRates(Decimal(in_person[0]), Decimal(in_person[1])), relief_county_codes=frozenset(relief),
        makeup_deadlines={2019: dt.date(2020, 12, 31)},
        exam=ExamRules(30, 10, 10, 2, 3, 60, 3, 60, False), study=StudyRules(1.0, 0.95, 30, 20))


money = st.decimals(min_value=Decimal("0"), max_value=Decimal("999.99"), places=2)


@given(standard=money, relief=money, hours=st.integers(1, 500), mode=st.sampled_from(fees.MODES),
       county=st.sampled_from(["610527", "610928", "610113", None]))
def test_a_quote_is_the_schedules_rate_times_hours(standard, relief, hours, mode, county):
    r = rules(online=(standard, relief), in_person=(standard, relief))
    q = fees.quote(r, mode=mode, hours=hours, county_code=county)
    assert q.relief == (county in ("610527", "610928"))
    assert q.rate == (relief if q.relief else standard)
    assert q.amount == q.rate * hours and q.amount.as_tuple().exponent == -2


def test_a_quote_refuses_unknown_modes_and_hours():
    with pytest.raises(fees.UnknownMode):
        fees.quote(rules(), mode="post", hours=1, county_code=None)
    for hours in (0, -1, True, 1.5):
        with pytest.raises(fees.InvalidHours):
            fees.quote(rules(), mode="online", hours=hours, county_code=None)


def test_the_budget_floor_is_the_share_of_payroll():
    share = Decimal("0.015")
    assert fees.budget_check(payroll=Decimal("1000000"), budget=Decimal("15000"), min_share=share).below_minimum is False
    check = fees.budget_check(payroll=Decimal("1000000"), budget=Decimal("14999.99"), min_share=share)
    assert check.below_minimum is True and check.min_budget == Decimal("15000.00")
    assert fees.budget_check(payroll=None, budget=Decimal("1"), min_share=share).below_minimum is None
    assert fees.budget_check(payroll=Decimal("100"), budget=Decimal("1"), min_share=Decimal("0.02")).below_minimum


@pytest.mark.parametrize(("amount", "words"), [
    ("48", "肆拾捌元整"), ("1005.05", "壹仟零伍元零伍分"), ("0.50", "伍角"), ("0.05", "伍分"), ("10.50", "壹拾元伍角"),
    ("100010000", "壹亿零壹万元整"), ("-96", "负玖拾陆元整"), ("0", "零元整"), ("1010", "壹仟零壹拾元整"),
    ("200000.3", "贰拾万元叁角"), ("30001", "叁万零壹元整"),
])
def test_amounts_in_capital_numerals(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def _parse(words: str) -> Decimal:
    """Reads capital numerals back, to check the writer on arbitrary amounts."""
    sign = -1 if words.startswith("负") else 1
    words = words.lstrip("负").replace("整", "").replace("零", "")
    small = {"拾": 10, "佰": 100, "仟": 1000}
    total, section, digit, cents = 0, 0, 0, 0
    for ch in words:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in small:
            section += (digit or 1) * small[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
        elif ch == "元":
            total += section + digit
            section = digit = 0
        elif ch == "角":
            cents += digit * 10
            digit = 0
        elif ch == "分":
            cents += digit
            digit = 0
    return sign * (Decimal(total) + Decimal(cents) / 100)


@given(st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2))
def test_capital_numerals_read_back_to_the_amount(amount):
    words = amount_in_words(amount)
    assert _parse(words) == amount
    assert "零零" not in words and not words.endswith("零")


def test_amounts_beyond_the_largest_unit_are_refused():
    with pytest.raises(ValueError):
        amount_in_words(Decimal("1000000000000"))


@given(st.dictionaries(st.text("abcdefgh_", min_size=1, max_size=8), st.text(max_size=12), max_size=6))
def test_a_signature_verifies_only_with_its_secret_and_fields(fields):
    signature = signing.sign(fields, b"k1")
    assert signing.verify(fields, signature, b"k1")
    assert not signing.verify(fields, signature, b"k2")
    assert not signing.verify({**fields, "zz_extra": "1"}, signature, b"k1")


def test_the_canonical_form_sorts_and_skips_the_signature_and_empty_values():
    assert signing.canonical({"b": "2", "a": "1", "sign": "x", "c": ""}) == "a=1&b=2"
    assert not signing.verify({"a": "1"}, "", b"k")


@given(st.text(min_size=1, max_size=120))
def test_the_qr_rectangles_paint_exactly_the_qr_codes_dark_modules(data):
    import segno

    from jxjy.billing.invoice_pdf import qr_rectangles

    size, rectangles = qr_rectangles(data)
    painted = [[0] * size for _ in range(size)]
    for col, row, width, height in rectangles:
        for r in range(row, row + height):
            for c in range(col, col + width):
                assert painted[r][c] == 0  # no overlaps
                painted[r][c] = 1
    expected = [list(row) for row in segno.make(data, error="m", micro=False, mask=0, boost_error=False).matrix]
    assert painted == [[int(bool(v)) for v in row] for row in expected]

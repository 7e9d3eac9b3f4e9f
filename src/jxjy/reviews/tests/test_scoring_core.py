"""The pure score → conclusion core."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jxjy.reviews import scoring

SCHEME = scoring.default_scheme()
one_decimal = st.integers(min_value=0, max_value=200).map(lambda n: Decimal(n) / 10)
findings = st.lists(st.sampled_from(scoring.FINDINGS), max_size=4)


def test_the_defaults_are_twenty_points_each_pass_sixty_excellent_ninety():
    assert SCHEME.total_max == 100 and SCHEME.pass_mark == 60 and SCHEME.excellent_mark == 90
    assert [d.code for d in SCHEME.dimensions] == list(scoring.DIMENSIONS)
    assert scoring.scheme_problems(SCHEME) == []


def test_the_marks_are_inclusive():
    assert scoring.conclude(SCHEME, Decimal(90)) == scoring.EXCELLENT
    assert scoring.conclude(SCHEME, Decimal("89.9")) == scoring.PASS
    assert scoring.conclude(SCHEME, Decimal(60)) == scoring.PASS
    assert scoring.conclude(SCHEME, Decimal("59.9")) == scoring.FAIL


@given(st.lists(one_decimal, min_size=5, max_size=5))
def test_the_total_is_the_sum_and_stays_within_the_maximum(values):
    scores = dict(zip(scoring.DIMENSIONS, values, strict=True))
    assert scoring.score_problems(SCHEME, scores) == []
    total = scoring.total(SCHEME, scores)
    assert total == sum(values) and 0 <= total <= SCHEME.total_max


@given(one_decimal, one_decimal)
def test_a_higher_total_never_gets_a_worse_conclusion(a, b):
    rank = {scoring.FAIL: 0, scoring.PASS: 1, scoring.EXCELLENT: 2}
    low, high = sorted([a * 5, b * 5])
    assert rank[scoring.conclude(SCHEME, low)] <= rank[scoring.conclude(SCHEME, high)]


@given(st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n) / 10), findings)
def test_any_sanctioned_finding_fails_whatever_the_score(total, found):
    conclusion = scoring.conclude(SCHEME, total, found)
    if found:
        assert conclusion == scoring.FAIL
    else:
        assert conclusion == (scoring.EXCELLENT if total >= 90 else scoring.PASS if total >= 60 else scoring.FAIL)


@given(st.integers(min_value=1, max_value=50), st.integers(min_value=1, max_value=100))
def test_a_rounds_own_scheme_is_followed(max_each, pass_pct):
    scheme = scoring.Scheme(tuple(scoring.Dimension(c, Decimal(max_each)) for c in scoring.DIMENSIONS),
                            Decimal(max_each * 5 * pass_pct) / 100, Decimal(max_each * 5))
    full = {c: max_each for c in scoring.DIMENSIONS}
    assert scoring.conclude(scheme, scoring.total(scheme, full)) == scoring.EXCELLENT
    assert scoring.score_problems(scheme, {**full, "RULES": max_each + 1}) == [("RULES", "above_max")]


def test_scores_must_be_numbers_with_at_most_one_decimal_and_present():
    assert scoring.parse_score("12.5") == Decimal("12.5")
    assert scoring.parse_score("12.0") == 12
    for bad in ("-1", "1.25", "abc", "nan", "inf", True, None):
        assert scoring.parse_score(bad) is None, bad
    problems = scoring.score_problems(SCHEME, {"RULES": "", "SPENDING": "x", "TEACHERS": 21, "ORGANISATION": 20})
    assert problems == [("RULES", "missing"), ("SPENDING", "not_a_score"), ("TEACHERS", "above_max"),
                        ("LEARNERS", "missing")]


def test_a_broken_scheme_is_reported():
    dims = tuple(scoring.Dimension(c, Decimal(20)) for c in scoring.DIMENSIONS[:4])
    problems = dict(scoring.scheme_problems(scoring.Scheme(dims, Decimal(90), Decimal(85))))
    assert problems["dimensions"] == "dimensions_must_be_the_five"
    assert problems["pass_mark"] == "pass_mark_out_of_range"
    assert problems["excellent_mark"] == "excellent_mark_out_of_range"

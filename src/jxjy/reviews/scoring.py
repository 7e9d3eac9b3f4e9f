"""Score → conclusion for the biennial base review (例行考核). Plain Python, no Django.

A round's scheme is data (each dimension's maximum, the pass mark, the mark for "excellent"):
the defaults are 20 points for each of the five dimensions, 100 in all, pass at 60 and excellent
at 90. The 2020 notice has "擅自提高收费标准、压缩经费开支、师资力量薄弱、学员管理混乱" handled
seriously "按照有关规定": a base with such a finding cannot pass, whatever its points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# The five dimensions, in the notice's order: 制度建设、经费使用、师资力量、培训组织、学员管理.
DIMENSIONS = ("RULES", "SPENDING", "TEACHERS", "ORGANISATION", "LEARNERS")
# The sanctioned findings: 擅自提高收费标准、压缩经费开支、师资力量薄弱、学员管理混乱.
FINDINGS = ("OVERCHARGING", "CUTTING_SPENDING", "WEAK_TEACHERS", "DISORDERLY_LEARNERS")

EXCELLENT = "EXCELLENT"
PASS = "PASS"
FAIL = "FAIL"

DEFAULT_MAX = Decimal(20)
DEFAULT_PASS = Decimal(60)
DEFAULT_EXCELLENT = Decimal(90)


@dataclass(frozen=True)
class Dimension:
    code: str
    max_score: Decimal


@dataclass(frozen=True)
class Scheme:
    dimensions: tuple[Dimension, ...]
    pass_mark: Decimal
    excellent_mark: Decimal

    @property
    def total_max(self) -> Decimal:
        return sum((d.max_score for d in self.dimensions), Decimal(0))

    def max_of(self, code: str) -> Decimal | None:
        for d in self.dimensions:
            if d.code == code:
                return d.max_score
        return None


def default_scheme() -> Scheme:
    return Scheme(tuple(Dimension(c, DEFAULT_MAX) for c in DIMENSIONS), DEFAULT_PASS, DEFAULT_EXCELLENT)


def parse_score(value: object) -> Decimal | None:
    """A score as typed: a number ≥ 0 with at most one decimal, or None if it is not one."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number < 0 or number != number.quantize(Decimal("0.1")):
        return None
    return number.quantize(Decimal("0.1")) if number != number.to_integral_value() else Decimal(int(number))


def scheme_problems(scheme: Scheme) -> list[tuple[str, str]]:
    """What is wrong with a round's scheme, as (field, problem code) pairs."""
    problems: list[tuple[str, str]] = []
    codes = [d.code for d in scheme.dimensions]
    if sorted(codes) != sorted(DIMENSIONS):
        problems.append(("dimensions", "dimensions_must_be_the_five"))
    if any(d.max_score <= 0 for d in scheme.dimensions):
        problems.append(("dimensions", "max_score_not_positive"))
    if scheme.pass_mark <= 0 or scheme.pass_mark > scheme.total_max:
        problems.append(("pass_mark", "pass_mark_out_of_range"))
    if scheme.excellent_mark < scheme.pass_mark or scheme.excellent_mark > scheme.total_max:
        problems.append(("excellent_mark", "excellent_mark_out_of_range"))
    return problems


def score_problems(scheme: Scheme, scores: Mapping[str, object]) -> list[tuple[str, str]]:
    """Each dimension needs a score between 0 and its maximum: (dimension, problem code) pairs."""
    problems: list[tuple[str, str]] = []
    for d in scheme.dimensions:
        raw = scores.get(d.code)
        if raw is None or str(raw).strip() == "":
            problems.append((d.code, "missing"))
            continue
        value = parse_score(raw)
        if value is None:
            problems.append((d.code, "not_a_score"))
        elif value > d.max_score:
            problems.append((d.code, "above_max"))
    return problems


def total(scheme: Scheme, scores: Mapping[str, object]) -> Decimal:
    """The sum of the dimensions' scores; the scores must be valid (see `score_problems`)."""
    result = Decimal(0)
    for d in scheme.dimensions:
        value = parse_score(scores[d.code])
        if value is None or value > d.max_score:
            raise ValueError(f"invalid score for {d.code}")
        result += value
    return result


def conclude(scheme: Scheme, total_score: Decimal, findings: Iterable[str] = ()) -> str:
    """Excellent at or above the excellent mark, pass at or above the pass mark, else fail.

    A sanctioned finding forces a fail whatever the points: the notice has such bases dealt with
    "按照有关规定进行严肃处理", and a base found overcharging or with disorderly learner management
    cannot be certified as having passed its review because it scored well elsewhere."""
    if any(f in FINDINGS for f in findings):
        return FAIL
    if total_score >= scheme.excellent_mark:
        return EXCELLENT
    if total_score >= scheme.pass_mark:
        return PASS
    return FAIL

"""Fee quotes and the employers' budget floor: plain arithmetic on the year's numbers.

No Django here. The schedule (yuan per hour by mode, standard and relief) and the relief
counties come from the published plan as a `YearRules`; the budget share comes from billing's
policy row. Money is `Decimal` throughout and rounded to the fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jxjy.plans.rules import YearRules

MODES = ("online", "in_person")
CENT = Decimal("0.01")


class UnknownMode(ValueError):
    """The mode is neither online nor in person."""


class InvalidHours(ValueError):
    """Hours must be a positive whole number."""


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Quote:
    """What `hours` of study in `mode` cost a learner of a county under one year's schedule."""

    year: int
    mode: str
    hours: int
    rate: Decimal
    relief: bool
    amount: Decimal

    def as_dict(self) -> dict:
        return {"year": self.year, "mode": self.mode, "hours": self.hours, "rate": self.rate,
                "relief": self.relief, "amount": self.amount}


def quote(rules: YearRules, *, mode: str, hours: int, county_code: str | None) -> Quote:
    """Prices `hours` of `mode` for a work unit in `county_code` (a current or former code).

    The rate is the schedule's relief rate when the county is a relief county of that year,
    otherwise its standard rate; the amount is rate × hours. Nothing else enters the price:
    the platform charges exactly the schedule.
    """
    if mode not in MODES:
        raise UnknownMode(mode)
    if isinstance(hours, bool) or not isinstance(hours, int) or hours <= 0:
        raise InvalidHours(hours)
    rates = rules.fee_rates(mode)
    relief = rules.is_relief_county(county_code)
    rate = to_cents(rates.relief if relief else rates.standard)
    return Quote(year=rules.year, mode=mode, hours=hours, rate=rate, relief=relief, amount=to_cents(rate * hours))


@dataclass(frozen=True)
class BudgetCheck:
    """An employer's continuing-education budget against the floor of `min_share` × payroll."""

    payroll: Decimal | None
    budget: Decimal | None
    min_share: Decimal
    min_budget: Decimal | None
    share: Decimal | None
    below_minimum: bool | None  # None while payroll or budget is not recorded

    def as_dict(self) -> dict:
        return {"payroll": self.payroll, "ce_budget": self.budget, "min_share": self.min_share,
                "min_budget": self.min_budget, "share": self.share, "below_minimum": self.below_minimum}


def budget_check(*, payroll: Decimal | None, budget: Decimal | None, min_share: Decimal) -> BudgetCheck:
    """Flags a budget under `min_share` of payroll (the Regulations set the share; it is data)."""
    if payroll is None or budget is None:
        min_budget = to_cents(payroll * min_share) if payroll is not None else None
        return BudgetCheck(payroll, budget, min_share, min_budget, None, None)
    min_budget = to_cents(payroll * min_share)
    share = (budget / payroll).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if payroll else None
    # Compare exact products, not the rounded floor, so that a budget a fen short is flagged.
    below = budget < payroll * min_share
    return BudgetCheck(payroll, budget, min_share, min_budget, share, below)

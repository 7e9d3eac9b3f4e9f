"""The caps on equivalent-hours claims (同等学时认证), from the year's plan. A pure core (no Django).

Three caps apply to the hours of a claim: the type's hours per claim, the type's hours in a year,
and (when the plan sets one) all types' hours in a year together. What is "used" is up to the
caller: when a learner files a claim, the hours of pending and approved claims (so that pending
claims cannot together promise more than the caps); when the employer approves, the approved
hours only (the other pending claims are checked again on their own approval).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jxjy.plans.rules import ClaimType, EquivalentRules

ZERO = Decimal("0")

PER_CLAIM = "per_claim"
TYPE_YEAR = "type_year"
OVERALL_YEAR = "overall_year"


@dataclass(frozen=True)
class CapExceeded:
    """One cap the hours would break: its kind, the cap and the hours still available under it."""

    kind: str
    cap: Decimal
    available: Decimal


def cap_problems(*, rules: EquivalentRules, claim_type: ClaimType, hours: Decimal, used_of_type: Decimal,
                 used_overall: Decimal) -> list[CapExceeded]:
    """Every cap that `hours` more of `claim_type` would exceed; empty when they fit."""
    problems = []
    if hours > claim_type.max_hours_per_claim:
        problems.append(CapExceeded(PER_CLAIM, claim_type.max_hours_per_claim, claim_type.max_hours_per_claim))
    if used_of_type + hours > claim_type.yearly_cap:
        problems.append(CapExceeded(TYPE_YEAR, claim_type.yearly_cap, max(claim_type.yearly_cap - used_of_type, ZERO)))
    if rules.yearly_cap is not None and used_overall + hours > rules.yearly_cap:
        problems.append(CapExceeded(OVERALL_YEAR, rules.yearly_cap, max(rules.yearly_cap - used_overall, ZERO)))
    return problems


def most_allowed(*, rules: EquivalentRules, claim_type: ClaimType, used_of_type: Decimal,
                 used_overall: Decimal) -> Decimal:
    """The most hours one more claim of the type could have under all three caps."""
    room = min(claim_type.max_hours_per_claim, claim_type.yearly_cap - used_of_type)
    if rules.yearly_cap is not None:
        room = min(room, rules.yearly_cap - used_overall)
    return max(room, ZERO)

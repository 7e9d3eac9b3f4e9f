"""The year's rules as a plain value: what every other core reads instead of constants.

Built from a published `AnnualPlan` (see `AnnualPlan.rules()`); tests build their own with other
numbers to prove the platform follows the data. Nothing here imports Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class PublicSubject:
    name: str
    hours: int


@dataclass(frozen=True)
class FeeRates:
    """Yuan per hour for one mode: the standard rate and the relief-county rate."""

    standard: Decimal
    relief: Decimal


@dataclass(frozen=True)
class ExamRules:
    single: int
    multiple: int
    true_false: int
    points_per_question: int
    bank_ratio: int
    pass_mark: int
    max_attempts: int
    minutes: int
    requires_lectures: bool

    @property
    def composition(self) -> dict[str, int]:
        return {"single": self.single, "multiple": self.multiple, "true_false": self.true_false}

    @property
    def bank_minimum(self) -> dict[str, int]:
        return {k: v * self.bank_ratio for k, v in self.composition.items()}

    @property
    def total_points(self) -> int:
        return (self.single + self.multiple + self.true_false) * self.points_per_question


@dataclass(frozen=True)
class StudyRules:
    playback_rate_cap: float
    completion_share: float
    heartbeat_seconds: int
    presence_check_minutes: int


@dataclass(frozen=True)
class ClaimType:
    """One kind of activity a learner may have recognised as hours (同等学时认证).

    `max_hours_per_claim` caps one claim; `yearly_cap` caps the type's hours in a year; the
    hours count toward `category` (PUBLIC or PROFESSIONAL)."""

    code: str
    name: str
    category: str
    max_hours_per_claim: Decimal
    yearly_cap: Decimal


@dataclass(frozen=True)
class EquivalentRules:
    """The year's equivalent-hours claim types and the cap on all of them together (None: no
    overall cap). No types: the year takes no claims."""

    types: tuple[ClaimType, ...] = ()
    yearly_cap: Decimal | None = None

    def type(self, code: str) -> ClaimType | None:
        return next((t for t in self.types if t.code == code), None)


@dataclass(frozen=True)
class YearRules:
    year: int
    hours_total: int
    hours_public: int
    hours_professional: int
    patriotic_min_hours: int
    public_subjects: tuple[PublicSubject, ...]
    professional_hours_classes: tuple[int, ...]
    online: FeeRates
    in_person: FeeRates
    relief_county_codes: frozenset[str]
    makeup_deadlines: dict[int, dt.date]
    exam: ExamRules
    study: StudyRules
    spec: dict = field(default_factory=dict)
    equivalent: EquivalentRules = field(default_factory=EquivalentRules)

    def is_relief_county(self, code: str | None) -> bool:
        return bool(code) and code in self.relief_county_codes

    def fee_rates(self, mode: str) -> FeeRates:
        if mode == "online":
            return self.online
        if mode == "in_person":
            return self.in_person
        raise KeyError(mode)

    def makeup_open(self, year: int, today: dt.date) -> bool:
        """Whether courses of a past `year` may still be studied for that year's credit."""
        if year == self.year:
            return True
        deadline = self.makeup_deadlines.get(year)
        if deadline is not None:
            return today <= deadline
        # Years before those with a named deadline may be made up at any time (notice, §2).
        named = [y for y in self.makeup_deadlines]
        return bool(named) and year < min(named)

"""The yearly status of a learner's hours, from ledger entries and the year's minima.

A pure core (no Django). Entries carry signed hours (a reversal is negative), so the status is a
plain sum per category. The year is complete when the public minimum, the professional minimum
and the total minimum are all met: the total alone is never enough (RULES-2020 §1).

Only a confirmed learner's hours count: an unconfirmed learner's entries are recorded (the
`recorded_*` figures) but the counted figures stay 0 until the employer confirms; nothing needs
to be credited again then, because the status is always computed from the entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

PUBLIC = "PUBLIC"
PROFESSIONAL = "PROFESSIONAL"
ZERO = Decimal("0")


@dataclass(frozen=True)
class Required:
    """The year's minima (from the plan)."""

    total: Decimal
    public: Decimal
    professional: Decimal


@dataclass(frozen=True)
class YearStatus:
    year: int
    confirmed: bool
    recorded_public: Decimal
    recorded_professional: Decimal
    required: Required

    @property
    def public(self) -> Decimal:
        return self.recorded_public if self.confirmed else ZERO

    @property
    def professional(self) -> Decimal:
        return self.recorded_professional if self.confirmed else ZERO

    @property
    def total(self) -> Decimal:
        return self.public + self.professional

    @property
    def recorded_total(self) -> Decimal:
        return self.recorded_public + self.recorded_professional

    @property
    def public_met(self) -> bool:
        return self.public >= self.required.public

    @property
    def professional_met(self) -> bool:
        return self.professional >= self.required.professional

    @property
    def total_met(self) -> bool:
        return self.total >= self.required.total

    @property
    def completed(self) -> bool:
        return self.public_met and self.professional_met and self.total_met

    def share(self, category: str) -> float:
        """Progress toward one minimum, 0–1, for progress bars."""
        have, need = {PUBLIC: (self.public, self.required.public),
                      PROFESSIONAL: (self.professional, self.required.professional)}.get(
            category, (self.total, self.required.total))
        if need <= 0:
            return 1.0
        return float(min(max(have, ZERO) / need, Decimal(1)))


def year_status(*, year: int, entries: Iterable[tuple[str, Decimal]], required: Required,
                confirmed: bool) -> YearStatus:
    """The status from `(category, signed hours)` pairs of one learner and year."""
    sums = {PUBLIC: ZERO, PROFESSIONAL: ZERO}
    for category, hours in entries:
        sums[category] = sums.get(category, ZERO) + Decimal(hours)
    return YearStatus(year=year, confirmed=confirmed, recorded_public=sums[PUBLIC],
                      recorded_professional=sums[PROFESSIONAL], required=required)


def completed_from_totals(public: Decimal, professional: Decimal, confirmed: bool, required: Required) -> bool:
    """Whether the year is complete, from per-category sums: the bulk form used by reports, the
    same rule as `YearStatus.completed` without building a status per learner."""
    if not confirmed:
        return required.public <= 0 and required.professional <= 0 and required.total <= 0
    return (public >= required.public and professional >= required.professional
            and public + professional >= required.total)

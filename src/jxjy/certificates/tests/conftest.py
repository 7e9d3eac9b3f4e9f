"""Certificates' test helpers: a learner's year completed through the credits service, with the
current plan's own minimums (never numbers of our own), and a clean verification counter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache

from jxjy.credits.models import CreditEntry
from jxjy.credits.services import credit_record
from jxjy.learning.selectors import rules_for_year
from jxjy.plans.selectors import current_year


@pytest.fixture(autouse=True)
def _fresh_counters() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def year(db: Any) -> int:
    return current_year()


def credit(user: Any, year: int, category: str, hours: Any, reference: str, note: str = "",
           source: str = CreditEntry.Source.IN_PERSON) -> CreditEntry:
    return credit_record(learner=user.learner, year=year, category=category, hours=Decimal(hours), source=source,
                         reference=reference, note=note or reference)


def complete_year(user: Any, year: int) -> list[CreditEntry]:
    """Exactly the plan's minimums: the public minimum, and professional hours up to the total."""
    rules = rules_for_year(year)
    professional = max(rules.hours_professional, rules.hours_total - rules.hours_public)
    return [
        credit(user, year, "PUBLIC", rules.hours_public, f"session:{90000 + year}", "弘扬延安精神、坚定理想信念"),
        credit(user, year, "PROFESSIONAL", professional, f"enrolment:{91000 + year}", "软件工程项目管理实务",
               source=CreditEntry.Source.ONLINE_COURSE),
    ]

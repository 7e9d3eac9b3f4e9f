"""The rules of a course evaluation (课程评价), plain Python: what a valid evaluation is, how long
it stays editable, how a name is shown to the public, and how averages are rounded.

These are the platform's own rules, not a year's plan: they do not change with the AnnualPlan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

STARS = range(1, 6)
# The overall mark and the three aspects: 内容实用性, 讲授水平, 视频质量. Their order is the display order.
SCORES = ("overall", "content", "teaching", "video")
COMMENT_MAX = 500
# A learner may change their mind for a month; after that the evaluation is part of the record
# the bases and the authorities read, and it no longer moves under them.
EDIT_DAYS = 30


@dataclass(frozen=True)
class Problem:
    field: str
    code: str  # "required", "range", "too_long"


def check(scores: Mapping[str, object], comment: str) -> list[Problem]:
    """Every problem of a submitted evaluation: each score a whole number of stars 1–5, the
    comment (already trimmed) at most COMMENT_MAX characters."""
    problems = []
    for name in SCORES:
        value = scores.get(name)
        if value is None or value == "":
            problems.append(Problem(name, "required"))
        elif isinstance(value, bool) or not isinstance(value, int) or value not in STARS:
            problems.append(Problem(name, "range"))
    if len(comment) > COMMENT_MAX:
        problems.append(Problem("comment", "too_long"))
    return problems


def as_stars(value: object) -> object:
    """A form's or JSON's star value as an int where it is one ("4", 4, 4.0); anything else as is,
    for `check` to refuse."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def clean_comment(text: str | None) -> str:
    return (text or "").strip()


def edit_deadline(created_at: dt.datetime) -> dt.datetime:
    return created_at + dt.timedelta(days=EDIT_DAYS)


def editable(created_at: dt.datetime, now: dt.datetime) -> bool:
    """Editable until EDIT_DAYS after it was first submitted (that instant included)."""
    return now <= edit_deadline(created_at)


def anonymise(name: str) -> str:
    """A learner's name as the public sees it: the first character and a star for each of the
    rest ("李雁塔" → "李**"); a one-character name becomes "*". Nothing else of the learner shows."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


_ONE_PLACE = Decimal("0.1")


def average(total: int | None, count: int) -> Decimal | None:
    """total / count to one decimal, half up (4.25 → 4.3, as people round); None without any."""
    if not count:
        return None
    return (Decimal(total or 0) / Decimal(count)).quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)

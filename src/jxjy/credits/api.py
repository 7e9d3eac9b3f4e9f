"""The hours ledger API.

Contract: `GET /me/hours?year=2020` → `{"year", "public", "professional", "total", "required":
{"total", "public", "professional"}, "completed", "entries": [...]}`. Hours are JSON numbers.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from jxjy.accounts.access import access_learner, learner_of
from jxjy.accounts.models import Learner
from jxjy.plans.selectors import current_year

from . import access, selectors, services
from .ledger import YearStatus
from .models import CreditEntry

router = Router(tags=["credits"])
num = selectors.hours_number


def entry_out(e: CreditEntry, title: str = "") -> dict[str, Any]:
    return {"id": e.pk, "year": e.year, "category": e.category, "hours": num(e.hours), "source": e.source,
            "source_display": e.get_source_display(), "reference": e.reference, "title": title or e.reference,
            "reverses": e.reverses_id, "note": e.note, "created_at": e.created_at}


def status_out(status: YearStatus, entries: list[CreditEntry]) -> dict[str, Any]:
    titles = selectors.entry_titles(entries)
    return {
        "year": status.year,
        "public": num(status.public),
        "professional": num(status.professional),
        "total": num(status.total),
        "required": {"total": num(status.required.total), "public": num(status.required.public),
                     "professional": num(status.required.professional)},
        "completed": status.completed,
        "met": {"public": status.public_met, "professional": status.professional_met, "total": status.total_met},
        # Only a confirmed learner's hours count; what is recorded meanwhile is shown apart.
        "confirmed": status.confirmed,
        "recorded": {"public": num(status.recorded_public), "professional": num(status.recorded_professional),
                     "total": num(status.recorded_total)},
        "entries": [entry_out(e, titles.get(e.pk, "")) for e in entries],
    }


def _hours(learner: Learner, year: int | None) -> dict[str, Any]:
    year = year or current_year()
    return status_out(selectors.year_status(learner, year), selectors.entries_of(learner, year))


@router.get("/me/hours")
def my_hours(request: HttpRequest, year: int | None = None) -> dict:
    """The signed-in learner's hours of a year (the current year by default)."""
    return _hours(learner_of(request.auth), year)  # type: ignore[attr-defined]


@router.get("/learners/{learner_id}/hours")
def learner_hours(request: HttpRequest, learner_id: int, year: int | None = None) -> dict:
    """A learner's hours for the administrators and reviewers who may see that learner."""
    return _hours(access_learner(request.auth, learner_id), year)  # type: ignore[attr-defined]


class ReversalIn(Schema):
    reason: str = Field(max_length=200)
    replacement_hours: float | str | None = None


@router.post("/credit-entries/{entry_id}/reversal", response={201: dict})
def entry_reverse(request: HttpRequest, entry_id: int, payload: ReversalIn) -> tuple[int, dict]:
    """An administrative correction: reverses an entry, optionally recording the right hours."""
    entry = access.access_credit_entry(request.auth, entry_id)  # type: ignore[attr-defined]
    added = services.credit_entry_reverse(actor=request.auth, entry=entry,  # type: ignore[attr-defined]
                                          reason=payload.reason, replacement_hours=payload.replacement_hours)
    return 201, {"added": [entry_out(e) for e in added]}

"""Reads: a learner's years and what each lacks, certificates by code, the ledger fingerprint."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from jxjy.accounts.models import Learner
from jxjy.credits import selectors as credit_selectors
from jxjy.credits.ledger import ZERO, YearStatus
from jxjy.credits.models import CreditEntry

from .models import Certificate

AVAILABLE = "available"
INCOMPLETE = "incomplete"
ISSUED = "issued"


def ledger_digest(rows: Iterable[tuple[Any, Any, Any]]) -> str:
    """A fingerprint of a learner's entries of one year, from `(id, category, hours)` rows.

    The ledger is append-only, so any change (a new credit, a reversal, a replacement) adds an
    entry and changes the fingerprint; a certificate issued under another one is out of date.
    """
    parts = sorted(f"{pk}:{category}:{Decimal(hours):.1f}" for pk, category, hours in rows)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def digests_by_year(learner: Learner) -> dict[int, str]:
    """The fingerprint of each year the learner has entries in, in one query."""
    rows: dict[int, list[tuple[Any, Any, Any]]] = {}
    for year, pk, category, hours in (CreditEntry.objects.filter(learner=learner)
                                      .values_list("year", "pk", "category", "hours")):
        rows.setdefault(year, []).append((pk, category, hours))
    return {year: ledger_digest(r) for year, r in rows.items()}


def year_digest(learner_id: int, year: int) -> str:
    return ledger_digest(CreditEntry.objects.filter(learner_id=learner_id, year=year)
                         .values_list("pk", "category", "hours"))


def valid_certificate(learner: Learner, year: int) -> Certificate | None:
    return Certificate.objects.filter(learner=learner, year=year, status=Certificate.Status.VALID).first()


def certificate_by_code(code: str) -> Certificate | None:
    return Certificate.objects.select_related("superseded_by").filter(code=code).first()


def missing_hours(status: YearStatus) -> dict[str, Decimal]:
    """What the year still lacks toward each minimum (0 where met)."""
    req = status.required
    return {"public": max(req.public - status.public, ZERO),
            "professional": max(req.professional - status.professional, ZERO),
            "total": max(req.total - status.total, ZERO)}


@dataclass(frozen=True)
class YearRow:
    year: int
    state: str  # AVAILABLE, INCOMPLETE or ISSUED
    status: YearStatus
    certificate: Certificate | None
    stale: bool  # the valid certificate was issued under an older ledger

    @property
    def missing(self) -> dict[str, Decimal]:
        return missing_hours(self.status)


def learner_years(learner: Learner, current_year: int) -> list[YearRow]:
    """The current year and every year with hours or a certificate, newest first."""
    digests = digests_by_year(learner)
    valid = {c.year: c for c in Certificate.objects.filter(learner=learner, status=Certificate.Status.VALID)}
    years = sorted({current_year, *digests, *valid}, reverse=True)
    rows = []
    for year in years:
        status = credit_selectors.year_status(learner, year)
        cert = valid.get(year)
        stale = cert is not None and cert.ledger_digest != digests.get(year, ledger_digest([]))
        state = ISSUED if cert is not None else AVAILABLE if status.completed else INCOMPLETE
        rows.append(YearRow(year=year, state=state, status=status, certificate=cert, stale=stale))
    return rows


def filtered(qs: QuerySet[Certificate], *, year: int | None, status: str, name: str) -> QuerySet[Certificate]:
    """A lookup's filters: the year, the state (valid, superseded, withdrawn; anything else: all)
    and part of the learner's name."""
    if year:
        qs = qs.filter(year=year)
    if status.upper() in Certificate.Status.values:
        qs = qs.filter(status=status.upper())
    if name.strip():
        qs = qs.filter(learner__name__contains=name.strip())
    return qs.order_by("-year", "learner__name", "-version")

"""Writes: issuing a learner's yearly certificate, reissuing it when the year's ledger changed.

A certificate is issued on the learner's first request for a complete year and returned on every
later one. It is never edited: when the year's ledger entries change (a correction, a late
credit), the valid certificate is superseded by a new version, or withdrawn when the year is no
longer complete. That happens on commit of the ledger change (see `signals.py`) and again,
should that have been missed, whenever the certificate is read through its learner or its code.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner
from jxjy.core import clock
from jxjy.core.audit import audit_record
from jxjy.core.errors import Conflict, NotFound, ValidationFailed
from jxjy.core.masking import mask_id_number
from jxjy.credits import selectors as credit_selectors
from jxjy.credits.ledger import YearStatus
from jxjy.credits.models import CreditEntry
from jxjy.plans.models import AnnualPlan
from jxjy.plans.selectors import current_plan, published_plan

from . import codes, selectors
from .models import Certificate

logger = logging.getLogger(__name__)
num = credit_selectors.hours_number

FIRST_YEAR, LAST_YEAR = 2000, 2100
LEDGER_CHANGED = "ledger_changed"
YEAR_INCOMPLETE = "year_incomplete"


@dataclass(frozen=True)
class Outcome:
    certificate: Certificate | None
    created: bool
    status: YearStatus | None = None


def _plan_for(year: int) -> AnnualPlan:
    # The plan the year's hours are judged by: as `rules_for_year` (a past year without a plan
    # on the platform is made up under the current one).
    try:
        return published_plan(year)
    except NotFound:
        return current_plan()


def effective_entries(entries: list[CreditEntry]) -> list[CreditEntry]:
    """The entries behind the year's hours: a reversed entry and its reversal cancel out and are
    left off; a replacement recorded by a correction stays."""
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id is not None}
    return [e for e in entries if e.reverses_id is None and e.pk not in reversed_ids]


def build_snapshot(*, learner: Learner, status: YearStatus, entries: list[CreditEntry], plan: AnnualPlan,
                   version: int, issued_at: Any) -> dict[str, Any]:
    """What a certificate states, as it states it: personal data masked, hours as numbers."""
    titles = credit_selectors.entry_titles(entries)
    rows = []
    for e in effective_entries(entries):
        title = titles.get(e.pk, e.reference)
        kind, _sep, original = e.reference.partition(":")
        if kind == "correction" and original.isdigit() and int(original) in titles:
            title = titles[int(original)]  # a replacement certifies what it replaced
        rows.append({"title": title, "category": e.category, "source": e.source, "hours": num(e.hours),
                     "recorded_on": timezone.localtime(e.created_at).date().isoformat(), "reference": e.reference})
    return {
        "name": learner.name,
        "id_number": mask_id_number(learner.id_number),
        "employer": learner.employer.name,
        "specialty": learner.specialty.name,
        "year": status.year,
        "version": version,
        "hours": {"public": num(status.public), "professional": num(status.professional), "total": num(status.total)},
        "required": {"public": num(status.required.public), "professional": num(status.required.professional),
                     "total": num(status.required.total)},
        "entries": rows,
        "issued_on": timezone.localtime(issued_at).date().isoformat(),
        "plan": {"year": plan.year, "version": plan.version, "document_number": plan.document_number,
                 "title": plan.title},
    }


def _audit_view(cert: Certificate) -> dict[str, Any]:
    # The code is left out: whoever holds it can open the certificate.
    return {"learner": cert.learner_id, "year": cert.year, "version": cert.version, "status": cert.status,
            "hours": cert.snapshot.get("hours"), "issued_at": cert.issued_at}


def _end(cert: Certificate, status: str, reason: str, now: Any) -> None:
    cert.status = status
    cert.ended_at = now
    cert.end_reason = reason
    cert.save(update_fields=["status", "ended_at", "end_reason"])


def _valid_of(learner: Learner, year: int) -> Certificate | None:
    return Certificate.objects.filter(learner=learner, year=year, status=Certificate.Status.VALID).first()


def _reconcile(*, learner: Learner, year: int, actor: Any, issue: bool) -> Outcome:
    """Inside a transaction: brings the learner's certificate of the year in line with the ledger.

    The learner's row is locked first, so that concurrent requests for one learner run one after
    the other (on SQLite the write transaction does that); the unique constraints stand behind it.
    """
    list(Learner.objects.select_for_update().filter(pk=learner.pk).only("pk"))
    current = _valid_of(learner, year)
    if current is None and not issue:
        return Outcome(None, False)
    entries = credit_selectors.entries_of(learner, year)
    digest = selectors.ledger_digest((e.pk, e.category, e.hours) for e in entries)
    if current is not None and current.ledger_digest == digest:
        return Outcome(current, False)
    plan = _plan_for(year)
    status = credit_selectors.year_status(learner, year, plan.rules())
    now = clock.now()
    if not status.completed:
        if current is not None:
            _end(current, Certificate.Status.WITHDRAWN, YEAR_INCOMPLETE, now)
            audit_record(actor=actor, action="certificate.withdraw", obj=current, before=None,
                         after=_audit_view(current))
        return Outcome(None, False, status)
    version = (Certificate.objects.filter(learner=learner, year=year).aggregate(v=Max("version"))["v"] or 0) + 1
    if current is not None:
        # Ended first: the constraint allows one valid certificate per learner and year.
        _end(current, Certificate.Status.SUPERSEDED, LEDGER_CHANGED, now)
    cert = Certificate.objects.create(
        learner=learner, year=year, version=version, code=codes.new_code(), status=Certificate.Status.VALID,
        snapshot=build_snapshot(learner=learner, status=status, entries=entries, plan=plan, version=version,
                                issued_at=now),
        ledger_digest=digest, issued_at=now, issued_by=actor if getattr(actor, "pk", None) else None)
    if current is not None:
        current.superseded_by = cert
        current.save(update_fields=["superseded_by"])
    audit_record(actor=actor, action="certificate.reissue" if current is not None else "certificate.issue",
                 obj=cert, before=_audit_view(current) if current is not None else None, after=_audit_view(cert))
    return Outcome(cert, True, status)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(_("No such year"), code="year_invalid", detail={"year": year})


def certificate_issue(*, learner: Learner, year: int, actor: Any) -> tuple[Certificate, bool]:
    """The learner's valid certificate of a complete year, issued on the first request (and
    reissued if the ledger changed since); `created` tells whether this call issued it.

    Raises Conflict `year_not_complete` (with what is missing) for a year that is not complete.
    """
    _check_year(year)
    try:
        with transaction.atomic():
            outcome = _reconcile(learner=learner, year=year, actor=actor, issue=True)
    except IntegrityError:
        # Another request issued it between our read and our write (where rows are not locked).
        existing = selectors.valid_certificate(learner, year)
        if existing is None:
            raise
        return existing, False
    if outcome.certificate is None:
        status = outcome.status or credit_selectors.year_status(learner, year)
        missing = {k: num(v) for k, v in selectors.missing_hours(status).items()}
        raise Conflict(_("The year's hours are not complete yet, so there is no certificate for it"),
                       code="year_not_complete",
                       detail={"year": year, "missing": missing, "confirmed": status.confirmed})
    return outcome.certificate, outcome.created


def certificate_refresh(*, learner: Learner, year: int, actor: Any = None) -> Certificate | None:
    """After a ledger change: reissues the learner's valid certificate of the year if what it
    certifies changed, or withdraws it if the year is no longer complete. Issues none where none
    was. Returns the valid certificate afterwards."""
    try:
        with transaction.atomic():
            return _reconcile(learner=learner, year=year, actor=actor, issue=False).certificate
    except IntegrityError:
        return selectors.valid_certificate(learner, year)


def refresh_if_stale(cert: Certificate) -> Certificate:
    """`cert` as it stands once brought in line with the ledger (usually: unchanged)."""
    if cert.status != Certificate.Status.VALID or cert.ledger_digest == selectors.year_digest(cert.learner_id,
                                                                                              cert.year):
        return cert
    learner = Learner.objects.select_related("employer", "specialty").get(pk=cert.learner_id)
    certificate_refresh(learner=learner, year=cert.year)
    return Certificate.objects.select_related("superseded_by").get(pk=cert.pk)


def ledger_changed(*, learner_id: int, year: int) -> None:
    """Called on commit of a new ledger entry: only a learner with a valid certificate of that
    year has anything to reissue."""
    if not Certificate.objects.filter(learner_id=learner_id, year=year, status=Certificate.Status.VALID).exists():
        return
    learner = Learner.objects.select_related("employer", "specialty").get(pk=learner_id)
    certificate_refresh(learner=learner, year=year)


def certificate_verify(*, code: str) -> Certificate:
    """The certificate a typed code names, brought in line with the ledger first (so that a code
    never verifies hours the ledger no longer holds). Malformed and unknown codes answer alike:
    not found, with `detail.status` "unknown"."""
    normalized = codes.normalize(code or "")
    if not codes.is_well_formed(normalized):
        raise NotFound(_("No certificate has this verification code. A code has %(n)s letters and digits, "
                         "e.g. ABCD-EFGH-JKMN-PQRS-TUVW; please check it and try again.") % {"n": codes.LENGTH},
                       code="certificate_not_found", detail={"status": "unknown", "reason": "malformed"})
    cert = selectors.certificate_by_code(normalized)
    if cert is None:
        raise NotFound(_("No certificate has this verification code; please check it and try again."),
                       code="certificate_not_found", detail={"status": "unknown", "reason": "no_match"})
    return refresh_if_stale(cert)


def my_years(learner: Learner, current_year: int) -> list[selectors.YearRow]:
    """The learner's years (see `selectors.learner_years`), after reissuing any certificate whose
    year's ledger changed without the reissue having run."""
    rows = selectors.learner_years(learner, current_year)
    if not any(r.stale for r in rows):
        return rows
    for r in rows:
        if r.stale:
            certificate_refresh(learner=learner, year=r.year)
    return selectors.learner_years(learner, current_year)

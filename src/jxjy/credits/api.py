"""The hours ledger API, and equivalent-hours claims (同等学时认证).

Contract: `GET /me/hours?year=2020` → `{"year", "public", "professional", "total", "required":
{"total", "public", "professional"}, "completed", "entries": [...]}`. Hours are JSON numbers.

Claims: `GET /claim-types?year=` (the plan's types and caps; for a learner, what is used and left),
`GET|POST /me/claims` (multipart: `year, claim_type, title, description, started_on, ended_on,
hours, evidence`), `GET /me/claims/{id}`, `POST /me/claims/{id}/withdraw`; for the learner's
employer (and, to read, the bureaus): `GET /claims?status=PENDING`, `GET /claims/{id}`,
`GET /claims/{id}/evidence`, `POST /claims/{id}/approve {"hours", "note"}`,
`POST /claims/{id}/reject {"reason"}`, `POST /claims/{id}/revoke {"reason"}` (also the province).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from jxjy.accounts.access import access_learner, learner_of
from jxjy.accounts.models import Learner, User
from jxjy.core.media import serve_file
from jxjy.plans.selectors import current_year, rules_for

from . import access, claims, selectors, services
from .ledger import YearStatus
from .models import CreditEntry, EquivalentHoursClaim

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


# ---------------------------------------------------------------------------------------------
# Equivalent-hours claims


def claim_out(c: EquivalentHoursClaim, *, with_learner: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.pk, "year": c.year, "claim_type": c.claim_type, "type_name": c.type_name, "category": c.category,
        "category_display": c.get_category_display(), "title": c.title, "description": c.description,
        "started_on": c.started_on, "ended_on": c.ended_on, "hours_claimed": num(c.hours_claimed),
        "hours_approved": None if c.hours_approved is None else num(c.hours_approved),
        "status": c.status, "status_display": c.get_status_display(), "submitted_at": c.submitted_at,
        "reviewed_at": c.reviewed_at, "reviewer": selectors.reviewer_name(c),
        "review_note": c.review_note, "withdrawn_at": c.withdrawn_at, "revoked_at": c.revoked_at,
        "revoke_reason": c.revoke_reason, "credit_entry": c.credit_entry_id,
        "evidence": {"name": c.evidence_name,
                     "url": reverse("api:credits_claim_evidence", kwargs={"claim_id": c.pk})},
    }
    if with_learner:
        learner = c.learner
        out["learner"] = {"id": learner.pk, "name": learner.name, "id_number": learner.masked_id_number,
                          "employer": learner.employer.name, "confirmed": learner.is_confirmed}
    return out


def _page(qs: Any, limit: int, offset: int, **kw: Any) -> dict[str, Any]:
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    return {"count": qs.count(), "items": [claim_out(c, **kw) for c in qs[offset:offset + limit]]}


@router.get("/claim-types")
def claim_types(request: HttpRequest, year: int | None = None) -> dict:
    """The year's claim types and caps (plan data); for a learner also the hours their pending
    and approved claims take and what is left under each cap."""
    year = year or current_year()
    rules = rules_for(year).equivalent
    user = request.auth  # type: ignore[attr-defined]
    usage = None
    if getattr(user, "role", "") == User.Role.LEARNER:
        usage = selectors.claim_usage(learner_of(user), year, include_pending=True)
    types = []
    for t in rules.types:
        item: dict[str, Any] = {"code": t.code, "name": t.name, "category": t.category,
                                "max_hours_per_claim": num(t.max_hours_per_claim), "yearly_cap": num(t.yearly_cap)}
        if usage is not None:
            item["used"] = num(usage.of_type(t.code))
            item["available"] = num(claims.most_allowed(rules=rules, claim_type=t, used_of_type=usage.of_type(t.code),
                                                        used_overall=usage.overall))
        types.append(item)
    out: dict[str, Any] = {"year": year, "yearly_cap": None if rules.yearly_cap is None else num(rules.yearly_cap),
                           "types": types}
    if usage is not None:
        out["used"] = num(usage.overall)
    return out


@router.get("/me/claims")
def my_claims(request: HttpRequest, year: int | None = None, status: str = "", limit: int = 50,
              offset: int = 0) -> dict:
    """The signed-in learner's claims, newest first."""
    qs = selectors.claims_of(learner_of(request.auth), year)  # type: ignore[attr-defined]
    if status:
        qs = qs.filter(status=status.upper())
    return _page(qs, limit, offset)


@router.post("/me/claims", response={201: dict})
def my_claim_submit(request: HttpRequest, year: Form[str] = "", claim_type: Form[str] = "",
                    title: Form[str] = "", description: Form[str] = "", started_on: Form[str] = "",
                    ended_on: Form[str] = "", hours: Form[str] = "",
                    evidence: UploadedFile | None = File(None)) -> tuple[int, dict]:
    """Multipart form: files a claim with its evidence (PDF, JPG or PNG). Every problem is listed
    at once in `detail.errors` (422)."""
    claim = services.claim_submit(actor=request.auth, year=year, claim_type=claim_type,  # type: ignore[attr-defined]
                                  title=title, description=description, started_on=started_on,
                                  ended_on=ended_on, hours=hours, evidence=evidence)
    return 201, claim_out(claim)


@router.get("/me/claims/{claim_id}")
def my_claim(request: HttpRequest, claim_id: int) -> dict:
    return claim_out(access.access_own_claim(request.auth, claim_id))  # type: ignore[attr-defined]


@router.post("/me/claims/{claim_id}/withdraw")
def my_claim_withdraw(request: HttpRequest, claim_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    claim = access.access_own_claim(user, claim_id)
    return claim_out(services.claim_withdraw(actor=user, claim=claim))


@router.get("/claims")
def claims_queue(request: HttpRequest, status: str = "", year: int | None = None, limit: int = 50,
                 offset: int = 0) -> dict:
    """The claims of the learners in the caller's scope: for an employer reviewer, the queue
    (`?status=PENDING`, oldest first); the bureaus read theirs."""
    user = request.auth  # type: ignore[attr-defined]
    access.require_review_queue(user)
    qs = access.claims_visible(user)
    if status:
        qs = qs.filter(status=status.upper())
    if year:
        qs = qs.filter(year=year)
    if status.upper() == EquivalentHoursClaim.Status.PENDING:
        qs = qs.order_by("submitted_at", "id")
    return _page(qs, limit, offset, with_learner=True)


@router.get("/claims/{claim_id}")
def claim_detail(request: HttpRequest, claim_id: int) -> dict:
    return claim_out(access.access_claim(request.auth, claim_id), with_learner=True)  # type: ignore[attr-defined]


@router.get("/claims/{claim_id}/evidence", url_name="credits_claim_evidence")
def claim_evidence(request: HttpRequest, claim_id: int) -> HttpResponseBase:
    """The evidence file, for whoever may see the claim."""
    claim = access.access_claim(request.auth, claim_id)  # type: ignore[attr-defined]
    return serve_file(request, claim.evidence, filename=claim.evidence_name)


class ApproveIn(Schema):
    hours: float | str | None = None
    note: str = ""


class ReasonIn(Schema):
    reason: str = ""


@router.post("/claims/{claim_id}/approve")
def claim_approve(request: HttpRequest, claim_id: int, payload: ApproveIn) -> dict:
    """Approves with the hours claimed, or the fewer `hours` given; credits the ledger at once."""
    user = request.auth  # type: ignore[attr-defined]
    claim = access.access_claim(user, claim_id)
    return claim_out(services.claim_approve(actor=user, claim=claim, hours=payload.hours, note=payload.note),
                     with_learner=True)


@router.post("/claims/{claim_id}/reject")
def claim_reject(request: HttpRequest, claim_id: int, payload: ReasonIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    claim = access.access_claim(user, claim_id)
    return claim_out(services.claim_reject(actor=user, claim=claim, reason=payload.reason), with_learner=True)


@router.post("/claims/{claim_id}/revoke")
def claim_revoke(request: HttpRequest, claim_id: int, payload: ReasonIn) -> dict:
    """Revokes an approved claim: a reversing ledger entry takes its hours back."""
    user = request.auth  # type: ignore[attr-defined]
    claim = access.access_claim(user, claim_id)
    return claim_out(services.claim_revoke(actor=user, claim=claim, reason=payload.reason), with_learner=True)

"""Base reviews (例行考核) API.

`GET|POST /review-rounds` (open: `{"start_year", "end_year", "self_deadline", "dimensions":
[{"code", "max_score"}], "pass_mark", "excellent_mark"}`, all but the first and the deadline
optional), `GET /review-rounds/{id}` (with the overview counts), `GET /reviews?round=&status=`,
`GET /reviews/{id}`, `GET /reviews/{id}/evidence`, `POST /reviews/{id}/self-assessment` (JSON
`{"items": {"RULES": {"text", "score"}, ...}}`, or multipart with `text_RULES`, `score_RULES`, …
and an optional `evidence` file), `POST /reviews/{id}/assessment` (`{"scores": {"RULES":
{"score", "comment"}, ...}, "findings": [...], "findings_note", "comment", "suspend_base"}`),
`POST /reviews/{id}/confirm` (`{"suspend_base"}`), `POST /reviews/{id}/return` (`{"reason"}`),
`GET /me/review?round=` for a base. The province closes a round after its deadlines with
`POST /review-rounds/{id}/close` (opening takes an optional `"assessment_deadline"`), and lifts a
suspension on a later passed review with `POST /reviews/{id}/lift-suspension` (rules: closing.py).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from jxjy.accounts.models import User
from jxjy.core import clock
from jxjy.core.errors import NotFound, PermissionDenied, ValidationFailed
from jxjy.core.media import serve_file

from . import access, selectors, services
from .models import BaseReview, Dimension, ReviewRound

router = Router(tags=["reviews"])


def _num(value: Any) -> float | int | None:
    if value is None or value == "":
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def round_out(r: ReviewRound) -> dict[str, Any]:
    labels = dict(Dimension.choices)
    return {"id": r.pk, "period": r.period, "start_year": r.start_year, "end_year": r.end_year,
            "dimensions": [{"code": d["code"], "name": str(labels.get(d["code"], d["code"])),
                            "max_score": _num(d["max_score"])} for d in r.dimensions],
            "total_max": _num(r.total_max), "pass_mark": _num(r.pass_mark),
            "excellent_mark": _num(r.excellent_mark), "self_deadline": r.self_deadline, "opened_at": r.opened_at,
            "assessment_deadline": r.assessment_deadline, "closed_at": r.closed_at,
            "closed_by": str(r.closed_by) if r.closed_by_id else None}


def review_out(r: BaseReview, user: Any) -> dict[str, Any]:
    today = clock.today()
    return {
        "id": r.pk, "round": {"id": r.round_id, "period": r.round.period},
        "base": {"id": r.base_id, "name": r.base.name, "level": r.base.level, "city": r.base.city.name},
        "status": r.status, "status_display": r.get_status_display(),
        "dimensions": [{"code": row["code"], "name": str(row["label"]), "max_score": _num(row["max_score"]),
                        "self": {"text": row["text"], "score": _num(row["self_score"])},
                        "assessment": {"score": _num(row["score"]), "comment": row["comment"]}}
                       for row in r.rows()],
        "self_total": _num(r.self_total), "self_submitted_at": r.self_submitted_at,
        "evidence": ({"name": r.evidence_name, "url": reverse("api:reviews_evidence", kwargs={"review_id": r.pk})}
                     if r.evidence else None),
        "total_score": _num(r.total_score), "conclusion": r.conclusion or None,
        "conclusion_display": r.get_conclusion_display() if r.conclusion else "",
        "findings": r.findings, "findings_display": r.finding_labels(), "findings_note": r.findings_note,
        "forced_fail": r.forced_fail, "comment": r.comment, "assessed_at": r.assessed_at,
        "confirmed_at": r.confirmed_at, "return_reason": r.return_reason, "base_suspended": r.base_suspended,
        "needs_confirmation": r.needs_confirmation,
        "overdue": r.status == BaseReview.Status.OVERDUE,
        "suspension_lifted_at": r.suspension_lifted_at,
        "suspension_lifted_by": str(r.suspension_lifted_by) if r.suspension_lifted_by_id else None,
        "actions": {"self_assess": access.may_self_assess(user, r, today), "assess": access.may_assess(user, r, today),
                    "confirm": access.may_confirm(user, r)},
        "may_lift_suspension": access.may_lift_suspension(user, r),
    }


class DimensionIn(Schema):
    code: str
    max_score: float | str


class RoundIn(Schema):
    start_year: int | str
    end_year: int | str | None = None
    self_deadline: str
    dimensions: list[DimensionIn] | None = None
    pass_mark: float | str | None = None
    excellent_mark: float | str | None = None
    assessment_deadline: str | None = None


@router.get("/review-rounds")
def rounds(request: HttpRequest) -> dict:
    qs = access.rounds_visible(request.auth)  # type: ignore[attr-defined]
    return {"count": qs.count(), "items": [round_out(r) for r in qs]}


@router.post("/review-rounds", response={201: dict})
def round_open(request: HttpRequest, payload: RoundIn) -> tuple[int, dict]:
    """The province opens a round; one review is created for every active base."""
    found = services.round_open(
        actor=request.auth, start_year=payload.start_year, end_year=payload.end_year,  # type: ignore[attr-defined]
        self_deadline=payload.self_deadline, pass_mark=payload.pass_mark, excellent_mark=payload.excellent_mark,
        assessment_deadline=payload.assessment_deadline,
        dimensions=[d.dict() for d in payload.dimensions] if payload.dimensions is not None else None)
    return 201, {**round_out(found), "reviews": found.reviews.count()}


@router.get("/review-rounds/{round_id}")
def round_detail(request: HttpRequest, round_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_round(user, round_id)
    return {**round_out(found), "overview": selectors.overview(user, found)}


@router.post("/review-rounds/{round_id}/close")
def round_close(request: HttpRequest, round_id: int) -> dict:
    """The province closes a round after its deadlines; unfinished reviews become overdue."""
    user = request.auth  # type: ignore[attr-defined]
    found = services.round_close(actor=user, review_round=access.access_round(user, round_id))
    return {**round_out(found), "overview": selectors.overview(user, found)}


@router.get("/reviews")
def reviews(request: HttpRequest, round: int | None = None, status: str = "", limit: int = 50,  # noqa: A002
            offset: int = 0) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    access.require_round_reader(user)
    qs = selectors.reviews_filtered(user, round_id=round, status=status)
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    return {"count": qs.count(), "items": [review_out(r, user) for r in qs[offset:offset + limit]]}


@router.get("/reviews/{review_id}")
def review(request: HttpRequest, review_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_review(user, review_id)
    return {**review_out(found, user), "evaluations": _evaluations_out(selectors.evaluation_evidence(found))}


def _evaluations_out(found: dict[str, Any]) -> dict[str, Any]:
    """Learners' evaluations of the base's courses in the round's years: read-only evidence."""
    def averages(a: dict[str, Any]) -> dict[str, float | None]:
        return {k: float(v) if v is not None else None for k, v in a.items()}

    return {"count": found["count"], "low": found["low"], "averages": averages(found["averages"]),
            "years": [{"year": y["year"], "count": y["count"], "averages": averages(y["averages"])}
                      for y in found["years"]]}


@router.get("/reviews/{review_id}/evidence", url_name="reviews_evidence")
def review_evidence(request: HttpRequest, review_id: int) -> HttpResponseBase:
    found = access.access_review(request.auth, review_id)  # type: ignore[attr-defined]
    return serve_file(request, found.evidence, filename=found.evidence_name)


def self_items_from_form(data: Any) -> dict[str, dict[str, Any]]:
    return {d: {"text": data.get(f"text_{d}", ""), "score": data.get(f"score_{d}", "")} for d in Dimension.values}


@router.post("/reviews/{review_id}/self-assessment")
def self_assess(request: HttpRequest, review_id: int) -> dict:
    """JSON `{"items": {"RULES": {"text", "score"}, ...}}`, or a multipart form with `text_<CODE>`,
    `score_<CODE>` and an optional `evidence` file."""
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_review(user, review_id)
    evidence = None
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError as exc:
            raise ValidationFailed(_("The request body is not valid JSON")) from exc
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, dict):
            raise ValidationFailed(_("Send the dimensions as “items”"), code="review_invalid")
        items = {str(k).upper(): v if isinstance(v, dict) else {} for k, v in items.items()}
    else:
        items = self_items_from_form(request.POST)
        evidence = request.FILES.get("evidence")
    return review_out(services.review_self_assess(actor=user, review=found, items=items, evidence=evidence), user)


class ScoreIn(Schema):
    score: float | str | None = None
    comment: str = ""


class AssessmentIn(Schema):
    scores: dict[str, ScoreIn]
    findings: list[str] = []
    findings_note: str = ""
    comment: str = ""
    suspend_base: bool = False


class ConfirmIn(Schema):
    suspend_base: bool = False


class ReturnIn(Schema):
    reason: str = Field("", max_length=2000)


@router.post("/reviews/{review_id}/assessment")
def assess(request: HttpRequest, review_id: int, payload: AssessmentIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_review(user, review_id)
    scores = {k.upper(): v.dict() for k, v in payload.scores.items()}
    return review_out(services.review_assess(actor=user, review=found, scores=scores, findings=payload.findings,
                                             findings_note=payload.findings_note, comment=payload.comment,
                                             suspend_base=payload.suspend_base), user)


@router.post("/reviews/{review_id}/confirm")
def confirm(request: HttpRequest, review_id: int, payload: ConfirmIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_review(user, review_id)
    return review_out(services.review_confirm(actor=user, review=found, suspend_base=payload.suspend_base), user)


@router.post("/reviews/{review_id}/return")
def send_back(request: HttpRequest, review_id: int, payload: ReturnIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_review(user, review_id)
    return review_out(services.review_return(actor=user, review=found, reason=payload.reason), user)


@router.get("/me/review")
def my_review(request: HttpRequest, round: int | None = None) -> dict:  # noqa: A002
    """The signed-in base's review in the latest round (or the given one)."""
    user = request.auth  # type: ignore[attr-defined]
    if getattr(user, "role", "") != User.Role.BASE_ADMIN:
        raise PermissionDenied(_("Only a training base has its own review"), code="base_only")
    found = selectors.own_review(user, round)
    if found is None:
        raise NotFound(_("Base review not found"), code="review_not_found")
    return review_out(found, user)


@router.post("/reviews/{review_id}/lift-suspension")
def lift_suspension(request: HttpRequest, review_id: int) -> dict:
    """The province reinstates a base a review suspended, on this later review the base passed."""
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_review(user, review_id)
    return review_out(services.review_lift_suspension(actor=user, review=found), user)

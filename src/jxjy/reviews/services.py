"""Writes on base reviews (例行考核): opening a round, the base's self-assessment, the
assessment by the authority in charge, the province's confirmation or return, closing the round,
lifting a suspension. Every step is audited; a confirmed fail may suspend the base, and a later
pass let the province lift it, through `jxjy.org.services.base_set_status`. The rules of closing
and lifting are in `closing.py`."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jxjy.accounts.models import User
from jxjy.core import clock, evidence
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, PermissionDenied, ValidationFailed
from jxjy.org.models import TrainingBase
from jxjy.org.services import base_set_status

from . import access, closing, scoring
from .models import BaseReview, Conclusion, Dimension, Finding, ReviewRound
from .signals import round_opened

TEXT_MAX = 2000
REASON_MAX = 500
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

_REVIEW_FIELDS = ["status", "self_assessment", "self_total", "self_submitted_at", "self_submitted_by",
                  "evidence_name", "assessment", "findings", "findings_note", "total_score", "conclusion",
                  "comment", "assessed_at", "assessed_by", "confirmed_at", "confirmed_by", "return_reason",
                  "base_suspended", "suspension_lifted_at", "suspension_lifted_by"]


def _snap(review: BaseReview) -> dict[str, Any]:
    return snapshot(review, _REVIEW_FIELDS)


def _invalid(message: str, errors: list[dict[str, str]], code: str = "review_invalid") -> ValidationFailed:
    problems = pgettext("list separator", "; ").join(e["reason"] for e in errors)
    return ValidationFailed(_("%(message)s: %(problems)s") % {"message": message, "problems": problems},
                            code=code, detail={"errors": errors})


def _label(code: str) -> str:
    return str(dict(Dimension.choices).get(code, code))


def _score_reasons(scheme: scoring.Scheme, scores: dict[str, Any]) -> list[dict[str, str]]:
    errors = []
    for code, problem in scoring.score_problems(scheme, scores):
        values = {"dimension": _label(code), "max": f"{scheme.max_of(code):g}"}
        if problem == "missing":
            reason = _("Give a score for “%(dimension)s”") % values
        elif problem == "above_max":
            reason = _("“%(dimension)s” scores at most %(max)s points") % values
        else:
            reason = _("The score for “%(dimension)s” must be a number from 0 to %(max)s, with at most one "
                       "decimal") % values
        errors.append({"field": f"score_{code}", "reason": reason})
    return errors


def _mark(value: Any, default: Decimal) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return default
    return scoring.parse_score(value)


# ---------------------------------------------------------------------------------------------
# Rounds


@transaction.atomic
def round_open(*, actor: User, start_year: Any, end_year: Any = None, self_deadline: Any,
               dimensions: list[dict[str, Any]] | None = None, pass_mark: Any = None,
               excellent_mark: Any = None, assessment_deadline: Any = None) -> ReviewRound:
    """The province opens a review round for a period of (usually) two years; one review is
    created for every active base, and for every base a review suspended (its way back,
    closing.py rule 5). The dimensions' maximum scores and the marks default to 20 each, pass 60
    and excellent 90. The optional assessment deadline, on or after the self-assessment one, is
    when the round may be closed."""
    if not access.is_province(actor):
        raise PermissionDenied(_("Only the province opens base review rounds"), code="province_only")
    errors: list[dict[str, str]] = []
    try:
        first = int(str(start_year).strip())
    except (TypeError, ValueError):
        first = 0
    if not 2000 <= first <= 2100:
        errors.append({"field": "start_year", "reason": _("Enter the period's first year")})
    try:
        last = int(str(end_year).strip()) if end_year not in (None, "") else first + 1
    except (TypeError, ValueError):
        last = 0
    if first and last < first:
        errors.append({"field": "end_year", "reason": _("The last year may not be before the first")})
    deadline = self_deadline if isinstance(self_deadline, dt.date) else None
    if deadline is None:
        try:
            deadline = dt.date.fromisoformat(str(self_deadline or "").strip())
        except ValueError:
            errors.append({"field": "self_deadline", "reason": _("Enter the self-assessment deadline (YYYY-MM-DD)")})
    if deadline is not None and deadline < clock.today():
        errors.append({"field": "self_deadline", "reason": _("The deadline may not be in the past")})
    scoring_deadline = assessment_deadline if isinstance(assessment_deadline, dt.date) else None
    if scoring_deadline is None and str(assessment_deadline or "").strip():
        try:
            scoring_deadline = dt.date.fromisoformat(str(assessment_deadline).strip())
        except ValueError:
            errors.append({"field": "assessment_deadline",
                           "reason": _("Enter the assessment deadline (YYYY-MM-DD) or leave it empty")})
    if scoring_deadline is not None and deadline is not None and scoring_deadline < deadline:
        errors.append({"field": "assessment_deadline",
                       "reason": _("The assessment deadline may not be before the self-assessment deadline")})
    dims: list[dict[str, Any]] = []
    for item in dimensions or [{"code": c, "max_score": scoring.DEFAULT_MAX} for c in scoring.DIMENSIONS]:
        code = str(item.get("code", "")).strip().upper() if isinstance(item, dict) else ""
        top = scoring.parse_score(item.get("max_score")) if isinstance(item, dict) else None
        if top is None or top <= 0:
            errors.append({"field": "dimensions", "reason": _("Each dimension needs a maximum score above 0")})
            top = Decimal(0)
        dims.append({"code": code, "max_score": int(top) if top == top.to_integral_value() else float(top)})
    pass_value = _mark(pass_mark, scoring.DEFAULT_PASS)
    excellent_value = _mark(excellent_mark, scoring.DEFAULT_EXCELLENT)
    if pass_value is None:
        errors.append({"field": "pass_mark", "reason": _("The pass mark must be a number")})
    if excellent_value is None:
        errors.append({"field": "excellent_mark", "reason": _("The excellent mark must be a number")})
    if not errors and pass_value is not None and excellent_value is not None:
        scheme = scoring.Scheme(tuple(scoring.Dimension(d["code"], Decimal(str(d["max_score"]))) for d in dims),
                                pass_value, excellent_value)
        for field, problem in scoring.scheme_problems(scheme):
            reason = {
                "dimensions_must_be_the_five": _("The dimensions must be the five of the notice, each once"),
                "max_score_not_positive": _("Each dimension needs a maximum score above 0"),
                "pass_mark_out_of_range": _("The pass mark must be above 0 and at most the total"),
                "excellent_mark_out_of_range": _("The excellent mark must be between the pass mark and the total"),
            }[problem]
            errors.append({"field": field, "reason": reason})
    if errors:
        raise _invalid(_("The review round cannot be opened"), errors)
    assert deadline is not None and pass_value is not None and excellent_value is not None
    if ReviewRound.objects.filter(start_year=first, end_year=last).exists():
        raise Conflict(_("A review round for %(period)s is already open") % {"period": f"{first}–{last}"},
                       code="review_round_exists")
    found = ReviewRound.objects.create(start_year=first, end_year=last, dimensions=dims, pass_mark=pass_value,
                                       excellent_mark=excellent_value, self_deadline=deadline,
                                       assessment_deadline=scoring_deadline, opened_at=clock.now(), opened_by=actor)
    suspended_by_review = TrainingBase.objects.filter(status=TrainingBase.Status.SUSPENDED,
                                                      reviews__base_suspended=True)
    bases = list((TrainingBase.objects.filter(status=TrainingBase.Status.ACTIVE) | suspended_by_review)
                 .distinct().order_by("pk"))
    BaseReview.objects.bulk_create([BaseReview(round=found, base=b) for b in bases])
    audit_record(actor=actor, action="review_round.open", obj=found,
                 after={**snapshot(found), "bases": [b.pk for b in bases]})
    round_opened.send(sender=ReviewRound, review_round=found)
    return found


# ---------------------------------------------------------------------------------------------
# The base's self-assessment


def _evidence_problem(upload: Any) -> str | None:
    return evidence.problem(upload, max_bytes=EVIDENCE_MAX_BYTES)


def _locked(review: BaseReview) -> BaseReview:
    """The review, locked, refused if its round has closed. The round is read again after the
    lock: a close that committed while we waited is seen, so no change lands after it."""
    row = BaseReview.objects.select_for_update(of=("self",)).select_related("round", "base").get(pk=review.pk)
    if ReviewRound.objects.filter(pk=row.round_id, closed_at__isnull=False).exists():
        raise Conflict(_("The review round %(period)s is closed; its reviews can no longer be changed")
                       % {"period": row.round.period}, code="review_round_closed")
    return row


def review_self_assess(*, actor: User, review: BaseReview, items: dict[str, dict[str, Any]],
                       evidence: Any = None) -> BaseReview:
    """The base submits its self-assessment: for each dimension a description and a self score
    (0 to the round's maximum), with one optional evidence file (PDF, JPG or PNG). Once, before
    the round's deadline."""
    if not access.is_own_base(actor, review):
        raise PermissionDenied(_("Only the base itself fills in its self-assessment"), code="review_own_base_only")
    scheme = review.round.scheme
    errors: list[dict[str, str]] = []
    cleaned: dict[str, dict[str, Any]] = {}
    for d in scheme.dimensions:
        item = items.get(d.code) or {}
        text = str(item.get("text") or "").strip()
        if not text:
            errors.append({"field": f"text_{d.code}", "reason": _("Describe “%(dimension)s”")
                           % {"dimension": _label(d.code)}})
        elif len(text) > TEXT_MAX:
            errors.append({"field": f"text_{d.code}", "reason": _("“%(dimension)s” may have at most %(n)s "
                                                                  "characters") % {"dimension": _label(d.code),
                                                                                   "n": TEXT_MAX}})
        cleaned[d.code] = {"text": text, "score": item.get("score")}
    errors.extend(_score_reasons(scheme, {c: v["score"] for c, v in cleaned.items()}))
    has_file = evidence is not None and bool(getattr(evidence, "size", 0))
    if has_file:
        problem = _evidence_problem(evidence)
        if problem:
            errors.append({"field": "evidence", "reason": problem})
    if errors:
        raise _invalid(_("The self-assessment cannot be submitted"), errors)
    for v in cleaned.values():
        v["score"] = str(scoring.parse_score(v["score"]))
    with transaction.atomic():
        row = _locked(review)
        if row.status != BaseReview.Status.AWAITING_SELF:
            raise Conflict(_("The self-assessment has already been submitted"), code="review_self_done")
        if access.self_deadline_passed(row, clock.today()):
            raise Conflict(_("The self-assessment deadline (%(date)s) has passed")
                           % {"date": row.round.self_deadline.isoformat()}, code="review_deadline_passed")
        before = _snap(row)
        stored = ""
        if has_file:
            field = BaseReview._meta.get_field("evidence")
            ext = os.path.splitext(evidence.name)[1].lower()
            stored = field.storage.save(f"reviews/evidence/{uuid.uuid4().hex}{ext}", evidence)  # type: ignore[attr-defined]
        try:
            row.self_assessment = cleaned
            row.self_total = scoring.total(scheme, {c: v["score"] for c, v in cleaned.items()})
            row.self_submitted_at = clock.now()
            row.self_submitted_by = actor
            row.status = BaseReview.Status.SELF_SUBMITTED
            fields = ["self_assessment", "self_total", "self_submitted_at", "self_submitted_by", "status"]
            if stored:
                row.evidence = stored
                row.evidence_name = os.path.basename(evidence.name)[:120]
                fields += ["evidence", "evidence_name"]
            row.save(update_fields=fields)
            audit_record(actor=actor, action="review.self_assess", obj=row, before=before,
                         after={**_snap(row), "evidence": row.evidence.name})
        except Exception:
            if stored:
                field.storage.delete(stored)  # type: ignore[attr-defined]
            raise
    return row


# ---------------------------------------------------------------------------------------------
# Assessment, confirmation, return


def _suspend(actor: User, row: BaseReview) -> None:
    base_set_status(actor=actor, base=row.base, status=TrainingBase.Status.SUSPENDED,
                    reason=_("Failed the base review %(period)s (review %(id)s)")
                    % {"period": row.round.period, "id": row.pk})
    row.base_suspended = True


def review_assess(*, actor: User, review: BaseReview, scores: dict[str, dict[str, Any]],
                  findings: list[str] | None = None, findings_note: Any = "", comment: Any = "",
                  suspend_base: bool = False) -> BaseReview:
    """The authority in charge scores each dimension (0 to its maximum, with a comment), may
    record sanctioned findings and concludes. The conclusion follows from the total (see
    `scoring.conclude`), and is a fail whenever a finding is recorded. A city bureau's
    assessment goes to the province for confirmation; the province's own (of a provincial base)
    is final and may suspend a failed base at once."""
    if not access.is_authority(actor, review):
        raise PermissionDenied(_("Only the authority in charge of the base assesses it"),
                               code="review_authority_only")
    scheme = review.round.scheme
    errors = _score_reasons(scheme, {c: (scores.get(c) or {}).get("score") for c in scheme_codes(scheme)})
    comments = {c: str((scores.get(c) or {}).get("comment") or "").strip() for c in scheme_codes(scheme)}
    for code, text in comments.items():
        if len(text) > REASON_MAX:
            errors.append({"field": f"comment_{code}", "reason": _("At most %(n)s characters") % {"n": REASON_MAX}})
    found = [str(f).strip().upper() for f in (findings or []) if str(f).strip()]
    unknown = [f for f in found if f not in Finding.values]
    if unknown:
        errors.append({"field": "findings", "reason": _("Unknown finding: %(names)s") % {"names": ", ".join(unknown)}})
    note = str(findings_note or "").strip()
    if found and not note:
        errors.append({"field": "findings_note", "reason": _("Describe what was found")})
    overall = str(comment or "").strip()
    if len(overall) > TEXT_MAX or len(note) > TEXT_MAX:
        errors.append({"field": "comment", "reason": _("At most %(n)s characters") % {"n": TEXT_MAX}})
    if errors:
        raise _invalid(_("The assessment cannot be recorded"), errors)
    found = [f for f in Finding.values if f in found]  # the notice's order, each once
    assessed = {c: {"score": str(scoring.parse_score((scores.get(c) or {}).get("score"))), "comment": comments[c]}
                for c in scheme_codes(scheme)}
    points = scoring.total(scheme, {c: v["score"] for c, v in assessed.items()})
    conclusion = scoring.conclude(scheme, points, found)
    final = not review.needs_confirmation
    if suspend_base and not (final and conclusion == Conclusion.FAIL):
        raise ValidationFailed(_("Only a final fail can suspend the base"), code="review_suspend_not_allowed",
                               detail={"errors": [{"field": "suspend_base",
                                                   "reason": _("Only a final fail can suspend the base")}]})
    with transaction.atomic():
        row = _locked(review)
        if not access.may_assess(actor, row, clock.today()):
            raise Conflict(_("This review cannot be assessed now"), code="review_not_assessable")
        before = _snap(row)
        row.assessment, row.findings, row.findings_note = assessed, found, note
        row.total_score, row.conclusion, row.comment = points, conclusion, overall
        row.assessed_at, row.assessed_by = clock.now(), actor
        row.return_reason = ""
        fields = ["assessment", "findings", "findings_note", "total_score", "conclusion", "comment", "assessed_at",
                  "assessed_by", "return_reason", "status"]
        if final:
            row.status = BaseReview.Status.FINISHED
            row.confirmed_at, row.confirmed_by = row.assessed_at, actor
            fields += ["confirmed_at", "confirmed_by"]
            if suspend_base:
                _suspend(actor, row)
                fields.append("base_suspended")
        else:
            row.status = BaseReview.Status.AWAITING_CONFIRMATION
        row.save(update_fields=fields)
        audit_record(actor=actor, action="review.assess", obj=row, before=before, after=_snap(row))
    return row


def scheme_codes(scheme: scoring.Scheme) -> list[str]:
    return [d.code for d in scheme.dimensions]


def review_confirm(*, actor: User, review: BaseReview, suspend_base: bool = False) -> BaseReview:
    """The province confirms a city bureau's conclusion; a confirmed fail may suspend the base."""
    if not access.is_province(actor):
        raise PermissionDenied(_("Only the province confirms review conclusions"), code="province_only")
    with transaction.atomic():
        row = _locked(review)
        if row.status != BaseReview.Status.AWAITING_CONFIRMATION:
            raise Conflict(_("This review is not awaiting confirmation"), code="review_not_awaiting_confirmation")
        if suspend_base and row.conclusion != Conclusion.FAIL:
            raise ValidationFailed(_("Only a final fail can suspend the base"), code="review_suspend_not_allowed",
                                   detail={"errors": [{"field": "suspend_base",
                                                       "reason": _("Only a final fail can suspend the base")}]})
        before = _snap(row)
        row.status = BaseReview.Status.FINISHED
        row.confirmed_at, row.confirmed_by = clock.now(), actor
        fields = ["status", "confirmed_at", "confirmed_by"]
        if suspend_base:
            _suspend(actor, row)
            fields.append("base_suspended")
        row.save(update_fields=fields)
        audit_record(actor=actor, action="review.confirm", obj=row, before=before, after=_snap(row))
    return row


def review_return(*, actor: User, review: BaseReview, reason: Any) -> BaseReview:
    """The province sends a city bureau's conclusion back for re-assessment, saying why."""
    if not access.is_province(actor):
        raise PermissionDenied(_("Only the province confirms review conclusions"), code="province_only")
    text = str(reason or "").strip()
    if not text or len(text) > REASON_MAX:
        message = (_("Give the reason for returning the assessment") if not text
                   else _("At most %(n)s characters") % {"n": REASON_MAX})
        raise ValidationFailed(message, code="reason_required", detail={"errors": [{"field": "reason",
                                                                                    "reason": message}]})
    with transaction.atomic():
        row = _locked(review)
        if row.status != BaseReview.Status.AWAITING_CONFIRMATION:
            raise Conflict(_("This review is not awaiting confirmation"), code="review_not_awaiting_confirmation")
        before = _snap(row)
        row.status = BaseReview.Status.RETURNED
        row.return_reason = text
        row.save(update_fields=["status", "return_reason"])
        audit_record(actor=actor, action="review.return", obj=row, before=before, after=_snap(row))
    return row


# ---------------------------------------------------------------------------------------------
# Closing the round, lifting a suspension (rules: closing.py)


def round_close(*, actor: User, review_round: ReviewRound) -> ReviewRound:
    """The province closes a round after its deadlines. Every review not finished becomes
    OVERDUE: FAIL if the base never submitted its self-assessment, without a conclusion if the
    authority did not conclude. Refused while a conclusion awaits the province's confirmation."""
    if not access.is_province(actor):
        raise PermissionDenied(_("Only the province closes base review rounds"), code="province_only")
    with transaction.atomic():
        found = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
        if found.is_closed:
            raise Conflict(_("The review round %(period)s is already closed") % {"period": found.period},
                           code="review_round_closed")
        if not closing.may_close(clock.today(), found.self_deadline, found.assessment_deadline):
            raise Conflict(_("The review round can be closed only after its deadline (%(date)s)")
                           % {"date": found.last_deadline.isoformat()}, code="review_round_not_due")
        rows = list(BaseReview.objects.select_for_update(of=("self",)).select_related("base")
                    .filter(round=found).exclude(status=BaseReview.Status.FINISHED).order_by("pk"))
        pending = [r.pk for r in rows if r.status == BaseReview.Status.AWAITING_CONFIRMATION]
        if pending:
            raise Conflict(_("%(n)s conclusions still await the province's confirmation; confirm or return them "
                             "before closing the round") % {"n": len(pending)},
                           code="review_round_awaiting_confirmation", detail={"reviews": pending})
        for row in rows:
            before = _snap(row)
            row.conclusion = closing.overdue_conclusion(row.status)
            row.status = BaseReview.Status.OVERDUE
            row.save(update_fields=["status", "conclusion"])
            audit_record(actor=actor, action="review.overdue", obj=row, before=before, after=_snap(row))
        found.closed_at, found.closed_by = clock.now(), actor
        found.save(update_fields=["closed_at", "closed_by"])
        audit_record(actor=actor, action="review_round.close", obj=found,
                     after={"closed_at": found.closed_at.isoformat(), "overdue": [r.pk for r in rows]})
    return found


def review_lift_suspension(*, actor: User, review: BaseReview) -> BaseReview:
    """The province reinstates a base a review suspended, on a later review the base passed;
    recorded on that review (who, when) and in the base's status history."""
    if not access.is_province(actor):
        raise PermissionDenied(_("Only the province lifts a base's suspension"), code="province_only")
    with transaction.atomic():
        # Not `_locked`: lifting changes the base, not the review's result, and stays possible
        # after the round has closed (closing.py rule 4).
        row = BaseReview.objects.select_for_update(of=("self",)).select_related("round", "base").get(pk=review.pk)
        problem = access.lift_problem(row)
        if problem:
            message = {
                "already_lifted": _("The suspension has already been lifted on this review"),
                "base_not_suspended": _("The base is not suspended"),
                "not_suspended_by_a_review": _("The base was not suspended by a review; its status is managed "
                                               "in the organisation register"),
                "review_not_passed": _("Only a finished review the base passed can lift its suspension"),
                "review_not_later": _("Only a review of a later round than the one that suspended the base can "
                                      "lift the suspension"),
            }[problem]
            raise Conflict(message, code=f"review_lift_{problem}")
        before = _snap(row)
        base_set_status(actor=actor, base=row.base, status=TrainingBase.Status.ACTIVE,
                        reason=_("Passed the base review %(period)s (review %(id)s); suspension lifted")
                        % {"period": row.round.period, "id": row.pk})
        row.suspension_lifted_at, row.suspension_lifted_by = clock.now(), actor
        row.save(update_fields=["suspension_lifted_at", "suspension_lifted_by"])
        audit_record(actor=actor, action="review.lift_suspension", obj=row, before=before, after=_snap(row))
    return row

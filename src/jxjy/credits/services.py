"""Writes on the hours ledger. Entries are only ever added: a credit per source object (a course
enrolment, a session, a claim), and corrections that reverse an entry.

Unconfirmed learners: their credits are recorded like anyone's, and the yearly status counts
them only once the employer has confirmed the learner (see `ledger.py`). Nothing is held back
or credited again on confirmation, so no hour is lost or doubled by the order of events.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jxjy.accounts.access import learner_of
from jxjy.accounts.models import Learner, User
from jxjy.core import clock, evidence
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jxjy.learning.models import Enrolment
from jxjy.plans.rules import ClaimType, EquivalentRules
from jxjy.plans.selectors import rules_for

from . import access as claim_access
from . import claims as claims_core
from . import selectors
from .models import CreditEntry, EquivalentHoursClaim
from .signals import claim_decided

logger = logging.getLogger(__name__)


def credit_record(*, learner: Learner, year: int, category: str, hours: Decimal, source: str, reference: str,
                  note: str = "", created_by: Any = None) -> CreditEntry:
    """Adds one credit for a source object. Idempotent per (learner, reference): a retried or
    concurrent second credit returns the first entry instead of counting twice."""
    existing = CreditEntry.objects.filter(learner=learner, reference=reference, reverses__isnull=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CreditEntry.objects.create(
                learner=learner, year=year, category=category, hours=hours, source=source, reference=reference,
                note=note, created_at=clock.now(), created_by=created_by if getattr(created_by, "pk", None) else None)
    except IntegrityError:
        return CreditEntry.objects.get(learner=learner, reference=reference, reverses__isnull=True)


def _exam_passed(enrolment: Enrolment) -> bool:
    # The exams app decides; imported lazily so that the ledger does not depend on it at import.
    try:
        from jxjy.exams.selectors import exam_passed
    except ImportError:
        logger.error("jxjy.exams.selectors.exam_passed is missing; no course can be credited")
        return False
    return bool(exam_passed(enrolment))


def course_credit_if_complete(*, enrolment: Enrolment) -> CreditEntry | None:
    """Credits the course's hours, for its category and the enrolment's year, once every lecture
    is complete and the exam is passed; the enrolment is then completed.

    Called after a lecture completes and after an exam pass (on commit); idempotent, so being
    called twice or concurrently credits once. Returns the entry, or None while not complete.
    """
    from jxjy.learning.selectors import lectures_complete
    from jxjy.learning.services import enrolment_complete

    enrolment = Enrolment.objects.select_related("course", "learner").get(pk=enrolment.pk)
    if not enrolment.can_study:
        return None
    if not lectures_complete(enrolment) or not _exam_passed(enrolment):
        return None
    with transaction.atomic():
        entry = credit_record(learner=enrolment.learner, year=enrolment.year, category=enrolment.course.category,
                              hours=Decimal(enrolment.course.hours), source=CreditEntry.Source.ONLINE_COURSE,
                              reference=f"enrolment:{enrolment.pk}", note=enrolment.course.title[:200])
        enrolment_complete(enrolment=enrolment)
    return entry


def _parse_hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationFailed(_("Hours must be a number"), code="hours_invalid") from exc
    if not hours.is_finite() or hours <= 0 or hours != hours.quantize(Decimal("0.1")) or hours >= 10000:
        raise ValidationFailed(_("Hours must be above 0, with at most one decimal"), code="hours_invalid")
    return hours


def credit_entry_reverse(*, actor: User, entry: CreditEntry, reason: str,
                         replacement_hours: Any = None) -> list[CreditEntry]:
    """An administrative correction by the province or a city bureau: a new entry reverses
    `entry` (the negative of its hours), and optionally another records the right hours in its
    place. Nothing is edited; both are audited. Returns the entries added."""
    if getattr(actor, "role", "") not in (User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN):
        raise PermissionDenied(_("Only the province or a city bureau may correct hours"), code="corrections_only")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the correction"), code="reason_required",
                               detail={"errors": [{"field": "reason", "reason": _("Required")}]})
    replacement = None if replacement_hours in (None, "") else _parse_hours(replacement_hours)
    if entry.reverses_id is not None:
        raise Conflict(_("A reversing entry cannot itself be reversed; add a replacement instead"),
                       code="entry_is_reversal")
    added: list[CreditEntry] = []
    with transaction.atomic():
        if CreditEntry.objects.filter(reverses=entry).exists():
            raise Conflict(_("This entry has already been reversed"), code="entry_already_reversed")
        now = clock.now()
        try:
            with transaction.atomic():
                added.append(CreditEntry.objects.create(
                    learner_id=entry.learner_id, year=entry.year, category=entry.category, hours=-entry.hours,
                    source=CreditEntry.Source.CORRECTION, reference=entry.reference, reverses=entry,
                    note=reason[:200], created_at=now, created_by=actor))
        except IntegrityError as exc:
            raise Conflict(_("This entry has already been reversed"), code="entry_already_reversed") from exc
        if replacement is not None:
            added.append(CreditEntry.objects.create(
                learner_id=entry.learner_id, year=entry.year, category=entry.category, hours=replacement,
                source=CreditEntry.Source.CORRECTION, reference=f"correction:{entry.pk}", note=reason[:200],
                created_at=now, created_by=actor))
        audit_record(actor=actor, action="credit.reverse", obj=entry, before=snapshot(entry),
                     after={"reason": reason, "added": [snapshot(e) for e in added]})
    return added


# ---------------------------------------------------------------------------------------------
# Equivalent-hours claims (同等学时认证): the learner files, the employer reviews (RULES-2020 §7)

# Evidence is a scan or a photo of a certificate, a paper's first page, a project's approval...
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
TITLE_MAX = 200
DESCRIPTION_MAX = 2000
REASON_MAX = 500


def _fmt(hours: Decimal) -> str:
    return str(int(hours)) if hours == hours.to_integral_value() else str(hours.normalize())


def _hours_or_none(value: Any) -> Decimal | None:
    try:
        return _parse_hours(value)
    except ValidationFailed:
        return None


def _date_or_none(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _problems(errors: list[dict[str, str]]) -> str:
    return pgettext("list separator", "; ").join(e["reason"] for e in errors)


def _cap_reasons(problems: list[claims_core.CapExceeded], claim_type: ClaimType, year: int) -> list[str]:
    reasons = []
    for p in problems:
        values = {"type": claim_type.name, "cap": _fmt(p.cap), "available": _fmt(p.available), "year": year}
        if p.kind == claims_core.PER_CLAIM:
            reasons.append(_("One claim of “%(type)s” may have at most %(cap)s hours") % values)
        elif p.kind == claims_core.TYPE_YEAR:
            reasons.append(_("“%(type)s” counts at most %(cap)s hours in %(year)s; %(available)s hours remain")
                           % values)
        else:
            reasons.append(_("Equivalent hours count at most %(cap)s hours in %(year)s in all; %(available)s hours "
                             "remain") % values)
    return reasons


def _evidence_problem(upload: Any) -> str | None:
    if upload is None or not getattr(upload, "size", 0):
        return _("Attach the evidence (PDF, JPG or PNG)")
    return evidence.problem(upload, max_bytes=EVIDENCE_MAX_BYTES)


def _lock_learner(learner: Learner) -> None:
    # Claims of one learner are checked against shared caps: one at a time.
    Learner.objects.select_for_update().filter(pk=learner.pk).first()


def _claim_snapshot(claim: EquivalentHoursClaim) -> dict[str, Any]:
    # The audit log takes plain values: the evidence as its stored name.
    names = [f.name for f in EquivalentHoursClaim._meta.concrete_fields if f.name != "evidence"]
    return {**snapshot(claim, names), "evidence": claim.evidence.name}


_CLAIM_FIELDS = ["status", "hours_claimed", "hours_approved", "review_note", "reviewed_by", "reviewed_at",
                 "withdrawn_at", "revoked_at", "revoked_by", "revoke_reason", "credit_entry"]


def claim_submit(*, actor: User, year: Any, claim_type: Any, title: Any, started_on: Any, ended_on: Any,
                 hours: Any, evidence: Any, description: Any = "") -> EquivalentHoursClaim:
    """A learner files an equivalent-hours claim for a year, with one evidence file.

    Checked against the year's plan: the type must be one of the plan's, and the hours must fit
    the type's per-claim cap, its yearly cap and the overall yearly cap, counting the learner's
    pending and approved claims. Every problem is reported at once (422, `detail.errors`)."""
    learner = learner_of(actor)
    errors: list[dict[str, str]] = []

    def err(field: str, reason: str) -> None:
        errors.append({"field": field, "reason": str(reason)})

    try:
        year_value: int | None = int(str(year).strip())
    except (TypeError, ValueError):
        year_value = None
        err("year", _("Enter the year"))
    rules: EquivalentRules | None = None
    if year_value is not None:
        try:
            rules = rules_for(year_value).equivalent
        except NotFound:
            err("year", _("The plan for %(year)s has not been published") % {"year": year_value})
        else:
            if not rules.types:
                err("year", _("The %(year)s plan takes no equivalent-hours claims") % {"year": year_value})
    code = str(claim_type or "").strip()
    kind: ClaimType | None = None
    if not code:
        err("claim_type", _("Choose the type of activity"))
    elif rules is not None and rules.types:
        kind = rules.type(code)
        if kind is None:
            err("claim_type", _("This type of activity is not in the %(year)s plan") % {"year": year_value})
    title_text = str(title or "").strip()
    if not title_text:
        err("title", _("Name the activity"))
    elif len(title_text) > TITLE_MAX:
        err("title", _("The activity's name may have at most %(n)s characters") % {"n": TITLE_MAX})
    description_text = str(description or "").strip()
    if len(description_text) > DESCRIPTION_MAX:
        err("description", _("The description may have at most %(n)s characters") % {"n": DESCRIPTION_MAX})
    start, end = _date_or_none(started_on), _date_or_none(ended_on)
    if start is None:
        err("started_on", _("Enter the start date (YYYY-MM-DD)"))
    if end is None:
        err("ended_on", _("Enter the end date (YYYY-MM-DD)"))
    if start is not None and end is not None and start > end:
        err("ended_on", _("The end date may not be before the start date"))
    if end is not None and end > clock.today():
        err("ended_on", _("Only an activity that has ended can be claimed"))
    if end is not None and year_value is not None and end.year != year_value:
        err("ended_on", _("The activity must end in the year claimed (%(year)s)") % {"year": year_value})
    hours_value = _hours_or_none(hours)
    if hours_value is None:
        err("hours", _("The hours must be a number above 0, with at most one decimal"))
    evidence_problem = _evidence_problem(evidence)
    if evidence_problem:
        err("evidence", evidence_problem)

    with transaction.atomic():
        _lock_learner(learner)
        if kind is not None and rules is not None and hours_value is not None and year_value is not None:
            usage = selectors.claim_usage(learner, year_value, include_pending=True)
            caps = claims_core.cap_problems(rules=rules, claim_type=kind, hours=hours_value,
                                            used_of_type=usage.of_type(kind.code), used_overall=usage.overall)
            for reason in _cap_reasons(caps, kind, year_value):
                err("hours", reason)
        if errors:
            raise ValidationFailed(_("The claim cannot be filed: %(problems)s") % {"problems": _problems(errors)},
                                   code="claim_invalid", detail={"errors": errors})
        assert kind is not None and year_value is not None and hours_value is not None
        assert start is not None and end is not None
        field = EquivalentHoursClaim._meta.get_field("evidence")
        ext = os.path.splitext(evidence.name)[1].lower()
        stored = field.storage.save(f"claims/evidence/{uuid.uuid4().hex}{ext}", evidence)  # type: ignore[attr-defined]
        try:
            claim = EquivalentHoursClaim.objects.create(
                learner=learner, year=year_value, claim_type=kind.code, type_name=kind.name, category=kind.category,
                title=title_text, description=description_text, started_on=start, ended_on=end,
                hours_claimed=hours_value, evidence=stored, evidence_name=os.path.basename(evidence.name)[:120],
                submitted_at=clock.now())
            audit_record(actor=actor, action="claim.submit", obj=claim, after=_claim_snapshot(claim))
        except Exception:
            field.storage.delete(stored)  # type: ignore[attr-defined]
            raise
    return claim


def _locked_claim(claim: EquivalentHoursClaim) -> EquivalentHoursClaim:
    return EquivalentHoursClaim.objects.select_for_update(of=("self",)).select_related("learner").get(pk=claim.pk)


def _not_pending() -> Conflict:
    return Conflict(_("This claim is no longer awaiting review"), code="claim_not_pending")


def claim_withdraw(*, actor: User, claim: EquivalentHoursClaim) -> EquivalentHoursClaim:
    """The learner takes back a claim still awaiting review."""
    if claim.learner.user_id != actor.pk:
        raise PermissionDenied(_("Only the learner who filed a claim may withdraw it"), code="claim_own_only")
    with transaction.atomic():
        row = _locked_claim(claim)
        if row.status != EquivalentHoursClaim.Status.PENDING:
            raise _not_pending()
        before = snapshot(row, _CLAIM_FIELDS)
        row.status = EquivalentHoursClaim.Status.WITHDRAWN
        row.withdrawn_at = clock.now()
        row.save(update_fields=["status", "withdrawn_at"])
        audit_record(actor=actor, action="claim.withdraw", obj=row, before=before, after=snapshot(row, _CLAIM_FIELDS))
    return row


def _require_reviewer(actor: User, claim: EquivalentHoursClaim) -> None:
    if not claim_access.may_review(actor, claim):
        raise PermissionDenied(_("Only a reviewer of the learner's employer may review the claim"),
                               code="claim_employer_only")


def _reason(value: Any, field: str, message: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationFailed(message, code="reason_required", detail={"errors": [{"field": field, "reason": message}]})
    if len(text) > REASON_MAX:
        reason = _("At most %(n)s characters") % {"n": REASON_MAX}
        raise ValidationFailed(reason, code="reason_too_long", detail={"errors": [{"field": field, "reason": reason}]})
    return text


def claim_approve(*, actor: User, claim: EquivalentHoursClaim, hours: Any = None,
                  note: Any = "") -> EquivalentHoursClaim:
    """The learner's employer approves a pending claim, with the hours claimed or fewer; the
    hours are credited to the ledger at once (source: equivalent claim) for the claim's year and
    category. The caps are checked again against the year's published plan and the learner's
    approved claims."""
    _require_reviewer(actor, claim)
    note_text = str(note or "").strip()
    with transaction.atomic():
        _lock_learner(claim.learner)
        row = _locked_claim(claim)
        if row.status != EquivalentHoursClaim.Status.PENDING:
            raise _not_pending()
        errors: list[dict[str, str]] = []
        hours_value = row.hours_claimed if hours in (None, "") else _hours_or_none(hours)
        if hours_value is None:
            errors.append({"field": "hours", "reason": _("The hours must be a number above 0, with at most one "
                                                         "decimal")})
        elif hours_value > row.hours_claimed:
            errors.append({"field": "hours", "reason": _("At most the %(hours)s hours claimed may be approved")
                           % {"hours": _fmt(row.hours_claimed)}})
        if len(note_text) > REASON_MAX:
            errors.append({"field": "note", "reason": _("At most %(n)s characters") % {"n": REASON_MAX}})
        rules = rules_for(row.year).equivalent
        kind = rules.type(row.claim_type)
        if kind is None:
            raise Conflict(_("The year's plan no longer has this type of activity; reject the claim instead"),
                           code="claim_type_not_in_plan")
        if hours_value is not None and not errors:
            usage = selectors.claim_usage(row.learner, row.year, include_pending=False, exclude_id=row.pk)
            caps = claims_core.cap_problems(rules=rules, claim_type=kind, hours=hours_value,
                                            used_of_type=usage.of_type(kind.code), used_overall=usage.overall)
            errors.extend({"field": "hours", "reason": r} for r in _cap_reasons(caps, kind, row.year))
        if errors:
            raise ValidationFailed(_("The claim cannot be approved: %(problems)s") % {"problems": _problems(errors)},
                                   code="claim_invalid", detail={"errors": errors})
        assert hours_value is not None
        before = snapshot(row, _CLAIM_FIELDS)
        entry = credit_record(learner=row.learner, year=row.year, category=row.category, hours=hours_value,
                              source=CreditEntry.Source.EQUIVALENT, reference=row.reference,
                              note=row.title[:200], created_by=actor)
        row.status = EquivalentHoursClaim.Status.APPROVED
        row.hours_approved = hours_value
        row.review_note = note_text
        row.reviewed_by = actor
        row.reviewed_at = clock.now()
        row.credit_entry = entry
        row.save(update_fields=["status", "hours_approved", "review_note", "reviewed_by", "reviewed_at",
                                "credit_entry"])
        audit_record(actor=actor, action="claim.approve", obj=row, before=before, after=snapshot(row, _CLAIM_FIELDS))
    claim_decided.send(sender=EquivalentHoursClaim, claim=row)
    return row


def claim_reject(*, actor: User, claim: EquivalentHoursClaim, reason: Any) -> EquivalentHoursClaim:
    """The learner's employer turns down a pending claim, saying why."""
    _require_reviewer(actor, claim)
    text = _reason(reason, "reason", _("Give the reason for rejecting the claim"))
    with transaction.atomic():
        row = _locked_claim(claim)
        if row.status != EquivalentHoursClaim.Status.PENDING:
            raise _not_pending()
        before = snapshot(row, _CLAIM_FIELDS)
        row.status = EquivalentHoursClaim.Status.REJECTED
        row.review_note = text
        row.reviewed_by = actor
        row.reviewed_at = clock.now()
        row.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        audit_record(actor=actor, action="claim.reject", obj=row, before=before, after=snapshot(row, _CLAIM_FIELDS))
    claim_decided.send(sender=EquivalentHoursClaim, claim=row)
    return row


def claim_revoke(*, actor: User, claim: EquivalentHoursClaim, reason: Any) -> EquivalentHoursClaim:
    """The employer or the province revokes an approved claim (e.g. the evidence proved false):
    a new ledger entry reverses the claim's credit; nothing is edited."""
    if not claim_access.may_revoke(actor, claim):
        raise PermissionDenied(_("Only the learner's employer or the province may revoke a claim"),
                               code="claim_revoke_not_allowed")
    text = _reason(reason, "reason", _("Give the reason for revoking the claim"))
    with transaction.atomic():
        row = _locked_claim(claim)
        if row.status != EquivalentHoursClaim.Status.APPROVED:
            raise Conflict(_("Only an approved claim can be revoked"), code="claim_not_approved")
        before = snapshot(row, _CLAIM_FIELDS)
        entry = row.credit_entry
        reversal = None
        # An administrative correction may have reversed the credit already: never twice.
        if entry is not None and not CreditEntry.objects.filter(reverses=entry).exists():
            reversal = CreditEntry.objects.create(
                learner_id=entry.learner_id, year=entry.year, category=entry.category, hours=-entry.hours,
                source=CreditEntry.Source.EQUIVALENT, reference=entry.reference, reverses=entry, note=text[:200],
                created_at=clock.now(), created_by=actor)
        row.status = EquivalentHoursClaim.Status.REVOKED
        row.revoked_at = clock.now()
        row.revoked_by = actor
        row.revoke_reason = text
        row.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
        audit_record(actor=actor, action="claim.revoke", obj=row, before=before,
                     after={**snapshot(row, _CLAIM_FIELDS), "reversal": snapshot(reversal) if reversal else None})
    return row


# ---------------------------------------------------------------------------------------------
# Administrative corrections added by hand (the corrections page)

CORRECTION_REASON_MAX = 200


def credit_correction_add(*, actor: User, learner: Learner, year: Any, category: Any, hours: Any,
                          reason: Any) -> CreditEntry:
    """The province or a city bureau adds an administrative correction to a learner's year: a
    new entry (source: correction) of `hours`, positive or negative, in `category`. Nothing is
    edited; the entry is audited and can itself be reversed like any other. The caller fetches
    `learner` through `accounts.access`, which keeps a city bureau to its own city."""
    from jxjy.catalog.models import Category

    if getattr(actor, "role", "") not in (User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN):
        raise PermissionDenied(_("Only the province or a city bureau may correct hours"), code="corrections_only")
    errors: list[dict[str, str]] = []
    try:
        year_value = int(str(year))
    except (TypeError, ValueError):
        year_value = 0
    if not 2000 <= year_value <= 2100:
        errors.append({"field": "year", "reason": _("Choose a year between 2000 and 2100")})
    if category not in Category.values:
        errors.append({"field": "category", "reason": _("Choose the course category")})
    try:
        hours_value = Decimal(str(hours).strip())
    except (InvalidOperation, ValueError):
        hours_value = None
    if (hours_value is None or not hours_value.is_finite() or hours_value == 0
            or hours_value != hours_value.quantize(Decimal("0.1")) or abs(hours_value) >= 10000):
        errors.append({"field": "hours", "reason": _("Hours must be a number other than 0 (negative to take "
                                                     "hours off), with at most one decimal")})
    text = str(reason or "").strip()
    if not text:
        errors.append({"field": "reason", "reason": _("Give the reason for the correction")})
    elif len(text) > CORRECTION_REASON_MAX:
        errors.append({"field": "reason", "reason": _("At most %(n)s characters") % {"n": CORRECTION_REASON_MAX}})
    if errors:
        raise ValidationFailed(_("The correction cannot be recorded: %(problems)s") % {"problems": _problems(errors)},
                               code="correction_invalid", detail={"errors": errors})
    assert hours_value is not None
    with transaction.atomic():
        entry = CreditEntry.objects.create(
            learner=learner, year=year_value, category=category, hours=hours_value,
            source=CreditEntry.Source.CORRECTION, reference=f"correction:manual:{uuid.uuid4().hex[:16]}",
            note=text, created_at=clock.now(), created_by=actor)
        audit_record(actor=actor, action="credit.correct", obj=entry, after=snapshot(entry))
    return entry

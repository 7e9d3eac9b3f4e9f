"""Writes on the hours ledger. Entries are only ever added: a credit per source object (a course
enrolment, a session, a claim), and corrections that reverse an entry.

Unconfirmed learners: their credits are recorded like anyone's, and the yearly status counts
them only once the employer has confirmed the learner (see `ledger.py`). Nothing is held back
or credited again on confirmation, so no hour is lost or doubled by the order of events.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner, User
from jxjy.core import clock
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, PermissionDenied, ValidationFailed
from jxjy.learning.models import Enrolment

from .models import CreditEntry

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

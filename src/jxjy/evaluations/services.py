"""Writes of course evaluations: a learner evaluates a completed enrolment once, and may change
the evaluation for EDIT_DAYS (rules.py). Check, then do: the rules first, then the write under
the enrolment's row lock, so that two quick submissions make one evaluation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core import clock
from jxjy.core.errors import Conflict, PermissionDenied, ValidationFailed
from jxjy.learning.models import Enrolment

from . import rules
from .models import CourseEvaluation


def _reason(problem: rules.Problem) -> str:
    if problem.field == "comment":
        return _("At most %(n)s characters") % {"n": rules.COMMENT_MAX}
    if problem.code == "required":
        return _("Choose 1 to 5 stars")
    return _("Stars go from 1 to 5")


def _checked(scores: Mapping[str, Any], comment: str | None) -> tuple[dict[str, int], str]:
    values = {name: rules.as_stars(scores.get(name)) for name in rules.SCORES}
    text = rules.clean_comment(comment)
    problems = rules.check(values, text)
    if problems:
        raise ValidationFailed(_("Please check the evaluation"), code="evaluation_invalid",
                               detail={"errors": [{"field": p.field, "reason": _reason(p)} for p in problems]})
    return values, text  # type: ignore[return-value]


def _require_owner(actor: User, enrolment: Enrolment) -> None:
    if getattr(actor, "role", "") != User.Role.LEARNER or enrolment.learner.user_id != actor.pk:
        raise PermissionDenied(_("Only the learner of this enrolment may evaluate it"), code="not_own_enrolment")


def evaluation_submit(*, actor: User, enrolment: Enrolment, scores: Mapping[str, Any],
                      comment: str | None = "") -> CourseEvaluation:
    """The learner's evaluation of a course they completed: every lecture complete and the exam
    passed, which learning records as the enrolment's COMPLETED status (set only once the hours
    are credited; it is not worked out again here). One per enrolment: a second is refused, an
    existing one is changed with `evaluation_edit`."""
    _require_owner(actor, enrolment)
    values, text = _checked(scores, comment)
    with transaction.atomic():
        row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if row.status != Enrolment.Status.COMPLETED:
            raise Conflict(_("You can evaluate a course once you have completed it: every lecture watched and "
                             "the exam passed"), code="enrolment_not_complete")
        if CourseEvaluation.objects.filter(enrolment_id=row.pk).exists():
            raise Conflict(_("You have already evaluated this course"), code="already_evaluated")
        now = clock.now()
        try:
            with transaction.atomic():
                return CourseEvaluation.objects.create(
                    enrolment=row, course_id=row.course_id, learner_id=row.learner_id, year=row.year,
                    comment=text, created_at=now, updated_at=now, **values)
        except IntegrityError as exc:  # pragma: no cover - the row lock serialises submissions
            raise Conflict(_("You have already evaluated this course"), code="already_evaluated") from exc


def evaluation_edit(*, actor: User, evaluation: CourseEvaluation, scores: Mapping[str, Any],
                    comment: str | None = "") -> CourseEvaluation:
    """Changes an evaluation within EDIT_DAYS of its first submission; later it is refused."""
    _require_owner(actor, evaluation.enrolment)
    values, text = _checked(scores, comment)
    with transaction.atomic():
        row = CourseEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        now = clock.now()
        if not rules.editable(row.created_at, now):
            raise Conflict(_("An evaluation can be changed for %(days)s days after it was submitted; that time "
                             "is over") % {"days": rules.EDIT_DAYS}, code="evaluation_locked",
                           detail={"edit_until": rules.edit_deadline(row.created_at).isoformat()})
        for name, value in values.items():
            setattr(row, name, value)
        row.comment = text
        row.updated_at = now
        row.save(update_fields=[*rules.SCORES, "comment", "updated_at"])
        return row

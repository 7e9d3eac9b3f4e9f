"""Reads on banks and exams: a bank against the year's minimum, the paper draw, a learner's
standing in a course's exam, and whether an enrolment has passed (asked by the hours ledger)."""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from jxjy.catalog.models import Course
from jxjy.core import clock
from jxjy.core.errors import NotFound
from jxjy.learning.models import Enrolment
from jxjy.plans.rules import ExamRules
from jxjy.plans.selectors import current_rules, rules_for

from . import banks, papers
from .models import ExamAttempt, Question, QuestionBank


def bank_report(*, course: Course, exam_rules: ExamRules) -> dict[str, Any]:
    """The course's bank against the year's minimum (the paper times the bank ratio):
    `{"counts", "required", "missing", "ok"}`, each a dict by type (`single`, `multiple`,
    `true_false`). A course without a bank has zero of each."""
    bank = QuestionBank.objects.filter(course=course).first()
    counts = bank.counts if bank is not None else {t: 0 for t in banks.TYPES}
    required = dict(exam_rules.bank_minimum)
    missing = {t: max(0, required.get(t, 0) - counts.get(t, 0)) for t in banks.TYPES}
    return {"counts": counts, "required": {t: required.get(t, 0) for t in banks.TYPES}, "missing": missing,
            "ok": not any(missing.values())}


def exam_passed(enrolment: Enrolment) -> bool:
    """Whether the enrolment has a passed exam attempt (one of the two conditions of the hours)."""
    return ExamAttempt.objects.filter(enrolment=enrolment, passed=True).exists()


def exam_rules_for(enrolment: Enrolment) -> ExamRules:
    """The exam rules of the enrolment's study year; the current year's where that year's plan
    was never published on the platform (make-up of years before it)."""
    try:
        return rules_for(enrolment.year).exam
    except NotFound:
        return current_rules().exam


def study_enrolment(learner: Any, course: Course) -> Enrolment | None:
    """The learner's enrolment in the course that may study, latest year first."""
    return (Enrolment.objects.filter(learner=learner, course=course,
                                     status__in=(Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED))
            .select_related("course").order_by("-year", "-id").first())


def lectures_complete(enrolment: Enrolment) -> bool:
    """Asks the studying app whether every lecture is complete; not yet there means no."""
    try:
        from jxjy.learning.selectors import lectures_complete as ask
    except ImportError:
        return False
    return bool(ask(enrolment))


def seen_slots(attempts: Collection[ExamAttempt], bank: QuestionBank) -> dict[str, set[int]]:
    """Slots of the bank's present generation already shown to the learner in `attempts`."""
    seen: dict[str, set[int]] = {t: set() for t in banks.TYPES}
    for attempt in attempts:
        if attempt.bank_id == bank.pk and attempt.generation == bank.generation:
            for item in attempt.paper:
                seen[item["t"]].add(item["s"])
    return seen


class BankChanged(Exception):
    """The bank was replaced between reading its counts and drawing from it."""


def paper_draw(*, bank: QuestionBank, composition: Mapping[str, int], seen: Mapping[str, Collection[int]],
               rng: random.Random) -> list[dict[str, Any]]:
    """Draws one paper: slots picked in memory, then one query for just those rows.

    Returns the paper in order (types in the plan's order, questions shuffled within a type):
    `[{"q": question id, "t": type, "s": slot, "o": stored option keys in shown order}]`.
    Raises `papers.ShortBank` when a type has too few questions.

    The query is written out as one UNION ALL of `bank = ? AND type = ? AND slot IN (...)`
    per type: that shape is answered from the (bank, type, slot) index on SQLite and
    PostgreSQL alike, where the ORM's OR of the three conditions made SQLite scan the whole
    bank, and it costs no query compilation on this hot path.
    """
    slots = papers.draw(bank.counts, composition, seen, rng)
    parts: list[str] = []
    params: list[Any] = []
    for qtype, picked in slots.items():
        parts.append(_DRAW_SQL.format(placeholders=", ".join(["%s"] * len(picked))))
        params.extend([bank.pk, qtype, *picked])
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = {(t, s): (pk, n) for pk, t, s, n in cursor.fetchall()}
    paper: list[dict[str, Any]] = []
    for qtype, picked in slots.items():
        for slot in picked:
            found = rows.get((qtype, slot))
            if found is None:
                raise BankChanged()
            pk, count = found
            paper.append({"q": pk, "t": qtype, "s": slot,
                          "o": papers.option_order(qtype, banks.option_keys(qtype, count), rng)})
    return paper


# Only the model's own table name and %s placeholders are formatted in; values go as parameters.
_DRAW_SQL = (f"SELECT id, type, slot, option_count FROM {Question._meta.db_table} "  # noqa: S608
             "WHERE bank_id = %s AND type = %s AND slot IN ({placeholders})")


def attempt_is_open(attempt: ExamAttempt) -> bool:
    return attempt.status == ExamAttempt.Status.OPEN and clock.now() <= attempt.deadline


def attempt_questions(attempt: ExamAttempt) -> list[dict[str, Any]]:
    """The paper as the learner sees it: shown letters, shown order, never the answer."""
    rows = {pk: (stem, options) for pk, stem, options in
            Question.objects.filter(pk__in=attempt.question_ids).values_list("id", "stem", "options")}
    out = []
    for item in attempt.paper:
        stem, options = rows[item["q"]]
        out.append({"id": item["q"], "type": item["t"], "stem": stem,
                    "options": papers.shown_options(item["t"], options, item["o"])})
    return out


def attempt_out(attempt: ExamAttempt, *, with_questions: bool = True) -> dict[str, Any]:
    """An attempt as JSON: while open, the questions; once submitted, the result and which
    questions were wrong. Never an answer key."""
    is_open = attempt_is_open(attempt)
    status = attempt.status if not (attempt.status == ExamAttempt.Status.OPEN and not is_open) else \
        ExamAttempt.Status.EXPIRED
    data: dict[str, Any] = {
        "attempt_id": attempt.pk, "number": attempt.number, "status": status.lower(),
        "deadline": timezone.localtime(attempt.deadline).isoformat(),
        "points_per_question": attempt.points_per_question, "pass_mark": attempt.pass_mark,
        "total_points": attempt.total_points,
    }
    if attempt.status == ExamAttempt.Status.SUBMITTED:
        data.update({"score": attempt.score, "passed": attempt.passed, "wrong": list(attempt.wrong)})
    if with_questions:
        data["questions"] = attempt_questions(attempt)
    return data


@dataclass
class ExamStanding:
    """Where a learner stands in one course's exam."""

    enrolment: Enrolment | None
    rules: ExamRules | None
    attempts: list[ExamAttempt]
    passed: bool
    open_attempt: ExamAttempt | None
    attempts_left: int
    best_score: int | None
    lectures_needed: bool


def exam_standing(learner: Any, course: Course) -> ExamStanding:
    enrolment = study_enrolment(learner, course)
    if enrolment is None:
        return ExamStanding(None, None, [], False, None, 0, None, False)
    rules = exam_rules_for(enrolment)
    attempts = list(ExamAttempt.objects.filter(enrolment=enrolment).order_by("number"))
    open_attempt = next((a for a in attempts if attempt_is_open(a)), None)
    scores = [a.score for a in attempts if a.score is not None]
    return ExamStanding(
        enrolment=enrolment, rules=rules, attempts=attempts, passed=any(a.passed for a in attempts),
        open_attempt=open_attempt, attempts_left=max(0, rules.max_attempts - len(attempts)),
        best_score=max(scores) if scores else None,
        lectures_needed=rules.requires_lectures and not lectures_complete(enrolment))


def bank_questions(course: Course) -> list[banks.QuestionData]:
    """The live questions of a course's bank, as the export writes them."""
    qs = Question.objects.filter(bank__course=course, retired=False).order_by("type", "slot")
    out = []
    order = {t: i for i, t in enumerate(banks.TYPES)}
    for q in sorted(qs, key=lambda q: (order[q.type], q.slot or 0)):
        out.append(banks.QuestionData(type=q.type, stem=q.stem, options=tuple((o["key"], o["text"]) for o in q.options),
                                      answer=tuple(q.answer), explanation=q.explanation, lecture=q.lecture_number))
    return out

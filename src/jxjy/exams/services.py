"""Writes on banks and exams: importing a bank, starting and submitting an attempt."""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
from collections.abc import Mapping, Sequence
from typing import IO, Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from jxjy.accounts.models import Learner, User
from jxjy.catalog.models import Course
from jxjy.core import clock, xlsx
from jxjy.core.audit import audit_record
from jxjy.core.errors import Conflict, PermissionDenied, ValidationFailed
from jxjy.learning.models import Enrolment
from jxjy.plans.selectors import current_rules

from . import banks, messages, papers
from .access import is_owning_base
from .models import ExamAttempt, Question, QuestionBank
from .selectors import BankChanged, bank_report, exam_rules_for, lectures_complete, paper_draw, seen_slots

FORMATS = ("xlsx", "gift", "aiken")
MODES = ("replace", "extend")
_EXTENSIONS = {".xlsx": "xlsx", ".gift": "gift", ".txt": "aiken", ".aiken": "aiken"}
# More rows than any real bank (the year's minimum is a few hundred questions).
BANK_MAX_ROWS = 20_000


def format_from_filename(name: str) -> str | None:
    lower = name.lower()
    return next((fmt for ext, fmt in _EXTENSIONS.items() if lower.endswith(ext)), None)


def _check_choice(field: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValidationFailed(_("The import request is invalid"), code="bank_request_invalid", detail={
            "errors": [{"field": field, "reason": _("Must be one of: %(values)s") % {"values": ", ".join(allowed)}}]})


def question_bank_import(*, actor: User | None, course: Course, data: bytes | IO[bytes], fmt: str,
                         mode: str) -> dict[str, Any]:
    """Imports a bank file into the course's bank, replacing or extending it.

    Every row is checked first; with any problem nothing is stored and `ValidationFailed`
    carries them all in `detail.errors` (row or line, column, Chinese reason). A workbook is
    first checked for its size and for zip bombs, and its rows are capped (`jxjy.core.xlsx`).
    `actor` None is the command line; otherwise only the course's own base may import. Every
    import, and so the replacement of a published course's bank, is audited.
    """
    _check_choice("format", fmt, FORMATS)
    _check_choice("mode", mode, MODES)
    if actor is not None and not is_owning_base(actor, course):
        raise PermissionDenied(_("Only the course's own training base may import its question bank"),
                               code="bank_base_only")
    bank = QuestionBank.objects.filter(course=course).first()
    marker = (bank.generation, bank.updated_at) if bank else None
    existing: list[str] = []
    if mode == "extend" and bank is not None:
        existing = list(Question.objects.filter(bank=bank, retired=False).values_list("stem", flat=True))
    if fmt == "xlsx":
        xlsx.check_upload(data)
    else:  # GIFT or Aiken text: the same size cap, before anything is read
        xlsx.check_size(data, code="bank_file_too_large")
    try:
        questions, problems = banks.parse(data, fmt, existing, max_rows=BANK_MAX_ROWS)
    except banks.TooManyRows as exc:
        raise xlsx.too_many_rows(exc.limit) from exc
    if problems:
        raise ValidationFailed(
            _("The question bank file has %(count)s problem(s); nothing was imported") % {"count": len(problems)},
            code="bank_invalid", detail={"errors": messages.problems_out(problems, fmt)})
    return _store(actor=actor, course=course, questions=questions, fmt=fmt, mode=mode, marker=marker)


def question_bank_store(*, actor: User | None, course: Course, questions: Sequence[banks.QuestionData],
                        mode: str) -> dict[str, Any]:
    """Stores already-valid questions (generated demo banks); see `question_bank_import`."""
    _check_choice("mode", mode, MODES)
    bank = QuestionBank.objects.filter(course=course).first()
    marker = (bank.generation, bank.updated_at) if bank else None
    existing = set()
    if mode == "extend" and bank is not None:
        existing = {banks.normalise_stem(s) for s in
                    Question.objects.filter(bank=bank, retired=False).values_list("stem", flat=True)}
    fresh = [q for q in questions if banks.normalise_stem(q.stem) not in existing]
    return _store(actor=actor, course=course, questions=fresh, fmt="data", mode=mode, marker=marker)


def _store(*, actor: User | None, course: Course, questions: Sequence[banks.QuestionData], fmt: str, mode: str,
           marker: tuple[int, dt.datetime | None] | None) -> dict[str, Any]:
    now = clock.now()
    imported = {t: 0 for t in banks.TYPES}
    with transaction.atomic():
        QuestionBank.objects.get_or_create(course=course)
        bank = QuestionBank.objects.select_for_update().get(course=course)
        if marker is not None and marker != (bank.generation, bank.updated_at):
            # Another import landed while this file was being checked against the old bank.
            raise Conflict(_("The question bank changed during the import; please import again"),
                           code="bank_changed")
        before = {"generation": bank.generation, "counts": bank.counts}
        counts = bank.counts
        if mode == "replace":
            Question.objects.filter(bank=bank, slot__isnull=False).update(slot=None, retired=True)
            bank.generation += 1
            counts = {t: 0 for t in banks.TYPES}
        rows = []
        created = connection.ops.adapt_datetimefield_value(now)
        for q in questions:
            rows.append((bank.pk, q.type, q.stem, json.dumps(q.options_json(), ensure_ascii=False), len(q.options),
                         json.dumps(list(q.answer)), q.explanation, q.lecture, counts[q.type], False, created))
            counts[q.type] += 1
            imported[q.type] += 1
        _insert_questions(rows)
        for qtype, count in counts.items():
            setattr(bank, f"{qtype}_count", count)
        bank.updated_at = now
        bank.updated_by = actor
        bank.save(update_fields=["generation", "single_count", "multiple_count", "true_false_count", "updated_at",
                                 "updated_by"])
        audit_record(actor=actor, action=f"question_bank.{mode}", obj=bank, before=before, after={
            "generation": bank.generation, "counts": bank.counts, "imported": imported, "format": fmt,
            "course": course.pk, "course_status": course.status})
    report = bank_report(course=course, exam_rules=current_rules().exam)
    return {"course_id": course.pk, "mode": mode, "format": fmt,
            "imported": {**imported, "total": sum(imported.values())}, **report}


# A 10,000-row bank is stored with COPY or one parameterized executemany: bulk_create spent longer
# preparing each field of each row than reading and checking the whole file took.
_QUESTION_COLUMNS = ("bank_id", "type", "stem", "options", "option_count", "answer", "explanation", "lecture_number",
                     "slot", "retired", "created_at")
_INSERT_SQL = (f"INSERT INTO {Question._meta.db_table} ({', '.join(_QUESTION_COLUMNS)}) "  # noqa: S608
               f"VALUES ({', '.join(['%s'] * len(_QUESTION_COLUMNS))})")


def _insert_questions(rows: Sequence[tuple[Any, ...]]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one go, where even a pipelined executemany waited on the
            # server row by row.
            copy_sql = f"COPY {Question._meta.db_table} ({', '.join(_QUESTION_COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(_INSERT_SQL, rows)


# --- attempts --------------------------------------------------------------------------------

def new_rng() -> random.Random:
    """A generator for one paper, seeded with 128 bits of the system's randomness: a learner
    cannot predict the next paper, and the draw makes no system call per random number."""
    return random.Random(secrets.randbits(128))


def _rng(rng: random.Random | None) -> random.Random:
    return rng if rng is not None else new_rng()


def attempt_start(*, learner: Learner, course: Course, enrolment: Enrolment | None = None,
                  rng: random.Random | None = None) -> tuple[ExamAttempt, bool]:
    """Starts an exam attempt, or returns the learner's attempt still in progress.

    Only an enrolment that may study (paid and not cancelled) may sit; the plan of its year
    gives the paper, the attempt limit, the time allowed, and whether every lecture must be
    complete first. Returns (attempt, created).
    """
    from .selectors import study_enrolment

    if enrolment is None:
        enrolment = study_enrolment(learner, course)
    if enrolment is None or enrolment.learner_id != learner.pk or enrolment.course_id != course.pk \
            or not enrolment.can_study:
        raise PermissionDenied(_("Only a learner enrolled in this course may take its exam"), code="not_enrolled")
    rules = exam_rules_for(enrolment)
    if rules.requires_lectures and not lectures_complete(enrolment):
        raise Conflict(_("The exam opens once every lecture of the course is complete"),
                       code="lectures_incomplete")
    now = clock.now()
    with transaction.atomic():
        # Serialises starts of one enrolment, so that two quick clicks cannot both draw.
        Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
        earlier = list(ExamAttempt.objects.filter(enrolment__learner_id=learner.pk, enrolment__course_id=course.pk)
                       .only("id", "enrolment_id", "bank_id", "generation", "status", "deadline", "passed", "paper",
                             "number"))
        mine = [a for a in earlier if a.enrolment_id == enrolment.pk]
        if any(a.passed for a in mine):
            raise Conflict(_("You have already passed this exam"), code="exam_already_passed")
        for attempt in mine:
            if attempt.status == ExamAttempt.Status.OPEN and attempt.deadline >= now:
                return ExamAttempt.objects.get(pk=attempt.pk), False
        overdue = [a.pk for a in mine if a.status == ExamAttempt.Status.OPEN]
        if overdue:
            ExamAttempt.objects.filter(pk__in=overdue).update(status=ExamAttempt.Status.EXPIRED)
        if len(mine) >= rules.max_attempts:
            raise Conflict(_("All %(count)s exam attempts of this enrolment have been used") % {
                "count": rules.max_attempts}, code="attempts_exhausted", detail={"max_attempts": rules.max_attempts})
        bank = QuestionBank.objects.filter(course=course).first()
        if bank is None:
            raise Conflict(_("This course's question bank is not ready yet"), code="bank_not_ready",
                           detail={"missing": rules.composition})
        try:
            drawn = paper_draw(bank=bank, composition=rules.composition, seen=seen_slots(earlier, bank),
                               rng=_rng(rng))
        except papers.ShortBank as exc:
            raise Conflict(_("This course's question bank is not ready yet"), code="bank_not_ready",
                           detail={"missing": exc.missing}) from exc
        except BankChanged as exc:
            raise Conflict(_("The question bank is being updated; please try again"), code="bank_changed") from exc
        try:
            with transaction.atomic():
                attempt = ExamAttempt.objects.create(
                    enrolment=enrolment, number=max((a.number for a in mine), default=0) + 1, bank=bank,
                    generation=bank.generation, started_at=now, deadline=now + dt.timedelta(minutes=rules.minutes),
                    paper=drawn,
                    points_per_question=rules.points_per_question, pass_mark=rules.pass_mark,
                    total_points=rules.total_points)
        except IntegrityError as exc:
            raise Conflict(_("An exam attempt was just started; please reload"), code="attempt_started") from exc
    return attempt, True


def _parse_answers(attempt: ExamAttempt, answers: Mapping[str, Sequence[str]]) -> dict[int, list[str]]:
    items = {item["q"]: item for item in attempt.paper}
    errors = []
    parsed: dict[int, list[str]] = {}
    for key, chosen in answers.items():
        try:
            qid = int(key)
        except (TypeError, ValueError):
            qid = -1
        item = items.get(qid)
        if item is None:
            errors.append({"field": f"answers.{key}", "reason": _("This question is not on your paper")})
            continue
        allowed = set(papers.shown_keys(item["t"], item["o"]))
        letters = [str(c).strip().upper() for c in chosen]
        bad = [c for c in letters if c not in allowed]
        if bad:
            errors.append({"field": f"answers.{key}", "reason": _("Option %(keys)s is not on this question") % {
                "keys": ", ".join(bad)}})
            continue
        parsed[qid] = sorted(set(letters))
    if errors:
        raise ValidationFailed(_("The answers are invalid"), code="answers_invalid", detail={"errors": errors})
    return parsed


def attempt_submit(*, attempt: ExamAttempt, answers: Mapping[str, Sequence[str]]) -> ExamAttempt:
    """Scores a submitted attempt by the rules copied at its start.

    A second submission, or one after the deadline, is a conflict and changes nothing but
    marking the overdue attempt as timed out. A pass asks the hours ledger, after the commit,
    whether the course is now complete.
    """
    parsed = _parse_answers(attempt, answers)
    now = clock.now()
    late = False
    with transaction.atomic():
        row = ExamAttempt.objects.select_for_update().select_related("enrolment").get(pk=attempt.pk)
        if row.status == ExamAttempt.Status.SUBMITTED:
            raise Conflict(_("This exam attempt has already been submitted"), code="attempt_already_submitted")
        if not row.enrolment.can_study:
            raise Conflict(_("This enrolment is no longer open for study"), code="enrolment_not_active")
        if row.status == ExamAttempt.Status.EXPIRED or now > row.deadline:
            late = True
            if row.status == ExamAttempt.Status.OPEN:
                row.status = ExamAttempt.Status.EXPIRED
                row.save(update_fields=["status"])
        else:
            keys = dict(Question.objects.filter(pk__in=row.question_ids).values_list("id", "answer"))
            items = [papers.PaperItem(question_id=i["q"], type=i["t"], order=tuple(i["o"]),
                                      answer=frozenset(keys[i["q"]])) for i in row.paper]
            result = papers.grade(items, parsed, row.points_per_question)
            row.status = ExamAttempt.Status.SUBMITTED
            row.submitted_at = now
            row.answers = {str(k): v for k, v in parsed.items()}
            row.score = result.score
            row.wrong = list(result.wrong)
            row.passed = result.score >= row.pass_mark
            row.save(update_fields=["status", "submitted_at", "answers", "score", "wrong", "passed"])
            if row.passed:
                enrolment = row.enrolment
                transaction.on_commit(lambda: _credit(enrolment))
    if late:
        raise Conflict(_("The time for this exam attempt is over; the submission was not accepted"),
                       code="attempt_late", detail={"deadline": row.deadline.isoformat()})
    return row


def _credit(enrolment: Enrolment) -> None:
    from jxjy.credits.services import course_credit_if_complete

    course_credit_if_complete(enrolment=enrolment)


def attempts_expire_overdue() -> int:
    """Marks attempts past their deadline as timed out (the `expire_attempts` command); returns
    how many. The rule of `attempt_submit`: an attempt is late only after its deadline, a timed
    out one has no score and counts as used. One conditional UPDATE, so a submission holding
    the row's lock either lands first (and the row is no longer open) or is refused as late."""
    return ExamAttempt.objects.filter(status=ExamAttempt.Status.OPEN, deadline__lt=clock.now()).update(
        status=ExamAttempt.Status.EXPIRED)

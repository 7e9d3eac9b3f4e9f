"""Question banks and exams over JSON. Paths and field names are a contract with outside systems."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from jxjy.core.errors import NotFound
from jxjy.plans.selectors import current_rules

from . import banks, messages, services
from .access import access_attempt, access_bank_course, access_bank_course_for_import, access_exam_course
from .selectors import attempt_out, bank_questions, bank_report

router = Router(tags=["exams"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@router.post("/courses/{course_id}/question-bank")
def question_bank_import(request: HttpRequest, course_id: int, file: File[UploadedFile],
                         format: Form[str | None] = None, mode: Form[str] = "replace") -> dict:
    """Imports a bank file (`format` xlsx|gift|aiken, inferred from the file name when absent;
    `mode` replace|extend). Answers the import report, or 422 with every problem."""
    course = access_bank_course_for_import(request.auth, course_id)  # type: ignore[attr-defined]
    fmt = format or services.format_from_filename(file.name or "") or "xlsx"
    return services.question_bank_import(actor=request.auth, course=course, data=file,  # type: ignore[attr-defined]
                                         fmt=fmt, mode=mode)


@router.get("/courses/{course_id}/question-bank")
def question_bank_get(request: HttpRequest, course_id: int) -> dict:
    """The bank's counts by type against the year's minimum."""
    course = access_bank_course(request.auth, course_id)  # type: ignore[attr-defined]
    return {"course_id": course.pk, **bank_report(course=course, exam_rules=current_rules().exam)}


@router.get("/courses/{course_id}/question-bank/template.xlsx")
def question_bank_template(request: HttpRequest, course_id: int) -> HttpResponse:
    access_bank_course(request.auth, course_id)  # type: ignore[attr-defined]
    return xlsx_response(banks.template_xlsx(messages.help_lines()), "question-bank-template.xlsx")


@router.get("/courses/{course_id}/question-bank/export.xlsx")
def question_bank_export(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access_bank_course(request.auth, course_id)  # type: ignore[attr-defined]
    return xlsx_response(banks.export_xlsx(bank_questions(course)), f"question-bank-{course.pk}.xlsx")


class StartIn(Schema):
    enrolment_id: int | None = None


@router.post("/courses/{course_id}/exam/attempts", response={200: dict, 201: dict})
def attempt_start(request: HttpRequest, course_id: int, payload: StartIn | None = None) -> Status:
    """Starts an attempt (201) or returns the one still in progress (200): the questions with
    shuffled options, and never an answer."""
    learner, course = access_exam_course(request.auth, course_id)  # type: ignore[attr-defined]
    enrolment = None
    if payload is not None and payload.enrolment_id is not None:
        enrolment = learner.enrolments.filter(pk=payload.enrolment_id, course=course).first()
        if enrolment is None:
            raise NotFound(_("Enrolment not found"), code="enrolment_not_found")
    attempt, created = services.attempt_start(learner=learner, course=course, enrolment=enrolment)
    return Status(201 if created else 200, attempt_out(attempt))


@router.get("/exam/attempts/{attempt_id}")
def attempt_get(request: HttpRequest, attempt_id: int) -> dict:
    return attempt_out(access_attempt(request.auth, attempt_id))  # type: ignore[attr-defined]


class SubmitIn(Schema):
    answers: dict[str, list[str]] = {}


@router.post("/exam/attempts/{attempt_id}/submit")
def attempt_submit(request: HttpRequest, attempt_id: int, payload: SubmitIn) -> dict:
    """Scores the attempt: `{"score", "passed", "wrong": [question ids]}`; 409 when late or
    already submitted."""
    attempt = access_attempt(request.auth, attempt_id)  # type: ignore[attr-defined]
    row = services.attempt_submit(attempt=attempt, answers=payload.answers)
    return {"attempt_id": row.pk, "score": row.score, "passed": row.passed, "wrong": list(row.wrong),
            "pass_mark": row.pass_mark, "total_points": row.total_points}

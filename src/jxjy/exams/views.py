"""Pages: a base's question banks (template, upload, report) and a learner's exam."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.core.errors import DomainError, NotFound, PermissionDenied
from jxjy.plans.selectors import current_rules

from . import banks, services
from . import messages as bank_messages
from .access import (
    access_attempt,
    access_bank_course,
    access_bank_course_for_import,
    access_exam_course,
    bank_courses,
    is_owning_base,
)
from .api import xlsx_response
from .models import QuestionType
from .selectors import attempt_is_open, attempt_questions, bank_questions, bank_report, exam_standing


def _not_found_as_404(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _report_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"label": QuestionType(t).label, "count": report["counts"][t], "required": report["required"][t],
             "missing": report["missing"][t]} for t in banks.TYPES]


@login_required
def bank_list(request: HttpRequest) -> HttpResponse:
    exam_rules = current_rules().exam
    rows = []
    for course in bank_courses(request.user).order_by("base__name", "title"):
        rows.append({"course": course, "report": bank_report(course=course, exam_rules=exam_rules)})
    return render(request, "exams/bank_list.html", {"rows": rows})


@login_required
@_not_found_as_404
def bank_page(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access_bank_course(request.user, course_id)
    errors: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            course = access_bank_course_for_import(request.user, course_id)
            if upload is None:
                raise DomainError(_("Choose a file to upload"), code="file_missing", status=422)
            fmt = request.POST.get("format") or services.format_from_filename(upload.name or "") or "xlsx"
            result = services.question_bank_import(actor=request.user, course=course, data=upload,  # type: ignore[arg-type]
                                                   fmt=fmt, mode=request.POST.get("mode", "replace"))
        except DomainError as exc:
            errors = exc.detail.get("errors", [])
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, _("Imported %(total)s questions") % {"total": result["imported"]["total"]})
            return redirect("exams:bank", course_id=course.pk)
    report = bank_report(course=course, exam_rules=current_rules().exam)
    return render(request, "exams/bank.html", {
        "course": course, "report": report, "rows": _report_rows(report), "errors": errors,
        "can_import": is_owning_base(request.user, course), "formats": _format_choices()}, status=status)


def _format_choices() -> list[tuple[str, str]]:
    # GIFT and Aiken are the formats' own names; only the template needs words.
    labels = {"xlsx": _("The platform template (.xlsx)"), "gift": "GIFT", "aiken": "Aiken"}
    return [(f, labels.get(f, f)) for f in services.FORMATS]


@login_required
@_not_found_as_404
def bank_template(request: HttpRequest, course_id: int) -> HttpResponse:
    access_bank_course(request.user, course_id)
    return xlsx_response(banks.template_xlsx(bank_messages.help_lines()), "question-bank-template.xlsx")


@login_required
@_not_found_as_404
def bank_export(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access_bank_course(request.user, course_id)
    return xlsx_response(banks.export_xlsx(bank_questions(course)), f"question-bank-{course.pk}.xlsx")


@login_required
@_not_found_as_404
def course_exam(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        learner, course = access_exam_course(request.user, course_id)
    except PermissionDenied as exc:  # not a learner: there is no exam page for them
        raise Http404(exc.message) from exc
    standing = exam_standing(learner, course)
    return render(request, "exams/course_exam.html", {"course": course, "standing": standing})


@login_required
@require_POST
@_not_found_as_404
def attempt_start(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        learner, course = access_exam_course(request.user, course_id)
        attempt, _created = services.attempt_start(learner=learner, course=course)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("exams:course", course_id=course_id)
    return redirect("exams:attempt", attempt_id=attempt.pk)


@login_required
@_not_found_as_404
def attempt_page(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = access_attempt(request.user, attempt_id)
    questions = attempt_questions(attempt)
    chosen = attempt.answers or {}
    wrong = set(attempt.wrong)
    for q in questions:
        q["chosen"] = chosen.get(str(q["id"]), [])
        q["wrong"] = q["id"] in wrong
        q["label"] = QuestionType(q["type"]).label
    return render(request, "exams/attempt.html", {
        "attempt": attempt, "course": attempt.enrolment.course, "questions": questions,
        "is_open": attempt_is_open(attempt)})


@login_required
@require_POST
@_not_found_as_404
def attempt_submit(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = access_attempt(request.user, attempt_id)
    answers = {str(item["q"]): request.POST.getlist(f"q{item['q']}") for item in attempt.paper}
    try:
        services.attempt_submit(attempt=attempt, answers={k: v for k, v in answers.items() if v})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("exams:attempt", attempt_id=attempt.pk)

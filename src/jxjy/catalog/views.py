"""Pages: the catalog for learners (browse, search, course), a base's applications (edit,
upload with progress, submit) and the authorities' review queues."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.accounts.models import User
from jxjy.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from jxjy.core.media import serve_file
from jxjy.plans.selectors import current_rules

from . import access, integrations, selectors, services
from .form_pdf import application_form_pdf, course_system_text, pledge_text
from .forms import ApplicationForm, CatalogFilterForm, ReviewForm
from .models import CheckStatus, Course, CourseApplication

Role = User.Role
Status = CourseApplication.Status


# ---------------------------------------------------------------------------------------------
# Catalog


def browse(request: HttpRequest) -> HttpResponse:
    form = CatalogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = Course.objects.filter(status=Course.Status.PUBLISHED).select_related("base", "specialty")
    qs = selectors.courses_search(qs, **{k: filters.get(k) or None for k in ("category", "specialty", "level", "q")})
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "catalog/browse.html", {"form": form, "page": page, "query": query.urlencode()})


def course_page(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.access_course(request.user, course_id)
    return render(request, "catalog/course.html", {
        "course": course, "lectures": course.lectures.all(),
        "offer": integrations.enrolment_offer(user=request.user, course=course)})


# ---------------------------------------------------------------------------------------------
# Applications


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.role not in (Role.BASE_ADMIN, Role.CITY_ADMIN, Role.PROVINCE_ADMIN):
        raise PermissionDenied(_("Only training bases and authorities handle course applications"))
    status = request.GET.get("status", "")
    everything = access.applications_visible(user)
    if status in Status.values:
        everything = everything.filter(status=status)
    return render(request, "catalog/application_list.html", {
        "waiting": selectors.applications_waiting_for(user), "everything": everything[:200],
        "statuses": Status.choices, "status": status, "is_base": user.role == Role.BASE_ADMIN})


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    base = access.require_base_admin(request.user)
    form = ApplicationForm(request.POST or None, base=base)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(actor=request.user,  # type: ignore[arg-type]
                                                       data=form.service_data())
        except ValidationFailed as exc:
            form.add_service_errors(exc.detail.get("errors", []))
        else:
            messages.success(request, _("The draft is saved. Upload the videos, then submit."))
            return redirect("catalog:application", application.pk)
    return render(request, "catalog/application_form.html", {"form": form, **_form_context()})


@login_required
def application_edit(request: HttpRequest, application_id: int) -> HttpResponse:
    application = access.access_application_for_edit(request.user, application_id)
    if not application.is_editable:
        messages.error(request, _("The application can only be changed while it is a draft or returned for "
                                  "changes"))
        return redirect("catalog:application", application.pk)
    form = ApplicationForm(request.POST or None, base=application.base,
                           initial=ApplicationForm.initial_from(application))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(actor=request.user, application=application,  # type: ignore[arg-type]
                                        data=form.service_data())
        except ValidationFailed as exc:
            form.add_service_errors(exc.detail.get("errors", []))
        else:
            messages.success(request, _("Saved"))
            return redirect("catalog:application", application.pk)
    return render(request, "catalog/application_form.html", {"form": form, "application": application,
                                                             **_form_context()})


def _form_context() -> dict[str, Any]:
    try:
        rules = current_rules()
        subjects = [s.name for s in rules.public_subjects]
        classes = {"public": selectors.allowed_hours("PUBLIC", rules),
                   "professional": selectors.allowed_hours("PROFESSIONAL", rules)}
    except DomainError:
        subjects, classes = [], {}
    return {"public_subjects": subjects, "hours_classes": classes, "pledge": pledge_text()}


def _bank_url(course: Course) -> str | None:
    try:
        return reverse("exams:bank", args=[course.pk])
    except NoReverseMatch:
        return None


def _checks_context(application: CourseApplication) -> dict[str, Any]:
    course = application.course
    lectures = list(course.lectures.all())
    busy = any(lec.check_status in CheckStatus.in_progress() for lec in lectures) or \
        course.preview_check_status in CheckStatus.in_progress()
    rows = [{"label": _("Lecture %(n)s") % {"n": lec.number}, "has_file": bool(lec.video), "status": lec.check_status,
             "status_display": lec.get_check_status_display(), "progress": lec.check_progress,
             "duration": lec.duration, "problems": _problems(lec.check_report)} for lec in lectures]
    rows.append({"label": _("Preview video"), "has_file": bool(course.preview_video),
                 "status": course.preview_check_status, "status_display": course.get_preview_check_status_display(),
                 "progress": course.preview_check_progress, "duration": course.preview_duration,
                 "problems": _problems(course.preview_check_report)})
    return {"application": application, "check_rows": rows, "busy": busy}


def _problems(report: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not report:
        return []
    rows = report.get("rows") or []
    if report.get("message"):
        rows = [*rows, {"rule": "", "status": "warn", "message": report["message"], "measured": "", "required": ""}]
    # Rows the file cannot show (opening titles) stand on every lecture; the reviewer sees them in
    # the full report, not in the list of problems to fix.
    return [r for r in rows if r.get("status") in ("fail", "warn") and r.get("judged", True) is not False]


@login_required
def application_page(request: HttpRequest, application_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    application = access.access_application(user, application_id)
    is_owner = user.role == Role.BASE_ADMIN and user.base_id == application.base_id
    readiness = selectors.submission_check(application) if is_owner and application.is_editable else None
    may_review = (application.status == Status.CITY_REVIEW and user.role == Role.CITY_ADMIN) or \
        (application.status == Status.PROVINCE_REVIEW and user.role == Role.PROVINCE_ADMIN)
    return render(request, "catalog/application.html", {
        **_checks_context(application),
        "course": application.course, "lectures": application.course.lectures.all(),
        "teachers": application.teachers.all(), "steps": application.steps.all(),
        "is_owner": is_owner, "editable": is_owner and application.is_editable, "readiness": readiness,
        "review_form": ReviewForm() if may_review else None, "course_system": course_system_text(application),
        # Reviewers see the bank they are judging (read-only there); only the base imports.
        "bank_url": _bank_url(application.course),
    })


@login_required
def application_checks(request: HttpRequest, application_id: int) -> HttpResponse:
    """The check table alone, which the page polls while a check runs."""
    user: User = request.user  # type: ignore[assignment]
    application = access.access_application(user, application_id)
    context = _checks_context(application)
    if user.role == Role.BASE_ADMIN and user.base_id == application.base_id and application.is_editable:
        # The submission box changes as checks settle: it rides along out of band.
        context["readiness"] = selectors.submission_check(application)
    return render(request, "catalog/_checks.html", context)


@login_required
@require_POST
def application_submit(request: HttpRequest, application_id: int) -> HttpResponse:
    application = access.access_application_for_edit(request.user, application_id)
    try:
        application = services.application_submit(actor=request.user,  # type: ignore[arg-type]
                                                  application=application)
    except ValidationFailed as exc:
        for error in exc.detail.get("errors", []):
            messages.error(request, error["reason"])
    else:
        messages.success(request, _("Submitted: %(status)s") % {"status": application.get_status_display()})
    return redirect("catalog:application", application.pk)


@login_required
@require_POST
def application_review(request: HttpRequest, application_id: int) -> HttpResponse:
    access.require_reviewer(request.user)
    application = access.access_application(request.user, application_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve, return or reject"))
        return redirect("catalog:application", application.pk)
    try:
        application = services.application_review(actor=request.user,  # type: ignore[arg-type]
                                                   application=application,
                                                   decision=form.cleaned_data["decision"],
                                                   opinion=form.cleaned_data["opinion"])
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("catalog:application", application.pk)
    messages.success(request, _("Done: %(status)s") % {"status": application.get_status_display()})
    return redirect("catalog:applications")


@login_required
def application_form_pdf_view(request: HttpRequest, application_id: int) -> HttpResponse:
    application = access.access_application(request.user, application_id)
    response = HttpResponse(application_form_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="course-application-{application.pk}.pdf"'
    return response


# ---------------------------------------------------------------------------------------------
# Videos: served only after access checks (see jxjy.core.media)


def course_preview(request: HttpRequest, course_id: int) -> HttpResponseBase:
    """The preview video of a course anyone may see (published) or its reviewers may."""
    course = access.access_course(request.user, course_id)
    return serve_file(request, course.preview_video)


@login_required
def course_lecture_video(request: HttpRequest, course_id: int, number: int) -> HttpResponseBase:
    """A lecture video for the course's base and its reviewers; learners watch through study."""
    user: User = request.user  # type: ignore[assignment]
    if user.role not in (Role.BASE_ADMIN, Role.CITY_ADMIN, Role.PROVINCE_ADMIN):
        raise NotFound(_("Course not found"), code="course_not_found")
    course = access.access_course(user, course_id)
    # Published courses are visible to all, their full lectures only to the owner and reviewers.
    foreign_base = user.role == Role.BASE_ADMIN and course.base_id != user.base_id
    foreign_city = user.role == Role.CITY_ADMIN and course.base.city_id != user.city_id
    lecture = course.lectures.filter(number=number).first()
    if lecture is None or foreign_base or foreign_city:
        raise NotFound(_("Course not found"), code="course_not_found")
    return serve_file(request, lecture.video)

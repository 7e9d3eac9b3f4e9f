"""The catalog API: the published courses for learners and partner systems, and the course
applications of bases with their approval chain.

Contract paths and fields (used by outside systems, keep them):
`GET /courses?category=&specialty=&level=&q=` → `[{"id","title","category","specialty","level","hours","base"}]`
`GET /courses/{id}` → the same with `lectures: [{"id","number","title","duration"}]`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from jxjy.accounts.auth import api_auth

from . import access, selectors, services
from .form_pdf import application_form_pdf
from .models import ApplicationStep, Course, CourseApplication, Lecture

router = Router(tags=["catalog"])


def _anonymous(request: HttpRequest) -> Any:
    return AnonymousUser()


# Signed-in callers are recognised (a base sees its own course in production); anyone may browse.
optional_auth = [*api_auth, _anonymous]


# ---------------------------------------------------------------------------------------------
# Serialisers


def course_item(course: Course) -> dict[str, Any]:
    return {
        "id": course.pk,
        "title": course.title,
        "category": course.category,
        "specialty": course.specialty.code if course.specialty_id else None,
        "level": course.level or None,
        "hours": course.hours,
        "base": course.base.name,
        "specialty_name": course.specialty.name if course.specialty_id else None,
        "base_id": course.base_id,
        "published_at": course.published_at,
    }


def check_out(status: str, progress: int, report: Any) -> dict[str, Any]:
    return {"status": status or None, "progress": progress, "report": report}


def lecture_out(lecture: Lecture, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"id": lecture.pk, "number": lecture.number, "title": lecture.title,
                           "duration": lecture.duration, "teacher": lecture.teacher, "patriotic": lecture.patriotic}
    if full:
        out["video"] = bool(lecture.video)
        out["check"] = check_out(lecture.check_status, lecture.check_progress, lecture.check_report)
    return out


def course_detail(course: Course, *, full: bool = False) -> dict[str, Any]:
    out = course_item(course)
    out.update({
        "description": course.description,
        "status": course.status,
        "preview": reverse("catalog:course_preview", args=[course.pk]) if course.preview_video and course.is_published else None,
        "preview_duration": course.preview_duration,
        "lectures": [lecture_out(lec, full=full) for lec in course.lectures.all()],
    })
    if full:
        out["preview_check"] = check_out(course.preview_check_status, course.preview_check_progress,
                                         course.preview_check_report)
        out["has_preview"] = bool(course.preview_video)
    return out


def step_out(step: ApplicationStep) -> dict[str, Any]:
    return {"round": step.round, "action": step.action, "action_display": step.get_action_display(),
            "authority": step.authority, "actor": step.actor_name, "role": step.role, "opinion": step.opinion,
            "from": step.from_status, "to": step.to_status, "at": step.at}


def application_item(application: CourseApplication) -> dict[str, Any]:
    course = application.course
    base = application.base
    return {
        "id": application.pk,
        "status": application.status,
        "status_display": application.get_status_display(),
        "form": application.form_number,
        "year": application.year,
        "round": application.round,
        "base": {"id": base.pk, "name": base.name, "level": base.level, "city": base.city.code},
        "course": {"id": course.pk, "title": course.title, "category": course.category,
                   "specialty": course.specialty.code if course.specialty_id else None,
                   "level": course.level or None, "hours": course.hours},
        "submitted_at": application.submitted_at,
        "updated_at": application.updated_at,
    }


def application_out(application: CourseApplication) -> dict[str, Any]:
    out = application_item(application)
    out.update({
        "course": course_detail(application.course, full=True),
        "teachers": [{"name": t.name, "title": t.title, "post": t.post} for t in application.teachers.all()],
        "aspects": application.aspects,
        "aspect_count": application.aspect_count,
        "content_summary": application.content_summary,
        "outcomes": application.outcomes,
        "pledge_accepted": application.pledge_accepted,
        "contact": {"name": application.contact_name, "phone": application.contact_phone,
                    "email": application.contact_email},
        "applicant_opinion": application.applicant_opinion,
        "steps": [step_out(s) for s in application.steps.all()],
        "created_at": application.created_at,
        "decided_at": application.decided_at,
        "form_pdf": reverse("api:catalog_application_form_pdf", kwargs={"application_id": application.pk}),
    })
    return out


# ---------------------------------------------------------------------------------------------
# Catalog


@router.get("/courses", auth=optional_auth, url_name="catalog_courses")
def courses(request: HttpRequest, category: str | None = None, specialty: str | None = None,
            level: str | None = None, q: str | None = None) -> list[dict]:
    """Published courses, filtered by category, specialty (code), level, and searched by words."""
    qs = Course.objects.filter(status=Course.Status.PUBLISHED).select_related("base", "specialty")
    qs = selectors.courses_search(qs, category=category, specialty=specialty, level=level, q=q)
    return [course_item(c) for c in qs[:500]]


@router.get("/courses/{course_id}", auth=optional_auth, url_name="catalog_course")
def course(request: HttpRequest, course_id: int) -> dict:
    found = access.access_course(request.auth, course_id)  # type: ignore[attr-defined]
    return course_detail(found)


# ---------------------------------------------------------------------------------------------
# Applications


class TeacherIn(Schema):
    name: str = ""
    title: str = ""
    post: str = ""


class LectureIn(Schema):
    number: int | None = None
    title: str = ""
    teacher: str = ""
    patriotic: bool = False


class ApplicationIn(Schema):
    category: str | None = None
    title: str | None = None
    specialty: str | None = None
    level: str | None = None
    hours: int | None = None
    description: str | None = None
    aspects: str | None = None
    aspect_count: int | None = None
    content_summary: str | None = None
    outcomes: str | None = None
    pledge_accepted: bool | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    applicant_opinion: str | None = None
    teachers: list[TeacherIn] | None = None
    lectures: list[LectureIn] | None = None


class ReviewIn(Schema):
    decision: str
    opinion: str = ""


@router.get("/course-applications", url_name="catalog_applications")
def applications(request: HttpRequest, status: str | None = None, queue: bool = False) -> list[dict]:
    """The applications in the caller's scope; `queue=true` keeps those waiting for the caller."""
    user = request.auth  # type: ignore[attr-defined]
    qs = selectors.applications_waiting_for(user) if queue else access.applications_visible(user)
    if status:
        qs = qs.filter(status=status.upper())
    return [application_item(a) for a in qs[:1000]]


@router.post("/course-applications", response={201: dict}, url_name="catalog_application_create")
def application_create(request: HttpRequest, payload: ApplicationIn) -> Status:
    application = services.application_create(actor=request.auth,  # type: ignore[attr-defined]
                                              data=payload.dict(exclude_unset=True))
    return Status(201, application_out(application))


@router.get("/course-applications/{application_id}", url_name="catalog_application")
def application(request: HttpRequest, application_id: int) -> dict:
    return application_out(access.access_application(request.auth, application_id))  # type: ignore[attr-defined]


@router.patch("/course-applications/{application_id}", url_name="catalog_application_update")
def application_update(request: HttpRequest, application_id: int, payload: ApplicationIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_application_for_edit(user, application_id)
    return application_out(services.application_update(actor=user, application=found,
                                                       data=payload.dict(exclude_unset=True)))


@router.get("/course-applications/{application_id}/readiness", url_name="catalog_application_readiness")
def application_readiness(request: HttpRequest, application_id: int) -> dict:
    """What would refuse a submission now, and which checks are still running."""
    found = access.access_application(request.auth, application_id)  # type: ignore[attr-defined]
    check = selectors.submission_check(found)
    return {"ok": check.ok, "errors": check.errors, "pending": check.pending}


@router.post("/course-applications/{application_id}/submit", url_name="catalog_application_submit")
def application_submit(request: HttpRequest, application_id: int) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_application_for_edit(user, application_id)
    return application_out(services.application_submit(actor=user, application=found))


@router.post("/course-applications/{application_id}/review", url_name="catalog_application_review")
def application_review(request: HttpRequest, application_id: int, payload: ReviewIn) -> dict:
    user = request.auth  # type: ignore[attr-defined]
    access.require_reviewer(user)
    found = access.access_application(user, application_id)
    return application_out(services.application_review(actor=user, application=found, decision=payload.decision,
                                                       opinion=payload.opinion))


@router.get("/course-applications/{application_id}/form.pdf", url_name="catalog_application_form_pdf")
def application_form(request: HttpRequest, application_id: int) -> HttpResponse:
    found = access.access_application(request.auth, application_id)  # type: ignore[attr-defined]
    response = HttpResponse(application_form_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="course-application-{found.pk}.pdf"'
    return response


@router.get("/course-applications/{application_id}/checks", url_name="catalog_application_checks")
def application_checks(request: HttpRequest, application_id: int) -> dict:
    """The spec checks of the attached files, for polling while they run."""
    found = access.access_application(request.auth, application_id)  # type: ignore[attr-defined]
    course_obj = found.course
    return {"lectures": [{"number": lec.number, "video": bool(lec.video), "duration": lec.duration,
                          **check_out(lec.check_status, lec.check_progress, lec.check_report)}
                         for lec in course_obj.lectures.all()],
            "preview": {"video": bool(course_obj.preview_video), "duration": course_obj.preview_duration,
                        **check_out(course_obj.preview_check_status, course_obj.preview_check_progress,
                                    course_obj.preview_check_report)}}


@router.post("/course-applications/{application_id}/lectures/{number}/video", url_name="catalog_lecture_upload")
def lecture_upload(request: HttpRequest, application_id: int, number: int,
                   file: UploadedFile = File(...)) -> dict:
    """Multipart `file`: the lecture's video. Its spec check runs in the background."""
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_application_for_edit(user, application_id)
    lecture = services.lecture_video_attach(actor=user, application=found, number=number, upload=file)
    lecture.refresh_from_db()
    return lecture_out(lecture, full=True)


@router.post("/course-applications/{application_id}/preview", url_name="catalog_preview_upload")
def preview_upload(request: HttpRequest, application_id: int, file: UploadedFile = File(...)) -> dict:
    """Multipart `file`: the course's preview video (at most a few minutes)."""
    user = request.auth  # type: ignore[attr-defined]
    found = access.access_application_for_edit(user, application_id)
    course_obj = services.preview_attach(actor=user, application=found, upload=file)
    course_obj.refresh_from_db()
    return {"has_preview": bool(course_obj.preview_video), "duration": course_obj.preview_duration,
            **check_out(course_obj.preview_check_status, course_obj.preview_check_progress,
                        course_obj.preview_check_report)}

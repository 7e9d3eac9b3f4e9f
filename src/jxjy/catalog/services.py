"""Writes on courses and course applications.

The chain (RULES-2020 §4): a provincial base's application goes to the province; a city base's
to its city bureau, which forwards it to the province. Each step is kept as an
`ApplicationStep` (the printed form shows their opinions) and in the audit log. Approval
publishes the course.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jxjy.accounts.models import User
from jxjy.core import clock
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jxjy.org.models import Specialty, TrainingBase
from jxjy.plans.selectors import current_plan

from . import integrations
from .models import (
    ApplicationStep,
    ApplicationTeacher,
    Category,
    CheckStatus,
    Course,
    CourseApplication,
    Lecture,
    Level,
)
from .selectors import first_authority_status, submission_check
from .signals import application_moved

logger = logging.getLogger(__name__)

Status = CourseApplication.Status
Action = ApplicationStep.Action
Authority = ApplicationStep.Authority
Role = User.Role

# Uploaded checks also decode the audio for its peak level: the spec has an audio-level rule.
UPLOAD_CHECK_DEEP = True
VIDEO_EXTENSIONS = {".mp4", ".m4v", ".mov", ".mkv", ".avi", ".flv", ".ts", ".webm", ".wmv", ".mpg", ".mpeg"}

_APP_TEXT_FIELDS = {"aspects": 4000, "content_summary": 4000, "outcomes": 4000, "applicant_opinion": 2000,
                    "contact_name": 50, "contact_phone": 30}
_AUDITED_APP_FIELDS = ["status", "round", "aspects", "aspect_count", "content_summary", "outcomes",
                       "pledge_accepted", "applicant_opinion"]
_AUDITED_COURSE_FIELDS = ["category", "title", "specialty", "level", "hours", "description", "status"]


# ---------------------------------------------------------------------------------------------
# Input


def _clean(data: dict[str, Any], *, creating: bool) -> tuple[dict[str, Any], dict[str, Any], list | None,
                                                               list | None]:
    """Checks the shape of application data; returns course fields, application fields,
    teachers and lectures (None where not given). Rules of the year are checked at submission."""
    errors: list[dict[str, str]] = []
    course: dict[str, Any] = {}
    app: dict[str, Any] = {}

    def err(name: str, reason: str) -> None:
        errors.append({"field": name, "reason": reason})

    def text(name: str, limit: int, *, required: bool = False) -> str | None:
        if name not in data or data[name] is None:
            if required:
                err(name, _("Required"))
            return None
        value = str(data[name]).strip()
        if required and not value:
            err(name, _("Required"))
        if len(value) > limit:
            err(name, _("At most %(n)s characters") % {"n": limit})
        return value

    if "category" in data or creating:
        value = str(data.get("category") or "").upper()
        if value not in Category.values:
            err("category", _("Choose public or professional"))
        course["category"] = value
    title = text("title", 200, required=creating)
    if title is not None:
        course["title"] = title
    description = text("description", 4000)
    if description is not None:
        course["description"] = description
    if "hours" in data or creating:
        try:
            hours = int(data.get("hours"))  # type: ignore[arg-type]
            if hours < 1 or isinstance(data.get("hours"), bool):
                raise ValueError
            course["hours"] = hours
        except (TypeError, ValueError):
            err("hours", _("Must be a whole number of hours"))
    if "specialty" in data:
        code = data.get("specialty")
        if code in (None, ""):
            course["specialty"] = None
        else:
            specialty = Specialty.objects.filter(code=str(code)).first()
            if specialty is None:
                err("specialty", _("Unknown specialty code: %(c)s") % {"c": code})
            course["specialty"] = specialty
    if "level" in data:
        level = str(data.get("level") or "").upper()
        if level and level not in Level.values:
            err("level", _("Choose junior, intermediate or senior"))
        course["level"] = level
    if course.get("category") == Category.PUBLIC:
        # Form 1 has neither specialty nor level: public courses are for everyone.
        course["specialty"], course["level"] = None, ""

    for name, limit in _APP_TEXT_FIELDS.items():
        given = text(name, limit)
        if given is not None:
            app[name] = given
    if "contact_email" in data:
        email = str(data.get("contact_email") or "").strip()
        if email:
            try:
                validate_email(email)
            except DjangoValidationError:
                err("contact_email", _("Not a valid e-mail address"))
        app["contact_email"] = email
    if "aspect_count" in data:
        count = data.get("aspect_count")
        if count in (None, ""):
            app["aspect_count"] = None
        else:
            try:
                app["aspect_count"] = int(count)  # type: ignore[arg-type]
                if app["aspect_count"] < 1:
                    raise ValueError
            except (TypeError, ValueError):
                err("aspect_count", _("Must be a whole number"))
    if "pledge_accepted" in data:
        app["pledge_accepted"] = bool(data.get("pledge_accepted"))

    teachers = None
    if data.get("teachers") is not None:
        teachers = []
        if not isinstance(data["teachers"], list) or len(data["teachers"]) > 100:
            err("teachers", _("Must be a list of teachers"))
        else:
            for i, row in enumerate(data["teachers"]):
                row = row if isinstance(row, dict) else {}
                name = str(row.get("name") or "").strip()
                if not name or len(name) > 50:
                    err(f"teachers.{i}.name", _("Give the teacher's name (at most 50 characters)"))
                teachers.append({"name": name[:50], "title": str(row.get("title") or "").strip()[:50],
                                 "post": str(row.get("post") or "").strip()[:200]})
    lectures = None
    if data.get("lectures") is not None:
        lectures = []
        seen: set[int] = set()
        if not isinstance(data["lectures"], list) or len(data["lectures"]) > 500:
            err("lectures", _("Must be a list of lectures"))
        else:
            for i, row in enumerate(data["lectures"]):
                row = row if isinstance(row, dict) else {}
                try:
                    number = int(row.get("number") or (i + 1))
                    if number < 1:
                        raise ValueError
                except (TypeError, ValueError):
                    err(f"lectures.{i}.number", _("Must be a whole number"))
                    continue
                if number in seen:
                    err(f"lectures.{i}.number", _("Lecture number %(n)s is given twice") % {"n": number})
                seen.add(number)
                lecture_title = str(row.get("title") or "").strip()
                if not lecture_title or len(lecture_title) > 200:
                    err(f"lectures.{i}.title", _("Give the lecture's title (at most 200 characters)"))
                lectures.append({"number": number, "title": lecture_title[:200],
                                 "teacher": str(row.get("teacher") or "").strip()[:100],
                                 "patriotic": bool(row.get("patriotic"))})
    if errors:
        raise ValidationFailed(_("The application has errors"), detail={"errors": errors})
    return course, app, teachers, lectures


def _require_own_base(actor: User, application: CourseApplication) -> None:
    if actor.role != Role.BASE_ADMIN or actor.base_id != application.base_id:
        raise PermissionDenied(_("Only the applicant base may change its application"), code="application_base_only")


def _require_editable(application: CourseApplication) -> None:
    if not application.is_editable:
        raise Conflict(_("The application can only be changed while it is a draft or returned for changes"),
                       code="application_not_editable", detail={"status": application.status})


def _set_teachers(application: CourseApplication, teachers: list[dict[str, str]]) -> None:
    application.teachers.all().delete()
    ApplicationTeacher.objects.bulk_create(
        ApplicationTeacher(application=application, position=i, **row) for i, row in enumerate(teachers))


def _set_lectures(course: Course, lectures: list[dict[str, Any]]) -> None:
    """Lectures by number: listed ones are created or updated (their videos stay), others go."""
    existing = {lec.number: lec for lec in course.lectures.all()}
    wanted = {row["number"] for row in lectures}
    for number, gone in existing.items():
        if number not in wanted:
            name = gone.video.name
            gone.delete()
            if name:
                _delete_file_on_commit(Lecture.video.field.storage, name)
    for row in lectures:
        lecture = existing.get(row["number"])
        if lecture is None:
            Lecture.objects.create(course=course, **row)
        elif (lecture.title, lecture.teacher, lecture.patriotic) != (row["title"], row["teacher"], row["patriotic"]):
            lecture.title, lecture.teacher, lecture.patriotic = row["title"], row["teacher"], row["patriotic"]
            lecture.save(update_fields=["title", "teacher", "patriotic"])


def _delete_file_on_commit(storage: Any, name: str) -> None:
    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete replaced file %s", name)

    transaction.on_commit(delete)


def _audit_state(application: CourseApplication) -> dict[str, Any]:
    return {**snapshot(application, _AUDITED_APP_FIELDS),
            "course": snapshot(application.course, _AUDITED_COURSE_FIELDS),
            "teachers": [t.name for t in application.teachers.all()],
            "lectures": list(application.course.lectures.values_list("number", flat=True))}


# ---------------------------------------------------------------------------------------------
# Create, update


def application_create(*, actor: User, data: dict[str, Any]) -> CourseApplication:
    """A new draft application of the actor's base, with its course in production."""
    if actor.role != Role.BASE_ADMIN or not actor.base_id:
        raise PermissionDenied(_("Only a training base may apply for courses"), code="bases_only")
    course_fields, app_fields, teachers, lectures = _clean(data, creating=True)
    year = current_plan().year
    now = clock.now()
    with transaction.atomic():
        course = Course.objects.create(base_id=actor.base_id, status=Course.Status.DRAFT, **course_fields)
        application = CourseApplication.objects.create(course=course, base_id=actor.base_id, year=year,
                                                       created_by=actor, created_at=now, updated_at=now,
                                                       **app_fields)
        if teachers:
            _set_teachers(application, teachers)
        if lectures:
            _set_lectures(course, lectures)
        audit_record(actor=actor, action="catalog.application_create", obj=application,
                     after=_audit_state(application))
    return application


def application_update(*, actor: User, application: CourseApplication, data: dict[str, Any]) -> CourseApplication:
    """Changes a draft or returned application; only the fields given change."""
    _require_own_base(actor, application)
    course_fields, app_fields, teachers, lectures = _clean(data, creating=False)
    with transaction.atomic():
        application = CourseApplication.objects.select_for_update().select_related("course", "base").get(
            pk=application.pk)
        _require_editable(application)
        course = application.course
        before = _audit_state(application)
        if course_fields:
            for name, value in course_fields.items():
                setattr(course, name, value)
            course.save(update_fields=list(course_fields))
        app_fields["updated_at"] = clock.now()
        for name, value in app_fields.items():
            setattr(application, name, value)
        application.save(update_fields=list(app_fields))
        if teachers is not None:
            _set_teachers(application, teachers)
        if lectures is not None:
            _set_lectures(course, lectures)
        audit_record(actor=actor, action="catalog.application_update", obj=application, before=before,
                     after=_audit_state(application))
    return application


# ---------------------------------------------------------------------------------------------
# Uploads and the spec check


class _Target:
    """One checked file: a lecture's video or the course's preview."""

    def __init__(self, kind: str) -> None:
        if kind not in ("lecture", "preview"):
            raise ValueError(kind)
        self.kind = kind
        self.model: Any = Lecture if kind == "lecture" else Course
        prefix = "" if kind == "lecture" else "preview_"
        self.file = "video" if kind == "lecture" else "preview_video"
        self.status = f"{prefix}check_status"
        self.progress = f"{prefix}check_progress"
        self.report = f"{prefix}check_report"
        self.checked_at = "checked_at" if kind == "lecture" else "preview_checked_at"
        self.duration = "duration" if kind == "lecture" else "preview_duration"
        self.role = "lecture" if kind == "lecture" else "preview"

    def fresh(self, object_id: int, name: str):  # type: ignore[no-untyped-def]
        """A queryset of the row only while it still holds this file: a replaced file's late
        result must not overwrite the new one's."""
        return self.model.objects.filter(pk=object_id, **{self.file: name})


def _store_upload(obj: Model, field_name: str, upload: UploadedFile, folder: str) -> str:
    """Moves an upload into storage: a large upload already sits in a temporary file (Django
    streams it there), which the file storage moves rather than copies, so no upload is ever
    held whole in memory."""
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in VIDEO_EXTENSIONS:
        ext = ".bin"
    storage = obj._meta.get_field(field_name).storage  # type: ignore[union-attr]
    name = f"{folder}/{uuid.uuid4().hex}{ext}"
    return storage.save(name, upload)


def _attach(*, actor: User, application: CourseApplication, upload: UploadedFile, kind: str,
            number: int | None = None) -> Model:
    _require_own_base(actor, application)
    if not upload or not upload.size:
        raise ValidationFailed(_("The uploaded file is empty"), code="file_empty",
                               detail={"errors": [{"field": "file", "reason": _("The uploaded file is empty")}]})
    target = _Target(kind)
    course = application.course
    if kind == "lecture":
        obj: Model | None = course.lectures.filter(number=number).first()
        if obj is None:
            raise NotFound(_("Lecture %(n)s not found; list the lectures first") % {"n": number},
                           code="lecture_not_found")
        folder = f"courseware/lectures/{course.pk}"
    else:
        obj = course
        folder = f"courseware/previews/{course.pk}"
    # Check the state before moving gigabytes into storage, and again under the lock.
    _require_editable(application)
    name = _store_upload(obj, target.file, upload, folder)
    storage = obj._meta.get_field(target.file).storage  # type: ignore[union-attr]
    try:
        with transaction.atomic():
            locked = CourseApplication.objects.select_for_update().get(pk=application.pk)
            _require_editable(locked)
            obj = target.model.objects.select_for_update().get(pk=obj.pk)
            old = getattr(obj, target.file).name
            setattr(obj, target.file, name)
            setattr(obj, target.status, CheckStatus.PENDING)
            setattr(obj, target.progress, 0)
            setattr(obj, target.report, None)
            setattr(obj, target.checked_at, None)
            setattr(obj, target.duration, 0)
            obj.save(update_fields=[target.file, target.status, target.progress, target.report, target.checked_at,
                                    target.duration])
            CourseApplication.objects.filter(pk=application.pk).update(updated_at=clock.now())
            if old and old != name:
                _delete_file_on_commit(storage, old)
            audit_record(actor=actor, action=f"catalog.{kind}_upload", obj=obj,
                         before={"file": old}, after={"file": name, "size": upload.size,
                                                      "original_name": (upload.name or "")[:200]})
            attachment_check_schedule(kind=kind, object_id=obj.pk, name=name)
    except BaseException:
        storage.delete(name)
        raise
    return obj


def lecture_video_attach(*, actor: User, application: CourseApplication, number: int,
                         upload: UploadedFile) -> Lecture:
    """Stores a lecture's video and queues its spec check."""
    return _attach(actor=actor, application=application, upload=upload, kind="lecture",
                   number=number)  # type: ignore[return-value]


def preview_attach(*, actor: User, application: CourseApplication, upload: UploadedFile) -> Course:
    """Stores the course's preview video and queues its spec check."""
    return _attach(actor=actor, application=application, upload=upload, kind="preview")  # type: ignore[return-value]


def attachment_check_schedule(*, kind: str, object_id: int, name: str) -> None:
    """Runs the spec check of a stored file as a task once the transaction has committed."""
    from .tasks import attachment_check_task

    transaction.on_commit(lambda: attachment_check_task.delay(kind, object_id, name))


def _progress_writer(target: _Target, object_id: int, name: str) -> Callable[[float], None]:
    last = {"at": 0.0, "pct": 0}

    def write(fraction: float) -> None:
        pct = max(1, min(99, int(fraction * 100)))
        now = time.monotonic()
        # At most one write a second: a progress bar, not a log.
        if pct > last["pct"] and now - last["at"] >= 1.0:
            last.update(at=now, pct=pct)
            target.fresh(object_id, name).update(**{target.progress: pct})

    return write


def attachment_check_run(*, kind: str, object_id: int, name: str) -> str:
    """Checks one stored file against the year's spec and stores the report where the base sees
    it. Returns the stored status ("" when the file was replaced meanwhile)."""
    target = _Target(kind)
    obj = target.fresh(object_id, name).first()
    if obj is None:
        return ""
    target.fresh(object_id, name).update(**{target.status: CheckStatus.RUNNING, target.progress: 1})
    storage = obj._meta.get_field(target.file).storage  # type: ignore[union-attr]
    rules = dict(current_plan().spec_profile.rules)
    try:
        report = integrations.check_file(storage.path(name), rules, role=target.role, deep=UPLOAD_CHECK_DEEP,
                                         progress=_progress_writer(target, object_id, name))
    except Exception:  # a broken file must end as a failed check, never as a stuck one
        logger.exception("spec check crashed on %s", name)
        report = {"verdict": "fail", "error": _("The file could not be checked"), "rows": [
            {"rule": "readable", "status": "fail", "measured": "", "required": "",
             "message": _("The file could not be checked")}]}
    if report is None:
        report = {"verdict": "warn", "unavailable": True, "rows": [], "message": _(
            "The courseware check is not installed; the province checks this file by hand")}
    verdict = str(report.get("verdict", "fail")).lower()
    status = {"pass": CheckStatus.PASS, "warn": CheckStatus.WARN}.get(verdict, CheckStatus.FAIL)
    values: dict[str, Any] = {target.status: status, target.progress: 100, target.report: report,
                              target.checked_at: clock.now()}
    if isinstance(report.get("duration"), int | float):
        values[target.duration] = float(report["duration"])
    if not target.fresh(object_id, name).update(**values):
        return ""
    course_id = object_id if kind == "preview" else Lecture.objects.filter(pk=object_id).values_list(
        "course_id", flat=True).first()
    application = CourseApplication.objects.filter(course_id=course_id, status=Status.SUBMITTED).first()
    if application is not None:
        application_checks_settle(application=application)
    return str(status)


def application_checks_settle(*, application: CourseApplication) -> CourseApplication:
    """Moves an application submitted with checks still running on, once they have all
    settled: to its first authority, or back to the base with the reasons."""
    with transaction.atomic():
        application = CourseApplication.objects.select_for_update().select_related("course", "base").get(
            pk=application.pk)
        if application.status != Status.SUBMITTED:
            return application
        check = submission_check(application)
        if check.pending:
            return application
        to_status: str
        if check.errors:
            to_status, action = Status.RETURNED, Action.CHECKS_FAILED
            opinion = pgettext("list of lists separator", "; ").join(e["reason"] for e in check.errors)
        else:
            to_status, action, opinion = first_authority_status(application), Action.CHECKS_PASSED, ""
        _move(application, actor=None, action=action, authority=Authority.SYSTEM, to_status=to_status,
              opinion=opinion)
    application_moved.send(sender=CourseApplication, application=application)
    return application


# ---------------------------------------------------------------------------------------------
# The chain


def _move(application: CourseApplication, *, actor: User | None, action: str, authority: str, to_status: str,
          opinion: str = "") -> ApplicationStep:
    now = clock.now()
    from_status = application.status
    application.status = to_status
    application.updated_at = now
    fields = ["status", "updated_at"]
    if to_status in (Status.APPROVED, Status.REJECTED):
        application.decided_at = now
        fields.append("decided_at")
    application.save(update_fields=fields)
    step = ApplicationStep.objects.create(
        application=application, round=application.round, action=action, authority=authority, actor=actor,
        actor_name=(actor.display_name or actor.username) if actor else "", role=actor.role if actor else "",
        opinion=opinion, from_status=from_status, to_status=to_status, at=now)
    audit_record(actor=actor, action=f"catalog.application_{action.lower()}", obj=application,
                 before={"status": from_status}, after={"status": to_status, "opinion": opinion,
                                                        "round": application.round})
    return step


def application_submit(*, actor: User, application: CourseApplication) -> CourseApplication:
    """Submits a draft or returned application to its first authority.

    Refused with every reason at once (422) when a rule stands in the way: scope, permission,
    base status, hours class, lecture count, patriotic hours, a failed spec check, a short
    question bank, a missing form field. While a spec check is still running the application
    waits as SUBMITTED and moves on by itself when the checks settle.
    """
    _require_own_base(actor, application)
    with transaction.atomic():
        application = CourseApplication.objects.select_for_update().select_related("course", "base").get(
            pk=application.pk)
        _require_editable(application)
        check = submission_check(application)
        if check.errors:
            raise ValidationFailed(_("The application cannot be submitted yet"), code="application_incomplete",
                                   detail={"errors": check.errors, "pending": check.pending})
        application.round += 1
        application.submitted_at = clock.now()
        application.save(update_fields=["round", "submitted_at"])
        to_status = Status.SUBMITTED if check.pending else first_authority_status(application)
        _move(application, actor=actor, action=Action.SUBMIT, authority=Authority.BASE, to_status=to_status,
              opinion=application.applicant_opinion)
        if check.pending:
            _schedule_unchecked(application.course)
    application_moved.send(sender=CourseApplication, application=application)
    return application


def _schedule_unchecked(course: Course) -> None:
    """Files stored without a check (e.g. while the check was not installed) are checked now."""
    for lecture in course.lectures.exclude(video="").filter(check_status=CheckStatus.NONE):
        Lecture.objects.filter(pk=lecture.pk).update(check_status=CheckStatus.PENDING)
        attachment_check_schedule(kind="lecture", object_id=lecture.pk, name=str(lecture.video.name))
    if course.preview_video and course.preview_check_status == CheckStatus.NONE:
        Course.objects.filter(pk=course.pk).update(preview_check_status=CheckStatus.PENDING)
        attachment_check_schedule(kind="preview", object_id=course.pk, name=str(course.preview_video.name))


DECISIONS = ("approve", "return", "reject")


def application_review(*, actor: User, application: CourseApplication, decision: str,
                       opinion: str = "") -> CourseApplication:
    """One authority's step: approve (the city forwards to the province; the province approves
    and publishes), return for changes, or reject. Return and reject need a reason.

    A step out of turn — the province before the city, the city after it, anything on an
    application not under review, a second approval — is a Conflict (409).
    """
    if actor.role not in (Role.CITY_ADMIN, Role.PROVINCE_ADMIN):
        raise PermissionDenied(_("Only the city bureau or the province may review applications"),
                               code="reviewers_only")
    if decision not in DECISIONS:
        raise ValidationFailed(_("Choose approve, return or reject"), code="decision_invalid", detail={
            "errors": [{"field": "decision", "reason": _("Choose approve, return or reject")}]})
    opinion = (opinion or "").strip()[:2000]
    if decision in ("return", "reject") and not opinion:
        raise ValidationFailed(_("Give the reason"), code="opinion_required", detail={
            "errors": [{"field": "opinion", "reason": _("Give the reason")}]})
    with transaction.atomic():
        application = CourseApplication.objects.select_for_update().select_related("course", "base").get(
            pk=application.pk)
        base: TrainingBase = application.base
        if actor.role == Role.CITY_ADMIN and (base.level != TrainingBase.Level.CITY or base.city_id != actor.city_id):
            raise NotFound(_("Course application not found"), code="application_not_found")
        if application.status == Status.CITY_REVIEW:
            if actor.role != Role.CITY_ADMIN:
                raise Conflict(_("The city bureau has not reviewed this application yet"), code="city_step_pending",
                               detail={"status": application.status})
            authority = Authority.CITY
        elif application.status == Status.PROVINCE_REVIEW:
            if actor.role != Role.PROVINCE_ADMIN:
                raise Conflict(_("The application is with the province now"), code="not_your_step",
                               detail={"status": application.status})
            authority = Authority.PROVINCE
        else:
            raise Conflict(_("The application is not waiting for a review"), code="application_not_under_review",
                           detail={"status": application.status})

        if decision == "approve":
            opinion = opinion or _("Agreed")
            if authority == Authority.CITY:
                _move(application, actor=actor, action=Action.FORWARD, authority=authority,
                      to_status=Status.PROVINCE_REVIEW, opinion=opinion)
            else:
                _move(application, actor=actor, action=Action.APPROVE, authority=authority,
                      to_status=Status.APPROVED, opinion=opinion)
                course_publish(actor=actor, course=application.course)
        elif decision == "return":
            _move(application, actor=actor, action=Action.RETURN, authority=authority, to_status=Status.RETURNED,
                  opinion=opinion)
        else:
            _move(application, actor=actor, action=Action.REJECT, authority=authority, to_status=Status.REJECTED,
                  opinion=opinion)
    application_moved.send(sender=CourseApplication, application=application)
    return application


def course_publish(*, actor: User | None, course: Course) -> Course:
    """Puts an approved course on the platform (RULES-2020 §4: the province publishes)."""
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        if course.status == Course.Status.PUBLISHED:
            raise Conflict(_("The course is already published"), code="course_already_published")
        before = {"status": course.status}
        course.status = Course.Status.PUBLISHED
        course.published_at = clock.now()
        course.save(update_fields=["status", "published_at"])
        audit_record(actor=actor, action="catalog.course_publish", obj=course, before=before,
                     after={"status": course.status, "published_at": course.published_at})
    return course

"""Pages of studying: my study (the year's progress), a course's lectures, the lecture player,
in-person sessions for learners, and a base's session pages (schedule, registrations,
attendance, close). Thin: parse, access, one service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jxjy.accounts.access import learner_of
from jxjy.accounts.models import User
from jxjy.catalog.models import Category, Course
from jxjy.core import clock
from jxjy.core.errors import DomainError, PermissionDenied
from jxjy.org.models import Specialty
from jxjy.plans.selectors import current_plan

from . import access, selectors, services
from . import progress as progress_core
from .models import Enrolment, InPersonSession, LectureProgress, SessionRegistration


def url_or_blank(name: str, *args: Any) -> str:
    """A link into another app, or nothing while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _learner(request: HttpRequest) -> Any:
    return learner_of(request.user)  # type: ignore[arg-type]


def _forbidden(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "learning/forbidden.html", {"message": exc.message}, status=exc.status)


# ---------------------------------------------------------------------------------------------
# Learners: my study, a course's lectures, the player


@login_required
def my_study(request: HttpRequest) -> HttpResponse:
    from jxjy.credits import selectors as credit_selectors

    try:
        learner = _learner(request)
    except DomainError as exc:
        return _forbidden(request, exc)
    rules = current_plan().rules()
    try:
        year = int(request.GET.get("year", rules.year))
    except ValueError:
        year = rules.year
    status = credit_selectors.year_status(learner, year)
    entries = credit_selectors.entries_of(learner, year)
    titles = credit_selectors.entry_titles(entries)
    enrolments = list(Enrolment.objects.filter(learner=learner, year=year).exclude(
        status=Enrolment.Status.CANCELLED).select_related("course").order_by("course__category", "id"))
    done = selectors.enrolment_progress(enrolments)
    today = clock.today()
    makeup = [{"year": y, "deadline": d, "open": today <= d} for y, d in sorted(rules.makeup_deadlines.items())]
    years = sorted({rules.year, year, *rules.makeup_deadlines.keys(),
                    *learner.credit_entries.values_list("year", flat=True).distinct()}, reverse=True)
    registrations = list(SessionRegistration.objects.filter(learner=learner, session__year=year).exclude(
        status=SessionRegistration.Status.CANCELLED).select_related("session", "session__base"))
    bars = [
        {"label": _("Public courses"), "have": status.public, "need": status.required.public,
         "share": status.share(Category.PUBLIC), "met": status.public_met},
        {"label": _("Professional courses"), "have": status.professional, "need": status.required.professional,
         "share": status.share(Category.PROFESSIONAL), "met": status.professional_met},
        {"label": _("Total"), "have": status.total, "need": status.required.total, "share": status.share("TOTAL"),
         "met": status.total_met},
    ]
    return render(request, "learning/my_study.html", {
        "learner": learner, "year": year, "years": years, "status": status, "bars": bars,
        "entries": [(e, titles.get(e.pk, e.reference)) for e in entries],
        "enrolments": [(e, done.get(e.pk, (0, 0)), url_or_blank("exams:course", e.course_id)) for e in enrolments],
        "registrations": registrations, "makeup": makeup, "current_year": rules.year,
        "browse_url": url_or_blank("catalog:browse"),
    })


@login_required
def enrolment_page(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    try:
        enrolment = access.access_enrolment(request.user, enrolment_id)
    except DomainError as exc:
        return _forbidden(request, exc)
    rows = selectors.lecture_rows(enrolment)
    return render(request, "learning/enrolment.html", {
        "enrolment": enrolment, "rows": rows, "exam_url": url_or_blank("exams:course", enrolment.course_id),
        "is_owner": enrolment.learner.user_id == request.user.pk,
        "complete": sum(1 for r in rows if r.completed)})


@login_required
def lecture_page(request: HttpRequest, lecture_id: int) -> HttpResponse:
    """The player: it starts a playback through the API, resumes, sends heartbeats and answers
    presence checks; the server decides what counts."""
    try:
        learner = _learner(request)
        lecture = access.access_lecture(request.user, lecture_id)
        enrolment = selectors.studyable_enrolment(learner, lecture.course, _int(request.GET.get("enrolment")))
    except DomainError as exc:
        return _forbidden(request, exc)
    lectures = list(lecture.course.lectures.order_by("number").values("pk", "number", "title"))
    index = next((i for i, x in enumerate(lectures) if x["pk"] == lecture.pk), 0)
    study = selectors.rules_for_year(enrolment.year).study
    stored = LectureProgress.objects.filter(enrolment=enrolment, lecture=lecture).first()
    watched = progress_core.progress_share(stored.watched_ms if stored else 0, progress_core.to_ms(lecture.duration))
    cap = f"{study.playback_rate_cap:g}"
    texts = {
        "superseded": _("Playing elsewhere: study time is no longer counted in this window."),
        "resume_here": _("Continue in this window"),
        "network": _("The connection was lost; study time will be counted again once it is back."),
        "complete": _("Lecture complete"),
        "watched": _("Watched"),
        "over_cap": _("Playback above %(rate)s× is counted at %(rate)s× only") % {"rate": cap},
        "presence_failed": _("The confirmation failed; please try again."),
    }
    return render(request, "learning/lecture.html", {
        "lecture": lecture, "enrolment": enrolment, "lectures": lectures,
        "previous": lectures[index - 1] if index > 0 else None,
        "next": lectures[index + 1] if index + 1 < len(lectures) else None,
        "rate_cap": study.playback_rate_cap, "share_percent": round(study.completion_share * 100),
        "watched": watched, "complete": bool(stored and stored.completed_at), "texts": texts,
    })


@login_required
def lecture_video(request: HttpRequest, lecture_id: int) -> HttpResponseBase:
    """The lecture's video file for a learner who may study it (paid, year open), with HTTP
    Range so that the player can seek and resume."""
    from jxjy.core.media import serve_file

    try:
        learner = _learner(request)
        lecture = access.access_lecture(request.user, lecture_id)
        selectors.studyable_enrolment(learner, lecture.course, None)
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    return serve_file(request, lecture.video)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------
# In-person sessions: learners


@login_required
def sessions_page(request: HttpRequest) -> HttpResponse:
    """Open sessions for learners (with their price); a base's administrator goes to its own."""
    if request.user.role == User.Role.BASE_ADMIN:  # type: ignore[union-attr]
        return redirect("learning:base_sessions")
    learner = None
    if request.user.role == User.Role.LEARNER:  # type: ignore[union-attr]
        learner = _learner(request)
    today = clock.today()
    sessions = list(access.sessions_visible(request.user).filter(
        status=InPersonSession.Status.SCHEDULED, starts_on__gte=today).order_by("starts_on", "id")[:100])
    mine = {}
    if learner is not None:
        mine = {r.session_id: r for r in SessionRegistration.objects.filter(
            learner=learner, session__in=sessions).exclude(status=SessionRegistration.Status.CANCELLED)}
    rows = []
    rules: dict[int, Any] = {}
    for s in sessions:
        if s.year not in rules:
            rules[s.year] = selectors.rules_for_year(s.year)
        fee = services.session_fee(s, learner, rules[s.year])
        registration = mine.get(s.pk)
        rows.append({"session": s, "fee": fee, "registration": registration,
                     "order_url": url_or_blank("billing:order", registration.order_ref)
                     if registration and registration.order_ref else ""})
    return render(request, "learning/sessions.html", {"rows": rows, "is_learner": learner is not None})


@login_required
@require_POST
def session_register(request: HttpRequest, session_id: int) -> HttpResponse:
    try:
        learner = _learner(request)
        session = access.access_session(request.user, session_id)
        registration = services.session_register(learner=learner, session=session)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("learning:sessions")
    messages.success(request, _("Registered. Please pay to confirm your place."))
    order_url = url_or_blank("billing:order", registration.order_ref) if registration.order_ref else ""
    return redirect(order_url or "learning:sessions")


# ---------------------------------------------------------------------------------------------
# In-person sessions: the base's pages


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(label=gettext_lazy("Course (optional)"), queryset=Course.objects.none(),
                                    required=False)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200, required=False)
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=Category.choices)
    specialty = forms.ModelChoiceField(label=gettext_lazy("Specialty"), queryset=Specialty.objects.none(),
                                       required=False)
    starts_on = forms.DateField(label=gettext_lazy("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=gettext_lazy("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.IntegerField(label=gettext_lazy("Hours"), min_value=1)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    capacity = forms.IntegerField(label=gettext_lazy("Capacity"), min_value=1)

    def __init__(self, *args: Any, base: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if base is not None:
            self.fields["specialty"].queryset = base.specialty_scope.all()  # type: ignore[attr-defined]
            self.fields["course"].queryset = Course.objects.filter(base=base)  # type: ignore[attr-defined]


def _base_admin(request: HttpRequest) -> Any:
    user = request.user
    if getattr(user, "role", "") != User.Role.BASE_ADMIN or not user.base_id:  # type: ignore[union-attr]
        raise PermissionDenied(_("Only a training base's administrator can open this page"), code="bases_only")
    return user.base  # type: ignore[union-attr]


@login_required
def base_sessions(request: HttpRequest) -> HttpResponse:
    try:
        base = _base_admin(request)
    except DomainError as exc:
        return _forbidden(request, exc)
    form = SessionForm(request.POST or None, base=base,
                       initial={"starts_on": clock.today() + dt.timedelta(days=7)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_schedule(
                actor=request.user, subject=data["subject"], category=data["category"],  # type: ignore[arg-type]
                specialty_id=data["specialty"].pk if data["specialty"] else None, year=None,
                course_id=data["course"].pk if data["course"] else None,
                starts_on=data["starts_on"], ends_on=data["ends_on"], hours=data["hours"], place=data["place"],
                capacity=data["capacity"])
        except DomainError as exc:
            for err in exc.detail.get("errors", []):
                field = {"specialty_id": "specialty", "course_id": "course"}.get(err["field"], err["field"])
                form.add_error(field if field in form.fields else None, err["reason"])
            if not exc.detail.get("errors"):
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("Session scheduled"))
            return redirect("learning:base_session", session_id=session.pk)
    sessions = list(access.sessions_visible(request.user).order_by("-starts_on", "-id")[:200])
    return render(request, "learning/base_sessions.html", {"base": base, "form": form, "sessions": sessions})


@login_required
def base_session(request: HttpRequest, session_id: int) -> HttpResponse:
    try:
        _base_admin(request)
        session = access.access_session_to_manage(request.user, session_id)
    except DomainError as exc:
        return _forbidden(request, exc)
    registrations = list(session.registrations.select_related("learner", "learner__employer").order_by("id"))
    confirmed = [r for r in registrations if r.status == SessionRegistration.Status.CONFIRMED]
    today = clock.today()
    rules = selectors.rules_for_year(session.year)
    return render(request, "learning/base_session.html", {
        "session": session, "registrations": registrations, "confirmed": confirmed,
        "fee_standard": rules.in_person.standard * session.hours, "fee_relief": rules.in_person.relief * session.hours,
        "can_mark": session.is_scheduled and today >= session.starts_on,
        "can_close": session.is_scheduled and today >= session.ends_on,
        "taken": sum(1 for r in registrations if r.status != SessionRegistration.Status.CANCELLED),
    })


@login_required
@require_POST
def base_session_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    try:
        session = access.access_session_to_manage(request.user, session_id)
        if request.FILES.get("file"):
            count = services.attendance_import(actor=request.user, session=session,  # type: ignore[arg-type]
                                               upload=request.FILES["file"])
        else:
            marks = []
            for key, value in request.POST.items():
                if key.startswith("attended_") and value in ("1", "0"):
                    marks.append(services.Mark(int(key.removeprefix("attended_")), value == "1"))
            count = services.attendance_record(actor=request.user, session=session,  # type: ignore[arg-type]
                                               marks=marks)
    except DomainError as exc:
        messages.error(request, exc.message)
        for err in exc.detail.get("errors", [])[:50]:
            where = _("Row %(row)s") % {"row": err["row"]} if "row" in err else \
                _("Registration %(id)s") % {"id": err.get("registration_id")}
            messages.error(request, f"{where}: {err['reason']}")
    except ValueError:
        messages.error(request, _("The attendance form is malformed"))
    else:
        messages.success(request, _("Attendance recorded for %(n)s learner(s)") % {"n": count})
    return redirect("learning:base_session", session_id=session_id)


@login_required
def base_session_sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    from .attendance_sheet import template_bytes

    try:
        session = access.access_session_to_manage(request.user, session_id)
    except DomainError as exc:
        return _forbidden(request, exc)
    regs = list(session.registrations.filter(status=SessionRegistration.Status.CONFIRMED)
                .select_related("learner", "learner__employer").order_by("id"))
    response = HttpResponse(template_bytes(regs),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="attendance-{session.pk}.xlsx"'
    return response


@login_required
@require_POST
def base_session_close(request: HttpRequest, session_id: int) -> HttpResponse:
    try:
        session = access.access_session_to_manage(request.user, session_id)
        credited = services.session_close(actor=request.user, session=session)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Session closed; hours credited to %(n)s learner(s)") % {"n": credited})
    return redirect("learning:base_session", session_id=session_id)

"""The studying API: enrolments, playbacks and heartbeats, in-person sessions.

Contracts used by players and partner systems (keep paths and field names):
`POST /lectures/{id}/playback` → `{"playback_id", "resume_at", "heartbeat_seconds"}` (and, added,
`"player_token"`: the player key the heartbeats of this playback may sign in with as a bearer token);
`POST /playbacks/{id}/heartbeat` `{"seq", "position", "rate"}` →
`{"credited_seconds", "progress", "completed", "presence_check"}`;
`POST /playbacks/{id}/presence` `{"id"}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from jxjy.accounts.access import learner_of
from jxjy.accounts.models import User

from . import access, selectors, services
from .models import Enrolment, InPersonSession, SessionRegistration

router = Router(tags=["learning"])

# Sequence numbers beyond this could not be stored; no player sends that many heartbeats.
MAX_SEQ = 2**62


def enrolment_out(e: Enrolment, done: tuple[int, int] | None = None) -> dict:
    data = {"id": e.pk, "course_id": e.course_id, "course_title": e.course.title, "year": e.year,
            "status": e.status.lower(), "category": e.course.category, "hours": e.course.hours}
    if done is not None:
        data["lectures"] = {"complete": done[0], "total": done[1]}
    return data


@router.get("/me/enrolments")
def my_enrolments(request: HttpRequest) -> list[dict]:
    learner = learner_of(request.auth)  # type: ignore[attr-defined]
    enrolments = list(Enrolment.objects.filter(learner=learner).select_related("course").order_by("-year", "-id"))
    done = selectors.enrolment_progress(enrolments)
    return [enrolment_out(e, done.get(e.pk)) for e in enrolments]


@router.get("/enrolments/{enrolment_id}/lectures")
def enrolment_lectures(request: HttpRequest, enrolment_id: int) -> dict:
    """Each lecture of an enrolment's course with the watched share."""
    enrolment = access.access_enrolment(request.auth, enrolment_id)  # type: ignore[attr-defined]
    rows = selectors.lecture_rows(enrolment)
    return {"enrolment": enrolment_out(enrolment),
            "lectures": [{"id": r.lecture.pk, "number": r.lecture.number, "title": r.lecture.title,
                          "duration": r.lecture.duration, "progress": r.progress, "completed": r.completed}
                         for r in rows]}


class PlaybackIn(Schema):
    enrolment_id: int | None = None


@router.post("/lectures/{lecture_id}/playback", response={201: dict})
def playback_start(request: HttpRequest, lecture_id: int, payload: PlaybackIn | None = None) -> tuple[int, dict]:
    learner = learner_of(request.auth)  # type: ignore[attr-defined]
    lecture = access.access_lecture(request.auth, lecture_id)  # type: ignore[attr-defined]
    started = services.playback_start(learner=learner, lecture=lecture,
                                      enrolment_id=payload.enrolment_id if payload else None)
    return 201, {"playback_id": started.playback.pk, "resume_at": started.resume_at,
                 "heartbeat_seconds": started.heartbeat_seconds, "player_token": started.player_token}


class HeartbeatIn(Schema):
    seq: int = Field(ge=1, le=MAX_SEQ)
    position: float
    rate: float = 1.0


@router.post("/playbacks/{playback_id}/heartbeat")
def playback_heartbeat(request: HttpRequest, playback_id: int, payload: HeartbeatIn) -> dict:
    result = services.playback_heartbeat(playback_id=playback_id, seq=payload.seq, position=payload.position,
                                         rate=payload.rate, user_id=request.auth.pk)  # type: ignore[attr-defined]
    return result.as_dict()


class PresenceIn(Schema):
    id: str = Field(max_length=64)


@router.post("/playbacks/{playback_id}/presence")
def playback_presence(request: HttpRequest, playback_id: int, payload: PresenceIn) -> dict:
    services.playback_presence_confirm(user=request.auth, playback_id=playback_id,  # type: ignore[attr-defined]
                                       check_id=payload.id)
    return {"confirmed": True, "presence_check": None}


@router.post("/playbacks/{playback_id}/stop")
def playback_stop(request: HttpRequest, playback_id: int) -> dict:
    playback = services.playback_stop(user=request.auth, playback_id=playback_id)  # type: ignore[attr-defined]
    return {"playback_id": playback.pk, "status": playback.status.lower()}


# ---------------------------------------------------------------------------------------------
# In-person sessions


def session_out(s: InPersonSession, *, taken: int | None = None) -> dict:
    data: dict[str, Any] = {
        "id": s.pk, "base": {"id": s.base_id, "name": s.base.name}, "course_id": s.course_id, "subject": s.subject,
        "category": s.category, "specialty": ({"id": s.specialty_id, "code": s.specialty.code,
                                              "name": s.specialty.name} if s.specialty_id else None),
        "year": s.year, "starts_on": s.starts_on, "ends_on": s.ends_on, "hours": s.hours, "place": s.place,
        "capacity": s.capacity, "status": s.status.lower(),
    }
    if taken is not None:
        data["places_left"] = max(0, s.capacity - taken)
    return data


def registration_out(r: SessionRegistration, *, with_learner: bool = False) -> dict:
    data: dict[str, Any] = {"id": r.pk, "session_id": r.session_id, "status": r.status.lower(),
                            "order_id": r.order_ref, "attended": r.attended, "created_at": r.created_at}
    if with_learner:
        data["learner"] = {"id": r.learner_id, "name": r.learner.name, "id_number": r.learner.masked_id_number,
                           "employer": r.learner.employer.name}
    return data


def _taken(session: InPersonSession) -> int:
    return session.registrations.exclude(status=SessionRegistration.Status.CANCELLED).count()


class SessionIn(Schema):
    subject: str = Field(default="", max_length=200)
    category: str = Field(default="", max_length=12)
    specialty_id: int | None = None
    course_id: int | None = None
    year: int | None = None
    starts_on: dt.date
    ends_on: dt.date
    hours: int
    place: str = Field(max_length=200)
    capacity: int


@router.get("/in-person-sessions")
def sessions_list(request: HttpRequest, status: str = "", limit: int = 50, offset: int = 0) -> dict:
    qs = access.sessions_visible(request.auth).order_by("starts_on", "id")  # type: ignore[attr-defined]
    if status:
        qs = qs.filter(status=status.upper())
    limit = max(1, min(limit, 200))
    return {"count": qs.count(), "items": [session_out(s) for s in qs[offset:offset + limit]]}


@router.post("/in-person-sessions", response={201: dict})
def sessions_create(request: HttpRequest, payload: SessionIn) -> tuple[int, dict]:
    session = services.session_schedule(actor=request.auth, **payload.dict())  # type: ignore[attr-defined]
    return 201, session_out(session, taken=0)


@router.get("/in-person-sessions/{session_id}")
def session_detail(request: HttpRequest, session_id: int) -> dict:
    session = access.access_session(request.auth, session_id)  # type: ignore[attr-defined]
    return session_out(session, taken=_taken(session))


@router.post("/in-person-sessions/{session_id}/registrations", response={201: dict})
def session_register(request: HttpRequest, session_id: int) -> tuple[int, dict]:
    learner = learner_of(request.auth)  # type: ignore[attr-defined]
    session = access.access_session(request.auth, session_id)  # type: ignore[attr-defined]
    registration = services.session_register(learner=learner, session=session)
    return 201, registration_out(registration)


@router.get("/in-person-sessions/{session_id}/registrations")
def session_registrations(request: HttpRequest, session_id: int) -> dict:
    session = access.access_session(request.auth, session_id)  # type: ignore[attr-defined]
    if getattr(request.auth, "role", "") == User.Role.LEARNER:  # type: ignore[attr-defined]
        rows = session.registrations.filter(learner__user=request.auth)  # type: ignore[attr-defined]
    else:
        rows = session.registrations.all()
    rows = rows.select_related("learner", "learner__employer").order_by("id")
    return {"session": session_out(session), "items": [registration_out(r, with_learner=True) for r in rows]}


@router.get("/me/session-registrations")
def my_registrations(request: HttpRequest) -> list[dict]:
    learner = learner_of(request.auth)  # type: ignore[attr-defined]
    rows = SessionRegistration.objects.filter(learner=learner).select_related("session", "session__base",
                                                                              "session__specialty")
    return [{**registration_out(r), "session": session_out(r.session)} for r in rows.order_by("-id")]


class MarkIn(Schema):
    registration_id: int
    attended: bool


class AttendanceIn(Schema):
    marks: list[MarkIn]


@router.post("/in-person-sessions/{session_id}/attendance")
def session_attendance(request: HttpRequest, session_id: int, payload: AttendanceIn) -> dict:
    session = access.access_session_to_manage(request.auth, session_id)  # type: ignore[attr-defined]
    count = services.attendance_record(actor=request.auth, session=session,  # type: ignore[attr-defined]
                                       marks=[services.Mark(m.registration_id, m.attended) for m in payload.marks])
    return {"recorded": count}


@router.post("/in-person-sessions/{session_id}/attendance-import")
def session_attendance_import(request: HttpRequest, session_id: int, file: UploadedFile = File(...)) -> dict:  # noqa: B008
    session = access.access_session_to_manage(request.auth, session_id)  # type: ignore[attr-defined]
    # Size, zip bomb and row caps: the shared Excel guard (jxjy.core.xlsx), as on the page.
    count = services.attendance_import(actor=request.auth, session=session, upload=file)  # type: ignore[attr-defined]
    return {"recorded": count}


@router.get("/in-person-sessions/{session_id}/attendance-sheet")
def session_attendance_sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    from .attendance_sheet import template_bytes

    session = access.access_session_to_manage(request.auth, session_id)  # type: ignore[attr-defined]
    regs = list(session.registrations.filter(status=SessionRegistration.Status.CONFIRMED)
                .select_related("learner", "learner__employer").order_by("id"))
    response = HttpResponse(template_bytes(regs),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="attendance-{session.pk}.xlsx"'
    return response


@router.post("/in-person-sessions/{session_id}/close")
def session_close(request: HttpRequest, session_id: int) -> dict:
    session = access.access_session_to_manage(request.auth, session_id)  # type: ignore[attr-defined]
    credited = services.session_close(actor=request.auth, session=session)  # type: ignore[attr-defined]
    session.refresh_from_db()
    return {**session_out(session), "credited_learners": credited}

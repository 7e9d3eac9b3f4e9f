"""Writes on studying: enrolments (payment by billing activates them), playbacks and their
heartbeats, and in-person sessions with registration, attendance and closing.

The crediting rules themselves are the pure core in `progress.py`; this module only loads the
state under a row lock, applies the core, and stores the outcome in the same transaction, so a
heartbeat that was answered is stored, and one that was not answered was either stored whole
or not at all (a retry with the same `seq` then adds nothing).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jxjy.accounts.auth import token_check, token_digest, token_limits, token_user_id
from jxjy.accounts.models import Learner, User
from jxjy.catalog.models import Category, Course, Lecture
from jxjy.core import clock
from jxjy.core.audit import audit_record, snapshot
from jxjy.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jxjy.org.models import Specialty, TrainingBase
from jxjy.plans.selectors import current_plan

from . import heartbeat_store
from . import progress as core
from .models import Enrolment, InPersonSession, LectureProgress, Playback, SessionRegistration
from .selectors import rules_for_year, studyable_enrolment

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Enrolment


def enrolment_create(*, learner: Learner, course: Course, year: int) -> Enrolment:
    """Enrols a learner in a published course for the current year, or a past year as make-up
    while that year's make-up deadline (from the current plan) has not passed."""
    if not course.is_published:
        raise NotFound(_("Course not found"), code="course_not_found")
    rules = current_plan().rules()
    if year > rules.year:
        raise ValidationFailed(
            _("You cannot enrol for %(year)s; the current study year is %(current)s")
            % {"year": year, "current": rules.year},
            code="year_not_open", detail={"year": year, "current_year": rules.year})
    if year != rules.year:
        if not rules.makeup_open(year, clock.today()):
            deadline = rules.makeup_deadlines.get(year)
            message = (_("Make-up study for %(year)s closed on %(deadline)s") % {"year": year, "deadline": deadline}
                       if deadline else _("%(year)s is not open for make-up study") % {"year": year})
            raise Conflict(message, code="makeup_closed",
                           detail={"year": year, "deadline": deadline.isoformat() if deadline else None})
    if Enrolment.objects.filter(learner=learner, course=course, year=year).exclude(
            status=Enrolment.Status.CANCELLED).exists():
        raise Conflict(_("You are already enrolled in this course"), code="already_enrolled")
    try:
        with transaction.atomic():
            return Enrolment.objects.create(learner=learner, course=course, year=year)
    except IntegrityError as exc:
        raise Conflict(_("You are already enrolled in this course"), code="already_enrolled") from exc


def enrolment_activate(*, enrolment: Enrolment) -> Enrolment:
    """Opens study after payment (or at once for a free enrolment). Idempotent."""
    with transaction.atomic():
        row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if row.status == Enrolment.Status.PENDING_PAYMENT:
            row.status = Enrolment.Status.ACTIVE
            row.activated_at = clock.now()
            row.save(update_fields=["status", "activated_at"])
        return row


def enrolment_cancel(*, enrolment: Enrolment) -> Enrolment:
    """Cancels an enrolment whose order was refunded, cancelled or expired. Idempotent."""
    with transaction.atomic():
        row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if row.status in (Enrolment.Status.PENDING_PAYMENT, Enrolment.Status.ACTIVE):
            row.status = Enrolment.Status.CANCELLED
            row.save(update_fields=["status"])
        return row


def enrolment_complete(*, enrolment: Enrolment) -> Enrolment:
    """Marks an enrolment completed once its course's hours are credited. Idempotent."""
    with transaction.atomic():
        row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if row.status == Enrolment.Status.ACTIVE:
            row.status = Enrolment.Status.COMPLETED
            row.completed_at = clock.now()
            row.save(update_fields=["status", "completed_at"])
        return row


# ---------------------------------------------------------------------------------------------
# Online study: playbacks and heartbeats

# A sanity bound on what a player may report, not a rule of the year: browsers play at most 16×.
MAX_REPORTED_RATE = 16.0
_random = random.Random()  # noqa: S311 - presence checks need unpredictability, not secrecy


def _superseded() -> Conflict:
    return Conflict(_("This video is now playing in another window or on another device; study time is no "
                      "longer counted here. Continue there, or reopen the lecture here."),
                    code="playback_superseded")


@dataclass(frozen=True)
class PlaybackStarted:
    playback: Playback
    resume_at: float
    heartbeat_seconds: int
    # The player key: the lecture page's heartbeats sign in with it (`Authorization: Bearer …`),
    # for this playback only. Shown once; only its digest is stored.
    player_token: str = ""


def playback_start(*, learner: Learner, lecture: Lecture, enrolment_id: int | None = None) -> PlaybackStarted:
    """Starts playing a lecture of a paid enrolment; any other active playback of the learner (another
    tab or device) ends, and its heartbeats are refused from then on."""
    enrolment = studyable_enrolment(learner, lecture.course, enrolment_id)
    duration = core.to_ms(lecture.duration)
    if duration <= 0:
        raise Conflict(_("This lecture's video is not ready yet"), code="lecture_not_ready")
    study = rules_for_year(enrolment.year).study
    current = current_plan().rules()
    open_until = None if enrolment.year == current.year else current.makeup_deadlines.get(enrolment.year)
    with transaction.atomic():
        # Serialises a learner's starts, so two tabs opening at once still leave one playback.
        list(Learner.objects.select_for_update().filter(pk=learner.pk).values_list("pk"))
        now = clock.now()
        Playback.objects.select_for_update().filter(learner=learner, status=Playback.Status.ACTIVE).update(
            status=Playback.Status.ENDED, ended_at=now, end_reason=Playback.EndReason.SUPERSEDED)
        progress, _created = LectureProgress.objects.get_or_create(enrolment=enrolment, lecture=lecture)
        last = (Playback.objects.filter(progress=progress).order_by("-id")
                .values_list("last_position_ms", flat=True).first())
        intervals = core.normalise(progress.intervals)
        resume = core.resume_position(intervals, last or 0, duration, study.heartbeat_seconds * 1000)
        interval = core.presence_interval(study.presence_check_minutes, _random.random())
        player_token = secrets.token_urlsafe(24)
        playback = Playback.objects.create(
            learner=learner, enrolment=enrolment, lecture=lecture, progress=progress, started_at=now,
            duration_ms=duration, rate_cap=Decimal(str(study.playback_rate_cap)),
            completion_share=Decimal(str(study.completion_share)),
            presence_minutes=study.presence_check_minutes, last_position_ms=resume, last_heartbeat_at=now,
            presence_due_at=now + dt.timedelta(milliseconds=interval) if interval else None,
            open_until=open_until, player_digest=token_digest(player_token))
    return PlaybackStarted(playback=playback, resume_at=resume / 1000, heartbeat_seconds=study.heartbeat_seconds,
                           player_token=player_token)


@dataclass(frozen=True)
class HeartbeatResult:
    credited_ms: int
    progress: float
    completed: bool
    presence_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"credited_seconds": self.credited_ms / 1000, "progress": self.progress,
                "completed": self.completed,
                "presence_check": {"id": self.presence_id} if self.presence_id else None}


def _check_heartbeat(seq: int, position: float, rate: float) -> None:
    errors = []
    if isinstance(seq, bool) or seq < 1:
        errors.append({"field": "seq", "reason": _("Must be a whole number of at least 1")})
    if not math.isfinite(position) or position < 0:
        errors.append({"field": "position", "reason": _("Must be a number of seconds, at least 0")})
    if not math.isfinite(rate) or rate <= 0 or rate > MAX_REPORTED_RATE:
        errors.append({"field": "rate", "reason": _("Must be a playback rate above 0 and at most %(n)s")
                       % {"n": int(MAX_REPORTED_RATE)}})
    if errors:
        raise ValidationFailed(_("The heartbeat is malformed"), code="heartbeat_invalid", detail={"errors": errors})


def player_key_user(row: heartbeat_store.Row, now: dt.datetime) -> int | None:
    """Whom a playback's player key signs in: its learner, while active, and while the playback
    has had a heartbeat within the API tokens' idle time (a key idle that long has lapsed, as a
    token would). The database function applies the same rule."""
    cutoff, _touch = token_limits(now)
    if not row.user_active or row.last_heartbeat_at < cutoff:
        return None
    return row.user_id


def _heartbeat_valid(seq: int, position: float, rate: float) -> bool:
    try:
        _check_heartbeat(seq, position, rate)
    except ValidationFailed:
        return False
    return True


def _locked_playback(user: User, playback_id: int) -> Playback:
    # `of=("self",)` keeps PostgreSQL from locking the learner row joined for the ownership check.
    playback = (Playback.objects.select_for_update(of=("self",))
                .filter(pk=playback_id, learner__user_id=user.pk).first())
    if playback is None:
        raise NotFound(_("Playback not found"), code="playback_not_found")
    if playback.status != Playback.Status.ACTIVE:
        raise _superseded()
    return playback


def _check_open(open_until: dt.date | None, enrolment_id: int) -> None:
    if open_until and clock.today() > open_until:
        year = Enrolment.objects.filter(pk=enrolment_id).values_list("year", flat=True).first()
        raise Conflict(_("Make-up study for %(year)s has closed") % {"year": year}, code="makeup_closed")


# Optimistic tries before a heartbeat waits for its playback's row lock instead. Only heartbeats
# of the same playback racing each other (a script, a burst resent at once) lose a try.
HEARTBEAT_OPTIMISTIC_TRIES = 3


class TokenRefused(Exception):  # noqa: N818 - a refusal, not an error of the service
    """The bearer token given to `playback_heartbeat` signs nobody in (unknown, revoked or lapsed,
    or its user deactivated); the caller goes on to its other ways of signing in."""


def playback_heartbeat(*, playback_id: int, seq: int, position: float, rate: float, user_id: int | None = None,
                       token: str | None = None) -> HeartbeatResult:
    """Credits the seconds one heartbeat of the player earned (see `progress.py` for the rules).

    The heartbeat comes from a signed-in user (`user_id`), or with a bearer `token` that this
    checks itself, reading the token with the playback in one statement (the hottest call of the
    platform then spends no statement on signing in). The token's rules are the accounts app's
    (`token_check`); it is checked before anything else, as the API signs in before it looks at
    a request, and TokenRefused is raised if it signs nobody in.

    On PostgreSQL the ordinary heartbeat is one call of the database function that applies these
    same rules (`heartbeat_store.heartbeat`; a test holds the two paths to the same answers and rows).
    Otherwise, two statements (see `heartbeat_store.py`): read the playback, apply the crediting core, and
    write the outcome only if the playback is still as read; otherwise read again and judge the
    heartbeat against what changed. So heartbeats of one playback are serialised: the server's
    clock, read after the state it is compared with, measures the time since the last accepted
    heartbeat, and each write builds on everything committed before it. After a few lost races
    the heartbeat takes the row lock (it can then not lose). A replayed or out-of-order `seq` is
    answered with the current state and changes nothing. When a lecture becomes complete, the
    course's hours are credited after the commit if the rest is done.
    """
    if not 0 < playback_id <= heartbeat_store.MAX_ID:
        playback_id = 0  # names no row (and fits the column): answered as not found, after signing in
    if heartbeat_store.function_enabled() and (token is not None or user_id is not None) \
            and _heartbeat_valid(seq, position, rate):
        # PostgreSQL: the ordinary heartbeat in one statement, by the same rules; anything else
        # (a refused token, another's playback, a superseded playback, ...) comes back unwritten
        # and takes the path below, which answers it.
        now = clock.now()
        cutoff, touch = token_limits(now)
        done = heartbeat_store.heartbeat(
            playback_id=playback_id, user_id=None if token is not None else user_id,
            token_digest=token_digest(token) if token is not None else None, token_cutoff=cutoff,
            token_touch=touch, seq=seq, position_ms=min(core.to_ms(position), heartbeat_store.MAX_ID), rate=rate, now=now, today=clock.today(),
            jitter_ms=core.JITTER_MS, presence_id=secrets.token_hex(8))
        if done is not None:
            if done.just_completed:
                enrolment_id = done.enrolment_id
                transaction.on_commit(lambda: _lecture_completed(enrolment_id), robust=True)
            return HeartbeatResult(done.credited_ms, core.progress_share(done.watched_ms, done.duration_ms),
                                   done.completed, done.presence_id)
    row = None
    if token is not None:
        row = heartbeat_store.read(playback_id=playback_id, token_digest=token_digest(token))
        if row is None:  # a token that signs nobody in, or not the owner's playback: which?
            user_id = token_user_id(token)
        elif row.token_id is None:  # the playback's player key
            user_id = player_key_user(row, clock.now())
        else:
            user_id = token_check(token_id=row.token_id, user_id=row.user_id,  # type: ignore[arg-type]
                                  last_used_at=row.token_last_used_at, is_active=row.user_active)
        if user_id is None:
            raise TokenRefused
    if user_id is None:
        raise TypeError("playback_heartbeat needs user_id or token")
    _check_heartbeat(seq, position, rate)
    for _try in range(HEARTBEAT_OPTIMISTIC_TRIES):
        result = _heartbeat(user_id, playback_id, seq, position, rate, row=row)
        if result is not None:
            return result
        row = None
    with transaction.atomic():
        result = _heartbeat(user_id, playback_id, seq, position, rate, lock=True)
    if result is None:  # pragma: no cover - the row lock leaves nobody to race with
        raise RuntimeError(f"heartbeat of playback {playback_id} lost a race under its row lock")
    return result


def _heartbeat(user_id: int, playback_id: int, seq: int, position: float, rate: float, *,
               row: heartbeat_store.Row | None = None, lock: bool = False) -> HeartbeatResult | None:
    """One try (reading the playback unless `row` was just read): the result, or None when the
    playback changed between reading and writing."""
    if row is None:
        row = heartbeat_store.read(playback_id=playback_id, user_id=user_id, lock=lock)
    if row is None:
        raise NotFound(_("Playback not found"), code="playback_not_found")
    if row.status != Playback.Status.ACTIVE:
        raise _superseded()
    now = clock.now()
    _check_open(row.open_until, row.enrolment_id)
    elapsed = (now - row.last_heartbeat_at) // dt.timedelta(milliseconds=1)
    outcome = core.credit_heartbeat(
        intervals=core.normalise(row.intervals), last_seq=row.last_seq, last_position=row.last_position_ms,
        seq=seq, position=core.to_ms(position), elapsed=elapsed, duration=row.duration_ms,
        rate_cap=core.as_fraction(row.rate_cap), presence_pending=row.presence_pending)
    completed = row.completed_at is not None
    presence_id = row.presence_id if row.presence_pending else None
    if not outcome.accepted:
        return HeartbeatResult(0, core.progress_share(row.watched_ms, row.duration_ms), completed, presence_id)
    playback: dict[str, Any] = {
        "last_seq": seq, "last_position_ms": outcome.position, "last_heartbeat_at": now, "last_rate": rate,
        "heartbeats": row.heartbeats + 1, "credited_ms": row.credited_ms + outcome.credited,
        "presence_pending": row.presence_pending, "presence_id": row.presence_id,
        "presence_due_at": row.presence_due_at}
    if presence_id is None and row.presence_due_at is not None and now >= row.presence_due_at:
        presence_id = secrets.token_hex(8)
        playback.update(presence_pending=True, presence_id=presence_id, presence_due_at=None)
    watched = row.watched_ms
    progress: dict[str, Any] | None = None
    just_completed = False
    if outcome.credited:
        watched = core.covered(outcome.intervals)
        progress = {"intervals": [list(i) for i in outcome.intervals], "watched_ms": watched,
                    "updated_at": now, "completed_at": row.completed_at}
        if not completed and core.is_complete(watched, row.duration_ms, core.as_fraction(row.completion_share)):
            completed = just_completed = True
            progress["completed_at"] = now
    if not heartbeat_store.write(row, playback, progress):
        return None
    if just_completed:
        # Outside a transaction the write is committed already and this runs at once. (Not a
        # functools.partial: Django's log line for a failing robust callback reads __qualname__.)
        enrolment_id = row.enrolment_id
        transaction.on_commit(lambda: _lecture_completed(enrolment_id), robust=True)
    return HeartbeatResult(outcome.credited, core.progress_share(watched, row.duration_ms), completed, presence_id)


def _lecture_completed(enrolment_id: int) -> None:
    from jxjy.credits.services import course_credit_if_complete

    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is not None:
        course_credit_if_complete(enrolment=enrolment)


def playback_presence_confirm(*, user: User, playback_id: int, check_id: str) -> Playback:
    """The learner confirms presence; crediting resumes from now. Repeating the answer to the
    check already answered is harmless; any other id is refused."""
    with transaction.atomic():
        playback = _locked_playback(user, playback_id)
        if not check_id or check_id != playback.presence_id:
            raise ValidationFailed(_("This presence check is unknown or has been replaced; please answer the "
                                     "latest one"), code="presence_check_unknown")
        if playback.presence_pending:
            now = clock.now()
            interval = core.presence_interval(playback.presence_minutes, _random.random())
            playback.presence_pending = False
            # Time spent waiting for the answer earns nothing: the clock restarts now.
            playback.last_heartbeat_at = now
            playback.presence_due_at = now + dt.timedelta(milliseconds=interval) if interval else None
            playback.save(update_fields=["presence_pending", "last_heartbeat_at", "presence_due_at"])
    return playback


def playback_stop(*, user: User, playback_id: int) -> Playback:
    """Ends a playback (the page was closed). Idempotent for the learner's own playbacks."""
    with transaction.atomic():
        playback = (Playback.objects.select_for_update(of=("self",))
                    .filter(pk=playback_id, learner__user_id=user.pk).first())
        if playback is None:
            raise NotFound(_("Playback not found"), code="playback_not_found")
        if playback.status == Playback.Status.ACTIVE:
            playback.status = Playback.Status.ENDED
            playback.ended_at = clock.now()
            playback.end_reason = Playback.EndReason.STOPPED
            playback.save(update_fields=["status", "ended_at", "end_reason"])
    return playback


# ---------------------------------------------------------------------------------------------
# In-person sessions


def _require_base_admin(actor: Any) -> TrainingBase:
    if getattr(actor, "role", "") != User.Role.BASE_ADMIN or not actor.base_id:
        raise PermissionDenied(_("Only a training base may schedule in-person sessions"), code="bases_only")
    return TrainingBase.objects.get(pk=actor.base_id)


def _require_manager(actor: Any, session: InPersonSession) -> None:
    if getattr(actor, "role", "") != User.Role.BASE_ADMIN or actor.base_id != session.base_id:
        raise PermissionDenied(_("Only the base running the session may do this"), code="session_base_only")


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def session_schedule(*, actor: User, subject: str, category: str, year: int | None, starts_on: Any,
                     ends_on: Any, hours: int, place: str, capacity: int, specialty_id: int | None = None,
                     course_id: int | None = None) -> InPersonSession:
    """A base schedules an in-person session, inside its specialty scope, with the in-person
    permission, and not while it is suspended. The fee is the plan's in-person rate × hours."""
    base = _require_base_admin(actor)
    if not base.is_active:
        raise Conflict(_("Your base is suspended and cannot schedule sessions"), code="base_suspended")
    if not base.has_permission(TrainingBase.Permission.IN_PERSON):
        raise PermissionDenied(_("Your base is not permitted to run in-person training"),
                               code="base_no_in_person_permission")
    rules = current_plan().rules()
    today = clock.today()
    errors: list[dict[str, Any]] = []

    def err(field: str, reason: str) -> None:
        errors.append({"field": field, "reason": reason})

    course = None
    if course_id is not None:
        course = Course.objects.filter(pk=course_id, base_id=base.pk).first()
        if course is None:
            err("course_id", _("Not a course of your base"))
        else:
            subject = subject or course.title
            category = category or course.category
            specialty_id = specialty_id or course.specialty_id
    subject = (subject or "").strip()
    place = (place or "").strip()
    if not subject:
        err("subject", _("Required"))
    if category not in Category.values:
        err("category", _("Must be PUBLIC or PROFESSIONAL"))
    if course is not None and category != course.category:
        err("category", _("Must match the course's category"))
    year = rules.year if year in (None, "") else year
    if not isinstance(year, int) or not rules.makeup_open(year, today) or year > rules.year:
        err("year", _("Must be the current year or a year still open for make-up study"))
    start, end = _parse_date(starts_on), _parse_date(ends_on)
    if start is None:
        err("starts_on", _("Must be a date (YYYY-MM-DD)"))
    elif start < today:
        err("starts_on", _("Cannot be in the past"))
    if end is None:
        err("ends_on", _("Must be a date (YYYY-MM-DD)"))
    elif start is not None and end < start:
        err("ends_on", _("Cannot be before the first day"))
    if isinstance(hours, bool) or not isinstance(hours, int) or hours <= 0:
        err("hours", _("Must be a whole number of hours, at least 1"))
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity <= 0:
        err("capacity", _("Must be a whole number, at least 1"))
    if not place:
        err("place", _("Required"))
    specialty = None
    if specialty_id is not None:
        specialty = Specialty.objects.filter(pk=specialty_id).first()
        if specialty is None:
            err("specialty_id", _("Unknown specialty"))
    elif category == Category.PROFESSIONAL:
        err("specialty_id", _("A professional session needs a specialty"))
    if errors:
        raise ValidationFailed(_("The session details are invalid"), detail={"errors": errors})
    if specialty is not None and not base.specialty_scope.filter(pk=specialty.pk).exists():
        raise PermissionDenied(_("%(specialty)s is outside your base's specialty scope") % {"specialty": specialty.name},
                               code="outside_specialty_scope", detail={"specialty": specialty.code})
    with transaction.atomic():
        session = InPersonSession.objects.create(
            base=base, course=course, subject=subject, category=category, specialty=specialty, year=year,
            starts_on=start, ends_on=end, hours=hours, place=place, capacity=capacity, created_at=clock.now(),
            created_by=actor)
        audit_record(actor=actor, action="session.schedule", obj=session, after=snapshot(session))
    return session


def session_fee(session: InPersonSession, learner: Learner | None, rules: Any = None) -> Any:
    """The price of a session for a learner (or at the standard rate), as billing quotes it."""
    from jxjy.billing.fees import quote

    county = learner.employer.county.code if learner is not None else None
    return quote(rules or rules_for_year(session.year), mode="in_person", hours=session.hours, county_code=county)


def session_register(*, learner: Learner, session: InPersonSession) -> SessionRegistration:
    """A learner takes a place in a session and gets an order to pay; the place is held while the
    order is open, and confirmed when billing reports it paid."""
    from jxjy.billing.services import order_create

    today = clock.today()
    if session.status != InPersonSession.Status.SCHEDULED:
        raise Conflict(_("This session is not open for registration"), code="session_not_open")
    if today > session.starts_on:
        raise Conflict(_("Registration closed when the session began"), code="registration_closed")
    if not session.base.is_active:
        raise Conflict(_("The base is suspended and takes no registrations"), code="base_suspended")
    if not current_plan().rules().makeup_open(session.year, today):
        raise Conflict(_("Make-up study for %(year)s has closed") % {"year": session.year}, code="makeup_closed")
    with transaction.atomic():
        locked = InPersonSession.objects.select_for_update().select_related("base").get(pk=session.pk)
        live = SessionRegistration.objects.filter(session=locked).exclude(status=SessionRegistration.Status.CANCELLED)
        if live.filter(learner=learner).exists():
            raise Conflict(_("You have already registered for this session"), code="already_registered")
        if live.count() >= locked.capacity:
            raise Conflict(_("This session is full"), code="session_full")
        registration = SessionRegistration.objects.create(session=locked, learner=learner, created_at=clock.now())
        order = order_create(
            learner=learner, base=locked.base, mode="in_person", hours=locked.hours, year=locked.year,
            description=_("In-person session: %(subject)s (%(hours)s hours)")
            % {"subject": locked.subject, "hours": locked.hours},
            kind="SESSION", reference_id=registration.pk)
        registration.order_ref = order.pk
        registration.save(update_fields=["order_ref"])
    registration.refresh_from_db()
    return registration


def registration_confirm(*, registration_id: int) -> SessionRegistration | None:
    """Billing reported the order paid: the place is confirmed. Idempotent."""
    with transaction.atomic():
        row = SessionRegistration.objects.select_for_update().filter(pk=registration_id).first()
        if row is None:
            logger.warning("paid order for unknown session registration %s", registration_id)
            return None
        if row.status == SessionRegistration.Status.PENDING_PAYMENT:
            row.status = SessionRegistration.Status.CONFIRMED
            row.confirmed_at = clock.now()
            row.save(update_fields=["status", "confirmed_at"])
        elif row.status == SessionRegistration.Status.CANCELLED:
            logger.warning("paid order for cancelled session registration %s", registration_id)
        return row


def registration_cancel(*, registration_id: int) -> SessionRegistration | None:
    """Billing closed the order (refunded, cancelled, expired): the place is freed. Idempotent."""
    with transaction.atomic():
        row = SessionRegistration.objects.select_for_update().filter(pk=registration_id).first()
        if row is None:
            return None
        if row.status != SessionRegistration.Status.CANCELLED:
            row.status = SessionRegistration.Status.CANCELLED
            row.cancelled_at = clock.now()
            row.save(update_fields=["status", "cancelled_at"])
        return row


def registration_refund_check(*, registration_id: int) -> None:
    """Refuses a refund once the session has begun or been closed: the learner has studied."""
    row = SessionRegistration.objects.select_related("session").filter(pk=registration_id).first()
    if row is None:
        return
    session = row.session
    if row.attended or session.status == InPersonSession.Status.CLOSED or clock.today() >= session.starts_on:
        raise Conflict(_("The session has already begun; a refund is no longer possible"),
                       code="session_started", detail={"registration_id": row.pk})


@dataclass(frozen=True)
class Mark:
    registration_id: int
    attended: bool
    row: int | None = None  # the spreadsheet row it came from, for error messages


def _locked_open_session(actor: User, session: InPersonSession) -> InPersonSession:
    _require_manager(actor, session)
    locked = InPersonSession.objects.select_for_update().get(pk=session.pk)
    if locked.status != InPersonSession.Status.SCHEDULED:
        raise Conflict(_("The session is closed; attendance can no longer change"), code="session_not_open")
    if clock.today() < locked.starts_on:
        raise Conflict(_("Attendance can be recorded once the session has begun"), code="session_not_started")
    return locked


def attendance_record(*, actor: User, session: InPersonSession, marks: list[Mark]) -> int:
    """Records who attended. Every mark is checked first; one bad mark stores nothing."""
    if not marks:
        raise ValidationFailed(_("No attendance given"), code="attendance_empty")
    with transaction.atomic():
        locked = _locked_open_session(actor, session)
        regs = {r.pk: r for r in SessionRegistration.objects.select_for_update().filter(
            session=locked, pk__in=[m.registration_id for m in marks])}
        errors = []
        seen: set[int] = set()
        for m in marks:
            where = {"row": m.row} if m.row is not None else {"registration_id": m.registration_id}
            reg = regs.get(m.registration_id)
            if reg is None:
                errors.append({**where, "reason": _("No registration %(id)s in this session") % {"id": m.registration_id}})
            elif reg.status != SessionRegistration.Status.CONFIRMED:
                errors.append({**where, "reason": _("%(name)s has not paid; only confirmed registrations attend")
                               % {"name": reg.learner.name}})
            elif m.registration_id in seen:
                errors.append({**where, "reason": _("Registration %(id)s is given twice") % {"id": m.registration_id}})
            seen.add(m.registration_id)
        if errors:
            raise ValidationFailed(_("Attendance not saved: %(n)s problem(s) found") % {"n": len(errors)},
                                   code="attendance_invalid", detail={"errors": errors})
        now = clock.now()
        for m in marks:
            reg = regs[m.registration_id]
            reg.attended = m.attended
            reg.attendance_marked_at = now
            reg.attendance_marked_by = actor
            reg.save(update_fields=["attended", "attendance_marked_at", "attendance_marked_by"])
        audit_record(actor=actor, action="session.attendance", obj=locked,
                     after={"marks": [{"registration": m.registration_id, "attended": m.attended} for m in marks]})
    return len(marks)


def attendance_import(*, actor: User, session: InPersonSession, upload: Any) -> int:
    """Records attendance from an Excel sheet (see `attendance_sheet.py`). Row errors are
    reported all at once, in Chinese, and nothing is stored unless every row is right."""
    from .attendance_sheet import read_marks

    _require_manager(actor, session)
    regs = list(SessionRegistration.objects.filter(session=session).select_related("learner"))
    marks = read_marks(upload, regs)
    return attendance_record(actor=actor, session=session, marks=marks)


def session_close(*, actor: User, session: InPersonSession) -> int:
    """Closes a session after its last day and credits each attended learner the session's hours
    (source in person), in one transaction. Every confirmed registration must have attendance."""
    from jxjy.credits.models import CreditEntry
    from jxjy.credits.services import credit_record

    with transaction.atomic():
        _require_manager(actor, session)
        locked = InPersonSession.objects.select_for_update().get(pk=session.pk)
        if locked.status != InPersonSession.Status.SCHEDULED:
            raise Conflict(_("The session is already closed"), code="session_not_open")
        if clock.today() < locked.ends_on:
            raise Conflict(_("A session can be closed after its last day (%(day)s)") % {"day": locked.ends_on},
                           code="session_not_over")
        confirmed = list(SessionRegistration.objects.select_for_update().select_related("learner").filter(
            session=locked, status=SessionRegistration.Status.CONFIRMED))
        unmarked = [r for r in confirmed if r.attended is None]
        if unmarked:
            raise Conflict(_("Record the attendance of every confirmed learner first (%(n)s missing)")
                           % {"n": len(unmarked)}, code="attendance_incomplete",
                           detail={"registrations": [r.pk for r in unmarked]})
        credited = 0
        for reg in confirmed:
            if reg.attended:
                credit_record(learner=reg.learner, year=locked.year, category=locked.category,
                              hours=Decimal(locked.hours), source=CreditEntry.Source.IN_PERSON,
                              reference=f"session:{locked.pk}", note=locked.subject[:200], created_by=actor)
                credited += 1
        before = snapshot(locked, ["status"])
        locked.status = InPersonSession.Status.CLOSED
        locked.closed_at = clock.now()
        locked.closed_by = actor
        locked.save(update_fields=["status", "closed_at", "closed_by"])
        audit_record(actor=actor, action="session.close", obj=locked, before=before,
                     after={"status": locked.status, "credited_learners": credited})
    return credited

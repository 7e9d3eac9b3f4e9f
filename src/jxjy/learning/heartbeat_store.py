"""The heartbeat's reads and writes, in three fixed SQL statements.

A heartbeat arrives every few seconds from every learner watching a lecture, and building the
same ORM queries again for each one cost more than everything else the heartbeat does. So the
statements are written once here: one SELECT that locks and reads the playback and the lecture's
watched stretches together (FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction holds
the write lock already), and one UPDATE per row. Values go through the model fields' own
conversions, so what is stored is exactly what the ORM would store. Call inside a transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .models import LectureProgress, Playback

_COLUMNS = ("p.id", "p.status", "p.enrolment_id", "p.progress_id", "p.duration_ms", "p.rate_cap",
            "p.completion_share", "p.presence_minutes", "p.open_until", "p.last_seq", "p.last_position_ms",
            "p.last_heartbeat_at", "p.heartbeats", "p.credited_ms", "p.presence_id", "p.presence_pending",
            "p.presence_due_at", "g.intervals", "g.watched_ms", "g.completed_at")

_SELECT = (f"SELECT {', '.join(_COLUMNS)} FROM learning_playback p "  # noqa: S608 - fixed column names
           "JOIN learning_lectureprogress g ON g.id = p.progress_id "
           "JOIN accounts_learner l ON l.id = p.learner_id "
           "WHERE p.id = %s AND l.user_id = %s")


@dataclass
class Row:
    """The locked playback and its lecture progress, as the heartbeat needs them."""

    id: int
    status: str
    enrolment_id: int
    progress_id: int
    duration_ms: int
    rate_cap: Decimal
    completion_share: Decimal
    presence_minutes: int
    open_until: dt.date | None
    last_seq: int
    last_position_ms: int
    last_heartbeat_at: dt.datetime
    heartbeats: int
    credited_ms: int
    presence_id: str
    presence_pending: bool
    presence_due_at: dt.datetime | None
    intervals: list
    watched_ms: int
    completed_at: dt.datetime | None


def _datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date(str(value))


def lock(*, playback_id: int, user_id: int) -> Row | None:
    """Locks and reads the playback (if it is `user_id`'s) with its lecture progress."""
    sql = _SELECT + (" FOR UPDATE OF p, g" if connection.vendor == "postgresql" else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [playback_id, user_id])
        values = cursor.fetchone()
    if values is None:
        return None
    (pk, status, enrolment_id, progress_id, duration_ms, rate_cap, share, presence_minutes, open_until, last_seq,
     last_position_ms, last_heartbeat_at, heartbeats, credited_ms, presence_id, presence_pending, presence_due_at,
     intervals, watched_ms, completed_at) = values
    return Row(
        id=pk, status=status, enrolment_id=enrolment_id, progress_id=progress_id, duration_ms=int(duration_ms),
        rate_cap=Decimal(str(rate_cap)), completion_share=Decimal(str(share)), presence_minutes=int(presence_minutes),
        open_until=_date(open_until), last_seq=int(last_seq), last_position_ms=int(last_position_ms),
        last_heartbeat_at=_datetime(last_heartbeat_at),  # type: ignore[arg-type]
        heartbeats=int(heartbeats), credited_ms=int(credited_ms), presence_id=presence_id or "",
        presence_pending=bool(presence_pending), presence_due_at=_datetime(presence_due_at),
        intervals=json.loads(intervals) if isinstance(intervals, str | bytes) else (intervals or []),
        watched_ms=int(watched_ms), completed_at=_datetime(completed_at))


def _update(model: Any, pk: int, changes: dict[str, Any]) -> None:
    columns, params = [], []
    for name, value in changes.items():
        field = model._meta.get_field(name)
        columns.append(f"{field.column} = %s")
        params.append(field.get_db_prep_save(value, connection))
    params.append(pk)
    with connection.cursor() as cursor:
        # Table and column names come from the model, values are parameters.
        cursor.execute(f"UPDATE {model._meta.db_table} SET {', '.join(columns)} WHERE id = %s", params)  # noqa: S608


def save_playback(pk: int, changes: dict[str, Any]) -> None:
    _update(Playback, pk, changes)


def save_progress(pk: int, changes: dict[str, Any]) -> None:
    _update(LectureProgress, pk, changes)


def async_commit_enabled() -> bool:
    """Whether heartbeats commit without waiting for PostgreSQL's WAL flush (opt-in).

    Set JXJY_HEARTBEAT_ASYNC_COMMIT=1 (environment or settings) where the disk's flush time
    limits heartbeat throughput. The app server dying (kill -9) still loses nothing that was
    answered; only a crash of PostgreSQL itself may forget the last fraction of a second of
    heartbeats, and since a playback's anchor and clock are forgotten with them, the learner's
    next heartbeat credits that stretch again (within real time). Off by default.
    """
    value = getattr(settings, "JXJY_HEARTBEAT_ASYNC_COMMIT", None)
    if value is None:
        value = os.environ.get("JXJY_HEARTBEAT_ASYNC_COMMIT", "") in ("1", "true", "yes", "on")
    return bool(value)


def relax_commit() -> None:
    """Inside the heartbeat's transaction: apply the opt-in asynchronous commit (PostgreSQL)."""
    if connection.vendor == "postgresql" and async_commit_enabled():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")

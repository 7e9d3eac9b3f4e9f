"""The heartbeat's reads and writes: fixed SQL statements, prepared once per connection on PostgreSQL.

A heartbeat arrives every few seconds from every learner watching a lecture. Profiling under
gunicorn showed where its time went besides the API layer: building the ORM queries again for
each heartbeat, and on PostgreSQL planning them again (planning the joined, locking SELECT cost
the server several times what executing it did). So the statements are written once here and,
on PostgreSQL, executed as server-side prepared statements that each connection (persistent,
CONN_MAX_AGE) plans once:

- one SELECT that locks and reads the playback and the lecture's watched stretches together
  (FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction holds the write lock already);
- one write: on PostgreSQL a single statement updates the playback and, when time was credited,
  the lecture progress (a data-modifying WITH, so both rows change in one round trip); on
  SQLite, where there is no round trip to save, one UPDATE per row.

Every column the heartbeat owns is written each time (unchanged ones with the value read), so
each statement has one shape and stays prepared. Values go through the model fields' own
conversions, so what is stored is exactly what the ORM would store. Call inside a transaction.

Prepared statements need a session-level connection to PostgreSQL. Behind a connection pooler
in transaction mode (PgBouncer before 1.21) set JXJY_DB_PREPARED_STATEMENTS=0.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .models import LectureProgress, Playback

logger = logging.getLogger("django.db.backends")

_COLUMNS = ("p.id", "p.status", "p.enrolment_id", "p.progress_id", "p.duration_ms", "p.rate_cap",
            "p.completion_share", "p.presence_minutes", "p.open_until", "p.last_seq", "p.last_position_ms",
            "p.last_heartbeat_at", "p.heartbeats", "p.credited_ms", "p.presence_id", "p.presence_pending",
            "p.presence_due_at", "g.intervals", "g.watched_ms", "g.completed_at")

_SELECT = (f"SELECT {', '.join(_COLUMNS)} FROM learning_playback p "  # noqa: S608 - fixed column names
           "JOIN learning_lectureprogress g ON g.id = p.progress_id "
           "JOIN accounts_learner l ON l.id = p.learner_id "
           "WHERE p.id = %s AND l.user_id = %s")

# What an accepted heartbeat writes, always all of it (see the module docstring).
PLAYBACK_FIELDS = ("last_seq", "last_position_ms", "last_heartbeat_at", "last_rate", "heartbeats", "credited_ms",
                   "presence_pending", "presence_id", "presence_due_at")
PROGRESS_FIELDS = ("intervals", "watched_ms", "updated_at", "completed_at")


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


def prepared_statements_enabled() -> bool:
    """Whether the heartbeat's statements are prepared on PostgreSQL (on unless switched off)."""
    value = getattr(settings, "JXJY_DB_PREPARED_STATEMENTS", None)
    if value is None:
        value = os.environ.get("JXJY_DB_PREPARED_STATEMENTS", "1") not in ("0", "false", "no", "off")
    return bool(value)


@cache
def _prepared_cursor_class() -> Any:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):  # type: ignore[misc, valid-type]
        """Binds parameters on the server and prepares the statement on first use.

        Django's own cursors bind on the client and never prepare (to keep poolers working),
        so the heartbeat asks for a server-binding cursor of its own."""

        def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None,
                    binary: bool | None = None) -> Any:
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparedCursor


# psycopg prepares nothing while a connection's threshold is None, Django's default (so that
# poolers work), not even a statement that asks. A threshold never reached lets the heartbeat's
# explicit requests through and still prepares nothing else: Django's own cursors bind on the
# client and cannot be prepared anyway.
_EXPLICIT_ONLY = 2**31


@contextmanager
def _cursor() -> Iterator[Any]:
    if connection.vendor != "postgresql" or not prepared_statements_enabled():
        with connection.cursor() as cursor:
            yield cursor
        return
    db = connections[DEFAULT_DB_ALIAS]
    db.ensure_connection()
    if db.connection.prepare_threshold is None:
        db.connection.prepare_threshold = _EXPLICIT_ONLY
    raw = _prepared_cursor_class()(db.connection)
    cursor = db.make_cursor(raw)  # Django's error translation
    try:
        yield _Logged(cursor, db) if db.queries_logged else cursor
    finally:
        raw.close()


class _Logged:
    """Logs the heartbeat's statements like Django's debug cursor does, with the parameters
    inlined: Django cannot show a prepared statement's text, and tests and the benchmark count
    statements from this log."""

    def __init__(self, cursor: Any, db: Any) -> None:
        self.cursor, self.db = cursor, db

    def execute(self, sql: str, params: list[Any]) -> Any:
        start = time.monotonic()
        try:
            return self.cursor.execute(sql, params)
        finally:
            text = self.db.ops.compose_sql(sql, params)
            duration = time.monotonic() - start
            self.db.queries_log.append({"sql": text, "time": f"{duration:.3f}"})
            logger.debug("(%.3f) %s; args=%s; alias=%s", duration, text, params, self.db.alias)

    def fetchone(self) -> Any:
        return self.cursor.fetchone()


def lock(*, playback_id: int, user_id: int) -> Row | None:
    """Locks and reads the playback (if it is `user_id`'s) with its lecture progress."""
    sql = _SELECT + (" FOR UPDATE OF p, g" if connection.vendor == "postgresql" else "")
    with _cursor() as cursor:
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


def _params(model: Any, names: tuple[str, ...], values: dict[str, Any]) -> list[Any]:
    return [model._meta.get_field(name).get_db_prep_save(values[name], connection) for name in names]


@cache
def _statements() -> dict[str, str]:
    """The write statements; table and column names come from the models, values are parameters."""
    def assign(model: Any, names: tuple[str, ...]) -> str:
        return ", ".join(f"{model._meta.get_field(n).column} = %s" for n in names)

    playback = f"UPDATE {Playback._meta.db_table} SET {assign(Playback, PLAYBACK_FIELDS)} WHERE id = %s"  # noqa: S608
    progress = (f"UPDATE {LectureProgress._meta.db_table} SET {assign(LectureProgress, PROGRESS_FIELDS)} "  # noqa: S608
                "WHERE id = %s")
    return {"playback": playback, "progress": progress,
            # Both rows in one statement and one round trip (PostgreSQL runs a data-modifying WITH
            # to completion whether or not the outer statement reads it).
            "both": f"WITH progress AS ({progress}) {playback}"}


def save(row: Row, playback: dict[str, Any], progress: dict[str, Any] | None) -> None:
    """Stores an accepted heartbeat: every field of PLAYBACK_FIELDS, and of PROGRESS_FIELDS when
    time was credited."""
    statements = _statements()
    playback_params = [*_params(Playback, PLAYBACK_FIELDS, playback), row.id]
    with _cursor() as cursor:
        if progress is None:
            cursor.execute(statements["playback"], playback_params)
            return
        progress_params = [*_params(LectureProgress, PROGRESS_FIELDS, progress), row.progress_id]
        if connection.vendor == "postgresql":
            cursor.execute(statements["both"], progress_params + playback_params)
        else:
            cursor.execute(statements["progress"], progress_params)
            cursor.execute(statements["playback"], playback_params)


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

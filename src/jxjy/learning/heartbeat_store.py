"""The heartbeat's reads and writes: fixed SQL statements, prepared once per connection on PostgreSQL.

On PostgreSQL an ordinary heartbeat is one statement: a call of the database function
`jxjy_heartbeat_v1` (`sql/heartbeat_v1.sql`, `heartbeat` below), which applies the crediting
core's rules where the rows are. Everything else — SQLite, PostgreSQL with
JXJY_HEARTBEAT_SQL_FUNCTION=0, and whatever the function hands back unwritten (a refused token,
another's or a superseded playback, closed make-up study) — takes the Python path described here.

A heartbeat arrives every few seconds from every learner watching a lecture. Profiled under
gunicorn, its cost was the database round trips and what the client and server spend on each
statement (on PostgreSQL, planning the joined SELECT again every time cost the server several
times executing it), far more than the crediting itself. So a heartbeat makes two statements:

- `read`: one SELECT of the playback and the lecture's watched stretches together;
- `write`: one statement that stores the outcome, on one condition: the playback row still holds
  what was read (compare-and-set over every column the outcome depends on). On PostgreSQL it
  updates the playback and, when time was credited, the lecture progress in the same statement
  (a data-modifying WITH), which commits on its own: no BEGIN and COMMIT round trips. On SQLite,
  where round trips cost nothing, the two UPDATEs run in one IMMEDIATE transaction.

A write that finds the playback changed (another heartbeat of the same playback, a presence
answer, a newer playback started elsewhere) changes nothing and reports it; the service then
reads again and judges the heartbeat against the new state, so heartbeats of one playback are
serialised: each one's effect is computed from everything committed before it. After a few lost
races the service takes the row lock instead (`read(lock=True)` in a transaction), so a storm
of concurrent heartbeats on one playback still ends.

The lecture progress row needs no condition of its own: it is written only here and only
together with its active playback's row (one active playback per learner, so per progress row),
so the playback's condition covers it, and it is updated exactly when the playback is.

On PostgreSQL the statements are server-side prepared statements, planned once per
(persistent, CONN_MAX_AGE) connection. They need a session-level connection: behind a pooler in
transaction mode (PgBouncer before 1.21) set JXJY_DB_PREPARED_STATEMENTS=0. Every column the
heartbeat owns is written each time (unchanged ones with the value read), so each statement has
one shape. Values go through the model fields' own conversions, so what is stored is exactly what
the ORM would store.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .models import LectureProgress, Playback

logger = logging.getLogger("django.db.backends")

_COLUMNS = ("p.id", "p.status", "p.enrolment_id", "p.progress_id", "p.duration_ms", "p.rate_cap",
            "p.completion_share", "p.presence_minutes", "p.open_until", "p.last_seq", "p.last_position_ms",
            "p.last_heartbeat_at", "p.heartbeats", "p.credited_ms", "p.presence_id", "p.presence_pending",
            "p.presence_due_at", "g.intervals", "g.watched_ms", "g.completed_at")

# The largest id a row can have (bigint).
MAX_ID = 2**63 - 1

_FROM = ("FROM learning_playback p JOIN learning_lectureprogress g ON g.id = p.progress_id "
         "JOIN accounts_learner l ON l.id = p.learner_id")
# By the signed-in user's id.
_SELECT = (f"SELECT {', '.join(_COLUMNS)}, l.user_id, NULL, NULL, NULL {_FROM} "  # noqa: S608 - fixed names
           "WHERE p.id = %s AND l.user_id = %s")
# By a bearer token: an API token of the playback's learner, whose row comes with the playback's
# (the accounts app's rules are then applied to it, `jxjy.accounts.auth.token_check`), or the
# playback's own player key (no token row: `player_key_user`), so signing in costs no statement
# of its own.
_SELECT_BY_TOKEN = (f"SELECT {', '.join(_COLUMNS)}, l.user_id, t.id, t.last_used_at, u.is_active {_FROM} "  # noqa: S608
                    "JOIN accounts_user u ON u.id = l.user_id "
                    "LEFT JOIN accounts_apitoken t ON t.user_id = u.id AND t.digest = %s "
                    "WHERE p.id = %s AND (t.id IS NOT NULL OR p.player_digest = %s)")

# What an accepted heartbeat writes, always all of it (see the module docstring).
PLAYBACK_FIELDS = ("last_seq", "last_position_ms", "last_heartbeat_at", "last_rate", "heartbeats", "credited_ms",
                   "presence_pending", "presence_id", "presence_due_at")
PROGRESS_FIELDS = ("intervals", "watched_ms", "updated_at", "completed_at")
# The playback's columns that other writes change and a heartbeat's outcome depends on: its
# write goes through only while they still hold what it read.
GUARD_FIELDS = ("status", "last_seq", "last_position_ms", "last_heartbeat_at", "heartbeats", "credited_ms",
                "presence_pending", "presence_id", "presence_due_at")
_GUARD_INDEXES = tuple(_COLUMNS.index(f"p.{name}") for name in GUARD_FIELDS)


@dataclass
class Row:
    """The playback and its lecture progress, as the heartbeat needs them."""

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
    user_id: int
    # The GUARD_FIELDS as the database returned them, for the write's condition.
    guard: tuple = ()
    # Read by token only: the token's row and whether its user is active.
    token_id: int | None = None
    token_last_used_at: Any = None
    user_active: bool = False


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
            # Binary results load in psycopg's C code; Django's timestamptz loader for text
            # results is Python, and was a visible share of a heartbeat's time.
            return super().execute(query, params, prepare=True, binary=True)

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
    pg = db.connection
    raw = _cursors.get(pg)
    if raw is None or raw.closed:
        if pg.prepare_threshold is None:
            pg.prepare_threshold = _EXPLICIT_ONLY
        raw = _cursors[pg] = _prepared_cursor_class()(pg)
    cursor = db.make_cursor(raw)  # Django's error translation
    yield _Logged(cursor, db) if db.queries_logged else cursor


# One cursor per connection, kept: making one per statement was a measurable share of a
# heartbeat. Weak keys: a closed connection takes its cursor with it.
_cursors: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


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

    @property
    def rowcount(self) -> int:
        return self.cursor.rowcount


def read(*, playback_id: int, user_id: int | None = None, token_digest: str | None = None,
         lock: bool = False) -> Row | None:
    """The playback, if it is `user_id`'s (or the user's whose token has `token_digest`), with its
    lecture progress; with `lock`, inside a transaction, the rows stay locked until it ends (FOR
    UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction holds the database's write lock)."""
    sql = _SELECT if token_digest is None else _SELECT_BY_TOKEN
    sql += " FOR UPDATE OF p, g" if lock and connection.vendor == "postgresql" else ""
    with _cursor() as cursor:
        cursor.execute(sql, [playback_id, user_id] if token_digest is None else
                       [token_digest, playback_id, token_digest])
        values = cursor.fetchone()
    if values is None:
        return None
    (pk, status, enrolment_id, progress_id, duration_ms, rate_cap, share, presence_minutes, open_until, last_seq,
     last_position_ms, last_heartbeat_at, heartbeats, credited_ms, presence_id, presence_pending, presence_due_at,
     intervals, watched_ms, completed_at, owner_id, token_id, token_last_used_at, user_active) = values
    return Row(
        id=pk, status=status, enrolment_id=enrolment_id, progress_id=progress_id, duration_ms=int(duration_ms),
        rate_cap=Decimal(str(rate_cap)), completion_share=Decimal(str(share)), presence_minutes=int(presence_minutes),
        open_until=_date(open_until), last_seq=int(last_seq), last_position_ms=int(last_position_ms),
        last_heartbeat_at=_datetime(last_heartbeat_at),  # type: ignore[arg-type]
        heartbeats=int(heartbeats), credited_ms=int(credited_ms), presence_id=presence_id or "",
        presence_pending=bool(presence_pending), presence_due_at=_datetime(presence_due_at),
        intervals=json.loads(intervals) if isinstance(intervals, str | bytes) else (intervals or []),
        watched_ms=int(watched_ms), completed_at=_datetime(completed_at), user_id=int(owner_id),
        guard=tuple(values[i] for i in _GUARD_INDEXES),
        token_id=token_id, token_last_used_at=token_last_used_at, user_active=bool(user_active))


# Values PostgreSQL's driver takes as they are, which the model fields' conversions would hand
# on unchanged (an aware datetime included); anything else goes through the field.
_AS_IS = (int, bool, str, type(None))


def _params(model: Any, names: tuple[str, ...], values: dict[str, Any]) -> list[Any]:
    if connection.vendor != "postgresql":
        return [model._meta.get_field(name).get_db_prep_save(values[name], connection) for name in names]
    params = []
    for name in names:
        value = values[name]
        if type(value) in _AS_IS or (type(value) is dt.datetime and value.tzinfo is not None):
            params.append(value)
        else:
            params.append(model._meta.get_field(name).get_db_prep_save(value, connection))
    return params


@cache
def _statements(vendor: str) -> dict[str, str]:
    """The write statements; table and column names come from the models, values are parameters."""
    def assign(model: Any, names: tuple[str, ...]) -> str:
        return ", ".join(f"{model._meta.get_field(n).column} = %s" for n in names)

    same = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"  # NULL-safe equality
    guard = " AND ".join(f"{f.column} {same if f.null else '='} %s"
                         for f in (Playback._meta.get_field(n) for n in GUARD_FIELDS))
    playback = (f"UPDATE {Playback._meta.db_table} SET {assign(Playback, PLAYBACK_FIELDS)} "  # noqa: S608
                f"WHERE id = %s AND {guard}")
    progress = f"UPDATE {LectureProgress._meta.db_table} SET {assign(LectureProgress, PROGRESS_FIELDS)}"  # noqa: S608
    return {"playback": playback, "progress": progress + " WHERE id = %s",
            # PostgreSQL runs a data-modifying WITH to completion whatever the outer statement
            # reads; the progress row follows the playback's (its id comes from RETURNING), so
            # both change or neither, and the row count says which.
            "both": f"WITH p AS ({playback} RETURNING progress_id) {progress} "  # noqa: S608
                    "WHERE id IN (SELECT progress_id FROM p)"}


def write(row: Row, playback: dict[str, Any], progress: dict[str, Any] | None) -> bool:
    """Stores an accepted heartbeat — every field of PLAYBACK_FIELDS, and of PROGRESS_FIELDS when
    time was credited — if the playback still holds what `row` read. False (nothing written) if
    it does not."""
    vendor = connection.vendor
    statements = _statements(vendor)
    # The guard compares the columns with the very values the database returned, unconverted.
    playback_params = [*_params(Playback, PLAYBACK_FIELDS, playback), row.id, *row.guard]
    progress_params = (None if progress is None else
                       _params(LectureProgress, PROGRESS_FIELDS, progress))
    relax = vendor == "postgresql" and async_commit_enabled()
    if vendor == "postgresql" and not relax:
        with _cursor() as cursor:
            if progress_params is None:
                cursor.execute(statements["playback"], playback_params)
            else:
                cursor.execute(statements["both"], [*playback_params, *progress_params])
            return cursor.rowcount == 1
    with transaction.atomic(), _cursor() as cursor:
        if relax:
            with connection.cursor() as plain:  # not a statement that can be prepared
                plain.execute("SET LOCAL synchronous_commit TO OFF")
        if progress_params is not None and vendor == "postgresql":
            cursor.execute(statements["both"], [*playback_params, *progress_params])
            return cursor.rowcount == 1
        cursor.execute(statements["playback"], playback_params)
        if cursor.rowcount != 1:
            return False
        if progress_params is not None:
            cursor.execute(statements["progress"], [*progress_params, row.progress_id])
        return True


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


# --- One statement: the heartbeat as a PostgreSQL function -------------------------------------

# The installed version (`sql/heartbeat_v1.sql`, migration 0003); a new version gets a new name.
FUNCTION = "jxjy_heartbeat_v1"
_CALL = (f"SELECT outcome, credited, watched, duration, completed, just_completed, presence_id, enrolment_id "  # noqa: S608
         f"FROM {FUNCTION}(%s::bigint, %s::bigint, %s::text, %s::timestamptz, %s::timestamptz, %s::bigint, "
         "%s::bigint, %s::float8, %s::timestamptz, %s::date, %s::bigint, %s::text)")


@dataclass
class Done:
    """What the function did with an ordinary heartbeat (written, or a replay answered)."""

    credited_ms: int
    watched_ms: int
    duration_ms: int
    completed: bool
    just_completed: bool
    presence_id: str | None
    enrolment_id: int


def function_enabled() -> bool:
    """Whether heartbeats take the one-statement path: on PostgreSQL, unless
    JXJY_HEARTBEAT_SQL_FUNCTION is switched off (settings or environment)."""
    if connection.vendor != "postgresql":
        return False
    value = getattr(settings, "JXJY_HEARTBEAT_SQL_FUNCTION", None)
    if value is None:
        value = os.environ.get("JXJY_HEARTBEAT_SQL_FUNCTION", "1") not in ("0", "false", "no", "off")
    return bool(value)


def heartbeat(*, playback_id: int, user_id: int | None, token_digest: str | None, token_cutoff: dt.datetime,
              token_touch: dt.datetime, seq: int, position_ms: int, rate: float, now: dt.datetime,
              today: dt.date, jitter_ms: int, presence_id: str) -> Done | None:
    """One heartbeat in one statement (see the function's source for what it does). None when the
    heartbeat is not the ordinary case: nothing was written, and the caller takes the Python
    path, which answers it with its own rules and errors."""
    params = [playback_id, user_id, token_digest, token_cutoff, token_touch, seq, position_ms, rate, now, today,
              jitter_ms, presence_id]
    if async_commit_enabled():
        with transaction.atomic(), _cursor() as cursor:
            with connection.cursor() as plain:  # not a statement that can be prepared
                plain.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(_CALL, params)
            values = cursor.fetchone()
    else:
        with _cursor() as cursor:
            cursor.execute(_CALL, params)
            values = cursor.fetchone()
    outcome, credited, watched, duration, completed, just_completed, presence, enrolment_id = values
    if outcome != "ok":
        return None
    return Done(int(credited), int(watched), int(duration), bool(completed), bool(just_completed), presence,
                int(enrolment_id))

"""The kill -9 test of test_kill9.py, on PostgreSQL: there a heartbeat's write is one statement
that commits on its own (no transaction around the read), so this checks that path too — killed
mid-traffic, restarted, resent: the stored credit equals what was acknowledged plus what the
resent heartbeats answer, and the watched stretches hold exactly the credited time.

Runs when DATABASE_URL names a PostgreSQL server (a scratch database is created on it and dropped
afterwards); skipped otherwise.
"""

from __future__ import annotations

import os
import time

import pytest

from .test_kill9 import recovers_exactly, run_and_kill

pytestmark = pytest.mark.slow

URL = os.environ.get("DATABASE_URL", "")
SCRATCH = f"jxjy_kill9_{os.getpid()}"


@pytest.fixture
def postgres():
    if not URL.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL does not name a PostgreSQL server")
    psycopg = pytest.importorskip("psycopg")
    head = URL.rpartition("/")[0]
    with psycopg.connect(f"{head}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
        conn.execute(f'CREATE DATABASE "{SCRATCH}"')
    try:
        yield f"{head}/{SCRATCH}"
    finally:
        with psycopg.connect(f"{head}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')


def stored(url: str) -> tuple[dict[int, int], int]:
    import psycopg

    with psycopg.connect(url) as conn:
        playbacks = dict(conn.execute("SELECT id, credited_ms FROM learning_playback").fetchall())
        watched = conn.execute("SELECT COALESCE(SUM(watched_ms), 0) FROM learning_lectureprogress").fetchone()[0]
    return playbacks, int(watched)


def settle(url: str) -> None:
    """Waits until the killed workers' sessions are gone: a statement they had sent may still be
    committing, and what it commits belongs to "before"."""
    import psycopg

    deadline = time.monotonic() + 10
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            others = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                  "AND pid <> pg_backend_pid()").fetchone()[0]
            if others == 0:
                return
            time.sleep(0.02)
    raise AssertionError("the killed workers' database sessions did not end")


def test_kill_9_mid_heartbeats_on_postgresql_loses_no_acknowledged_second_and_counts_none_twice(tmp_path, postgres):
    env = {k: v for k, v in os.environ.items() if k != "JXJY_FROZEN_NOW"}
    env.update({"DATABASE_URL": postgres, "JXJY_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "jxjy.settings",
                "JXJY_DEBUG": "0", "JXJY_ALLOWED_HOSTS": "127.0.0.1,localhost", "JXJY_LOG_LEVEL": "WARNING",
                "JXJY_SECRET_KEY": "test-only-" + "k" * 50, "JXJY_HTTPS": "0"})
    server, yanta, baishui = run_and_kill(env, tmp_path)
    try:
        settle(postgres)
        recovers_exactly(server, yanta, baishui, lambda: stored(postgres))
    finally:
        server.stop()

"""What a heartbeat costs the database. On PostgreSQL: one statement, the sign-in included, a call
of the database function that commits on its own, prepared once per connection (unless switched
off for a connection pooler). The Python path (SQLite, or PostgreSQL with the function switched
off): one read and one write statement; on PostgreSQL the write changes the playback and the
lecture progress in one statement, on SQLite the two UPDATEs share one transaction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jxjy.learning.models import LectureProgress, Playback
from jxjy.learning.testing import heartbeat

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statements")


@pytest.fixture
def playing(cast, api, course, enrolment, clock):
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    client.get("me")  # the token's last use is touched now, not during the heartbeat measured
    return client, pid


def statements(client, pid, seq, position):
    with CaptureQueriesContext(connection) as ctx:
        assert heartbeat(client, pid, seq, position).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@postgresql_only
def test_on_postgresql_a_heartbeat_is_one_statement(playing, clock):
    client, pid = playing
    clock.advance(10)
    sql = statements(client, pid, 1, 10)
    assert len(sql) == 1 and "jxjy_heartbeat_v1(" in sql[0]
    assert LectureProgress.objects.get().watched_ms == 10_000 == Playback.objects.get(pk=pid).credited_ms
    clock.advance(5)
    sql = statements(client, pid, 2, 15)  # and again, now prepared
    assert len(sql) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%jxjy_heartbeat_v1%"])
        assert cursor.fetchone() is not None
    assert Playback.objects.get(pk=pid).credited_ms == 15_000


@postgresql_only
def test_a_heartbeat_signs_in_reads_and_writes_in_two_statements(playing, clock, python_heartbeat):
    client, pid = playing
    clock.advance(10)
    sql = statements(client, pid, 1, 10)
    assert len(sql) == 2
    assert sql[0].startswith("SELECT") and "accounts_apitoken" in sql[0]
    assert sql[1].startswith("WITH") and sql[1].count("UPDATE") == 2
    assert LectureProgress.objects.get().watched_ms == 10_000 == Playback.objects.get(pk=pid).credited_ms


@postgresql_only
def test_a_heartbeat_that_earns_nothing_writes_the_playback_only(playing, clock, python_heartbeat):
    client, pid = playing
    sql = statements(client, pid, 1, 0)
    assert len(sql) == 2 and sql[1].startswith("UPDATE learning_playback")


@postgresql_only
def test_the_statements_are_prepared_once_per_connection(playing, clock, python_heartbeat):
    client, pid = playing
    for seq in (1, 2):
        clock.advance(5)
        heartbeat(client, pid, seq, seq * 5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                       ["%learning_playback%"])
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(s.startswith("SELECT") for s in prepared) and any(s.startswith("WITH") for s in prepared)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_without_prepared_statements_the_heartbeat_still_counts(cast, api, course, enrolment, clock, settings):
    settings.JXJY_DB_PREPARED_STATEMENTS = False
    connection.close()  # a new connection: nothing prepared on it yet
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    clock.advance(10)
    assert heartbeat(client, pid, 1, 10).json()["credited_seconds"] == 10
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statements")
def test_on_sqlite_a_heartbeat_reads_once_and_writes_both_rows_in_one_transaction(playing, clock):
    client, pid = playing
    clock.advance(10)
    sql = statements(client, pid, 1, 10)
    kinds = [s.split(None, 1)[0] for s in sql]
    assert kinds.count("SELECT") == 1 and kinds.count("UPDATE") == 2
    assert LectureProgress.objects.get().watched_ms == 10_000

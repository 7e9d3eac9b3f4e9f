"""Heartbeats of one playback are serialised: each is judged against everything committed before
it. A heartbeat reads the playback, applies the crediting rules and writes only if the playback
is still as it read it; one that loses that race reads again, and after a few lost races it
waits for the row lock. Nothing is counted twice and every answer is what is stored. The first
tests look inside the Python path; on PostgreSQL the same rules run in the database function
(`sql/heartbeat_v1.sql`), which the threaded race drives too."""

import threading

import pytest
from django.db import connection, connections

from jxjy.learning import heartbeat_store, services
from jxjy.learning.models import LectureProgress, Playback
from jxjy.learning.testing import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def playing(cast, api, course, enrolment, clock, python_heartbeat):
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    return client, pid


def test_a_heartbeat_that_loses_a_race_is_judged_against_the_winner(playing, clock, monkeypatch):
    client, pid = playing
    clock.advance(30)
    real_write = heartbeat_store.write
    raced = []

    def write(row, playback, progress):
        if not raced:  # another heartbeat of the same playback commits in between
            raced.append(None)
            raced[0] = heartbeat(client, pid, 3, 30).json()
        return real_write(row, playback, progress)

    monkeypatch.setattr(heartbeat_store, "write", write)
    late = heartbeat(client, pid, 2, 30).json()
    assert raced[0]["credited_seconds"] == 30
    # Read again, seq 2 is now older than the accepted 3: a replay that adds nothing.
    assert late["credited_seconds"] == 0
    playback = Playback.objects.get(pk=pid)
    assert (playback.last_seq, playback.credited_ms, playback.heartbeats) == (3, 30_000, 1)
    assert LectureProgress.objects.get().watched_ms == 30_000


def test_a_presence_answer_in_between_makes_the_heartbeat_read_again(playing, clock, monkeypatch):
    client, pid = playing
    clock.advance(10)
    Playback.objects.filter(pk=pid).update(presence_pending=True, presence_id="check")
    real_write = heartbeat_store.write
    answered = []

    def write(row, playback, progress):
        if not answered:
            answered.append(client.post(f"playbacks/{pid}/presence", {"id": "check"}).status_code)
        return real_write(row, playback, progress)  # the presence answer writes no heartbeat

    monkeypatch.setattr(heartbeat_store, "write", write)
    body = heartbeat(client, pid, 1, 10).json()
    assert answered == [200]
    # Judged after the answer: no check pending any more, and the clock restarted at the answer.
    assert body["presence_check"] is None and body["credited_seconds"] == 0
    assert Playback.objects.get(pk=pid).presence_pending is False


def test_after_three_lost_races_the_heartbeat_takes_the_row_lock(playing, clock, monkeypatch):
    client, pid = playing
    clock.advance(20)
    real_read, real_write = heartbeat_store.read, heartbeat_store.write
    reads, writes = [], []

    def read(**kwargs):
        reads.append(kwargs.get("lock", False))
        return real_read(**kwargs)

    def write(row, playback, progress):
        writes.append(row.id)
        if len(writes) <= services.HEARTBEAT_OPTIMISTIC_TRIES:
            return False  # lost, as if another heartbeat had just written
        return real_write(row, playback, progress)

    monkeypatch.setattr(heartbeat_store, "read", read)
    monkeypatch.setattr(heartbeat_store, "write", write)
    assert heartbeat(client, pid, 1, 20).json()["credited_seconds"] == 20
    assert reads == [False] * services.HEARTBEAT_OPTIMISTIC_TRIES + [True]
    assert Playback.objects.get(pk=pid).credited_ms == 20_000


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="threads writing one in-memory SQLite test database lock each other out; the "
                           "kill -9 test races heartbeats on a SQLite file under gunicorn")
def test_heartbeats_sent_at_once_from_many_threads_count_once(cast, api, course, enrolment, clock, heartbeat_path):
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    clock.advance(10)  # the clock stands still while they race: 10 s to share, no more
    start, answers = threading.Barrier(8), []

    def send(seq):
        try:
            start.wait(timeout=60)
            res = heartbeat(client, pid, seq, 10)
            answers.append((res.status_code, res.json().get("credited_seconds")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(seq,)) for seq in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a heartbeat never answered"
    assert [status for status, _credited in answers] == [200] * 8
    assert sum(credited for _status, credited in answers) == 10
    playback = Playback.objects.get(pk=pid)
    assert playback.credited_ms == 10_000 == LectureProgress.objects.get().watched_ms

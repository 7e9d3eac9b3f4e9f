"""The player key: `POST /lectures/{id}/playback` hands the lecture page a key that its heartbeats
sign in with (`Authorization: Bearer <key>`), for that playback and nothing else. On PostgreSQL
such a heartbeat is one statement, like one signed in by an API token; the browser's session then
stays out of the hottest call. A key is refused — and the session cookie sent with it answers
instead — for another playback, once idle as long as a token may be, or for any other API call."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jxjy.learning.models import LectureProgress, Playback

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(cast, api, course, enrolment, clock, heartbeat_path):
    body = api(cast.learner_yanta).post(f"lectures/{course.lectures.first().pk}/playback").json()
    assert len(body["player_token"]) >= 32
    return body


def keyed(key):
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def beat(client, pid, seq, position):
    return client.post(f"/api/v1/playbacks/{pid}/heartbeat", {"seq": seq, "position": position},
                       content_type="application/json")


def test_the_player_key_signs_in_the_playbacks_heartbeats(started, clock, heartbeat_path):
    pid, player = started["playback_id"], keyed(started["player_token"])
    clock.advance(10)
    with CaptureQueriesContext(connection) as ctx:
        res = beat(player, pid, 1, 10)
    assert res.status_code == 200 and res.json()["credited_seconds"] == 10
    assert LectureProgress.objects.get().watched_ms == 10_000
    if heartbeat_path == "function":
        assert len(ctx.captured_queries) == 1


def test_the_player_key_is_for_its_playback_only(cast, api, course, started, clock, heartbeat_path):
    pid, player = started["playback_id"], keyed(started["player_token"])
    # Not another API call: the key is no API token.
    assert player.get("/api/v1/me").status_code == 401
    # Not another playback, even the same learner's next one.
    again = api(cast.learner_yanta).post(f"lectures/{course.lectures.last().pk}/playback").json()
    clock.advance(5)
    assert beat(player, again["playback_id"], 1, 5).status_code == 401
    assert Playback.objects.get(pk=again["playback_id"]).credited_ms == 0
    # Its own playback, now superseded, is answered as such (the key still says whose it is).
    res = beat(player, pid, 1, 5)
    assert res.status_code == 409 and res.json()["code"] == "playback_superseded"


def test_an_idle_player_key_lapses_like_a_token(settings, started, clock, heartbeat_path):
    pid, player = started["playback_id"], keyed(started["player_token"])
    clock.advance(settings.JXJY_TOKEN_IDLE_SECONDS + 60)
    assert beat(player, pid, 1, 10).status_code == 401
    assert Playback.objects.get(pk=pid).heartbeats == 0


def test_a_refused_key_falls_back_to_the_browser_session(cast, started, clock, heartbeat_path):
    pid = started["playback_id"]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.learner_yanta)
    browser.get("/study/")  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    clock.advance(10)
    res = browser.post(f"/api/v1/playbacks/{pid}/heartbeat", {"seq": 1, "position": 10},
                       content_type="application/json", headers={"Authorization": "Bearer not-a-key",
                                                                 "X-CSRFToken": csrf})
    assert res.status_code == 200 and res.json()["credited_seconds"] == 10


def test_only_the_keys_digest_is_stored(started):
    playback = Playback.objects.get(pk=started["playback_id"])
    assert playback.player_digest and started["player_token"] not in playback.player_digest
    assert len(playback.player_digest) == 64


def test_the_key_lapses_with_the_playbacks_last_heartbeat(started, clock, heartbeat_path):
    pid, player = started["playback_id"], keyed(started["player_token"])
    clock.advance(10)
    assert beat(player, pid, 1, 10).status_code == 200
    Playback.objects.filter(pk=pid).update(last_heartbeat_at=clock.now() - dt.timedelta(hours=2))
    assert beat(player, pid, 2, 20).status_code == 401

"""Presence checks: the plan sets how often; an unanswered check pauses crediting."""

import pytest

from jxjy.learning.models import Playback
from jxjy.learning.testing import enrol, heartbeat, make_course, publish_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def playing(cast, api, clock):
    # A long lecture and a check every minute on average (between 30 and 90 seconds).
    publish_year(cast.province_admin, {"presence_check_minutes": 1})
    course = make_course(cast.provincial_base, duration=3600)
    enrol(cast.learner_yanta, course)
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    return client, pid


def _play_until_checked(client, pid, clock):
    seq, position = 0, 0
    while True:
        seq += 1
        position += 10
        clock.advance(10)
        body = heartbeat(client, pid, seq, position).json()
        if body["presence_check"]:
            return seq, position, body["presence_check"]["id"]
        assert seq < 20, "no presence check within twice the plan's interval"


def test_an_unanswered_check_pauses_crediting_until_answered(playing, clock):
    client, pid = playing
    seq, position, check = _play_until_checked(client, pid, clock)
    for _ in range(3):
        seq, position = seq + 1, position + 10
        clock.advance(10)
        body = heartbeat(client, pid, seq, position).json()
        assert body["credited_seconds"] == 0
        assert body["presence_check"] == {"id": check}
    res = client.post(f"playbacks/{pid}/presence", {"id": check})
    assert res.status_code == 200
    clock.advance(10)
    body = heartbeat(client, pid, seq + 1, position + 10).json()
    assert body["credited_seconds"] == 10 and body["presence_check"] is None


def test_a_wrong_answer_is_refused_and_keeps_the_pause(playing, clock):
    client, pid = playing
    seq, position, _check = _play_until_checked(client, pid, clock)
    res = client.post(f"playbacks/{pid}/presence", {"id": "not-the-check"})
    assert res.status_code == 422
    assert res.json()["code"] == "presence_check_unknown"
    clock.advance(10)
    assert heartbeat(client, pid, seq + 1, position + 10).json()["credited_seconds"] == 0


def test_another_learner_cannot_answer_my_check(cast, api, playing, clock):
    client, pid = playing
    _seq, _position, check = _play_until_checked(client, pid, clock)
    assert api(cast.learner_baishui).post(f"playbacks/{pid}/presence", {"id": check}).status_code == 404
    assert Playback.objects.get(pk=pid).presence_pending


def test_a_plan_without_checks_never_asks(cast, api, clock):
    publish_year(cast.province_admin, {"presence_check_minutes": 0})
    course = make_course(cast.provincial_base, duration=3600)
    enrol(cast.learner_yanta, course)
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    for seq in range(1, 60):
        clock.advance(25)
        assert heartbeat(client, pid, seq, seq * 25).json()["presence_check"] is None

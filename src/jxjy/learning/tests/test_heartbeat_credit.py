"""The server measures watched time: real time at most the plan's rate, no jumps, no replays."""

import pytest

from jxjy.learning.models import LectureProgress, Playback
from jxjy.learning.testing import enrol, heartbeat, make_course, publish_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def playing(cast, api, course, enrolment, clock):
    client = api(cast.learner_yanta)
    lecture = course.lectures.first()
    pid = client.post(f"lectures/{lecture.pk}/playback").json()["playback_id"]
    return client, pid


def test_a_heartbeat_credits_the_time_really_watched(playing, clock):
    client, pid = playing
    clock.advance(30)
    res = heartbeat(client, pid, 1, 30)
    assert res.status_code == 200, res.content
    assert res.json() == {"credited_seconds": 30, "progress": 0.25, "completed": False, "presence_check": None}


def test_heartbeats_sent_together_earn_no_more_than_the_time_between_them(playing, clock):
    client, pid = playing
    clock.advance(10)
    earned = [heartbeat(client, pid, seq, seq * 10).json()["credited_seconds"] for seq in range(1, 6)]
    assert sum(earned) == 10


def test_playing_faster_than_the_cap_earns_only_real_time(playing, clock):
    client, pid = playing
    clock.advance(30)
    assert heartbeat(client, pid, 1, 60, rate=2.0).json()["credited_seconds"] == 30


def test_a_jump_to_the_end_does_not_complete_the_lecture(playing, clock):
    client, pid = playing
    clock.advance(5)
    body = heartbeat(client, pid, 1, 119).json()
    assert body["credited_seconds"] == 5
    assert body["completed"] is False
    clock.advance(30)
    # Playing on after the jump earns only what follows the new position.
    assert heartbeat(client, pid, 2, 120).json()["credited_seconds"] == 1


def test_a_replayed_or_out_of_order_seq_adds_nothing(playing, clock):
    client, pid = playing
    clock.advance(30)
    assert heartbeat(client, pid, 2, 30).json()["credited_seconds"] == 30
    clock.advance(30)
    assert heartbeat(client, pid, 2, 60).json()["credited_seconds"] == 0
    assert heartbeat(client, pid, 1, 60).json()["credited_seconds"] == 0
    assert heartbeat(client, pid, 3, 60).json()["credited_seconds"] == 30
    assert Playback.objects.get(pk=pid).credited_ms == 60_000


def test_a_position_beyond_the_duration_is_clamped(playing, clock):
    client, pid = playing
    clock.advance(500)
    body = heartbeat(client, pid, 1, 10_000).json()
    assert body["credited_seconds"] == 120 and body["progress"] == 1 and body["completed"] is True


def test_rewatching_a_stretch_counts_it_once(cast, api, playing, clock):
    client, pid = playing
    clock.advance(30)
    heartbeat(client, pid, 1, 30)
    lecture_id = Playback.objects.get(pk=pid).lecture_id
    pid2 = client.post(f"lectures/{lecture_id}/playback", {}).json()["playback_id"]
    heartbeat(client, pid2, 1, 0)  # the learner went back to the start
    clock.advance(30)
    assert heartbeat(client, pid2, 2, 30).json()["credited_seconds"] == 0
    clock.advance(30)
    assert heartbeat(client, pid2, 3, 60).json()["credited_seconds"] == 30
    assert LectureProgress.objects.get().watched_ms == 60_000


def test_a_malformed_heartbeat_is_refused_in_chinese_and_changes_nothing(playing, clock):
    client, pid = playing
    clock.advance(30)
    for payload in ({"seq": 1, "position": -5, "rate": 1}, {"seq": 1, "position": 10, "rate": 0},
                    {"seq": 0, "position": 10, "rate": 1}, {"seq": "x", "position": 10}, {"position": 10}):
        res = client.post(f"playbacks/{pid}/heartbeat", payload)
        assert res.status_code == 422, payload
        assert res.json()["message"] and res.json()["message"].isascii() is False
    assert Playback.objects.get(pk=pid).last_seq == 0


def test_another_learners_playback_is_not_found(cast, api, playing, clock):
    _client, pid = playing
    res = heartbeat(api(cast.learner_baishui), pid, 1, 10)
    assert res.status_code == 404
    assert Playback.objects.get(pk=pid).heartbeats == 0


def test_a_lecture_completes_when_the_plans_share_is_watched(playing, clock):
    client, pid = playing
    clock.advance(113)
    assert heartbeat(client, pid, 1, 113).json()["completed"] is False  # 113/120 < 95 %
    clock.advance(1)
    body = heartbeat(client, pid, 2, 114).json()
    assert body["completed"] is True and body["progress"] == 0.95


def test_a_made_up_plan_with_another_rate_cap_and_share_is_followed(cast, api, clock):
    publish_year(cast.province_admin, {"playback_rate_cap": "2.00", "completion_share": "0.500",
                                       "heartbeat_seconds": 15})
    course = make_course(cast.provincial_base)
    enrol(cast.learner_yanta, course)
    client = api(cast.learner_yanta)
    started = client.post(f"lectures/{course.lectures.first().pk}/playback").json()
    assert started["heartbeat_seconds"] == 15
    clock.advance(30)
    body = heartbeat(client, started["playback_id"], 1, 60, rate=2.0).json()
    assert body["credited_seconds"] == 60
    assert body["completed"] is True

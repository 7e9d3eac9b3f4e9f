"""Starting to play a lecture: only with a paid enrolment; the player resumes where it stopped."""

import pytest

from jxjy.learning.testing import enrol, heartbeat, make_course

pytestmark = pytest.mark.django_db


def test_a_paid_learner_starts_a_playback_with_the_plans_heartbeat(cast, api, course, enrolment):
    lecture = course.lectures.first()
    res = api(cast.learner_yanta).post(f"lectures/{lecture.pk}/playback")
    assert res.status_code == 201, res.content
    body = res.json()
    assert set(body) == {"playback_id", "resume_at", "heartbeat_seconds", "player_token"}
    assert body["resume_at"] == 0
    assert body["heartbeat_seconds"] == 30


def test_an_unpaid_enrolment_cannot_play(cast, api, course, clock):
    enrol(cast.learner_yanta, course, paid=False)
    res = api(cast.learner_yanta).post(f"lectures/{course.lectures.first().pk}/playback")
    assert res.status_code == 409
    assert res.json()["code"] == "enrolment_unpaid"
    assert "缴费" in res.json()["message"]


def test_a_learner_not_enrolled_cannot_play(cast, api, course, enrolment):
    res = api(cast.learner_baishui).post(f"lectures/{course.lectures.first().pk}/playback")
    assert res.status_code == 403
    assert res.json()["code"] == "not_enrolled"


def test_a_lecture_of_an_unpublished_course_is_not_found(cast, api, clock):
    draft = make_course(cast.provincial_base, published=False)
    res = api(cast.learner_yanta).post(f"lectures/{draft.lectures.first().pk}/playback")
    assert res.status_code == 404


def test_administrators_cannot_start_a_playback(cast, api, course, enrolment):
    res = api(cast.base_provincial).post(f"lectures/{course.lectures.first().pk}/playback")
    assert res.status_code == 403
    assert res.json()["code"] == "learners_only"


def test_the_next_playback_resumes_where_the_learner_stopped(cast, api, course, enrolment, clock):
    client = api(cast.learner_yanta)
    lecture = course.lectures.first()
    pid = client.post(f"lectures/{lecture.pk}/playback").json()["playback_id"]
    clock.advance(40)
    assert heartbeat(client, pid, 1, 40).json()["credited_seconds"] == 40
    again = client.post(f"lectures/{lecture.pk}/playback").json()
    assert again["resume_at"] == 40
    assert again["playback_id"] != pid

"""One active playback per learner: a second tab or device ends the first."""

import pytest

from jxjy.learning.models import Playback
from jxjy.learning.testing import heartbeat

pytestmark = pytest.mark.django_db


def test_starting_a_second_playback_ends_the_first_whose_heartbeats_are_refused(cast, api, course, enrolment, clock):
    phone, laptop = api(cast.learner_yanta), api(cast.learner_yanta)
    first = phone.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    clock.advance(10)
    assert heartbeat(phone, first, 1, 10).json()["credited_seconds"] == 10
    second = laptop.post(f"lectures/{course.lectures.last().pk}/playback").json()["playback_id"]
    clock.advance(10)
    refused = heartbeat(phone, first, 2, 20)
    assert refused.status_code == 409
    assert refused.json()["code"] == "playback_superseded"
    assert "其他" in refused.json()["message"]
    assert heartbeat(laptop, second, 1, 10).json()["credited_seconds"] == 10
    assert Playback.objects.get(pk=first).credited_ms == 10_000
    assert list(Playback.objects.filter(status=Playback.Status.ACTIVE).values_list("pk", flat=True)) == [second]


def test_a_superseded_playback_cannot_answer_a_presence_check(cast, api, course, enrolment, clock):
    client = api(cast.learner_yanta)
    first = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    client.post(f"lectures/{course.lectures.first().pk}/playback")
    res = client.post(f"playbacks/{first}/presence", {"id": "abc"})
    assert res.status_code == 409


def test_another_learners_playback_is_not_ended_by_mine(cast, api, course, enrolment, clock):
    from jxjy.learning.testing import enrol

    enrol(cast.learner_baishui, course)
    theirs = api(cast.learner_baishui).post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    api(cast.learner_yanta).post(f"lectures/{course.lectures.first().pk}/playback")
    clock.advance(5)
    assert heartbeat(api(cast.learner_baishui), theirs, 1, 5).json()["credited_seconds"] == 5


def test_stopping_a_playback_ends_it(cast, api, course, enrolment, clock):
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    assert client.post(f"playbacks/{pid}/stop").json()["status"] == "ended"
    assert heartbeat(client, pid, 1, 5).status_code == 409
    assert api(cast.learner_baishui).post(f"playbacks/{pid}/stop").status_code == 404

"""Make-up study: a past year's course may be studied while that year's deadline has not passed."""

import datetime as dt

import pytest

from jxjy.learning.testing import enrol, heartbeat

pytestmark = pytest.mark.django_db


def test_a_2019_enrolment_is_studied_until_the_deadline_and_refused_after(cast, api, course, clock):
    enrol(cast.learner_yanta, course, year=2019)
    clock.set(dt.datetime(2020, 12, 31, 23, 50))
    client = api(cast.learner_yanta)
    started = client.post(f"lectures/{course.lectures.first().pk}/playback")
    assert started.status_code == 201
    pid = started.json()["playback_id"]
    clock.advance(30)
    assert heartbeat(client, pid, 1, 30).json()["credited_seconds"] == 30
    clock.set(dt.datetime(2021, 1, 1, 0, 0, 10))
    refused = heartbeat(client, pid, 2, 60)
    assert refused.status_code == 409 and refused.json()["code"] == "makeup_closed"
    again = client.post(f"lectures/{course.lectures.first().pk}/playback")
    assert again.status_code == 409 and again.json()["code"] == "makeup_closed"

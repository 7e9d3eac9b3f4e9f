"""study_started: once a second is credited or an exam attempt exists, a refund is impossible."""

import pytest

from jxjy.learning.selectors import lectures_complete, study_started
from jxjy.learning.testing import heartbeat

pytestmark = pytest.mark.django_db


def test_an_enrolment_without_credited_time_has_not_started(cast, api, course, enrolment, clock):
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    heartbeat(client, pid, 1, 0)
    assert study_started(enrolment) is False


def test_one_credited_second_starts_the_study(cast, api, course, enrolment, clock):
    client = api(cast.learner_yanta)
    pid = client.post(f"lectures/{course.lectures.first().pk}/playback").json()["playback_id"]
    clock.advance(1)
    heartbeat(client, pid, 1, 1)
    assert study_started(enrolment) is True


def test_an_exam_attempt_starts_the_study(enrolment, monkeypatch):
    monkeypatch.setattr("jxjy.learning.selectors._exam_attempted", lambda e: True)
    assert study_started(enrolment) is True


def test_an_exam_attempt_is_found_in_the_exams_app(enrolment):
    from jxjy.learning.selectors import _exam_attempted

    assert _exam_attempted(enrolment) is False


def test_lectures_are_complete_only_when_every_one_is(cast, api, course, enrolment, clock):
    client = api(cast.learner_yanta)
    first, second = course.lectures.order_by("number")
    pid = client.post(f"lectures/{first.pk}/playback").json()["playback_id"]
    clock.advance(first.duration)
    heartbeat(client, pid, 1, first.duration)
    assert lectures_complete(enrolment) is False
    pid = client.post(f"lectures/{second.pk}/playback").json()["playback_id"]
    clock.advance(second.duration)
    heartbeat(client, pid, 1, second.duration)
    assert lectures_complete(enrolment) is True

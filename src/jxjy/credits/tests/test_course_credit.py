"""A course's hours are credited when every lecture is complete and the exam is passed."""

import pytest

from jxjy.accounts.models import Learner
from jxjy.credits.models import CreditEntry
from jxjy.credits.services import course_credit_if_complete
from jxjy.learning.models import Enrolment
from jxjy.learning.testing import heartbeat

pytestmark = pytest.mark.django_db


def watch_all(client, course, clock):
    for lecture in course.lectures.all():
        pid = client.post(f"lectures/{lecture.pk}/playback").json()["playback_id"]
        clock.advance(lecture.duration)
        assert heartbeat(client, pid, 1, lecture.duration).json()["completed"] is True


def test_watching_every_lecture_with_the_exam_passed_credits_the_hours_at_once(
        cast, api, course, enrolment, clock, exam_passed, django_capture_on_commit_callbacks):
    client = api(cast.learner_yanta)
    with django_capture_on_commit_callbacks(execute=True):
        watch_all(client, course, clock)
    hours = client.get("me/hours", year=2020).json()
    assert hours["professional"] == course.hours and hours["public"] == 0
    assert [e["title"] for e in hours["entries"]] == [course.title]
    assert hours["entries"][0]["source"] == "ONLINE_COURSE"
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_without_a_passed_exam_nothing_is_credited_until_it_is_passed(
        cast, api, course, enrolment, clock, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr("jxjy.credits.services._exam_passed", lambda e: False)
    with django_capture_on_commit_callbacks(execute=True):
        watch_all(api(cast.learner_yanta), course, clock)
    assert not CreditEntry.objects.exists()
    monkeypatch.setattr("jxjy.credits.services._exam_passed", lambda e: True)
    assert course_credit_if_complete(enrolment=enrolment) is not None
    assert CreditEntry.objects.get().hours == course.hours


def test_crediting_twice_counts_once(cast, api, course, enrolment, clock, exam_passed):
    watch_all(api(cast.learner_yanta), course, clock)
    first = course_credit_if_complete(enrolment=enrolment)
    second = course_credit_if_complete(enrolment=enrolment)
    assert first.pk == second.pk and CreditEntry.objects.count() == 1


def test_an_exam_pass_alone_does_not_credit_an_unwatched_course(cast, course, enrolment, exam_passed):
    assert course_credit_if_complete(enrolment=enrolment) is None
    assert not CreditEntry.objects.exists()


def test_an_unconfirmed_learners_hours_are_recorded_and_count_once_confirmed(
        cast, api, course, enrolment, clock, exam_passed):
    Learner.objects.filter(pk=cast.learner_yanta.learner.pk).update(affiliation=Learner.Affiliation.PENDING)
    watch_all(api(cast.learner_yanta), course, clock)
    course_credit_if_complete(enrolment=enrolment)
    body = api(cast.learner_yanta).get("me/hours").json()
    assert body["professional"] == 0 and body["confirmed"] is False
    assert body["recorded"]["professional"] == course.hours and len(body["entries"]) == 1
    Learner.objects.filter(pk=cast.learner_yanta.learner.pk).update(affiliation=Learner.Affiliation.CONFIRMED)
    assert api(cast.learner_yanta).get("me/hours").json()["professional"] == course.hours


def test_a_cancelled_enrolment_is_never_credited(cast, api, course, enrolment, clock, exam_passed):
    watch_all(api(cast.learner_yanta), course, clock)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.CANCELLED)
    assert course_credit_if_complete(enrolment=enrolment) is None


def test_a_passed_attempt_in_the_exams_app_completes_the_course(cast, api, course, enrolment, clock):
    from jxjy.exams.models import ExamAttempt, QuestionBank

    watch_all(api(cast.learner_yanta), course, clock)
    bank = QuestionBank.objects.create(course=course)
    attempt = dict(enrolment=enrolment, bank=bank, generation=1, started_at=clock.now(), deadline=clock.now(),
                   points_per_question=2, pass_mark=60, total_points=100, status="SUBMITTED")
    ExamAttempt.objects.create(number=1, score=40, passed=False, **attempt)
    assert course_credit_if_complete(enrolment=enrolment) is None
    ExamAttempt.objects.create(number=2, score=80, passed=True, **attempt)
    assert course_credit_if_complete(enrolment=enrolment).hours == course.hours

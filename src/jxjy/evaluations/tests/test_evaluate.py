"""A learner evaluates a completed enrolment once, may change it for 30 days, and nobody else
may evaluate it."""

import datetime as dt

import pytest

from jxjy.evaluations import rules
from jxjy.evaluations.models import CourseEvaluation
from jxjy.learning.testing import enrol

from .conftest import GOOD

pytestmark = pytest.mark.django_db


def test_a_learner_evaluates_a_completed_course(cast, api, enrolment, url):
    r = api(cast.learner_yanta).post(url, GOOD)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["overall"], body["content"], body["teaching"], body["video"]) == (5, 4, 4, 3)
    assert body["comment"] == "很实用"  # trimmed
    saved = CourseEvaluation.objects.get()
    assert saved.enrolment_id == enrolment.pk and saved.course_id == enrolment.course_id
    assert saved.year == enrolment.year and saved.learner_id == enrolment.learner_id
    assert api(cast.learner_yanta).get(url).json()["id"] == saved.pk


def test_a_course_not_completed_cannot_be_evaluated(cast, api, course, clock):
    studying = enrol(cast.learner_yanta, course)
    r = api(cast.learner_yanta).post(f"enrolments/{studying.pk}/evaluation", GOOD)
    assert r.status_code == 409 and r.json()["code"] == "enrolment_not_complete"
    assert not CourseEvaluation.objects.exists()


def test_an_unpaid_enrolment_cannot_be_evaluated(cast, api, course, clock):
    unpaid = enrol(cast.learner_yanta, course, paid=False)
    r = api(cast.learner_yanta).post(f"enrolments/{unpaid.pk}/evaluation", GOOD)
    assert r.status_code == 409 and r.json()["code"] == "enrolment_not_complete"


def test_a_second_evaluation_of_the_same_enrolment_is_refused(cast, api, enrolment, url):
    client = api(cast.learner_yanta)
    assert client.post(url, GOOD).status_code == 201
    r = client.post(url, {**GOOD, "overall": 1})
    assert r.status_code == 409 and r.json()["code"] == "already_evaluated"
    assert CourseEvaluation.objects.get().overall == 5


def test_the_evaluation_may_be_changed_within_thirty_days(cast, api, enrolment, url, clock):
    client = api(cast.learner_yanta)
    client.post(url, GOOD)
    clock.advance(dt.timedelta(days=rules.EDIT_DAYS).total_seconds() - 60)
    client = api(cast.learner_yanta)  # a fresh sign-in: tokens lapse when idle that long
    r = client.put(url, {"overall": 2, "content": 2, "teaching": 3, "video": 1, "comment": "改了"})
    assert r.status_code == 200, r.content
    saved = CourseEvaluation.objects.get()
    assert (saved.overall, saved.video, saved.comment) == (2, 1, "改了")
    assert saved.updated_at == clock.now() and saved.created_at < saved.updated_at


def test_after_thirty_days_the_evaluation_can_no_longer_be_changed(cast, api, enrolment, url, clock):
    client = api(cast.learner_yanta)
    client.post(url, GOOD)
    clock.advance(dt.timedelta(days=rules.EDIT_DAYS, seconds=1).total_seconds())
    client = api(cast.learner_yanta)
    r = client.put(url, {**GOOD, "overall": 1})
    assert r.status_code == 409 and r.json()["code"] == "evaluation_locked"
    assert CourseEvaluation.objects.get().overall == 5


def test_changing_an_evaluation_that_does_not_exist_is_not_found(cast, api, url):
    r = api(cast.learner_yanta).put(url, GOOD)
    assert r.status_code == 404 and r.json()["code"] == "evaluation_not_found"


@pytest.mark.parametrize("who", ["learner_baishui", "base_provincial", "province_admin", "admin_xian"])
def test_nobody_but_the_enrolled_learner_may_evaluate(cast, api, enrolment, url, who):
    r = api(getattr(cast, who)).post(url, GOOD)
    assert r.status_code == 404 and r.json()["code"] == "enrolment_not_found"
    assert api(getattr(cast, who)).get(url).status_code == 404
    assert not CourseEvaluation.objects.exists()


def test_another_learner_cannot_change_or_read_an_evaluation(cast, api, enrolment, url):
    api(cast.learner_yanta).post(url, GOOD)
    assert api(cast.learner_baishui).put(url, {**GOOD, "overall": 1}).status_code == 404
    assert api(cast.learner_baishui).get(url).status_code == 404
    assert CourseEvaluation.objects.get().overall == 5


def test_signed_out_callers_cannot_evaluate(api, url):
    assert api().post(url, GOOD).status_code == 401


@pytest.mark.parametrize("change", [{"overall": 0}, {"content": 6}, {"teaching": "很好"}, {"video": None},
                                    {"overall": 4.5}, {"comment": "字" * (rules.COMMENT_MAX + 1)}])
def test_stars_out_of_range_and_a_long_comment_are_refused(cast, api, url, change):
    r = api(cast.learner_yanta).post(url, {**GOOD, **change})
    assert r.status_code == 422 and r.json()["code"] == "evaluation_invalid"
    assert [e["field"] for e in r.json()["detail"]["errors"]] == list(change)
    assert not CourseEvaluation.objects.exists()


def test_a_comment_of_the_limit_after_trimming_is_accepted(cast, api, url):
    r = api(cast.learner_yanta).post(url, {**GOOD, "comment": "  " + "字" * rules.COMMENT_MAX + "\n"})
    assert r.status_code == 201 and len(r.json()["comment"]) == rules.COMMENT_MAX

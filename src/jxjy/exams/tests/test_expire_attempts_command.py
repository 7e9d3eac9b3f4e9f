"""`jxjy expire_attempts` times out every attempt left open past its deadline, by the rule of a
late submission: no score, the attempt counts as used; open attempts in time and submitted ones
are left alone, and a second run changes nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from jxjy.core import clock
from jxjy.exams.models import ExamAttempt
from jxjy.learning.models import Enrolment
from jxjy.plans.selectors import current_rules

pytestmark = pytest.mark.django_db


def start(api, user, course):
    res = api(user).post(f"courses/{course.pk}/exam/attempts")
    assert res.status_code == 201, res.content
    return ExamAttempt.objects.get(pk=res.json()["attempt_id"])


def sweep():
    out = io.StringIO()
    call_command("expire_attempts", stdout=out)
    return out.getvalue()


def at(settings, moment):
    settings.JXJY_FROZEN_NOW = moment.isoformat()
    assert clock.now() == moment


def test_overdue_attempts_are_timed_out_once_and_others_left_alone(cast, api, banked_course, enrolment, settings):
    Enrolment.objects.create(learner=cast.learner_baishui.learner, course=banked_course, year=current_rules().year,
                             status=Enrolment.Status.ACTIVE, activated_at=clock.now())
    settings.JXJY_FROZEN_NOW = "2020-06-01T09:00:00+08:00"
    overdue = start(api, cast.learner_yanta, banked_course)
    submitted = start(api, cast.learner_baishui, banked_course)
    res = api(cast.learner_baishui).post(f"exam/attempts/{submitted.pk}/submit", {"answers": {}})
    assert res.status_code == 200, res.content

    at(settings, overdue.deadline + dt.timedelta(seconds=1))
    running = start(api, cast.learner_baishui, banked_course)
    assert "已将 1 次" in sweep()

    overdue.refresh_from_db()
    assert overdue.status == ExamAttempt.Status.EXPIRED and overdue.score is None and overdue.submitted_at is None
    assert ExamAttempt.objects.get(pk=submitted.pk).status == ExamAttempt.Status.SUBMITTED
    assert ExamAttempt.objects.get(pk=running.pk).status == ExamAttempt.Status.OPEN
    assert "已将 0 次" in sweep()
    assert ExamAttempt.objects.filter(status=ExamAttempt.Status.EXPIRED).count() == 1

    # As if the learner had submitted late: refused, and the next attempt is the second.
    res = api(cast.learner_yanta).post(f"exam/attempts/{overdue.pk}/submit", {"answers": {}})
    assert res.status_code == 409 and res.json()["code"] == "attempt_late"
    assert start(api, cast.learner_yanta, banked_course).number == 2


def test_an_attempt_at_its_deadline_is_still_open(cast, api, banked_course, enrolment, settings):
    settings.JXJY_FROZEN_NOW = "2020-06-01T09:00:00+08:00"
    attempt = start(api, cast.learner_yanta, banked_course)
    at(settings, attempt.deadline)
    assert "已将 0 次" in sweep()
    assert ExamAttempt.objects.get(pk=attempt.pk).status == ExamAttempt.Status.OPEN
    at(settings, attempt.deadline + dt.timedelta(microseconds=1))
    assert "已将 1 次" in sweep()
    assert ExamAttempt.objects.get(pk=attempt.pk).status == ExamAttempt.Status.EXPIRED

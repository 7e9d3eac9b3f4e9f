"""Studying's demo data: 李雁塔 can study the demo course at once; 张白水 is not enrolled."""

import io

import pytest

from jxjy.learning import demo
from jxjy.learning.models import Enrolment, InPersonSession
from jxjy.learning.testing import make_course

pytestmark = pytest.mark.django_db


def test_the_demo_opens_study_for_yanta_only_and_schedules_a_weinan_session_once(cast, api, clock):
    course = make_course(cast.provincial_base, title=demo.DEMO_COURSE_TITLE, hours=8, lectures=8, duration=3)
    demo.seed(cast, io.StringIO())
    demo.seed(cast, io.StringIO())
    enrolment = Enrolment.objects.get(course=course)
    assert enrolment.learner == cast.learner_yanta.learner and enrolment.status == Enrolment.Status.ACTIVE
    assert not Enrolment.objects.filter(learner=cast.learner_baishui.learner).exists()
    session = InPersonSession.objects.get()
    assert session.base == cast.weinan_base and session.status == InPersonSession.Status.SCHEDULED
    res = api(cast.learner_yanta).post(f"lectures/{course.lectures.first().pk}/playback")
    assert res.status_code == 201

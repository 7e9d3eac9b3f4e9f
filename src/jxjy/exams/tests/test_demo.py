"""The demo gives the demo course a full bank and enrols 李雁塔, once."""

import io

import pytest

from jxjy.catalog.models import Category, Course
from jxjy.exams import demo
from jxjy.exams.models import Question
from jxjy.exams.selectors import bank_report
from jxjy.learning.models import Enrolment
from jxjy.plans.selectors import current_rules

pytestmark = pytest.mark.django_db


def test_without_the_demo_course_nothing_is_created(cast):
    out = io.StringIO()
    demo.seed(cast, out)
    assert demo.DEMO_COURSE_TITLE in out.getvalue()
    assert not Question.objects.exists() and not Enrolment.objects.exists()


def test_the_demo_course_gets_a_full_bank_and_an_active_enrolment_once(cast):
    course = Course.objects.create(base=cast.provincial_base, category=Category.PROFESSIONAL,
                                   title=demo.DEMO_COURSE_TITLE, hours=8, status=Course.Status.PUBLISHED)
    demo.seed(cast, io.StringIO())
    rules = current_rules()
    assert bank_report(course=course, exam_rules=rules.exam)["ok"] is True
    enrolment = Enrolment.objects.get(learner=cast.learner_yanta.learner, course=course)
    assert enrolment.year == rules.year and enrolment.status == Enrolment.Status.ACTIVE
    questions = Question.objects.count()
    demo.seed(cast, io.StringIO())
    assert Question.objects.count() == questions and Enrolment.objects.count() == 1

"""The demo: three of the statistics' learners complete the demo course through the services and
evaluate it, once however often the demo loads."""

import io

import pytest
from django.core.management import call_command

from jxjy.evaluations.models import CourseEvaluation
from jxjy.learning.models import Enrolment

# Real commits: payments and exam passes credit the hours on commit, as on the platform.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_the_demo_learners_complete_the_course_and_evaluate_it_once(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.JXJY_PAYMENT_SANDBOX = True
    settings.JXJY_FROZEN_NOW = "2021-01-05T10:00:00+08:00"
    call_command("seed_demo", stdout=io.StringIO())
    evaluations = list(CourseEvaluation.objects.select_related("enrolment", "learner"))
    assert sorted(e.learner.name for e in evaluations) == ["陈思远", "马晓雯", "黄丽娟"]
    assert all(e.enrolment.status == Enrolment.Status.COMPLETED for e in evaluations)
    assert all(e.learner.credit_entries.filter(reference=f"enrolment:{e.enrolment_id}").exists() for e in evaluations)
    first = {m: m.objects.count() for m in (CourseEvaluation, Enrolment)}
    call_command("seed_demo", stdout=io.StringIO())
    assert {m: m.objects.count() for m in (CourseEvaluation, Enrolment)} == first

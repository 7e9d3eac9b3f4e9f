"""A made-up year with other exam numbers: composition, bank minimum, limit, points, pass mark,
time and the lectures setting all follow the published plan."""

import datetime as dt

import pytest

from jxjy.core import clock
from jxjy.exams.selectors import bank_report
from jxjy.exams.tests.conftest import bank_rows, upload, xlsx_bytes
from jxjy.learning.models import Enrolment
from jxjy.plans.selectors import published_plan
from jxjy.plans.services import plan_draft_from, plan_publish

pytestmark = pytest.mark.django_db


def publish_year(cast, **exam):
    changes = {"year": 2031, "exam_single": 4, "exam_multiple": 2, "exam_true_false": 2,
               "exam_points_per_question": 5, "exam_bank_ratio": 2, "exam_pass_mark": 30, "exam_max_attempts": 1,
               "exam_minutes": 15, **exam}
    draft = plan_draft_from(actor=cast.province_admin, plan=published_plan(2020), changes=changes)
    return plan_publish(actor=cast.province_admin, plan=draft)


def enrol(cast, course, year=2031):
    return Enrolment.objects.create(learner=cast.learner_yanta.learner, course=course, year=year,
                                    status=Enrolment.Status.ACTIVE, activated_at=clock.now())


def test_the_bank_minimum_follows_the_plan(cast, api, course):
    plan = publish_year(cast)
    upload(api(cast.base_provincial), course.pk, xlsx_bytes(bank_rows(8, 3, 4)))
    report = bank_report(course=course, exam_rules=plan.rules().exam)
    assert report["required"] == {"single": 8, "multiple": 4, "true_false": 4}
    assert report["missing"] == {"single": 0, "multiple": 1, "true_false": 0} and report["ok"] is False
    body = api(cast.base_provincial).get(f"courses/{course.pk}/question-bank").json()
    assert body["required"]["multiple"] == 4


def test_paper_points_pass_mark_time_and_limit_follow_the_plan(cast, api, course):
    publish_year(cast)
    upload(api(cast.base_provincial), course.pk, xlsx_bytes(bank_rows(8, 4, 4)))
    enrol(cast, course)
    res = api(cast.learner_yanta).post(f"courses/{course.pk}/exam/attempts")
    assert res.status_code == 201
    body = res.json()
    assert [q["type"] for q in body["questions"]] == ["single"] * 4 + ["multiple"] * 2 + ["true_false"] * 2
    assert body["total_points"] == 40 and body["pass_mark"] == 30
    deadline = dt.datetime.fromisoformat(body["deadline"])
    assert dt.timedelta(minutes=14) < deadline - clock.now() <= dt.timedelta(minutes=15)
    res = api(cast.learner_yanta).post(f"exam/attempts/{body['attempt_id']}/submit", {"answers": {}})
    assert res.json()["score"] == 0 and res.json()["passed"] is False
    again = api(cast.learner_yanta).post(f"courses/{course.pk}/exam/attempts")
    assert again.status_code == 409 and again.json()["detail"]["max_attempts"] == 1


def test_with_the_lectures_setting_on_the_exam_waits_for_every_lecture(cast, api, course, monkeypatch):
    import jxjy.learning.selectors as learning_selectors

    publish_year(cast, exam_requires_lectures=True, exam_max_attempts=3)
    upload(api(cast.base_provincial), course.pk, xlsx_bytes(bank_rows(8, 4, 4)))
    enrol(cast, course)
    monkeypatch.setattr(learning_selectors, "lectures_complete", lambda enrolment: False, raising=False)
    res = api(cast.learner_yanta).post(f"courses/{course.pk}/exam/attempts")
    assert res.status_code == 409 and res.json()["code"] == "lectures_incomplete"
    monkeypatch.setattr(learning_selectors, "lectures_complete", lambda enrolment: True, raising=False)
    assert api(cast.learner_yanta).post(f"courses/{course.pk}/exam/attempts").status_code == 201


def test_with_the_lectures_setting_off_the_exam_opens_at_any_time(cast, api, course, monkeypatch):
    import jxjy.learning.selectors as learning_selectors

    publish_year(cast, exam_requires_lectures=False)
    upload(api(cast.base_provincial), course.pk, xlsx_bytes(bank_rows(8, 4, 4)))
    enrol(cast, course)
    monkeypatch.setattr(learning_selectors, "lectures_complete", lambda enrolment: False, raising=False)
    assert api(cast.learner_yanta).post(f"courses/{course.pk}/exam/attempts").status_code == 201

"""Submitting: scored by the plan, exactly-right multiple choice, the pass recorded, and the
server refusing late and repeated submissions."""

import datetime as dt

import pytest

from jxjy.core import clock
from jxjy.exams import papers
from jxjy.exams.models import ExamAttempt, Question
from jxjy.exams.selectors import exam_passed

pytestmark = pytest.mark.django_db


def start(api, cast, course):
    return api(cast.learner_yanta).post(f"courses/{course.pk}/exam/attempts").json()


def right_answers(attempt_id):
    """The shown letters of the right options, worked out on the server side as a test may."""
    attempt = ExamAttempt.objects.get(pk=attempt_id)
    keys = dict(Question.objects.filter(pk__in=attempt.question_ids).values_list("id", "answer"))
    out = {}
    for item in attempt.paper:
        shown = papers.shown_keys(item["t"], item["o"])
        out[item["q"]] = [shown[item["o"].index(k)] for k in keys[item["q"]]]
    return attempt, out


def submit(api, cast, attempt_id, answers):
    return api(cast.learner_yanta).post(f"exam/attempts/{attempt_id}/submit",
                                        {"answers": {str(k): v for k, v in answers.items()}})


def test_all_right_scores_full_marks_and_passes(cast, api, banked_course, enrolment):
    body = start(api, cast, banked_course)
    attempt, answers = right_answers(body["attempt_id"])
    res = submit(api, cast, attempt.pk, answers)
    assert res.status_code == 200, res.content
    body = res.json()
    assert (body["score"], body["passed"], body["wrong"]) == (attempt.total_points, True, [])
    assert exam_passed(enrolment) is True


def test_a_multiple_choice_answer_missing_one_option_scores_nothing(cast, api, banked_course, enrolment):
    body = start(api, cast, banked_course)
    attempt, answers = right_answers(body["attempt_id"])
    multiple = [i["q"] for i in attempt.paper if i["t"] == "multiple"]
    answers[multiple[0]] = answers[multiple[0]][:1]
    extra = multiple[1]
    answers[extra] = sorted(set("ABCD") | set(answers[extra]))[:4]  # one option too many
    res = submit(api, cast, attempt.pk, answers).json()
    assert sorted(res["wrong"]) == sorted([multiple[0], extra])
    assert res["score"] == attempt.total_points - 2 * attempt.points_per_question


def test_below_the_pass_mark_fails_and_lists_the_wrong_questions(cast, api, banked_course, enrolment):
    body = start(api, cast, banked_course)
    attempt, answers = right_answers(body["attempt_id"])
    keep = attempt.question_ids[:10]
    res = submit(api, cast, attempt.pk, {q: answers[q] for q in keep}).json()
    assert res["score"] == 10 * attempt.points_per_question and res["passed"] is False
    assert set(res["wrong"]) == set(attempt.question_ids[10:])
    assert exam_passed(enrolment) is False


def test_a_pass_asks_the_hours_ledger_after_commit(cast, api, banked_course, enrolment, monkeypatch,
                                                   django_capture_on_commit_callbacks):
    import jxjy.credits.services as credit_services

    calls = []
    monkeypatch.setattr(credit_services, "course_credit_if_complete", lambda *, enrolment: calls.append(enrolment.pk))
    body = start(api, cast, banked_course)
    attempt, answers = right_answers(body["attempt_id"])
    with django_capture_on_commit_callbacks(execute=True):
        submit(api, cast, attempt.pk, answers)
    assert calls == [enrolment.pk]


def test_a_fail_does_not_ask_the_hours_ledger(cast, api, banked_course, enrolment, monkeypatch,
                                              django_capture_on_commit_callbacks):
    import jxjy.credits.services as credit_services

    calls = []
    monkeypatch.setattr(credit_services, "course_credit_if_complete", lambda *, enrolment: calls.append(enrolment.pk))
    body = start(api, cast, banked_course)
    with django_capture_on_commit_callbacks(execute=True):
        submit(api, cast, body["attempt_id"], {})
    assert calls == []


def test_a_second_submission_of_the_same_attempt_is_409(cast, api, banked_course, enrolment):
    body = start(api, cast, banked_course)
    attempt, answers = right_answers(body["attempt_id"])
    assert submit(api, cast, attempt.pk, {}).status_code == 200
    res = submit(api, cast, attempt.pk, answers)
    assert res.status_code == 409 and res.json()["code"] == "attempt_already_submitted"
    assert ExamAttempt.objects.get(pk=attempt.pk).score == 0


def test_a_submission_after_the_deadline_is_409_and_the_attempt_counts(cast, api, banked_course, enrolment,
                                                                       settings):
    settings.JXJY_FROZEN_NOW = "2020-06-01T09:00:00+08:00"
    body = start(api, cast, banked_course)
    attempt, answers = right_answers(body["attempt_id"])
    late = attempt.deadline + dt.timedelta(seconds=1)
    settings.JXJY_FROZEN_NOW = late.isoformat()
    assert clock.now() == late
    res = submit(api, cast, attempt.pk, answers)
    assert res.status_code == 409 and res.json()["code"] == "attempt_late"
    attempt.refresh_from_db()
    assert attempt.status == ExamAttempt.Status.EXPIRED and attempt.score is None
    assert exam_passed(enrolment) is False
    nxt = api(cast.learner_yanta).post(f"courses/{banked_course.pk}/exam/attempts").json()
    assert nxt["number"] == 2


def test_a_submission_right_at_the_deadline_is_accepted(cast, api, banked_course, enrolment, settings):
    settings.JXJY_FROZEN_NOW = "2020-06-01T09:00:00+08:00"
    body = start(api, cast, banked_course)
    attempt = ExamAttempt.objects.get(pk=body["attempt_id"])
    settings.JXJY_FROZEN_NOW = attempt.deadline.isoformat()
    assert submit(api, cast, attempt.pk, {}).status_code == 200


def test_answers_for_questions_not_on_the_paper_are_refused_and_change_nothing(cast, api, banked_course,
                                                                                enrolment):
    body = start(api, cast, banked_course)
    tf = next(q for q in body["questions"] if q["type"] == "true_false")
    res = submit(api, cast, body["attempt_id"], {999999: ["A"], tf["id"]: ["A"]})
    assert res.status_code == 422
    assert {e["field"] for e in res.json()["detail"]["errors"]} == {"answers.999999", f"answers.{tf['id']}"}
    assert ExamAttempt.objects.get(pk=body["attempt_id"]).status == ExamAttempt.Status.OPEN


def test_another_learner_cannot_submit_my_attempt(cast, api, banked_course, enrolment):
    body = start(api, cast, banked_course)
    res = api(cast.learner_baishui).post(f"exam/attempts/{body['attempt_id']}/submit", {"answers": {}})
    assert res.status_code == 404
    assert ExamAttempt.objects.get(pk=body["attempt_id"]).status == ExamAttempt.Status.OPEN


def test_the_result_is_readable_afterwards_without_answers(cast, api, banked_course, enrolment):
    body = start(api, cast, banked_course)
    submit(api, cast, body["attempt_id"], {})
    res = api(cast.learner_yanta).get(f"exam/attempts/{body['attempt_id']}").json()
    assert res["status"] == "submitted" and res["score"] == 0 and len(res["wrong"]) == len(res["questions"])
    assert all(set(q) == {"id", "type", "stem", "options"} for q in res["questions"])


def test_replacing_the_bank_mid_attempt_keeps_the_learners_paper(cast, api, banked_course, enrolment):
    from jxjy.exams.tests.conftest import full_bank_xlsx, upload

    body = start(api, cast, banked_course)
    attempt, answers = right_answers(body["attempt_id"])
    assert upload(api(cast.base_provincial), banked_course.pk, full_bank_xlsx(prefix="新")).status_code == 200
    res = submit(api, cast, attempt.pk, answers)
    assert res.status_code == 200 and res.json()["score"] == attempt.total_points
    # The next paper comes from the new bank only.
    ExamAttempt.objects.filter(pk=attempt.pk).update(passed=False)
    nxt = start(api, cast, banked_course)
    stems = Question.objects.filter(pk__in=[q["id"] for q in nxt["questions"]]).values_list("stem", flat=True)
    assert all(stem.startswith("新") for stem in stems)


def test_an_enrolment_id_of_someone_else_is_not_found(cast, api, banked_course, enrolment):
    res = api(cast.learner_baishui).post(f"courses/{banked_course.pk}/exam/attempts", {"enrolment_id": enrolment.pk})
    assert res.status_code == 404
    assert not ExamAttempt.objects.exists()

"""An enrolled learner starts an attempt: a paper of the plan's composition, and no answers."""

import json

import pytest

from jxjy.exams.models import ExamAttempt
from jxjy.exams.tests.conftest import bank_rows, upload, xlsx_bytes
from jxjy.learning.models import Enrolment
from jxjy.plans.selectors import current_rules

pytestmark = pytest.mark.django_db


def start(api, user, course):
    return api(user).post(f"courses/{course.pk}/exam/attempts")


def test_an_enrolled_learner_gets_a_paper_of_the_plans_composition(cast, api, banked_course, enrolment):
    res = start(api, cast.learner_yanta, banked_course)
    assert res.status_code == 201, res.content
    body = res.json()
    assert set(body) >= {"attempt_id", "deadline", "questions"}
    questions = body["questions"]
    rules = current_rules().exam
    assert [q["type"] for q in questions].count("single") == rules.single
    assert [q["type"] for q in questions].count("multiple") == rules.multiple
    assert [q["type"] for q in questions].count("true_false") == rules.true_false
    assert len({q["id"] for q in questions}) == len(questions)
    for q in questions:
        assert set(q) == {"id", "type", "stem", "options"}
        keys = [o["key"] for o in q["options"]]
        assert keys == (["T", "F"] if q["type"] == "true_false" else list("ABCDEF"[:len(keys)]))


def test_the_start_response_carries_no_answer_and_no_correct_field(cast, api, banked_course, enrolment):
    res = start(api, cast.learner_yanta, banked_course)
    raw = res.content.decode()
    assert "answer" not in raw and "correct" not in raw and "explanation" not in raw
    assert all(set(o) == {"key", "text"} for q in res.json()["questions"] for o in q["options"])


def test_option_order_is_shuffled_per_attempt_and_kept_on_the_server(cast, api, banked_course, enrolment):
    body = start(api, cast.learner_yanta, banked_course).json()
    attempt = ExamAttempt.objects.get(pk=body["attempt_id"])
    orders = [tuple(item["o"]) for item in attempt.paper if item["t"] != "true_false"]
    assert len(set(orders)) > 1  # not every question shows A B C D in stored order
    first = next(q for q in body["questions"] if q["type"] == "single")
    item = next(i for i in attempt.paper if i["q"] == first["id"])
    stored = {o["key"]: o["text"] for o in attempt.bank.questions.get(pk=first["id"]).options}
    assert [o["text"] for o in first["options"]] == [stored[k] for k in item["o"]]


def test_the_open_attempt_is_returned_again_instead_of_a_new_one(cast, api, banked_course, enrolment):
    first = start(api, cast.learner_yanta, banked_course)
    again = start(api, cast.learner_yanta, banked_course)
    assert again.status_code == 200 and again.json()["attempt_id"] == first.json()["attempt_id"]
    assert again.json()["questions"] == first.json()["questions"]
    assert ExamAttempt.objects.count() == 1


def test_a_learner_without_an_enrolment_may_not_start(cast, api, banked_course):
    res = start(api, cast.learner_baishui, banked_course)
    assert res.status_code == 403 and res.json()["code"] == "not_enrolled"
    assert not ExamAttempt.objects.exists()


def test_an_enrolment_awaiting_payment_may_not_start(cast, api, banked_course, enrolment):
    enrolment.status = Enrolment.Status.PENDING_PAYMENT
    enrolment.save(update_fields=["status"])
    assert start(api, cast.learner_yanta, banked_course).status_code == 403


def test_administrators_may_not_start_an_attempt(cast, api, banked_course, enrolment):
    assert start(api, cast.base_provincial, banked_course).status_code == 403
    assert start(api, cast.province_admin, banked_course).status_code == 403
    assert api().post(f"courses/{banked_course.pk}/exam/attempts").status_code == 401


def test_a_short_bank_gives_409(cast, api, course, enrolment):
    upload(api(cast.base_provincial), course.pk, xlsx_bytes(bank_rows(5, 0, 0)))
    res = start(api, cast.learner_yanta, course)
    assert res.status_code == 409 and res.json()["code"] == "bank_not_ready"
    assert res.json()["detail"]["missing"]["single"] == current_rules().exam.single - 5


def test_each_attempt_draws_unseen_questions_while_there_are_any(cast, api, banked_course, enrolment):
    # The bank holds exactly three papers' worth, so three attempts never repeat a question.
    seen: set[int] = set()
    for number in range(3):
        body = start(api, cast.learner_yanta, banked_course).json()
        ids = {q["id"] for q in body["questions"]}
        assert not ids & seen, f"attempt {number + 1} repeated questions"
        seen |= ids
        api(cast.learner_yanta).post(f"exam/attempts/{body['attempt_id']}/submit", {"answers": {}})
    assert len(seen) == 150


def test_the_attempt_limit_of_the_plan_is_enforced(cast, api, banked_course, enrolment):
    limit = current_rules().exam.max_attempts
    for _ in range(limit):
        body = start(api, cast.learner_yanta, banked_course).json()
        api(cast.learner_yanta).post(f"exam/attempts/{body['attempt_id']}/submit", {"answers": {}})
    res = start(api, cast.learner_yanta, banked_course)
    assert res.status_code == 409 and res.json()["code"] == "attempts_exhausted"
    assert ExamAttempt.objects.count() == limit


def test_a_passed_exam_cannot_be_sat_again(cast, api, banked_course, enrolment):
    body = start(api, cast.learner_yanta, banked_course).json()
    ExamAttempt.objects.filter(pk=body["attempt_id"]).update(status="SUBMITTED", passed=True, score=100)
    res = start(api, cast.learner_yanta, banked_course)
    assert res.status_code == 409 and res.json()["code"] == "exam_already_passed"


def test_an_unpublished_course_without_enrolment_is_not_found(cast, api, course):
    course.status = course.Status.DRAFT
    course.save(update_fields=["status"])
    assert start(api, cast.learner_baishui, course).status_code == 404


def test_a_learner_cannot_read_another_learners_attempt(cast, api, banked_course, enrolment):
    body = start(api, cast.learner_yanta, banked_course).json()
    assert api(cast.learner_baishui).get(f"exam/attempts/{body['attempt_id']}").status_code == 404
    assert api(cast.base_provincial).get(f"exam/attempts/{body['attempt_id']}").status_code == 404
    own = api(cast.learner_yanta).get(f"exam/attempts/{body['attempt_id']}")
    assert own.status_code == 200 and "answer" not in json.dumps(own.json()["questions"])

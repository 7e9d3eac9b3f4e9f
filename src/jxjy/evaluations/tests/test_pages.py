"""The pages: the enrolment page invites the evaluation once the course is complete (htmx form),
the course page shows the summary, the review page the base's averages as evidence."""

import datetime as dt

import pytest

from jxjy.evaluations import rules
from jxjy.evaluations.models import CourseEvaluation
from jxjy.learning.testing import enrol

pytestmark = pytest.mark.django_db

FORM = {"overall": "4", "content": "5", "teaching": "4", "video": "3", "comment": "很好"}


def test_the_enrolment_page_invites_the_evaluation_after_completion(cast, client, enrolment):
    client.force_login(cast.learner_yanta)
    page = client.get(f"/study/enrolments/{enrolment.pk}/").content.decode()
    assert 'id="evaluation-form"' in page
    # A proper radio group per score: a fieldset with its legend, five labelled radios.
    assert page.count('type="radio" name="overall"') == 5 and 'for="overall-5"' in page
    assert "<legend>" in page and "<script>" not in page and " style=" not in page and "onclick" not in page


def test_no_invitation_before_completion_or_for_others(cast, client, course, clock):
    studying = enrol(cast.learner_yanta, course)
    client.force_login(cast.learner_yanta)
    assert 'id="evaluation"' not in client.get(f"/study/enrolments/{studying.pk}/").content.decode()


def test_the_base_sees_the_enrolment_page_without_the_form(cast, client, enrolment):
    client.force_login(cast.base_provincial)
    r = client.get(f"/study/enrolments/{enrolment.pk}/")
    assert r.status_code == 200 and 'id="evaluation"' not in r.content.decode()


def test_the_htmx_form_submits_and_answers_with_the_card(cast, client, enrolment):
    client.force_login(cast.learner_yanta)
    r = client.post(f"/study/enrolments/{enrolment.pk}/evaluation/", FORM, headers={"HX-Request": "true"})
    body = r.content.decode()
    assert r.status_code == 200 and 'id="evaluation-done"' in body and 'data-evaluated="1"' in body
    assert CourseEvaluation.objects.get().scores() == {"overall": 4, "content": 5, "teaching": 4, "video": 3}
    # Within the window the card offers to change it; the second post changes, not adds.
    assert "<details" in body
    r = client.post(f"/study/enrolments/{enrolment.pk}/evaluation/", {**FORM, "overall": "2"},
                    headers={"HX-Request": "true"})
    assert CourseEvaluation.objects.get().overall == 2 and CourseEvaluation.objects.count() == 1


def test_a_form_missing_stars_comes_back_with_the_problem_and_what_was_typed(cast, client, enrolment):
    client.force_login(cast.learner_yanta)
    r = client.post(f"/study/enrolments/{enrolment.pk}/evaluation/", {**FORM, "video": ""},
                    headers={"HX-Request": "true"})
    body = r.content.decode()
    assert 'id="stars-video-error"' in body and 'value="4" checked' in body and "很好" in body
    assert not CourseEvaluation.objects.exists()


def test_after_the_window_the_card_shows_the_evaluation_without_a_form(cast, client, enrolment, clock):
    client.force_login(cast.learner_yanta)
    client.post(f"/study/enrolments/{enrolment.pk}/evaluation/", FORM)
    clock.advance(dt.timedelta(days=rules.EDIT_DAYS + 1).total_seconds())
    client.force_login(cast.learner_yanta)
    page = client.get(f"/study/enrolments/{enrolment.pk}/").content.decode()
    assert 'data-evaluated="1"' in page and 'id="evaluation-form"' not in page
    r = client.post(f"/study/enrolments/{enrolment.pk}/evaluation/", {**FORM, "overall": "1"})
    assert r.status_code == 302 and CourseEvaluation.objects.get().overall == 4


def test_another_learner_cannot_post_an_evaluation_page(cast, client, enrolment):
    client.force_login(cast.learner_baishui)
    r = client.post(f"/study/enrolments/{enrolment.pk}/evaluation/", FORM)
    assert r.status_code == 404 and not CourseEvaluation.objects.exists()


def test_the_course_page_shows_the_summary_and_anonymised_comments(cast, client, enrolment, course):
    client.force_login(cast.learner_yanta)
    client.post(f"/study/enrolments/{enrolment.pk}/evaluation/", FORM)
    client.logout()
    page = client.get(f"/courses/{course.pk}/").content.decode()
    assert 'id="evaluations"' in page and 'id="evaluation-overall">4.0<' in page
    assert "李**" in page and "很好" in page and "李雁塔" not in page
    assert 'data-stars="4"' in page and 'data-width="100"' in page
    assert client.get(f"/courses/{course.pk}/evaluations/").status_code == 200


def test_the_review_page_shows_the_bases_averages_for_the_rounds_years(cast, client, enrolment):
    from jxjy.reviews.models import BaseReview, ReviewRound

    client.force_login(cast.learner_yanta)
    client.post(f"/study/enrolments/{enrolment.pk}/evaluation/", FORM)
    found = ReviewRound.objects.create(start_year=2019, end_year=2020, self_deadline=dt.date(2020, 12, 31),
                                       opened_at=enrolment.completed_at, opened_by=cast.province_admin)
    review = BaseReview.objects.create(round=found, base=cast.provincial_base)
    client.force_login(cast.province_admin)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert 'id="review-evaluations"' in page and 'data-year="2019"' in page
    assert '<tr data-year="2020"><th scope="row">2020</th><td>1</td><td>4.0</td><td>5.0</td>' in page
    from jxjy.core.testing import Api

    body = Api(cast.province_admin).get(f"reviews/{review.pk}").json()["evaluations"]
    assert body["count"] == 1 and body["averages"]["content"] == 5.0
    assert [y["count"] for y in body["years"]] == [0, 1]


def test_the_stats_page_has_the_evaluations_table_fed_by_its_scoped_api(cast, client):
    client.force_login(cast.admin_weinan)
    page = client.get("/stats/?year=2020").content.decode()
    assert 'id="table-evaluations"' in page
    assert 'data-api-evaluations="/api/v1/stats/evaluations?year=2020&amp;city=610500"' in page

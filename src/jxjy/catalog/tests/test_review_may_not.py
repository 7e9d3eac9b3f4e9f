"""Who may not take a step: out of scope answers 404, out of turn answers 409."""

from __future__ import annotations

import pytest

from jxjy.catalog.models import ApplicationStep, CourseApplication
from jxjy.catalog.tests.conftest import payload

pytestmark = pytest.mark.django_db

Status = CourseApplication.Status


@pytest.fixture
def weinan_app(cast, api, ready):
    application = ready(cast.base_weinan, payload(title="基层护理", specialty="WS-HL", level="JUNIOR"))
    assert api(cast.base_weinan).post(f"course-applications/{application.pk}/submit").status_code == 200
    return application


@pytest.fixture
def provincial_app(cast, api, ready):
    application = ready(cast.base_provincial)
    assert api(cast.base_provincial).post(f"course-applications/{application.pk}/submit").status_code == 200
    return application


def test_city_admin_of_another_city_cannot_see_or_review(cast, api, weinan_app):
    xian = api(cast.admin_xian)
    assert xian.get(f"course-applications/{weinan_app.pk}").status_code == 404
    res = xian.post(f"course-applications/{weinan_app.pk}/review", {"decision": "approve"})
    assert res.status_code == 404
    assert xian.get("course-applications").json() == []
    assert xian.get(f"course-applications/{weinan_app.pk}/form.pdf").status_code == 404
    assert CourseApplication.objects.get(pk=weinan_app.pk).status == Status.CITY_REVIEW


def test_base_admin_of_another_base_cannot_see_or_change(cast, api, ready):
    application = ready(cast.base_provincial)
    other = api(cast.base_weinan)
    assert other.get(f"course-applications/{application.pk}").status_code == 404
    assert other.patch(f"course-applications/{application.pk}", {"title": "改名"}).status_code == 404
    assert other.post(f"course-applications/{application.pk}/submit").status_code == 404
    assert [a["id"] for a in other.get("course-applications").json()] == []
    assert CourseApplication.objects.get(pk=application.pk).course.title == "软件工程项目管理"


def test_learner_cannot_review(cast, api, provincial_app):
    learner = api(cast.learner_yanta)
    res = learner.post(f"course-applications/{provincial_app.pk}/review", {"decision": "approve"})
    assert res.status_code == 403
    assert learner.get(f"course-applications/{provincial_app.pk}").status_code == 404
    assert learner.get("course-applications").json() == []
    assert CourseApplication.objects.get(pk=provincial_app.pk).status == Status.PROVINCE_REVIEW


def test_base_cannot_review_its_own_application(cast, api, provincial_app):
    res = api(cast.base_provincial).post(f"course-applications/{provincial_app.pk}/review", {"decision": "approve"})
    assert res.status_code == 403
    assert CourseApplication.objects.get(pk=provincial_app.pk).status == Status.PROVINCE_REVIEW


def test_province_cannot_skip_the_city_step(cast, api, weinan_app):
    res = api(cast.province_admin).post(f"course-applications/{weinan_app.pk}/review", {"decision": "approve"})
    assert res.status_code == 409
    assert res.json()["code"] == "city_step_pending"
    assert CourseApplication.objects.get(pk=weinan_app.pk).status == Status.CITY_REVIEW
    assert not ApplicationStep.objects.filter(application=weinan_app, authority="PROVINCE").exists()


def test_city_cannot_act_once_the_application_is_with_the_province(cast, api, weinan_app):
    api(cast.admin_weinan).post(f"course-applications/{weinan_app.pk}/review", {"decision": "approve"})
    res = api(cast.admin_weinan).post(f"course-applications/{weinan_app.pk}/review",
                                      {"decision": "reject", "opinion": "再想想"})
    assert res.status_code == 409
    assert CourseApplication.objects.get(pk=weinan_app.pk).status == Status.PROVINCE_REVIEW


def test_approving_twice_is_a_conflict(cast, api, provincial_app):
    province = api(cast.province_admin)
    assert province.post(f"course-applications/{provincial_app.pk}/review", {"decision": "approve"}).status_code == 200
    res = province.post(f"course-applications/{provincial_app.pk}/review", {"decision": "approve"})
    assert res.status_code == 409
    assert res.json()["code"] == "application_not_under_review"
    assert ApplicationStep.objects.filter(application=provincial_app, action="APPROVE").count() == 1


def test_province_cannot_see_or_review_a_draft_never_submitted(cast, api, ready):
    application = ready(cast.base_provincial)
    res = api(cast.province_admin).post(f"course-applications/{application.pk}/review", {"decision": "approve"})
    assert res.status_code == 404
    assert CourseApplication.objects.get(pk=application.pk).status == Status.DRAFT


def test_submitted_application_cannot_be_changed_or_resubmitted(cast, api, provincial_app):
    base = api(cast.base_provincial)
    res = base.patch(f"course-applications/{provincial_app.pk}", {"title": "改名"})
    assert res.status_code == 409
    assert res.json()["code"] == "application_not_editable"
    assert base.post(f"course-applications/{provincial_app.pk}/submit").status_code == 409


def test_reviewer_cannot_edit_the_application(cast, api, provincial_app):
    res = api(cast.province_admin).patch(f"course-applications/{provincial_app.pk}", {"title": "改名"})
    assert res.status_code == 403


def test_only_bases_create_applications(cast, api):
    for user in (cast.learner_yanta, cast.admin_xian, cast.province_admin):
        assert api(user).post("course-applications", payload()).status_code == 403
    assert CourseApplication.objects.count() == 0


def test_anonymous_cannot_list_applications(api):
    assert api().get("course-applications").status_code == 401


def test_lists_follow_scope(cast, api, weinan_app, provincial_app):
    assert {a["id"] for a in api(cast.province_admin).get("course-applications").json()} == \
        {weinan_app.pk, provincial_app.pk}
    assert [a["id"] for a in api(cast.admin_weinan).get("course-applications").json()] == [weinan_app.pk]
    assert [a["id"] for a in api(cast.base_weinan).get("course-applications").json()] == [weinan_app.pk]
    assert [a["id"] for a in api(cast.base_provincial).get("course-applications").json()] == [provincial_app.pk]

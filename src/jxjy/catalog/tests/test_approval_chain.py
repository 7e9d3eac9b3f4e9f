"""The approval chain through the API: provincial base → province; city base → city → province."""

from __future__ import annotations

import pytest

from jxjy.catalog.models import ApplicationStep, Course, CourseApplication
from jxjy.catalog.tests.conftest import payload
from jxjy.core.models import AuditEntry

pytestmark = pytest.mark.django_db

Status = CourseApplication.Status


def test_provincial_base_application_goes_to_the_province_and_is_published(cast, api, ready, settings):
    settings.JXJY_FROZEN_NOW = "2020-09-01T10:00:00+08:00"
    application = ready(cast.base_provincial)
    res = api(cast.base_provincial).post(f"course-applications/{application.pk}/submit")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == Status.PROVINCE_REVIEW

    assert [a["id"] for a in api(cast.province_admin).get("course-applications", queue="true").json()] == \
        [application.pk]
    res = api(cast.province_admin).post(f"course-applications/{application.pk}/review",
                                        {"decision": "approve", "opinion": "同意上线"})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == Status.APPROVED
    assert [s["action"] for s in body["steps"]] == ["SUBMIT", "APPROVE"]
    assert body["steps"][1]["opinion"] == "同意上线" and body["steps"][1]["role"] == "PROVINCE_ADMIN"

    course = Course.objects.get(pk=application.course_id)
    assert course.status == Course.Status.PUBLISHED
    assert course.published_at.isoformat() == "2020-09-01T02:00:00+00:00"
    listed = api().get("courses").json()
    assert [c["id"] for c in listed] == [course.pk]
    actions = set(AuditEntry.objects.filter(object_id=str(application.pk)).values_list("action", flat=True))
    assert {"catalog.application_submit", "catalog.application_approve"} <= actions


def test_city_base_application_goes_through_its_city_then_the_province(cast, api, ready):
    data = payload(title="基层护理质量管理", specialty="WS-HL", level="JUNIOR")
    application = ready(cast.base_weinan, data)
    res = api(cast.base_weinan).post(f"course-applications/{application.pk}/submit")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == Status.CITY_REVIEW
    assert api(cast.province_admin).get("course-applications", queue="true").json() == []
    assert [a["id"] for a in api(cast.admin_weinan).get("course-applications", queue="true").json()] == \
        [application.pk]

    res = api(cast.admin_weinan).post(f"course-applications/{application.pk}/review",
                                      {"decision": "approve", "opinion": "同意，报省厅"})
    assert res.status_code == 200, res.content
    assert res.json()["status"] == Status.PROVINCE_REVIEW
    assert not Course.objects.get(pk=application.course_id).is_published

    res = api(cast.province_admin).post(f"course-applications/{application.pk}/review", {"decision": "approve"})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == Status.APPROVED
    assert [(s["action"], s["authority"]) for s in body["steps"]] == [
        ("SUBMIT", "BASE"), ("FORWARD", "CITY"), ("APPROVE", "PROVINCE")]
    assert body["steps"][1]["opinion"] == "同意，报省厅"
    assert Course.objects.get(pk=application.course_id).is_published


def test_returned_application_is_edited_and_resubmitted_from_the_start(cast, api, ready):
    application = ready(cast.base_weinan, payload(title="基层护理", specialty="WS-HL", level="JUNIOR"))
    base = api(cast.base_weinan)
    base.post(f"course-applications/{application.pk}/submit")
    res = api(cast.admin_weinan).post(f"course-applications/{application.pk}/review",
                                      {"decision": "return", "opinion": "课程体系描述过简"})
    assert res.json()["status"] == Status.RETURNED
    assert base.get(f"course-applications/{application.pk}").json()["steps"][-1]["opinion"] == "课程体系描述过简"

    res = base.patch(f"course-applications/{application.pk}", {"aspects": "护理质量评价、风险防范、持续改进"})
    assert res.status_code == 200, res.content
    res = base.post(f"course-applications/{application.pk}/submit")
    assert res.json()["status"] == Status.CITY_REVIEW
    assert res.json()["round"] == 2


def test_return_and_reject_need_a_reason(cast, api, ready):
    application = ready()
    api(cast.base_provincial).post(f"course-applications/{application.pk}/submit")
    res = api(cast.province_admin).post(f"course-applications/{application.pk}/review", {"decision": "reject"})
    assert res.status_code == 422
    assert res.json()["code"] == "opinion_required"
    res = api(cast.province_admin).post(f"course-applications/{application.pk}/review",
                                        {"decision": "reject", "opinion": "内容与专业无关"})
    assert res.json()["status"] == Status.REJECTED
    assert ApplicationStep.objects.filter(application=application, action="REJECT").count() == 1
    assert not Course.objects.get(pk=application.course_id).is_published

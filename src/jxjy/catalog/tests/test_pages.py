"""The pages: learners browse and search; a base edits, uploads and submits; authorities review."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from jxjy.catalog.models import CheckStatus, Course, CourseApplication
from jxjy.catalog.tests.conftest import payload, set_check

pytestmark = pytest.mark.django_db

Status = CourseApplication.Status


@pytest.fixture
def published(cast, ready, api):
    application = ready()
    api(cast.base_provincial).post(f"course-applications/{application.pk}/submit")
    api(cast.province_admin).post(f"course-applications/{application.pk}/review", {"decision": "approve"})
    return Course.objects.get(pk=application.course_id)


def test_learner_browses_and_searches_the_catalog(cast, client, published):
    client.force_login(cast.learner_yanta)
    page = client.get("/courses/", {"q": "软件 工程", "category": "PROFESSIONAL"}).content.decode()
    assert "软件工程项目管理" in page
    assert f'href="/courses/{published.pk}/"' in page
    assert 'name="viewport"' in page
    page = client.get("/courses/", {"category": "PUBLIC"}).content.decode()
    assert "软件工程项目管理" not in page and "没有符合条件的课程" in page

    page = client.get(f"/courses/{published.pk}/").content.decode()
    assert "第8讲 项目管理专题8" in page and "中级" in page and "8学时" in page


def test_anonymous_visitor_may_browse_but_not_see_drafts(cast, client, ready):
    draft = ready()
    assert client.get("/courses/").status_code == 200
    assert client.get(f"/courses/{draft.course_id}/").status_code == 404


def test_base_creates_an_application_through_the_page(cast, client):
    client.force_login(cast.base_provincial)
    form = client.get("/course-applications/new/").content.decode()
    assert "合规合法性承诺" in form and "计算机与软件" in form
    res = client.post("/course-applications/new/", {
        "category": "PROFESSIONAL", "title": "数据库系统实务", "specialty": "GC-JSJ", "level": "SENIOR",
        "hours": "8", "teachers": "孙教授，教授，信息学院院长\n李工，高级工程师",
        "lectures": "\n".join(f"第{n}讲 数据库专题 | 孙教授" for n in range(1, 9)),
        "aspects": "建模、查询、优化", "outcomes": "数据库设计与调优", "pledge_accepted": "on",
        "contact_name": "周老师", "contact_phone": "029-1234567"})
    assert res.status_code == 302, res.content.decode()[:2000]
    application = CourseApplication.objects.get(course__title="数据库系统实务")
    assert res["Location"] == f"/course-applications/{application.pk}/"
    assert [t.title for t in application.teachers.all()] == ["教授", "高级工程师"]
    assert application.course.lectures.count() == 8

    page = client.get(res["Location"]).content.decode()
    # The upload's progress comes from the page's script (a static file: the CSP runs no inline one).
    assert "catalog/application.js" in page
    assert "xhr.upload.onprogress" in Path(finders.find("catalog/application.js")).read_text()
    assert f"/api/v1/course-applications/{application.pk}/lectures/1/video" in page
    assert f"/api/v1/course-applications/{application.pk}/preview" in page
    assert "第1讲尚未上传视频" in page  # what still stands in the way of submitting


def test_page_form_shows_service_errors_in_chinese(cast, client):
    client.force_login(cast.base_provincial)
    res = client.post("/course-applications/new/", {"category": "PROFESSIONAL", "title": "课程", "hours": "8",
                                                    "lectures": " | 无标题教师"})
    assert res.status_code == 200
    assert "请填写讲次标题" in res.content.decode()
    assert not CourseApplication.objects.exists()


def test_check_table_polls_only_while_a_check_runs(cast, client, ready):
    application = ready()
    client.force_login(cast.base_provincial)
    url = f"/course-applications/{application.pk}/checks/"
    assert "every 2s" not in client.get(url).content.decode()
    lecture = application.course.lectures.get(number=1)
    set_check(lecture, CheckStatus.RUNNING, None)
    type(lecture).objects.filter(pk=lecture.pk).update(check_progress=40)
    partial = client.get(url).content.decode()
    assert "every 2s" in partial and 'aria-valuenow="40"' in partial and "检查中" in partial
    # The submission box rides along, saying the checks still run.
    assert 'id="readiness" hx-swap-oob="true"' in partial and "部分课件仍在检查中" in partial
    page = client.get(f"/course-applications/{application.pk}/").content.decode()
    assert page.count('id="readiness"') == 1 and "hx-swap-oob" not in page


def test_check_findings_are_shown_to_the_base(cast, client, ready):
    application = ready()
    set_check(application.course.lectures.get(number=2), CheckStatus.FAIL, {
        "verdict": "fail", "rows": [{"rule": "frame_rate", "status": "fail", "measured": "30 fps",
                                     "required": "25 fps", "message": "帧率应为25帧/秒"}]})
    client.force_login(cast.base_provincial)
    page = client.get(f"/course-applications/{application.pk}/").content.decode()
    assert "帧率应为25帧/秒" in page and "30 fps" in page and "不通过" in page


def test_submit_and_review_through_the_pages(cast, client, ready):
    application = ready(cast.base_weinan, payload(title="基层护理", specialty="WS-HL", level="JUNIOR"))
    client.force_login(cast.base_weinan)
    res = client.post(f"/course-applications/{application.pk}/submit/", follow=True)
    assert "市人社局审核中" in res.content.decode()

    client.force_login(cast.admin_weinan)
    queue = client.get("/course-applications/").content.decode()
    assert "基层护理" in queue and "待我审核" in queue
    page = client.get(f"/course-applications/{application.pk}/").content.decode()
    assert 'name="decision"' in page
    res = client.post(f"/course-applications/{application.pk}/review/", {"decision": "approve", "opinion": "同意"})
    assert res.status_code == 302
    assert CourseApplication.objects.get(pk=application.pk).status == Status.PROVINCE_REVIEW

    client.force_login(cast.province_admin)
    res = client.post(f"/course-applications/{application.pk}/review/", {"decision": "approve"})
    application.refresh_from_db()
    assert application.status == Status.APPROVED and application.course.is_published


def test_refused_submission_shows_every_reason(cast, client, ready):
    application = ready(cast.base_provincial, payload(specialty="WS-HL"))
    client.force_login(cast.base_provincial)
    page = client.post(f"/course-applications/{application.pk}/submit/", follow=True).content.decode()
    assert "不在本基地认证的专业范围内" in page
    assert CourseApplication.objects.get(pk=application.pk).status == Status.DRAFT


def test_pages_may_not_be_used_out_of_scope(cast, client, ready):
    application = ready(cast.base_weinan, payload(title="基层护理", specialty="WS-HL", level="JUNIOR"))
    client.force_login(cast.base_weinan)
    client.post(f"/course-applications/{application.pk}/submit/")

    client.force_login(cast.learner_yanta)
    assert client.get("/course-applications/").status_code == 403
    assert client.get(f"/course-applications/{application.pk}/").status_code == 404
    client.force_login(cast.admin_xian)
    assert client.get(f"/course-applications/{application.pk}/").status_code == 404
    client.force_login(cast.province_admin)
    assert client.post(f"/course-applications/{application.pk}/review/",
                       {"decision": "approve"}).status_code == 409
    client.force_login(cast.base_weinan)
    assert client.post(f"/course-applications/{application.pk}/review/",
                       {"decision": "approve"}).status_code == 403
    assert client.get(f"/course-applications/{application.pk}/edit/").status_code == 302  # not editable now
    assert CourseApplication.objects.get(pk=application.pk).status == Status.CITY_REVIEW


def test_dashboard_panels(cast, client, published, ready):
    client.force_login(cast.learner_yanta)
    page = client.get("/dashboard/").content.decode()
    assert "浏览课程目录" in page and "共有1门网络课程开放学习" in page
    ready(cast.base_weinan, payload(title="基层护理", specialty="WS-HL", level="JUNIOR"))
    client.force_login(cast.base_weinan)
    assert "我的开课申请" in client.get("/dashboard/").content.decode()
    client.force_login(cast.province_admin)
    assert "审核队列" in client.get("/dashboard/").content.decode()

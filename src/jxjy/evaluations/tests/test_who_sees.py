"""A base reads its own courses' evaluations without names; only the province sees who wrote
which; other bases, city bureaus and learners read no single evaluations."""

import pytest

from jxjy.evaluations.services import evaluation_submit

from .conftest import completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(cast, course, weinan_course, clock):
    evaluation_submit(actor=cast.learner_yanta, enrolment=completed(cast.learner_yanta, course),
                      scores={"overall": 5, "content": 5, "teaching": 4, "video": 4}, comment="讲得好")
    clock.advance(60)
    evaluation_submit(actor=cast.learner_baishui, enrolment=completed(cast.learner_baishui, weinan_course),
                      scores={"overall": 2, "content": 2, "teaching": 2, "video": 2}, comment="视频卡顿")


def test_a_base_reads_its_own_courses_evaluations_without_names(cast, api, course, evaluated):
    r = api(cast.base_provincial).get("evaluations")
    body = r.json()
    assert [i["comment"] for i in body["items"]] == ["讲得好"]
    assert "learner" not in body["items"][0]
    assert "李雁塔" not in r.content.decode() and "张白水" not in r.content.decode()
    assert body["courses"] == [{"course_id": course.pk, "title": course.title, "count": 1,
                                "averages": {"overall": 5.0, "content": 5.0, "teaching": 4.0, "video": 4.0}}]


def test_the_province_sees_who_wrote_each_evaluation(cast, api, evaluated):
    items = api(cast.province_admin).get("evaluations").json()["items"]
    assert [(i["learner"]["name"], i["comment"]) for i in items] == [("张白水", "视频卡顿"), ("李雁塔", "讲得好")]


@pytest.mark.parametrize("who", ["admin_xian", "learner_yanta", "employer_yanta"])
def test_others_read_no_single_evaluations(cast, api, evaluated, who):
    r = api(getattr(cast, who)).get("evaluations")
    assert r.status_code == 403 and r.json()["code"] == "evaluations_forbidden"


def test_the_base_page_names_nobody_and_the_provinces_page_does(cast, client, evaluated):
    client.force_login(cast.base_provincial)
    page = client.get("/evaluations/").content.decode()
    assert "讲得好" in page and "视频卡顿" not in page and "李雁塔" not in page
    client.force_login(cast.province_admin)
    page = client.get("/evaluations/").content.decode()
    assert "李雁塔" in page and "张白水" in page
    client.force_login(cast.admin_weinan)
    assert client.get("/evaluations/").status_code == 403

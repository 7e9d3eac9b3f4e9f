"""The demo data: a published course with generated videos, and non-empty review queues."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from jxjy.catalog import demo, integrations
from jxjy.catalog.models import Course, CourseApplication

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_published_course_and_queues_once(cast, api, seams):
    demo.seed(cast, io.StringIO())
    course = Course.objects.get(title=demo.DEMO_COURSE_TITLE, base=cast.provincial_base)
    assert course.is_published and course.published_at is not None
    assert (course.category, course.specialty.code, course.level, course.hours) == (
        "PROFESSIONAL", "GC-JSJ", "INTERMEDIATE", 8)
    lectures = list(course.lectures.all())
    assert [lec.number for lec in lectures] == list(range(1, 9))
    if integrations.check_available():
        for lecture in lectures:
            assert Path(lecture.video.path).is_file()
            assert 0 < lecture.duration < 60
            assert lecture.check_report["rows"]
        assert Path(course.preview_video.path).is_file()
    listed = api().get("courses", q="软件工程").json()
    assert [c["title"] for c in listed] == [demo.DEMO_COURSE_TITLE]

    queue = api(cast.admin_weinan).get("course-applications", queue="true").json()
    assert [a["course"]["title"] for a in queue] == [demo.DEMO_CITY_APPLICATION_TITLE]
    queue = api(cast.province_admin).get("course-applications", queue="true").json()
    assert [a["course"]["title"] for a in queue] == [demo.DEMO_PROVINCE_APPLICATION_TITLE]

    counts = (Course.objects.count(), CourseApplication.objects.count())
    demo.seed(cast, io.StringIO())
    assert (Course.objects.count(), CourseApplication.objects.count()) == counts

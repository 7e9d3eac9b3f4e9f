import pytest
from django.core.files.base import ContentFile

from jxjy.catalog.models import Category, Course, Lecture

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course = Course.objects.create(base=cast.provincial_base, category=Category.PROFESSIONAL, title="视频访问测试",
                                   hours=8, status=Course.Status.PUBLISHED)
    course.preview_video.save("preview.mp4", ContentFile(b"0123456789" * 100))
    lecture = Lecture.objects.create(course=course, number=1, title="第一讲")
    lecture.video.save("l1.mp4", ContentFile(b"abcdefghij" * 100))
    return course


def test_anyone_may_watch_a_published_preview_and_seek_in_it(client, course):
    res = client.get(f"/courses/{course.pk}/preview.mp4", HTTP_RANGE="bytes=10-19")
    assert res.status_code == 206
    assert b"".join(res.streaming_content) == b"0123456789"
    assert res["Content-Range"] == "bytes 10-19/1000"
    whole = client.get(f"/courses/{course.pk}/preview.mp4")
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"


def test_a_range_past_the_end_is_416(client, course):
    assert client.get(f"/courses/{course.pk}/preview.mp4", HTTP_RANGE="bytes=5000-").status_code == 416


def test_uploaded_files_have_no_public_media_path(client, course):
    assert client.get("/media/" + course.preview_video.name).status_code == 404


def test_the_base_watches_its_lecture_video_but_a_learner_may_not_here(client, cast, course):
    client.force_login(cast.base_provincial)
    assert client.get(f"/courses/{course.pk}/lectures/1/video").status_code == 200
    client.force_login(cast.learner_yanta)
    assert client.get(f"/courses/{course.pk}/lectures/1/video").status_code == 404
    client.force_login(cast.base_weinan)
    res = client.get(f"/courses/{course.pk}/lectures/1/video")
    assert res.status_code == 404


def test_a_draft_course_preview_is_hidden_from_the_public(client, cast, course):
    Course.objects.filter(pk=course.pk).update(status=Course.Status.DRAFT)
    assert client.get(f"/courses/{course.pk}/preview.mp4").status_code == 404

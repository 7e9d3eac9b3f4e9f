"""Lecture and preview uploads stream to storage; the spec check runs as a background task and
its report is stored where the base sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.catalog import integrations, services
from jxjy.catalog.models import CheckStatus, Course, CourseApplication, Lecture
from jxjy.catalog.tests.conftest import fail_report, pass_report, payload, set_check

pytestmark = pytest.mark.django_db

Status = CourseApplication.Status


@pytest.fixture
def draft(cast, api):
    res = api(cast.base_provincial).post("course-applications", payload())
    assert res.status_code == 201, res.content
    return CourseApplication.objects.get(pk=res.json()["id"])


def upload(api, user, path: str, content: bytes, name: str = "lecture.mp4"):
    return api(user).post(path, {}, files={"file": SimpleUploadedFile(name, content, content_type="video/mp4")})


@pytest.mark.skipif(not integrations.check_available(), reason="the courseware check is not installed")
def test_uploaded_video_is_checked_in_the_background_and_the_report_stored(cast, api, draft, tmp_path,
                                                                          django_capture_on_commit_callbacks):
    from jxjy.courseware.testvideos import make_video

    video = make_video(tmp_path / "in.mp4", seconds=2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        res = upload(api, cast.base_provincial, f"course-applications/{draft.pk}/lectures/1/video",
                     video.read_bytes())
    assert res.status_code == 200, res.content
    assert res.json()["check"]["status"] == CheckStatus.PENDING  # answered before the check ran
    assert len(callbacks) == 1

    checks = api(cast.base_provincial).get(f"course-applications/{draft.pk}/checks").json()
    first = checks["lectures"][0]
    assert first["status"] == CheckStatus.FAIL and first["progress"] == 100
    assert first["duration"] == pytest.approx(2.0, abs=0.1)
    rows = {r["rule"]: r for r in first["report"]["rows"]}
    assert rows["video_codec"]["status"] == "pass"
    assert rows["duration"]["status"] == "fail"  # two seconds is no lecture
    assert checks["lectures"][1]["status"] is None

    with django_capture_on_commit_callbacks(execute=True):
        res = upload(api, cast.base_provincial, f"course-applications/{draft.pk}/preview", video.read_bytes(),
                     "preview.mp4")
    assert res.status_code == 200, res.content
    course = Course.objects.get(pk=draft.course_id)
    assert course.preview_check_status == CheckStatus.PASS
    assert course.preview_check_report["role"] == "preview"
    assert Path(course.preview_video.path).exists()


@pytest.mark.skipif(not integrations.check_available(), reason="the courseware check is not installed")
def test_text_renamed_mp4_fails_with_a_chinese_message(cast, api, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        res = upload(api, cast.base_provincial, f"course-applications/{draft.pk}/lectures/2/video",
                     "这不是视频\n".encode() * 50)
    assert res.status_code == 200
    lecture = Lecture.objects.get(course=draft.course, number=2)
    assert lecture.check_status == CheckStatus.FAIL
    assert lecture.check_report["readable"] is False
    assert lecture.check_report["rows"][0]["message"]


def test_the_base_sees_the_check_running_with_its_progress(cast, api, draft, seams, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    seen = {}

    def check_file(path, rules, *, role, deep=False, progress=None):
        progress(0.5)
        seen["during"] = api(cast.base_provincial).get(f"course-applications/{draft.pk}/checks").json()["lectures"][0]
        return pass_report(3600.0)

    monkeypatch.setattr(integrations, "check_file", check_file)
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, cast.base_provincial, f"course-applications/{draft.pk}/lectures/1/video", b"x" * 1000)
    assert seen["during"]["status"] == CheckStatus.RUNNING
    assert seen["during"]["progress"] == 50
    lecture = Lecture.objects.get(course=draft.course, number=1)
    assert (lecture.check_status, lecture.check_progress, lecture.duration) == (CheckStatus.PASS, 100, 3600.0)


def test_large_uploads_stream_to_a_temporary_file_and_are_moved(cast, api, draft, settings, monkeypatch,
                                                                seams):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    kinds = []
    real = services._store_upload

    def spy(obj, field_name, upload_file, folder):
        kinds.append(hasattr(upload_file, "temporary_file_path"))
        kinds.append(upload_file.temporary_file_path() if kinds[-1] else "")
        return real(obj, field_name, upload_file, folder)

    monkeypatch.setattr(services, "_store_upload", spy)
    content = b"\x00\x01" * 64 * 1024
    res = upload(api, cast.base_provincial, f"course-applications/{draft.pk}/lectures/1/video", content)
    assert res.status_code == 200, res.content
    assert kinds[0] is True
    assert not Path(kinds[1]).exists()  # moved into storage, not copied through memory
    lecture = Lecture.objects.get(course=draft.course, number=1)
    assert Path(lecture.video.path).read_bytes() == content
    assert lecture.video.name.startswith(f"courseware/lectures/{draft.course_id}/")


def test_replacing_a_video_deletes_the_old_file_and_resets_the_check(cast, api, draft, seams,
                                                                     django_capture_on_commit_callbacks):
    seams.file_report = fail_report()
    url = f"course-applications/{draft.pk}/lectures/1/video"
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, cast.base_provincial, url, b"first")
    old = Path(Lecture.objects.get(course=draft.course, number=1).video.path)
    assert old.exists()
    seams.file_report = pass_report()
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, cast.base_provincial, url, b"second")
    lecture = Lecture.objects.get(course=draft.course, number=1)
    assert not old.exists()
    assert Path(lecture.video.path).read_bytes() == b"second"
    assert lecture.check_status == CheckStatus.PASS


def test_a_late_report_of_a_replaced_file_is_dropped(cast, api, draft, seams):
    url = f"course-applications/{draft.pk}/lectures/1/video"
    upload(api, cast.base_provincial, url, b"first")  # checks not run: no commit in this test
    first = Lecture.objects.get(course=draft.course, number=1).video.name
    upload(api, cast.base_provincial, url, b"second")
    seams.file_report = pass_report()
    lecture = Lecture.objects.get(course=draft.course, number=1)
    assert services.attachment_check_run(kind="lecture", object_id=lecture.pk, name=first) == ""
    lecture.refresh_from_db()
    assert lecture.check_status == CheckStatus.PENDING


def test_empty_file_is_refused_and_nothing_stored(cast, api, draft, media):
    res = upload(api, cast.base_provincial, f"course-applications/{draft.pk}/lectures/1/video", b"")
    assert res.status_code in (400, 422)
    lecture = Lecture.objects.get(course=draft.course, number=1)
    assert not lecture.video
    assert not any(p.is_file() for p in Path(media).rglob("*")) if Path(media).exists() else True


def test_uploads_may_not_go_to_another_base_unknown_lecture_or_submitted_application(cast, api, draft, ready, media):
    res = upload(api, cast.base_weinan, f"course-applications/{draft.pk}/lectures/1/video", b"x")
    assert res.status_code == 404
    res = upload(api, cast.province_admin, f"course-applications/{draft.pk}/preview", b"x")
    assert res.status_code == 404  # a draft never submitted is not the province's
    res = upload(api, cast.base_provincial, f"course-applications/{draft.pk}/lectures/99/video", b"x")
    assert res.status_code == 404

    submitted = ready()
    assert api(cast.base_provincial).post(f"course-applications/{submitted.pk}/submit").status_code == 200
    before = {p for p in Path(media).rglob("*") if p.is_file()}
    res = upload(api, cast.base_provincial, f"course-applications/{submitted.pk}/lectures/1/video", b"x")
    assert res.status_code == 409
    assert {p for p in Path(media).rglob("*") if p.is_file()} == before


def test_submission_waits_for_running_checks_then_moves_on(cast, api, ready, seams):
    application = ready()
    lecture = application.course.lectures.get(number=2)
    set_check(lecture, CheckStatus.RUNNING, None)
    res = api(cast.base_provincial).post(f"course-applications/{application.pk}/submit")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == Status.SUBMITTED

    seams.file_report = pass_report()
    monkey_check = services.attachment_check_run(kind="lecture", object_id=lecture.pk, name=lecture.video.name)
    assert monkey_check == CheckStatus.PASS
    application.refresh_from_db()
    assert application.status == Status.PROVINCE_REVIEW
    assert application.steps.last().action == "CHECKS_PASSED"


def test_submission_with_a_check_that_then_fails_comes_back_with_the_reason(cast, api, ready, seams):
    application = ready()
    lecture = application.course.lectures.get(number=5)
    set_check(lecture, CheckStatus.PENDING, None)
    api(cast.base_provincial).post(f"course-applications/{application.pk}/submit")
    seams.file_report = fail_report("frame_rate", "30 fps")
    services.attachment_check_run(kind="lecture", object_id=lecture.pk, name=lecture.video.name)
    application.refresh_from_db()
    assert application.status == Status.RETURNED
    step = application.steps.last()
    assert step.action == "CHECKS_FAILED" and "5" in step.opinion
    assert api(cast.base_provincial).patch(f"course-applications/{application.pk}", {"title": "新名"}).status_code == 200

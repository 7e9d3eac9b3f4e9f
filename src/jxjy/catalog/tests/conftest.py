"""Helpers for the catalog tests: a filled-in application, attached files with stored check
reports, and fakes for the other apps' seams (spec check, question bank)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from jxjy.catalog import integrations
from jxjy.catalog.models import CheckStatus, Course, CourseApplication, Lecture


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


class Seams:
    """The fakes standing in for the courseware check and the question banks."""

    def __init__(self) -> None:
        self.bank: dict[str, Any] | None = {"ok": True, "counts": {}, "required": {}, "missing": {}}
        self.course_report: dict[str, Any] | None = None
        self.file_report: dict[str, Any] | None = None
        self.checked: list[tuple[str, str]] = []

    def check_file(self, path: Any, rules: dict, *, role: str, deep: bool = False, progress: Any = None) -> Any:
        """The fixed `file_report` when a test set one, else the real check."""
        self.checked.append((str(path), role))
        if self.file_report is None:
            return _real_check_file(path, rules, role=role, deep=deep, progress=progress)
        if progress is not None:
            progress(0.5)
        return self.file_report


_real_check_file = integrations.check_file


@pytest.fixture(autouse=True)
def seams(monkeypatch: Any) -> Seams:
    fake = Seams()
    monkeypatch.setattr(integrations, "check_file", fake.check_file)
    monkeypatch.setattr(integrations, "bank_status", lambda *, course, exam_rules: fake.bank)
    monkeypatch.setattr(integrations, "check_course", lambda reports, rules, *, category, hours: fake.course_report)
    return fake


def pass_report(duration: float = 3600.0) -> dict[str, Any]:
    return {"verdict": "pass", "duration": duration, "width": 1280, "height": 720,
            "rows": [{"rule": "video_codec", "status": "pass", "measured": "h264", "required": "h264"}]}


def fail_report(rule: str = "video_codec", measured: str = "hevc") -> dict[str, Any]:
    return {"verdict": "fail", "duration": 3600.0, "width": 1280, "height": 720,
            "rows": [{"rule": rule, "status": "fail", "measured": measured, "required": "h264",
                       "message": "视频编码应为H.264"}]}


def payload(**changes: Any) -> dict[str, Any]:
    """A complete professional course application of 8 hours (the 2020 classes include 8)."""
    data: dict[str, Any] = {
        "category": "PROFESSIONAL", "title": "软件工程项目管理", "specialty": "GC-JSJ", "level": "INTERMEDIATE",
        "hours": 8, "description": "面向软件企业项目经理的项目管理课程",
        "aspects": "项目立项、需求管理、进度管理、质量管理", "aspect_count": 4,
        "content_summary": "典型案例与常用工具", "outcomes": "软件项目全过程管理的方法",
        "pledge_accepted": True, "contact_name": "王联系", "contact_phone": "029-88886666",
        "contact_email": "kc@example.com", "applicant_opinion": "同意申报",
        "teachers": [{"name": "赵教授", "title": "教授", "post": "软件学院院长"},
                     {"name": "钱工", "title": "高级工程师", "post": "项目总监"}],
        "lectures": [{"number": n, "title": f"第{n}讲 项目管理专题{n}", "teacher": "赵教授"} for n in range(1, 9)],
    }
    data.update(changes)
    return data


def public_payload(**changes: Any) -> dict[str, Any]:
    lectures = [{"number": n, "title": f"第{n}讲", "teacher": "孙老师", "patriotic": n <= 4} for n in range(1, 25)]
    data = {"category": "PUBLIC", "title": "弘扬延安精神、坚定理想信念", "specialty": None, "level": None,
            "hours": 24, "lectures": lectures}
    data.update(changes)
    return payload(**data)


def attach_files(application: CourseApplication, report: dict[str, Any] | None = None) -> None:
    """Stored files whose checks have passed, as after real uploads and checks."""
    course = application.course
    for lecture in course.lectures.all():
        lecture.video.save(f"l{lecture.number}.mp4", ContentFile(b"video"), save=False)
        lecture.check_status = CheckStatus.PASS
        lecture.check_report = report or pass_report()
        lecture.save()
    course.preview_video.save("preview.mp4", ContentFile(b"preview"), save=False)
    course.preview_check_status = CheckStatus.PASS
    course.preview_check_report = pass_report(120.0)
    course.save()


def set_check(lecture: Lecture | Course, status: str, report: dict[str, Any] | None) -> None:
    if isinstance(lecture, Lecture):
        Lecture.objects.filter(pk=lecture.pk).update(check_status=status, check_report=report)
    else:
        Course.objects.filter(pk=lecture.pk).update(preview_check_status=status, preview_check_report=report)


@pytest.fixture
def ready(cast: Any, api: Any) -> Any:
    """`ready(user, payload)` → a created application (via the API) with passed files attached."""

    def make(user: Any = None, data: dict[str, Any] | None = None) -> CourseApplication:
        user = user or cast.base_provincial
        res = api(user).post("course-applications", data or payload())
        assert res.status_code == 201, res.content
        application = CourseApplication.objects.get(pk=res.json()["id"])
        attach_files(application)
        return application

    return make

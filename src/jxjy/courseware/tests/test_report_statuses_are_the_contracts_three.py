"""The API contract: a row's status is "pass", "warn" or "fail", nothing else, in every report."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.courseware.spec import Row, check_course, check_file

from .test_check_command import run

pytestmark = pytest.mark.django_db

CONTRACT = {"pass", "warn", "fail"}


def all_rows(data):
    """Every row of a file report dict or a course report dict."""
    if "files" in data:
        return [row for f in data["files"] for row in f["rows"]] + data["course_rows"]
    return data["rows"]


def test_every_status_of_a_full_course_report_is_one_of_the_three(short_plan, video, tmp_path):
    folder = tmp_path / "course"
    folder.mkdir()
    shutil.copy(video(), folder / "第1讲.mp4")
    shutil.copy(video(fps=30, channels=1, interlaced=True, video_kbps=400), folder / "第2讲.mp4")  # broken
    shutil.copy(video(seconds=2), folder / "preview.mp4")
    for deep in ([], ["--deep"]):
        code, text = run(folder, "--hours", "2", "--json", *deep)
        data = json.loads(text)
        assert code == 1
        statuses = {row["status"] for row in all_rows(data)}
        assert statuses <= CONTRACT, statuses
        assert {"pass", "warn", "fail"} <= statuses  # the broken lecture really was judged
        assert {f["verdict"] for f in data["files"]} == {"pass", "fail"}


@pytest.mark.parametrize("broken", [False, True], ids=["compliant", "broken"])
def test_every_status_of_the_api_report_is_one_of_the_three(cast, api, short_plan, video, broken):
    path = video(audio=False) if broken else video()
    for deep in ("false", "true"):
        res = api(cast.base_weinan).post("courseware/check", {"deep": deep}, files={
            "file": SimpleUploadedFile("第1讲.mp4", Path(path).read_bytes(), content_type="video/mp4")})
        assert res.status_code == 200, res.content
        body = res.json()
        assert {row["status"] for row in body["rows"]} <= CONTRACT
        assert body["verdict"] == ("fail" if broken else "pass")


def test_an_unreadable_file_reports_within_the_three(short_rules, tmp_path):
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    assert {row["status"] for row in check_file(empty, short_rules).to_dict()["rows"]} == {"fail"}


def test_a_report_stored_with_the_old_info_status_is_read_as_a_note(video, short_rules):
    # The catalog rebuilds rows from reports it stored earlier; "info" must not reach a verdict.
    row = Row("subtitles", "info", "无", "鼓励", "")
    assert (row.status, row.judged) == ("pass", False)
    lecture = check_file(video(), short_rules)
    lecture.rows.append(row)
    assert lecture.verdict == "pass"
    course = check_course([lecture], short_rules, category="PROFESSIONAL", hours=1)
    assert {r["status"] for r in course.to_dict()["course_rows"]} <= CONTRACT

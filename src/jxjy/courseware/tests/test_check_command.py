import io
import json
import shutil

import pytest
from django.core.management import call_command

from jxjy.courseware.testvideos import make_text_file

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    try:
        call_command("check_courseware", *[str(a) for a in args], stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_a_compliant_file_exits_0(short_plan, video):
    code, text = run(video())
    assert code == 0
    assert "合格" in text and "所有规则均未判定为不合格" in text


def test_a_file_failing_a_rule_exits_1(short_plan, video):
    code, text = run(video(fps=30))
    assert code == 1
    assert "帧率为 30 fps" in text


def test_an_unreadable_file_exits_2_even_beside_a_good_one(short_plan, video, tmp_path):
    code, text = run(video(), make_text_file(tmp_path / "x.mp4"))
    assert code == 2
    assert "文本文件" in text


def test_the_rules_come_from_the_current_plan(cast, video):
    # Without the short plan, the 2020 plan's 55-65 minutes fail a 3-second lecture.
    code, text = run(video())
    assert code == 1 and "55–65 分钟" in text


def test_json_output_is_the_report_dict(short_plan, video):
    code, text = run(video(), "--json")
    data = json.loads(text)
    assert code == 0
    assert data["verdict"] == "pass" and data["role"] == "lecture"
    assert {r["rule"] for r in data["rows"]} >= {"video_codec", "frame_rate", "duration"}


def test_role_preview_checks_the_preview_limit(short_plan, video):
    code, text = run(video(seconds=5), "--role", "preview", "--json")
    data = json.loads(text)
    assert code == 1
    duration = next(r for r in data["rows"] if r["rule"] == "duration")
    assert duration["status"] == "fail" and "不超过" in duration["required"]


def _course_folder(tmp_path, video, lectures, preview=True):
    folder = tmp_path / "course"
    folder.mkdir()
    for n in range(1, lectures + 1):
        shutil.copy(video(), folder / f"第{n}讲.mp4")
    if preview:
        shutil.copy(video(seconds=2), folder / "preview.mp4")
    (folder / "说明.txt").write_text("课程说明", encoding="utf-8")
    return folder


def test_a_folder_is_checked_as_a_course(short_plan, video, tmp_path):
    folder = _course_folder(tmp_path, video, lectures=8)
    code, text = run(folder, "--json")
    data = json.loads(text)
    assert code == 0, data["course_rows"]
    assert len(data["files"]) == 9
    assert [f["role"] for f in data["files"]].count("preview") == 1
    assert {r["rule"] for r in data["course_rows"]} >= {"lecture_count", "same_resolution", "preview"}


def test_a_folder_whose_lectures_do_not_match_the_hours_exits_1(short_plan, video, tmp_path):
    folder = _course_folder(tmp_path, video, lectures=8)
    code, text = run(folder, "--hours", "16")
    assert code == 1
    assert "16 学时的课程应有 16 个" in text


def test_a_public_course_folder_needs_the_public_lecture_number(short_plan, video, tmp_path):
    folder = _course_folder(tmp_path, video, lectures=2)
    code, text = run(folder, "--category", "public", "--json")
    data = json.loads(text)
    assert code == 1
    assert next(r for r in data["course_rows"] if r["rule"] == "lecture_count")["required"] == "24"


def test_a_folder_without_preview_fails(short_plan, video, tmp_path):
    folder = _course_folder(tmp_path, video, lectures=1, preview=False)
    code, text = run(folder)
    assert code == 1 and "缺少预告片" in text


def test_the_text_output_marks_rows_not_judged(short_plan, video):
    code, text = run(video())
    assert code == 0
    opening = next(line for line in text.splitlines() if "片头" in line)
    assert opening.lstrip().startswith("? [待人工核查]") and "审核人员" in opening
    subtitles = next(line for line in text.splitlines() if "字幕" in line)
    assert subtitles.lstrip().startswith("· [提示]")

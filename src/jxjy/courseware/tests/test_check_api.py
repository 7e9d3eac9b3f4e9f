import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.courseware.testvideos import make_text_file

pytestmark = pytest.mark.django_db


def upload(path, name=None):
    return SimpleUploadedFile(name or Path(path).name, Path(path).read_bytes(), content_type="video/mp4")


def leftovers():
    return set(Path(tempfile.gettempdir()).glob("jxjy-cw-*"))


def test_a_base_admin_gets_the_report_of_an_uploaded_video(cast, api, short_plan, video):
    before = leftovers()
    res = api(cast.base_weinan).post("courseware/check", {}, files={"file": upload(video(), "第1讲.mp4")})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["file"] == "第1讲.mp4"
    assert body["role"] == "lecture" and body["verdict"] == "pass"
    assert {r["rule"] for r in body["rows"]} >= {"container", "video_bitrate", "audio_channels"}
    assert leftovers() == before


def test_province_and_city_admins_may_check(cast, api, short_plan, video):
    for user in (cast.province_admin, cast.admin_xian):
        res = api(user).post("courseware/check", {}, files={"file": upload(video())})
        assert res.status_code == 200


def test_a_learner_may_not_call_the_check(cast, api, short_plan, video):
    res = api(cast.learner_baishui).post("courseware/check", {}, files={"file": upload(video())})
    assert res.status_code == 403
    assert res.json()["code"] == "courseware_check_forbidden"
    assert "管理员" in res.json()["message"]


def test_an_employer_reviewer_may_not_call_the_check(cast, api, short_plan, video):
    res = api(cast.employer_baishui).post("courseware/check", {}, files={"file": upload(video())})
    assert res.status_code == 403


def test_an_anonymous_caller_is_asked_to_sign_in(cast, api, video):
    res = api().post("courseware/check", {}, files={"file": upload(video())})
    assert res.status_code == 401


def test_a_preview_role_and_deep_check_are_form_fields(cast, api, short_plan, video):
    res = api(cast.base_provincial).post("courseware/check", {"role": "preview", "deep": "true"},
                                         files={"file": upload(video(seconds=2))})
    body = res.json()
    assert body["role"] == "preview"
    peak = next(r for r in body["rows"] if r["rule"] == "audio_peak")
    assert peak["status"] == "pass" and "dBFS" in peak["measured"]


def test_an_unknown_role_is_rejected(cast, api, short_plan, video):
    res = api(cast.base_provincial).post("courseware/check", {"role": "trailer"}, files={"file": upload(video())})
    assert res.status_code == 422
    assert res.json()["code"] == "courseware_role_invalid"


def test_a_broken_upload_gives_a_failing_report_in_chinese_not_an_error(cast, api, short_plan, tmp_path):
    before = leftovers()
    text = make_text_file(tmp_path / "lecture.mp4")
    res = api(cast.base_provincial).post("courseware/check", {}, files={"file": upload(text)})
    assert res.status_code == 200
    body = res.json()
    assert body["verdict"] == "fail" and body["readable"] is False
    assert "文本文件" in body["rows"][0]["message"]
    assert leftovers() == before


def test_a_request_without_a_file_is_a_validation_error(cast, api, short_plan):
    res = api(cast.base_provincial).post("courseware/check", {"role": "lecture"}, files={})
    assert res.status_code == 422
    assert res.json()["code"] == "validation_failed"

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.courseware import services
from jxjy.courseware.testvideos import make_text_file

pytestmark = pytest.mark.django_db


def upload(path, name=None):
    return SimpleUploadedFile(name or Path(path).name, Path(path).read_bytes(), content_type="video/mp4")


@pytest.fixture
def upload_dir(settings, tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def test_a_base_admin_gets_the_report_of_an_uploaded_video(cast, api, short_plan, video, upload_dir):
    res = api(cast.base_weinan).post("courseware/check", {}, files={"file": upload(video(), "第1讲.mp4")})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["file"] == "第1讲.mp4"
    assert body["role"] == "lecture" and body["verdict"] == "pass"
    assert {r["rule"] for r in body["rows"]} >= {"container", "video_bitrate", "audio_channels"}
    assert list(upload_dir.iterdir()) == []


def test_a_large_upload_is_spooled_to_disk_checked_in_place_and_removed(cast, api, short_plan, video, upload_dir,
                                                                         settings, monkeypatch):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    checked = []
    real_check = services.check_file
    monkeypatch.setattr(services, "check_file", lambda path, *a, **kw: checked.append(str(path)) or real_check(
        path, *a, **kw))
    res = api(cast.base_weinan).post("courseware/check", {}, files={"file": upload(video(), "第2讲.mp4")})
    assert res.status_code == 200
    # Django's own spooled file, not a second copy.
    assert len(checked) == 1 and checked[0].startswith(str(upload_dir)) and ".upload" in checked[0]
    assert res.json()["verdict"] == "pass" and res.json()["file"] == "第2讲.mp4"
    assert list(upload_dir.iterdir()) == []


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


def test_a_broken_upload_gives_a_failing_report_in_chinese_not_an_error(cast, api, short_plan, tmp_path, upload_dir):
    text = make_text_file(tmp_path / "lecture.mp4")
    res = api(cast.base_provincial).post("courseware/check", {}, files={"file": upload(text)})
    assert res.status_code == 200
    body = res.json()
    assert body["verdict"] == "fail" and body["readable"] is False
    assert "文本文件" in body["rows"][0]["message"]
    assert list(upload_dir.iterdir()) == []


def test_a_request_without_a_file_is_a_validation_error(cast, api, short_plan):
    res = api(cast.base_provincial).post("courseware/check", {"role": "lecture"}, files={})
    assert res.status_code == 422
    assert res.json()["code"] == "validation_failed"

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jxjy.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_base_admin_uploads_a_video_and_sees_the_report(cast, short_plan, video):
    client = signed_in(cast.base_weinan)
    assert client.get("/courseware/check/").status_code == 200
    data = {"file": SimpleUploadedFile("第1讲.mp4", Path(video(fps=30)).read_bytes()), "role": "lecture"}
    res = client.post("/courseware/check/", data)
    html = res.content.decode()
    assert res.status_code == 200
    assert "第1讲.mp4" in html and "帧率为 30 fps" in html and "不合格" in html


def test_htmx_gets_only_the_report(cast, short_plan, video):
    client = signed_in(cast.base_weinan)
    data = {"file": SimpleUploadedFile("a.mp4", Path(video()).read_bytes()), "role": "lecture"}
    html = client.post("/courseware/check/", data, headers={"HX-Request": "true"}).content.decode()
    assert "合格" in html and "<html" not in html


def test_a_learner_may_not_open_the_check_page(cast, short_plan):
    res = signed_in(cast.learner_yanta).get("/courseware/check/")
    assert res.status_code == 403


def test_the_dashboard_links_admins_to_the_check(cast, short_plan):
    html = signed_in(cast.base_weinan).get("/dashboard/").content.decode()
    assert "/courseware/check/" in html
    html = signed_in(cast.learner_yanta).get("/dashboard/").content.decode()
    assert "/courseware/check/" not in html


def test_rows_not_judged_show_as_notes_not_as_passes(cast, short_plan, video):
    client = signed_in(cast.base_weinan)
    data = {"file": SimpleUploadedFile("a.mp4", Path(video()).read_bytes()), "role": "lecture"}
    html = client.post("/courseware/check/", data, headers={"HX-Request": "true"}).content.decode()
    rows = html.split('<li class="cw-row')[1:]
    assert any('data-judged="false"' in row for row in rows)
    assert 'data-status="info"' not in html
    assert "待人工核查" in html and "提示" in html
    assert "片头时长无法从文件自动测定" in html  # the reviewer's task is spelled out
    for row in rows:
        if 'data-judged="false"' in row:
            assert 'badge ok' not in row, row

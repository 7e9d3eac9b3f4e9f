"""Attendance imported from an Excel sheet: every row error reported at once, nothing stored."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jxjy.conftest import PASSWORD
from jxjy.core.tests.xlsx_files import far_row, zip_bomb
from jxjy.learning.models import SessionRegistration

from .sessions import pay, schedule

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(rows, header=("报名编号", "姓名", "身份证号", "出勤")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("attendance.xlsx", out.getvalue(), content_type=XLSX)


@pytest.fixture
def session(cast, api, clock, django_capture_on_commit_callbacks):
    sid = schedule(api, cast, capacity=3)["id"]
    regs = []
    for user in (cast.learner_baishui, cast.learner_yanta):
        rid = api(user).post(f"in-person-sessions/{sid}/registrations").json()["id"]
        pay(user, rid, django_capture_on_commit_callbacks)
        regs.append(rid)
    clock.set(dt.datetime(2020, 6, 10, 9, 0))
    return sid, regs


def test_the_downloaded_sheet_filled_in_is_imported(cast, api, session):
    sid, (baishui, yanta) = session
    res = api(cast.base_weinan).get(f"in-person-sessions/{sid}/attendance-sheet")
    assert res.status_code == 200 and res["Content-Type"] == XLSX
    ws = load_workbook(io.BytesIO(res.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "报名编号" and len(rows) == 3
    assert cast.learner_baishui.learner.id_number not in str(rows)  # ID numbers are masked
    filled = [(r[0], r[1], r[2], "是" if r[0] == baishui else "否") for r in rows[1:]]
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance-import", {},
                                     files={"file": sheet(filled)})
    assert res.status_code == 200, res.content
    assert res.json() == {"recorded": 2}
    assert SessionRegistration.objects.get(pk=baishui).attended is True
    assert SessionRegistration.objects.get(pk=yanta).attended is False


def test_rows_may_name_the_learner_by_full_id_number(cast, api, session):
    sid, (baishui, _yanta) = session
    number = cast.learner_baishui.learner.id_number
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance-import", {},
                                     files={"file": sheet([("", "张白水", number, "√")])})
    assert res.status_code == 200, res.content
    assert SessionRegistration.objects.get(pk=baishui).attended is True


def test_every_row_error_is_reported_in_chinese_and_nothing_is_stored(cast, api, session):
    sid, (baishui, yanta) = session
    rows = [(baishui, "张白水", "", "是"), (99999, "", "", "是"), (yanta, "王五", "", "是"),
            (baishui, "", "", "也许"), ("", "", "", "是"), (baishui, "", "", "否")]
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance-import", {}, files={"file": sheet(rows)})
    assert res.status_code == 422
    body = res.json()
    assert body["code"] == "attendance_rows_invalid"
    assert [e["row"] for e in body["detail"]["errors"]] == [3, 4, 5, 6, 7]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e["reason"]) for e in body["detail"]["errors"])
    assert "未导入" in body["message"] or "没有导入" in body["message"] or "导入" in body["message"]
    assert SessionRegistration.objects.filter(attended__isnull=False).count() == 0


def test_a_broken_file_is_refused_clearly(cast, api, session):
    sid, _regs = session
    broken = SimpleUploadedFile("attendance.xlsx", b"not a workbook", content_type=XLSX)
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance-import", {}, files={"file": broken})
    assert res.status_code == 422 and res.json()["code"] == "xlsx_not_a_workbook"
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance-import", {},
                                     files={"file": sheet([(1, "是")], header=("编号", "结果"))})
    assert res.status_code == 422 and res.json()["code"] == "attendance_columns_missing"


def test_another_base_cannot_import(cast, api, session):
    sid, (baishui, _yanta) = session
    res = api(cast.base_provincial).post(f"in-person-sessions/{sid}/attendance-import", {},
                                         files={"file": sheet([(baishui, "", "", "是")])})
    assert res.status_code == 404
    assert api(cast.base_provincial).get(f"in-person-sessions/{sid}/attendance-sheet").status_code == 404


# --- the upload guard (jxjy.core.xlsx): refused in Chinese with its own code, nothing marked ----

def nothing_marked():
    return not SessionRegistration.objects.filter(attended__isnull=False).exists()


def test_a_zip_bomb_is_refused_and_nothing_is_marked(cast, api, session):
    sid, (baishui, _yanta) = session
    bomb = zip_bomb(sheet([(baishui, "", "", "是")]).read())
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance-import", {},
                                     files={"file": SimpleUploadedFile("attendance.xlsx", bomb, content_type=XLSX)})
    assert res.status_code == 422 and res.json()["code"] == "xlsx_expands_too_much"
    assert "解压后的数据过大" in res.json()["message"]
    assert nothing_marked()


def test_an_upload_over_the_size_cap_is_refused(cast, api, session, settings):
    sid, (baishui, _yanta) = session
    upload = sheet([(baishui, "", "", "是")])
    settings.JXJY_XLSX_MAX_BYTES = upload.size - 1
    res = api(cast.base_weinan).post(f"in-person-sessions/{sid}/attendance-import", {}, files={"file": upload})
    assert res.status_code == 422 and res.json()["code"] == "xlsx_too_large"
    assert "文件过大" in res.json()["message"]
    assert nothing_marked()


def test_a_sheet_that_skips_to_row_a_million_is_refused_on_the_page(cast, session):
    sid, _regs = session
    client = Client()
    assert client.login(username=cast.base_weinan.username, password=PASSWORD)
    endless = SimpleUploadedFile("attendance.xlsx", far_row(["报名编号", "出勤"]), content_type=XLSX)
    res = client.post(reverse("learning:base_session_attendance", args=[sid]), {"file": endless}, follow=True)
    assert "一次最多导入 5000 行" in res.content.decode()
    assert nothing_marked()

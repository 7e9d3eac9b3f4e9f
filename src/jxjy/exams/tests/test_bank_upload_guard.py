"""A bank workbook that is too big, no workbook, a zip bomb or endless is refused in Chinese with
its own code, over the API, on the page and on the command line, and the bank stays as it was."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from jxjy.core.tests.xlsx_files import MB, far_row, zip_bomb
from jxjy.exams import services
from jxjy.exams.models import Question, QuestionBank
from jxjy.exams.tests.conftest import HEADER, bank_rows, upload, xlsx_bytes
from jxjy.exams.tests.test_exam_pages import browser

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb(xlsx_bytes(bank_rows(3, 0, 0, prefix="炸弹")))


def bank_state(course):
    bank = QuestionBank.objects.get(course=course)
    return (bank.generation, bank.updated_at, bank.counts,
            sorted(Question.objects.filter(bank=bank, retired=False).values_list("id", flat=True)))


def refused(res, code):
    assert res.status_code == 422, res.content
    body = res.json()
    assert body["code"] == code and set(body) == {"code", "message", "detail"}
    return body


def test_a_zip_bomb_is_refused_and_the_bank_is_unchanged(cast, api, banked_course, bomb):
    before = bank_state(banked_course)
    body = refused(upload(api(cast.base_provincial), banked_course.pk, bomb, mode="extend"), "xlsx_expands_too_much")
    assert "解压后的数据过大" in body["message"]
    assert bank_state(banked_course) == before


def test_a_renamed_text_file_is_not_a_workbook(cast, api, banked_course):
    before = bank_state(banked_course)
    body = refused(upload(api(cast.base_provincial), banked_course.pk, "题型,题干\n单选,甲\n".encode()),
                   "xlsx_not_a_workbook")
    assert "不是 Excel 工作簿" in body["message"]
    assert bank_state(banked_course) == before


def test_an_upload_over_10_mb_is_refused(cast, api, banked_course):
    before = bank_state(banked_course)
    body = refused(upload(api(cast.base_provincial), banked_course.pk, b"\0" * (10 * MB + 1)), "xlsx_too_large")
    assert "文件过大" in body["message"] and "10 MB" in body["message"]
    assert bank_state(banked_course) == before


def test_a_text_bank_over_the_cap_is_refused_before_it_is_read(cast, api, banked_course, settings):
    settings.JXJY_XLSX_MAX_BYTES = 1024
    before = bank_state(banked_course)
    gift = ("::Q:: 题目 {=对 ~错}\n\n" * 200).encode()
    body = refused(upload(api(cast.base_provincial), banked_course.pk, gift, name="bank.gift", format="gift"),
                   "bank_file_too_large")
    assert "文件过大" in body["message"] and "1 KB" in body["message"]
    assert bank_state(banked_course) == before


def test_a_sheet_that_skips_to_row_a_million_is_refused_at_the_row_cap(cast, api, banked_course):
    before = bank_state(banked_course)
    body = refused(upload(api(cast.base_provincial), banked_course.pk, far_row(HEADER)), "xlsx_too_many_rows")
    assert "一次最多导入 20000 行" in body["message"] and body["detail"] == {"max_rows": 20000}
    assert bank_state(banked_course) == before


def test_the_row_cap_counts_the_rows_below_the_header(cast, api, banked_course, monkeypatch):
    before = bank_state(banked_course)
    monkeypatch.setattr(services, "BANK_MAX_ROWS", 4)
    refused(upload(api(cast.base_provincial), banked_course.pk, xlsx_bytes(bank_rows(5, 0, 0, prefix="多")),
                   mode="extend"), "xlsx_too_many_rows")
    assert bank_state(banked_course) == before
    res = upload(api(cast.base_provincial), banked_course.pk, xlsx_bytes(bank_rows(4, 0, 0, prefix="多")),
                 mode="extend")
    assert res.status_code == 200, res.content
    assert res.json()["imported"]["total"] == 4


def test_the_page_shows_the_refusal_in_chinese(cast, banked_course, bomb):
    before = bank_state(banked_course)
    res = browser(cast.base_provincial).post(reverse("exams:bank", args=[banked_course.pk]), {
        "file": SimpleUploadedFile("bank.xlsx", bomb), "mode": "replace"})
    assert res.status_code == 422
    assert "解压后的数据过大" in res.content.decode()
    assert bank_state(banked_course) == before


def test_the_command_fails_with_the_message(cast, banked_course, bomb, tmp_path):
    before = bank_state(banked_course)
    path = tmp_path / "bank.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(CommandError, match="解压后的数据过大"):
        call_command("import_bank", "--course", str(banked_course.pk), str(path))
    assert bank_state(banked_course) == before

"""An uploaded workbook is refused before openpyxl opens it when it is too big, no workbook, or a
zip bomb; a reader's rows are capped. The apps' imports are tested through their own doors."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from jxjy.core import xlsx
from jxjy.core.errors import ValidationFailed
from jxjy.core.tests.xlsx_files import MB, unpacked_size, workbook, zip_bomb, zip_without_manifest


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb(workbook([["题型", "题干"], ["单选", "甲"]]))


def refusal(upload):
    with pytest.raises(ValidationFailed) as caught:
        xlsx.check_upload(upload)
    return caught.value


def test_the_bomb_is_small_and_unpacks_to_200_mb(bomb):
    assert len(bomb) < 1 * MB and unpacked_size(bomb) > 200 * MB


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(bomb):
    err = refusal(bomb)
    assert err.code == "xlsx_expands_too_much" and err.status == 422
    assert "解压后的数据过大" in err.message and "100 MB" in err.message
    assert err.detail["members"] == ["xl/worksheets/sheet1.xml"]


def test_a_member_compressed_a_thousandfold_is_refused_under_the_total_cap(settings):
    settings.JXJY_XLSX_MAX_UNPACKED_BYTES = 1000 * MB
    small_bomb = zip_bomb(workbook([["题型"]]), unpacked_mb=5)
    err = refusal(small_bomb)
    assert err.code == "xlsx_expands_too_much" and err.detail["members"] == ["xl/worksheets/sheet1.xml"]


def test_the_unpacked_total_is_a_setting(settings):
    plain = workbook([["题型", "题干"], ["单选", "甲"]])
    xlsx.check_upload(plain)
    settings.JXJY_XLSX_MAX_UNPACKED_BYTES = 4096
    err = refusal(plain)
    assert err.code == "xlsx_expands_too_much" and "4 KB" in err.message and err.detail["members"] == []


def test_an_upload_over_the_size_cap_is_refused_unread():
    big = SimpleUploadedFile("bank.xlsx", b"\0" * (10 * MB + 1))
    err = refusal(big)
    assert err.code == "xlsx_too_large" and "文件过大" in err.message and "10 MB" in err.message
    assert err.detail == {"size": 10 * MB + 1, "max_bytes": 10 * MB}


def test_the_size_cap_is_a_setting(settings):
    plain = workbook([["题型"]])
    settings.JXJY_XLSX_MAX_BYTES = len(plain) - 1
    assert refusal(plain).code == "xlsx_too_large"
    settings.JXJY_XLSX_MAX_BYTES = len(plain)
    xlsx.check_upload(plain)


def test_a_renamed_text_file_or_a_plain_zip_is_not_a_workbook():
    for data in ("题型,题干\n单选,甲\n".encode(), b"PK\x03\x04 broken", zip_without_manifest(), b""):
        err = refusal(SimpleUploadedFile("bank.xlsx", data))
        assert err.code == "xlsx_not_a_workbook" and "不是 Excel 工作簿" in err.message


def test_too_many_members_are_refused(settings):
    settings.JXJY_XLSX_MAX_MEMBERS = 5
    err = refusal(workbook([["题型"]]))
    assert err.code == "xlsx_too_many_parts" and "5" in err.message


def test_a_checked_file_is_left_at_its_start_for_the_reader():
    stream = io.BytesIO(workbook([["题型"]]))
    stream.seek(7)
    xlsx.check_upload(stream)
    assert stream.tell() == 0


def test_rows_are_capped_after_the_header():
    assert list(xlsx.capped_rows(range(4), 3)) == [0, 1, 2, 3]
    with pytest.raises(ValidationFailed) as caught:
        list(xlsx.capped_rows(range(5), 3))
    assert caught.value.code == "xlsx_too_many_rows" and "一次最多导入 3 行" in caught.value.message


def test_the_row_cap_stops_an_endless_sheet_early():
    def endless():
        n = 0
        while True:
            n += 1
            yield n

    with pytest.raises(ValidationFailed):
        for _ in xlsx.capped_rows(endless(), 10):
            pass

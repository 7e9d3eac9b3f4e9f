import logging

from hypothesis import given
from hypothesis import strategies as st

from jxjy.accounts.validators import make_id_number
from jxjy.core.logging import MaskPersonalData
from jxjy.core.masking import mask_id_number, mask_phone, mask_text


def test_an_id_number_keeps_only_its_ends():
    assert mask_id_number("610113198806151236") == "610***********1236"
    assert mask_phone("13900000002") == "139****0002"


@given(st.dates(min_value=__import__("datetime").date(1900, 1, 1)), st.integers(min_value=0, max_value=999))
def test_no_id_number_survives_masking_in_free_text(birth, seq):
    number = make_id_number("610113", birth.strftime("%Y%m%d"), f"{seq:03d}")
    text = f"学员{number}登录，电话13812345678"
    masked = mask_text(text)
    assert number not in masked and "13812345678" not in masked


def test_log_records_are_masked():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "login by %s", ("610113198806151236",), None)
    MaskPersonalData().filter(record)
    assert "198806151" not in record.getMessage()

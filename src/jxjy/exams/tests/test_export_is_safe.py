"""Exported cells that begin with a formula trigger cannot run as formulas, and round-trip."""

import io

from openpyxl import load_workbook

from jxjy.exams import banks

DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)"]


def test_formula_like_cells_are_stored_as_quoted_text_and_read_back_unchanged():
    questions = [banks.QuestionData(type="single", stem=stem, options=(("A", "=1+1"), ("B", "普通")),
                                    answer=("A",), explanation="@note") for stem in DANGEROUS]
    content = banks.export_xlsx(questions)
    sheet = load_workbook(io.BytesIO(content)).active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value:
                assert cell.data_type == "s"
                assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    again, problems = banks.parse(content, "xlsx")
    assert problems == []
    assert [q.stem for q in again] == DANGEROUS
    assert again[0].options[0] == ("A", "=1+1") and again[0].explanation == "@note"


def test_the_template_has_headers_and_one_example_per_type_which_are_not_imported():
    content = banks.template_xlsx(["说明"])
    book = load_workbook(io.BytesIO(content))
    sheet = book[banks.SHEET_NAME]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [header for _, header in banks.COLUMNS]
    assert sorted(r[0] for r in rows[1:]) == sorted(banks.TYPE_WORDS.values())
    # The examples themselves are valid questions once the example mark is removed.
    raws, _ = banks.read_xlsx(content)
    assert raws == []
    _, problems = banks.parse(content, "xlsx")
    assert [p.code for p in problems] == ["no_questions"]

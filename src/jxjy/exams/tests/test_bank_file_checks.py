"""The bank reader checks every row and reports every problem with its row and column."""

from jxjy.exams import banks
from jxjy.exams.tests.conftest import xlsx_bytes


def problems_of(rows):
    _, problems = banks.parse(xlsx_bytes(rows), "xlsx")
    return {(p.row, p.column, p.code) for p in problems}


def test_a_clean_file_gives_questions_of_each_type():
    questions, problems = banks.parse(xlsx_bytes([
        ["单选", "一加一等于几？", "1", "2", "3", "", "", "", "B", "算术", 1],
        ["多选", "哪些是偶数？", "2", "3", "4", "", "", "", "A,C", "", ""],
        ["判断", "地球是圆的。", "", "", "", "", "", "", "对", "", 2],
    ]), "xlsx")
    assert problems == []
    assert [(q.type, q.answer) for q in questions] == [("single", ("B",)), ("multiple", ("A", "C")),
                                                        ("true_false", ("T",))]
    assert questions[0].options == (("A", "1"), ("B", "2"), ("C", "3")) and questions[0].lecture == 1
    assert questions[2].options == (("T", "对"), ("F", "错"))


def test_every_kind_of_problem_is_reported_at_once_with_row_and_column():
    found = problems_of([
        ["填空", "未知题型", "a", "b", "", "", "", "", "A", "", ""],            # row 2
        ["单选", "", "a", "b", "", "", "", "", "A", "", ""],                    # row 3
        ["单选", "只有一个选项", "a", "", "", "", "", "", "A", "", ""],          # row 4
        ["多选", "多选只有两个选项", "a", "b", "", "", "", "", "AB", "", ""],    # row 5
        ["单选", "答案不在选项中", "a", "b", "c", "", "", "", "E", "", ""],      # row 6
        ["单选", "单选两个答案", "a", "b", "c", "", "", "", "AB", "", ""],        # row 7
        ["多选", "多选一个答案", "a", "b", "c", "", "", "", "B", "", ""],          # row 8
        ["判断", "判断答案不对", "", "", "", "", "", "", "是", "", ""],           # row 9
        ["单选", "重复的题干", "a", "b", "", "", "", "", "A", "", ""],            # row 10
        ["单选", "重复的题干", "a", "b", "", "", "", "", "B", "", ""],            # row 11
    ])
    assert found == {
        (2, "A", "unknown_type"), (3, "B", "empty_stem"), (4, "C", "too_few_options"),
        (5, "C", "too_few_options"), (6, "I", "answer_not_option"), (7, "I", "single_with_many_answers"),
        (8, "I", "multiple_with_one_answer"), (9, "I", "bad_true_false_answer"), (11, "B", "duplicate_stem"),
    }


def test_true_false_answers_may_be_dui_cuo_or_t_f():
    questions, problems = banks.parse(xlsx_bytes([
        ["判断", f"判断{i}", "", "", "", "", "", "", answer, "", ""] for i, answer in
        enumerate(["对", "错", "T", "f", "TRUE"])]), "xlsx")
    assert problems == []
    assert [q.answer for q in questions] == [("T",), ("F",), ("T",), ("F",), ("T",)]


def test_duplicates_against_the_existing_bank_are_reported():
    _, problems = banks.parse(xlsx_bytes([["判断", "  已有的  题干 ", "", "", "", "", "", "", "对", "", ""]]),
                              "xlsx", existing_stems=["已有的 题干"])
    assert [p.code for p in problems] == ["duplicate_stem_in_bank"]


def test_a_gap_in_the_options_is_reported():
    _, problems = banks.parse(xlsx_bytes([["单选", "有空档", "a", "", "c", "", "", "", "A", "", ""]]), "xlsx")
    assert [(p.column, p.code) for p in problems] == [("D", "option_gap")]


def test_a_file_that_is_not_excel_is_one_clear_problem():
    _, problems = banks.parse(b"PK\x03\x04 not really a zip", "xlsx")
    assert [p.code for p in problems] == ["not_xlsx"]


def test_a_sheet_without_the_required_headers_is_reported():
    _, problems = banks.parse(xlsx_bytes([["单选", "x"]], header=["题型", "题干"]), "xlsx")
    assert [(p.row, p.code) for p in problems] == [(1, "missing_columns")]
    assert problems[0].params["fields"] == ["answer", "option_A"]


def test_columns_are_found_by_header_not_position():
    header = ["答案", "题干", "题型", "选项A", "选项B"]
    questions, problems = banks.parse(xlsx_bytes([["B", "换了列序", "单选", "x", "y"]], header=header), "xlsx")
    assert problems == [] and questions[0].answer == ("B",)


def test_an_empty_file_is_a_problem():
    _, problems = banks.parse(xlsx_bytes([]), "xlsx")
    assert [p.code for p in problems] == ["no_questions"]

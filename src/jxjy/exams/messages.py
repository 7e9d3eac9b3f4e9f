"""The words for bank-file problems: the pure core reports codes, these say them to the user."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import banks
from .models import QuestionType

_REASONS = {
    "unknown_type": gettext_lazy("Unknown question type “%(value)s”; write one of %(types)s"),
    "empty_stem": gettext_lazy("The stem is empty"),
    "duplicate_stem": gettext_lazy("The stem repeats the one at %(first)s"),
    "duplicate_stem_in_bank": gettext_lazy("The bank already has a question with this stem"),
    "bad_lecture": gettext_lazy("The lecture number “%(value)s” is not a positive whole number"),
    "bad_true_false_answer": gettext_lazy("A true-or-false answer must be 对 or 错 (T or F), not “%(value)s”"),
    "option_gap": gettext_lazy("Option %(key)s is empty but a later option is filled in"),
    "too_few_options": gettext_lazy("A %(type)s question needs at least %(minimum)s options; it has %(count)s"),
    "empty_answer": gettext_lazy("The answer is empty"),
    "answer_not_option": gettext_lazy("The answer “%(value)s” is not among the options (%(keys)s)"),
    "single_with_many_answers": gettext_lazy("A single-choice question has exactly one answer, not “%(value)s”"),
    "multiple_with_one_answer": gettext_lazy(
        "A multiple-choice question needs at least two answers, not “%(value)s”"),
    "not_xlsx": gettext_lazy("The file is not a readable Excel (.xlsx) workbook"),
    "not_text": gettext_lazy("The file is not text in UTF-8 or GB18030"),
    "missing_columns": gettext_lazy("The header row lacks the columns: %(fields)s"),
    "no_questions": gettext_lazy("The file contains no questions"),
    "gift_no_answers": gettext_lazy("No answers in braces { } were found"),
    "gift_unsupported": gettext_lazy(
        "This GIFT question type is not supported; use multiple choice or true-or-false"),
    "too_many_options": gettext_lazy("At most %(maximum)s options are allowed"),
    "aiken_option_order": gettext_lazy("Option %(key)s is out of order; %(expected)s was expected here"),
    "aiken_no_answer": gettext_lazy("The question has no “ANSWER:” line"),
}

_FIELDS = {
    "type": gettext_lazy("Question type"), "stem": gettext_lazy("Stem"), "answer": gettext_lazy("Answer"),
    "options": gettext_lazy("Options"), "explanation": gettext_lazy("Explanation"),
    "lecture": gettext_lazy("Lecture"),
}


def _header(field: str) -> str:
    return dict(banks.COLUMNS).get(field, field)


def reason(problem: banks.Problem) -> str:
    params: dict[str, Any] = dict(problem.params)
    if problem.code == "unknown_type":
        params["types"] = "、".join(banks.TYPE_WORDS.values())
    if problem.code == "too_few_options":
        params["type"] = QuestionType(params["type"]).label
    if problem.code == "missing_columns":
        params["fields"] = "、".join(_header(f) for f in params["fields"])
    if problem.code == "duplicate_stem":
        where = _("row %(n)s") if problem.row is not None else _("line %(n)s")
        params["first"] = where % {"n": params["first"]}
    template = _REASONS.get(problem.code)
    return str(template) % params if template is not None else problem.code


def problems_out(problems: list[banks.Problem], fmt: str) -> list[dict[str, Any]]:
    """`[{"row" | "line", "column", "reason"}]`, in file order; file-level problems first."""
    by_row = fmt == "xlsx"
    out = []
    for p in sorted(problems, key=lambda p: (p.row or p.line or 0)):
        column = p.column
        if column in _FIELDS:
            column = str(_FIELDS[column])
        where = {"row": p.row} if by_row else {"line": p.line}
        out.append({**where, "column": column, "reason": reason(p)})
    return out


def help_lines() -> list[str]:
    """The filling instructions written into the template's second sheet."""
    return [
        _("How to fill in the question bank template"),
        _("One question per row on the sheet “%(sheet)s”; keep the header row.") % {"sheet": banks.SHEET_NAME},
        _("Question type: %(types)s.") % {"types": "、".join(banks.TYPE_WORDS.values())},
        _("Single choice: at least 2 options and exactly one answer letter, e.g. B."),
        _("Multiple choice: at least 3 options and at least two answer letters, e.g. ABD."),
        _("True or false: leave the options empty; the answer is 对 or 错 (T or F)."),
        _("Options A to F are filled from A on without gaps; stems must not repeat."),
        _("Rows whose stem begins with %(mark)s are examples and are not imported.") % {
            "mark": banks.EXAMPLE_MARK},
        _("Lecture: the number of the lecture the question belongs to (optional)."),
    ]

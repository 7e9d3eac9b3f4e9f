"""The evaluation's pure rules: stars, comment length, the edit window, anonymous names, averages."""

import datetime as dt
from decimal import Decimal

from jxjy.evaluations import rules


def test_names_keep_only_the_first_character():
    assert rules.anonymise("李雁塔") == "李**"
    assert rules.anonymise("欧阳小明") == "欧***"
    assert rules.anonymise("王五") == "王*"
    assert rules.anonymise("李") == "*"
    assert rules.anonymise("") == "*"


def test_averages_round_half_up_to_one_decimal():
    assert rules.average(17, 4) == Decimal("4.3")  # 4.25
    assert rules.average(13, 3) == Decimal("4.3")  # 4.333…
    assert rules.average(12, 3) == Decimal("4.0")
    assert rules.average(None, 0) is None


def test_an_evaluation_is_editable_for_exactly_the_window():
    at = dt.datetime(2020, 6, 1, 10, 0, tzinfo=dt.UTC)
    last = at + dt.timedelta(days=rules.EDIT_DAYS)
    assert rules.editable(at, last)
    assert not rules.editable(at, last + dt.timedelta(seconds=1))


def test_every_score_must_be_one_to_five_stars():
    good = {"overall": 5, "content": 1, "teaching": 3, "video": 4}
    assert rules.check(good, "") == []
    bad = {"overall": 0, "content": 6, "teaching": "3", "video": True}
    assert [(p.field, p.code) for p in rules.check(bad, "")] == [
        ("overall", "range"), ("content", "range"), ("teaching", "range"), ("video", "range")]
    assert [(p.field, p.code) for p in rules.check({}, "")][0] == ("overall", "required")


def test_stars_are_read_from_forms_and_json_but_not_guessed():
    assert [rules.as_stars(v) for v in ("4", " 5 ", 3, 2.0)] == [4, 5, 3, 2]
    assert rules.as_stars("4.5") == "4.5" and rules.as_stars(4.5) == 4.5 and rules.as_stars(True) is True


def test_the_comment_is_at_most_the_limit():
    assert rules.check({"overall": 1, "content": 1, "teaching": 1, "video": 1}, "字" * rules.COMMENT_MAX) == []
    problems = rules.check({"overall": 1, "content": 1, "teaching": 1, "video": 1}, "字" * (rules.COMMENT_MAX + 1))
    assert [(p.field, p.code) for p in problems] == [("comment", "too_long")]

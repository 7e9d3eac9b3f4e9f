import pytest

from jxjy.courseware.spec import FileReport, check_course, check_file


@pytest.fixture
def lecture(video, short_rules):
    return lambda **kw: check_file(video(**kw), short_rules)


@pytest.fixture
def preview(video, short_rules):
    return lambda **kw: check_file(video(**kw), short_rules, role="preview")


def _status(course, rule):
    return next(r for r in course.course_rows if r.rule == rule).status


def test_an_eight_hour_professional_course_with_eight_lectures_and_a_preview_passes(lecture, preview, short_rules):
    reports = [lecture() for _ in range(8)] + [preview()]
    course = check_course(reports, short_rules, category="PROFESSIONAL", hours=8)
    assert course.verdict == "pass", course.to_dict()["course_rows"]
    assert set(course.to_dict()) == {"verdict", "files", "course_rows"}


def test_the_lecture_count_must_match_the_hours(lecture, preview, short_rules):
    course = check_course([lecture() for _ in range(7)] + [preview()], short_rules, category="PROFESSIONAL", hours=8)
    assert _status(course, "lecture_count") == "fail"
    assert course.verdict == "fail"


def test_professional_hours_must_be_one_of_the_classes(lecture, preview, short_rules):
    course = check_course([lecture() for _ in range(9)] + [preview()], short_rules, category="PROFESSIONAL", hours=9)
    assert _status(course, "course_hours") == "fail"


def test_a_public_course_needs_its_hours_and_lecture_number(lecture, preview, short_rules):
    course = check_course([lecture() for _ in range(8)] + [preview()], short_rules, category="PUBLIC", hours=8)
    assert _status(course, "course_hours") == "fail"
    assert _status(course, "lecture_count") == "fail"
    row = next(r for r in course.course_rows if r.rule == "lecture_count")
    assert row.required == "24"


def test_lectures_of_one_course_share_one_resolution(lecture, preview, short_rules):
    reports = [lecture(), lecture(width=1920, height=1080), preview()]
    course = check_course(reports, short_rules, category="PROFESSIONAL", hours=2)
    assert _status(course, "same_resolution") == "fail"
    assert _status(course, "same_aspect_ratio") == "pass"


def test_lectures_of_one_course_share_one_aspect_ratio(lecture, preview, short_rules):
    reports = [lecture(), lecture(width=1440, height=1080), preview()]
    course = check_course(reports, short_rules, category="PROFESSIONAL", hours=2)
    assert _status(course, "same_aspect_ratio") == "fail"


def test_a_course_without_a_preview_fails(lecture, short_rules):
    course = check_course([lecture()], short_rules, category="PROFESSIONAL", hours=1)
    assert _status(course, "preview") == "fail"


def test_a_preview_longer_than_the_limit_fails(lecture, preview, short_rules):
    long_preview = preview(seconds=5)
    assert long_preview.row("duration").status == "fail"
    course = check_course([lecture(), long_preview], short_rules, category="PROFESSIONAL", hours=1)
    assert _status(course, "preview") == "fail"


def test_two_previews_fail(lecture, preview, short_rules):
    course = check_course([lecture(), preview(), preview()], short_rules, category="PROFESSIONAL", hours=1)
    assert _status(course, "preview") == "fail"


def test_an_unreadable_lecture_makes_the_course_unreadable(lecture, preview, short_rules, tmp_path):
    empty = tmp_path / "3.mp4"
    empty.write_bytes(b"")
    broken: FileReport = check_file(empty, short_rules)
    course = check_course([lecture(), broken, preview()], short_rules, category="PROFESSIONAL", hours=2)
    assert not course.readable and course.verdict == "fail"

"""A base imports its course's bank over the API: all problems at once, or a clean import."""

import pytest

from jxjy.catalog.models import Category, Course
from jxjy.core.models import AuditEntry
from jxjy.exams.models import Question, QuestionBank
from jxjy.exams.tests.conftest import bank_rows, full_bank_xlsx, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def live(course):
    return Question.objects.filter(bank__course=course, retired=False)


def test_the_owning_base_imports_a_clean_bank_and_gets_the_report(cast, api, course):
    res = upload(api(cast.base_provincial), course.pk, full_bank_xlsx())
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["imported"] == {"single": 90, "multiple": 30, "true_false": 30, "total": 150}
    assert body["counts"] == body["required"] == {"single": 90, "multiple": 30, "true_false": 30}
    assert body["ok"] is True and body["missing"] == {"single": 0, "multiple": 0, "true_false": 0}
    assert live(course).count() == 150


def test_a_file_with_problems_is_refused_whole_with_every_problem_in_chinese(cast, api, course):
    rows = bank_rows(3, 0, 0) + [
        ["问答", "未知题型", "a", "b", "", "", "", "", "A", "", ""],
        ["多选", "只有一个答案", "a", "b", "c", "", "", "", "B", "", ""],
        ["判断", "答案写错", "", "", "", "", "", "", "是", "", ""],
    ]
    res = upload(api(cast.base_provincial), course.pk, xlsx_bytes(rows))
    assert res.status_code == 422
    body = res.json()
    assert body["code"] == "bank_invalid" and "没有导入" in body["message"]
    errors = body["detail"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(5, "A"), (6, "I"), (7, "I")]
    assert "未知题型" in errors[0]["reason"] and "问答" in errors[0]["reason"]
    assert "多选题至少" in errors[1]["reason"]
    assert "对" in errors[2]["reason"] and "错" in errors[2]["reason"]
    assert not Question.objects.exists()


def test_extend_adds_and_replace_starts_over(cast, api, course):
    client = api(cast.base_provincial)
    assert upload(client, course.pk, xlsx_bytes(bank_rows(2, 0, 0, "甲"))).status_code == 200
    res = upload(client, course.pk, xlsx_bytes(bank_rows(3, 1, 0, "乙")), mode="extend")
    assert res.status_code == 200 and res.json()["counts"]["single"] == 5
    assert res.json()["missing"]["single"] == 85
    res = upload(client, course.pk, xlsx_bytes(bank_rows(1, 0, 0, "丙")), mode="replace")
    assert res.json()["counts"] == {"single": 1, "multiple": 0, "true_false": 0}
    assert list(live(course).values_list("stem", flat=True)) == ["丙单选0"]


def test_extending_with_a_stem_already_in_the_bank_is_refused(cast, api, course):
    client = api(cast.base_provincial)
    upload(client, course.pk, xlsx_bytes(bank_rows(2, 0, 0)))
    res = upload(client, course.pk, xlsx_bytes(bank_rows(3, 0, 0)), mode="extend")
    assert res.status_code == 422
    assert [e["row"] for e in res.json()["detail"]["errors"]] == [2, 3]
    assert live(course).count() == 2


def test_replacing_the_bank_of_a_published_course_is_audited(cast, api, course):
    client = api(cast.base_provincial)
    upload(client, course.pk, xlsx_bytes(bank_rows(2, 0, 0)))
    upload(client, course.pk, xlsx_bytes(bank_rows(1, 0, 0, "新")), mode="replace")
    entry = AuditEntry.objects.filter(action="question_bank.replace").first()
    assert entry is not None and entry.actor == cast.base_provincial
    assert entry.before["counts"]["single"] == 2 and entry.after["counts"]["single"] == 1
    assert entry.after["course_status"] == Course.Status.PUBLISHED


def test_gift_and_aiken_files_are_imported_too(cast, api, course):
    client = api(cast.base_provincial)
    res = upload(client, course.pk, "题一 {=甲 ~乙}\n\n题二 {F}\n".encode(), name="bank.gift", format="gift")
    assert res.status_code == 200 and res.json()["imported"]["total"] == 2
    res = upload(client, course.pk, "题三\nA. 甲\nB. 乙\nANSWER: B\n".encode(), name="bank.txt", format="aiken",
                 mode="extend")
    assert res.status_code == 200 and res.json()["counts"] == {"single": 2, "multiple": 0, "true_false": 1}


def test_text_format_problems_are_reported_by_line(cast, api, course):
    res = upload(api(cast.base_provincial), course.pk, "题一\nA. 甲\nB. 乙\nANSWER: C\n".encode(),
                 name="bank.txt", format="aiken")
    assert res.status_code == 422
    assert res.json()["detail"]["errors"] == [{"line": 1, "column": "答案", "reason": res.json()["detail"]["errors"][0]["reason"]}]
    assert "不在选项" in res.json()["detail"]["errors"][0]["reason"]


def test_a_broken_upload_is_a_clear_error_and_changes_nothing(cast, api, banked_course):
    res = upload(api(cast.base_provincial), banked_course.pk, b"this is not a workbook")
    assert res.status_code == 422
    assert res.json()["code"] == "xlsx_not_a_workbook" and "Excel" in res.json()["message"]
    assert live(banked_course).count() == 150


def test_an_unknown_format_or_mode_is_refused(cast, api, course):
    res = upload(api(cast.base_provincial), course.pk, full_bank_xlsx(), format="csv")
    assert res.status_code == 422 and res.json()["detail"]["errors"][0]["field"] == "format"
    res = upload(api(cast.base_provincial), course.pk, full_bank_xlsx(), mode="merge")
    assert res.status_code == 422 and res.json()["detail"]["errors"][0]["field"] == "mode"
    assert not QuestionBank.objects.exists()


def test_another_base_cannot_see_the_course_bank(cast, api, course):
    res = upload(api(cast.base_weinan), course.pk, full_bank_xlsx())
    assert res.status_code == 404
    assert api(cast.base_weinan).get(f"courses/{course.pk}/question-bank").status_code == 404
    assert not Question.objects.exists()


def test_the_province_may_look_at_a_bank_but_not_import_it(cast, api, course):
    assert api(cast.province_admin).get(f"courses/{course.pk}/question-bank").status_code == 200
    res = upload(api(cast.province_admin), course.pk, full_bank_xlsx())
    assert res.status_code == 403 and res.json()["code"] == "bank_base_only"


def test_a_learner_cannot_reach_a_bank(cast, api, course):
    assert upload(api(cast.learner_yanta), course.pk, full_bank_xlsx()).status_code == 404
    assert api(cast.learner_yanta).get(f"courses/{course.pk}/question-bank/template.xlsx").status_code == 404


def test_a_city_base_imports_for_its_own_course(cast, api):
    course = Course.objects.create(base=cast.weinan_base, category=Category.PROFESSIONAL, title="设施农业", hours=8)
    assert upload(api(cast.base_weinan), course.pk, xlsx_bytes(bank_rows(1, 0, 0))).status_code == 200
    assert api(cast.admin_weinan).get(f"courses/{course.pk}/question-bank").json()["counts"]["single"] == 1
    assert api(cast.admin_xian).get(f"courses/{course.pk}/question-bank").status_code == 404

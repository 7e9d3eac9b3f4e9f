"""The learner's exam page and the base's bank page, as a person uses them in a browser."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jxjy.conftest import PASSWORD
from jxjy.exams.models import ExamAttempt
from jxjy.exams.tests.conftest import bank_rows, full_bank_xlsx, xlsx_bytes

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_learner_starts_answers_submits_and_sees_the_result(cast, banked_course, enrolment):
    client = browser(cast.learner_yanta)
    page = client.get(reverse("exams:course", args=[banked_course.pk]))
    assert page.status_code == 200 and "开始考试" in page.content.decode()
    res = client.post(reverse("exams:start", args=[banked_course.pk]))
    attempt = ExamAttempt.objects.get()
    assert res.status_code == 302 and res["Location"] == reverse("exams:attempt", args=[attempt.pk])
    paper = client.get(res["Location"]).content.decode()
    assert "交卷" in paper and 'type="checkbox"' in paper and 'type="radio"' in paper
    first = attempt.paper[0]
    res = client.post(reverse("exams:submit", args=[attempt.pk]), {f"q{first['q']}": ["A"]})
    assert res.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == ExamAttempt.Status.SUBMITTED
    result = client.get(reverse("exams:attempt", args=[attempt.pk])).content.decode()
    assert f"{attempt.score} / {attempt.total_points}" in result
    assert "未通过" in result and "错" in result


def test_a_script_stem_is_shown_as_text(cast, course, enrolment):
    from jxjy.exams.services import question_bank_import
    from jxjy.plans.selectors import current_rules

    # A bank of exactly one paper puts every question, the script one too, on the paper.
    paper = current_rules().exam.composition
    rows = bank_rows(paper["single"] - 1, paper["multiple"], paper["true_false"]) + [
        ["单选", "<script>alert(1)</script>", "<b>甲</b>", "乙", "", "", "", "", "A", "", ""]]
    question_bank_import(actor=cast.base_provincial, course=course, data=xlsx_bytes(rows), fmt="xlsx", mode="replace")
    client = browser(cast.learner_yanta)
    client.post(reverse("exams:start", args=[course.pk]))
    html = client.get(reverse("exams:attempt", args=[ExamAttempt.objects.get().pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;b&gt;甲&lt;/b&gt;" in html


def test_a_learner_without_an_enrolment_sees_no_start_button(cast, banked_course):
    page = browser(cast.learner_baishui).get(reverse("exams:course", args=[banked_course.pk])).content.decode()
    assert "开始考试" not in page and "尚未报名" in page
    res = browser(cast.learner_baishui).post(reverse("exams:start", args=[banked_course.pk]))
    assert res.status_code == 302 and not ExamAttempt.objects.exists()


def test_a_learner_cannot_open_another_learners_attempt_page(cast, api, banked_course, enrolment):
    attempt_id = api(cast.learner_yanta).post(f"courses/{banked_course.pk}/exam/attempts").json()["attempt_id"]
    assert browser(cast.learner_baishui).get(reverse("exams:attempt", args=[attempt_id])).status_code == 404


def test_the_base_sees_counts_against_the_required_and_imports_through_the_page(cast, course):
    client = browser(cast.base_provincial)
    page = client.get(reverse("exams:bank", args=[course.pk])).content.decode()
    assert "下载模板" in page and "不足" in page and "90" in page
    res = client.post(reverse("exams:bank", args=[course.pk]), {
        "file": SimpleUploadedFile("bank.xlsx", full_bank_xlsx()), "format": "", "mode": "replace"})
    assert res.status_code == 302
    page = client.get(res["Location"]).content.decode()
    assert "已导入 150 题" in page and "已达标" in page


def test_the_bank_page_lists_every_problem_of_a_bad_file(cast, course):
    client = browser(cast.base_provincial)
    bad = xlsx_bytes([["单选", "两个答案", "a", "b", "", "", "", "", "AB", "", ""],
                      ["判断", "<i>斜体</i>", "", "", "", "", "", "", "X", "", ""]])
    res = client.post(reverse("exams:bank", args=[course.pk]), {
        "file": SimpleUploadedFile("bank.xlsx", bad), "mode": "replace"})
    html = res.content.decode()
    assert res.status_code == 422
    assert "单选题只能有一个答案" in html and "判断题答案" in html and "没有导入" in html


def test_another_base_cannot_open_the_bank_page(cast, course):
    assert browser(cast.base_weinan).get(reverse("exams:bank", args=[course.pk])).status_code == 404
    res = browser(cast.base_weinan).post(reverse("exams:bank", args=[course.pk]), {
        "file": SimpleUploadedFile("bank.xlsx", full_bank_xlsx()), "mode": "replace"})
    assert res.status_code == 404


def test_the_province_sees_the_bank_page_without_the_upload_form(cast, course):
    page = browser(cast.province_admin).get(reverse("exams:bank", args=[course.pk])).content.decode()
    assert "下载模板" in page and 'type="file"' not in page


def test_the_dashboard_shows_the_exam_and_the_bank_panels(cast, banked_course, enrolment):
    learner_page = browser(cast.learner_yanta).get(reverse("accounts:dashboard")).content.decode()
    assert reverse("exams:course", args=[banked_course.pk]) in learner_page
    base_page = browser(cast.base_provincial).get(reverse("accounts:dashboard")).content.decode()
    assert reverse("exams:bank", args=[banked_course.pk]) in base_page and "已达标" in base_page

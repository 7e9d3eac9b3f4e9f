"""A year on the platform, walked through the pages as people would, in a phone-sized browser.

1. 张白水 (白水县, a relief county) finds a published course in the catalog, enrols, pays at the
   relief rate through the sandbox cashier, gets the invoice, watches every lecture in the
   player, passes the exam and sees the course's hours credited on "my study".
2. The 渭南 city base applies for a professional course (form, lecture videos, preview, question
   bank — all uploaded through its pages), the 渭南 bureau forwards it and the province approves
   it, which puts the course in the catalog.

The year's plan is a new version of the current one with two made-up numbers, so that the walk
is quick and the real checks still decide: a playback-rate cap of 16 (lectures are watched at
8×, so every second credited is still earned in real time) and a spec profile that takes
lectures of seconds (the generated videos are two seconds long). Everything else — fees, relief
counties, hours classes, exam composition, bank minimum — is the current plan's, read from it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.billing.models import Invoice, Order
from jxjy.catalog import services as catalog_services
from jxjy.catalog.models import Category, Course, CourseApplication
from jxjy.catalog.selectors import expected_lectures
from jxjy.conftest import PASSWORD
from jxjy.core.testing import page_wait
from jxjy.courseware.testvideos import make_video
from jxjy.credits.models import CreditEntry
from jxjy.exams import banks, papers
from jxjy.exams.models import ExamAttempt, Question
from jxjy.exams.services import question_bank_store
from jxjy.learning.models import Enrolment, LectureProgress
from jxjy.org.models import Specialty
from jxjy.plans.rules import YearRules
from jxjy.plans.selectors import current_plan
from jxjy.plans.services import plan_draft_from, plan_publish

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO_SECONDS = 2
RATE_CAP = 16
PLAY_RATE = 8


@pytest.fixture
def rules(cast) -> YearRules:
    """The current year's plan again, with the two numbers that make the walk quick."""
    plan = current_plan()
    spec = {**plan.spec_profile.rules, "lecture_minutes_min": 0, "lecture_minutes_max": 1}
    draft = plan_draft_from(actor=cast.province_admin, plan=plan, changes={
        "playback_rate_cap": str(RATE_CAP),
        "spec_profile": {"name": f"{plan.spec_profile.name}(浏览器测试)", "rules": spec}})
    return plan_publish(actor=cast.province_admin, plan=draft).rules()


@pytest.fixture
def video(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return make_video(tmp_path / "lecture.mp4", seconds=VIDEO_SECONDS)


def full_bank(rules: YearRules, tag: str) -> list[banks.QuestionData]:
    """The plan's bank minimum of each type; answers vary so that no fixed guess passes."""
    out = []
    for i in range(rules.exam.bank_minimum[banks.SINGLE]):
        out.append(banks.QuestionData(
            type=banks.SINGLE, stem=f"{tag}单选题{i + 1}：下列哪一项正确？",
            options=tuple((k, f"选项{k}{i}") for k in "ABCD"), answer=("ABCD"[i % 4],)))
    for i in range(rules.exam.bank_minimum[banks.MULTIPLE]):
        out.append(banks.QuestionData(
            type=banks.MULTIPLE, stem=f"{tag}多选题{i + 1}：下列哪些正确？",
            options=tuple((k, f"选项{k}{i}") for k in "ABCDE"), answer=(("AB", "BCD", "ACE")[i % 3])))
    for i in range(rules.exam.bank_minimum[banks.TRUE_FALSE]):
        out.append(banks.QuestionData(
            type=banks.TRUE_FALSE, stem=f"{tag}判断题{i + 1}：这个说法正确。",
            options=(("T", "对"), ("F", "错")), answer=("T" if i % 2 else "F",)))
    return out


def application_data(rules: YearRules, **changes) -> dict:
    hours = min(rules.professional_hours_classes)
    data = {
        "category": Category.PROFESSIONAL, "title": "软件需求工程实务", "specialty": "GC-JSJ",
        "level": "INTERMEDIATE", "hours": hours, "description": "需求获取、分析、规格说明与验证。",
        "teachers": [{"name": "赵教授", "title": "教授", "post": "软件学院院长"}],
        "aspects": "需求获取、需求分析、规格说明、需求验证", "aspect_count": 4,
        "content_summary": "典型需求文档案例", "outcomes": "需求工程的方法与工具", "pledge_accepted": True,
        "contact_name": "刘老师", "contact_phone": "029-85550001", "applicant_opinion": "同意申报。",
        "lectures": [{"number": n, "title": f"需求工程专题{n}", "teacher": "赵教授"}
                     for n in range(1, expected_lectures(Category.PROFESSIONAL, hours, rules) + 1)],
    }
    data.update(changes)
    return data


def published_course(cast, rules: YearRules, video: Path) -> Course:
    """A course of the provincial base taken through the services: applied for, its generated
    videos checked for real, a full bank, submitted, approved and so published."""
    application = catalog_services.application_create(actor=cast.base_provincial, data=application_data(rules))
    content = video.read_bytes()
    for lecture in application.course.lectures.all():
        catalog_services.lecture_video_attach(
            actor=cast.base_provincial, application=application, number=lecture.number,
            upload=SimpleUploadedFile(f"lecture-{lecture.number}.mp4", content, "video/mp4"))
    catalog_services.preview_attach(actor=cast.base_provincial, application=application,
                                    upload=SimpleUploadedFile("preview.mp4", content, "video/mp4"))
    question_bank_store(actor=None, course=application.course, questions=full_bank(rules, "需求"), mode="replace")
    application = catalog_services.application_submit(actor=cast.base_provincial, application=application)
    catalog_services.application_review(actor=cast.province_admin, application=application, decision="approve",
                                        opinion="同意上线。")
    course = Course.objects.get(pk=application.course_id)
    assert course.is_published
    return course


def shown_answers(attempt: ExamAttempt) -> list[tuple[str, str]]:
    """(input name, value) of every right option as the attempt's page shows it: the server's
    key, mapped through the attempt's own option order."""
    keys = dict(Question.objects.filter(pk__in=attempt.question_ids).values_list("id", "answer"))
    picks = []
    for item in attempt.paper:
        stored_to_shown = dict(zip(item["o"], papers.shown_keys(item["t"], item["o"]), strict=True))
        picks += [(f"q{item['q']}", stored_to_shown[key]) for key in keys[item["q"]]]
    return picks


def test_a_relief_county_learner_enrols_pays_studies_passes_and_sees_the_hours(page, cast, rules, video):
    course = published_course(cast, rules, video)
    lectures = list(course.lectures.order_by("number"))
    expected = (rules.online.relief * course.hours).quantize(Decimal("0.01"))
    assert rules.is_relief_county(cast.baishui_employer.county.code)
    assert rules.online.relief < rules.online.standard

    login(page, "learner_baishui", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto("/courses/")
    page.fill("input[name=q]", "需求工程")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/courses/?*")
    page.click(f"a[href='/courses/{course.pk}/']")
    page.wait_for_url(f"**/courses/{course.pk}/")

    # The price on the course page is the plan's relief rate for the course's hours.
    offer = page.locator("#enrol")
    assert offer.locator("text=摘帽县优惠价").count() == 1
    assert page.inner_text("#enrol-amount") == f"¥{expected}"
    offer.locator("button[type=submit]").click()
    page.wait_for_url("**/billing/orders/*/pay/")
    assert f"¥{expected}" in page.inner_text("main")
    page.click("button:has-text('前往支付')")
    page.wait_for_url("**/billing/sandbox/cashier/**")
    assert page.inner_text("main .stat") == f"¥{expected}"
    page.click("button:has-text('确认支付')")
    page.wait_for_url("**/billing/orders/*/")

    order = Order.objects.get(learner=cast.learner_baishui.learner)
    assert order.status == Order.Status.PAID and order.amount == expected and order.relief
    invoice = Invoice.objects.get(order=order, kind=Invoice.Kind.BLUE)
    text = page.inner_text("main")
    assert "已支付" in text and invoice.number and invoice.number in text and f"¥{expected}" in text
    # The invoice is the learner's to download.
    pdf = page.request.get(f"/api/v1/orders/{order.pk}/invoice.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    # Study: from "my study" to the course, then every lecture in the player.
    page.goto("/study/")
    page.click("#enrolments a:has-text('学习')")
    page.wait_for_url("**/study/enrolments/*/")
    enrolment = Enrolment.objects.get(learner=cast.learner_baishui.learner, course=course)
    assert enrolment.year == rules.year and enrolment.can_study
    # The video comes through its access-checked view, with HTTP Range for seeking.
    first = page.request.get(f"/study/lectures/{lectures[0].pk}/video", headers={"Range": "bytes=0-99"})
    assert first.status == 206 and len(first.body()) == 100
    # While playing, the file is handed to the player by the test: the live server's threads share
    # one in-memory database connection, and media range requests running beside the heartbeats
    # would test that sharing, not the platform (see learning/tests/test_player_browser.py).
    page.route("**/study/lectures/*/video", lambda route: route.fulfill(path=str(video), content_type="video/mp4"))

    for number, lecture in enumerate(lectures, start=1):
        # The player starts its playback on load; the video is played once that has answered.
        url = f"/api/v1/lectures/{lecture.pk}/playback"
        with page.expect_response(lambda r, url=url: r.url.endswith(url)) as started:
            if number == 1:
                page.locator("a.button", has_text="开始学习").first.click()
            else:
                page.click("a:has-text('下一讲')")
        assert started.value.status == 201
        assert page.url.endswith(f"/study/lectures/{lecture.pk}/?enrolment={enrolment.pk}")
        page_wait(page, "document.getElementById('player').readyState >= 1")
        assert not page.is_visible("#complete-badge")
        page.evaluate(f"const v = document.getElementById('player'); v.muted = true; "
                      f"v.playbackRate = {PLAY_RATE}; v.play();")
        page_wait(page, "!document.getElementById('complete-badge').hidden", timeout=10_000)
        assert page.is_visible("#complete-badge")
    done = LectureProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False)
    assert done.count() == len(lectures)
    # Nothing beyond the videos' own length was credited, however fast they played.
    assert all(p.watched_ms <= VIDEO_SECONDS * 1000 for p in done)

    # The exam: start it, answer from the server's key, hand in.
    page.click(f"a[href='/study/enrolments/{enrolment.pk}/']")
    page.click("a:has-text('考试')")
    page.wait_for_url(f"**/exams/courses/{course.pk}/")
    page.click("button:has-text('开始考试')")
    page.wait_for_url("**/exams/attempts/*/")
    attempt = ExamAttempt.objects.get(enrolment=enrolment)
    assert len(attempt.paper) == sum(rules.exam.composition.values())
    page.evaluate("picks => picks.forEach(([name, value]) => { "
                  "document.querySelector(`input[name='${name}'][value='${value}']`).checked = true; })",
                  shown_answers(attempt))
    page.click("button:has-text('交卷')")
    page.wait_for_url(f"**/exams/attempts/{attempt.pk}/")
    attempt.refresh_from_db()
    assert attempt.passed and attempt.score == rules.exam.total_points
    assert "已通过" in page.inner_text("main")

    # The hours are credited at once, for the course's category and the year.
    page.goto("/study/")
    entry = CreditEntry.objects.get(learner=cast.learner_baishui.learner, year=rules.year)
    assert entry.category == course.category and entry.hours == course.hours
    bars = page.inner_text("#year-status")
    assert f"专业课 {course.hours} / {rules.hours_professional} 学时" in bars
    assert f"公需课 0 / {rules.hours_public} 学时" in bars
    assert course.title in page.inner_text("#entries")


def test_a_city_base_applies_for_a_course_the_city_forwards_and_the_province_publishes(
        page, cast, rules, video, tmp_path):
    scope = set(cast.weinan_base.specialty_scope.values_list("code", flat=True))
    outside = Specialty.objects.exclude(code__in=scope).first()
    hours = min(rules.professional_hours_classes)
    lecture_count = expected_lectures(Category.PROFESSIONAL, hours, rules)

    login(page, "base_weinan", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("a:has-text('新建开课申请')")
    page.wait_for_url("**/course-applications/new/")
    # The base may only apply inside its accredited scope: nothing else is offered.
    offered = set(page.eval_on_selector_all("select[name=specialty] option", "os => os.map(o => o.value)")) - {""}
    assert offered == scope and outside.code not in offered
    page.select_option("select[name=category]", Category.PROFESSIONAL)
    page.fill("input[name=title]", "基层护理质量管理实务")
    page.select_option("select[name=specialty]", "WS-HL")
    page.select_option("select[name=level]", "JUNIOR")
    page.fill("input[name=hours]", str(hours))
    page.fill("textarea[name=description]", "面向基层医疗机构护理人员。")
    page.fill("textarea[name=teachers]", "李慧，主任护师，护理部主任")
    page.fill("textarea[name=aspects]", "护理核心制度、患者安全、风险评估、持续改进")
    page.fill("input[name=aspect_count]", "4")
    page.fill("textarea[name=content_summary]", "基层常见护理风险案例")
    page.fill("textarea[name=outcomes]", "护理质量与安全管理的基本方法")
    page.fill("textarea[name=lectures]", "\n".join(f"护理质量专题{n} | 李慧" for n in range(1, lecture_count + 1)))
    page.check("input[name=pledge_accepted]")
    page.fill("input[name=contact_name]", "张老师")
    page.fill("input[name=contact_phone]", "0913-2120001")
    page.fill("textarea[name=applicant_opinion]", "经审核，同意申报。")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/course-applications/*/")
    application = CourseApplication.objects.get(course__title="基层护理质量管理实务")
    assert application.base == cast.weinan_base and application.status == CourseApplication.Status.DRAFT

    # Every lecture video and the preview, uploaded in the page; each is checked at once.
    forms = page.locator("form.upload")
    assert forms.count() == lecture_count + 1
    for i in range(lecture_count + 1):
        form = forms.nth(i)
        form.locator("input[type=file]").set_input_files(str(video))
        with page.expect_response(lambda r: r.url.endswith(f"/course-applications/{application.pk}/checks/")):
            form.locator("button").click()
        assert form.locator(".upload-note").inner_text() == "已上传，正在检查"
    course = application.course
    assert all(lec.check_status == "PASS" for lec in course.lectures.all())

    # The question bank, as the base's own template file, through the bank page.
    bank_file = tmp_path / "bank.xlsx"
    bank_file.write_bytes(banks.export_xlsx(full_bank(rules, "护理")))
    page.reload()
    page.click("a.button:has-text('题库')")
    page.wait_for_url(f"**/exams/courses/{course.pk}/bank/")
    page.set_input_files("input[name=file]", str(bank_file))
    page.click("button:has-text('导入')")
    page.wait_for_url(f"**/exams/courses/{course.pk}/bank/")
    assert "已达标" in page.inner_text("main")

    page.goto(f"/course-applications/{application.pk}/")
    assert "申报材料齐全。" in page.inner_text("#readiness")
    page.click("#readiness button:has-text('提交申请')")
    page.wait_for_url(f"**/course-applications/{application.pk}/")
    assert page.inner_text("#status") == "市人社局审核中"

    # The 渭南 bureau forwards it to the province.
    page.click("text=退出")
    login(page, "admin_weinan", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto("/course-applications/")
    page.click(f"a[href='/course-applications/{application.pk}/']")
    # The reviewer looks at the bank being judged; only the base may import into it.
    page.click("a.button:has-text('题库')")
    page.wait_for_url(f"**/exams/courses/{course.pk}/bank/")
    assert "已达标" in page.inner_text("main") and page.locator("input[name=file]").count() == 0
    page.go_back()
    page.check("#review input[value=approve]")
    page.fill("#review textarea[name=opinion]", "材料齐全，同意报省。")
    page.click("#review button[type=submit]")
    page.wait_for_url("**/course-applications/")
    application.refresh_from_db()
    assert application.status == CourseApplication.Status.PROVINCE_REVIEW

    # The province approves, and the course is in the catalog.
    page.click("text=退出")
    login(page, "admin_province", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto(f"/course-applications/{application.pk}/")
    page.check("#review input[value=approve]")
    page.click("#review button[type=submit]")
    page.wait_for_url("**/course-applications/")
    application.refresh_from_db()
    assert application.status == CourseApplication.Status.APPROVED
    assert [s.authority for s in application.steps.order_by("id")] == ["BASE", "CITY", "PROVINCE"]
    page.goto("/courses/?q=基层护理")
    page.click(f"a[href='/courses/{course.pk}/']")
    assert "基层护理质量管理实务" in page.inner_text("h1")

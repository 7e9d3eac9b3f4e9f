"""A learner who completed a course evaluates it on a phone: the enrolment page's star radio
groups (keyboard and label clicks), the comment counter, the htmx answer; no CSP violation and
no axe barrier before or after; then the public course page shows the summary."""

from __future__ import annotations

from typing import Any

import pytest

from jxjy.conftest import PASSWORD
from jxjy.evaluations.models import CourseEvaluation
from jxjy.learning.services import enrolment_complete
from jxjy.learning.testing import enrol, make_course

from .conftest import login
from .test_accessibility import axe_violations
from .test_csp_no_violations import LISTEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_learner_evaluates_a_completed_course_on_a_phone(cast: Any, page: Any) -> None:
    course = make_course(cast.provincial_base, title="软件项目进度管理")
    enrolment = enrolment_complete(enrolment=enrol(cast.learner_yanta, course))
    console: list[str] = []
    page.context.add_init_script(LISTEN)
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, "learner_yanta", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto(f"/study/enrolments/{enrolment.pk}/")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, "evaluation form") == []

    form = page.locator("#evaluation-form")
    for group, stars in (("总体评价", "4 星"), ("内容实用性", "5 星"), ("讲授水平", "4 星")):
        form.get_by_role("group", name=group).get_by_text(stars, exact=True).click()
    # The last group by keyboard, as a radio group works: focus, then the arrow keys.
    page.locator("#video-1").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator("#video-3").is_checked()
    page.fill("#evaluation-comment", "案例实用")
    assert page.locator("#evaluation-comment-count").inner_text() == "已输入 4 / 500 字"
    form.get_by_role("button", name="提交评价").click()
    page.locator("#evaluation-done").wait_for()
    assert page.locator('#evaluation[data-evaluated="1"]').count() == 1
    saved = CourseEvaluation.objects.get()
    assert saved.scores() == {"overall": 4, "content": 5, "teaching": 4, "video": 3} and saved.comment == "案例实用"
    assert axe_violations(page, "evaluation card") == []
    assert page.evaluate("window.__csp") == [] and console == []

    page.goto(f"/courses/{course.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#evaluation-overall").inner_text() == "4.0"
    assert "李**" in page.locator("#evaluations").inner_text()
    bar = page.locator('#evaluations tr[data-stars="4"] .progress > span').bounding_box()
    track = page.locator('#evaluations tr[data-stars="4"] .progress').bounding_box()
    assert bar is not None and track is not None and abs(bar["width"] - track["width"]) < 1
    assert axe_violations(page, "course page") == []
    assert page.evaluate("window.__csp") == [] and console == []

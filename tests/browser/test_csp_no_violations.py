"""The Content Security Policy blocks nothing the platform itself serves: every main page of every
role, the lecture player, the charts, the course application and the sandbox portal load in
Chromium without one `securitypolicyviolation` event or "Refused to …" console message, each fits
a phone's width (test_pages_fit_a_phone.py) and each passes axe's WCAG A/AA check
(test_accessibility.py): one walk, three checks. A control injection proves the listener hears a
violation when there is one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from jxjy.core.personas import DEMO_PASSWORD
from jxjy.core.testing import page_wait

from .conftest import login
from .test_accessibility import axe_violations
from .test_pages_fit_a_phone import PAGES, too_wide

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Runs before any page script (and is not itself subject to the page's policy).
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.effectiveDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber
                    + ' ' + (e.sample || ''));
});
"""


def _watch(context: Any, console: list[str]) -> Any:
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    return page


def _visit(page: Any, path: str, who: str, found: list[str], console: list[str], wide: list[str],
           barriers: list[str]) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{who} {path}: {response and response.status}"
    assert "default-src 'self'" in (response.headers.get("content-security-policy") or ""), f"{who} {path}"
    page.wait_for_load_state("networkidle")
    found.extend(f"{who} {path}: {v}" for v in page.evaluate("window.__csp"))
    found.extend(f"{who} {path}: {m}" for m in console)
    console.clear()
    if (too_far := too_wide(page)) is not None:
        wide.append(f"{who} {path}: {too_far}")
    barriers.extend(axe_violations(page, f"{who} {path}"))


def _extra_pages() -> dict[str, list[str]]:
    from jxjy.catalog.models import CourseApplication, Lecture
    from jxjy.learning.models import Enrolment
    from jxjy.reviews.models import ReviewRound

    enrolment = Enrolment.objects.filter(learner__user__username="learner_yanta", course__lectures__video__gt="").first()
    assert enrolment is not None, "the demo has a learner_yanta enrolment with a lecture video"
    lecture = Lecture.objects.filter(course=enrolment.course).exclude(video="").order_by("number").first()
    application = CourseApplication.objects.filter(base__admins__username="base_provincial").first()
    rounds = list(ReviewRound.objects.values_list("pk", flat=True))
    return {
        "learner_yanta": [f"/courses/{enrolment.course_id}/", f"/study/lectures/{lecture.pk}/?enrolment={enrolment.pk}"],
        "base_provincial": [f"/course-applications/{application.pk}/"] if application else [],
        "admin_province": [f"/reviews/rounds/{pk}/" for pk in rounds] + ["/django-admin/"],
    }


def test_main_pages_raise_no_csp_violation_fit_a_phone_and_pass_axe(open_context: Any) -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
    extra = _extra_pages()
    found: list[str] = []
    console: list[str] = []
    wide: list[str] = []
    barriers: list[str] = []
    for username, paths in PAGES.items():
        page = _watch(open_context(), console)
        if username:
            login(page, username, DEMO_PASSWORD)
            page.wait_for_url("**/dashboard/")
        for path in [*paths, *extra.get(username or "", [])]:
            _visit(page, path, username or "anyone", found, console, wide, barriers)
        if username == "admin_province":
            # The charts' tooltips are HTML that ECharts writes: hover one.
            page.goto("/stats/")
            page.wait_for_selector("#completion[data-loaded]", timeout=15_000)
            box = page.locator("#chart-completion").bounding_box()
            assert box is not None
            for fx in (0.3, 0.5, 0.7):
                for fy in (0.3, 0.45, 0.6):
                    page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                    page.wait_for_timeout(150)
            found.extend(f"stats tooltip: {v}" for v in page.evaluate("window.__csp"))
    assert found == []
    assert wide == []
    assert barriers == [], "\n".join(barriers)


def test_the_listener_hears_a_blocked_inline_script_and_style(page: Any) -> None:
    console: list[str] = []
    page = _watch(page.context, console)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => {
      const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s);
      document.body.insertAdjacentHTML('beforeend', '<p style="color:red">x</p>');
    }""")
    page_wait(page, "window.__csp.length >= 2", timeout=5_000)
    assert page.evaluate("window.__ran") is None
    directives = " ".join(page.evaluate("window.__csp"))
    assert "script-src" in directives and "style-src" in directives

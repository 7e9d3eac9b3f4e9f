"""Every page a role uses fits a phone's width (the WeChat web view, 390 px): nothing makes the
page scroll sideways. Wide tables scroll inside their own box (.table-wrap) instead. Run on the demo data, so
the pages hold real rows, long names and charts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from jxjy.core.personas import DEMO_PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PAGES: dict[str | None, list[str]] = {
    None: ["/", "/courses/", "/login/", "/register/", "/certificates/verify/", "/policy/", "/policy/faq/",
           "/billing/invoices/verify/"],
    "learner_yanta": ["/dashboard/", "/study/", "/study/claims/", "/certificates/mine/", "/complaints/mine/",
                      "/consultations/", "/notices/", "/sessions/", "/billing/orders/"],
    "employer_yanta": ["/dashboard/", "/claims/", "/billing/employer/"],
    "base_provincial": ["/dashboard/", "/course-applications/", "/base/sessions/", "/exams/banks/",
                        "/courseware/check/", "/reviews/mine/", "/complaints/"],
    "admin_xian": ["/dashboard/", "/org/learners/", "/complaints/", "/consultations/queue/", "/stats/"],
    "admin_province": ["/dashboard/", "/stats/", "/reviews/", "/audit/", "/billing/reconciliation/",
                       "/billing/reports/", "/credits/corrections/", "/org/bases/", "/org/employers/"],
}

# How far the page's content reaches past the viewport's right edge, in CSS pixels.
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The widest elements sticking out, to say what to fix.
CULPRITS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => !e.closest('.table-wrap'))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                    (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))"""


def test_every_page_fits_a_phone(open_context: Any) -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
    too_wide: list[str] = []
    for username, paths in PAGES.items():
        page = open_context().new_page()
        if username:
            login(page, username, DEMO_PASSWORD)
            page.wait_for_url("**/dashboard/")
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, f"{username} {path}: {response and response.status}"
            page.wait_for_load_state("networkidle")
            overflow = page.evaluate(OVERFLOW)
            if overflow > 1:
                too_wide.append(f"{username or 'anyone'} {path}: {overflow}px {page.evaluate(CULPRITS)}")
    assert too_wide == []

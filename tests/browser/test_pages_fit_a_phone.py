"""Every page a role uses fits a phone's width (the WeChat web view, 390 px): nothing makes the
page scroll sideways. Wide tables scroll inside their own box (.table-wrap) instead. The pages are
walked on the demo data (real rows, long names, charts) by test_csp_no_violations.py, which
checks each page with `too_wide` here."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PAGES: dict[str | None, list[str]] = {
    None: ["/", "/courses/", "/login/", "/register/", "/certificates/verify/", "/policy/", "/policy/faq/",
           "/billing/invoices/verify/", "/password/forgot/", "/privacy/"],
    "learner_yanta": ["/dashboard/", "/study/", "/study/claims/", "/certificates/mine/", "/complaints/mine/",
                      "/consultations/", "/notices/", "/sessions/", "/billing/orders/", "/account/",
                      "/account/data/", "/account/cancel/",
                      # Forms (every control labelled: test_accessibility.py).
                      "/study/claims/new/", "/consultations/new/", "/complaints/new/"],
    "employer_yanta": ["/dashboard/", "/claims/", "/billing/employer/"],
    "base_provincial": ["/dashboard/", "/course-applications/", "/base/sessions/", "/exams/banks/",
                        "/courseware/check/", "/reviews/mine/", "/complaints/", "/evaluations/"],
    "admin_xian": ["/dashboard/", "/org/learners/", "/complaints/", "/consultations/queue/", "/stats/"],
    "admin_province": ["/dashboard/", "/stats/", "/reviews/", "/audit/", "/billing/reconciliation/",
                       "/billing/reports/", "/credits/corrections/", "/org/bases/", "/org/employers/",
                       "/staff-accounts/", "/notices/sms-sandbox/", "/evaluations/"],
}

# How far the page's content reaches past the viewport's right edge, in CSS pixels.
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The widest elements sticking out, to say what to fix.
CULPRITS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => !e.closest('.table-wrap'))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                    (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))"""


def too_wide(page: Any) -> str | None:
    """How far the page reaches past a phone's width and the widest elements sticking out, or None
    when it fits. Called on every page by test_csp_no_violations.py's walk (one walk serves
    both checks: seeding the demo and visiting every page take half a minute)."""
    overflow = page.evaluate(OVERFLOW)
    return f"{overflow}px {page.evaluate(CULPRITS)}" if overflow > 1 else None


def test_a_page_wider_than_the_phone_is_found_and_its_culprit_named(page: Any) -> None:
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert too_wide(page) is None
    page.evaluate("""document.querySelector('main').insertAdjacentHTML('beforeend',
                     '<table id="wide"><tr><td>' + 'x'.repeat(300) + '</td></tr></table>')""")
    found = too_wide(page)
    assert found is not None and "table#wide" in found
    # Inside a .table-wrap box the table scrolls on its own and the page fits.
    page.evaluate("""(() => { const w = document.createElement('div'); w.className = 'table-wrap';
                     const t = document.getElementById('wide'); t.replaceWith(w); w.appendChild(t); })()""")
    assert too_wide(page) is None

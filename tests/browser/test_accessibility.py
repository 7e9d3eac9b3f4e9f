"""Every page a role uses passes an automated accessibility check: axe-core with the WCAG 2.0/2.1/2.2
A and AA rules (what the 2020 MIIT ageing-friendly and accessibility programme and GB/T 37668 ask
of public-service sites) finds nothing of impact "serious" or "critical". The pages are walked on
the demo data by test_csp_no_violations.py, which checks each page with `axe_violations` here (one
walk serves the three checks: seeding the demo and visiting every page take half a minute).

A control plants violations and sees axe report them, and the header's 大字版 (large text) toggle
is driven as a person would: it enlarges the text, says so through aria-pressed, and is
remembered on the next page."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from .test_pages_fit_a_phone import too_wide

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}

# axe.run resolves to the results; only what the failure message needs comes back.
RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any, where: str) -> list[str]:
    """Serious and critical WCAG A/AA violations on the page as it is now, one line each: rule,
    page, the first offending elements. axe is injected through page.evaluate, which the page's
    Content Security Policy does not govern (a <script> tag would be refused)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return [f"{v['id']} ({v['impact']}) {where}: {v['help']} → {v['targets']}"
            for v in page.evaluate(RUN, TAGS) if v["impact"] in BLOCKING]


def test_axe_reports_a_planted_image_without_alt_and_an_unlabelled_input(page: Any) -> None:
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, "/") == []
    page.evaluate("""document.querySelector('main').insertAdjacentHTML('beforeend',
                     '<img src="/static/none.png" id="planted-img"><input type="text" id="planted-input">')""")
    found = " ".join(axe_violations(page, "/"))
    assert "image-alt" in found and "#planted-img" in found
    assert "label" in found and "#planted-input" in found


def _font_px(page: Any, selector: str) -> float:
    return float(page.evaluate(f"parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)"))


def test_large_text_toggle_enlarges_the_text_says_so_and_is_remembered(page: Any) -> None:
    page.goto("/")
    page.wait_for_load_state("networkidle")
    toggle = page.locator("header [data-text-size]")
    assert toggle.is_visible() and toggle.inner_text() == "大字版"
    assert toggle.get_attribute("aria-pressed") == "false"
    normal = _font_px(page, "main p")
    # The keyboard reaches it: the first Tab lands on the skip link, which shows itself.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    toggle.focus()
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert _font_px(page, "main p") >= normal * 1.2
    assert too_wide(page) is None and axe_violations(page, "/ (large text)") == []

    # The next page comes large from the server (the cookie), before any script runs.
    response = page.goto("/courses/")
    assert response is not None and '<html lang="zh-hans" class="text-large">' in response.text()
    page.wait_for_load_state("networkidle")
    assert page.locator("header [data-text-size]").get_attribute("aria-pressed") == "true"
    assert _font_px(page, "main h1") > _font_px(page, "main p")
    assert too_wide(page) is None

    page.locator("header [data-text-size]").click()
    assert page.locator("header [data-text-size]").get_attribute("aria-pressed") == "false"
    assert _font_px(page, "body") == 16
    response = page.goto("/")
    assert response is not None and "text-large" not in response.text()
    assert _font_px(page, "main p") == normal


def test_the_page_language_follows_the_chosen_language(page: Any) -> None:
    page.goto("/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    page.click("footer button[name=language][value=en]")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("header [data-text-size]").inner_text() == "Large text"

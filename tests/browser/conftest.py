"""Journeys in a real browser: Playwright driving Debian's chromium (never a downloaded one)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("JXJY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright runs its own event loop in the test thread; Django's async-safety check would
# otherwise refuse the ORM calls the tests make between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # A phone-sized viewport: the WeChat web view is the smallest screen we serve.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                  base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def login(page: Any, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")

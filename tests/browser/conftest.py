"""Journeys in a real browser: Playwright driving Debian's chromium (never a downloaded one)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # A phone-sized viewport: the WeChat web view is the smallest screen we serve.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                  base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def open_context(browser: Any, live_server: Any) -> Iterator[Any]:
    """`open_context()` → another phone-sized browser context (a second person), closed at the
    end of the test even when it fails."""
    opened: list[Any] = []

    def open_one() -> Any:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                      base_url=live_server.url)
        opened.append(context)
        return context

    yield open_one
    for context in opened:
        context.close()


def login(page: Any, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")

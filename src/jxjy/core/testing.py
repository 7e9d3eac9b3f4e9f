"""Shared test fixtures (a pytest plugin, loaded by the root conftest.py): the personas, an API client, one browser."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from jxjy.accounts.auth import token_issue
from jxjy.accounts.models import User
from jxjy.core.personas import Cast, build_cast

PASSWORD = "Test@2020pw"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    # Argon2 is the production hasher (see test_passwords_use_argon2); tests sign in hundreds of
    # times, so they use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: Any) -> Cast:
    return build_cast(PASSWORD)


class Api:
    """Calls /api/v1 as one user with a bearer token, as a partner system would."""

    def __init__(self, user: User | None = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            self.headers["Authorization"] = f"Bearer {token_issue(user=user)}"

    def _url(self, path: str) -> str:
        return path if path.startswith("/") else f"/api/v1/{path}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self._url(path), params, headers=self.headers)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        if "files" in kwargs:
            payload = {**(data or {}), **kwargs.pop("files")}
            return self.client.post(self._url(path), payload, headers=self.headers)
        return self.client.post(self._url(path), json.dumps(data if data is not None else {}),
                                content_type="application/json", headers=self.headers)

    def put(self, path: str, data: Any = None) -> Any:
        return self.client.put(self._url(path), json.dumps(data or {}), content_type="application/json",
                               headers=self.headers)

    def patch(self, path: str, data: Any = None) -> Any:
        return self.client.patch(self._url(path), json.dumps(data or {}), content_type="application/json",
                                 headers=self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(self._url(path), headers=self.headers)


@pytest.fixture
def api() -> Any:
    """`api(user)` → an Api client signed in as that user; `api()` → anonymous."""
    return Api


CHROMIUM = os.environ.get("JXJY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Debian chromium per test process, driven by Playwright (never a downloaded browser).

    Session-wide and shared by every browser test: two Playwright sync instances cannot run in
    one thread at once.
    """
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    # Playwright runs its own event loop in the test thread; Django's async-safety check would
    # otherwise refuse the ORM calls the tests make between browser steps.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--autoplay-policy=no-user-gesture-required"])
        yield chromium
        # Closing has no timeout of its own: should chromium not exit, its processes are killed
        # after a minute, which ends the wait (a hung close would otherwise hang the run).
        watchdog = threading.Timer(60, _kill_browser_processes)
        watchdog.start()
        try:
            chromium.close()
        finally:
            watchdog.cancel()


def _kill_browser_processes() -> None:
    """Kills the chromium processes below this test process (read from /proc: Linux only)."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    head, _, tail = stat.read().rpartition(")")
            except OSError:
                continue
            parents[int(entry)] = int(tail.split()[1])
            names[int(entry)] = head.partition("(")[2]
    below: set[int] = set()
    frontier = {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - below
        below |= frontier
    for pid in below:
        if "chrom" in names.get(pid, ""):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def page_wait(page: Any, expression: str, *, timeout: float = 30_000, interval: float = 50) -> None:
    """Waits until a JavaScript expression is true in the page, at most `timeout` ms.

    Instead of Playwright's page.wait_for_function, which compiles a string predicate inside the
    page: the Content Security Policy refuses that ('unsafe-eval'). page.evaluate goes through
    the DevTools protocol, which the page's policy does not govern.
    """
    import time

    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout:.0f} ms: {expression}")
        page.wait_for_timeout(interval)

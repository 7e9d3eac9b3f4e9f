"""Accounts' test helpers: a fresh cache (rate limits are counted there), after-commit work run
(texts are delivered after the commit), and the last code the SMS sandbox received for a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from jxjy.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """`with committed(): action` runs the action's after-commit callbacks (the text's delivery)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def sandbox_code(phone: str) -> str | None:
    from jxjy.notices.models import SandboxSms

    row = SandboxSms.objects.filter(phone=phone).order_by("-id").first()
    if row is None:
        return None
    found = re.search(r"\d{6}", row.text)
    return found.group(0) if found else None


def signed_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    res = client.post("/login/", {"login": username, "password": password})
    assert res.status_code == 302, res.content[:500]
    return client

"""Notices' test helpers: events run their after-commit work (the tests' transaction never
commits), a throwaway media root for evidence files, and the catalog's application fixture."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from jxjy.catalog.tests.conftest import media, ready, seams  # noqa: F401
from jxjy.notices.models import Notice


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _platform_language_after() -> Any:
    # A request with the English cookie activates English in this thread (the language middleware
    # does not deactivate it afterwards): the next test starts in the platform's language again.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """`with committed(): action` runs the action's after-commit callbacks (notices, texts)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def notices_of(user: Any, kind: str | None = None) -> list[Notice]:
    qs = Notice.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)

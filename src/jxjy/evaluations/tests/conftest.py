"""Evaluations' fixtures: a settable clock, a course of each demo base, and enrolments completed
through learning's own service (what crediting the hours does once lectures and exam are done)."""

from __future__ import annotations

from typing import Any

import pytest

from jxjy.learning.services import enrolment_complete
from jxjy.learning.testing import FakeClock, enrol, make_course

GOOD = {"overall": 5, "content": 4, "teaching": 4, "video": 3, "comment": "  很实用  "}


@pytest.fixture
def clock(monkeypatch: Any) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr("jxjy.core.clock.now", fake.now)
    return fake


@pytest.fixture
def course(cast: Any) -> Any:
    return make_course(cast.provincial_base, title="软件项目进度管理")


@pytest.fixture
def weinan_course(cast: Any) -> Any:
    return make_course(cast.weinan_base, title="基层护理质量管理")


def completed(user: Any, course: Any) -> Any:
    return enrolment_complete(enrolment=enrol(user, course))


@pytest.fixture
def enrolment(cast: Any, course: Any, clock: FakeClock) -> Any:
    return completed(cast.learner_yanta, course)


@pytest.fixture
def url(enrolment: Any) -> str:
    return f"enrolments/{enrolment.pk}/evaluation"

from typing import Any

import pytest

from jxjy.learning.testing import FakeClock, enrol, make_course


@pytest.fixture
def clock(monkeypatch: Any) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr("jxjy.core.clock.now", fake.now)
    return fake


@pytest.fixture
def course(cast: Any) -> Any:
    return make_course(cast.provincial_base)


@pytest.fixture
def enrolment(cast: Any, course: Any, clock: FakeClock) -> Any:
    return enrol(cast.learner_yanta, course)


@pytest.fixture
def exam_passed(monkeypatch: Any) -> None:
    monkeypatch.setattr("jxjy.credits.services._exam_passed", lambda enrolment: True)

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


@pytest.fixture
def python_heartbeat(settings: Any) -> None:
    """Heartbeats take the Python path (read, crediting core, guarded write) even on PostgreSQL,
    where they otherwise run as one call of the database function."""
    settings.JXJY_HEARTBEAT_SQL_FUNCTION = False


@pytest.fixture(params=["python", "function"])
def heartbeat_path(request: Any, settings: Any) -> str:
    """Each of the heartbeat's two paths in turn (the function only on PostgreSQL)."""
    from django.db import connection

    if request.param == "function" and connection.vendor != "postgresql":
        pytest.skip("the heartbeat's database function is PostgreSQL's")
    settings.JXJY_HEARTBEAT_SQL_FUNCTION = request.param == "function"
    return str(request.param)

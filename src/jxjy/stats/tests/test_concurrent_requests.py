"""The statistics page fetches its charts at once. Served by the test's live server, such requests
once deadlocked a CI run: Django shares an in-memory SQLite database's one connection between
the test and every server thread, and two threads inside one SQLite connection can deadlock when
a query calls a Python SQL function (SQLite's date functions for `__year` and `ExtractMonth`).
The suite's SQLite test database is therefore a file, and each thread has its own connection.
"""

from __future__ import annotations

import json
import threading
import urllib.request

import pytest
from django.db import connection

from jxjy.accounts.auth import token_issue

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 16


def test_the_test_database_is_never_sqlites_shared_in_memory_one():
    # pytest-django's live server shares the test's connection with its threads exactly when this
    # is true (see the module docstring).
    assert connection.vendor != "sqlite" or not connection.is_in_memory_db()


def test_chart_requests_sent_at_once_all_answer(live_server, cast, shop):
    token = token_issue(user=cast.province_admin)
    paths = ["revenue", "hours", "completion", "courses"]
    answers: list[tuple[str, int, dict]] = []
    errors: list[str] = []

    def fetch(path: str) -> None:
        request = urllib.request.Request(f"{live_server.url}/api/v1/stats/{path}?year=2020",
                                         headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                answers.append((path, response.status, json.loads(response.read())))
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(f"{path}: {exc!r}")

    threads = [threading.Thread(target=fetch, args=(paths[i % len(paths)],)) for i in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request never answered"
    assert errors == []
    assert len(answers) == REQUESTS and {status for _path, status, _body in answers} == {200}
    # The answers are the real figures: two paid orders this year, whatever the interleaving.
    paid = [body for path, _status, body in answers if path == "revenue"]
    assert len(paid) == REQUESTS // len(paths)
    assert all(sum(m["paid_orders"] for m in body["months"]) == 2 for body in paid)

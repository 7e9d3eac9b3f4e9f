"""No credited second is lost or counted twice when the server dies in the middle of heartbeats.

The app runs under gunicorn (the project's gunicorn.conf.py: 2 workers of 4 threads) on a file
SQLite database (and, in test_kill9_postgres.py, on PostgreSQL, where a heartbeat is one call of
the database function). Three threads send heartbeats (two of them share one playback, so its heartbeats race and are serialised by the row lock);
the server is killed with SIGKILL mid-traffic and restarted, and the heartbeats that were in
flight are sent again with their seq. Then:

- everything acknowledged before the kill is stored (stored ≥ acknowledged); the difference is
  what heartbeats committed just before the kill earned, whose answers never arrived;
- a resent heartbeat adds exactly what it answers: 0 if it had been committed (a replayed seq),
  its credit if not, so nothing is counted twice;
- the watched stretches hold exactly the credited time.

With no answer lost, stored equals acknowledged to the millisecond.

Real time is used (the heartbeat credit is measured by the server's clock); a made-up plan
raises the rate cap so that a second of traffic credits plenty.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
SETUP = r"""
import json, django
django.setup()
from django.conf import settings
# Nobody signs in with a password here (tokens are issued directly): skip Argon2's cost.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.core.management import call_command
call_command("migrate", verbosity=0)
from jxjy.accounts.auth import token_issue
from jxjy.core.personas import build_cast
from jxjy.learning.models import Playback
from jxjy.learning.services import playback_start
from jxjy.learning.testing import enrol, make_course, publish_year
cast = build_cast("Durable@2020")
publish_year(cast.province_admin, {"playback_rate_cap": "50.00", "presence_check_minutes": 0})
course = make_course(cast.provincial_base, lectures=1, duration=36000)
lecture = course.lectures.get()
out = {}
for user in (cast.learner_yanta, cast.learner_baishui):
    enrol(user, course)
    started = playback_start(learner=user.learner, lecture=lecture)
    out[user.username] = {"token": token_issue(user=user), "playback": started.playback.pk}
print(json.dumps(out))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict, workdir: Path) -> None:
        self.env, self.workdir, self.port, self.proc = env, workdir, _free_port(), None

    def start(self) -> None:
        log = open(self.workdir / "gunicorn.log", "ab")  # noqa: SIM115 - kept open for the process
        gunicorn = shutil.which("gunicorn", path=str(BIN)) or "gunicorn"
        self.proc = subprocess.Popen(
            # The production server settings (threaded workers), with two worker processes.
            [gunicorn, "jxjy.wsgi:application", "-c", str(ROOT / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "30"], env=self.env, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1).read()
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        raise RuntimeError((self.workdir / "gunicorn.log").read_text()[-3000:])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill9(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def heartbeat(url: str, token: str, playback: int, seq: int, position: float) -> dict:
    request = urllib.request.Request(
        f"{url}/api/v1/playbacks/{playback}/heartbeat", method="POST",
        data=json.dumps({"seq": seq, "position": position, "rate": 1.0}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


class Traffic:
    """Heartbeats of one playback; `acked` sums the credited milliseconds the server answered."""

    def __init__(self, token: str, playback: int) -> None:
        self.token, self.playback = token, playback
        self.seq = itertools.count(1)
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.acked = 0
        self.in_flight: list[tuple[int, float]] = []
        self.answered = 0

    def run(self, url: str, stop: threading.Event) -> None:
        while not stop.is_set():
            with self.lock:
                seq = next(self.seq)
                # A player at 40× real time: under the made-up cap of 50×, so every second counts.
                position = round((time.monotonic() - self.started) * 40, 3)
                self.in_flight.append((seq, position))
            try:
                body = heartbeat(url, self.token, self.playback, seq, position)
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, OSError):
                return  # the server is gone; this heartbeat stays in flight
            with self.lock:
                self.acked += round(body["credited_seconds"] * 1000)
                self.in_flight.remove((seq, position))
                self.answered += 1
            time.sleep(0.01)


def stored(db: Path) -> tuple[dict[int, int], int]:
    with sqlite3.connect(db) as conn:
        playbacks = dict(conn.execute("SELECT id, credited_ms FROM learning_playback"))
        watched = conn.execute("SELECT COALESCE(SUM(watched_ms), 0) FROM learning_lectureprogress").fetchone()[0]
    return playbacks, watched


def run_and_kill(env: dict, workdir: Path) -> tuple[Server, Traffic, Traffic]:
    """Sets up the learners, serves them under gunicorn, sends heartbeat traffic from three
    threads and kills the server with SIGKILL mid-traffic. The caller restarts and stops it."""
    setup = subprocess.run([sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=120)
    assert setup.returncode == 0, setup.stderr[-3000:]
    people = json.loads(setup.stdout.strip().splitlines()[-1])
    server = Server(env, workdir)
    server.start()
    yanta = Traffic(people["learner_yanta"]["token"], people["learner_yanta"]["playback"])
    baishui = Traffic(people["learner_baishui"]["token"], people["learner_baishui"]["playback"])
    stop = threading.Event()
    # Two threads share yanta's playback: their heartbeats race and arrive out of order.
    threads = [threading.Thread(target=t.run, args=(server.url, stop)) for t in (yanta, yanta, baishui)]
    for thread in threads:
        thread.start()
    # Kill mid-traffic, once both playbacks have had a fair number of answers (a loaded CI
    # machine answers more slowly).
    deadline = time.monotonic() + 20
    while min(yanta.answered, baishui.answered) < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    server.kill9()
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    assert yanta.answered > 5 and baishui.answered > 5, "too little traffic before the kill"
    return server, yanta, baishui


def recovers_exactly(server: Server, yanta: Traffic, baishui: Traffic,
                     read: Callable[[], tuple[dict[int, int], int]]) -> None:
    """After the kill: everything acknowledged survived, and once restarted, the heartbeats that
    were in flight, resent with their seq, add exactly what they answer. `read` gives the stored
    credit per playback and the watched total (SQLite or PostgreSQL)."""
    before, _watched = read()
    for traffic in (yanta, baishui):
        # Everything acknowledged survived the kill.
        assert before[traffic.playback] >= traffic.acked > 0
        # Only heartbeats still in flight can have been stored unanswered.
        assert before[traffic.playback] == traffic.acked or traffic.in_flight

    server.start()
    resent = {}
    for traffic in (yanta, baishui):
        resent[traffic.playback] = 0
        for seq, position in sorted(traffic.in_flight):
            body = heartbeat(server.url, traffic.token, traffic.playback, seq, position)
            resent[traffic.playback] += round(body["credited_seconds"] * 1000)
    after, watched = read()
    for traffic in (yanta, baishui):
        # A resent heartbeat adds exactly what it answers (0 when it had been stored already).
        assert after[traffic.playback] == before[traffic.playback] + resent[traffic.playback]
    # The watched stretches hold exactly the credited time: nothing counted twice.
    assert watched == after[yanta.playback] + after[baishui.playback]


def test_kill_9_mid_heartbeats_loses_no_acknowledged_second_and_counts_none_twice(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JXJY_FROZEN_NOW")}
    env.update({"JXJY_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "jxjy.settings", "JXJY_DEBUG": "0",
                "JXJY_ALLOWED_HOSTS": "127.0.0.1,localhost", "JXJY_LOG_LEVEL": "WARNING",
                "JXJY_SECRET_KEY": "test-only-" + "k" * 50, "JXJY_HTTPS": "0"})
    db = tmp_path / "jxjy.sqlite3"
    server, yanta, baishui = run_and_kill(env, tmp_path)
    try:
        recovers_exactly(server, yanta, baishui, lambda: stored(db))
    finally:
        server.stop()

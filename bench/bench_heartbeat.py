"""Heartbeat throughput: the app under gunicorn (the project's gunicorn.conf.py) against a bare
Django JSON view served by the same server and workers, and the database writes one heartbeat costs.

    .venv/bin/python bench/bench_heartbeat.py [--rounds 6] [--seconds 3] [--clients 8] [--quick]

Database: PostgreSQL when DATABASE_URL is set (a scratch database `jxjy_bench_heartbeat` is
created on that server and dropped afterwards), else a scratch SQLite file (WAL). The bare view
is served by the same gunicorn, workers, settings and middleware, and parses the same JSON body;
the heartbeat is the real `POST /api/v1/playbacks/{id}/heartbeat` (bearer sign-in, the crediting
core, a durable commit of what it credits), measured twice: signed in by a bearer token (the API's
clients), and as the lecture page's player sends it (the path most learners take): the playback's
player key, with the session cookie and CSRF token that answer should the key be refused. Load comes from several client processes, one
learner and playback per client thread, a new connection per request for every kind alike.
`--workers N` and `--threads N` override gunicorn.conf.py for both (`--threads 1`: sync workers).

Two references are measured beside them, on the same server: the bare view plus one durable
single-row UPDATE of the client's playback (what this machine allows any heartbeat that stores
what it credits: a heartbeat cannot be faster), and the project's NinjaAPI with token sign-in
around a do-nothing endpoint.

The kinds alternate in short rounds, so that the machine's background load falls on all of them
alike; the ratio is given both ways: best round against best round, and the median of the
ratios of rounds run back to back. Statements, writes and commits per heartbeat are counted from
Django's query log of one heartbeat (a statement that updates two tables counts two writes; a
write outside BEGIN … COMMIT commits on its own); on PostgreSQL, where the heartbeat is one call
of a function, the rows it changed and the transactions it committed are also read from the
server's own statistics (pg_stat_user_tables, pg_stat_database) around a run of heartbeats. The
CPU each request costs is split between the app server, the database and the rest (mostly the
load clients), from /proc, and the share of the machine left idle is shown: on 2 cores the
database shares the CPU with the app and the clients.

Target: heartbeat requests/second ≥ 0.5 × the bare view's.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent
BENCH_DB = "jxjy_bench_heartbeat"

SETTINGS = """
from jxjy.settings import *  # noqa: F401,F403
from jxjy.settings import LOGGING

ROOT_URLCONF = "bench_urls"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["root"]["level"] = "ERROR"
"""

URLS = """
import json

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from jxjy.urls import urlpatterns as app_urlpatterns


@csrf_exempt
def bare(request):
    body = json.loads(request.body or b"{}")
    return JsonResponse({"credited_seconds": 0, "progress": 0.0, "completed": False, "presence_check": None,
                         "seq": body.get("seq")})


from django.db import connection


@csrf_exempt
def durable_write(request, playback_id):
    # The bare view plus one durable single-row UPDATE: the ceiling of any stored heartbeat.
    body = json.loads(request.body or b"{}")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE learning_playback SET last_rate = last_rate WHERE id = %s", [playback_id])
    return JsonResponse({"credited_seconds": 0, "progress": 0.0, "completed": False, "presence_check": None,
                         "seq": body.get("seq")})


# The floor of any API call: the project's NinjaAPI set-up (token auth, renderer) with an endpoint
# that only parses the heartbeat body, so the heartbeat's own cost can be told apart.
from ninja import NinjaAPI, Schema

from jxjy.accounts.auth import api_auth
from jxjy.core.json import JxjyJSONRenderer

floor_api = NinjaAPI(auth=api_auth, renderer=JxjyJSONRenderer(), urls_namespace="bench_floor", docs_url=None)


class BeatIn(Schema):
    seq: int
    position: float
    rate: float = 1.0


@floor_api.post("/beat")
def beat(request, payload: BeatIn):
    return {"credited_seconds": 0, "progress": 0.0, "completed": False, "presence_check": None}


urlpatterns = [path("bench/bare", bare), path("bench/write/<int:playback_id>", durable_write),
               path("bench/floor/", floor_api.urls), *app_urlpatterns]
"""

SETUP = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from jxjy.accounts.auth import token_issue
from jxjy.accounts.models import Learner, User
from jxjy.accounts.validators import make_id_number
from jxjy.core.personas import build_cast
from jxjy.learning.services import playback_start
from jxjy.learning.testing import enrol, make_course, publish_year
from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.utils.crypto import get_random_string
cast = build_cast("Bench@2020pw")
# No presence checks, so that every client keeps earning time for the whole run.
publish_year(cast.province_admin, {"presence_check_minutes": 0})
course = make_course(cast.provincial_base, lectures=1, duration=36000)
lecture = course.lectures.get()
clients = []
for i in range(int(sys.argv[1])):
    user = User.objects.create(username=f"bench{i}", role=User.Role.LEARNER, display_name=f"bench{i}")
    learner = Learner.objects.create(user=user, id_number=make_id_number("610113", "19900101", f"{i % 1000:03d}")
                                     if i < 1000 else f"B{i:017d}", name=f"压测{i}", phone="13900000000",
                                     employer=cast.yanta_employer, specialty=cast.learner_yanta.learner.specialty,
                                     affiliation=Learner.Affiliation.CONFIRMED)
    enrol(user, course)
    started = playback_start(learner=learner, lecture=lecture)
    # A browser's sign-in too: the session cookie and a CSRF secret sent back as the header.
    browser = Client()
    browser.force_login(user)
    csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    clients.append({"token": token_issue(user=user), "playback": started.playback.pk, "csrf": csrf,
                    "session": browser.cookies[settings.SESSION_COOKIE_NAME].value,
                    "player": started.player_token})
print(json.dumps(clients))
"""

WRITES = """
import json, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from jxjy.learning.models import Playback

clients = json.loads(open(__import__("sys").argv[1]).read())
c = clients[0]
playback = Playback.objects.get(pk=c["playback"])
client = Client()
headers = {"Authorization": "Bearer " + c["token"]}
url = f"/api/v1/playbacks/{c['playback']}/heartbeat"
seq = playback.last_seq
position = playback.last_position_ms / 1000
from jxjy.accounts.models import User

browser = Client()
browser.force_login(User.objects.get(pk=playback.learner.user_id))
samples = []
for auth in ("bearer", "bearer", "bearer", "session", "session", "player", "player"):
    time.sleep(0.05)
    seq += 1
    position += 0.05
    with CaptureQueriesContext(connection) as ctx:
        res = (client if auth == "bearer" else browser).post(
            url, json.dumps({"seq": seq, "position": position, "rate": 1.0}), content_type="application/json",
            headers=headers if auth == "bearer" else
            {"Authorization": "Bearer " + c["player"]} if auth == "player" else {})
    assert res.status_code == 200, res.content
    samples.append({"auth": auth, "sql": [q["sql"] for q in ctx.captured_queries],
                    "credited": res.json()["credited_seconds"]})
stats = None
if connection.vendor == "postgresql":
    def counters():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT coalesce(sum(n_tup_upd + n_tup_ins + n_tup_del), 0) FROM pg_stat_user_tables")
            rows = cursor.fetchone()[0]
            cursor.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
            return int(rows), int(cursor.fetchone()[0])
    n = 50
    rows0, commits0 = counters()
    rows_, commits_ = counters()  # what reading the counters itself costs
    overhead = (rows_ - rows0, commits_ - commits0)
    rows0, commits0 = rows_, commits_
    for _ in range(n):
        time.sleep(0.02)
        seq += 1
        position += 0.02
        res = client.post(url, json.dumps({"seq": seq, "position": position, "rate": 1.0}),
                          content_type="application/json", headers=headers)
        assert res.status_code == 200, res.content
    rows1, commits1 = counters()
    stats = {"heartbeats": n, "rows": rows1 - rows0 - overhead[0], "commits": commits1 - commits0 - overhead[1]}
print(json.dumps({"samples": samples, "stats": stats}))
"""


# Row-changing clauses; "FOR UPDATE" only locks.
_WRITE = re.compile(r"\b(INSERT\s+INTO|(?<!FOR\s)UPDATE|DELETE\s+FROM)\b", re.IGNORECASE)


def describe_statements(statements: list[str]) -> str:
    """`2 statements (SELECT WITH(2 tables)); 1 write statement(s) changing 2 row(s); 1 commit(s)`."""
    kinds, write_statements, tables, commits, in_transaction = [], 0, 0, 0, False
    for sql in statements:
        head = sql.lstrip().split(None, 1)[0].upper()
        changed = len(_WRITE.findall(sql))
        function = re.search(r"FROM\s+(jxjy_\w+)\(", sql)
        kinds.append(f"{head}({changed} tables)" if head == "WITH" else
                     f"SELECT {function.group(1)}(...) [writes inside]" if function else head)
        write_statements += 1 if changed else 0
        tables += changed
        if head == "BEGIN":
            in_transaction = True
        elif head in ("COMMIT", "ROLLBACK"):
            commits += head == "COMMIT"
            in_transaction = False
        elif changed and not in_transaction:
            commits += 1  # autocommit: the statement is its own transaction
    return (f"{len(statements)} statements ({' '.join(kinds)}); {write_statements} write statement(s) "
            f"changing {tables} row(s); {commits} commit(s)")


def server_config(args: argparse.Namespace) -> str:
    """The gunicorn workers the bench ran, as gunicorn.conf.py and the overrides set them."""
    settings: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), settings)  # noqa: S102 - the project's own file
    workers = settings["workers"] if args.workers is None else args.workers
    threads = settings.get("threads", 1) if args.threads is None else args.threads
    kind = "sync" if args.threads is not None and args.threads <= 1 else settings.get("worker_class", "sync")
    return (f"{workers} sync workers" if kind == "sync" or threads <= 1
            else f"{workers} gthread workers x {threads} threads")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_env(base_env: dict) -> tuple[dict, str, str | None]:
    """The environment for the app, a description, and the admin URL to drop a PG database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return base_env, "SQLite (file, WAL)", None
    import psycopg

    head, _sep, _name = url.rpartition("/")
    admin = f"{head}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
        version = conn.execute("SHOW server_version").fetchone()[0]
    return {**base_env, "DATABASE_URL": f"{head}/{BENCH_DB}"}, f"PostgreSQL {version}", admin


def drop_database(admin: str | None) -> None:
    if admin is None:
        return
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def client_process(port: int, path_kind: str, clients: list[dict], seconds: float, out: mp.Queue) -> None:
    """One load process: a thread per client, each sending heartbeats back to back."""
    stop_at = time.monotonic() + seconds
    counts = []

    def run(client: dict) -> None:
        done = errors = 0
        seq, position, last = client["seq"], client["position"], None
        while time.monotonic() < stop_at:
            seq += 1
            # The player plays at 1× while its heartbeats go out, and stands paused between the
            # rounds of this kind (a player that went on playing unheard for the other kinds'
            # rounds would leave a gap in the watched set at every round, as no learner does).
            now = time.monotonic()
            position += 0.0 if last is None else now - last
            last = now
            body = json.dumps({"seq": seq, "position": round(position, 3), "rate": 1.0})
            path = {"bare": "/bench/bare", "floor": "/bench/floor/beat",
                    "write": f"/bench/write/{client['playback']}"}.get(
                path_kind, f"/api/v1/playbacks/{client['playback']}/heartbeat")
            headers = {"Content-Type": "application/json"}
            if path_kind == "session":  # as the lecture page's player sends it: its player key,
                # with the session cookie and CSRF token that answer should the key be refused
                headers.update({"Cookie": f"sessionid={client['session']}; csrftoken={client['csrf']}",
                                "X-CSRFToken": client["csrf"], "Authorization": f"Bearer {client['player']}"})
            else:
                headers["Authorization"] = f"Bearer {client['token']}"
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    done += 1
                else:
                    errors += 1
            except OSError:
                errors += 1
            finally:
                conn.close()
        client["seq"], client["position"] = seq, position
        counts.append((done, errors))

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((sum(d for d, _e in counts), sum(e for _d, e in counts), [(c["playback"], c["seq"], c["position"]) for c in clients]))


def cpu_times() -> tuple[int, int]:
    """(busy, all) jiffies of the whole machine, from /proc/stat (0, 0 where there is none)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


IDLE: dict[str, list[float]] = {}
# CPU seconds per request by who spent them: the app server's workers, the database server's
# processes, everything else (the load clients, mostly).
CPU: dict[str, list[dict[str, float]]] = {}
SERVER_PID: list[int] = []
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu() -> dict[str, float]:
    """CPU seconds so far of the app server's processes and of the database server's (by name)."""
    out = {"app server": 0.0, "database": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        ppid, used = int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK
        if SERVER_PID and (int(entry.name) == SERVER_PID[0] or ppid == SERVER_PID[0]):
            out["app server"] += used
        elif name.startswith("postgres"):
            out["database"] += used
    return out


def measure(port: int, kind: str, clients: list[dict], seconds: float, processes: int) -> tuple[float, int]:
    queue: mp.Queue = mp.Queue()
    busy0, all0 = cpu_times()
    procs0 = process_cpu()
    groups = [clients[i::processes] for i in range(processes)]
    procs = [mp.Process(target=client_process, args=(port, kind, g, seconds, queue)) for g in groups if g]
    start = time.monotonic()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.monotonic() - start
    busy1, all1 = cpu_times()
    procs1 = process_cpu()
    if all1 > all0:
        IDLE.setdefault(kind, []).append(1 - (busy1 - busy0) / (all1 - all0))
    done = sum(r[0] for r in results)
    if done and all1 > all0:
        total = (busy1 - busy0) / _TICK
        spent = {k: (procs1[k] - procs0[k]) for k in procs0}
        spent["rest (clients)"] = max(0.0, total - sum(spent.values()))
        CPU.setdefault(kind, []).append({k: v / done for k, v in spent.items()})
    errors = sum(r[1] for r in results)
    # Keep each client's seq moving forward across rounds (the heartbeat refuses old seqs as replays).
    # (The processes answer in the order they finish: each client's state is found by its playback.)
    states = {playback: (seq, position) for r in results for playback, seq, position in r[2]}
    for c in clients:
        seq, position = states[c["playback"]]
        c["seq"], c["position"] = max(c["seq"], seq), max(c["position"], position)
    return done / elapsed, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each measured round")
    parser.add_argument("--rounds", type=int, default=6, help="alternating rounds of each kind")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads (one learner each)")
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: the project's gunicorn.conf.py, one per core)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads per gunicorn worker (default: gunicorn.conf.py's; 1: sync workers)")
    parser.add_argument("--conn-max-age", type=int, default=None,
                        help="override CONN_MAX_AGE (the app keeps SQLite connections 0 s: each request that "
                             "writes then pays a WAL checkpoint when its connection closes)")
    parser.add_argument("--async-commit", action="store_true",
                        help="PostgreSQL: heartbeats commit without waiting for the WAL flush "
                             "(JXJY_HEARTBEAT_ASYNC_COMMIT=1, opt-in)")
    parser.add_argument("--quick", action="store_true", help="short rounds (2 s, two rounds each)")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.rounds = 2.0, 2

    work = Path(tempfile.mkdtemp(prefix="jxjy-bench-hb-"))
    settings_text = textwrap.dedent(SETTINGS)
    if args.conn_max_age is not None:
        settings_text += f"\nfrom jxjy.settings import DATABASES\nDATABASES['default']['CONN_MAX_AGE'] = {args.conn_max_age}\n"
    (work / "bench_settings.py").write_text(settings_text)
    (work / "bench_urls.py").write_text(textwrap.dedent(URLS))
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JXJY_FROZEN_NOW")}
    base_env.update({"JXJY_VAR_DIR": str(work), "DJANGO_SETTINGS_MODULE": "bench_settings", "JXJY_DEBUG": "0",
                     "PYTHONPATH": os.pathsep.join([str(work), str(ROOT / "src")]),
                     "JXJY_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                     "JXJY_SECRET_KEY": "bench-only-" + "k" * 50, "JXJY_HTTPS": "0"})
    if args.async_commit:
        base_env["JXJY_HEARTBEAT_ASYNC_COMMIT"] = "1"
    env, db_label, admin = database_env(base_env)
    server = None
    try:
        print(f"database: {db_label}; setting up {args.clients} learners ...", flush=True)
        setup = subprocess.run([PYTHON, "-c", SETUP, str(args.clients)], env=env, capture_output=True, text=True)
        if setup.returncode != 0:
            sys.exit(setup.stderr[-4000:])
        clients = json.loads(setup.stdout.strip().splitlines()[-1])
        for c in clients:
            c["seq"], c["position"] = 0, 0.0
        port = free_port()
        # The project's production server settings (gunicorn.conf.py), for the bare view and the
        # heartbeat alike; --workers and --threads override them for both.
        overrides = ([] if args.workers is None else ["--workers", str(args.workers)]) + (
            [] if args.threads is None else ["--worker-class", "sync", "--threads", "1"] if args.threads <= 1
            else ["--worker-class", "gthread", "--threads", str(args.threads)])
        log = open(work / "gunicorn.log", "wb")  # noqa: SIM115
        gunicorn = shutil.which("gunicorn", path=str(BIN)) or "gunicorn"
        server = subprocess.Popen([gunicorn, "jxjy.wsgi:application", "-c", str(ROOT / "gunicorn.conf.py"),
                                   "--bind", f"127.0.0.1:{port}", *overrides, "--log-level", "warning"],
                                  env=env, stdout=log, stderr=log, start_new_session=True)
        SERVER_PID[:] = [server.pid]
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        kinds = ("bare", "heartbeat", "session", "write", "floor")
        for kind in kinds:  # warm the workers up
            measure(port, kind, clients, 1.0, args.processes)
        rates: dict[str, list[float]] = {kind: [] for kind in kinds}
        errors = 0
        for _ in range(args.rounds):
            for kind in kinds:
                rate, e = measure(port, kind, clients, args.seconds, args.processes)
                rates[kind].append(rate)
                errors += e
        (work / "clients.json").write_text(json.dumps(clients))
        writes = subprocess.run([PYTHON, "-c", WRITES, str(work / "clients.json")], env=env, capture_output=True,
                                text=True)
        if writes.returncode != 0:
            sys.exit(writes.stderr[-4000:])
        written = json.loads(writes.stdout.strip().splitlines()[-1])
        samples, stats = written["samples"], written["stats"]
        bare, heart, write, floor = rates["bare"], rates["heartbeat"], rates["write"], rates["floor"]
        session = rates["session"]
        config = server_config(args)
        age = "app default" if args.conn_max_age is None else f"{args.conn_max_age} s"
        commit = "asynchronous (opt-in)" if args.async_commit else "synchronous (default)"
        print(f"database: {db_label}; CONN_MAX_AGE: {age}; heartbeat commit: {commit}")
        print(f"server: gunicorn, {config}; clients: {args.clients} threads in {args.processes} processes; "
              f"{args.rounds} alternating round(s) of {args.seconds:g} s each")

        def line(label: str, values: list[float], note: str = "") -> None:
            print(f"{label:26s}: best {max(values):7.1f}  median {statistics.median(values):7.1f} requests/s  "
                  f"(rounds: {', '.join(f'{r:.0f}' for r in values)}){note}")

        def ratio(label: str, values: list[float], note: str = "") -> None:
            paired = [v / b for v, b in zip(values, bare, strict=True)]
            print(f"ratio {label} / bare: {max(values) / max(bare):.2f} best against best; "
                  f"{statistics.median(paired):.2f} median of back-to-back rounds "
                  f"({', '.join(f'{r:.2f}' for r in paired)}){note}")

        if IDLE:
            print("machine idle while measuring (all cores): " + "; ".join(
                f"{k} {statistics.median(v):.0%}" for k, v in IDLE.items()))
        for k, samples_ in CPU.items():
            parts = {p: statistics.median(x[p] for x in samples_) * 1e6 for p in samples_[0]}
            print(f"CPU per request, {k:9s}: {sum(parts.values()):5.0f} µs = " + " + ".join(
                f"{v:.0f} {p}" for p, v in parts.items()))
        line("bare Django JSON view", bare)
        line("heartbeat", heart, "  signed in by bearer token")
        line("heartbeat, lecture page", session, "  player key, session cookie and CSRF token")
        line("bare + 1 durable UPDATE", write, "  no heartbeat can be faster")
        line("ninja + token auth only", floor, "  the project's NinjaAPI set-up, no heartbeat work")
        ratio("heartbeat", heart, "  (target >= 0.50)")
        ratio("heartbeat, lecture page,", session, "  (target >= 0.50)")
        ratio("(bare + 1 durable UPDATE)", write, "  (this machine's ceiling for a stored heartbeat)")
        print(f"ratio heartbeat / (bare + 1 durable UPDATE): {max(heart) / max(write):.2f}; "
              f"heartbeat / (ninja + token auth): {max(heart) / max(floor):.2f}")
        if errors:
            print(f"non-200 answers or connection errors: {errors}")
        for auth, label in (("bearer", "API token"), ("player", "lecture page (player key)"),
                            ("session", "browser session alone (the key refused)")):
            sample = [x for x in samples if x["auth"] == auth][-1]
            print(f"per heartbeat, {label}: {describe_statements(sample['sql'])}")
        if stats:
            print(f"per heartbeat, by PostgreSQL's statistics over {stats['heartbeats']} bearer heartbeats: "
                  f"{stats['rows'] / stats['heartbeats']:.2f} row(s) written, "
                  f"{stats['commits'] / stats['heartbeats']:.2f} commit(s)")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        drop_database(admin)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The yearly hours status of a city's learners against the raw SQL GROUP BY over the same rows.

    .venv/bin/python bench/bench_hours.py [--learners N] [--entries 10] [--keep] [--quick]

Ours: `jxjy.credits.selectors.year_status_report(learners_visible(city admin), year)`, every row
turned into a status (counted public and professional hours, completion by the ledger core's
rule, confirmed learners only). Baseline: the raw SQL `SELECT learner_id, category, SUM(hours)
... GROUP BY learner_id, category` over the same city's entries of the year, fetched whole.
Target: ours ≤ 1.5 × the baseline.

Database: PostgreSQL when DATABASE_URL is set (a scratch database `jxjy_bench_hours` on that
server; `--keep` leaves it for the next run, which then skips loading), 1,000,000 learners by
default; else a scratch SQLite file, 100,000 learners by default. Rows are generated with SQL
(generate_series / a recursive CTE) in a minute or two at full size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "jxjy_bench_hours"

RUN = r'''
import gc, json, statistics, sys, time
import django
django.setup()
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.core.management import call_command
from django.db import connection

learners, entries, year, repeats = (int(x) for x in sys.argv[1:5])
vendor = connection.vendor
from jxjy.accounts.models import Learner, User
from jxjy.core.personas import build_cast

def say(*a):
    print(*a, flush=True)

if "credits_creditentry" not in connection.introspection.table_names():
    call_command("migrate", verbosity=0)
cast = build_cast("Bench@2020pw")
city = cast.admin_xian.city
employer = cast.yanta_employer
specialty = cast.learner_yanta.learner.specialty

with connection.cursor() as c:
    c.execute("SELECT COUNT(*) FROM accounts_learner WHERE name = 'bench'")
    have = c.fetchone()[0]
    c.execute("SELECT COUNT(*) FROM credits_creditentry WHERE reference LIKE 'bench:%%'")
    have_entries = c.fetchone()[0]
if have != learners or have_entries != learners * entries:
    t = time.perf_counter()
    from django.db import transaction
    with transaction.atomic(), connection.cursor() as c:
        if have or have_entries:
            # Not the size asked for: start over (bulk SQL; the ORM refuses ledger deletes on purpose).
            c.execute("DELETE FROM credits_creditentry WHERE reference LIKE 'bench:%%'")
            c.execute("DELETE FROM accounts_learner WHERE name = 'bench'")
            c.execute("DELETE FROM accounts_user WHERE username LIKE 'bench-%%'")
        if vendor == "postgresql":
            # Generated rows are consistent by construction: skip the per-row foreign-key triggers
            # (a scratch database, and the bench connects as a superuser; else they just run).
            try:
                with transaction.atomic():
                    c.execute("SET LOCAL session_replication_role = replica")
            except Exception:  # noqa: BLE001, S110 - not a superuser: load with the triggers
                pass
            series = "SELECT g AS n FROM generate_series(1, %s) g"
            # Secondary indexes are rebuilt after the load (much faster than maintaining them row by
            # row); the primary key and unique constraints stay.
            c.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'credits_creditentry' "
                      "AND indexname NOT LIKE '%%_pkey' AND indexname NOT LIKE '%%_key'")
            indexes = c.fetchall()
            for name, _definition in indexes:
                c.execute(f'DROP INDEX IF EXISTS "{name}"')
        else:
            series = "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) SELECT n FROM s"
            indexes = []
        now = "CURRENT_TIMESTAMP"
        c.execute(f"""INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                      is_staff, is_active, date_joined, role, display_name)
                      SELECT '!', false, 'bench-' || n, '', '', '', false, true, {now}, 'LEARNER', 'bench'
                      FROM ({series}) AS s""", [learners])
        c.execute(f"""INSERT INTO accounts_learner (user_id, id_number, name, phone, employer_id, specialty_id,
                      title_level, affiliation, affiliation_note, registered_at)
                      SELECT u.id, 'B' || u.id, 'bench', '13900000000', %s, %s, 'NONE',
                             CASE WHEN u.id %% 10 = 0 THEN 'PENDING' ELSE 'CONFIRMED' END, '', {now}
                      FROM accounts_user u WHERE u.username LIKE 'bench-%%'""", [employer.pk, specialty.pk])
        say(f"  {learners} learners in {time.perf_counter() - t:.1f} s", )
        # Three public entries each, the rest professional, 4-12 hours; one learner in ten unconfirmed.
        c.execute(f"""INSERT INTO credits_creditentry (learner_id, year, category, hours, source, reference,
                      note, created_at)
                      SELECT l.id, %s, CASE WHEN k.n <= 3 THEN 'PUBLIC' ELSE 'PROFESSIONAL' END,
                             4 + (l.id + k.n) %% 9, 'IN_PERSON', 'bench:' || k.n, '', {now}
                      FROM accounts_learner l CROSS JOIN ({series}) AS k
                      WHERE l.name = 'bench'""", [year, entries])
    # After the commit: the deferred foreign-key checks must have run before an index is built.
    with connection.cursor() as c:
        for _name, definition in indexes:
            c.execute(definition)
        if vendor == "postgresql":
            c.execute("ANALYZE")
    say(f"  loaded {learners} learners x {entries} entries in {time.perf_counter() - t:.1f} s")

from jxjy.accounts.access import learners_visible
from jxjy.credits.selectors import year_status_report
from jxjy.learning.selectors import rules_for_year

rules = rules_for_year(year)
BASELINE = """SELECT e.learner_id, e.category, SUM(e.hours)
FROM credits_creditentry e
JOIN accounts_learner l ON l.id = e.learner_id
JOIN org_employer m ON m.id = l.employer_id
JOIN org_division d ON d.id = m.county_id
WHERE e.year = %s AND (d.parent_id = %s OR d.id = %s)
GROUP BY e.learner_id, e.category"""

def baseline():
    with connection.cursor() as c:
        c.execute(BASELINE, [year, city.pk, city.pk])
        rows = c.fetchall()
    return len(rows)

def ours():
    done = 0
    complete = 0
    for row in year_status_report(learners_visible(cast.admin_xian), year, rules):
        done += 1
        complete += row.completed
    return done, complete

def timed(fn):
    gc.collect()
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result

timed(baseline); timed(ours)  # warm the cache
base_times, our_times = [], []
for _ in range(repeats):
    dt, base_rows = timed(baseline); base_times.append(dt)
    dt, (our_rows, complete) = timed(ours); our_times.append(dt)
print(json.dumps({"vendor": vendor, "base": base_times, "ours": our_times, "base_rows": base_rows,
                  "our_rows": our_rows, "complete": complete}))
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=None,
                        help="learners in the city (default 1,000,000 on PostgreSQL, 100,000 on SQLite)")
    parser.add_argument("--entries", type=int, default=10, help="ledger entries per learner")
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--repeats", type=int, default=2, help="timed runs of each, after one warm-up")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database for the next run")
    parser.add_argument("--quick", action="store_true", help="a tenth of the default size, one repeat")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    work = Path(tempfile.mkdtemp(prefix="jxjy-bench-hours-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JXJY_FROZEN_NOW")}
    env.update({"JXJY_VAR_DIR": str(work), "DJANGO_SETTINGS_MODULE": "jxjy.settings", "JXJY_DEBUG": "0",
                "PYTHONPATH": str(ROOT / "src"), "JXJY_LOG_LEVEL": "WARNING",
                "JXJY_SECRET_KEY": "bench-only-" + "k" * 50, "JXJY_HTTPS": "0"})
    admin = None
    if url:
        import psycopg

        head, _sep, _name = url.rpartition("/")
        admin = f"{head}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
            version = conn.execute("SHOW server_version").fetchone()[0]
        env["DATABASE_URL"] = f"{head}/{BENCH_DB}"
        label, default = f"PostgreSQL {version} (database {BENCH_DB})", 1_000_000
    else:
        label, default = "SQLite (file, WAL)", 100_000
    learners = args.learners or (default // 10 if args.quick else default)
    repeats = 1 if args.quick else args.repeats
    print(f"database: {label}; {learners:,} learners x {args.entries} entries, year {args.year}", flush=True)
    try:
        proc = subprocess.run([PYTHON, "-c", textwrap.dedent(RUN), str(learners), str(args.entries), str(args.year),
                               str(repeats)], env=env, capture_output=True, text=True)
        for line in proc.stdout.splitlines()[:-1]:
            print(line)
        if proc.returncode != 0:
            sys.exit(proc.stderr[-4000:])
        import json

        result = json.loads(proc.stdout.strip().splitlines()[-1])
        base, ours = min(result["base"]), min(result["ours"])
        print(f"raw SQL GROUP BY (learner, category), fetched : {base:7.2f} s  ({result['base_rows']:,} rows)")
        print(f"year_status_report, a status per learner     : {ours:7.2f} s  ({result['our_rows']:,} learners, "
              f"{result['complete']:,} complete)")
        print(f"ratio ours / raw SQL: {ours / base:.2f}  (target <= 1.50; best of {repeats})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if admin is not None and not args.keep:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()

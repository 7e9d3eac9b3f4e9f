"""Benchmarks of the exams: drawing a paper and importing a bank, each against a baseline
measured in the same run on the same database.

1. Drawing a paper from a bank of 10,000 questions vs one indexed SELECT round trip
   (median latency ratio; target ≤ 3×).
2. Importing a 10,000-row template (read, check every row, store) vs openpyxl's read-only
   iteration over the same file (target ≤ 2×).

Runs on a throwaway SQLite file by default. With DATABASE_URL=postgres://... it creates a
database of its own on that server, migrates it, and drops it at the end.

    .venv/bin/python bench/bench_exams.py [--quick]
    DATABASE_URL=postgres://postgres@127.0.0.1/postgres .venv/bin/python bench/bench_exams.py
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BANK_SIZE = 10_000


def _throwaway_postgres(url: str) -> tuple[str, Callable[[], None]]:
    import psycopg

    name = f"jxjy_bench_exams_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    bench_url = urlunsplit(parts._replace(path=f"/{name}"))

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return bench_url, drop


def setup() -> tuple[str, Callable[[], None]]:
    """Points Django at a database of the benchmark's own, migrated; returns (label, cleanup)."""
    var_dir = tempfile.mkdtemp(prefix="jxjy-bench-exams-")
    os.environ["JXJY_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jxjy.settings")
    os.environ.setdefault("JXJY_LOG_LEVEL", "WARNING")
    # As in production: with DEBUG on, Django records and formats every query's SQL, which
    # weighs on a 50-parameter query far more than on the one-row baseline.
    os.environ["JXJY_DEBUG"] = "0"
    os.environ.setdefault("JXJY_SECRET_KEY", "bench-only-" + "k" * 50)
    os.environ.setdefault("JXJY_HTTPS", "0")
    drop_pg: Callable[[], None] | None = None
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        bench_url, drop_pg = _throwaway_postgres(url)
        os.environ["DATABASE_URL"] = bench_url
    else:
        os.environ.pop("DATABASE_URL", None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    def cleanup() -> None:
        if drop_pg is not None:
            drop_pg()
        else:
            connection.close()
        shutil.rmtree(var_dir, ignore_errors=True)

    return f"{connection.vendor} {connection.settings_dict['NAME']}", cleanup


def bank_file(size: int) -> bytes:
    """A template file of `size` valid questions: 60 % single, 20 % multiple, 20 % true/false."""
    from openpyxl import Workbook

    from jxjy.exams import banks

    book = Workbook(write_only=True)
    sheet = book.create_sheet(banks.SHEET_NAME)
    sheet.append([header for _, header in banks.COLUMNS])
    rng = random.Random(1)
    for i in range(size):
        kind = i % 5
        if kind < 3:
            sheet.append(["单选", f"第{i}题：下列关于项目进度管理的说法，正确的是？", "关键路径最长", "浮动时间为负",
                          "赶工不增加成本", "快速跟进无风险", "", "", "ABCD"[rng.randrange(4)], "见第三讲", 3])
        elif kind == 3:
            sheet.append(["多选", f"第{i}题：下列哪些属于项目制约因素？", "范围", "进度", "成本", "天气", "心情", "",
                          "ABC", "", 2])
        else:
            sheet.append(["判断", f"第{i}题：关键路径上活动的总浮动时间通常为零。", "", "", "", "", "", "",
                          "对" if i % 2 else "错", "", 4])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    label, cleanup = setup()
    try:
        return run(label, quick=args.quick)
    finally:
        cleanup()


def run(label: str, *, quick: bool) -> int:
    from django.db import connection
    from openpyxl import load_workbook

    from jxjy.catalog.models import Category, Course
    from jxjy.core.personas import build_cast
    from jxjy.exams import banks, services
    from jxjy.exams.models import Question, QuestionBank
    from jxjy.exams.selectors import paper_draw
    from jxjy.plans.selectors import current_rules

    print(f"database: {label}")
    cast = build_cast()
    course = Course.objects.create(base=cast.provincial_base, category=Category.PROFESSIONAL,
                                   title="基准测试课程", hours=8, status=Course.Status.PUBLISHED)
    data = bank_file(BANK_SIZE)
    print(f"bank file: {BANK_SIZE} rows, {len(data) / 1024:.0f} KiB")

    # --- 2. import vs openpyxl read-only iteration -------------------------------------------
    def iterate() -> None:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for _row in book[banks.SHEET_NAME].iter_rows(values_only=True):
            pass
        book.close()

    def parse_only() -> None:
        questions, problems = banks.parse(io.BytesIO(data), "xlsx")
        assert not problems and len(questions) == BANK_SIZE

    def import_() -> None:
        report = services.question_bank_import(actor=cast.base_provincial, course=course, data=io.BytesIO(data),
                                               fmt="xlsx", mode="replace")
        assert report["imported"]["total"] == BANK_SIZE

    rounds = 2 if quick else 5
    base_t, parse_t, import_t = [], [], []
    for _ in range(rounds):
        base_t.append(timed(iterate))
        parse_t.append(timed(parse_only))
        import_t.append(timed(import_))

    # --- 1. paper draw vs one indexed SELECT --------------------------------------------------
    # Planner statistics after the bulk import, as PostgreSQL's autovacuum gathers them within a
    # minute of it (without them PostgreSQL guesses one row per bank and type and filters).
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Question._meta.db_table}")
    bank = QuestionBank.objects.get(course=course)
    rules = current_rules().exam
    rng = services.new_rng()
    singles = bank.single_count
    # A learner's third attempt: two earlier papers' slots are "seen".
    earlier = [paper_draw(bank=bank, composition=rules.composition, seen={}, rng=rng) for _ in range(2)]
    seen: dict[str, set[int]] = {t: set() for t in banks.TYPES}
    for paper in earlier:
        for item in paper:
            seen[item["t"]].add(item["s"])

    def select_one() -> None:
        row = (Question.objects.filter(bank_id=bank.pk, type=banks.SINGLE, slot=rng.randrange(singles))
               .values_list("id", "stem").first())
        assert row is not None

    table = Question._meta.db_table
    one_sql = f"SELECT id, stem FROM {table} WHERE bank_id = %s AND type = %s AND slot = %s"

    def select_one_raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(one_sql, [bank.pk, banks.SINGLE, rng.randrange(singles)])
            assert cursor.fetchone() is not None

    def draw() -> None:
        paper = paper_draw(bank=bank, composition=rules.composition, seen=seen, rng=services.new_rng())
        assert len(paper) == sum(rules.composition.values())

    def bank_and_draw() -> None:
        fresh = QuestionBank.objects.get(pk=bank.pk)
        paper_draw(bank=fresh, composition=rules.composition, seen=seen, rng=services.new_rng())

    for fn in (select_one, select_one_raw, draw, bank_and_draw):  # warm caches and connections
        for _ in range(20):
            fn()
    n = 200 if quick else 1000
    sel_t, raw_t, draw_t, bank_draw_t = [], [], [], []
    for _ in range(n):
        # Interleaved, so that drift in the machine's load touches both alike.
        sel_t.append(timed(select_one))
        raw_t.append(timed(select_one_raw))
        draw_t.append(timed(draw))
        bank_draw_t.append(timed(bank_and_draw))

    print()
    print(f"{'measure':<58}{'median':>12}{'ratio':>10}")
    rows = [
        ("one indexed SELECT round trip via the ORM (baseline)", median_ms(sel_t), None),
        (f"paper draw {sum(rules.composition.values())} of {BANK_SIZE} (target <= 3x)", median_ms(draw_t),
         median_ms(draw_t) / median_ms(sel_t)),
        ("  bank row + paper draw (for information)", median_ms(bank_draw_t),
         median_ms(bank_draw_t) / median_ms(sel_t)),
        ("one indexed SELECT, raw cursor (stricter baseline)", median_ms(raw_t), None),
        ("  paper draw against the raw-cursor SELECT", median_ms(draw_t), median_ms(draw_t) / median_ms(raw_t)),
        ("openpyxl read-only iteration (baseline)", median_ms(base_t), None),
        (f"import {BANK_SIZE}-row template: read+check+store (target <= 2x)", median_ms(import_t),
         median_ms(import_t) / median_ms(base_t)),
        ("  read+check only (for information)", median_ms(parse_t), median_ms(parse_t) / median_ms(base_t)),
    ]
    for name, ms, ratio in rows:
        print(f"{name:<58}{ms:>10.2f}ms{'' if ratio is None else f'{ratio:>9.2f}x'}")
    draw_ratio = rows[1][2] or 0
    import_ratio = rows[6][2] or 0
    print()
    print(f"paper draw ratio {draw_ratio:.2f}x (target 3x): {'ok' if draw_ratio <= 3 else 'OVER'}")
    print(f"bank import ratio {import_ratio:.2f}x (target 2x): {'ok' if import_ratio <= 2 else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fault: the worker is killed (SIGKILL) while invoices are being issued. On restart every paid
order has exactly one invoice, the refunded one exactly one red-letter invoice, the series has
no gap and no number twice, and reconciliation passes.

Real processes on a file database: paid orders whose invoice tasks were queued to a broker no
worker served; `jxjy issue_invoices` is stopped at a chosen point and killed there, then rerun.
"""

import os
import signal
import threading

import pytest

from jxjy.billing.tests.filedb import FileDb

pytestmark = pytest.mark.slow

ORDERS = 6


def _kill_at(db: FileDb, stage: str, after: int) -> list[str]:
    proc = db.popen("issue_invoices", "--fault-hold-after", str(after), "--fault-hold-at", stage)
    # Standard error is drained aside (a full pipe would block the child while we wait for its
    # output), and a child that neither reaches the fault point nor ends is killed after a
    # minute: the wait below then ends and the test fails instead of hanging.
    errors: list[str] = []
    drain = threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True)
    drain.start()
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    lines = []
    try:
        while True:
            line = proc.stdout.readline()
            if not line:
                proc.wait(timeout=60)
                drain.join(timeout=10)
                raise AssertionError("issue_invoices ended before the fault point: " + "".join(errors)[-3000:])
            lines.append(line.strip())
            if line.startswith("HOLD"):
                break
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        watchdog.cancel()
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    return lines


def _check_recovered(db: FileDb, orders: list[int]) -> None:
    done = db.jxjy("issue_invoices")
    assert done.returncode == 0, done.stderr[-3000:]
    blue = db.rows("SELECT order_id, COUNT(*), MIN(status) FROM billing_invoice WHERE kind='BLUE' GROUP BY order_id")
    assert sorted(blue) == [(o, 1, "ISSUED") for o in sorted(orders)]
    red = db.rows("SELECT order_id, COUNT(*), MIN(status) FROM billing_invoice WHERE kind='RED' GROUP BY order_id")
    assert red == [(orders[0], 1, "ISSUED")]
    numbers = sorted(n for (n,) in db.rows("SELECT number FROM billing_invoice"))
    assert numbers == [f"SJD2020{i:08d}" for i in range(1, ORDERS + 2)]  # one series, no gap, none twice
    for (name,) in db.rows("SELECT pdf FROM billing_invoice"):
        assert (db.folder / "media" / name).read_bytes().startswith(b"%PDF")
    check = db.jxjy("reconcile")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip().endswith("ok")


def _paid(db: FileDb) -> list[int]:
    orders = db.scenario("paid_orders", str(ORDERS), JXJY_BROKER_URL="memory://")["orders"]
    assert db.rows("SELECT COUNT(*) FROM billing_invoice WHERE status='PENDING'") == [(ORDERS + 1,)]
    return orders


def test_a_worker_killed_twice_mid_issue_leaves_exactly_one_invoice_per_paid_order(tmp_path, filedb_template):
    db = FileDb(tmp_path / "db", filedb_template)
    orders = _paid(db)

    # Killed inside the numbering transaction: the fourth invoice's number and the series
    # counter roll back with it.
    lines = _kill_at(db, "numbering", after=3)
    assert sum(1 for line in lines if line.startswith("issued")) == 3
    assert db.rows("SELECT status, COUNT(*) FROM billing_invoice GROUP BY status ORDER BY status") == [
        ("ISSUED", 3), ("PENDING", ORDERS - 2)]
    assert db.rows("SELECT last FROM billing_invoicesequence") == [(3,)]

    # Restarted, then killed after a number was committed but before its PDF: the number is kept.
    lines = _kill_at(db, "numbered", after=1)
    held = lines[-1].split()[-1]
    assert db.rows("SELECT status FROM billing_invoice WHERE number=?", held) == [("NUMBERED",)]

    _check_recovered(db, orders)
    assert db.rows("SELECT status FROM billing_invoice WHERE number=?", held) == [("ISSUED",)]

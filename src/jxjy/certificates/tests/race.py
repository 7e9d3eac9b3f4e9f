"""Concurrent first requests for one certificate, on real transactions. Imported by the test on
PostgreSQL; run as `python -m jxjy.certificates.tests.race THREADS` against a file database on
SQLite (whose in-memory test database cannot host concurrent transactions). Prints one JSON line."""

from __future__ import annotations

import json
import os
import sys
import threading


def race(threads: int) -> dict:
    from django.db import connection

    from jxjy.certificates.models import Certificate
    from jxjy.certificates.services import certificate_issue
    from jxjy.certificates.tests.conftest import complete_year
    from jxjy.core.personas import build_cast
    from jxjy.plans.selectors import current_year

    cast = build_cast("x-Password-1")
    year = current_year()
    complete_year(cast.learner_yanta, year)
    learner = cast.learner_yanta.learner
    barrier = threading.Barrier(threads)
    results: list[tuple[str, bool]] = []
    errors: list[str] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=60)
            cert, created = certificate_issue(learner=learner, year=year, actor=None)
            results.append((cert.code, created))
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(repr(exc))
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=120)
    return {"codes": sorted({code for code, _created in results}), "created": sum(c for _code, c in results),
            "answers": len(results), "errors": errors, "rows": Certificate.objects.filter(learner=learner).count()}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jxjy.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sys.stdout.write(json.dumps(race(int(sys.argv[1]))) + "\n")

"""Concurrent first requests for one learner's certificate give one certificate."""

import json
import subprocess
import sys

import pytest
from django.db import connection

from .race import race

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    from jxjy.billing.tests.filedb import migrated_template

    return migrated_template(tmp_path_factory.mktemp("certdb"))


def test_concurrent_first_requests_issue_one_certificate(tmp_path, request):
    if connection.vendor == "sqlite":
        from jxjy.billing.tests.filedb import FileDb

        db = FileDb(tmp_path / "db", request.getfixturevalue("migrated"))
        done = subprocess.run([sys.executable, "-m", "jxjy.certificates.tests.race", str(THREADS)], env=db.env(),
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
    else:
        result = race(THREADS)
    assert result["errors"] == []
    assert result["answers"] == THREADS and len(result["codes"]) == 1
    assert result["created"] == 1 and result["rows"] == 1

"""A throw-away file database for tests that need real processes: a worker killed mid-issue,
or concurrent transactions on SQLite (the suite's in-memory test database cannot host those:
its shared cache answers 'table is locked' instead of waiting)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

FROZEN = "2020-06-01T10:00:00+08:00"


class FileDb:
    def __init__(self, folder: Path, template: Path | None = None) -> None:
        self.folder = folder
        self.path = folder / "jxjy.sqlite3"
        folder.mkdir(parents=True, exist_ok=True)
        if template is not None:
            shutil.copyfile(template, self.path)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "JXJY_BROKER"))}
        env.update({"DATABASE_URL": f"sqlite:///{self.path}", "JXJY_VAR_DIR": str(self.folder),
                    "JXJY_MEDIA_ROOT": str(self.folder / "media"), "JXJY_FROZEN_NOW": FROZEN,
                    "JXJY_PAYMENT_SANDBOX": "1", "DJANGO_SETTINGS_MODULE": "jxjy.settings",
                    "PYTHONUNBUFFERED": "1", "JXJY_LOG_LEVEL": "WARNING"})
        env.update(extra)
        return env

    def jxjy(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "jxjy", *args], env=self.env(**env), capture_output=True,
                              text=True, timeout=300, check=False)

    def popen(self, *args: str, **env: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "jxjy", *args], env=self.env(**env), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def scenario(self, name: str, *args: str, **env: str) -> Any:
        done = subprocess.run([sys.executable, "-m", "jxjy.billing.tests.scenarios", name, *args],
                              env=self.env(**env), capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def rows(self, sql: str, *params: Any) -> list[tuple]:
        with sqlite3.connect(self.path) as db:
            return db.execute(sql, params).fetchall()


def migrated_template(folder: Path) -> Path:
    db = FileDb(folder)
    done = db.jxjy("migrate", "--noinput", "-v0")
    assert done.returncode == 0, done.stderr[-3000:]
    return db.path

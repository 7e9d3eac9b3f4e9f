"""Runs every benchmark in bench/ one after another; each prints its ratios against a baseline
measured in the same run. `--quick` is passed through to those that take it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    extra = sys.argv[1:]
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n===== {script.name} {' '.join(extra)}", flush=True)
        if subprocess.call([sys.executable, str(script), *extra]) != 0:
            failed.append(script.name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

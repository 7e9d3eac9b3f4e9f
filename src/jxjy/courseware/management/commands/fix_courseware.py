"""`jxjy fix_courseware IN OUT`: transcode to the spec, show progress, then check the result.

Exit code 0 when the result passes, 1 when a rule still fails (what transcoding cannot change,
such as a lecture's length), 2 when the input cannot be read or fixed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from jxjy.core.errors import DomainError
from jxjy.courseware.fix import FixError, fix_file
from jxjy.courseware.selectors import current_spec_rules
from jxjy.courseware.spec import FAIL, check_file, rule_label, status_label


class Command(BaseCommand):
    help = _("Transcode a video to the courseware spec of the current plan (H.264/AAC in MP4)")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", metavar="IN")
        parser.add_argument("dest", metavar="OUT")
        parser.add_argument("--role", choices=["lecture", "preview"], default="lecture")
        parser.add_argument("--preset", default="veryfast", help=_("x264 preset (slower is smaller and sharper)"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rules = current_spec_rules()
        except DatabaseError:
            raise CommandError(_("The database is not ready; run `jxjy migrate` first."), returncode=2) from None
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None
        source, dest = Path(options["source"]), Path(options["dest"])
        if source.resolve() == dest.resolve():
            raise CommandError(_("IN and OUT must be different files."), returncode=2)
        started = time.monotonic()
        tty = hasattr(self.stdout, "isatty") and self.stdout.isatty()
        shown = [-1]

        def progress(done: float) -> None:
            percent = int(done * 100)
            if percent == shown[0] or (not tty and percent % 10 and percent != 100):
                return
            shown[0] = percent
            text = _("Transcoding: {percent}%").format(percent=percent)
            if tty:
                self.stdout.write("\r" + text, ending="")
                self.stdout.flush()
            else:
                self.stdout.write(text)

        try:
            target = fix_file(source, dest, rules, preset=options["preset"], progress=progress)
        except FixError as exc:
            if tty:
                self.stdout.write("")
            raise CommandError(exc.message, returncode=2) from None
        if tty:
            self.stdout.write("")
        self.stdout.write(_("Written {dest}: {w}×{h}, {fps} fps, {kbps} kbps video, AAC {rate} Hz {ch} ch, "
                            "in {seconds:.1f} s").format(dest=dest, w=target.width, h=target.height,
                                                          fps=target.fps, kbps=target.video_kbps,
                                                          rate=target.sample_rate, ch=target.channels,
                                                          seconds=time.monotonic() - started))
        report = check_file(dest, rules, role=options["role"], deep=True)
        self.stdout.write(_("Check of the result: {verdict}").format(verdict=status_label(report.verdict)))
        for row in report.rows:
            if row.status == FAIL:
                self.stdout.write(self.style.ERROR(f"  ✗ {rule_label(row.rule)}：{row.measured} — {row.message}"))
        self.stdout.flush()
        if report.verdict == FAIL:
            sys.exit(1)

"""`jxjy check_courseware FILE_OR_FOLDER... [--json] [--deep] [--role preview]`.

A file is checked as a lecture (or a preview with --role preview); a folder as one course: every
video in it is a lecture except `preview.*`, plus the course-level rules. Exit code 0 when no
rule fails, 1 when one does, 2 when a file cannot be read (or nothing could be checked).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jxjy.core.errors import DomainError
from jxjy.courseware.selectors import current_spec_rules
from jxjy.courseware.spec import (
    FAIL,
    CourseReport,
    FileReport,
    Row,
    check_course,
    check_file,
    rule_label,
    status_label,
)

# Names a producer's export may carry; anything else in a course folder (notes, covers) is skipped.
VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".mkv", ".avi", ".flv", ".wmv", ".webm", ".ts", ".mpg", ".mpeg", ".3gp"}
EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE = 0, 1, 2


def natural_key(path: Path) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name.lower())]


def course_files(folder: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """(lectures, previews, skipped) of a course folder, lectures in natural order (2 before 10)."""
    lectures, previews, skipped = [], [], []
    for path in sorted(folder.iterdir(), key=natural_key):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() not in VIDEO_SUFFIXES:
            skipped.append(path)
        elif path.stem.lower() == "preview":
            previews.append(path)
        else:
            lectures.append(path)
    return lectures, previews, skipped


class Command(BaseCommand):
    help = _("Check video files or course folders against the courseware spec of the current plan")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
        parser.add_argument("--json", action="store_true", help=_("print the reports as JSON"))
        parser.add_argument("--deep", action="store_true", help=_("also decode the audio (peak level, silence)"))
        parser.add_argument("--role", choices=["lecture", "preview"], default="lecture",
                            help=_("how to check a single file"))
        parser.add_argument("--hours", type=int, default=None,
                            help=_("a folder's course hours (default: the number of lecture files)"))
        parser.add_argument("--category", choices=["public", "professional"], default="professional",
                            help=_("a folder's course category"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rules = current_spec_rules()
        except DatabaseError:
            raise CommandError(_("The database is not ready; run `jxjy migrate` first."), returncode=2) from None
        except DomainError as exc:
            raise CommandError(exc.message, returncode=EXIT_UNREADABLE) from None
        results: list[FileReport | CourseReport] = []
        for raw in options["paths"]:
            path = Path(raw)
            if path.is_dir():
                results.append(self._course(path, rules, options))
            else:
                report = check_file(path, rules, role=options["role"], deep=options["deep"])
                report.file = str(path)
                results.append(report)
                if not options["json"]:
                    self._print_file(report)
        if options["json"]:
            data = [r.to_dict() for r in results]
            self.stdout.write(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
        code = self.exit_code(results)
        if not options["json"]:
            summary = {EXIT_OK: _("No rule fails."), EXIT_FAILED: _("At least one rule fails."),
                       EXIT_UNREADABLE: _("At least one file cannot be read.")}[code]
            style = self.style.SUCCESS if code == EXIT_OK else self.style.ERROR
            self.stdout.write(style(summary))
        self.stdout.flush()
        if code != EXIT_OK:
            sys.exit(code)

    @staticmethod
    def exit_code(results: list[FileReport | CourseReport]) -> int:
        if any(not r.readable for r in results):
            return EXIT_UNREADABLE
        return EXIT_FAILED if any(r.verdict == FAIL for r in results) else EXIT_OK

    def _course(self, folder: Path, rules: dict, options: dict) -> CourseReport:
        lectures, previews, skipped = course_files(folder)
        reports = []
        for path, role in [(p, "lecture") for p in lectures] + [(p, "preview") for p in previews]:
            report = check_file(path, rules, role=role, deep=options["deep"])
            reports.append(report)
        hours = options["hours"] if options["hours"] is not None else len(lectures)
        course = check_course(reports, rules, category=options["category"].upper(), hours=hours)
        if not options["json"]:
            self.stdout.write(self.style.MIGRATE_HEADING(
                _("Course folder {folder}: {n} lecture(s), {p} preview(s), {h} h, verdict: {verdict}").format(
                    folder=folder, n=len(lectures), p=len(previews), h=hours, verdict=status_label(course.verdict))))
            for path in skipped:
                self.stdout.write("  " + _("skipped (not a video file name): {name}").format(name=path.name))
            for report in reports:
                self._print_file(report, indent="  ")
            self.stdout.write("  " + pgettext("courseware", "Course rules"))
            for row in course.course_rows:
                self._print_row(row, indent="    ")
        return course

    def _print_file(self, report: FileReport, indent: str = "") -> None:
        role = pgettext("courseware", "preview") if report.role == "preview" else pgettext("courseware", "lecture")
        self.stdout.write(f"{indent}{report.file} [{role}] — {status_label(report.verdict)}")
        for row in report.rows:
            self._print_row(row, indent=indent + "  ")

    def _print_row(self, row: Row, indent: str) -> None:
        # A row not judged gets its own mark and label, so a note never reads as a passed rule.
        if row.judged:
            mark = {"pass": "✓", "warn": "!", "fail": "✗"}.get(row.status, "?")
            label = ""
        else:
            mark = "?" if row.status == "warn" else "·"
            label = f"[{status_label(row.status, judged=False)}] "
        required = pgettext("courseware", "required")
        line = f"{indent}{mark} {label}{rule_label(row.rule)}：{row.measured}（{required}：{row.required}）"
        if row.status != "pass" or not row.judged:
            line += f" — {row.message}"
        style = {"fail": self.style.ERROR, "warn": self.style.WARNING}.get(row.status)
        self.stdout.write(style(line) if style else line)

"""Imports a question bank file into a course's bank from the command line (audited, no actor)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.catalog.models import Course
from jxjy.core.errors import DomainError
from jxjy.exams import services
from jxjy.exams.models import QuestionType


class Command(BaseCommand):
    help = gettext_lazy("Imports a question bank file (the xlsx template, GIFT or Aiken) into a course")  # type: ignore[assignment]

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--course", type=int, required=True, help=gettext_lazy("Course id"))
        parser.add_argument("--format", choices=services.FORMATS, help=gettext_lazy("File format; by default from the file name"))
        parser.add_argument("--mode", choices=services.MODES, default="replace", help=gettext_lazy("Replace the bank or extend it"))
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        course = Course.objects.filter(pk=options["course"]).first()
        if course is None:
            raise CommandError(_("Course %(id)s not found") % {"id": options["course"]})
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        fmt = options["format"] or services.format_from_filename(path.name) or "xlsx"
        try:
            # An open file, not its bytes: a workbook's size is checked before anything is read.
            with path.open("rb") as data:
                report = services.question_bank_import(actor=None, course=course, data=data, fmt=fmt,
                                                       mode=options["mode"])
        except DomainError as exc:
            for err in exc.detail.get("errors", []):
                where = err.get("row") or err.get("line") or "-"
                self.stderr.write(f"{where}\t{err.get('column') or '-'}\t{err.get('reason') or err.get('field')}")
            raise CommandError(exc.message) from exc
        counts, required = report["counts"], report["required"]
        self.stdout.write(_("Imported %(total)s questions; the bank now holds %(counts)s") % {
            "total": report["imported"]["total"],
            "counts": ", ".join(f"{QuestionType(t).label} {counts[t]}/{required[t]}" for t in counts)})
        if not report["ok"]:
            self.stdout.write(self.style.WARNING(_("The bank is short of the year's minimum: %(missing)s") % {
                "missing": ", ".join(f"{QuestionType(t).label} {n}" for t, n in report["missing"].items() if n)}))

"""Year-end hours reminders (see jxjy.notices.reminders). Idempotent: run it daily in December
(cron or Celery beat, README "Notices"); each learner gets one reminder per year and stage."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jxjy.core.errors import DomainError

from ...reminders import DEFAULT_CHUNK, hours_reminders_send


class Command(BaseCommand):
    help = _("Remind every confirmed learner whose year is incomplete of the hours still missing (idempotent)")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--dry-run", action="store_true", help=_("count only: write and send nothing"))
        parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = hours_reminders_send(year=options["year"], dry_run=options["dry_run"],
                                           chunk_size=max(1, options["chunk_size"]))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        figures = {"year": summary.year, "stage": summary.stage, "deadline": summary.deadline.isoformat(),
                   "learners": summary.learners, "incomplete": summary.incomplete, "reminded": summary.reminded,
                   "already": summary.already, "texts": summary.texts}
        line = _("%(year)s (%(stage)s, deadline %(deadline)s): %(learners)s confirmed learners, %(incomplete)s "
                 "incomplete, %(reminded)s reminded now, %(already)s reminded before, %(texts)s text messages")
        if options["dry_run"]:
            line = _("Dry run, nothing written or sent.") + " " + line
        self.stdout.write(line % figures)

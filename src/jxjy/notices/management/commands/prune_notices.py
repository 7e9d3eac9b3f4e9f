"""Housekeeping (see jxjy.notices.services.notices_prune): deletes read notices older than
JXJY_NOTICE_RETENTION_DAYS (365) and per-phone daily SMS counters older than
JXJY_SMS_COUNT_RETENTION_DAYS (30), in batches. Unread notices stay. Run it daily (README)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.core.errors import DomainError

from ...services import notices_prune


class Command(BaseCommand):
    help = _("Delete read notices and daily text message counters past their retention period (unread notices stay)")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help=_("count only: delete nothing"))
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = notices_prune(dry_run=options["dry_run"], batch_size=max(1, options["batch_size"]))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        line = _("%(notices)s read notices sent before %(notice_cutoff)s and %(counts)s daily text message "
                 "counters before %(count_cutoff)s deleted") % {
            "notices": summary.notices, "notice_cutoff": timezone.localdate(summary.notice_cutoff).isoformat(),
            "counts": summary.sms_counts, "count_cutoff": summary.count_cutoff.isoformat()}
        if options["dry_run"]:
            line = _("Dry run, nothing deleted; would be:") + " " + line
        self.stdout.write(line)

"""Issues every invoice not yet issued: the recovery path after a worker died mid-issue.

Safe to run at any time and as often as wanted: issued invoices are left alone, a numbered one
keeps its number. `--fault-hold-after N --fault-hold-at STAGE` stops (blocking on standard
input) at STAGE of the (N+1)th invoice, so that the fault test can kill the process there.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from jxjy.billing.models import Invoice
from jxjy.billing.services import invoices_issue_pending


class Command(BaseCommand):
    help = "Issue pending electronic invoices (idempotent)"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--limit", type=int, default=None)
        parser.add_argument("--fault-hold-after", type=int, default=None, help=argparse_help())
        parser.add_argument("--fault-hold-at", choices=["numbering", "numbered"], default="numbering")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        hold_after = options["fault_hold_after"]
        issued = 0

        def on_issued(invoice: Invoice) -> None:
            nonlocal issued
            issued += 1
            self.stdout.write(f"issued {invoice.number}")
            self.stdout.flush()

        def checkpoint(stage: str, invoice: Invoice) -> None:
            if hold_after is not None and stage == options["fault_hold_at"] and issued >= hold_after:
                self.stdout.write(f"HOLD {stage} {invoice.number}")
                self.stdout.flush()
                sys.stdin.readline()

        count = invoices_issue_pending(limit=options["limit"], checkpoint=checkpoint, on_issued=on_issued)
        self.stdout.write(f"done {count}")


def argparse_help() -> str:
    return "fault injection for tests: hold after issuing this many invoices"

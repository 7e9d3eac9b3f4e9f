"""Checks that invoices match payments and refunds; exits 1 when something does not."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from jxjy.billing.selectors import reconcile


class Command(BaseCommand):
    help = "Reconcile invoices with payments and refunds"

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = reconcile()
        self.stdout.write(f"paid {result.paid} refunded {result.refunded} invoiced {result.invoiced} "
                          f"reversed {result.reversed}")
        for item in result.discrepancies:
            self.stdout.write(f"{item.kind} order={item.order_number} expected={item.expected} actual={item.actual}")
        if not result.ok:
            raise CommandError(f"{len(result.discrepancies)} discrepancies")
        self.stdout.write("ok")

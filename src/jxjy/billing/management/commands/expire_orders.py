"""Periodic: expires orders left unpaid past their time (JXJY_ORDER_EXPIRY_MINUTES)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from jxjy.billing.services import orders_expire_due


class Command(BaseCommand):
    help = "Expire unpaid orders whose payment time is up"

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count = orders_expire_due()
        self.stdout.write(f"expired {count}")

"""Periodic: times out exam attempts left open past their deadline (run every minute; idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.exams.services import attempts_expire_overdue


class Command(BaseCommand):
    help = gettext_lazy("Times out the exam attempts still open past their deadline")  # type: ignore[assignment]

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count = attempts_expire_overdue()
        self.stdout.write(_("Timed out %(count)s overdue exam attempt(s)") % {"count": count})

"""Loads the demo data: the standard cast, then each app's demo part, in dependency order.

Idempotent: a second run finds what the first made and adds nothing.
"""

from __future__ import annotations

import importlib

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jxjy.core.personas import DEMO_PASSWORD, build_cast

# Apps with a demo.py whose seed(cast, stdout) adds their part; order follows dependencies.
DEMO_APPS = ["catalog", "courseware", "exams", "billing", "learning", "credits", "certificates", "service", "reviews", "stats", "evaluations", "portals", "notices"]


class Command(BaseCommand):
    help = _("Load the demo data (repeatable; creates no duplicates)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        cast = build_cast(DEMO_PASSWORD)
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"jxjy.{app}.demo")
            except ModuleNotFoundError:
                continue
            module.seed(cast, self.stdout)
        self.stdout.write(self.style.SUCCESS(_("Demo data ready; demo password: %(password)s") % {"password": DEMO_PASSWORD}))

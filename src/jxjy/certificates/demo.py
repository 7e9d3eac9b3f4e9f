"""Certificates' demo data: the certificate of every complete year of the demo learners, issued
as if each had asked for it. Idempotent: issuing returns the certificate already there."""

from __future__ import annotations

from typing import Any

from jxjy.core.personas import Cast
from jxjy.credits.models import CreditEntry
from jxjy.credits.selectors import year_status

from .services import certificate_issue


def seed(cast: Cast, stdout: Any) -> None:
    issued = []
    for user in (cast.learner_yanta, cast.learner_baishui):
        learner = user.learner
        years = sorted(set(CreditEntry.objects.filter(learner=learner).values_list("year", flat=True)))
        for year in years:
            if year_status(learner, year).completed:
                cert, created = certificate_issue(learner=learner, year=year, actor=user)
                issued.append(f"{learner.name} {year} v{cert.version}{'' if created else ' (already issued)'}")
    if issued:
        stdout.write("certificates: " + "; ".join(issued))
    else:
        stdout.write("certificates: no demo learner has a complete year yet, so no certificate was issued")

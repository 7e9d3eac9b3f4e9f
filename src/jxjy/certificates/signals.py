"""Keeps certificates in line with the hours ledger: a new entry (a credit, a correction) for a
year in which the learner holds a valid certificate has it reissued once the entry commits."""

from __future__ import annotations

import functools
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save


def _entry_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    from .services import ledger_changed

    # robust: a failure here is logged and must not fail the credit that has committed.
    transaction.on_commit(functools.partial(ledger_changed, learner_id=instance.learner_id, year=instance.year),
                          robust=True)


def connect() -> None:
    from jxjy.credits.models import CreditEntry

    post_save.connect(_entry_saved, sender=CreditEntry, dispatch_uid="certificates.ledger_changed")

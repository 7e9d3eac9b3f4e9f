"""Writes on the hours ledger (the studying issue implements the crediting rules)."""

from __future__ import annotations

from jxjy.learning.models import Enrolment


def course_credit_if_complete(*, enrolment: Enrolment) -> None:
    """Credits the course's hours once every lecture is complete and the exam is passed.

    Called after a lecture completes and after an exam pass; idempotent. Implemented with the
    hours ledger in the studying issue.
    """
    return None

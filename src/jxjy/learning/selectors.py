from __future__ import annotations

from .models import Enrolment


def study_started(enrolment: Enrolment) -> bool:
    """Whether the learner has begun studying: a refund is then no longer possible.

    The studying issue extends this with credited video time and exam attempts.
    """
    return enrolment.status == Enrolment.Status.COMPLETED

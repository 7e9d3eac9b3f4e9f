"""Reads on base reviews: filtered lists, a round's overview, a user's to-do queue."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from jxjy.core import clock
from jxjy.org.models import TrainingBase

from . import access
from .models import BaseReview, Conclusion, ReviewRound

Status = BaseReview.Status


def reviews_filtered(user: Any, *, round_id: int | None = None, status: str = "") -> QuerySet[BaseReview]:
    qs = access.reviews_visible(user)
    if round_id:
        qs = qs.filter(round_id=round_id)
    if status:
        qs = qs.filter(status=status.upper())
    return qs


def todo(user: Any) -> QuerySet[BaseReview]:
    """The reviews waiting on this user: a base's own self-assessment, a bureau's assessments,
    the province's assessments of provincial bases and its confirmations."""
    qs = access.reviews_visible(user)
    today = clock.today()
    assessable = Q(status__in=[Status.SELF_SUBMITTED, Status.RETURNED]) | Q(
        status=Status.AWAITING_SELF, round__self_deadline__lt=today)
    if access.is_province(user):
        return qs.filter((assessable & Q(base__level=TrainingBase.Level.PROVINCIAL))
                         | Q(status=Status.AWAITING_CONFIRMATION))
    if getattr(user, "role", "") == "CITY_ADMIN":
        return qs.filter(assessable)
    return qs.filter(status=Status.AWAITING_SELF, round__self_deadline__gte=today)


def overview(user: Any, found: ReviewRound) -> dict[str, Any]:
    """A round's counts in the user's scope: by status, and the finished ones by conclusion."""
    qs = access.reviews_visible(user).filter(round=found).order_by()
    by_status = dict(qs.values("status").annotate(n=Count("id")).values_list("status", "n"))
    by_conclusion = dict(qs.filter(status=Status.FINISHED).values("conclusion").annotate(n=Count("id"))
                         .values_list("conclusion", "n"))
    return {
        "total": sum(by_status.values()),
        "by_status": {s: by_status.get(s, 0) for s in Status.values},
        "by_conclusion": {c: by_conclusion.get(c, 0) for c in Conclusion.values},
        "suspended": qs.filter(base_suspended=True).count(),
    }


def latest_round() -> ReviewRound | None:
    return ReviewRound.objects.order_by("-start_year", "-id").first()


def own_review(user: Any, round_id: int | None = None) -> BaseReview | None:
    """A base's review in the given round, or in the latest round it is part of."""
    qs = access.reviews_visible(user).filter(base_id=getattr(user, "base_id", None))
    if round_id:
        qs = qs.filter(round_id=round_id)
    return qs.order_by("-round__start_year", "-round_id").first()


def evaluation_evidence(review: BaseReview) -> dict[str, Any]:
    """The base's course evaluations by learners in the round's years (count and averages per
    year and over the period): shown to the scoring authority as evidence beside the review.
    Read-only: the scoring scheme does not use them."""
    from jxjy.evaluations.selectors import base_years

    return base_years(review.base_id, range(review.round.start_year, review.round.end_year + 1))

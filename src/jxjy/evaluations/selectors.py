"""Reads of course evaluations: a course's public summary and its anonymised comments, a base's
courses, the per-base averages of the statistics and the base reviews, a learner's own.

Averages and the distribution are computed by the database (aggregate and GROUP BY); Python
only rounds them (rules.average) and names the learners anonymously (rules.anonymise).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from jxjy.accounts.models import Learner
from jxjy.learning.models import Enrolment
from jxjy.org.models import Division

from . import rules
from .models import CourseEvaluation

COMMENTS_PER_PAGE = 10

_SUMS = {f"sum_{name}": Sum(name) for name in rules.SCORES}


@dataclass(frozen=True)
class Summary:
    count: int
    averages: dict[str, Decimal | None]
    # Evaluations by overall stars, 5 down to 1 (the order a summary reads in).
    distribution: list[tuple[int, int]] = field(default_factory=list)

    def share(self, stars: int) -> int:
        """The percentage of evaluations with this many stars overall (for the bar's width)."""
        n = dict(self.distribution).get(stars, 0)
        return round(100 * n / self.count) if self.count else 0

    @property
    def bars(self) -> list[dict[str, int]]:
        return [{"stars": s, "count": n, "percent": self.share(s)} for s, n in self.distribution]

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "averages": self.averages, "distribution": self.bars}


def _averages(row: Mapping[str, Any], count: int) -> dict[str, Decimal | None]:
    return {name: rules.average(row.get(f"sum_{name}"), count) for name in rules.SCORES}


def summary(qs: QuerySet[CourseEvaluation]) -> Summary:
    """Count, averages per score and the overall distribution of `qs`: two queries."""
    qs = qs.order_by()
    row = qs.aggregate(n=Count("id"), **_SUMS)
    found = dict(qs.values("overall").annotate(n=Count("id")).values_list("overall", "n"))
    return Summary(count=row["n"], averages=_averages(row, row["n"]),
                   distribution=[(s, found.get(s, 0)) for s in reversed(rules.STARS)])


def course_summary(course_id: int) -> Summary:
    return summary(CourseEvaluation.objects.filter(course_id=course_id))


@dataclass(frozen=True)
class Comment:
    author: str
    date: dt.date
    overall: int
    comment: str


def comments_page(course_id: int, page: Any = 1, *, per_page: int = COMMENTS_PER_PAGE) -> tuple[Page, list[Comment]]:
    """One page of a course's written comments, newest first, each signed only "李**" and dated."""
    qs = (CourseEvaluation.objects.filter(course_id=course_id).exclude(comment="")
          .order_by("-created_at", "-id").values("learner__name", "created_at", "overall", "comment"))
    found = Paginator(qs, per_page).get_page(page)
    return found, [Comment(author=rules.anonymise(r["learner__name"]), date=timezone.localdate(r["created_at"]),
                           overall=r["overall"], comment=r["comment"]) for r in found.object_list]


def evaluation_of(enrolment: Enrolment) -> CourseEvaluation | None:
    return CourseEvaluation.objects.filter(enrolment_id=enrolment.pk).first()


def by_course(qs: QuerySet[CourseEvaluation]) -> list[dict[str, Any]]:
    """Count and averages per course of `qs`: one GROUP BY."""
    rows = (qs.order_by().values("course_id", "course__title")
            .annotate(n=Count("id"), **_SUMS).order_by("course__title", "course_id"))
    return [{"course_id": r["course_id"], "title": r["course__title"], "count": r["n"],
             "averages": _averages(r, r["n"])} for r in rows]


def per_base(year: int, city: Division | None = None) -> list[dict[str, Any]]:
    """Each base's evaluations of the year's enrolments (count, averages), best overall first;
    `city` narrows to the bases in that city (as the statistics of courses do). One GROUP BY."""
    qs = CourseEvaluation.objects.filter(year=year)
    if city is not None:
        qs = qs.filter(course__base__city_id=city.pk)
    rows = (qs.order_by().values("course__base_id", "course__base__name", "course__base__level")
            .annotate(n=Count("id"), courses=Count("course_id", distinct=True), **_SUMS))
    out = [{"base_id": r["course__base_id"], "name": r["course__base__name"], "level": r["course__base__level"],
            "count": r["n"], "courses": r["courses"], "averages": _averages(r, r["n"])} for r in rows]
    out.sort(key=lambda b: (-(b["averages"]["overall"] or 0), -b["count"], b["name"]))
    return out


def base_years(base_id: int, years: Iterable[int]) -> dict[str, Any]:
    """A base's evaluations in each of `years` and over all of them (a review round's period):
    the evidence the base review shows its scoring authority. Two queries."""
    years = list(years)
    qs = CourseEvaluation.objects.filter(course__base_id=base_id, year__in=years).order_by()
    rows = {r["year"]: r for r in qs.values("year").annotate(n=Count("id"), **_SUMS)}
    per_year = [{"year": y, "count": rows[y]["n"] if y in rows else 0,
                 "averages": _averages(rows.get(y, {}), rows[y]["n"] if y in rows else 0)} for y in years]
    total = qs.aggregate(n=Count("id"), **_SUMS)
    low = qs.filter(overall__lte=2).count() if total["n"] else 0
    return {"years": per_year, "count": total["n"], "averages": _averages(total, total["n"]), "low": low}


def of_learner(learner: Learner) -> list[dict[str, Any]]:
    """A learner's own evaluations, complete (for their data export)."""
    return [{"course": e.course.title, "year": e.year, **e.scores(), "comment": e.comment,
             "created_at": e.created_at, "updated_at": e.updated_at}
            for e in CourseEvaluation.objects.filter(learner=learner).select_related("course").order_by("created_at")]


def list_filtered(qs: QuerySet[CourseEvaluation], *, course_id: int | None = None, year: int | None = None,
                  low_only: bool = False) -> QuerySet[CourseEvaluation]:
    if course_id:
        qs = qs.filter(course_id=course_id)
    if year:
        qs = qs.filter(year=year)
    if low_only:
        qs = qs.filter(Q(overall__lte=2))
    return qs.order_by("-created_at", "-id")

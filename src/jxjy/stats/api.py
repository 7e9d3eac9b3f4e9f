"""Statistics for the province and the city HR bureaus, the data of the charts on /stats/.

`GET /stats/completion?year=&city=` learners by yearly status; `GET /stats/hours?year=&city=`
ledger hours by category and source; `GET /stats/revenue?year=&city=` orders, payments and
refunds by month and the top ten bases; `GET /stats/courses?city=` published courses by
category and base level; `GET /stats/evaluations?year=&city=` learners' course evaluations
per base (count, averages of the overall mark and the three aspects). `year` defaults to the
current plan's year; `city` (a division code) narrows the province's figures to one city; a city bureau always gets its own city.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from . import access, selectors

router = Router(tags=["stats"])


def _scope(request: HttpRequest, year: int | None, city: str | None) -> tuple[int, Any]:
    scope = access.stats_scope(request.auth, city)  # type: ignore[attr-defined]
    return access.stats_year(year), scope


@router.get("/stats/completion", url_name="stats_completion")
def stats_completion(request: HttpRequest, year: int | None = None, city: str | None = None) -> dict:
    """Learners by status of the year's duty: complete, public short, professional short, none yet."""
    y, scope = _scope(request, year, city)
    return selectors.completion_out(selectors.completion(y, scope))


@router.get("/stats/hours", url_name="stats_hours")
def stats_hours(request: HttpRequest, year: int | None = None, city: str | None = None) -> dict:
    """Hours recorded in the ledger for the year, by category and source."""
    y, scope = _scope(request, year, city)
    return selectors.hours(y, scope)


@router.get("/stats/revenue", url_name="stats_revenue")
def stats_revenue(request: HttpRequest, year: int | None = None, city: str | None = None) -> dict:
    """Orders placed, money paid and refunded by month, and the ten bases paid the most."""
    y, scope = _scope(request, year, city)
    return selectors.revenue(y, scope)


@router.get("/stats/courses", url_name="stats_courses")
def stats_courses(request: HttpRequest, city: str | None = None) -> dict:
    """Published courses by category and base level."""
    scope = access.stats_scope(request.auth, city)  # type: ignore[attr-defined]
    return selectors.courses(scope)


@router.get("/stats/evaluations", url_name="stats_evaluations")
def stats_evaluations(request: HttpRequest, year: int | None = None, city: str | None = None) -> dict:
    """Learners' evaluations of each base's courses taken in the year: count and averages."""
    y, scope = _scope(request, year, city)
    return selectors.evaluations(y, scope)

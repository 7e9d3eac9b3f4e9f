"""The statistics page (charts drawn in the browser from the JSON API) and the Excel exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from . import access, exports


@login_required
def stats_page(request: HttpRequest) -> HttpResponse:
    city = access.stats_scope(request.user, request.GET.get("city"))
    year = access.stats_year(request.GET.get("year"))
    query = f"?year={year}" + (f"&city={city.code}" if city else "")
    charts = ("completion", "hours", "revenue", "courses", "evaluations")
    api = {name: reverse(f"api:stats_{name}") + query for name in charts}
    exports_urls = {name: reverse("stats:export", kwargs={"table": name}) + query for name in exports.TABLES}
    return render(request, "stats/stats.html", {
        "year": year, "city": city, "cities": access.cities_for(request.user), "api": api,
        "exports": exports_urls, "years": range(year - 4, year + 2)})


@login_required
def stats_export(request: HttpRequest, table: str) -> HttpResponse:
    city = access.stats_scope(request.user, request.GET.get("city"))
    year = access.stats_year(request.GET.get("year"))
    body = exports.export(table, year, city)
    name = f"stats-{table}-{year}" + (f"-{city.code}" if city else "") + ".xlsx"
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

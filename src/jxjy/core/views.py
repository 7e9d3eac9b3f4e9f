from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jxjy.core.errors import NotFound
from jxjy.plans.selectors import current_plan


def home(request: HttpRequest) -> HttpResponse:
    try:
        plan = current_plan()
    except NotFound:
        plan = None
    return render(request, "core/home.html", {"plan": plan, "rules": plan.rules() if plan else None})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})

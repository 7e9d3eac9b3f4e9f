from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jxjy.accounts.access import require_role
from jxjy.accounts.models import User
from jxjy.core.errors import NotFound
from jxjy.plans.selectors import current_plan

from .models import AuditEntry


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


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require_role(request.user, User.Role.PROVINCE_ADMIN)  # type: ignore[arg-type]
    qs = AuditEntry.objects.all()
    object_type = request.GET.get("object_type", "")
    if object_type:
        qs = qs.filter(object_type=object_type)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    types = AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct()
    roles = dict(User.Role.choices)
    rows = [(e, roles.get(e.role, e.role), _type_label(e.object_type)) for e in page]
    return render(request, "core/audit.html", {"page": page, "rows": rows,
                                               "types": [(t, _type_label(t)) for t in sorted(set(types))],
                                               "object_type": object_type})


def _type_label(object_type: str) -> str:
    """The model's name in the reader's language; the stored label when it names no model."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type

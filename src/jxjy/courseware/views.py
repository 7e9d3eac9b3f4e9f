from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jxjy.core.errors import DomainError

from . import services
from .access import can_check_courseware
from .spec import rule_label, status_label


def _rows_for_page(rows: list) -> list[dict]:
    return [{**row.to_dict(), "judged": row.judged, "label": rule_label(row.rule),
             "status_label": status_label(row.status, row.judged)} for row in rows]


@login_required
def check_page(request: HttpRequest) -> HttpResponse:
    """One file up, its report back; htmx swaps the report in, a plain post renders the whole page."""
    if not can_check_courseware(request.user):
        return render(request, "courseware/check.html", {"forbidden": True}, status=403)
    context: dict = {"role": request.POST.get("role", "lecture"), "deep": bool(request.POST.get("deep"))}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = _("Choose a video file first.")
        else:
            try:
                report = services.courseware_check_upload(
                    actor=request.user, upload=upload, role=context["role"],  # type: ignore[arg-type]
                    deep=context["deep"])
            except DomainError as exc:
                context["error"] = exc.message
            else:
                context["report"] = report.to_dict()
                context["report"]["verdict_label"] = status_label(report.verdict)
                context["rows"] = _rows_for_page(report.rows)
    template = "courseware/_report.html" if request.headers.get("HX-Request") else "courseware/check.html"
    return render(request, template, context)

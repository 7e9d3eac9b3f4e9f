"""Certificate pages: the learner's certificates (issue, print), the public verify page, and the
lookup for employer reviewers and HR bureaus."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.accounts.access import learner_of
from jxjy.accounts.models import User
from jxjy.catalog.models import Category
from jxjy.core.errors import Conflict, DomainError, NotFound
from jxjy.core.middleware import client_ip
from jxjy.credits.models import CreditEntry
from jxjy.plans.selectors import current_year

from . import access, documents, ratelimit, selectors, services
from .models import Certificate
from .verdicts import verdict

LOOKUP_PAGE = 200


def _pdf(cert: Certificate, download: bool) -> HttpResponse:
    response = HttpResponse(documents.pdf_bytes(cert), content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{documents.pdf_filename(cert)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _entries(stated: dict[str, Any]) -> list[dict[str, Any]]:
    categories, sources = dict(Category.choices), dict(CreditEntry.Source.choices)
    return [{**e, "category_display": categories.get(e["category"], e["category"]),
             "source_display": sources.get(e["source"], e["source"])} for e in stated["entries"]]


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    learner = learner_of(request.user)  # type: ignore[arg-type]
    rows = services.my_years(learner, current_year())
    return render(request, "certificates/mine.html", {"rows": rows, "learner": learner})


@login_required
@require_POST
def issue(request: HttpRequest, year: int) -> HttpResponse:
    learner = learner_of(request.user)  # type: ignore[arg-type]
    try:
        _cert, created = services.certificate_issue(learner=learner, year=year, actor=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        if created:
            messages.success(request, _("Your certificate for %(year)s has been issued.") % {"year": year})
    return redirect(f"{reverse('certificates:mine')}#year-{year}")


@login_required
def my_pdf(request: HttpRequest, year: int) -> HttpResponse:
    learner = learner_of(request.user)  # type: ignore[arg-type]
    cert = selectors.valid_certificate(learner, year)
    if cert is not None:
        cert = services.refresh_if_stale(cert)
    if cert is None or not cert.is_valid:
        raise NotFound(_("No certificate has been issued for this year"), code="certificate_not_found")
    return _pdf(cert, download=request.GET.get("download") == "1")


@login_required
def lookup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if getattr(user, "role", "") == User.Role.LEARNER:
        return redirect("certificates:mine")
    access.require_lookup(user)
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    status = request.GET.get("status", "valid")
    name = request.GET.get("name", "")[:50]
    qs = selectors.filtered(access.certificates_visible(user), year=year, status=status, name=name)
    return render(request, "certificates/lookup.html", {
        "certificates": list(qs[:LOOKUP_PAGE]), "count": qs.count(), "page_size": LOOKUP_PAGE,
        "form": {"year": year or "", "status": status, "name": name},
        "statuses": [("valid", Certificate.Status.VALID.label), ("superseded", Certificate.Status.SUPERSEDED.label),
                     ("withdrawn", Certificate.Status.WITHDRAWN.label), ("all", _("All"))]})


@login_required
def pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    cert = access.access_certificate(request.user, certificate_id)
    return _pdf(cert, download=request.GET.get("download") == "1")


def verify(request: HttpRequest) -> HttpResponse:
    """Public, no sign-in: what the QR code opens, or the form where a code is typed."""
    code = request.GET.get("code", "").strip()[:80]
    context: dict[str, Any] = {"code": code}
    status = 200
    if code:
        try:
            ratelimit.verify_attempt(client_ip(request))
            cert = services.certificate_verify(code=code)
        except DomainError as exc:
            context["error"] = exc
            status = exc.status
        else:
            stated = documents.stated(cert)
            context.update({"cert": cert, "verdict": verdict(cert), "stated": stated, "entries": _entries(stated)})
    response = render(request, "certificates/verify.html", context, status=status)
    if status == ratelimit.RateLimited.status:
        response["Retry-After"] = str(context["error"].detail.get("retry_after", 60))
    response["Cache-Control"] = "no-store"
    return response

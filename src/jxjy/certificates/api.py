"""The certificates API.

- `GET /me/certificates` → `{"years": [{"year", "state": "issued"|"available"|"incomplete",
  "hours", "required", "missing", "confirmed", "certificate"}]}`
- `POST /me/certificates/{year}` → 201 with the certificate when issued now, 200 when it already
  was; 409 `year_not_complete` with `detail.missing`.
- `GET /me/certificates/{year}/pdf` → the valid certificate's PDF.
- `GET /certificates/verify/{code}` (anyone) → `{"status": "valid"|"superseded"|"withdrawn",
  "message", "certificate": {what it states}}`; 404 `certificate_not_found` (`detail.status`
  "unknown") for a forged or malformed code; 429 `rate_limited` past the per-address limit.
- `GET /certificates`, `GET /certificates/{id}`, `GET /certificates/{id}/pdf`: employer
  reviewers, city bureaus and the province, for the learners in their scope.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from jxjy.accounts.access import learner_of
from jxjy.core.errors import NotFound
from jxjy.core.json import JxjyEncoder
from jxjy.core.middleware import client_ip
from jxjy.credits.selectors import hours_number as num
from jxjy.plans.selectors import current_year

from . import access, documents, ratelimit, selectors, services
from .models import Certificate
from .verdicts import verdict

router = Router(tags=["certificates"])

MAX_PAGE = 200


def certificate_out(cert: Certificate, *, with_code: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": cert.pk, "year": cert.year, "version": cert.version, "status": cert.status.lower(),
        "status_display": cert.get_status_display(), "issued_at": cert.issued_at, "ended_at": cert.ended_at,
        "pdf_url": f"/api/v1/certificates/{cert.pk}/pdf", "certificate": documents.stated(cert),
    }
    if with_code:
        out["code"] = cert.grouped_code
        out["verify_url"] = documents.verify_url(cert)
    return out


def _year_out(row: selectors.YearRow) -> dict[str, Any]:
    status = row.status
    return {
        "year": row.year, "state": row.state,
        "hours": {"public": num(status.public), "professional": num(status.professional), "total": num(status.total)},
        "required": {"public": num(status.required.public), "professional": num(status.required.professional),
                     "total": num(status.required.total)},
        "missing": {k: num(v) for k, v in row.missing.items()},
        "confirmed": status.confirmed,
        "certificate": certificate_out(row.certificate) if row.certificate is not None else None,
    }


def _pdf(cert: Certificate) -> HttpResponse:
    response = HttpResponse(documents.pdf_bytes(cert), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.pdf_filename(cert)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/me/certificates")
def my_certificates(request: HttpRequest) -> dict:
    """The signed-in learner's years: issued, available to issue, or not complete (with what is missing)."""
    learner = learner_of(request.auth)  # type: ignore[attr-defined]
    return {"years": [_year_out(r) for r in services.my_years(learner, current_year())]}


@router.post("/me/certificates/{int:year}", response={200: dict, 201: dict})
def my_certificate_issue(request: HttpRequest, year: int) -> tuple[int, dict]:
    """Issues the year's certificate on the first request, returns it on the next ones."""
    learner = learner_of(request.auth)  # type: ignore[attr-defined]
    cert, created = services.certificate_issue(learner=learner, year=year, actor=request.auth)  # type: ignore[attr-defined]
    return (201 if created else 200), certificate_out(cert)


@router.get("/me/certificates/{int:year}/pdf")
def my_certificate_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The PDF of the learner's valid certificate of the year (issue it first)."""
    learner = learner_of(request.auth)  # type: ignore[attr-defined]
    cert = selectors.valid_certificate(learner, year)
    if cert is not None:
        cert = services.refresh_if_stale(cert)
    if cert is None or not cert.is_valid:
        raise NotFound(_("No certificate has been issued for this year"), code="certificate_not_found")
    return _pdf(cert)


@router.get("/certificates/verify/{code}", auth=None)
def certificate_verify(request: HttpRequest, code: str) -> Any:
    """Anyone: what the certificate with this code states, and whether it still stands."""
    try:
        ratelimit.verify_attempt(client_ip(request))
    except ratelimit.RateLimited as exc:
        response = JsonResponse(exc.as_dict(), status=exc.status, encoder=JxjyEncoder,
                                json_dumps_params={"ensure_ascii": False})
        response["Retry-After"] = str(exc.detail["retry_after"])
        return response
    cert = services.certificate_verify(code=code)
    return {**verdict(cert), "certificate": documents.stated(cert)}


@router.get("/certificates")
def certificate_list(request: HttpRequest, year: int | None = None, status: str = "valid", name: str = "",
                     limit: int = 50, offset: int = 0) -> dict:
    """Certificates of the learners in the caller's scope; `status` valid (default), superseded,
    withdrawn or all."""
    user = request.auth  # type: ignore[attr-defined]
    access.require_lookup(user)
    qs = selectors.filtered(access.certificates_visible(user), year=year, status=status, name=name)
    limit = max(1, min(limit, MAX_PAGE))
    offset = max(offset, 0)
    items = list(qs[offset:offset + limit])
    return {"count": qs.count(), "items": [lookup_out(c) for c in items]}


def lookup_out(cert: Certificate) -> dict[str, Any]:
    """A row for reviewers: who, which year, the hours, the state; the code too (they may print it)."""
    s = cert.snapshot
    return {"id": cert.pk, "learner_id": cert.learner_id, "name": s["name"], "id_number": s["id_number"],
            "employer": s["employer"], "year": cert.year, "version": cert.version, "status": cert.status.lower(),
            "status_display": cert.get_status_display(), "hours": s["hours"], "issued_at": cert.issued_at,
            "code": cert.grouped_code, "pdf_url": f"/api/v1/certificates/{cert.pk}/pdf"}


@router.get("/certificates/{int:certificate_id}")
def certificate_detail(request: HttpRequest, certificate_id: int) -> dict:
    cert = access.access_certificate(request.auth, certificate_id)  # type: ignore[attr-defined]
    return certificate_out(cert)


@router.get("/certificates/{int:certificate_id}/pdf")
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    return _pdf(access.access_certificate(request.auth, certificate_id))  # type: ignore[attr-defined]

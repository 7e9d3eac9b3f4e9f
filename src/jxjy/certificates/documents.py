"""A certificate as the outside sees it: what it states (for the verify page and the API), its
verification link, its PDF."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from jxjy.billing.conf import public_url

from . import certificate_pdf
from .models import Certificate


def verify_path(cert: Certificate) -> str:
    return f"{reverse('certificates:verify')}?{urlencode({'code': cert.grouped_code})}"


def verify_url(cert: Certificate) -> str:
    """The absolute link printed in the QR code (JXJY_PUBLIC_URL, as on invoices)."""
    return public_url() + verify_path(cert)


def stated(cert: Certificate) -> dict[str, Any]:
    """What the certificate states, nothing more: its snapshot (the ID number already masked)
    without the ledger's internal references."""
    s = cert.snapshot
    return {
        "year": s["year"], "version": s["version"], "name": s["name"], "id_number": s["id_number"],
        "employer": s["employer"], "specialty": s.get("specialty", ""), "hours": s["hours"],
        "required": s["required"], "issued_on": s["issued_on"], "plan": s.get("plan", {}),
        "entries": [{k: e[k] for k in ("title", "category", "source", "hours", "recorded_on")} for e in s["entries"]],
    }


def pdf_bytes(cert: Certificate) -> bytes:
    return certificate_pdf.render(snapshot=cert.snapshot, code=cert.code, valid=cert.is_valid,
                                  verify_url=verify_url(cert))


def pdf_filename(cert: Certificate) -> str:
    return f"certificate-{cert.year}-v{cert.version}.pdf"

"""The answer of a verification: whether the certificate stands, in words."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Certificate


def verdict(cert: Certificate) -> dict[str, Any]:
    out: dict[str, Any] = {"status": cert.status.lower(), "status_display": cert.get_status_display()}
    if cert.status == Certificate.Status.VALID:
        out["message"] = _("This certificate is genuine and valid; it states the hours below.")
    elif cert.status == Certificate.Status.SUPERSEDED:
        newer = cert.superseded_by
        out["message"] = _("This certificate was superseded by a newer certificate (version %(v)s, issued on "
                           "%(d)s) after the year's hours were corrected; it no longer stands.") % {
            "v": newer.version if newer else "?",
            "d": timezone.localtime(newer.issued_at).date().isoformat() if newer else "?"}
        out["superseded_on"] = cert.ended_at
        out["newer_version"] = newer.version if newer else None
    else:
        out["message"] = _("This certificate was withdrawn: the year's hours were corrected and no longer meet "
                           "the year's minimums.")
        out["withdrawn_on"] = cert.ended_at
    return out

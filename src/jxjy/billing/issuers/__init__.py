"""Invoice issuers by name. A tax-platform adapter subclasses `InvoiceIssuer` and is added here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jxjy.core.errors import NotFound

from .base import InvoiceIssuer
from .local import LocalIssuer

ISSUERS: dict[str, type[InvoiceIssuer]] = {"local": LocalIssuer}


def get_issuer(name: str) -> InvoiceIssuer:
    if name not in ISSUERS:
        raise NotFound(_("Unknown invoice issuer"), code="issuer_not_found", detail={"issuer": name})
    return ISSUERS[name]()

"""The local issuer: numbers from the base's own series, PDF and JSON made on the platform."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jxjy.billing import invoice_pdf
from jxjy.core import clock

from .base import Allocation, InvoiceIssuer, Produced

if TYPE_CHECKING:
    from jxjy.billing.documents import InvoiceDocument
    from jxjy.billing.models import Invoice

SEQUENCE_DIGITS = 8


def series_prefix(base) -> str:  # type: ignore[no-untyped-def]
    # A base without a registered prefix still gets a series of its own.
    return (base.invoice_prefix or f"B{base.pk}").upper()


class LocalIssuer(InvoiceIssuer):
    name = "local"
    label = _("Local issuer")

    def allocate(self, invoice: Invoice) -> Allocation:
        from jxjy.billing.models import InvoiceSequence

        issued_at = clock.now()
        year = timezone.localtime(issued_at).year
        with transaction.atomic():
            InvoiceSequence.objects.get_or_create(base_id=invoice.base_id, year=year)
            sequence = InvoiceSequence.objects.select_for_update().get(base_id=invoice.base_id, year=year)
            sequence.last += 1
            sequence.save(update_fields=["last"])
        number = f"{series_prefix(invoice.base)}{year}{sequence.last:0{SEQUENCE_DIGITS}d}"
        return Allocation(number=number, issued_at=issued_at)

    def produce(self, document: InvoiceDocument) -> Produced:
        return Produced(pdf=invoice_pdf.render(document), data=document.to_dict())

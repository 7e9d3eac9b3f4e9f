"""The one interface of invoice issuers: the local issuer now, a tax-platform adapter later.

Issuing is two steps so that a crash never leaves a gap in a series nor a second invoice:

1. `allocate(invoice)` runs inside the transaction that holds the invoice row's lock and gives
   it its number and issue time. The local issuer takes the next number of the base's series
   under the series row's lock; a tax-platform adapter submits the invoice with `invoice.pk`
   as the platform's idempotency key (its 流水号) and gets the number back. Once the number is
   committed, a retry never allocates again.
2. `produce(document)` makes the PDF and the machine-readable data of the numbered invoice,
   outside any lock; retried as often as needed, it gives the same result.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jxjy.billing.documents import InvoiceDocument
    from jxjy.billing.models import Invoice


@dataclass(frozen=True)
class Allocation:
    number: str
    issued_at: dt.datetime


@dataclass(frozen=True)
class Produced:
    pdf: bytes
    data: dict[str, Any]


class InvoiceIssuer(ABC):
    name: str = ""
    label: Any = ""

    @abstractmethod
    def allocate(self, invoice: Invoice) -> Allocation:
        """Numbers the invoice; called with the invoice row locked, inside its transaction."""

    @abstractmethod
    def produce(self, document: InvoiceDocument) -> Produced:
        """The PDF and data of a numbered invoice."""

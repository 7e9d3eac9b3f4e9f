"""An electronic invoice as a plain value, and its machine-readable forms (JSON, XML).

No Django here: the issuers build an `InvoiceDocument` from billing's rows and hand it to the
renderers (`invoice_pdf.render`, `to_dict`, `to_xml`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - we only build XML, never parse it

from .amounts import amount_in_words

SCHEMA = "jxjy.einvoice/1"


def money(value: Decimal) -> str:
    return f"{value:.2f}"


@dataclass(frozen=True)
class InvoiceLine:
    name: str
    unit: str
    quantity: int
    unit_price: Decimal
    amount: Decimal
    tax_rate: Decimal
    tax_amount: Decimal


@dataclass(frozen=True)
class InvoiceDocument:
    number: str
    kind: str  # "blue" or "red"
    issued_at: dt.datetime
    check_code: str
    seller_name: str
    seller_tax_id: str
    buyer_type: str  # "personal" or "unit"
    buyer_name: str
    buyer_tax_id: str
    lines: tuple[InvoiceLine, ...]
    total: Decimal
    tax_free: bool
    tax_amount: Decimal
    order_number: str
    verify_url: str
    issuer: str
    original_number: str = ""
    remarks: str = ""
    drawer: str = ""  # printed as 开票人; the issuer's name when empty

    @property
    def total_in_words(self) -> str:
        return amount_in_words(self.total)

    def to_dict(self) -> dict[str, Any]:
        """The invoice's machine-readable form: money as exact strings, times in ISO 8601."""
        return {
            "schema": SCHEMA,
            "number": self.number,
            "kind": self.kind,
            "original_number": self.original_number or None,
            "issued_at": self.issued_at.isoformat(),
            "check_code": self.check_code,
            "seller": {"name": self.seller_name, "tax_id": self.seller_tax_id},
            "buyer": {"type": self.buyer_type, "name": self.buyer_name, "tax_id": self.buyer_tax_id or None},
            "items": [{"name": li.name, "unit": li.unit, "quantity": li.quantity, "unit_price": money(li.unit_price),
                       "amount": money(li.amount), "tax_rate": "tax_free" if self.tax_free else str(li.tax_rate),
                       "tax_amount": money(li.tax_amount)} for li in self.lines],
            "total": money(self.total),
            "total_in_words": self.total_in_words,
            "tax_free": self.tax_free,
            "tax_amount": money(self.tax_amount),
            "order_number": self.order_number,
            "verify_url": self.verify_url,
            "issuer": self.issuer,
            "remarks": self.remarks,
        }


def _xml(parent: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, dict):
        node = ET.SubElement(parent, name)
        for key, item in value.items():
            _xml(node, key, item)
    elif isinstance(value, list):
        node = ET.SubElement(parent, name)
        for item in value:
            _xml(node, "item", item)
    else:
        node = ET.SubElement(parent, name)
        if value is not None:
            node.text = str(value).lower() if isinstance(value, bool) else str(value)


def to_xml(data: dict[str, Any]) -> bytes:
    """The same data as `to_dict()`, as XML (<einvoice schema="...">...)."""
    root = ET.Element("einvoice", {"schema": str(data.get("schema", SCHEMA))})
    for key, value in data.items():
        if key != "schema":
            _xml(root, key, value)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

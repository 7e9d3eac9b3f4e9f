"""Invoice PDFs per second against a bare ReportLab one-page canvas with the same text.

    .venv/bin/python bench/bench_invoices.py [--quick]

Both sides use the shipped CJK font, the same canvas options (invariant, compressed) and,
for each PDF, different text (another number, buyer and amount), so that neither is served
from a cache. The invoice side is `invoice_pdf.render`, what the local issuer runs per invoice:
layout, lines, boxes and the QR code on top of the text. Target: at least 0.5× the baseline's
rate (within 2×).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from jxjy.billing import invoice_pdf  # noqa: E402
from jxjy.billing.documents import InvoiceDocument, InvoiceLine  # noqa: E402
from jxjy.core.pdf import register_cjk_font  # noqa: E402

NAMES = ["李雁塔", "张白水", "王渭南", "赵汉中", "陈安康", "刘商洛", "杨榆林", "周铜川"]


def document(i: int) -> InvoiceDocument:
    hours = 8 + i % 17
    rate = Decimal("4.00") if i % 3 else Decimal("2.00")
    amount = rate * hours
    number = f"SJD2020{i + 1:08d}"
    return InvoiceDocument(
        number=number, kind="blue", issued_at=dt.datetime(2020, 6, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        check_code=f"{(i * 7919) % 10**20:020d}", seller_name="陕西省专业技术人员继续教育示范基地(省级)",
        seller_tax_id="12610000MB2900001X", buyer_type="personal", buyer_name=NAMES[i % len(NAMES)], buyer_tax_id="",
        lines=(InvoiceLine(name=f"*非学历教育服务*继续教育培训费（软件工程项目管理实务{i % 9}）", unit="学时",
                           quantity=hours, unit_price=rate, amount=amount, tax_rate=Decimal("0"),
                           tax_amount=Decimal("0.00")),),
        total=amount, tax_free=True, tax_amount=Decimal("0.00"), order_number=f"JX20200601100000{i:08d}",
        verify_url=f"http://127.0.0.1:8000/billing/iv/{number}/{amount}/{i:020d}/",
        issuer="local", drawer="继续教育平台")


def baseline(doc: InvoiceDocument) -> bytes:
    """A bare one-page canvas with the invoice's text, one line under another."""
    font = register_cjk_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=invoice_pdf.PAGE, invariant=1, pageCompression=1)
    c.setFont(font, 9)
    y = invoice_pdf.PAGE[1] - 10 * mm
    for line in invoice_pdf.plain_lines(doc):
        c.drawString(10 * mm, y, line)
        y -= 5 * mm
    c.showPage()
    c.save()
    return buf.getvalue()


def rate(fn, docs: list[InvoiceDocument]) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for doc in docs:
        fn(doc)
    return len(docs) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer PDFs (a few seconds)")
    args = parser.parse_args()
    per_round, rounds = (40, 3) if args.quick else (200, 5)
    docs = [document(i) for i in range(per_round)]
    # Warm up: font registration and first-use caches belong to neither side's steady state.
    baseline(docs[0])
    invoice_pdf.render(docs[0])
    base_rates, invoice_rates = [], []
    for _ in range(rounds):  # interleaved, so that machine noise hits both alike
        base_rates.append(rate(baseline, docs))
        invoice_rates.append(rate(invoice_pdf.render, docs))
    base, inv = statistics.median(base_rates), statistics.median(invoice_rates)
    size_base, size_inv = len(baseline(docs[1])), len(invoice_pdf.render(docs[1]))
    print(f"PDFs per round: {per_round}, rounds: {rounds} (median shown; ranges in brackets)")
    print(f"baseline  bare canvas, same text : {base:8.1f} PDF/s  [{min(base_rates):.1f}-{max(base_rates):.1f}]"
          f"  {size_base} bytes")
    print(f"invoice   invoice_pdf.render     : {inv:8.1f} PDF/s  [{min(invoice_rates):.1f}-{max(invoice_rates):.1f}]"
          f"  {size_inv} bytes")
    ratio = inv / base
    print(f"ratio invoice/baseline: {ratio:.2f}  (target >= 0.50: {'met' if ratio >= 0.5 else 'NOT met'})")


if __name__ == "__main__":
    main()

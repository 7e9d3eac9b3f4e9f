"""The PDF of an electronic invoice: one page, Chinese text, a QR code to verify it.

No Django here. The printed captions follow the prescribed Chinese layout of an electronic
ordinary invoice (电子发票(普通发票)); they are the document's content, not interface text, so
they stay Chinese in every UI language. Drawn straight on a ReportLab canvas (no flowables):
invoices are issued in bulk, and the benchmark holds this within 2× of a bare canvas.
"""

from __future__ import annotations

import io

import segno
from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from jxjy.core.pdf import register_cjk_font

from .documents import InvoiceDocument, money

PAGE = (240 * mm, 140 * mm)
BROWN = Color(0.55, 0.27, 0.07)
RED = Color(0.75, 0.1, 0.1)

COLUMN_CAPTIONS = ("项目名称", "单位", "数量", "单价", "金额", "税率/征收率", "税额")
CAPTIONS: dict[str, str] = {
    "title": "电子发票（普通发票）",
    "red_title": "电子发票（普通发票）红字",
    "number": "发票号码：",
    "date": "开票日期：",
    "check": "校验码：",
    "buyer": "购买方",
    "seller": "销售方",
    "name": "名称：",
    "tax_id": "统一社会信用代码/纳税人识别号：",
    "sum": "合　　计",
    "total": "价税合计（大写）",
    "small": "（小写）",
    "remarks": "备注",
    "tax_free": "免税",
    "issuer": "开票人：",
    "red_of": "被红冲蓝字发票号码：",
    "order": "订单号：",
    "verify": "扫码或访问查验：",
}

# Column left edges (mm) of the items table, from the page's left border.
COLUMNS = (12, 96, 116, 134, 156, 182, 206)


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def qr_rectangles(data: str) -> tuple[int, list[tuple[int, int, int, int]]]:
    """The QR code of `data` as (size in modules, dark rectangles (col, row, width, height)).

    Horizontal runs of dark modules are merged, then runs repeated in the rows below grow into
    taller rectangles: a few hundred rectangles instead of a thousand cells. The mask is fixed
    (every decoder reads all eight) because scoring the eight masks would cost more than the
    rest of the page.
    """
    qr = segno.make(data, error="m", micro=False, mask=0, boost_error=False)
    matrix = qr.matrix
    rectangles: list[tuple[int, int, int, int]] = []
    open_: dict[tuple[int, int], int] = {}  # (start, end) of a run → row where it began
    for r, row in enumerate([*matrix, ()]):
        runs = set()
        start = None
        for col, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                runs.add((start, col))
                start = None
        for run in list(open_):
            if run not in runs:
                top = open_.pop(run)
                rectangles.append((run[0], top, run[1] - run[0], r - top))
        for run in runs:
            open_.setdefault(run, r)
    return len(matrix), rectangles


def _qr(c: canvas.Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draws the QR code with `size` points a side, its top-left corner at (x, y + size)."""
    modules, rectangles = qr_rectangles(data)
    cell = size / modules
    c.setFillColor(black)
    # One path in module units (y downwards): integer operands keep the content stream small.
    ops = [f"q {cell:.4f} 0 0 {-cell:.4f} {x:.2f} {y + size:.2f} cm"]
    ops += [f"{col} {row} {w} {h} re" for col, row, w, h in rectangles]
    ops.append("f Q")
    c.addLiteral("\n".join(ops))


def render(doc: InvoiceDocument) -> bytes:
    """The invoice as PDF bytes. Deterministic: the same document gives the same bytes."""
    font = register_cjk_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=PAGE, invariant=1, pageCompression=1)
    c.setTitle(f"{CAPTIONS['title']} {doc.number}")
    red = doc.kind == "red"
    ink = RED if red else BROWN
    width, height = PAGE

    # Heading: QR on the left, title centred, number and date on the right.
    _qr(c, doc.verify_url, 10 * mm, height - 34 * mm, 24 * mm)
    c.setFillColor(ink)
    c.setFont(font, 18)
    c.drawCentredString(width / 2, height - 16 * mm, CAPTIONS["red_title"] if red else CAPTIONS["title"])
    c.setStrokeColor(ink)
    c.line(width / 2 - 40 * mm, height - 18.5 * mm, width / 2 + 40 * mm, height - 18.5 * mm)
    c.setFont(font, 9)
    c.setFillColor(black)
    right = 168 * mm
    c.drawString(right, height - 14 * mm, CAPTIONS["number"] + doc.number)
    c.drawString(right, height - 19 * mm, CAPTIONS["date"] + f"{doc.issued_at:%Y年%m月%d日}")
    c.drawString(right, height - 24 * mm, CAPTIONS["check"] + doc.check_code)

    # Buyer and seller boxes.
    top, box = height - 38 * mm, 22 * mm
    c.setStrokeColor(ink)
    c.rect(10 * mm, top - box, width - 20 * mm, box)
    c.line(width / 2, top, width / 2, top - box)
    for x0, caption, name, tax_id in ((10 * mm, CAPTIONS["buyer"], doc.buyer_name, doc.buyer_tax_id),
                                      (width / 2, CAPTIONS["seller"], doc.seller_name, doc.seller_tax_id)):
        c.setFillColor(ink)
        c.setFont(font, 10)
        c.drawString(x0 + 3 * mm, top - 6 * mm, caption)
        c.setFillColor(black)
        c.setFont(font, 9)
        c.drawString(x0 + 3 * mm, top - 12 * mm, CAPTIONS["name"] + _fit(name, font, 9, 95 * mm))
        c.drawString(x0 + 3 * mm, top - 18 * mm, CAPTIONS["tax_id"] + (tax_id or "—"))

    # Items.
    top = top - box - 2 * mm
    rows = max(len(doc.lines), 1)
    table_h = (8 + 6 * rows + 7) * mm
    c.setStrokeColor(ink)
    c.rect(10 * mm, top - table_h, width - 20 * mm, table_h)
    c.setFillColor(ink)
    c.setFont(font, 9)
    for left, caption in zip(COLUMNS, COLUMN_CAPTIONS, strict=True):
        c.drawString(left * mm, top - 5.5 * mm, caption)
    c.setFillColor(black)
    y = top - 12 * mm
    for line in doc.lines:
        c.drawString(COLUMNS[0] * mm, y, _fit(line.name, font, 9, (COLUMNS[1] - COLUMNS[0] - 2) * mm))
        c.drawString(COLUMNS[1] * mm, y, line.unit)
        c.drawString(COLUMNS[2] * mm, y, str(line.quantity))
        c.drawString(COLUMNS[3] * mm, y, money(line.unit_price))
        c.drawString(COLUMNS[4] * mm, y, money(line.amount))
        c.drawString(COLUMNS[5] * mm, y, CAPTIONS["tax_free"] if doc.tax_free else f"{line.tax_rate * 100:.0f}%")
        c.drawString(COLUMNS[6] * mm, y, "***" if doc.tax_free else money(line.tax_amount))
        y -= 6 * mm
    c.line(10 * mm, top - table_h + 7 * mm, width - 10 * mm, top - table_h + 7 * mm)
    c.setFillColor(ink)
    c.drawString(COLUMNS[0] * mm, top - table_h + 2.2 * mm, CAPTIONS["sum"])
    c.setFillColor(black)
    c.drawString(COLUMNS[4] * mm, top - table_h + 2.2 * mm, "¥" + money(doc.total - doc.tax_amount))
    c.drawString(COLUMNS[6] * mm, top - table_h + 2.2 * mm, "***" if doc.tax_free else "¥" + money(doc.tax_amount))

    # Total in words and figures.
    top = top - table_h
    c.setStrokeColor(ink)
    c.rect(10 * mm, top - 9 * mm, width - 20 * mm, 9 * mm)
    c.setFillColor(ink)
    c.drawString(12 * mm, top - 6 * mm, CAPTIONS["total"])
    c.setFillColor(black)
    c.setFont(font, 10)
    c.drawString(46 * mm, top - 6 * mm, "⊗ " + doc.total_in_words)
    c.setFont(font, 9)
    c.drawString(160 * mm, top - 6 * mm, CAPTIONS["small"] + "¥" + money(doc.total))

    # Remarks: the order, the invoice a red-letter one reverses, how to verify.
    top -= 9 * mm
    c.rect(10 * mm, top - 16 * mm, width - 20 * mm, 16 * mm)
    c.setFillColor(ink)
    c.drawString(12 * mm, top - 6 * mm, CAPTIONS["remarks"])
    c.setFillColor(black)
    notes = [CAPTIONS["order"] + doc.order_number]
    if doc.original_number:
        notes.append(CAPTIONS["red_of"] + doc.original_number)
    if doc.remarks:
        notes.append(doc.remarks)
    c.drawString(26 * mm, top - 6 * mm, _fit("；".join(notes), font, 9, 198 * mm))
    c.setFont(font, 7)
    c.drawString(26 * mm, top - 12 * mm, _fit(CAPTIONS["verify"] + doc.verify_url, font, 7, 198 * mm))
    c.setFont(font, 9)
    c.drawString(12 * mm, 6 * mm, CAPTIONS["issuer"] + (doc.drawer or doc.issuer))

    c.showPage()
    c.save()
    return buf.getvalue()


def plain_lines(doc: InvoiceDocument) -> list[str]:
    """The invoice's text, line by line: the benchmark's bare-canvas baseline draws these."""
    lines = [CAPTIONS["red_title"] if doc.kind == "red" else CAPTIONS["title"],
             CAPTIONS["number"] + doc.number, CAPTIONS["date"] + f"{doc.issued_at:%Y年%m月%d日}",
             CAPTIONS["check"] + doc.check_code,
             CAPTIONS["buyer"], CAPTIONS["name"] + doc.buyer_name, CAPTIONS["tax_id"] + (doc.buyer_tax_id or "—"),
             CAPTIONS["seller"], CAPTIONS["name"] + doc.seller_name, CAPTIONS["tax_id"] + doc.seller_tax_id,
             "  ".join(COLUMN_CAPTIONS)]
    for line in doc.lines:
        lines.append("  ".join([line.name, line.unit, str(line.quantity), money(line.unit_price), money(line.amount),
                                CAPTIONS["tax_free"] if doc.tax_free else f"{line.tax_rate * 100:.0f}%",
                                "***" if doc.tax_free else money(line.tax_amount)]))
    lines += [CAPTIONS["sum"] + "  ¥" + money(doc.total - doc.tax_amount),
              CAPTIONS["total"] + " ⊗ " + doc.total_in_words + " " + CAPTIONS["small"] + "¥" + money(doc.total),
              CAPTIONS["remarks"] + " " + CAPTIONS["order"] + doc.order_number
              + ("；" + CAPTIONS["red_of"] + doc.original_number if doc.original_number else ""),
              CAPTIONS["verify"] + doc.verify_url, CAPTIONS["issuer"] + (doc.drawer or doc.issuer)]
    return lines

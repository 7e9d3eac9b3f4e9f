"""The printable certificate (继续教育证书 / 学时证明): A4, Chinese, the hours by category and
the entries behind them, the verification code and a QR code to the public verify page.

Drawn from the certificate's snapshot only, never from the live ledger: the paper says what the
certificate states. The captions are the document's content in the province's official wording,
not interface text, so they stay Chinese in every UI language (as on the electronic invoice).
A certificate that is no longer valid prints with a 作废 (void) watermark.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jxjy.billing.invoice_pdf import qr_rectangles
from jxjy.core.pdf import register_cjk_font

from . import codes

INK = colors.Color(0.62, 0.09, 0.11)
GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.97, 0.94, 0.92)

TITLE = "陕西省专业技术人员继续教育证书"
SUBTITLE = "学时证明"
ISSUER = "陕西省人力资源和社会保障厅"
PLATFORM = "陕西省专业技术人员继续教育平台"
CATEGORY = {"PUBLIC": "公需课", "PROFESSIONAL": "专业课"}
SOURCE = {"ONLINE_COURSE": "网络学习", "IN_PERSON": "面授", "EQUIVALENT": "同等学时认证", "CORRECTION": "学时更正"}
VOID = "作废"


def _date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _h(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


class QrCode(Flowable):
    """A QR code `size` points a side, drawn as merged rectangles (as on the invoice)."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data, self.size = data, size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        modules, rectangles = qr_rectangles(self.data)
        cell = self.size / modules
        c = self.canv
        c.saveState()
        c.setFillColor(colors.black)
        for col, row, w, h in rectangles:
            c.rect(col * cell, self.size - (row + h) * cell, w * cell, h * cell, stroke=0, fill=1)
        c.restoreState()


def render(*, snapshot: dict[str, Any], code: str, valid: bool, verify_url: str) -> bytes:
    """The certificate as PDF bytes. Deterministic: the same certificate gives the same bytes."""
    font = register_cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=9.5, leading=13)
    center = ParagraphStyle("center", parent=cell, alignment=TA_CENTER)
    title = ParagraphStyle("title", parent=body, fontSize=22, leading=30, alignment=TA_CENTER, textColor=INK)
    subtitle = ParagraphStyle("subtitle", parent=body, fontSize=16, leading=22, alignment=TA_CENTER, textColor=INK)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    small = ParagraphStyle("small", parent=cell, fontSize=8.5, leading=12)

    def p(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text), style)

    s = snapshot
    year, hours, required = s["year"], s["hours"], s["required"]
    grouped = codes.grouped(code)
    width = A4[0] - 40 * mm

    holder = Table([
        [p("姓　　名", center), p(s["name"]), p("身份证号", center), p(s["id_number"])],
        [p("工作单位", center), p(s["employer"]), "", ""],
        [p("专　　业", center), p(s.get("specialty", "")), p("证书版本", center), p(f"第{s['version']}版")],
    ], colWidths=[width * 0.16, width * 0.38, width * 0.16, width * 0.30])
    holder.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, GRID), ("SPAN", (1, 1), (3, 1)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, 0), SHADE),
        ("BACKGROUND", (2, 2), (2, 2), SHADE)]))

    statement = (f"兹证明 {s['name']} 同志{year}年度专业技术人员继续教育学时经{PLATFORM}认证，"
                 f"共计{_h(hours['total'])}学时，其中公需课{_h(hours['public'])}学时、专业课"
                 f"{_h(hours['professional'])}学时，达到{year}年度继续教育学时要求。特此证明。")

    def met(have: Any, need: Any) -> str:
        return "达标" if have >= need else "未达标"

    summary = Table([
        [p("类别", center), p("年度要求（学时）", center), p("已认证（学时）", center), p("结果", center)],
        *[[p(CATEGORY[k], center), p(f"不少于{_h(required[k.lower()])}", center), p(_h(hours[k.lower()]), center),
           p(met(hours[k.lower()], required[k.lower()]), center)] for k in ("PUBLIC", "PROFESSIONAL")],
        [p("合计", center), p(f"不少于{_h(required['total'])}", center), p(_h(hours["total"]), center),
         p(met(hours["total"], required["total"]), center)],
    ], colWidths=[width * 0.22, width * 0.30, width * 0.26, width * 0.22])
    summary.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, GRID), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))

    rows = [[p("序号", center), p("课程 / 项目", center), p("类别", center), p("方式", center), p("学时", center),
             p("登记日期", center)]]
    for i, e in enumerate(s["entries"], start=1):
        rows.append([p(str(i), center), p(e["title"]), p(CATEGORY.get(e["category"], e["category"]), center),
                     p(SOURCE.get(e["source"], e["source"]), center), p(_h(e["hours"]), center),
                     p(e["recorded_on"], center)])
    entries = Table(rows, colWidths=[width * 0.08, width * 0.42, width * 0.11, width * 0.15, width * 0.09,
                                     width * 0.15], repeatRows=1)
    entries.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, GRID), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))

    plan = s.get("plan") or {}
    basis = (f"《{plan['title']}》" if plan.get("title") else "") + (
        f"（{plan['document_number']}）" if plan.get("document_number") else "")
    basis_text = (f"认定依据：{plan.get('year', year)}年度专业技术人员继续教育计划（第{plan.get('version', 1)}版）"
                  + (f"，{basis}" if basis else ""))
    seal = [p(ISSUER, right), p(PLATFORM, right), p(f"发证日期：{_date(s['issued_on'])}", right)]
    verify = [p("验证码", small), p(grouped, ParagraphStyle("code", parent=body, fontSize=12.5, leading=18)),
              p("扫描二维码或访问以下网址，输入验证码查验本证书真伪：", small), p(verify_url, small)]
    if s["version"] > 1:
        verify.append(p(f"本证书为{year}年度第{s['version']}版，此前签发的版本已失效。", small))
    footer = Table([[QrCode(verify_url, 30 * mm), verify, seal]],
                   colWidths=[34 * mm, width - 34 * mm - 62 * mm, 62 * mm])
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        w, h = A4
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(2.2)
        canvas.rect(10 * mm, 10 * mm, w - 20 * mm, h - 20 * mm)
        canvas.setLineWidth(0.6)
        canvas.rect(12.5 * mm, 12.5 * mm, w - 25 * mm, h - 25 * mm)
        canvas.setFont(font, 8)
        canvas.setFillColor(GRID)
        canvas.drawCentredString(w / 2, 15 * mm, f"验证码 {grouped} · 第{doc.page}页")
        if not valid:
            canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
            canvas.setFont(font, 120)
            canvas.translate(w / 2, h / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, -40, VOID)
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
                            bottomMargin=22 * mm, title=f"{TITLE} {year}", author=ISSUER, subject=SUBTITLE,
                            invariant=1)
    doc.build([
        Paragraph(escape(TITLE), title), Spacer(1, 2 * mm), Paragraph(escape(SUBTITLE), subtitle),
        p(f"（{year}年度）", ParagraphStyle("year", parent=body, alignment=TA_CENTER)), Spacer(1, 6 * mm),
        holder, Spacer(1, 5 * mm), Paragraph(escape(statement), body), Spacer(1, 4 * mm), summary,
        Spacer(1, 5 * mm), p("学时明细", ParagraphStyle("h2", parent=body, fontSize=12, leading=18, textColor=INK)),
        Spacer(1, 1.5 * mm), entries, Spacer(1, 3 * mm), p(basis_text, small), Spacer(1, 6 * mm),
        KeepTogether([footer]),
    ], onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()

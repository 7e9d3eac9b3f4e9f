"""The printable record of a finished base review (继续教育基地例行考核结果): A4, Chinese.

The captions are the document's content in the province's official wording, not interface text,
so they stay Chinese in every UI language (as on the certificate and the invoice)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jxjy.core.pdf import register_cjk_font

from .models import BaseReview

GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.94, 0.94, 0.94)
TITLE = "陕西省专业技术人员继续教育基地例行考核结果"
PROVINCE = "陕西省人力资源和社会保障厅"
DIMENSION = {"RULES": "制度建设", "SPENDING": "经费使用", "TEACHERS": "师资力量", "ORGANISATION": "培训组织",
             "LEARNERS": "学员管理"}
FINDING = {"OVERCHARGING": "擅自提高收费标准", "CUTTING_SPENDING": "压缩经费开支", "WEAK_TEACHERS": "师资力量薄弱",
           "DISORDERLY_LEARNERS": "学员管理混乱"}
CONCLUSION = {"EXCELLENT": "优秀", "PASS": "合格", "FAIL": "不合格"}
LEVEL = {"PROVINCIAL": "省级基地", "CITY": "市级基地"}


def _n(value: Any) -> str:
    if value is None or value == "":
        return "—"
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _date(value: Any) -> str:
    return f"{value.year}年{value.month:02d}月{value.day:02d}日" if value else "—"


def render(review: BaseReview, *, authority: str, confirmer: str) -> bytes:
    font = register_cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=9.5, leading=13)
    center = ParagraphStyle("center", parent=cell, alignment=TA_CENTER)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)

    def p(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    width = A4[0] - 40 * mm
    r = review
    head = Table([
        [p("基地名称", center), p(r.base.name), p("基地级别", center), p(LEVEL.get(r.base.level, r.base.level))],
        [p("所在市", center), p(r.base.city.name), p("考核周期", center), p(f"{r.round.period}年度")],
    ], colWidths=[width * 0.15, width * 0.45, width * 0.15, width * 0.25])
    head.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, -1), SHADE)]))
    rows = [[p("考核项目", center), p("满分", center), p("自评分", center), p("考核得分", center), p("考核意见", center)]]
    for row in r.rows():
        rows.append([p(DIMENSION.get(row["code"], row["code"]), center), p(_n(row["max_score"]), center),
                     p(_n(row["self_score"]), center), p(_n(row["score"]), center), p(row["comment"] or "—")])
    rows.append([p("合计", center), p(_n(r.round.total_max), center), p(_n(r.self_total), center),
                 p(_n(r.total_score), center), p("")])
    scores = Table(rows, colWidths=[width * 0.16, width * 0.1, width * 0.1, width * 0.12, width * 0.52],
                   repeatRows=1)
    scores.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, GRID), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                                ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    conclusion = CONCLUSION.get(r.conclusion, r.conclusion)
    lines = [p(f"考核结论：{conclusion}（合格线 {_n(r.round.pass_mark)} 分，优秀线 {_n(r.round.excellent_mark)} 分）",
               body)]
    if r.findings:
        lines.append(p("发现问题：" + "、".join(FINDING.get(f, f) for f in r.findings), body))
        lines.append(p(f"问题说明：{r.findings_note}", body))
        lines.append(p("存在上述问题的，按照有关规定考核结论为不合格。", cell))
    if r.comment:
        lines.append(p(f"综合意见：{r.comment}", body))
    if r.base_suspended:
        lines.append(p("处理结果：暂停该基地继续教育培训资格。", body))
    sign = [p(f"考核单位：{authority}", right), p(f"考核日期：{_date(r.assessed_at)}", right)]
    if r.needs_confirmation:
        sign += [p(f"确认单位：{confirmer}", right), p(f"确认日期：{_date(r.confirmed_at)}", right)]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=TITLE, author=PROVINCE, invariant=1)
    doc.build([p(TITLE, title), Spacer(1, 6 * mm), head, Spacer(1, 5 * mm), scores, Spacer(1, 5 * mm), *lines,
               Spacer(1, 8 * mm), *sign])
    return buf.getvalue()


def authority_names(review: BaseReview) -> tuple[str, str]:
    """Who assessed (the city's bureau or the province) and who confirmed."""
    if review.needs_confirmation:
        return f"{review.base.city.name}人力资源和社会保障局", PROVINCE
    return PROVINCE, PROVINCE

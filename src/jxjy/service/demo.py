"""The public service's demo data: the 2020 notice (陕人社函〔2020〕354号) as the first policy
article, with its official file (a small PDF made here), one question of 李雁塔's answered by 西安
and shown in the FAQ, one open question, a complaint of 张白水's against the 渭南 base awaiting 渭南's acceptance, and another one 渭南 has
accepted, which the base has answered with a statement. Idempotent."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.core.personas import Cast

from .models import Complaint, Consultation, PolicyArticle
from .services import (
    article_publish,
    attachment_add,
    complaint_accept,
    complaint_file,
    complaint_statement,
    consultation_answer,
    consultation_ask,
)

NOTICE_TITLE = "陕西省人力资源和社会保障厅关于做好2020年度全省专业技术人员继续教育(知识更新工程)有关事项的通知"
NOTICE_NUMBER = "陕人社函〔2020〕354号"
NOTICE_ISSUER = "陕西省人力资源和社会保障厅"
NOTICE_DATE = dt.date(2020, 8, 21)
NOTICE_TEXT = Path(__file__).resolve().parent / "data" / "notice_2020.txt"

FAQ_TITLE = "公需课可以选两个科目都学吗？"
OPEN_TITLE = "面授培训学时如何认定？"
COMPLAINT_TEXT = "报名面授培训时基地另收资料费200元，未开具发票。(演示数据)"
ANSWERED_TEXT = "面授培训签到后老师提前一小时下课，学时却按全天记录。(演示数据)"
STATEMENT_TEXT = "经核查，6月12日下午课程因授课教师临时身体不适提前结束，当日学时已按实际时长更正，并安排补课。"


def notice_2020(cast: Cast) -> PolicyArticle:
    article = PolicyArticle.objects.filter(doc_number=NOTICE_NUMBER).first()
    if article is None:
        article = article_publish(actor=cast.province_admin, title=NOTICE_TITLE, doc_number=NOTICE_NUMBER,
                                  issuer=NOTICE_ISSUER, issued_on=NOTICE_DATE,
                                  body=NOTICE_TEXT.read_text(encoding="utf-8"),
                                  category=PolicyArticle.Category.NOTICE)
    return article


def notice_pdf(article: PolicyArticle) -> bytes:
    """A small A4 PDF standing for the notice's official file: its number, title and first
    paragraphs, in the project's embedded CJK font (never the machine's)."""
    from html import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from jxjy.core.pdf import register_cjk_font

    font = register_cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=18, wordWrap="CJK", firstLineIndent=22)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1, firstLineIndent=0)
    paragraphs = [p.strip() for p in article.body.splitlines() if p.strip()][:6]
    story: list[Any] = [Paragraph(escape(article.doc_number), ParagraphStyle("number", parent=title, fontSize=11)),
                        Paragraph(escape(article.title), title), Spacer(1, 6 * mm)]
    story += [Paragraph(escape(p), body) for p in paragraphs]
    story += [Spacer(1, 6 * mm), Paragraph(escape("（演示数据：文件原文节选）"), body)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm,
                      bottomMargin=25 * mm, title=article.title, author=article.issuer).build(story)
    return buf.getvalue()


def seed(cast: Cast, stdout: Any) -> None:
    article = notice_2020(cast)
    if not article.attachments.exists():
        attachment_add(actor=cast.province_admin, article=article,
                       upload=SimpleUploadedFile(f"{NOTICE_NUMBER}.pdf", notice_pdf(article), "application/pdf"))
    if not Consultation.objects.filter(title=FAQ_TITLE).exists():
        item = consultation_ask(actor=cast.learner_yanta, title=FAQ_TITLE, article=article,
                                question="通知说公需课共2个科目，任意选择一个。我两个都学了，学时能都算吗？")
        consultation_answer(actor=cast.admin_xian, consultation=item, public=True,
                            answer="公需课每个科目24学时，任选一个科目学习即可满足当年公需课要求；"
                                   "两个科目都学，公需课学时按年度要求认定，超出部分不转为专业课学时。")
    if not Consultation.objects.filter(title=OPEN_TITLE).exists():
        consultation_ask(actor=cast.learner_baishui, title=OPEN_TITLE, article=article,
                         question="参加基地组织的面授公需课培训，学时由谁录入平台？需要多久？")
    if not Complaint.objects.filter(description=COMPLAINT_TEXT).exists():
        complaint_file(actor=cast.learner_baishui, base=cast.weinan_base.pk, reason=Complaint.Reason.OVERCHARGING,
                       description=COMPLAINT_TEXT)
    if not Complaint.objects.filter(description=ANSWERED_TEXT).exists():
        answered = complaint_file(actor=cast.learner_baishui, base=cast.weinan_base.pk,
                                  reason=Complaint.Reason.FAKE_HOURS, description=ANSWERED_TEXT)
        answered = complaint_accept(actor=cast.admin_weinan, complaint=answered)
        complaint_statement(actor=cast.base_weinan, complaint=answered, text=STATEMENT_TEXT)
    stdout.write(f"service: policy “{article.doc_number}” ({article.attachments.count()} attachment), "
                 f"{Consultation.objects.count()} consultations, {Complaint.objects.count()} complaints")

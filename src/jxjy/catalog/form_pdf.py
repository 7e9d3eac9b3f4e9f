"""The printable application form: Form 1 (public course) or Form 2 (professional course) of
the yearly notice, filled in from the application and its steps, for seal and signature.

Rows follow the notice's attachments: applicant, (specialty,) subject name (and level),
courseware introduction (teachers; course system; compliance pledge), contact, the applicant's
opinion, (the city bureau's opinion,) the province's opinion.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jxjy.core.pdf import register_cjk_font

from .models import ApplicationStep, Category, CourseApplication, Level

Authority = ApplicationStep.Authority


def _date(value: dt.datetime | None) -> str:
    if value is None:
        return _("____ year __ month __ day")
    local = timezone.localtime(value)
    return _("%(y)s-%(m)s-%(d)s") % {"y": local.year, "m": local.month, "d": local.day}


def _latest_opinion(application: CourseApplication, authority: str) -> ApplicationStep | None:
    """The authority's step of the latest round: the opinion the printed form carries."""
    return (application.steps.filter(round=application.round, authority=authority)
            .order_by("-at", "-id").first())


def course_system_text(application: CourseApplication) -> str:
    """「该课程共N讲, 其中包含…等N个方面, 通过对…等内容介绍, 使专业技术人员较好掌握…等知识。」"""
    count = application.course.lectures.count()
    return _("The course has %(n)s lectures, covering %(aspects)s (%(k)s aspects in all); by introducing "
             "%(content)s, it lets professional and technical personnel master %(outcomes)s.") % {
        "n": count, "aspects": application.aspects or "—",
        "k": application.aspect_count if application.aspect_count is not None else "—",
        "content": application.content_summary or application.aspects or "—",
        "outcomes": application.outcomes or "—"}


def teachers_text(application: CourseApplication) -> str:
    """「姓名，职称，单位职务、头衔；姓名2，…」 as on the form."""
    comma, semicolon = pgettext("list separator", ", "), pgettext("list of lists separator", "; ")
    rows = [comma.join(p for p in (t.name, t.title, t.post) if p) for t in application.teachers.all()]
    return semicolon.join(rows) or "—"


def pledge_text() -> str:
    return _("The base pledges to make the courseware strictly according to the provincial Department's "
          "'Specification for online continuing-education courseware'; the courseware comes from lawful "
          "sources and is free of copyright disputes; its content obeys the laws and regulations of the "
          "state and is positive.")


def application_form_pdf(application: CourseApplication) -> bytes:
    font = register_cjk_font()
    base_style = ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    label_style = ParagraphStyle("label", parent=base_style, alignment=TA_CENTER)
    title_style = ParagraphStyle("title", parent=base_style, fontSize=16, leading=22, alignment=TA_CENTER,
                                 spaceAfter=6 * mm)

    def p(text: str, style: ParagraphStyle = base_style) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def label(text: str) -> Paragraph:
        return Paragraph(escape(text), label_style)

    course = application.course
    professional = course.category == Category.PROFESSIONAL
    if professional:
        heading = _("%(year)s Online Continuing-Education Professional Course Subject Application Form") % {
            "year": application.year}
    else:
        heading = _("%(year)s Online Continuing-Education Public Course Subject Application Form") % {
            "year": application.year}
    attachment = _("Attachment %(n)s") % {"n": application.form_number}

    intro = [
        p(_("1. Teachers: %(t)s") % {"t": teachers_text(application)}),
        p(_("2. Course system: %(s)s") % {"s": course_system_text(application)}),
        p(_("3. Compliance pledge: %(p)s") % {"p": pledge_text()}
          + ("  ■" if application.pledge_accepted else "  □")),
    ]
    contact = "  ".join(x for x in (application.contact_name, application.contact_phone,
                                    application.contact_email) if x)
    seal = _("(Seal)")
    # Room for the seal and signature on paper.
    room = Spacer(1, 8 * mm)
    applicant = [p(application.applicant_opinion or ""), room, p(f"{seal}  {_date(application.submitted_at)}")]

    def opinion(authority: str, with_seal: bool) -> list[Any]:
        step = _latest_opinion(application, authority)
        text = f"{step.opinion}（{step.actor_name}）" if step and step.actor_name else (step.opinion if step else "")
        if authority == Authority.CITY and not application.goes_through_city:
            text = _("Provincial base: submitted directly to the provincial HR department")
        when = _date(step.at if step else None)
        return [p(text), room, p(f"{seal}  {when}" if with_seal else when)]

    width = A4[0] - 36 * mm
    if professional:
        levels = "  ".join(("■" if course.level == value else "□") + str(name)
                           for value, name in Level.choices)
        rows = [
            [label(_("Applicant")), p(application.base.name), "", ""],
            [label(_("Specialty applied for")), p(course.specialty.name if course.specialty else ""), "", ""],
            [label(_("Subject name")), p(course.title), label(_("Course level")), p(levels)],
            [label(_("Courseware introduction")), intro, "", ""],
            [label(_("Contact person and means of contact")), p(contact), "", ""],
            [label(_("Applicant's opinion")), applicant, "", ""],
            [label(_("City HR bureau's opinion")), opinion(Authority.CITY, True), "", ""],
            [label(_("Provincial HR department's opinion")), opinion(Authority.PROVINCE, False), "", ""],
        ]
        col_widths = [width * 0.2, width * 0.42, width * 0.1, width * 0.28]
        spans = [("SPAN", (1, r), (3, r)) for r in (0, 1, 3, 4, 5, 6, 7)]
    else:
        rows = [
            [label(_("Applicant")), p(application.base.name)],
            [label(_("Subject name")), p(course.title)],
            [label(_("Courseware introduction")), intro],
            [label(_("Contact person and means of contact")), p(contact)],
            [label(_("Applicant's opinion")), applicant],
            [label(_("Provincial HR department's opinion")), opinion(Authority.PROVINCE, False)],
        ]
        col_widths = [width * 0.2, width * 0.8]
        spans = []
    table = Table(rows, colWidths=col_widths, repeatRows=0)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        *spans,
    ]))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=heading, author=application.base.name,
                            subject=course.title)
    doc.build([p(attachment), Spacer(1, 2 * mm), Paragraph(escape(heading), title_style), table])
    return buffer.getvalue()

"""The hours ledger's demo data: one equivalent-hours claim by 李雁塔 (a published paper, with a
one-page PDF as evidence) awaiting review by 雁塔's employer. Idempotent: a second run finds the
claim and adds nothing."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.core import clock
from jxjy.core.errors import DomainError
from jxjy.core.personas import Cast
from jxjy.plans.selectors import current_year, rules_for

from .models import EquivalentHoursClaim
from .services import claim_submit

DEMO_CLAIM_TITLE = "基于微服务架构的软件项目进度管理方法研究"
DEMO_CLAIM_TYPE = "PAPER"


def evidence_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines, standing in for a scanned paper."""
    from reportlab.pdfgen import canvas

    from jxjy.core.pdf import register_cjk_font

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont(register_cjk_font(), 14)
    for i, line in enumerate(lines):
        pdf.drawString(72, 770 - 24 * i, line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def seed(cast: Cast, stdout: Any) -> None:
    learner = cast.learner_yanta.learner
    existing = EquivalentHoursClaim.objects.filter(learner=learner, title=DEMO_CLAIM_TITLE).first()
    if existing is not None:
        stdout.write(f"credits: claim “{existing.title}” {existing.status.lower()}")
        return
    year = current_year()
    kind = rules_for(year).equivalent.type(DEMO_CLAIM_TYPE)
    end = min(dt.date(year, 5, 20), clock.today())
    if kind is None or end.year != year:
        stdout.write("credits: the current plan has no paper claims (or the year has not begun); no demo claim")
        return
    hours = min(kind.max_hours_per_claim, 12)
    evidence = SimpleUploadedFile("论文首页.pdf", evidence_pdf(
        ["《计算机应用与软件》", DEMO_CLAIM_TITLE, "作者：李雁塔(第一作者)", "(演示数据)"]),
        content_type="application/pdf")
    try:
        claim = claim_submit(actor=cast.learner_yanta, year=year, claim_type=kind.code, title=DEMO_CLAIM_TITLE,
                             description="发表于《计算机应用与软件》第5期，第一作者。", started_on=end,
                             ended_on=end, hours=hours, evidence=evidence)
    except DomainError as exc:
        stdout.write(f"credits: no demo claim ({exc.code}: {exc.message})")
        return
    stdout.write(f"credits: {learner.name} · claim “{claim.title}” · {claim.hours_claimed} h · pending")

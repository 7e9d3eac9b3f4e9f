"""Fixtures of the exams tests: a published course of the provincial base, bank files built
from the year's numbers, and an enrolment that may study."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from jxjy.catalog.models import Category, Course
from jxjy.core import clock
from jxjy.learning.models import Enrolment
from jxjy.plans.selectors import current_rules

HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "解析", "讲次"]


def xlsx_bytes(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "题库"
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bank_rows(single: int, multiple: int, true_false: int, prefix: str = "题") -> list[list[Any]]:
    rows: list[list[Any]] = []
    for i in range(single):
        rows.append(["单选", f"{prefix}单选{i}", "甲", "乙", "丙", "丁", "", "", "ABCD"[i % 4], "", 1])
    for i in range(multiple):
        rows.append(["多选", f"{prefix}多选{i}", "甲", "乙", "丙", "丁", "", "", "AC", "", 2])
    for i in range(true_false):
        rows.append(["判断", f"{prefix}判断{i}", "", "", "", "", "", "", "对" if i % 2 else "错", "", ""])
    return rows


def full_bank_xlsx(extra: int = 0, prefix: str = "题") -> bytes:
    """A bank at exactly the year's minimum of each type (plus `extra` of each)."""
    minimum = current_rules().exam.bank_minimum
    return xlsx_bytes(bank_rows(minimum["single"] + extra, minimum["multiple"] + extra,
                                minimum["true_false"] + extra, prefix))


@pytest.fixture
def course(cast: Any) -> Course:
    return Course.objects.create(base=cast.provincial_base, category=Category.PROFESSIONAL,
                                 title="软件工程项目管理实务", hours=8, status=Course.Status.PUBLISHED,
                                 published_at=clock.now())


@pytest.fixture
def enrolment(cast: Any, course: Course) -> Enrolment:
    return Enrolment.objects.create(learner=cast.learner_yanta.learner, course=course, year=current_rules().year,
                                    status=Enrolment.Status.ACTIVE, activated_at=clock.now())


@pytest.fixture
def banked_course(cast: Any, course: Course) -> Course:
    from jxjy.exams.services import question_bank_import

    question_bank_import(actor=cast.base_provincial, course=course, data=full_bank_xlsx(), fmt="xlsx",
                         mode="replace")
    return course


def upload(api_client: Any, course_id: int, content: bytes, name: str = "bank.xlsx", **fields: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"format": "xlsx", "mode": "replace", **fields}
    return api_client.post(f"courses/{course_id}/question-bank", data,
                           files={"file": SimpleUploadedFile(name, content)})

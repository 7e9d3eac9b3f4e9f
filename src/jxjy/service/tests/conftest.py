from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.catalog.models import Category, Course
from jxjy.service.demo import notice_2020
from jxjy.service.models import PolicyArticle

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def notice(cast: Any) -> PolicyArticle:
    return notice_2020(cast)


def make_course(base: Any, title: str = "护理继续教育", status: str = Course.Status.PUBLISHED) -> Course:
    return Course.objects.create(base=base, category=Category.PROFESSIONAL, title=title, hours=8, status=status)


def evidence(name: str = "receipt.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def file_complaint(api: Any, user: Any, *, upload: Any = None, **changes: Any) -> Any:
    form = {"reason": "OVERCHARGING", "description": "另收资料费200元，未开发票", **changes}
    files = {"evidence": upload} if upload is not None else {}
    return api(user).post("me/complaints", form, files=files)

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

# Fixtures live in jxjy.core.testing (loaded once for the whole tree by the root conftest.py);
# these names stay importable from here for the tests that use them.
from jxjy.core.testing import PASSWORD, Api  # noqa: F401

# The ledger is tested with the studying fixtures (a fake clock, a course, an enrolment).
from jxjy.learning.tests.conftest import clock, course, enrolment, exam_passed  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def evidence(name: str = "paper.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def claim_form(**changes: Any) -> dict[str, Any]:
    """A valid claim of 2020 (a published paper, 12 h), with `changes`."""
    return {"year": "2020", "claim_type": "PAPER", "title": "软件缺陷预测方法研究",
            "description": "《计算机工程》2020年第6期，第一作者", "started_on": "2020-05-01", "ended_on": "2020-05-10",
            "hours": "12", **changes}


def file_claim(api: Any, user: Any, *, upload: Any = None, **changes: Any) -> Any:
    """Files a claim through POST /me/claims (multipart) as `user`; `upload=False` sends no file."""
    files = {} if upload is False else {"evidence": upload or evidence()}
    return api(user).post("me/claims", claim_form(**changes), files=files)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    # Evidence files go to a throwaway media root.
    settings.MEDIA_ROOT = str(tmp_path / "media")

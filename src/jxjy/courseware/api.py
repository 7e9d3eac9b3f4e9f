from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form, Router
from ninja.files import UploadedFile

from . import services

router = Router(tags=["courseware"])


@router.post("/courseware/check")
def courseware_check(request: HttpRequest, file: File[UploadedFile], role: Form[str] = "lecture",
                     deep: Form[bool] = False) -> dict:
    """Checks one video against the current spec profile: `{file, role, verdict, duration, rows}`; a row is
    `{rule, status: pass|warn|fail, measured, required, message}`, plus `judged: false` on rows that are
    reported, not judged (they leave the verdict alone)."""
    actor = request.auth  # type: ignore[attr-defined]
    report = services.courseware_check_upload(actor=actor, upload=file, role=role, deep=deep)
    return report.to_dict()

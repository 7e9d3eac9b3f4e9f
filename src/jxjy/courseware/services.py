"""Courseware checks of uploaded files: authorise, stream to a temporary file, check, delete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from jxjy.accounts.models import User
from jxjy.core.errors import ValidationFailed

from .access import require_courseware_checker
from .selectors import current_spec_rules
from .spec import FileReport, check_file

ROLES = ("lecture", "preview")


def _clean_role(role: str | None) -> str:
    role = (role or "lecture").strip().lower()
    if role not in ROLES:
        raise ValidationFailed(_("The role must be lecture or preview."), code="courseware_role_invalid",
                               detail={"errors": [{"field": "role", "reason": _("lecture or preview")}]})
    return role


def courseware_check_upload(*, actor: User, upload: UploadedFile, role: str | None = "lecture",
                            deep: bool = False) -> FileReport:
    """Checks an uploaded video against the current plan's spec profile; stores nothing.

    Django already spools uploads above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, which is
    checked in place; smaller ones are written out in chunks. Either way the file is gone after.
    """
    require_courseware_checker(actor)
    role = _clean_role(role)
    rules = current_spec_rules()
    name = Path(upload.name or "upload").name
    temporary_path = getattr(upload, "temporary_file_path", None)
    if temporary_path is not None:
        report = check_file(temporary_path(), rules, role=role, deep=deep)
    else:
        suffix = Path(name).suffix[:10]
        fd, path = tempfile.mkstemp(prefix="jxjy-cw-", suffix=suffix, dir=settings.FILE_UPLOAD_TEMP_DIR)
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            report = check_file(path, rules, role=role, deep=deep)
        finally:
            os.unlink(path)
    report.file = name
    return report

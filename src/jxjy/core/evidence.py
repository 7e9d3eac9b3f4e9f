"""Evidence files people attach — to equivalent-hours claims, complaints, base self-assessments:
a PDF, JPG or PNG, recognised by its first bytes (not its name alone), within a size cap."""

from __future__ import annotations

import os
from typing import Any

from django.utils.translation import gettext as _

SIGNATURES = {".pdf": (b"%PDF-",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
              ".png": (b"\x89PNG\r\n\x1a\n",)}


def problem(upload: Any, *, max_bytes: int) -> str | None:
    """What is wrong with an uploaded evidence file, in Chinese, or None. The file is left at its start."""
    ext = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
    if ext not in SIGNATURES:
        return _("The evidence must be a PDF, JPG or PNG file")
    if upload.size > max_bytes:
        return _("The evidence file may be at most %(mb)s MB") % {"mb": max_bytes // (1024 * 1024)}
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        return _("The evidence file is not really a %(kind)s file") % {"kind": ext[1:].upper()}
    return None

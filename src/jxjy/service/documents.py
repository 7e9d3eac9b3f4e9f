"""Office documents attached to policy articles (文件原文): PDF, Word (.doc, .docx) and Excel
(.xls, .xlsx), recognised by their content. The file's name must agree with what the content is,
so that a download opens in the program its name promises.

PDF is recognised as `jxjy.core.evidence` recognises it (its signature); the Office formats need
more than a first-bytes check: .docx and .xlsx are ZIP packages told apart by their main part,
.doc and .xls are OLE2 compound files told apart by their main stream's name.
"""

from __future__ import annotations

import os
import zipfile
from typing import Any
from urllib.parse import quote

from django.utils.translation import gettext as _

from jxjy.core.evidence import SIGNATURES

from .models import PolicyAttachment

Kind = PolicyAttachment.Kind

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE2 directory are UTF-16LE.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_OLE_SCAN_BYTES = 32 * 1024 * 1024


def sniff(upload: Any) -> tuple[str, str] | None:
    """(kind, the extension the content is) or None when it is none of the accepted formats.
    The file is left at its start."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if any(head.startswith(sig) for sig in SIGNATURES[".pdf"]):
            return Kind.PDF, ".pdf"
        if head.startswith(_ZIP):
            try:
                names = set(zipfile.ZipFile(upload).namelist())
            except (zipfile.BadZipFile, OSError, ValueError):
                return None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return Kind.WORD, ".docx"
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return Kind.EXCEL, ".xlsx"
            return None
        if head.startswith(_OLE2):
            data = upload.read(_OLE_SCAN_BYTES)
            if _WORD_STREAM in data:
                return Kind.WORD, ".doc"
            if any(name in data for name in _EXCEL_STREAMS):
                return Kind.EXCEL, ".xls"
        return None
    finally:
        upload.seek(0)


def problem(upload: Any, *, max_bytes: int) -> str | None:
    """What is wrong with an uploaded policy document, in Chinese, or None."""
    name = os.path.basename(getattr(upload, "name", "") or "")
    ext = os.path.splitext(name)[1].lower()
    size = getattr(upload, "size", 0) or 0
    if not size:
        return _("The attachment is empty")
    if size > max_bytes:
        return _("An attachment may be at most %(mb)s MB") % {"mb": max_bytes // (1024 * 1024)}
    found = sniff(upload)
    if found is None:
        return _("The attachment must be a PDF, Word or Excel file")
    if ext != found[1]:
        return _("The file's content does not match its name (the content is a %(ext)s file)") % {
            "ext": found[1][1:].upper()}
    return None


def content_disposition(name: str) -> str:
    """`attachment` with the file's own name: RFC 6266 `filename*` (RFC 5987, UTF-8) for every
    browser of today, and an ASCII `filename` for the old ones (Chinese names become their
    extension only, e.g. `attachment.pdf`)."""
    stem, ext = os.path.splitext(name)
    ascii_stem = "".join(c for c in stem if c.isascii() and (c.isalnum() or c in "-_. ")).strip() or "attachment"
    ascii_ext = "".join(c for c in ext if c.isascii() and (c.isalnum() or c == "."))
    return f"attachment; filename=\"{ascii_stem}{ascii_ext}\"; filename*=UTF-8''{quote(name, safe='')}"

"""Uploaded Excel workbooks are checked before openpyxl opens them.

An .xlsx is a zip archive: a file of a few hundred kilobytes can hold members that unpack to
gigabytes (a zip bomb), and openpyxl unpacks what it reads. So an upload is refused when the
file itself is too big, when it is not a zip with an xlsx manifest, when its members together
unpack to more than a cap, when one large member is compressed beyond any real spreadsheet's
ratio, or when it has too many members. The sizes come from the zip's directory; Python's zip
reader never inflates a member past the size the directory declares (a lying directory gives a
CRC error, not more bytes), so what is checked here bounds what openpyxl can read.

A sheet can still claim a million rows in little space (empty rows are filled in by openpyxl),
so readers pass their rows through `capped_rows`. Each refusal is a `ValidationFailed` with its
own code; nothing is stored by the callers, which check the whole file before writing.

Caps are settings, read with defaults: `JXJY_XLSX_MAX_BYTES` (the upload, 10 MB),
`JXJY_XLSX_MAX_UNPACKED_BYTES` (all members unpacked, 100 MB), `JXJY_XLSX_MAX_MEMBERS` (1,000).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any, TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ValidationFailed

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB
DEFAULT_MAX_UNPACKED_BYTES = 100 * MB
DEFAULT_MAX_MEMBERS = 1000
# Spreadsheet XML compresses well, but not a hundredfold once a member is large; zeros do.
MAX_RATIO = 100
RATIO_APPLIES_ABOVE = 1 * MB
# Readers ask openpyxl for this many columns at most: a sheet's declared dimension (or one cell
# in column XFD) would otherwise widen every row to 16,384 values.
MAX_COLUMNS = 64
MANIFEST = "[Content_Types].xml"

T = TypeVar("T")


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _size_text(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{size} B"


def _upload_size(upload: bytes | IO[bytes] | Any) -> int:
    if isinstance(upload, bytes | bytearray):
        return len(upload)
    size = getattr(upload, "size", None)  # Django's UploadedFile knows it without reading
    if isinstance(size, int):
        return size
    position = upload.tell()
    end = upload.seek(0, os.SEEK_END)
    upload.seek(position)
    return int(end)


def not_a_workbook() -> ValidationFailed:
    return ValidationFailed(_("The file is not an Excel workbook (.xlsx); save it as .xlsx and upload it again"),
                            code="xlsx_not_a_workbook")


def too_many_rows(limit: int) -> ValidationFailed:
    return ValidationFailed(_("The sheet has too many rows: at most %(max)s rows can be imported at once")
                            % {"max": limit}, code="xlsx_too_many_rows", detail={"max_rows": limit})


def check_size(upload: bytes | IO[bytes] | Any, *, code: str = "xlsx_too_large") -> None:
    """Refuses an upload over JXJY_XLSX_MAX_BYTES (also used for the text formats of the same
    imports, such as GIFT and Aiken question banks, with their own `code`)."""
    max_bytes = _setting("JXJY_XLSX_MAX_BYTES", DEFAULT_MAX_BYTES)
    size = _upload_size(upload)
    if size > max_bytes:
        raise ValidationFailed(_("The file is too large: at most %(max)s can be uploaded") % {
            "max": _size_text(max_bytes)}, code=code, detail={"size": size, "max_bytes": max_bytes})


def check_upload(upload: bytes | IO[bytes] | Any) -> None:
    """Refuses an uploaded workbook that is too big, not an xlsx, or a zip bomb.

    `upload` is bytes or a seekable binary file (a Django `UploadedFile`); a file is left at its
    start for the reader that follows.
    """
    check_size(upload)
    stream = io.BytesIO(upload) if isinstance(upload, bytes | bytearray) else upload
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise not_a_workbook() from exc
    finally:
        stream.seek(0)
    if not any(m.filename == MANIFEST for m in members):
        raise not_a_workbook()
    max_members = _setting("JXJY_XLSX_MAX_MEMBERS", DEFAULT_MAX_MEMBERS)
    if len(members) > max_members:
        raise ValidationFailed(_("The workbook has too many parts (at most %(max)s)") % {"max": max_members},
                               code="xlsx_too_many_parts", detail={"parts": len(members), "max_parts": max_members})
    max_unpacked = _setting("JXJY_XLSX_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)
    unpacked = sum(m.file_size for m in members)
    suspicious = [m for m in members
                  if m.file_size > RATIO_APPLIES_ABOVE and m.file_size > MAX_RATIO * max(m.compress_size, 1)]
    if unpacked > max_unpacked or suspicious:
        raise ValidationFailed(
            _("The workbook unpacks to too much data (at most %(max)s); the file may be damaged or malicious")
            % {"max": _size_text(max_unpacked)}, code="xlsx_expands_too_much",
            detail={"unpacked_bytes": unpacked, "max_unpacked_bytes": max_unpacked,
                    "members": [m.filename for m in suspicious][:10]})


def capped_rows(rows: Iterable[T], max_rows: int, *, header_rows: int = 1) -> Iterator[T]:
    """Passes on a sheet's rows, raising `xlsx_too_many_rows` once more than `header_rows` +
    `max_rows` have come (empty rows count: openpyxl makes them up for gaps in a sheet)."""
    limit = header_rows + max_rows
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise too_many_rows(max_rows)
        yield row

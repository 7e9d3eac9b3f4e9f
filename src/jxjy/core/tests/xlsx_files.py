"""Workbooks that attack a reader, built small and fast for the upload-guard tests."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook

MB = 1024 * 1024


def workbook(rows: list[list[Any]], title: str = "Sheet") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb(valid: bytes, *, unpacked_mb: int = 200) -> bytes:
    """`valid` (a real workbook) with one more row on its first sheet: a cell holding
    `unpacked_mb` MB of the letter A. A workbook openpyxl opens, whose reader would load that
    cell whole, and which compresses about a thousandfold. Written in 1 MB chunks, so neither
    the test nor the file holds the unpacked size in memory."""
    out = io.BytesIO()
    chunk = b"A" * MB
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(valid)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != sheet:
                dst.writestr(info, data)
                continue
            # Without its declared dimension, openpyxl reads the sheet to its last row.
            data = re.sub(rb"<dimension [^>]*/>", b"", data)
            head, found, tail = data.rpartition(b"</sheetData>")
            assert found, "the sheet has no sheetData"
            with dst.open(sheet, "w", force_zip64=True) as member:
                member.write(head + b'<row r="100"><c r="B100" t="inlineStr"><is><t>')
                for _ in range(unpacked_mb):
                    member.write(chunk)
                member.write(b"</t></is></c></row></sheetData>" + tail)
    return out.getvalue()


def unpacked_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(m.file_size for m in archive.infolist())


def far_row(header: list[Any], row: int = 1_000_000) -> bytes:
    """A workbook of a header and one cell at `row`: a few kilobytes, which a reader meets as a
    million rows (openpyxl fills the skipped ones in as empty rows)."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.cell(row=row, column=1, value="x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_without_manifest() -> bytes:
    """A valid zip that is no workbook."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "题库在这里")
    return out.getvalue()

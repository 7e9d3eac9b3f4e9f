"""Excel exports of billing reports, safe against formula injection.

A text cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return, as a base or course name could) is written as text with a leading apostrophe;
numbers stay numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An .xlsx with one sheet per (title, header, rows)."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=safe_text(title)[:31])
        ws.append([safe_text(str(h)) for h in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([safe_text(v) if isinstance(v, str) else v for v in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                elif isinstance(cell.value, Decimal):
                    cell.number_format = MONEY_FORMAT
        for column in ws.columns:
            width = max(len(str(c.value or "")) for c in column)
            ws.column_dimensions[column[0].column_letter].width = min(max(10, width * 1.6), 60)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

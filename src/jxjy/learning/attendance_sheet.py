"""The attendance sheet of an in-person session: the Excel template a base downloads, and the
reading of a filled-in sheet into attendance marks.

A row names a registration by its number (as in the template) or by the learner's full ID
number. Every problem is collected with its row number and reported at once; nothing is marked
unless the whole sheet is right. Headers and yes/no words are accepted in Chinese and English.
The upload is checked for size and zip bombs, and its rows capped, by `jxjy.core.xlsx`.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jxjy.core import xlsx
from jxjy.core.errors import ValidationFailed

from .models import SessionRegistration

# Columns of the sheet, by key; the header is the translated label.
COLUMNS = {
    "registration": gettext_noop("Registration No."),
    "name": gettext_noop("Name"),
    "id_number": gettext_noop("ID number"),
    "employer": gettext_noop("Work unit"),
    "attended": gettext_noop("Attended"),
}
YES = [gettext_noop("Yes"), gettext_noop("Present"), "1", "y", "true", "√", "✓", "✔"]
NO = [gettext_noop("No"), gettext_noop("Absent"), "0", "n", "false", "×", "✗", "✘"]
MAX_ROWS = 5000


def _forms(msgid: str) -> set[str]:
    """The word in English, in the request's language and in Chinese, normalised."""
    forms = {msgid, _(msgid)}
    with translation.override("zh-hans"):
        forms.add(_(msgid))
    return {f.strip().lower() for f in forms}


def template_bytes(registrations: list[SessionRegistration]) -> bytes:
    """An .xlsx with one row per confirmed registration and an empty attendance column."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("Attendance")
    ws.append([_(COLUMNS[k]) for k in ("registration", "name", "id_number", "employer", "attended")])
    for reg in registrations:
        # The ID number is shown masked: the registration number identifies the row.
        ws.append([reg.pk, reg.learner.name, reg.learner.masked_id_number, reg.learner.employer.name,
                   "" if reg.attended is None else _("Yes") if reg.attended else _("No")])
    for column, width in zip("ABCDE", (12, 12, 22, 30, 10), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_marks(upload: Any, registrations: list[SessionRegistration]) -> list[Any]:
    """Attendance marks from an uploaded sheet, or a ValidationFailed listing every row error."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from .services import Mark

    xlsx.check_upload(upload)
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
        try:
            sheet = wb.worksheets[0].iter_rows(values_only=True, max_col=xlsx.MAX_COLUMNS) if wb.worksheets else ()
            rows = list(xlsx.capped_rows(sheet, MAX_ROWS))
        finally:
            wb.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError) as exc:
        raise ValidationFailed(_("The file could not be read as an Excel workbook (.xlsx)"),
                               code="attendance_file_unreadable") from exc
    if not rows:
        raise ValidationFailed(_("The sheet is empty"), code="attendance_file_empty")
    header = [_cell(v).lower() for v in rows[0]]
    columns: dict[str, int] = {}
    for key, msgid in COLUMNS.items():
        forms = _forms(msgid)
        for index, title in enumerate(header):
            if title in forms:
                columns[key] = index
                break
    if "attended" not in columns or ("registration" not in columns and "id_number" not in columns):
        raise ValidationFailed(
            _("The first row must name the columns: %(attended)s, and %(registration)s or %(id)s")
            % {"attended": _(COLUMNS["attended"]), "registration": _(COLUMNS["registration"]),
               "id": _(COLUMNS["id_number"])},
            code="attendance_columns_missing")

    by_id = {r.pk: r for r in registrations}
    by_number = {r.learner.id_number.upper(): r for r in registrations
                 if r.status != SessionRegistration.Status.CANCELLED}
    yes = set().union(*(_forms(w) for w in YES))
    no = set().union(*(_forms(w) for w in NO))
    errors: list[dict[str, Any]] = []
    marks = []
    seen: dict[int, int] = {}

    def value(row: tuple, key: str) -> str:
        index = columns.get(key)
        return _cell(row[index]) if index is not None and index < len(row) else ""

    for number, row in enumerate(rows[1:], start=2):
        if all(_cell(v) == "" for v in row):
            continue
        reg = None
        reg_text = value(row, "registration")
        id_text = value(row, "id_number").upper()
        if reg_text:
            if not reg_text.isdigit() or int(reg_text) not in by_id:
                errors.append({"row": number, "reason": _("Registration No. %(value)s is not in this session")
                               % {"value": reg_text}})
                continue
            reg = by_id[int(reg_text)]
        elif id_text and "*" not in id_text:
            reg = by_number.get(id_text)
            if reg is None:
                errors.append({"row": number, "reason": _("No registration in this session for this ID number")})
                continue
        else:
            errors.append({"row": number, "reason": _("Give the registration number or the full ID number")})
            continue
        name = value(row, "name")
        if name and name != reg.learner.name:
            errors.append({"row": number, "reason": _("The name %(name)s does not match registration %(id)s")
                           % {"name": name, "id": reg.pk}})
            continue
        attended_text = value(row, "attended").lower()
        if attended_text in yes:
            attended = True
        elif attended_text in no:
            attended = False
        else:
            errors.append({"row": number, "reason": _("Attended must be %(yes)s or %(no)s")
                           % {"yes": _("Yes"), "no": _("No")}})
            continue
        if reg.status != SessionRegistration.Status.CONFIRMED:
            errors.append({"row": number, "reason": _("%(name)s has not paid; only confirmed registrations attend")
                           % {"name": reg.learner.name}})
            continue
        if reg.pk in seen:
            errors.append({"row": number, "reason": _("Registration %(id)s already appears in row %(row)s")
                           % {"id": reg.pk, "row": seen[reg.pk]}})
            continue
        seen[reg.pk] = number
        marks.append(Mark(registration_id=reg.pk, attended=attended, row=number))
    if errors:
        raise ValidationFailed(_("Nothing was imported: %(n)s row(s) have problems") % {"n": len(errors)},
                               code="attendance_rows_invalid", detail={"errors": errors})
    if not marks:
        raise ValidationFailed(_("The sheet has no attendance rows"), code="attendance_file_empty")
    return marks

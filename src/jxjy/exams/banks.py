"""Question banks as files: the platform's xlsx template, GIFT and Aiken in; the template out.

A pure core (no Django). Every reader turns its format into `RawQuestion`s, and one validator
checks them all alike, collecting *every* problem (row or line, column, code, params) instead
of stopping at the first: a base fixes its file in one go. Problems carry English codes; the
Django layer words them in Chinese through the translation catalogue.

The template's sheet and header names are part of the file format (what bases fill in), so they
are spelled here as data.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from zipfile import BadZipFile

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true_false"
TYPES = (SINGLE, MULTIPLE, TRUE_FALSE)
OPTION_KEYS = "ABCDEF"
TRUE_KEY, FALSE_KEY = "T", "F"
MIN_OPTIONS = {SINGLE: 2, MULTIPLE: 3}

# --- the template format ---------------------------------------------------------------------
SHEET_NAME = "题库"
HELP_SHEET_NAME = "填写说明"
# (field, header) in column order; the reader also accepts the English field names as headers.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("type", "题型"), ("stem", "题干"),
    *((f"option_{k}", f"选项{k}") for k in OPTION_KEYS),
    ("answer", "答案"), ("explanation", "解析"), ("lecture", "讲次"),
)
REQUIRED_FIELDS = ("type", "stem", "answer")
TYPE_WORDS = {SINGLE: "单选", MULTIPLE: "多选", TRUE_FALSE: "判断"}
TRUE_FALSE_TEXT = {TRUE_KEY: "对", FALSE_KEY: "错"}
# Rows whose stem starts with this are the template's examples: the reader skips them, so a
# template uploaded with its examples left in imports only the real questions.
EXAMPLE_MARK = "【示例】"
EXAMPLES: tuple[tuple[str, str, list[str], str, str, int], ...] = (
    ("单选", f"{EXAMPLE_MARK}项目范围说明书属于哪个过程的输出？", ["制订项目章程", "定义范围", "控制质量", "结束项目"],
     "B", "定义范围过程输出项目范围说明书。", 1),
    ("多选", f"{EXAMPLE_MARK}下列哪些属于项目的制约因素？", ["范围", "进度", "成本", "天气预报"],
     "ABC", "范围、进度、成本是经典的三重制约。", 2),
    ("判断", f"{EXAMPLE_MARK}关键路径上的活动总浮动时间通常为零。", [], "对", "", 3),
)

_TYPE_ALIASES = {
    "单选": SINGLE, "单选题": SINGLE, "单项选择": SINGLE, "单项选择题": SINGLE, "single": SINGLE,
    "多选": MULTIPLE, "多选题": MULTIPLE, "多项选择": MULTIPLE, "多项选择题": MULTIPLE, "multiple": MULTIPLE,
    "判断": TRUE_FALSE, "判断题": TRUE_FALSE, "true_false": TRUE_FALSE, "truefalse": TRUE_FALSE,
}
_TF_ALIASES = {"对": TRUE_KEY, "错": FALSE_KEY, "T": TRUE_KEY, "F": FALSE_KEY, "TRUE": TRUE_KEY,
               "FALSE": FALSE_KEY}
_ANSWER_SEPARATORS = re.compile(r"[\s,，、;；/]+")
# A sheet's columns read at most: the template has 11, a base may add a few of its own. Without a
# bound, a sheet's declared dimension (or one cell in column XFD) widens every row to 16,384.
MAX_COLUMNS = 64
# A spreadsheet would run a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class TooManyRows(Exception):
    """A spreadsheet has more rows than the caller allows; nothing was read."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank file. `row` for spreadsheets, `line` for text formats;
    `column` is a spreadsheet column letter or, for text, a field name (`stem`, `answer`, ...)."""

    code: str
    row: int | None = None
    line: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class RawQuestion:
    """A question as written in a file, before validation."""

    where: int  # row or line number of the question in its file
    type_text: str
    stem: str
    options: list[tuple[str, str]]  # (key, text) in file order; text may be "" for an empty cell
    answer_text: str
    explanation: str = ""
    lecture_text: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field -> column label for problems
    by_line: bool = False


@dataclass(frozen=True)
class QuestionData:
    """A valid question, ready to store."""

    type: str
    stem: str
    options: tuple[tuple[str, str], ...]
    answer: tuple[str, ...]
    explanation: str = ""
    lecture: int | None = None

    def options_json(self) -> list[dict[str, str]]:
        return [{"key": k, "text": t} for k, t in self.options]


def option_keys(qtype: str, count: int) -> list[str]:
    """The stored keys of a valid question: T and F, or A, B, C... without gaps."""
    return [TRUE_KEY, FALSE_KEY] if qtype == TRUE_FALSE else list(OPTION_KEYS[:count])


def normalise_stem(stem: str) -> str:
    """The form in which two stems count as duplicates: NFKC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", stem).split())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return TRUE_KEY if value else FALSE_KEY
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # Undo the export's guard: a leading quote before a formula trigger was added by us.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        text = text[1:]
    return text


# --- validation ------------------------------------------------------------------------------

def validate(raws: Iterable[RawQuestion], existing_stems: Iterable[str] = ()) -> tuple[list[QuestionData],
                                                                                        list[Problem]]:
    """Checks every question and returns the valid ones and all problems found.

    `existing_stems` are the bank's current stems (when extending): a new question repeating one
    of them is a duplicate too. Callers store nothing unless the problem list is empty.
    """
    problems: list[Problem] = []
    questions: list[QuestionData] = []
    seen: dict[str, int | None] = {normalise_stem(s): None for s in existing_stems}
    for raw in raws:
        found = _check(raw, seen)
        if isinstance(found, QuestionData):
            questions.append(found)
        else:
            problems.extend(found)
    return questions, problems


def _problem(raw: RawQuestion, code: str, column: str, **params: Any) -> Problem:
    col = raw.columns.get(column, column)
    if raw.by_line:
        return Problem(code, line=raw.where, column=col, params=params)
    return Problem(code, row=raw.where, column=col, params=params)


def _check(raw: RawQuestion, seen: dict[str, int | None]) -> QuestionData | list[Problem]:
    out: list[Problem] = []
    qtype = _TYPE_ALIASES.get(raw.type_text.strip().lower().replace(" ", ""))
    if qtype is None:
        out.append(_problem(raw, "unknown_type", "type", value=raw.type_text))
    stem = raw.stem.strip()
    if not stem:
        out.append(_problem(raw, "empty_stem", "stem"))
    else:
        key = normalise_stem(stem)
        if key in seen:
            first = seen[key]
            out.append(_problem(raw, "duplicate_stem_in_bank" if first is None else "duplicate_stem", "stem",
                                first=first))
        else:
            seen[key] = raw.where

    lecture: int | None = None
    if raw.lecture_text:
        try:
            lecture = int(raw.lecture_text)
            if lecture < 1:
                raise ValueError
        except ValueError:
            out.append(_problem(raw, "bad_lecture", "lecture", value=raw.lecture_text))

    options: list[tuple[str, str]] = []
    answer: tuple[str, ...] = ()
    answer_text = unicodedata.normalize("NFKC", raw.answer_text).strip().upper()
    if qtype == TRUE_FALSE:
        tf_key = _TF_ALIASES.get(answer_text)
        if tf_key is None:
            out.append(_problem(raw, "bad_true_false_answer", "answer", value=raw.answer_text))
        else:
            answer = (tf_key,)
        options = [(TRUE_KEY, TRUE_FALSE_TEXT[TRUE_KEY]), (FALSE_KEY, TRUE_FALSE_TEXT[FALSE_KEY])]
    elif qtype in (SINGLE, MULTIPLE):
        filled = [i for i, (_, text) in enumerate(raw.options) if text.strip()]
        last = filled[-1] if filled else -1
        for i, (key, text) in enumerate(raw.options):
            if text.strip():
                options.append((key, text.strip()))
            elif i < last:
                out.append(_problem(raw, "option_gap", f"option_{key}", key=key))
        if len(options) < MIN_OPTIONS[qtype]:
            out.append(_problem(raw, "too_few_options", "option_A", type=qtype, minimum=MIN_OPTIONS[qtype],
                                count=len(options)))
        if not answer_text:
            out.append(_problem(raw, "empty_answer", "answer"))
        else:
            letters = "".join(_ANSWER_SEPARATORS.split(answer_text))
            keys = [k for k, _ in options]
            unknown = [c for c in letters if c not in keys]
            chosen = tuple(sorted(set(letters)))
            if unknown:
                out.append(_problem(raw, "answer_not_option", "answer", value=raw.answer_text,
                                    keys="".join(keys)))
            elif qtype == SINGLE and len(chosen) > 1:
                out.append(_problem(raw, "single_with_many_answers", "answer", value=raw.answer_text))
            elif qtype == MULTIPLE and len(chosen) < 2:
                out.append(_problem(raw, "multiple_with_one_answer", "answer", value=raw.answer_text))
            else:
                answer = chosen
    if out or qtype is None:
        return out
    return QuestionData(type=qtype, stem=stem, options=tuple(options), answer=answer,
                        explanation=raw.explanation.strip(), lecture=lecture)


# --- readers ---------------------------------------------------------------------------------

def read(data: bytes | IO[bytes], fmt: str, *, max_rows: int | None = None) -> tuple[list[RawQuestion],
                                                                                      list[Problem]]:
    """Reads a bank file of format `xlsx`, `gift` or `aiken` into raw questions; `max_rows`
    caps a spreadsheet's rows below the header (`TooManyRows` beyond)."""
    if fmt == "xlsx":
        return read_xlsx(data, max_rows=max_rows)
    raw = data if isinstance(data, bytes) else data.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            return [], [Problem("not_text", line=None)]
    if fmt == "gift":
        return read_gift(text)
    if fmt == "aiken":
        return read_aiken(text)
    raise ValueError(fmt)


def parse(data: bytes | IO[bytes], fmt: str, existing_stems: Iterable[str] = (), *,
          max_rows: int | None = None) -> tuple[list[QuestionData], list[Problem]]:
    """Reads and validates a bank file: (questions, problems). An empty file is a problem."""
    raws, problems = read(data, fmt, max_rows=max_rows)
    questions, more = validate(raws, existing_stems)
    problems.extend(more)
    if not problems and not questions:
        problems.append(Problem("no_questions"))
    return questions, problems


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _header_field(value: Any) -> str | None:
    text = _text(value).replace("*", "").replace(" ", "")
    for name, header in COLUMNS:
        if text == header or text.lower() == name:
            return name
    if len(text) == 1 and text.upper() in OPTION_KEYS:
        return f"option_{text.upper()}"
    return None


def read_xlsx(data: bytes | IO[bytes], *, max_rows: int | None = None) -> tuple[list[RawQuestion], list[Problem]]:
    """Reads the template's sheet (or the first sheet) with openpyxl in read-only mode.

    Only the first `MAX_COLUMNS` columns are read. With `max_rows`, more rows than that below
    the header raise `TooManyRows` as soon as they are met: empty rows count too, since openpyxl
    makes up the rows a sheet skips, and a sheet can skip to row a million in a few bytes.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, TypeError):
        return [], [Problem("not_xlsx", row=None)]
    try:
        sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header = next(rows, None) or ()
        index: dict[str, int] = {}
        for i, value in enumerate(header):
            name = _header_field(value)
            if name and name not in index:
                index[name] = i
        missing = [f for f in (*REQUIRED_FIELDS, "option_A") if f not in index]
        if missing:
            return [], [Problem("missing_columns", row=1, params={"fields": missing})]
        columns = {name: _column_letter(i) for name, i in index.items()}
        option_cols = [(k, index[f"option_{k}"]) for k in OPTION_KEYS if f"option_{k}" in index]
        i_type, i_stem, i_answer = index["type"], index["stem"], index["answer"]
        i_expl, i_lecture = index.get("explanation"), index.get("lecture")
        width = max(index.values()) + 1
        out: list[RawQuestion] = []
        for number, row in enumerate(rows, start=2):
            if max_rows is not None and number - 1 > max_rows:
                raise TooManyRows(max_rows)
            if len(row) < width:
                row = (*row, *([None] * (width - len(row))))
            if not any(v is not None and _text(v) for v in row):
                continue
            stem = _text(row[i_stem])
            if stem.startswith(EXAMPLE_MARK):
                continue
            out.append(RawQuestion(
                where=number, type_text=_text(row[i_type]), stem=stem,
                options=[(k, _text(row[i])) for k, i in option_cols], answer_text=_text(row[i_answer]),
                explanation=_text(row[i_expl]) if i_expl is not None else "",
                lecture_text=_text(row[i_lecture]) if i_lecture is not None else "", columns=columns))
        return out, []
    except (BadZipFile, KeyError, OSError, ValueError, TypeError):
        return [], [Problem("not_xlsx", row=None)]
    finally:
        book.close()


# GIFT (Moodle): `::title:: stem {=right ~wrong ~%50%partly right #feedback ####general feedback}`
_GIFT_ESCAPES = {"\\:": ":", "\\~": "~", "\\=": "=", "\\#": "#", "\\{": "{", "\\}": "}", "\\n": "\n"}
_GIFT_FORMAT = re.compile(r"^\[(html|moodle|markdown|plain)\]", re.IGNORECASE)
_GIFT_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _gift_unescape(text: str) -> str:
    return re.sub(r"\\[:~=#{}n]", lambda m: _GIFT_ESCAPES[m.group(0)], text).strip()


def _gift_split(body: str, seps: str) -> Iterator[tuple[str, str]]:
    """Splits on unescaped separator characters, yielding (separator, text)."""
    current, sep, i = [], "", 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current.append(body[i:i + 2])
            i += 2
            continue
        if ch in seps:
            yield sep, "".join(current)
            current, sep = [], ch
        else:
            current.append(ch)
        i += 1
    yield sep, "".join(current)


def _find_unescaped(text: str, ch: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == ch:
            return i
        i += 1
    return -1


def read_gift(text: str) -> tuple[list[RawQuestion], list[Problem]]:
    """Reads Moodle GIFT: multiple choice (one `=` right answer → single; `~%n%` weights → the
    positively weighted ones are right → multiple) and true/false (`{T}`, `{FALSE}`). Other GIFT
    types (short answer, matching, numerical, essay) are reported as unsupported."""
    out: list[RawQuestion] = []
    problems: list[Problem] = []
    block: list[str] = []
    start = 0
    columns = {"type": "type", "stem": "stem", "answer": "answer", "option_A": "options"}

    def flush() -> None:
        if not block:
            return
        source = "\n".join(block)
        block.clear()
        open_at = _find_unescaped(source, "{")
        close_at = _find_unescaped(source, "}", open_at + 1) if open_at >= 0 else -1
        if open_at < 0 or close_at < 0:
            problems.append(Problem("gift_no_answers", line=start, column="answer"))
            return
        head, body, tail = source[:open_at], source[open_at + 1:close_at], source[close_at + 1:]
        head = head.strip()
        if head.startswith("::"):
            end = head.find("::", 2)
            head = head[end + 2:] if end >= 0 else head
        head = _GIFT_FORMAT.sub("", head.strip())
        stem = _gift_unescape(head + (" ____ " + tail.strip() if tail.strip() else ""))
        body = body.strip()
        explanation = ""
        general = body.find("####")
        if general >= 0:
            explanation = _gift_unescape(body[general + 4:])
            body = body[:general].strip()
        plain = body.split("#", 1)[0].strip().upper()
        if plain in ("T", "TRUE", "F", "FALSE"):
            out.append(RawQuestion(where=start, type_text=TRUE_FALSE, stem=stem, options=[], answer_text=plain,
                                   explanation=explanation, columns=columns, by_line=True))
            return
        if not body or body.startswith("#") or "->" in body:
            problems.append(Problem("gift_unsupported", line=start, column="type"))
            return
        answers: list[tuple[str, bool]] = []
        weighted = has_wrong = False
        for sep, part in _gift_split(body, "=~"):
            if not sep:
                if part.strip():
                    problems.append(Problem("gift_unsupported", line=start, column="answer"))
                    return
                continue
            feedback = _find_unescaped(part, "#")
            if feedback >= 0:
                part = part[:feedback]
            part = part.strip()
            match = _GIFT_WEIGHT.match(part)
            right = sep == "="
            has_wrong = has_wrong or sep == "~"
            if match:
                weighted = True
                right = float(match.group(1)) > 0
                part = part[match.end():]
            answers.append((_gift_unescape(part), right))
        if not has_wrong and not weighted:
            # Only `=` answers: GIFT's short-answer type, which a paper cannot carry.
            problems.append(Problem("gift_unsupported", line=start, column="type"))
            return
        if len(answers) > len(OPTION_KEYS):
            problems.append(Problem("too_many_options", line=start, column="options",
                                    params={"maximum": len(OPTION_KEYS)}))
            return
        keys = OPTION_KEYS[:len(answers)]
        right_keys = "".join(k for k, (_, right) in zip(keys, answers, strict=True) if right)
        qtype = MULTIPLE if weighted or len(right_keys) > 1 else SINGLE
        out.append(RawQuestion(where=start, type_text=qtype, stem=stem,
                               options=[(k, t) for k, (t, _) in zip(keys, answers, strict=True)],
                               answer_text=right_keys, explanation=explanation, columns=columns, by_line=True))

    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//") or stripped.startswith("$CATEGORY:"):
            continue
        if not stripped:
            # A blank line ends a question only outside its answer braces.
            if block and _find_unescaped("\n".join(block), "{") >= 0 and \
                    _find_unescaped("\n".join(block), "}") < 0:
                block.append(line)
                continue
            flush()
            continue
        if not block:
            start = number
        block.append(line)
    flush()
    return out, problems


_AIKEN_OPTION = re.compile(r"^([A-Z])\s*[.)．、]\s*(.*)$")
_AIKEN_ANSWER = re.compile(r"^(?:ANSWER|答案)\s*[:：]\s*(.*)$", re.IGNORECASE)


def read_aiken(text: str) -> tuple[list[RawQuestion], list[Problem]]:
    """Reads Aiken: stem lines, options `A.`/`A)`, then `ANSWER: B`. Aiken knows only single
    choice; as a common extension `ANSWER: A,C` makes a multiple-choice question."""
    out: list[RawQuestion] = []
    problems: list[Problem] = []
    stem: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    columns = {"type": "type", "stem": "stem", "answer": "answer", "option_A": "options"}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        answer = _AIKEN_ANSWER.match(stripped)
        option = _AIKEN_OPTION.match(stripped)
        if answer and (stem or options):
            letters = "".join(_ANSWER_SEPARATORS.split(answer.group(1).strip().upper()))
            out.append(RawQuestion(where=start, type_text=MULTIPLE if len(set(letters)) > 1 else SINGLE,
                                   stem="\n".join(stem), options=options, answer_text=answer.group(1),
                                   columns=columns, by_line=True))
            stem, options = [], []
        elif option and stem:
            key = option.group(1)
            expected = OPTION_KEYS[len(options)] if len(options) < len(OPTION_KEYS) else None
            if key != expected:
                problems.append(Problem("aiken_option_order", line=number, column="options",
                                        params={"key": key, "expected": expected or ""}))
            options.append((key, option.group(2)))
        elif options:
            # Text after the options but before ANSWER: the question has no answer line.
            problems.append(Problem("aiken_no_answer", line=start, column="answer"))
            stem, options, start = [stripped], [], number
        else:
            if not stem:
                start = number
            stem.append(stripped)
    if stem or options:
        problems.append(Problem("aiken_no_answer", line=start, column="answer"))
    return out, problems


# --- writers ---------------------------------------------------------------------------------

def safe_cell(value: Any) -> Any:
    """A value a spreadsheet cannot run: text starting with a formula trigger gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _row_of(q: QuestionData) -> list[Any]:
    options = dict(q.options) if q.type != TRUE_FALSE else {}
    answer = TRUE_FALSE_TEXT[q.answer[0]] if q.type == TRUE_FALSE else "".join(q.answer)
    return [TYPE_WORDS[q.type], q.stem, *(options.get(k, "") for k in OPTION_KEYS), answer, q.explanation,
            q.lecture if q.lecture is not None else ""]


def export_xlsx(questions: Iterable[QuestionData]) -> bytes:
    """The bank in the template's layout, every text cell stored as text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_NAME)
    sheet.append([header for _, header in COLUMNS])
    for q in questions:
        cells = []
        for value in _row_of(q):
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_xlsx(help_lines: Iterable[str] = ()) -> bytes:
    """The blank template: headers, one example row per type, a type drop-down, and a sheet of
    filling instructions (`help_lines`, worded by the caller in the user's language)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append([header for _, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
    for type_word, stem, options, answer, explanation, lecture in EXAMPLES:
        padded = [*options, *([""] * (len(OPTION_KEYS) - len(options)))]
        sheet.append([type_word, stem, *padded, answer, explanation, lecture])
    for letter, width in zip("ABCDEFGHIJK", (8, 50, 18, 18, 18, 18, 12, 12, 8, 30, 6), strict=True):
        sheet.column_dimensions[letter].width = width
    types = DataValidation(type="list", formula1='"' + ",".join(TYPE_WORDS.values()) + '"', allow_blank=False)
    sheet.add_data_validation(types)
    types.add("A2:A20000")
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet(HELP_SHEET_NAME)
    for line in help_lines:
        help_sheet.append([safe_cell(line)])
    help_sheet.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""The annotated copy (DESIGN.md section 7): the user's own workbook, problem cells marked.

An .xlsx/.xlsm source is opened with openpyxl and kept as it is (values, formulas, styles, other
sheets, names, validations) but for a fill and a comment on each problem cell and a results sheet
at the end. Any other source becomes a new workbook holding the data as read, each sheet at its
original position so that the report's cell references still point at the right cells.
api.annotate_files runs this in a worker process with the reading limits; the copy carries
ctg-check's output marker.
"""

from __future__ import annotations

import math
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctg_check.errors import OutputError
from ctg_check.formatting import date_text, indicator_label, number, target_text
from ctg_check.i18n import label
from ctg_check.indicators import MONEY, PCT
from ctg_check.model import Submission
from ctg_check.report import (
    ERROR,
    MET,
    NOT_MET,
    UNKNOWN,
    WARNING,
    ClubResult,
    Indicator,
    Problem,
    Report,
)
from ctg_check.writers import WriteOptions, kit, save_workbook
from ctg_check.writers.kit import COLOURS, FONT, HEADER_FILL, LINK_COLOUR, put

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

AUTHOR = "ctg-check"
FILLS = {s: COLOURS[s][0] for s in (ERROR, WARNING)}  # Excel's "Bad" and "Neutral" fills
WARN_SIGN = "⚠"  # beside each problem on the results sheet: visible without colour
FLAGS = ("fully_active", "funded", "effective", "compliant")
RESULT_WIDTHS = {"A": 34, "B": 22, "C": 18, "D": 24, "E": 80}
CENTRED = (2, 3, 4)  # value, target, status; cell, severity, code
MAX_TITLE = 31
BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Mark:
    """Where a problem was marked: the worksheet and the cell holding its fill and comment."""

    sheet: Worksheet
    coordinate: str


def write_annotated(report: Report, out: Path, options: WriteOptions) -> bool:
    """Write the annotated copy of `options.source` to `out`.

    True: `out` is the user's own workbook with marks added. False: the source was not
    .xlsx/.xlsm, so `out` is a new workbook with the data as read (say so to the user).
    """
    if options.source is None:
        raise ValueError("write_annotated needs options.source, the workbook to copy")
    source, out, lang = Path(options.source), Path(out), options.lang
    _refuse_input(source, out)
    ours = _names(source)
    problems = _sorted(p for p in report.problems if ours(p.place.file))
    if _is_ooxml(source):
        wb = _open_own(source, out)
        sheets = _own_sheets(wb)
        kept = True
    else:
        wb, sheets = _workbook_from_data(source, label("annot_sheet", lang))
        kept = False
    title = label("annot_sheet", lang)
    if title in wb.sheetnames:  # a copy annotated before: replace its results
        _remove_sheet(wb, wb[title])
        sheets = {k: ws for k, ws in sheets.items() if ws.title != title}
    marks = _mark_cells(problems, sheets, lang)
    sub = next((s for s in report.files if ours(s.path)), None)
    clubs = [c for c in report.clubs if ours(c.club.file)]
    names = {a.id: a.label for a in report.plan.activities}
    not_done = _mark_activities(clubs, sheets, names, lang)
    results = _Results(report, source.name, sub, clubs, problems, marks, kept, not_done, names)
    _results_sheet(_first_sheet(wb, title), results, lang)
    try:
        save_workbook(wb, out, "annotated")
    except OSError as exc:
        raise OutputError("output-invalid", path=str(out), reason=exc.strerror or exc) from None
    return kept


# ------------------------------------------------------------------------------------ inputs


def _refuse_input(source: Path, out: Path) -> None:
    same = out.resolve() == source.resolve()
    if not same and out.exists() and source.exists():
        same = os.path.samefile(out, source)
    if same:
        raise OutputError("output-is-input", path=str(out))


def _names(source: Path) -> Callable[[str], bool]:
    """Whether a path from the report names `source` (the report keeps paths as given)."""
    given, real = str(source), source.resolve()
    seen: dict[str, bool] = {}

    def same(name: str) -> bool:
        if name not in seen:
            seen[name] = name == given or Path(name).resolve() == real
        return seen[name]

    return same


def _is_ooxml(path: Path) -> bool:
    """An .xlsx/.xlsm (or template) by content: a zip holding xl/workbook.xml."""
    try:
        with zipfile.ZipFile(path) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _open_own(source: Path, out: Path) -> Workbook:
    """The user's workbook, formulas and all; macros kept when the output is .xlsm.

    Checked first against the reading limits and the cells openpyxl would create for merged and
    hyperlink ranges (preflight.preflight_openpyxl): no bomb reaches openpyxl. What openpyxl still
    fails on is raised as it is (api.annotate_files turns it into one line).
    """
    import openpyxl
    from openpyxl.workbook.properties import CalcProperties

    from ctg_check.reading.preflight import preflight_openpyxl

    preflight_openpyxl(source)
    with zipfile.ZipFile(source) as zf:
        has_vba = any(n.lower().endswith("vbaproject.bin") for n in zf.namelist())
    # Macros in a file named .xlsx make Excel refuse to open it: keep them only for .xlsm.
    keep_vba = has_vba and out.suffix.lower() == ".xlsm"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
        wb = openpyxl.load_workbook(source, keep_vba=keep_vba, rich_text=True)
    wb.template = False
    # openpyxl keeps formulas but not their cached results: have Excel/LibreOffice recompute.
    # A workbook without <calcPr> (many non-Excel writers) gets Excel's defaults.
    if wb.calculation is None:
        wb.calculation = CalcProperties()
    wb.calculation.fullCalcOnLoad = True
    return wb


def _first_sheet(wb: Workbook, title: str) -> Worksheet:
    """A new sheet placed first and opened first (the results are what the ward reads first)."""
    ws = wb.create_sheet(title, 0)
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    wb.active = 0
    return ws


def _own_sheets(wb: Workbook) -> dict[str, Worksheet]:
    """Worksheets by the name the report uses (decoded from VNI/TCVN3) and by their own name."""
    from ctg_check.reading.encodings import decode_text

    sheets: dict[str, Worksheet] = {}
    for ws in wb.worksheets:
        sheets.setdefault(decode_text(ws.title)[0], ws)
    for ws in wb.worksheets:
        sheets.setdefault(ws.title, ws)
    return sheets


def _workbook_from_data(source: Path, reserved: str) -> tuple[Workbook, dict[str, Worksheet]]:
    """A new workbook with every sheet's values at their original cells, as the checks read them."""
    from openpyxl import Workbook

    from ctg_check.reading.load import read_book

    book, _ = read_book(source)
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    sheets: dict[str, Worksheet] = {}
    taken = {reserved.casefold()}
    for raw in book.sheets:
        ws = wb.create_sheet(_sheet_title(raw.name, taken))
        top, left = raw.origin
        for r, values in enumerate(raw.rows):
            for c, value in enumerate(values):
                if value is not None and value != "":
                    put(ws, top + r + 1, left + c + 1, value)
        _merge(ws, raw.merged)
        _fit_columns(ws)
        kit.page_setup(ws, fit_width=False, margins=None, numbers=None)
        if getattr(raw, "hidden", False):
            ws.sheet_state = "hidden"
        sheets.setdefault(raw.name, ws)
    return wb, sheets


def _fit_columns(ws: Worksheet) -> None:
    """Column widths from the longest value, leaving out titles merged across columns."""
    wide = {
        (rng.min_row, rng.min_col) for rng in ws.merged_cells.ranges if rng.max_col > rng.min_col
    }
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or (cell.row, cell.column) in wide:
                continue
            col = int(cell.column or 1)
            widths[col] = max(widths.get(col, 0), len(str(cell.value)))
    for col, width in widths.items():
        ws.column_dimensions[_letter(col)].width = min(max(width + 2, 6), 50)


def _sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unused Excel sheet title close to `name`."""
    base = BAD_TITLE.sub("_", name).strip("'").strip() or "Sheet"
    title, n = base[:MAX_TITLE], 1
    while title.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[: MAX_TITLE - len(suffix)] + suffix
    taken.add(title.casefold())
    return title


def _merge(ws: Worksheet, merged: Iterable[tuple[int, int, int, int]]) -> None:
    """Re-merge ranges whose other cells are empty, so that no value read is lost."""
    for top, left, bottom, right in merged:
        others = (
            ws.cell(r + 1, c + 1).value
            for r in range(top, bottom + 1)
            for c in range(left, right + 1)
            if (r, c) != (top, left)
        )
        if all(v is None for v in others):
            ws.merge_cells(
                start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1
            )


def _remove_sheet(wb: Workbook, ws: Worksheet) -> None:
    was_active = wb.active is ws
    wb.remove(ws)
    if was_active:
        visible = [s for s in wb.worksheets if s.sheet_state == "visible"]
        if visible:
            wb.active = wb.worksheets.index(visible[0])
            visible[0].sheet_view.tabSelected = True


# ------------------------------------------------------------------------------------- marks


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    """File-level problems first, then by sheet (in report order), row and column."""
    items = list(problems)
    order: dict[str, int] = {}
    for p in items:
        if p.place.sheet is not None:
            order.setdefault(p.place.sheet, len(order))

    def key(p: Problem) -> tuple[int, int, int, int]:
        sheet = -1 if p.place.sheet is None else order[p.place.sheet]
        return (sheet, p.place.row or 0, p.place.column or 0, p.severity != ERROR)

    return sorted(items, key=key)


def _mark_cells(
    problems: list[Problem], sheets: dict[str, Worksheet], lang: str
) -> dict[int, Mark]:
    """Fill and comment every problem cell; problems of one cell share one comment.

    Returns, by index in `problems`, where each problem was marked (file- or sheet-level
    problems are not marked: they appear on the results sheet only).
    """
    marks: dict[int, Mark] = {}
    by_cell: dict[Mark, list[Problem]] = {}
    for i, p in enumerate(problems):
        ws = sheets.get(p.place.sheet) if p.place.sheet else None
        if ws is None or p.place.row is None:
            continue
        column = p.place.column or _first_filled(ws, p.place.row)
        marks[i] = mark = Mark(ws, _anchor(ws, p.place.row, column))
        by_cell.setdefault(mark, []).append(p)
    for mark, items in by_cell.items():
        cell = mark.sheet[mark.coordinate]
        severity = ERROR if any(p.severity == ERROR for p in items) else WARNING
        cell.fill = kit.openpyxl_style(kit.fill(FILLS[severity]))
        cell.border = _mark_border()  # seen in black-and-white print, where fills vanish
        _comment(cell, [_problem_line(p, lang) for p in items])
    return marks


def _mark_border() -> Any:
    """The thick black border of a marked cell."""
    from openpyxl.styles import Border, Side

    side = Side(style="thick", color="000000")
    return Border(left=side, right=side, top=side, bottom=side)


def _mark_activities(
    clubs: list[ClubResult], sheets: dict[str, Worksheet], names: dict[str, str], lang: str
) -> dict[tuple[str, str], Mark]:
    """The cell of every activity a club has not done, marked with a dashed border (problems
    have a thick one) and a comment; by (club id, activity id)."""
    from openpyxl.styles import Border, Side

    side = Side(style="mediumDashed", color="000000")
    found: dict[tuple[str, str], Mark] = {}
    for res in clubs:
        info = res.club.info
        if info is None:
            continue
        for aid, done in res.activities.items():
            place = info.activity_cells.get(aid)
            ws = sheets.get(place.sheet) if place and place.sheet else None
            if done is not False or ws is None or place is None or place.row is None:
                continue
            mark = Mark(ws, _anchor(ws, place.row, place.column or 1))
            cell = ws[mark.coordinate]
            cell.fill = kit.openpyxl_style(kit.fill(COLOURS[NOT_MET][0]))
            cell.border = Border(left=side, right=side, top=side, bottom=side)
            _comment(cell, [label("annot_activity_missing", lang, name=names.get(aid, aid))])
            found[(res.id, aid)] = mark
    return found


def _first_filled(ws: Worksheet, row: int) -> int:
    """The column of the row's first non-empty cell (1 when the row is empty)."""
    for cells in ws.iter_rows(min_row=row, max_row=row):
        for cell in cells:
            if cell.value is not None and cell.value != "":
                return int(cell.column or 1)
    return 1


def _anchor(ws: Worksheet, row: int, column: int) -> str:
    """The cell to mark: the top-left cell of a merged range holding (row, column)."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= column <= rng.max_col:
            row, column = rng.min_row, rng.min_col
            break
    return f"{_letter(column)}{row}"


def _problem_line(p: Problem, lang: str) -> str:
    return f"{label(p.severity, lang)} ({p.code}): {p.message(lang)}"


def _comment(cell: Cell, lines: list[str]) -> None:
    """Our lines in the cell's comment, below any comment it already has."""
    from openpyxl.comments import Comment

    text = f"{AUTHOR}:\n" + "\n".join(lines)
    author = AUTHOR
    if cell.comment is not None:
        text = f"{cell.comment.text.rstrip()}\n\n{text}"
        author = cell.comment.author or AUTHOR
    width = 320
    wrapped = sum(max(1, math.ceil(len(line) / 48)) for line in text.split("\n"))
    cell.comment = Comment(text, author, height=min(24 + 16 * wrapped, 400), width=width)


# ----------------------------------------------------------------------------- results sheet


@dataclass(frozen=True)
class _Results:
    """What the results sheet shows for one file."""

    report: Report
    file_name: str
    submission: Submission | None
    clubs: list[ClubResult]
    problems: list[Problem]
    marks: dict[int, Mark]
    kept: bool
    activities: dict[tuple[str, str], Mark]  # activities not done, by (club id, activity id)
    names: dict[str, str]  # activity labels


def _results_sheet(ws: Worksheet, res: _Results, lang: str) -> None:
    """Heading (file, plan, reference date, counts), a table per club, the ward, the problems."""
    for letter, width in RESULT_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.sheet_view.showGridLines = False
    kit.page_setup(ws, margins=None, numbers=None)

    report, sub, problems = res.report, res.submission, res.problems
    rows = _Rows(ws)
    rows.line(label("annot_title", lang), _font(bold=True, size=14))
    rows.line(f"{label('file', lang)}: {res.file_name}" + _format_text(sub, lang))
    rows.line(f"{label('plan', lang)}: {report.plan.id} — {report.plan.title}")
    rows.line(f"{label('as_of', lang)}: {date_text(report.as_of, lang)}")
    if sub is not None:
        r = sub.rows
        counts = {k: number(getattr(r, k), lang) for k in ("read", "members", "rejected", "other")}
        rows.line(label("rows_line", lang, **counts))
    errors = sum(p.severity == ERROR for p in problems)
    counts_font = _font(bold=True, color=COLOURS[NOT_MET if errors else MET][1])
    rows.line(
        label("annot_counts", lang, errors=errors, warnings=len(problems) - errors), counts_font
    )
    if problems:
        rows.line(label("annot_legend", lang), _font(italic=True))
        rows.line(label("annot_mark_note", lang), _font(italic=True))
    if not res.kept:
        rows.line(label("annot_new_workbook", lang), _font(italic=True, color="9C5700"))

    if not res.clubs:
        rows.skip()
        rows.line(label("annot_no_clubs", lang), _font(bold=True))
    for club in res.clubs:
        rows.skip()
        _club_table(rows, club, lang)
        _activity_rows(rows, club, res, lang)
    _ward_table(rows, report, {c.club.ward for c in res.clubs if c.club.ward}, lang)
    rows.skip()
    _problem_table(rows, problems, res.marks, lang)


class _Rows:
    """A cursor that writes the results sheet one row at a time."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 0

    def skip(self) -> None:
        self.row += 1

    def line(self, text: str, font: Any = None) -> None:
        self.row += 1
        put(self.ws, self.row, 1, text).font = font or _font()

    def cells(self, values: Iterable[Any], header: bool = False) -> list[Cell]:
        """A table row: every cell gets the sheet's font; text wraps in headers and messages."""
        from openpyxl.styles import Alignment

        self.row += 1
        out, lines = [], 1
        for col, value in enumerate(values, start=1):
            cell = put(self.ws, self.row, col, value)
            wrap = header or col == len(RESULT_WIDTHS)
            cell.font = _font(bold=header)
            cell.alignment = Alignment(
                horizontal="center" if col in CENTRED else None, vertical="top", wrap_text=wrap
            )
            if wrap and isinstance(value, str):
                per_line = RESULT_WIDTHS[_letter(col)] * 1.1  # characters of 11 pt text
                lines = max(lines, math.ceil(len(value) / per_line))
            out.append(cell)
        if lines > 1:  # Excel and LibreOffice do not grow a written row to fit wrapped text
            self.ws.row_dimensions[self.row].height = 15 * lines
        return out

    def header(self, values: Iterable[str]) -> None:
        from openpyxl.styles import Border, Side

        bottom = Border(bottom=Side(style="thin", color="8EA9DB"))
        for cell in self.cells(values, header=True):
            cell.fill = kit.openpyxl_style(kit.fill(HEADER_FILL))
            cell.border = bottom


def _font(**style: Any) -> Any:
    """A font of the results sheet: always named, so that no legacy default font applies. (Not
    `kit.font`, which writes bold and italic as off where this leaves them unset: the same look,
    other bytes, and the annotated copies stay as they were.)"""
    from openpyxl.styles import Font

    style.setdefault("size", 11)
    return Font(name=FONT, **style)


def _format_text(sub: Submission | None, lang: str) -> str:
    if sub is None or sub.format is None:
        return ""
    encodings = (sub.encoding or "unicode").split("+")
    enc = " + ".join(label(f"encoding_{e}", lang) for e in encodings)
    return f" — {label('format', lang)} {sub.format}, {label('encoding', lang)} {enc}"


def _club_table(rows: _Rows, res: ClubResult, lang: str) -> None:
    club = res.club
    title = res.id if club.name in (None, res.id) else f"{club.name} ({res.id})"
    if club.ward:
        title += f" — {club.ward}"
    rows.line(title, _font(bold=True, size=12))
    rows.header(label(k, lang) for k in ("indicator", "value", "target", "status"))
    for ind in res.indicators:
        shown, number_format = _value(ind, lang)
        cells = rows.cells([indicator_label(ind, lang), shown, target_text(ind, lang), None])
        cells[1].number_format = number_format
        _status(cells[3], ind.status, label(ind.status or UNKNOWN, lang))
    first = rows.row + 1
    for flag in FLAGS:
        value: bool | None = getattr(res, flag)
        status = UNKNOWN if value is None else (MET if value else NOT_MET)
        text = label("unknown" if value is None else ("yes" if value else "no"), lang)
        cells = rows.cells([label(flag, lang), None, None, None])
        _status(cells[3], status, text)
    _top_border(rows.ws, first)


def _activity_rows(rows: _Rows, club: ClubResult, res: _Results, lang: str) -> None:
    """Under a club's table: each activity it has not done, with a link to its cell."""
    for aid, done in club.activities.items():
        if done is not False:
            continue
        mark = res.activities.get((club.id, aid))
        name = res.names.get(aid, aid)
        cells = rows.cells([f"{WARN_SIGN} {name}", None, mark.coordinate if mark else "—", None])
        _status(cells[3], NOT_MET, label("no", lang))
        if mark is not None:
            _link(cells[2], mark)


def _link(cell: Cell, mark: Mark) -> None:
    """A hyperlink from a results cell to the marked cell."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    quoted = "'" + mark.sheet.title.replace("'", "''") + "'"
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quoted}!{mark.coordinate}")
    cell.font = _font(color=LINK_COLOUR, underline="single")


def _ward_table(rows: _Rows, report: Report, names: set[str], lang: str) -> None:
    wards = [
        w
        for w in report.wards
        if w.status is not None and (w.name in names or names.intersection(w.names_seen))
    ]
    if not wards:
        return
    rows.skip()
    target = report.plan.min_effective_clubs
    rows.header(label(k, lang) for k in ("ward", "effective_clubs", "target", "status"))
    for w in wards:
        goal = f"≥ {target}" if target is not None else "—"
        cells = rows.cells([w.name, w.effective_clubs, goal, None])
        _status(cells[3], w.status, label(w.status or UNKNOWN, lang))


def _problem_table(rows: _Rows, problems: list[Problem], marks: dict[int, Mark], lang: str) -> None:
    rows.line(f"{label('problems', lang)} ({len(problems)})", _font(bold=True, size=12))
    if not problems:
        rows.line(label("annot_no_problems", lang))
        return
    keys = ("sheet", "cell", "annot_severity", "annot_code", "annot_message")
    rows.header(label(k, lang) for k in keys)
    for i, p in enumerate(problems):
        mark = marks.get(i)
        sheet = mark.sheet.title if mark else (p.place.sheet or "—")
        where = mark.coordinate if mark else (p.place.cell or "—")
        severity = f"{WARN_SIGN} {label(p.severity, lang)}"
        cells = rows.cells([sheet, where, severity, p.code, p.message(lang)])
        cells[2].fill = kit.openpyxl_style(kit.fill(FILLS.get(p.severity, FILLS[WARNING])))
        if mark is not None:
            _link(cells[1], mark)


def _status(cell: Cell, status: str | None, text: str) -> None:
    from openpyxl.styles import Alignment

    background, colour = COLOURS.get(status or UNKNOWN, COLOURS[UNKNOWN])
    cell.value = text
    cell.fill = kit.openpyxl_style(kit.fill(background))
    cell.font = _font(bold=True, color=colour)
    cell.alignment = Alignment(horizontal="center", vertical="top")


def _top_border(ws: Worksheet, row: int) -> None:
    from openpyxl.styles import Border, Side

    for col in range(1, 5):
        ws.cell(row, col).border = Border(top=Side(style="thin", color="8EA9DB"))


def _value(ind: Indicator, lang: str) -> tuple[Any, str]:
    """The indicator value as an Excel value and number format: numbers stay numbers."""
    v = ind.value
    if v is None:
        return (label("no_loan_need", lang) if ind.note == "no_loan_need" else "—"), "General"
    if isinstance(v, bool):
        return label("yes" if v else "no", lang), "General"
    if ind.unit == PCT:
        return float(v), "0.0%"
    if ind.unit == MONEY:
        return int(v), '#,##0 "đ"' if lang == "vi" else '#,##0 "VND"'
    if isinstance(v, Fraction) and v.denominator != 1:
        return float(v), "General"
    return int(v), "General"


# ------------------------------------------------------------------------------------ cells


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)

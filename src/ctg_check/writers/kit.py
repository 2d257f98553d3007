"""The sheet kit every writer lays its sheets out with: one font, the colours, cell styles, the
formula-safe cell (`put`, `plain`), the table writer (header rows with merged group headings,
column widths, frozen panes, filters, print titles) and the A4 page setup.

A writer says what goes where; how a header, a status, a total row or a printed page looks is
decided here, once. openpyxl is imported only inside the functions, so importing this module
stays cheap (sheet_xml and the package import it). The summary's layouts reach a sheet only
through this module (cells, merges, widths, heights, tables, page setup, breaks; creating the
sheets and the chart aside), so writing it with another library (xlsxwriter, issue 16) means
another implementation of these functions, not of the layouts; the merged workbook starts from
the template's and adds its rows with `sheet_xml.keep_rows`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ctg_check.i18n import label
from ctg_check.normalize import safe_text
from ctg_check.report import ERROR, MET, NOT_MET, UNKNOWN, WARNING
from ctg_check.writers.measure import row_height, text_lines

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

FONT = "Times New Roman"  # the font of Vietnamese administrative documents
SIZE = 11
HEADER_FILL = "DDEBF7"
TOTAL_FILL = "F2F2F2"
INT_FORMAT = "#,##0"
PCT_FORMAT = "0.0%"
MONEY_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"
DASH = "—"
# Excel's good / bad / neutral cell styles: (fill, font colour)
COLOURS = {
    MET: ("C6EFCE", "006100"),
    NOT_MET: ("FFC7CE", "9C0006"),
    UNKNOWN: ("FFEB9C", "9C5700"),
    ERROR: ("FFC7CE", "9C0006"),
    WARNING: ("FFEB9C", "9C5700"),
}
BAR_COLOURS = {MET: "70AD47", NOT_MET: "C00000", UNKNOWN: "FFC000"}
LINK_COLOUR = "0563C1"


def new_workbook() -> Workbook:
    """An empty workbook whose default font is Times New Roman 11. Column widths are counted in
    the default font's digits: Calibri is missing where LibreOffice prints (a wider font takes its
    place and every sheet shrinks to fit), Times New Roman has a metric twin there (Liberation
    Serif), so a column is as wide in Excel as in LibreOffice and a sheet prints at one scale."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    wb = Workbook()
    normal = Font(name=FONT, size=11, family=1)
    wb._fonts = IndexedList([normal])  # type: ignore[attr-defined]
    wb._named_styles["Normal"].font = normal  # type: ignore[attr-defined]
    return wb


# --- formula-safe values --------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@")
_SIMPLE = (int, float, bool, date, datetime, time, timedelta)
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # as openpyxl's


def plain(value: Any) -> Any:
    """A value as a workbook cell holds it: Fractions become numbers, characters XML cannot hold
    are dropped from text, anything else that is not a number or date becomes text."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS.sub("", safe_text(value))
    if isinstance(value, Fraction):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is not None and not isinstance(value, _SIMPLE):
        return ILLEGAL_CHARACTERS.sub("", str(value))
    return value


def _put_plain(ws: Any, row: int, column: int, value: Any) -> Any:
    value = plain(value)
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited, too
    return cell


# --- rows and columns -----------------------------------------------------------------------


def set_widths(ws: Worksheet, widths: Sequence[float], first: int = 1) -> None:
    """Column widths (in the default font's digits, see `new_workbook`) from column `first`."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=first):
        ws.column_dimensions[get_column_letter(index)].width = width


def set_height(ws: Worksheet, row: int, points: float) -> None:
    ws.row_dimensions[row].height = points


def height(ws: Worksheet, row: int) -> float | None:
    """The height a row was given, None when it has none (Excel's default, 15 pt)."""
    value: float | None = ws.row_dimensions[row].height
    return value


# --- styles and cells ----------------------------------------------------------------------------


@lru_cache(maxsize=256)
def font(bold: bool = False, italic: bool = False, size: float = SIZE, colour: Any = None) -> Any:
    from openpyxl.styles import Font

    return Font(name=FONT, size=size, bold=bold, italic=italic, color=colour)


@lru_cache(maxsize=256)
def fill(rgb: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=rgb)


@lru_cache(maxsize=8)
def border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="808080")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


@lru_cache(maxsize=256)
def align(
    horizontal: str = "left", wrap: bool = False, vertical: str = "center", rotate: int = 0
) -> Any:
    from openpyxl.styles import Alignment

    indent = 1 if horizontal in ("left", "right") else 0
    return Alignment(
        horizontal=horizontal,
        vertical=vertical,
        wrap_text=wrap,
        indent=indent,
        textRotation=rotate,
    )


def put(ws: Worksheet, row: int, col: int, value: Any, **style: Any) -> Cell:
    """Write one value (see `plain`) with a style. Text is always text: a club named
    '=HYPERLINK(…)' never becomes a formula, and keeps a quote prefix so that editing it in Excel
    does not either."""
    cell = _put_plain(ws, row, col, value)
    if not style:
        return cell
    # openpyxl hashes every style object on every assignment (slow: ~0.1 ms each); the same
    # combination is applied once per workbook and copied after that.
    cache = ws.parent.__dict__.setdefault("_ctg_styles", {})
    # the quote prefix (on text starting = + - @) is part of the style: keep it
    key = (
        cell.quotePrefix,
        *style,
        *(v if isinstance(v, str) else id(v) for v in style.values()),
    )
    cached = cache.get(key)
    if cached is None:
        for name, val in style.items():
            setattr(cell, name, val)
        cache[key] = (copy(cell._style), tuple(style.values()))  # the values keep their ids
    else:
        cell._style = copy(cached[0])
    return cell


def merge(
    ws: Worksheet, row: int, first: int, last: int, value: Any, **style: Any
) -> Cell | MergedCell:
    cell = put(ws, row, first, value, **style)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    return cell


def _header_height(col: Col, size: float) -> float:
    """Points a header cell needs: its wrapped lines, or its length when written upwards."""
    if not col.rotate:
        return row_height(text_lines(col.header, col.width, size, bold=True), size)
    across = max(1, math.floor((col.width * 5.25 - 4) / (size * 1.3)))  # lines side by side
    return len(col.header) * size * 0.58 / across + 10


def text_row(
    ws: Worksheet, row: int, last_col: int, width: float, text: str, font: Any, horizontal: str
) -> None:
    """A line of text merged over the first `last_col` columns, its row as high as it wraps."""
    merge(ws, row, 1, last_col, text, font=font, alignment=align(horizontal, wrap=True))
    lines = text_lines(text, width, font.sz, font.b, indent=horizontal != "center")
    set_height(ws, row, row_height(lines, font.sz))


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """A table column. kind: stt, text, wrap, center, int, pct, money, status, mark (a status
    as ✓ ✗ ?), severity, flag (yes/no coloured as met/not met) or yesno (plain)."""

    header: str
    width: float
    kind: str = "text"
    group: str | None = None
    fmt: str | None = None
    key: str = ""
    rotate: bool = False  # header written bottom to top, for narrow columns


NUMBER_FORMATS = {"int": INT_FORMAT, "stt": "0", "pct": PCT_FORMAT, "money": MONEY_FORMAT}
STATUS_KINDS = {
    "status": (MET, NOT_MET, UNKNOWN),
    "mark": (MET, NOT_MET, UNKNOWN),
    "severity": (ERROR, WARNING),
}
MARKS = {MET: "✓", NOT_MET: "✗", UNKNOWN: "?"}


def _value_cell(
    ws: Worksheet, row: int, col: int, spec: Col, value: Any, lang: str, size: float
) -> Cell | MergedCell:
    base = {"border": border(), "font": font(size=size)}
    coloured = None
    if spec.kind in STATUS_KINDS and value in STATUS_KINDS[spec.kind]:
        coloured, value = value, MARKS[value] if spec.kind == "mark" else label(value, lang)
    elif spec.kind in ("flag", "yesno") and (value is None or isinstance(value, bool)):
        if spec.kind == "flag":
            coloured = UNKNOWN if value is None else MET if value else NOT_MET
        value = label("unknown" if value is None else "yes" if value else "no", lang)
    if coloured is not None:
        background, colour = COLOURS[coloured]
        base.update(fill=fill(background), font=font(size=size, colour=colour))
    if value is None:
        return put(ws, row, col, DASH, alignment=align("center"), **base)
    if isinstance(value, str):
        horizontal = "left" if spec.kind in ("text", "wrap") else "center"
        return put(ws, row, col, value, alignment=align(horizontal, wrap=True), **base)
    fmt = spec.fmt or NUMBER_FORMATS.get(spec.kind, INT_FORMAT)
    horizontal = "center" if spec.kind == "stt" else "right"
    return put(ws, row, col, value, number_format=fmt, alignment=align(horizontal), **base)


@dataclass(frozen=True)
class Table:
    """Where a written table sits: header rows, first and last data row, column keys."""

    header_top: int
    header_bottom: int
    first: int
    last: int  # last data row (before the total row); first - 1 when there is none
    keys: tuple[str, ...]

    def column(self, key: str) -> int:
        return self.keys.index(key) + 1


def write_table(
    ws: Worksheet,
    top: int,
    cols: Sequence[Col],
    rows: Sequence[Sequence[Any]],
    lang: str,
    total: Sequence[Any] | None = None,
    freeze_col: int = 1,
    size: float = SIZE,
    filters: bool = True,
    min_height: float | None = None,
) -> Table:
    """Header (one row, or two with merged group cells), data rows and an optional total row;
    column widths, frozen panes, auto-filter and print titles."""
    from openpyxl.utils import get_column_letter

    bottom = _header(ws, top, cols, size)
    last = _body(ws, bottom + 1, cols, rows, lang, size, min_height)
    if total is not None:
        for index, (col, value) in enumerate(zip(cols, total, strict=True), start=1):
            cell = _value_cell(ws, last + 1, index, col, value, lang, size)
            cell.fill = fill(TOTAL_FILL)
            cell.font = font(bold=True, size=size)
    if filters and rows:
        ws.auto_filter.ref = f"A{bottom}:{get_column_letter(len(cols))}{last}"
        ws.freeze_panes = f"{get_column_letter(freeze_col)}{bottom + 1}"
        ws.print_title_rows = f"{top}:{bottom}"
    return Table(top, bottom, bottom + 1, last, tuple(c.key for c in cols))


def _header(ws: Worksheet, top: int, cols: Sequence[Col], size: float) -> int:
    """The header rows (a second one when columns are grouped, the group cells merged over
    their columns), as high as their text needs, and the column widths; the last header row."""
    grouped = any(c.group for c in cols)
    bottom = top + 1 if grouped else top
    head = {
        "font": font(bold=True, size=size),
        "fill": fill(HEADER_FILL),
        "border": border(),
        "alignment": align("center", wrap=True),
    }
    rotated = {**head, "alignment": align("center", wrap=True, rotate=90)}
    need = {top: row_height(1, size), bottom: row_height(1, size)}
    spanning: list[float] = []  # heights wanted by cells merged over both header rows
    i = 0
    while i < len(cols):
        col = cols[i]
        if col.group is None:
            put(ws, top, i + 1, col.header, **(rotated if col.rotate else head))
            if grouped:
                put(ws, bottom, i + 1, None, **head)
                ws.merge_cells(start_row=top, start_column=i + 1, end_row=bottom, end_column=i + 1)
            if grouped:
                spanning.append(_header_height(col, size))
            else:
                need[bottom] = max(need[bottom], _header_height(col, size))
            i += 1
            continue
        j = i
        while j < len(cols) and cols[j].group == col.group:
            put(ws, bottom, j + 1, cols[j].header, **(rotated if cols[j].rotate else head))
            need[bottom] = max(need[bottom], _header_height(cols[j], size))
            put(ws, top, j + 1, None, **head)
            j += 1
        put(ws, top, i + 1, col.group, **head)
        ws.merge_cells(start_row=top, start_column=i + 1, end_row=top, end_column=j)
        width = sum(c.width for c in cols[i:j])
        need[top] = max(need[top], row_height(text_lines(col.group, width, size, bold=True), size))
        i = j
    if grouped:
        need[bottom] = max([need[bottom], *(h - need[top] for h in spanning)])
    for r, points in need.items():
        set_height(ws, r, round(points, 1))
    set_widths(ws, [col.width for col in cols])
    return bottom


def _body(
    ws: Worksheet,
    first: int,
    cols: Sequence[Col],
    rows: Sequence[Sequence[Any]],
    lang: str,
    size: float,
    min_height: float | None,
) -> int:
    """The data rows from row `first`, each as high as its wrapped text; the last row written
    (first - 1 when there is none)."""
    row = first - 1
    for values in rows:
        row += 1
        wraps = 1
        for index, (col, value) in enumerate(zip(cols, values, strict=True), start=1):
            _value_cell(ws, row, index, col, value, lang, size)
            if col.kind == "wrap" and isinstance(value, str):
                wraps = max(wraps, text_lines(value, col.width, size, indent=True))
        if wraps > 1 or min_height:
            set_height(ws, row, max(row_height(wraps, size), min_height or 0))
    return row


def sheet_title(ws: Worksheet, text: str, cols: Sequence[Col]) -> None:
    width = sum(c.width for c in cols)
    text_row(ws, 1, len(cols), width, text, font(bold=True, size=13), "center")


@dataclass(frozen=True)
class Margins:
    """Page margins in inches, as Excel keeps them."""

    left: float
    right: float
    top: float
    bottom: float
    header: float
    footer: float


NARROW = Margins(left=0.4, right=0.4, top=0.5, bottom=0.5, header=0.25, footer=0.25)


def page_setup(
    ws: Worksheet,
    portrait: bool = False,
    fit_width: bool = True,
    title_rows: str | None = None,
    margins: Margins | None = NARROW,
    numbers: str | None = "plain",
    centred: bool | None = None,
    scale: int | None = None,
    title_cols: str | None = None,
) -> None:
    """A4 in landscape (or portrait), fitted to the page width (`fit_width`; or printed at
    `scale` % when given, so that manual column breaks count), the rows `title_rows` ("1:1") and
    columns `title_cols` ("A:D") repeated on every page, the margins, centred across the page or
    not (None: as it is), and page numbers in the footer: numbers "plain" in the workbook's font,
    "small" in 9 pt Times New Roman, None for none."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait" if portrait else "landscape"
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=scale is None)
    if scale is not None:
        ws.page_setup.scale = scale
    if centred is not None:
        ws.print_options.horizontalCentered = centred
    if margins is not None:
        for side, inches in vars(margins).items():
            setattr(ws.page_margins, side, inches)
    if title_rows is not None:
        ws.print_title_rows = title_rows
    if title_cols is not None:
        ws.print_title_cols = title_cols
    footer = ws.oddFooter.center if ws.oddFooter is not None else None
    if footer is not None and numbers is not None:
        footer.text = "&P / &N"
        if numbers == "small":
            footer.size, footer.font = 9, FONT


def page_break(
    ws: Worksheet, after_row: int | None = None, after_column: int | None = None
) -> None:
    """A manual page break after this row (or column) when printed."""
    from openpyxl.worksheet.pagebreak import Break

    if after_row is not None:
        ws.row_breaks.append(Break(id=after_row))
    if after_column is not None:
        ws.col_breaks.append(Break(id=after_column))

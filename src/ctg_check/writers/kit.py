"""The sheet kit every writer lays its sheets out with: one font, the colours, cell styles, the
formula-safe cell (`plain`; `put` for openpyxl sheets, `cell` for the kit's own), the table writer
(header rows with merged group headings, column widths, frozen panes, filters, print titles) and
the A4 page setup.

A writer says what goes where; how a header, a status, a total row or a printed page looks is
decided here, once. The summary is laid out into the kit's own sheets (`writers.book`: plain data,
written with xlsxwriter); the template, the merged dataset built on it and the ward's annotated
copy are openpyxl workbooks, which use the same styles (`openpyxl_style`), widths and page setup.
openpyxl is imported only inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ctg_check.i18n import label
from ctg_check.normalize import safe_text
from ctg_check.report import ERROR, MET, NOT_MET, UNKNOWN, WARNING
from ctg_check.writers.book import (
    FONT,
    SIZE,
    Align,
    Border,
    Fill,
    Font,
    Margins,
    Page,
    Sheet,
    Style,
)
from ctg_check.writers.measure import row_height, text_lines

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FONT", "SIZE", "Margins"]

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


# --- rows and columns -----------------------------------------------------------------------


def set_widths(ws: Sheet | Worksheet, widths: Sequence[float], first: int = 1) -> None:
    """Column widths (in the default font's digits, see `new_workbook`) from column `first`."""
    if isinstance(ws, Sheet):
        ws.widths.update(enumerate(widths, start=first))
        return
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=first):
        ws.column_dimensions[get_column_letter(index)].width = width


def set_height(ws: Sheet, row: int, points: float) -> None:
    """A row's height, in whole pixels (0.75 pt) as the file keeps it and Excel draws it."""
    ws.heights[row] = int(points * 4 / 3 + 0.5) * 0.75


def height(ws: Sheet, row: int) -> float | None:
    """The height a row was given, None when it has none (Excel's default, 15 pt)."""
    return ws.heights.get(row)


# --- styles and cells ----------------------------------------------------------------------------
# Styles are plain values (book.Font, Fill, Border, Align), made once each (cached, so the same
# style is the same object); `openpyxl_style` gives the openpyxl object for the writers that edit
# a workbook with openpyxl.


@lru_cache(maxsize=256)
def font(bold: bool = False, italic: bool = False, size: float = SIZE, colour: Any = None) -> Font:
    return Font(bold, italic, size, colour)


@lru_cache(maxsize=256)
def fill(rgb: str) -> Fill:
    return Fill(rgb)


@lru_cache(maxsize=1)
def border() -> Border:
    return Border()


@lru_cache(maxsize=256)
def align(
    horizontal: str = "left", wrap: bool = False, vertical: str = "center", rotate: int = 0
) -> Align:
    indent = 1 if horizontal in ("left", "right") else 0
    return Align(horizontal, vertical, wrap, indent, rotate)


@lru_cache(maxsize=256)
def openpyxl_style(spec: Font | Fill | Border | Align) -> Any:
    """The openpyxl object of a style value."""
    from openpyxl.styles import Alignment, PatternFill, Side
    from openpyxl.styles import Border as OpenpyxlBorder
    from openpyxl.styles import Font as OpenpyxlFont

    if isinstance(spec, Font):
        return OpenpyxlFont(
            name=FONT, size=spec.size, bold=spec.bold, italic=spec.italic, color=spec.colour
        )
    if isinstance(spec, Fill):
        return PatternFill("solid", fgColor=spec.rgb)
    if isinstance(spec, Border):
        thin = Side(style="thin", color=spec.colour)
        return OpenpyxlBorder(left=thin, right=thin, top=thin, bottom=thin)
    return Alignment(
        horizontal=spec.horizontal,
        vertical=spec.vertical,
        wrap_text=spec.wrap,
        indent=spec.indent,
        textRotation=spec.rotate,
    )


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one value (see `plain`) into an openpyxl sheet. Text is always text: a club named
    '=HYPERLINK(…)' never becomes a formula, and keeps a quote prefix so that editing it in Excel
    does not either."""
    value = plain(value)
    cell: Any = ws.cell(row=row, column=column)  # never a merged cell here
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


_STYLES: dict[tuple[Any, ...], tuple[Style, tuple[Any, ...]]] = {}


def cell(ws: Sheet, row: int, col: int, value: Any, **style: Any) -> None:
    """Write one value (see `plain`) with a style (font, fill, border, alignment, number_format)
    into a sheet of the kit's own format; text that starts as a formula would keeps a quote
    prefix, as in `put`."""
    # the same combination of (cached) style values is the same Style object: the writer makes
    # one format per object
    key = (*style, *map(id, style.values()))
    made = _STYLES.get(key)
    if made is None:  # the values are kept with it: their ids stay theirs
        made = _STYLES[key] = (Style(**style), tuple(style.values()))
    _put(ws, row, col, value, made[0])


def _put(ws: Sheet, row: int, col: int, value: Any, style: Style) -> None:
    if value.__class__ is str:
        value = _plain_text(value)
        if value.startswith(FORMULA_STARTS):
            style = _quoted(style)
    else:
        value = plain(value)
    ws.put(row, col, value, style)


@lru_cache(maxsize=8192)  # ward names, labels and marks repeat on every row
def _plain_text(value: str) -> str:
    text: str = plain(value)
    return text


@lru_cache(maxsize=256)
def _quoted(style: Style) -> Style:
    return replace(style, quote=True)


def merge(ws: Sheet, row: int, first: int, last: int, value: Any, **style: Any) -> None:
    cell(ws, row, first, value, **style)
    if last > first:
        ws.merges.append((row, first, row, last))


def _header_height(col: Col, size: float) -> float:
    """Points a header cell needs: its wrapped lines, or its length when written upwards."""
    if not col.rotate:
        return row_height(text_lines(col.header, col.width, size, bold=True), size)
    across = max(1, math.floor((col.width * 5.25 - 4) / (size * 1.3)))  # lines side by side
    return len(col.header) * size * 0.58 / across + 10


def text_row(
    ws: Sheet, row: int, last_col: int, width: float, text: str, font: Font, horizontal: str
) -> None:
    """A line of text merged over the first `last_col` columns, its row as high as it wraps."""
    merge(ws, row, 1, last_col, text, font=font, alignment=align(horizontal, wrap=True))
    lines = text_lines(text, width, font.size, font.bold, indent=horizontal != "center")
    set_height(ws, row, row_height(lines, font.size))


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
    ws: Sheet, row: int, col: int, spec: Col, shape: _Shapes, value: Any, lang: str, total: bool
) -> None:
    kind = spec.kind
    if shape.coded and (
        (kind in STATUS_KINDS and value in STATUS_KINDS[kind])
        or (kind in FLAG_KINDS and (value is None or value.__class__ is bool))
    ):
        ws.put(row, col, *_coded(kind, value, lang, shape.size, total))
    elif value is None:
        ws.put(row, col, DASH, shape.dash)
    elif value.__class__ is int:  # (plain() leaves it as it is)
        ws.put(row, col, value, shape.number)
    else:
        _put(ws, row, col, value, shape.text if isinstance(value, str) else shape.number)


FLAG_KINDS = ("flag", "yesno")


@lru_cache(maxsize=256)
def _coded(kind: str, value: Any, lang: str, size: float, total: bool) -> tuple[str, Style]:
    """A status (met, not met, unknown; error, warning) or a yes/no/unknown as it shows, and its
    style: coloured as the status, or for a flag as met (yes) / not met (no) / unknown."""
    coloured: str | None
    if kind in STATUS_KINDS:
        coloured, shown = value, MARKS[value] if kind == "mark" else label(value, lang)
    else:
        coloured = (
            (UNKNOWN if value is None else MET if value else NOT_MET) if kind == "flag" else None
        )
        shown = label("unknown" if value is None else "yes" if value else "no", lang)
    return shown, _table_style(kind, None, "text", coloured, total, size)


@lru_cache(maxsize=1024)
def _table_style(
    kind: str, fmt: str | None, shape: str, coloured: str | None, total: bool, size: float
) -> Style:
    """The style of a table cell: a value of this shape (dash, text, number) in a column of
    this kind, coloured by a status or not, in the total row or not (made once per combination:
    tables of thousands of rows have a few dozen)."""
    text_font = font(bold=total, size=size)
    background = None
    if total:
        background = fill(TOTAL_FILL)
    elif coloured is not None:
        rgb, colour = COLOURS[coloured]
        text_font, background = font(size=size, colour=colour), fill(rgb)
    if shape == "dash":
        alignment, number_format = align("center"), None
    elif shape == "text":
        alignment = align("left" if kind in ("text", "wrap") else "center", wrap=True)
        number_format = None
    else:
        alignment = align("center" if kind == "stt" else "right")
        number_format = fmt or NUMBER_FORMATS.get(kind, INT_FORMAT)
    return Style(text_font, background, border(), alignment, number_format)


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
    ws: Sheet,
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
    bottom = _header(ws, top, cols, size)
    last = _body(ws, bottom + 1, cols, rows, lang, size, min_height)
    if total is not None:
        for index, (col, value) in enumerate(zip(cols, total, strict=True), start=1):
            shape = _Shapes.of(col, size, total=True)
            _value_cell(ws, last + 1, index, col, shape, value, lang, total=True)
    if filters and rows:
        ws.filter = (bottom, 1, last, len(cols))
        ws.freeze = (bottom + 1, freeze_col)
        ws.title_rows = (top, bottom)
    return Table(top, bottom, bottom + 1, last, tuple(c.key for c in cols))


def _header(ws: Sheet, top: int, cols: Sequence[Col], size: float) -> int:
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
            cell(ws, top, i + 1, col.header, **(rotated if col.rotate else head))
            if grouped:
                ws.merges.append((top, i + 1, bottom, i + 1))
                spanning.append(_header_height(col, size))
            else:
                need[bottom] = max(need[bottom], _header_height(col, size))
            i += 1
            continue
        j = i
        while j < len(cols) and cols[j].group == col.group:
            cell(ws, bottom, j + 1, cols[j].header, **(rotated if cols[j].rotate else head))
            need[bottom] = max(need[bottom], _header_height(cols[j], size))
            j += 1
        merge(ws, top, i + 1, j, col.group, **head)
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
    ws: Sheet,
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
    shapes = [_Shapes.of(col, size, total=False) for col in cols]
    for values in rows:
        row += 1
        wraps = 1
        for index, (col, shape, value) in enumerate(zip(cols, shapes, values, strict=True), 1):
            _value_cell(ws, row, index, col, shape, value, lang, total=False)
            if shape.wraps and isinstance(value, str):
                wraps = max(wraps, text_lines(value, col.width, size, indent=True))
        if wraps > 1 or min_height:
            set_height(ws, row, max(row_height(wraps, size), min_height or 0))
    return row


@dataclass(frozen=True)
class _Shapes:
    """A column's styles for a number, a text and a dash, chosen once per table (data rows) or
    for its total row; `coded` columns (statuses, flags) show their values as words."""

    coded: bool
    wraps: bool
    size: float
    number: Style
    text: Style
    dash: Style

    @staticmethod
    def of(col: Col, size: float, total: bool) -> _Shapes:
        kind, fmt = col.kind, col.fmt
        return _Shapes(
            kind in STATUS_KINDS or kind in FLAG_KINDS,
            kind == "wrap",
            size,
            _table_style(kind, fmt, "number", None, total, size),
            _table_style(kind, fmt, "text", None, total, size),
            _table_style(kind, fmt, "dash", None, total, size),
        )


def sheet_title(ws: Sheet, text: str, cols: Sequence[Col]) -> None:
    width = sum(c.width for c in cols)
    text_row(ws, 1, len(cols), width, text, font(bold=True, size=13), "center")


NARROW = Margins(left=0.4, right=0.4, top=0.5, bottom=0.5, header=0.25, footer=0.25)


def page_setup(
    ws: Sheet | Worksheet,
    portrait: bool = False,
    fit_width: bool = True,
    title_rows: tuple[int, int] | None = None,
    margins: Margins | None = NARROW,
    numbers: str | None = "plain",
    centred: bool | None = None,
    scale: int | None = None,
    title_cols: tuple[int, int] | None = None,
) -> None:
    """A4 in landscape (or portrait), fitted to the page width (`fit_width`; or printed at
    `scale` % when given, so that manual column breaks count), the rows `title_rows` (first,
    last) and columns `title_cols` repeated on every page, the margins, centred across the page
    or not (None: as it is), and page numbers in the footer: numbers "plain" in the workbook's
    font, "small" in 9 pt Times New Roman, None for none."""
    page = Page(portrait, fit_width, margins, numbers, centred, scale)
    if not isinstance(ws, Sheet):
        _openpyxl_page(ws, page, title_rows, title_cols)
        return
    ws.page = page
    ws.title_rows = title_rows or ws.title_rows
    ws.title_cols = title_cols or ws.title_cols


def _openpyxl_page(
    ws: Worksheet,
    page: Page,
    title_rows: tuple[int, int] | None,
    title_cols: tuple[int, int] | None,
) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait" if page.portrait else "landscape"
    if page.fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=page.scale is None)
    if page.scale is not None:
        ws.page_setup.scale = page.scale
    if page.centred is not None:
        ws.print_options.horizontalCentered = page.centred
    if page.margins is not None:
        for side, inches in vars(page.margins).items():
            setattr(ws.page_margins, side, inches)
    if title_rows is not None:
        ws.print_title_rows = "{}:{}".format(*title_rows)
    if title_cols is not None:
        ws.print_title_cols = ":".join(get_column_letter(c) for c in title_cols)
    footer = ws.oddFooter.center if ws.oddFooter is not None else None
    if footer is not None and page.numbers is not None:
        footer.text = "&P / &N"
        if page.numbers == "small":
            footer.size, footer.font = 9, FONT


def page_break(ws: Sheet, after_row: int | None = None, after_column: int | None = None) -> None:
    """A manual page break after this row (or column) when printed."""
    if after_row is not None:
        ws.row_breaks.append(after_row)
    if after_column is not None:
        ws.col_breaks.append(after_column)

"""A workbook as plain data, written with xlsxwriter: the summary's format (issue 16).

The sheet kit (`writers.kit`) lays a sheet out into a `Sheet`: cells (a value and a `Style`),
merged ranges, column widths, row heights, the printed page (`Page`), breaks, the filter, the
frozen panes and a `ColumnChart`. `Book.xlsx` turns that into .xlsx bytes with xlsxwriter, which
writes the same cells about five times faster than openpyxl and stamps every zip member with one
fixed time; the document properties are fixed here, so the bytes depend only on the content.

Nothing is written to disk or to the system temporary folder (`in_memory`): a killed run leaves
no member names behind. openpyxl stays for the workbooks that start from another one (the
ward's annotated copy, the template and the merged dataset built on it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

CREATOR = "ctg-check"
FIXED_TIME = datetime(2020, 1, 1)
FONT = "Times New Roman"  # the font of Vietnamese administrative documents
SIZE = 11
PIXELS_PER_UNIT = 7  # xlsxwriter's digit width: widths given as pixels keep their units exactly
A4 = 9
CELL_TEXT = 32_000  # characters a cell shows (Excel holds 32,767 UTF-16 units)


@dataclass(frozen=True)
class Font:
    bold: bool = False
    italic: bool = False
    size: float = SIZE
    colour: str | None = None


@dataclass(frozen=True)
class Fill:
    rgb: str


@dataclass(frozen=True)
class Border:
    """A thin grey line on the four sides."""

    colour: str = "808080"


@dataclass(frozen=True)
class Align:
    horizontal: str = "left"
    vertical: str = "center"
    wrap: bool = False
    indent: int = 0
    rotate: int = 0


@dataclass(frozen=True)
class Style:
    font: Font | None = None
    fill: Fill | None = None
    border: Border | None = None
    alignment: Align | None = None
    number_format: str | None = None
    quote: bool = False  # text starting = + - @: Excel keeps it text when the cell is edited


PLAIN = Style()


@dataclass(frozen=True)
class Margins:
    """Page margins in inches, as Excel keeps them."""

    left: float
    right: float
    top: float
    bottom: float
    header: float
    footer: float


@dataclass(frozen=True)
class Page:
    """How a sheet prints (see `kit.page_setup`)."""

    portrait: bool = False
    fit_width: bool = True
    margins: Margins | None = None
    numbers: str | None = "plain"  # page numbers in the footer: "plain", "small" (9 pt) or None
    centred: bool | None = None
    scale: int | None = None


@dataclass(frozen=True)
class Ref:
    """Cells of one column of a sheet: rows first..last."""

    sheet: str
    column: int
    first: int
    last: int

    def xlsxwriter(self) -> list[Any]:
        return [self.sheet, self.first - 1, self.column - 1, self.last - 1, self.column - 1]


@dataclass(frozen=True)
class ColumnChart:
    """A column chart of one series, each column in its own colour, labelled with its value,
    and an optional dashed target line over it."""

    title: str
    axis_title: str
    categories: Ref
    values: Ref
    name: str
    colour: str  # the series' colour; `colours` each column's own
    colours: tuple[str, ...]
    target: Ref | None = None
    target_name: str = ""
    target_colour: str = "1F4E79"
    width_cm: float = 25
    height_cm: float = 14.5


@dataclass
class Sheet:
    title: str
    cells: dict[tuple[int, int], tuple[Any, Style]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    page: Page | None = None
    row_breaks: list[int] = field(default_factory=list)
    col_breaks: list[int] = field(default_factory=list)
    filter: tuple[int, int, int, int] | None = None  # first row, first col, last row, last col
    freeze: tuple[int, int] | None = None  # the first row and column that scroll
    title_rows: tuple[int, int] | None = None  # printed on every page
    title_cols: tuple[int, int] | None = None
    chart: ColumnChart | None = None

    def put(self, row: int, col: int, value: Any, style: Style = PLAIN) -> None:
        self.cells[row, col] = (value, style)

    def restyle(self, row: int, col: int, style: Style) -> None:
        self.cells[row, col] = (self.cells[row, col][0], style)


@dataclass
class Book:
    sheets: list[Sheet] = field(default_factory=list)

    def add(self, title: str) -> Sheet:
        sheet = Sheet(title)
        self.sheets.append(sheet)
        return sheet

    def xlsx(self, properties: dict[str, str]) -> bytes:
        """The workbook as .xlsx bytes, with these custom document properties."""
        import xlsxwriter

        from ctg_check.writers.fast_sheet import worksheet_class

        raw = io.BytesIO()
        wb = xlsxwriter.Workbook(
            raw,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_format_properties": {"font_name": FONT, "font_size": SIZE},
            },
        )
        wb.set_properties({"author": CREATOR, "created": FIXED_TIME})
        for name, value in properties.items():
            wb.set_custom_property(name, value)
        formats, kind = _Formats(wb), worksheet_class()
        for sheet in self.sheets:
            _write_sheet(wb, wb.add_worksheet(sheet.title, kind), sheet, formats)
        wb.close()
        for ws in wb.worksheets():  # its cells freed now: the workbook is held in reference
            ws.table.clear()  # cycles that only the collector frees (api._collector_paused)
        return raw.getvalue()


class _Formats:
    """One xlsxwriter format per distinct style (`_write_cells` looks each style object up once
    a sheet, so the styles are hashed per style, not per cell)."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.made: dict[Style, Any] = {}

    def __call__(self, style: Style) -> Any:
        made = self.made.get(style)
        if made is None:
            made = self.made[style] = self.wb.add_format(_properties(style))
        return made


def _properties(style: Style) -> dict[str, Any]:
    props: dict[str, Any] = {"font_name": FONT, "font_size": SIZE}
    if style.font is not None:
        font = style.font
        props.update(font_size=font.size, bold=font.bold, italic=font.italic)
        if font.colour:
            props["font_color"] = f"#{font.colour}"
    if style.fill is not None:
        props.update(pattern=1, bg_color=f"#{style.fill.rgb}")
    if style.border is not None:
        props.update(border=1, border_color=f"#{style.border.colour}")
    if style.alignment is not None:
        a = style.alignment
        props.update(align=a.horizontal, valign="vcenter" if a.vertical == "center" else a.vertical)
        props.update(text_wrap=a.wrap, indent=a.indent, rotation=a.rotate)
    if style.number_format is not None:
        props["num_format"] = style.number_format
    if style.quote:
        props["quote_prefix"] = True
    return props


_DATES = (date, datetime, time, timedelta)


def _write_sheet(wb: Any, ws: Any, sheet: Sheet, formats: _Formats) -> None:
    for col, width in sheet.widths.items():
        ws.set_column_pixels(col - 1, col - 1, width * PIXELS_PER_UNIT)
    for row, points in sheet.heights.items():
        ws.set_row(row - 1, points)
    covered: set[tuple[int, int]] = set()
    for first_row, first_col, last_row, last_col in sheet.merges:
        # the whole range takes the first cell's style (as Excel shows a merged cell)
        value, style = sheet.cells.get((first_row, first_col), (None, PLAIN))
        fmt = formats(style)
        ws.merge_range(first_row - 1, first_col - 1, last_row - 1, last_col - 1, None, fmt)
        _write_cell(ws, first_row - 1, first_col - 1, value, fmt)
        under = {
            (r, c) for r in range(first_row, last_row + 1) for c in range(first_col, last_col + 1)
        } - {(first_row, first_col)}
        if any(sheet.cells.get(cell, (None,))[0] is not None for cell in under):
            # a layout bug, never a ward's data: a value there would not show
            raise ValueError(f"a value under the merged cell at row {first_row} of {sheet.title!r}")
        covered |= under | {(first_row, first_col)}  # the first cell is written above
    _write_cells(ws, sheet.cells, covered, formats)
    _sheet_settings(ws, sheet)
    if sheet.chart is not None:
        ws.insert_chart(0, 0, _chart(wb, sheet.chart))


def _write_cells(
    ws: Any,
    cells: dict[tuple[int, int], tuple[Any, Style]],
    covered: set[tuple[int, int]],
    formats: _Formats,
) -> None:
    """Every cell not under a merge (xlsxwriter puts them in order): by FastCells in one loop, or
    one by one through xlsxwriter's own writers (a version FastCells was not checked against)."""
    from ctg_check.writers.fast_sheet import FastCells

    def format_of(style: Style) -> Any:
        return formats(style) if style is not PLAIN else None

    if isinstance(ws, FastCells):
        ws.put_cells(cells, covered, format_of, _write_cell)
        return
    for (row, col), (value, style) in cells.items():
        if (row, col) not in covered:
            _write_cell(ws, row - 1, col - 1, value, format_of(style))


def _write_cell(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    if value == "":
        value = None  # a blank cell, not an empty text (which Excel counts as a value)
    if isinstance(value, str):
        if len(value) > CELL_TEXT:  # Excel's limit: cut where it shows, not in silence
            value = value[: CELL_TEXT - 1] + "…"
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, _DATES):
        ws.write_datetime(row, col, value, fmt)
    elif fmt is not None:
        ws.write_blank(row, col, None, fmt)


def _sheet_settings(ws: Any, sheet: Sheet) -> None:
    if sheet.filter is not None:
        first_row, first_col, last_row, last_col = sheet.filter
        ws.autofilter(first_row - 1, first_col - 1, last_row - 1, last_col - 1)
    if sheet.freeze is not None:
        ws.freeze_panes(sheet.freeze[0] - 1, sheet.freeze[1] - 1)
    if sheet.row_breaks:
        ws.set_h_pagebreaks(sheet.row_breaks)
    if sheet.col_breaks:
        ws.set_v_pagebreaks(sheet.col_breaks)
    if sheet.title_rows is not None:
        ws.repeat_rows(sheet.title_rows[0] - 1, sheet.title_rows[1] - 1)
    if sheet.title_cols is not None:
        ws.repeat_columns(sheet.title_cols[0] - 1, sheet.title_cols[1] - 1)
    if sheet.page is not None:
        _page(ws, sheet.page)


def _page(ws: Any, page: Page) -> None:
    ws.set_paper(A4)
    if page.portrait:
        ws.set_portrait()
    else:
        ws.set_landscape()
    if page.scale is not None:
        ws.set_print_scale(page.scale)
    elif page.fit_width:
        ws.fit_to_pages(1, 0)
    if page.centred:
        ws.center_horizontally()
    footer = {"": "&C&P / &N", "small": f'&C&"{FONT},Regular"&9&P / &N'}
    text = footer["small" if page.numbers == "small" else ""] if page.numbers else ""
    if page.margins is not None:
        m = page.margins
        ws.set_margins(left=m.left, right=m.right, top=m.top, bottom=m.bottom)
        ws.set_header("", {"margin": m.header})
        ws.set_footer(text, {"margin": m.footer})
    elif text:
        ws.set_footer(text)


def _chart(wb: Any, spec: ColumnChart) -> Any:
    colours = spec.colours
    bar = wb.add_chart({"type": "column"})
    bar.set_style(10)
    bar.set_title({"name": spec.title})
    bar.add_series(
        {
            "name": spec.name,
            "categories": spec.categories.xlsxwriter(),
            "values": spec.values.xlsxwriter(),
            "fill": {"color": f"#{spec.colour}"},
            "border": {"none": True},
            "points": [{"fill": {"color": f"#{c}"}, "border": {"none": True}} for c in colours],
            "data_labels": {"value": True},
            "gap": 60,
        }
    )
    bar.set_y_axis({"name": spec.axis_title, "min": 0, "major_unit": 1})
    bar.set_legend({"position": "bottom"})
    if spec.target is not None:
        line = wb.add_chart({"type": "line"})
        line.add_series(
            {
                "name": spec.target_name,
                "categories": spec.categories.xlsxwriter(),
                "values": spec.target.xlsxwriter(),
                "line": {"color": f"#{spec.target_colour}", "dash_type": "dash", "width": 2.25},
                "marker": {"type": "none"},
                "smooth": False,
            }
        )
        bar.combine(line)
    per_cm = 96 / 2.54
    bar.set_size({"width": round(spec.width_cm * per_cm), "height": round(spec.height_cm * per_cm)})
    return bar

"""A sheet's rows as XML, written directly: the fast path of `writers.workbook_bytes`.

openpyxl serialises every cell through an element tree (pure Python without lxml), about 20 µs a
cell, and creating a cell object costs as much again: a merged workbook of 24,000 members
(430,000 cells) spent minutes there. Two shortcuts, both writing the same elements and attributes
openpyxl would:
- rows of plain values kept with `keep_rows` (the big data tables) are never turned into openpyxl
  cells: their XML is written from the values at save time;
- the sheet's openpyxl cells, when all plain (text, numbers, booleans, dates, a style), are
  written as text too. A sheet holding anything else (formulas, rich text, comments, hyperlinks:
  a user's workbook being annotated) returns None and is written by openpyxl as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ctg_check.writers.kit import FORMULA_STARTS, plain

PLACEHOLDER = "ctgCheckRows"  # an empty element written where the rows go, then replaced
CHUNK = 2000  # rows written to the zip at a time
TEXTS = 50_000  # distinct texts remembered per sheet (names are distinct: the memory stays bounded)
_KEPT = "_ctg_kept_rows"
_PLAIN = frozenset({"s", "n", "b", "d"})
_DATES = (date, datetime, time, timedelta)
_NUMBERS = (int, float)


def keep_rows(ws: Any, rows: Iterable[list[Any]], first: int) -> int:
    """Keep rows of values to be written from row `first` down when the workbook is saved (see
    the module's docstring; they are not cells of the openpyxl object). Returns the last row."""
    kept = [list(r) for r in rows]
    ws.__dict__.setdefault(_KEPT, []).append((first, kept))
    return first + len(kept) - 1


def dimension(ws: Any) -> str:
    """The sheet's used range, kept rows included (openpyxl's `calculate_dimension` + them)."""
    from openpyxl.utils import get_column_letter, range_boundaries

    bounds: tuple[Any, ...] = range_boundaries(ws.calculate_dimension())
    low_col, low_row, high_col, high_row = bounds
    for first, rows in ws.__dict__.get(_KEPT, ()):
        if rows:
            high_row = max(high_row, first + len(rows) - 1)
            high_col = max(high_col, *(len(r) for r in rows))
    return f"{get_column_letter(low_col)}{low_row}:{get_column_letter(high_col)}{high_row}"


def rows_xml(ws: Any) -> Iterator[str] | None:
    """The content of the sheet's <sheetData> in pieces of about CHUNK rows, or None when a
    cell needs openpyxl's writer."""
    cells = _cell_rows(ws)
    if cells is None:
        return None
    return _rows(ws, cells)


def _rows(ws: Any, cells: dict[int, list[Any]]) -> Iterator[str]:
    styles = _Styles(ws)
    kept: dict[int, list[Any]] = {}
    for first, rows in ws.__dict__.get(_KEPT, ()):
        for row, values in enumerate(rows, start=first):
            if row in cells or row in kept:
                raise ValueError(f"row {row} of {ws.title!r} written twice")
            kept[row] = values
    dims = ws.row_dimensions
    out: list[str] = []
    for row in sorted(cells.keys() | kept.keys() | dims.keys()):
        if row in cells:
            body = _cells_xml(row, cells[row], styles)
        else:
            body = _values_xml(row, kept[row], styles) if row in kept else ""
        attrs = "".join(f" {k}={quoteattr(v)}" for k, v in dims.get(row, ()))
        out.append(f'<row r="{row}"{attrs}>{body}</row>')
        if len(out) >= CHUNK:
            yield "".join(out)
            out.clear()
    yield "".join(out)


def _cell_rows(ws: Any) -> dict[int, list[Any]] | None:
    from openpyxl.cell.rich_text import CellRichText

    rows: dict[int, list[Any]] = defaultdict(list)
    for (row, _), cell in sorted(ws._cells.items()):
        if cell._comment is not None or cell.hyperlink is not None:
            return None
        if cell.data_type not in _PLAIN or isinstance(cell._value, CellRichText):
            return None
        rows[row].append(cell)
    if ws.parent.iso_dates:
        return None
    return rows


class _Styles:
    """Column letters, style ids and the date conversion of one sheet."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.compat import safe_string
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.datetime import to_excel

        self.ws = ws
        self.letters = [""] + [get_column_letter(i) for i in range(1, 257)]
        self.ids: dict[tuple[type, bool], str] = {}
        self.text = lru_cache(maxsize=TEXTS)(self._text)  # a text cell, made once per text
        self.number = safe_string
        self.to_excel = to_excel
        self.letter = get_column_letter

    def column(self, index: int) -> str:
        return self.letters[index] if index < len(self.letters) else self.letter(index)

    def style(self, value: Any, quoted: bool) -> str:
        """The style attribute a new cell holding `value` gets (a date's number format, the
        quote prefix of text that would otherwise start a formula)."""
        from openpyxl.cell.cell import Cell

        key = (type(value), quoted)
        found = self.ids.get(key)
        if found is None:
            cell = Cell(self.ws, row=1, column=1, value=value)
            cell.quotePrefix = quoted
            found = self.ids[key] = f' s="{cell.style_id}"' if cell.has_style else ""
        return found

    def _text(self, raw: str) -> str:
        """A text cell after its reference (`text`: remembered, up to TEXTS distinct texts)."""
        value = plain(raw)
        style = self.style(value, True) if value.startswith(FORMULA_STARTS) else ""
        if value:
            piece = f'{style} t="inlineStr"><is>{_text(value)}</is></c>'
        else:
            piece = f'{style} t="inlineStr"/>'
        return piece

    def excel(self, value: Any) -> str:
        return escape(self.number(self.to_excel(value, self.ws.parent.epoch)))


def _cells_xml(row: int, cells: list[Any], styles: _Styles) -> str:
    out = []
    for cell in cells:
        value = cell._value
        styled = cell.has_style
        if value is None and not styled:
            continue
        head = f'<c r="{styles.column(cell.column)}{row}"' + (
            f' s="{cell.style_id}"' if styled else ""
        )
        kind = cell.data_type
        head += ' t="inlineStr"' if kind == "s" else ' t="n"' if kind == "d" else f' t="{kind}"'
        if value is None or value == "":
            out.append(head + "/>")
        elif kind == "s":
            out.append(f"{head}><is>{_text(value)}</is></c>")
        elif isinstance(value, _DATES):
            out.append(f"{head}><v>{styles.excel(value)}</v></c>")
        else:
            out.append(f"{head}><v>{escape(styles.number(value))}</v></c>")
    return "".join(out)


def _values_xml(row: int, values: list[Any], styles: _Styles) -> str:
    """Cells for plain values, as `kit.put` would have written them. A text's cell (after its
    reference) is made once per distinct text (`_Styles.text`): ward, club and file names and
    yes/no marks repeat on every row. One comprehension, no call per cell but for texts (a
    remembered one) and for what is neither a text nor an int: a row of the merged members'
    sheet holds about twenty cells."""
    letters, text, end = styles.letters, styles.text, f'{row}"'
    if len(values) >= len(letters):
        letters = [styles.column(i) for i in range(len(values) + 1)]
    return "".join(
        [
            f'<c r="{letters[column]}{end}{text(raw)}'
            if raw.__class__ is str
            else f'<c r="{letters[column]}{end} t="n"><v>{raw:.16g}</v></c>'
            if raw.__class__ is int
            else f'<c r="{letters[column]}{end}{_value_xml(plain(raw), styles)}'
            for column, raw in enumerate(values, start=1)
            if raw is not None
        ]
    )


def _value_xml(value: Any, styles: _Styles) -> str:
    """A cell (after its reference) for a value that is not text or an int."""
    if value is None:
        return "/>"
    if isinstance(value, str):
        return styles.text(value)
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, _NUMBERS):
        return f' t="n"><v>{styles.number(value)}</v></c>'
    return f'{styles.style(value, False)} t="n"><v>{styles.excel(value)}</v></c>'


def _text(value: str) -> str:
    stripped = value.strip()
    if stripped and value != stripped:
        return f'<t xml:space="preserve">{escape(value)}</t>'
    return f"<t>{escape(value)}</t>"

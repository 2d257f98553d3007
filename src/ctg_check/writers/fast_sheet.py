"""xlsxwriter's worksheet with its two innermost loops shortened, for `Book.xlsx`.

A summary is made of text and number cells with a format, by the ten thousand. `FastCells` stores
them as `write_string` and `write_number` would, in one loop over the sheet's cells, and writes
a cell's XML without building and escaping an attribute list (`r` and `s` need no escaping); a
row's cells are taken from the row, not looked for in every column of the sheet. The file is the
same, byte for byte (tests/test_kit.py compares it with xlsxwriter's own). Any other cell, and a
sheet with comments, is written by xlsxwriter itself. Used through xlsxwriter's documented
`add_worksheet(name, worksheet_class)`; the attributes it reads are those of xlsxwriter 3.3, so
`worksheet_class()` gives it only with a version it was checked against: with any other, every
cell goes through xlsxwriter's own writers (book._write_cells), slower, never wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple, Worksheet

_column = cache(xl_col_to_name)  # a column's letters
CHECKED = ("3.3.",)  # the xlsxwriter versions tests/test_kit.py compared FastCells with


def worksheet_class() -> type[Worksheet] | None:
    """FastCells with a version of xlsxwriter it was checked against; else None (its own)."""
    from xlsxwriter import __version__

    return FastCells if __version__.startswith(CHECKED) else None


class FastCells(Worksheet):
    def put_cells(
        self,
        cells: dict[tuple[int, int], tuple[Any, Any]],
        covered: set[tuple[int, int]],
        format_of: Callable[[Any], Any],
        other: Callable[[Any, int, int, Any, Any], None],
    ) -> None:
        """The cells not `covered` (keys 1-based, values (value, style)), in their order: the
        shared strings are numbered in it. `format_of` gives a style's format; `other(ws, row,
        col, value, format)` writes what is not a text or a finite number (0-based). A cell
        beyond the sheet's bounds is an error (xlsxwriter would leave it out without a word)."""
        table, shared = self.table, self.str_table._get_shared_string_index
        short, last_row, last_col = self.xls_strmax // 2, self.xls_rowmax, self.xls_colmax
        made: dict[int, Any] = {}  # by the style's id: a style is hashed once, not per cell
        for (row, col), (value, style) in cells.items():
            if covered and (row, col) in covered:
                continue  # written with the merge, or blank under it (see book._write_sheet)
            if row > last_row or col > last_col:  # save_workbook refuses such a sheet first
                raise ValueError(f"cell ({row}, {col}) beyond the sheet {self.name!r}")
            fmt = made.get(id(style), made)
            if fmt is made:
                fmt = made[id(style)] = format_of(style)
            kind = value.__class__
            if kind is str and value and len(value) <= short:
                table[row - 1][col - 1] = CellStringTuple(shared(value), fmt)
            elif kind is int or (kind is float and math.isfinite(value)):
                table[row - 1][col - 1] = CellNumberTuple(value, fmt)
            else:
                other(self, row - 1, col - 1, value, fmt)
        used = [(r, min(row), max(row)) for r, row in table.items() if row]
        if used:  # the used range, as each write would have widened it
            rows, lows, highs = zip(*used, strict=True)
            self._check_dimensions(min(rows), min(lows))
            self._check_dimensions(max(rows), max(highs))

    def _write_rows(self) -> None:
        if any(self.comments.values()):
            super()._write_rows()
            return
        table, info, write = self.table, self.row_info, self.fh.write
        spans = self._spans()
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row)
            if not cells:
                if row in info:
                    self._write_empty_row(row, spans.get(row // 16), info[row])
                continue
            self._write_row(row, spans.get(row // 16), info.get(row))
            number = str(row + 1)
            for col in sorted(cells):
                cell = cells[col]
                fmt, kind = cell.format, cell.__class__
                if fmt is None or (kind is not CellStringTuple and kind is not CellNumberTuple):
                    super()._write_cell(row, col, cell)
                    continue
                xf = fmt.xf_index
                if xf is None:  # not given yet, or the same as another format's
                    xf = fmt._get_xf_index()
                ref = _column(col) + number
                if kind is CellStringTuple:
                    write(f'<c r="{ref}" s="{xf}" t="s"><v>{cell.string}</v></c>')
                else:
                    write(f'<c r="{ref}" s="{xf}"><v>{cell.number:.16G}</v></c>')
            self._xml_end_tag("row")

    def _spans(self) -> dict[int, str]:
        """The `spans` attribute of each block of 16 rows, as `_calculate_spans` finds them."""
        blocks: dict[int, tuple[int, int]] = {}
        for row, cells in self.table.items():
            if cells:
                low, high = min(cells), max(cells)
                if (seen := blocks.get(row // 16)) is not None:
                    low, high = min(low, seen[0]), max(high, seen[1])
                blocks[row // 16] = (low, high)
        self.row_spans = {k: f"{low + 1}:{high + 1}" for k, (low, high) in blocks.items()}
        return self.row_spans

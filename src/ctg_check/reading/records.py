"""Stage 2, records: one table row as field -> raw value, with the cell each value came from."""

from __future__ import annotations

from typing import Any

from ctg_check.model import Place
from ctg_check.reading.formats import RawSheet
from ctg_check.reading.headers import Header
from ctg_check.reading.tables import Table


class Record:
    """Row r of a table: values by field, places by field. A table written across (one club
    per column) has `across` set: r is then the club's column and each field a row.

    No dict per row: a field's value is looked up in `cells` (the row itself, or, across, the
    club's column down the grid) by the column (row, across) the header gives it."""

    __slots__ = ("across", "cells", "fields", "header", "path", "r", "row", "sheet", "table")

    def __init__(
        self, path: str, sheet: RawSheet, r: int, table: Table, across: bool = False
    ) -> None:
        self.path, self.sheet, self.r, self.table, self.across = path, sheet, r, table, across
        self.header: Header = table.header
        self.fields: dict[str, int] = table.header.fields
        self.row: list[Any] = sheet.rows[r] if not across else []
        self.cells: list[Any] = self.row
        if across:
            down = sheet.rows[: max(self.fields.values(), default=-1) + 1]
            self.cells = [row[r] if r < len(row) else None for row in down]

    def has(self, field: str) -> bool:
        return field in self.fields

    def get(self, field: str) -> Any:
        """The raw value under a field (None when there is no such column or cell)."""
        c = self.fields.get(field)
        cells = self.cells
        return cells[c] if c is not None and c < len(cells) else None

    def at(self, field: str | None) -> Place:
        """The cell of a field (the row alone when there is no such column)."""
        c = None if field is None else self.fields.get(field)
        return self.at_column(c)

    def at_column(self, c: int | None) -> Place:
        """The cell of grid column c on this row (of grid row c in this column, across)."""
        r0, c0 = self.sheet.origin
        if self.across:
            row = None if c is None else r0 + c + 1
            return Place(self.path, self.sheet.name, row, c0 + self.r + 1)
        col = None if c is None else c0 + c + 1
        return Place(self.path, self.sheet.name, r0 + self.r + 1, col)

    def column_name(self, field: str, default: str | None = None) -> str:
        """The column's header as shown (`Năm sinh › Nữ`)."""
        c = self.fields.get(field, -1)
        return self.header.labels.get(c, field if default is None else default)

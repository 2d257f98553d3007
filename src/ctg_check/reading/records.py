"""Stage 2, records: one table row as field -> raw value, with the cell each value came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ctg_check.model import Place
from ctg_check.reading.formats import RawSheet
from ctg_check.reading.headers import Header


@dataclass(frozen=True)
class Record:
    """Row r of a table under `header`: values by field, places by field."""

    path: str
    sheet: RawSheet
    r: int
    header: Header

    @property
    def row(self) -> list[Any]:
        return self.sheet.rows[self.r]

    def has(self, field: str) -> bool:
        return field in self.header.fields

    def get(self, field: str) -> Any:
        """The raw value under a field (None when there is no such column or cell)."""
        c = self.header.fields.get(field)
        row = self.row
        return row[c] if c is not None and c < len(row) else None

    def at(self, field: str | None) -> Place:
        """The cell of a field (the row alone when there is no such column)."""
        c = None if field is None else self.header.fields.get(field)
        return self.at_column(c)

    def at_column(self, c: int | None) -> Place:
        row = self.sheet.origin[0] + self.r + 1
        col = None if c is None else self.sheet.origin[1] + c + 1
        return Place(self.path, self.sheet.name, row, col)

    def column_name(self, field: str, default: str | None = None) -> str:
        """The column's header as shown (`Năm sinh › Nữ`)."""
        c = self.header.fields.get(field, -1)
        return self.header.labels.get(c, field if default is None else default)

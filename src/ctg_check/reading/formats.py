"""Turn a file into sheets of cell values, whatever its format.

The format is decided by the file's first bytes, not its extension.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctg_check.errors import FileReadError


@dataclass
class RawSheet:
    """A sheet as a grid of values (None, str, int, float, bool, date, datetime, time)."""

    name: str
    rows: list[list[Any]]
    origin: tuple[int, int] = (0, 0)  # 0-based (row, column) of rows[0][0] in the sheet
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # absolute, inclusive


@dataclass
class RawWorkbook:
    path: str
    format: str  # xlsx, xlsm, xlsb, xls, ods, csv, html, xml
    sheets: list[RawSheet]
    text_encoding: str | None = None  # for text formats: utf-8, utf-8-sig, cp1258


def load_workbook(path: Path) -> RawWorkbook:
    """Read every sheet of a file. Raise FileReadError when it is not a readable spreadsheet."""
    head = path.read_bytes()[:8]
    if head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return _load_calamine(path, "xlsx" if head.startswith(b"PK") else "xls")
    return _load_csv(path)


def _load_calamine(path: Path, fmt: str) -> RawWorkbook:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=True)
            start = sheet.start or (0, 0)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            sheets.append(RawSheet(name, [list(r) for r in rows], tuple(start), merged))
    except Exception as exc:
        raise FileReadError("file-unreadable", path=str(path), what=str(exc)) from None
    if path.suffix.lower() == ".ods":
        fmt = "ods"
    return RawWorkbook(str(path), fmt, sheets)


def _load_csv(path: Path) -> RawWorkbook:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    rows: list[list[Any]] = [
        [c if c != "" else None for c in row] for row in csv.reader(io.StringIO(text), dialect)
    ]
    return RawWorkbook(str(path), "csv", [RawSheet(path.stem, rows)], enc)

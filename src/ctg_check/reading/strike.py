"""Struck-through cells of an .xlsx/.xlsm sheet: a name struck out is someone who left the club.

Read straight from the zip like the fonts (reading/fonts.py): xl/styles.xml first, and the sheet's
XML only when some cell format strikes its text through, so most files cost one small read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

from defusedxml import ElementTree as SafeET

from ctg_check.reading.fonts import _CELL_REF, _attr, _children, _column_index, _local, _sheet_path


class StruckCells:
    """Lookup of struck-through cells by sheet, reading the file on first need; a file whose
    styles strike nothing through is never read further."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.formats: set[int] | None = None
        self.sheets: dict[int, set[tuple[int, int]]] = {}

    def any(self) -> bool:
        """Whether any cell format of the file strikes its text through."""
        if self.formats is None:
            self.formats = _read(self.path, _struck_formats, set[int]())
        return bool(self.formats)

    def __call__(self, sheet_index: int, row: int | None, column: int | None) -> bool:
        """Whether the 1-based cell (row, column) of a sheet is struck through."""
        if not self.any() or self.formats is None or row is None or column is None:
            return False
        if sheet_index not in self.sheets:
            formats = self.formats
            self.sheets[sheet_index] = _read(
                self.path, lambda zf: _sheet_cells(zf, sheet_index, formats), set()
            )
        return (row, column) in self.sheets[sheet_index]


def _read(path: Path, part: Callable[[zipfile.ZipFile], T], default: T) -> T:
    try:
        with zipfile.ZipFile(path) as zf:
            return part(zf)
    except Exception:  # a damaged file was read by calamine already: no fonts, no leavers
        return default


def _sheet_cells(zf: zipfile.ZipFile, index: int, formats: set[int]) -> set[tuple[int, int]]:
    with zf.open(_sheet_path(zf, index)) as fh:
        return _cells(fh, formats)


T = TypeVar("T")


def _struck_formats(zf: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats (cellXfs) whose font is struck through."""
    data = zf.read("xl/styles.xml")
    if b"strike" not in data:
        return set()  # most files: nothing to parse
    styles = SafeET.fromstring(data)
    fonts: list[bool] = []
    xfs: list[int] = []
    for section in styles:
        if _local(section.tag) == "fonts":
            for font in _children(section, "font"):
                strike = next(_children(font, "strike"), None)
                fonts.append(strike is not None and _attr(strike, "val") not in ("0", "false"))
        elif _local(section.tag) == "cellXfs":
            xfs.extend(int(_attr(xf, "fontId") or 0) for xf in _children(section, "xf"))
    return {i for i, font in enumerate(xfs) if font < len(fonts) and fonts[font]}


def _cells(fh: IO[bytes], struck: set[int]) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for _, elem in SafeET.iterparse(fh, events=("end",)):
        if _local(elem.tag) != "c":
            continue
        if int(_attr(elem, "s") or 0) in struck:
            match = _CELL_REF.match(_attr(elem, "r") or "")
            if match:
                out.add((int(match.group(2)), _column_index(match.group(1)) + 1))
        elem.clear()
    return out

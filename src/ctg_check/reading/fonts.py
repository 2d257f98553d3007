"""Font names of the cells of an .xlsx/.xlsm sheet, read straight from the zip.

A cell's font tells its legacy encoding (VNI-Times, .VnTime, .VnTimeH). Loading the workbook with
openpyxl is slow, so this reads only xl/styles.xml, the sheet's XML and the rich-text runs.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from defusedxml import ElementTree as SafeET

FontLookup = Callable[[int, int], str | None]

_CELL_REF = re.compile(r"([A-Z]+)(\d+)$")


def xlsx_fonts(path: Path, sheet_index: int, origin: tuple[int, int] = (0, 0)) -> FontLookup:
    """Lookup (row, col) -> font name of sheet number sheet_index (0-based, workbook order).

    row and col index the grid the reader returned; origin is the sheet position of its [0][0]
    (RawSheet.origin), added to reach the sheet's cells. The file is read on the first call; when it
    cannot be read the lookup returns None for every cell.
    """
    return _SheetFonts(path, sheet_index, origin)


class _SheetFonts:
    def __init__(self, path: Path, sheet_index: int, origin: tuple[int, int]) -> None:
        self.path = path
        self.sheet_index = sheet_index
        self.origin = origin
        self.cells: dict[tuple[int, int], str | None] | None = None

    def __call__(self, row: int, col: int) -> str | None:
        if self.cells is None:
            try:
                self.cells = _read_cell_fonts(self.path, self.sheet_index)
            except Exception:
                self.cells = {}
        return self.cells.get((row + self.origin[0], col + self.origin[1]))


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(elem: Any, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (transitional or strict OOXML)."""
    for key, value in elem.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


def _children(elem: Any, name: str) -> Iterator[Any]:
    return (child for child in elem if _local(child.tag) == name)


def _read_cell_fonts(path: Path, sheet_index: int) -> dict[tuple[int, int], str | None]:
    """Absolute 0-based (row, col) -> font name of every cell written in the sheet's XML."""
    with zipfile.ZipFile(path) as zf:
        sheet_path = _sheet_path(zf, sheet_index)
        xf_fonts = _xf_fonts(zf)
        runs = _rich_text_fonts(zf) if "xl/sharedStrings.xml" in zf.namelist() else {}
        with zf.open(sheet_path) as fh:
            return _cell_fonts(fh, xf_fonts, runs)


def _sheet_path(zf: zipfile.ZipFile, sheet_index: int) -> str:
    workbook = SafeET.fromstring(zf.read("xl/workbook.xml"))
    sheets = [e for e in workbook.iter() if _local(e.tag) == "sheet"]
    if not 0 <= sheet_index < len(sheets):
        raise IndexError(sheet_index)
    rel_id = _attr(sheets[sheet_index], "id")
    rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next(_attr(e, "Target") for e in rels if _attr(e, "Id") == rel_id)
    if target is None:
        raise KeyError(rel_id)
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)


def _xf_fonts(zf: zipfile.ZipFile) -> list[str | None]:
    """Font name of each cell format (cellXfs), by index: the `s` of a cell."""
    styles = SafeET.fromstring(zf.read("xl/styles.xml"))
    names: list[str | None] = []
    xfs: list[str | None] = []
    for section in styles:
        if _local(section.tag) == "fonts":
            for font in _children(section, "font"):
                names.append(next((_attr(n, "val") for n in _children(font, "name")), None))
        elif _local(section.tag) == "cellXfs":
            for xf in _children(section, "xf"):
                xfs.append(_attr(xf, "fontId"))
    return [names[int(i)] if i is not None and int(i) < len(names) else None for i in xfs]


def _run_font(container: Any) -> str | None:
    """Font (<rPr><rFont val=…/>) of the rich-text run with the most non-ASCII characters, those an
    encoding changes, else of the longest run; None when that run keeps the cell's font."""
    best: tuple[tuple[int, int], str | None] = ((-1, -1), None)
    for run in _children(container, "r"):
        font = next(
            (_attr(f, "val") for p in _children(run, "rPr") for f in _children(p, "rFont")), None
        )
        text = "".join(t.text or "" for t in _children(run, "t"))
        weight = (sum(not c.isascii() for c in text), len(text))
        if weight > best[0]:
            best = (weight, font)
    return best[1]


def _rich_text_fonts(zf: zipfile.ZipFile) -> dict[int, str]:
    """Shared-string index -> run font, for rich-text strings whose runs name a font."""
    fonts: dict[int, str] = {}
    index = 0
    with zf.open("xl/sharedStrings.xml") as fh:
        for _, elem in SafeET.iterparse(fh, events=("end",)):
            if _local(elem.tag) == "si":
                font = _run_font(elem)
                if font:
                    fonts[index] = font
                index += 1
                elem.clear()
    return fonts


def _cell_fonts(
    fh: IO[bytes], xf_fonts: list[str | None], runs: dict[int, str]
) -> dict[tuple[int, int], str | None]:
    cells: dict[tuple[int, int], str | None] = {}
    row, col = -1, -1
    for event, elem in SafeET.iterparse(fh, events=("start", "end")):
        tag = _local(elem.tag)
        if event == "start":
            if tag == "row":
                number = _attr(elem, "r")
                row, col = (int(number) - 1 if number else row + 1), -1
            continue
        if tag != "c":
            if tag == "row":
                elem.clear()
            continue
        match = _CELL_REF.match(_attr(elem, "r") or "")
        if match:
            row, col = int(match.group(2)) - 1, _column_index(match.group(1))
        else:
            col += 1
        style = int(_attr(elem, "s") or 0)
        font = xf_fonts[style] if style < len(xf_fonts) else None
        kind = _attr(elem, "t")
        if kind == "s":
            value = next((v.text for v in _children(elem, "v")), None)
            if value and value.strip().isdigit():
                font = runs.get(int(value), font)
        elif kind == "inlineStr":
            font = next((_run_font(i) for i in _children(elem, "is")), None) or font
        cells[row, col] = font
        elem.clear()
    return cells


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1

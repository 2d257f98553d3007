"""Workbook writers (template, merged, summary, annotated copy) and their shared save step.

`save_workbook` gives every writer the same guarantees: the workbook carries ctg-check's marker
(`ctg_check.marker`), the same workbook gives the same bytes (fixed document properties and zip
timestamps), an interrupted run leaves no half-written file, and nothing is written to the system
temporary folder (member names must not outlive a killed run there).
Every writer lays its sheets out with the sheet kit (`writers.kit`: styles, the table writer, the
A4 page setup, formula-safe cells) and takes the same arguments: `write_x(report_or_plan, out,
options: WriteOptions)`. openpyxl is never imported at module level, so importing this package
stays cheap.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from ctg_check import marker
from ctg_check.errors import OutputError
from ctg_check.outputs import atomic_write
from ctg_check.writers.book import CREATOR, FIXED_TIME, Book
from ctg_check.writers.kit import plain, put

__all__ = [
    "DEFAULTS",
    "WriteOptions",
    "atomic_write",
    "mark",
    "plain",
    "put",
    "save_workbook",
    "workbook_bytes",
]


@dataclass(frozen=True)
class WriteOptions:
    """What every writer may be asked besides the report (or plan) and the output path; each
    writer reads the fields it has a use for. All four share one signature:
    `write_x(report_or_plan, out, options) -> None` (the annotated copy returns whether the
    ward's own workbook was kept)."""

    lang: str = "vi"
    include_members: bool = False  # summary: the members' sheet (personal data, on request)
    source: Path | None = None  # annotated: the ward's workbook to copy and mark


DEFAULTS = WriteOptions()

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def mark(wb: Any, kind: str) -> None:
    """Mark a workbook as ctg-check's own output of this kind (summary, merged, annotated,
    template): the custom document property of `ctg_check.marker`, replacing any earlier one."""
    from openpyxl.packaging.custom import StringProperty

    props = wb.custom_doc_props
    while marker.PROPERTY in props.names:  # a filled template, a copy annotated before
        del props[marker.PROPERTY]
    props.append(StringProperty(name=marker.PROPERTY, value=marker.value(kind)))


def workbook_bytes(wb: Any) -> bytes:
    """An openpyxl workbook as .xlsx bytes that depend only on its content.

    Written entirely in memory: openpyxl's own save spills every sheet into a file in the system
    temporary folder (removed only at a clean exit, so a killed run would leave member names
    there); `_memory_writer` writes each sheet into memory instead."""
    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    raw = io.BytesIO()
    archive = _FixedTimeZip(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    _memory_writer()(wb, archive).save()
    return raw.getvalue()


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member stamped with one fixed time, so the bytes do not depend on the clock."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry the fixed time of `_member`."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = _member(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)


@lru_cache(maxsize=1)
def _memory_writer() -> Any:
    """openpyxl's ExcelWriter with its one disk-bound step, `write_worksheet`, done in memory
    (the same steps as openpyxl 3.1's, with the sheet's XML in a BytesIO instead of a named
    temporary file) and plain rows written as text (`sheet_xml`), streamed into the zip row by
    row. tests/test_outputs.py checks that a save leaves the temp folder empty and that the rows
    read back the same."""
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.writer.excel import ExcelWriter
    from openpyxl.xml.functions import Element

    from ctg_check.writers.sheet_xml import PLACEHOLDER, dimension, rows_xml

    class SheetWriter(WorksheetWriter):
        """Rows written as text (sheet_xml) when every cell is plain, by openpyxl otherwise."""

        fast_rows: Iterator[str] | None = None

        def write_dimensions(self) -> None:
            self.xf.send(SheetDimension(dimension(self.ws)).to_tree())

        def write_rows(self) -> None:
            self.fast_rows = rows_xml(self.ws)
            if self.fast_rows is None:
                super().write_rows()
                return
            xf: Any = self.xf.send(True)
            with xf.element("sheetData"):
                xf.write(Element(PLACEHOLDER))
            self.xf.send(None)

        def parts(self) -> Iterator[bytes]:
            data: bytes = super().read()
            if self.fast_rows is None:
                yield data
                return
            head, tail = data.split(f"<{PLACEHOLDER} />".encode(), 1)
            yield head
            for chunk in self.fast_rows:
                yield chunk.encode("utf-8")
            yield tail

    class MemoryWriter(ExcelWriter):
        def write_worksheet(self, ws: Any) -> None:
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer: Any = SheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            archive: Any = getattr(self, "_archive")  # noqa: B009  (not in the stubs)
            with archive.open(_member(ws.path[1:]), "w") as member:
                for part in writer.parts():
                    member.write(part)
            self.manifest.append(ws)

    return MemoryWriter


EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384  # what one sheet of an .xlsx file holds


def _extents(wb: Any) -> Iterator[tuple[str, int, int]]:
    """Each sheet's title, last row and last column (1-based), streamed rows included."""
    if isinstance(wb, Book):
        for sheet in wb.sheets:
            if sheet.cells:
                yield sheet.title, max(sheet.cells)[0], max(map(itemgetter(1), sheet.cells))
        return
    from openpyxl.utils import range_boundaries

    from ctg_check.writers.sheet_xml import dimension

    for ws in wb.worksheets:
        _, _, cols, rows = range_boundaries(dimension(ws))
        yield ws.title, rows or 0, cols or 0


def save_workbook(wb: Any, out: Path, kind: str | None) -> None:
    """Save a workbook (the kit's own `Book`, or an openpyxl one) marked as ctg-check's output of
    this `kind` (see `mark`; every writer passes one), reproducibly, atomically and without
    spilling into the system temporary folder."""
    for sheet, rows, cols in _extents(wb):
        if rows > EXCEL_ROWS or cols > EXCEL_COLS:  # never rows left out without a word
            raise OutputError("output-too-big", path=str(out), sheet=sheet)
    if isinstance(wb, Book):
        properties = {marker.PROPERTY: marker.value(kind)} if kind is not None else {}
        atomic_write(Path(out), wb.xlsx(properties))
        return
    if kind is not None:  # None: a synthetic ward file made by tools/, not an output
        mark(wb, kind)
    atomic_write(Path(out), workbook_bytes(wb))

"""Workbook writers (template, merged, summary, annotated copy) and their shared save step.

`save_workbook` gives every writer the same guarantees: the workbook carries ctg-check's marker
(`ctg_check.marker`), the same workbook gives the same bytes (fixed document properties and zip
timestamps), an interrupted run leaves no half-written file, and nothing is written to the system
temporary folder (member names must not outlive a killed run there).
openpyxl is never imported at module level, so importing this package stays cheap.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from ctg_check import marker
from ctg_check.outputs import atomic_write

__all__ = ["atomic_write", "mark", "put", "save_workbook", "workbook_bytes", "write_rows"]

CREATOR = "ctg-check"
FIXED_TIME = datetime(2020, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def mark(wb: Any, kind: str) -> None:
    """Mark a workbook as ctg-check's own output of this kind (summary, merged, annotated,
    template): the custom document property of `ctg_check.marker`, replacing any earlier one."""
    from openpyxl.packaging.custom import StringProperty

    props = wb.custom_doc_props
    if marker.PROPERTY in props.names:
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


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry one fixed time, so the bytes do not depend on the clock."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)


@lru_cache(maxsize=1)
def _memory_writer() -> Any:
    """openpyxl's ExcelWriter with its one disk-bound step, `write_worksheet`, done in memory
    (the same steps as openpyxl 3.1's, with the sheet's XML in a BytesIO instead of a named
    temporary file). tests/test_outputs.py checks that a save leaves the temp folder empty."""
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class MemoryWriter(ExcelWriter):
        def write_worksheet(self, ws: Any) -> None:
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer: Any = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            archive: Any = getattr(self, "_archive")  # noqa: B009  (not in the stubs)
            archive.writestr(ws.path[1:], writer.read())
            self.manifest.append(ws)

    return MemoryWriter


def save_workbook(wb: Any, out: Path, kind: str | None = None) -> None:
    """Save an openpyxl workbook marked as ctg-check's output of this `kind` (see `mark`; every
    writer passes one), reproducibly, atomically and without spilling into the system temporary
    folder."""
    if kind is not None:
        mark(wb, kind)
    atomic_write(Path(out), workbook_bytes(wb))


FORMULA_STARTS = ("=", "+", "-", "@")
_SIMPLE = (int, float, bool, date, datetime, time, timedelta)


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write one value. Text is always text: a club named '=HYPERLINK(…)' never becomes a
    formula, and characters XML cannot hold are dropped. Fractions become numbers."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, Fraction):
        value = float(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    elif value is not None and not isinstance(value, _SIMPLE):
        value = str(value)
    if isinstance(value, float) and not math.isfinite(value):
        value = str(value)
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited, too
    return cell


def write_rows(ws: Any, rows: Iterable[list[Any]], first: int) -> int:
    """Write rows of values from row `first` down, each with `put` (linear: the row is counted,
    never looked up with `ws.max_row`, which scans every cell). Returns the last row written."""
    row = first - 1
    for row, values in enumerate(rows, start=first):
        for column, value in enumerate(values, start=1):
            if value is not None:
                put(ws, row, column, value)
    return row

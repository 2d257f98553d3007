"""Workbook writers (template, merged, summary, annotated copy) and their shared save step.

`save_workbook` gives every writer the same two guarantees: the same workbook gives the same bytes
(fixed document properties and zip timestamps), and an interrupted run leaves no half-written file.
openpyxl is never imported at module level, so importing this package stays cheap.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
import zipfile
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

CREATOR = "ctg-check"
FIXED_TIME = datetime(2020, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CORE_PART = "docProps/core.xml"


def atomic_write(out: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside `out`, then rename it onto `out`."""
    out = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _file_mode(out))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(out: Path) -> int:
    """Keep the mode of the file being replaced; a new file gets the usual 0o666 minus umask."""
    try:
        return out.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def workbook_bytes(wb: Any) -> bytes:
    """An openpyxl workbook as .xlsx bytes that depend only on its content."""
    from openpyxl.xml.functions import tostring

    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)  # stamps properties.modified with the current time: put it back below
    props.modified = FIXED_TIME
    core = tostring(props.to_tree())
    # zipfile stamps each member with the current time too: rewrite them with a fixed one.
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = core if info.filename == CORE_PART else src.read(info.filename)
            dst.writestr(fixed, data)
    return out.getvalue()


def save_workbook(wb: Any, out: Path) -> None:
    """Save an openpyxl workbook reproducibly and atomically."""
    atomic_write(Path(out), workbook_bytes(wb))


FORMULA_STARTS = ("=", "+", "-", "@")
_SIMPLE = (int, float, bool, date, datetime, time, timedelta)


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write one value. Text is always text: a club named '=HYPERLINK(…)' never becomes a
    formula, and characters XML cannot hold are dropped. Fractions become numbers."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from ctg_check.normalize import safe_text

    if isinstance(value, Fraction):
        value = float(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", safe_text(value))
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


def append_row(ws: Any, values: list[Any]) -> None:
    """Append a row of values below the last one, each written with `put`."""
    row = ws.max_row + 1
    for column, value in enumerate(values, start=1):
        if value is not None:
            put(ws, row, column, value)


def check_output(out: Path, inputs: list[Path]) -> None:
    """Refuse to write over an input file, or into a folder that does not exist."""
    from ctg_check.errors import OutputError

    target = Path(out).resolve()
    for path in inputs:
        if path.resolve() == target:
            raise OutputError("output-is-input", path=str(out))
    if not target.parent.is_dir():
        raise OutputError("output-invalid", path=str(out), reason="folder does not exist")

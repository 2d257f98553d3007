"""The mark ctg-check leaves on what it writes, so its own outputs are never read as submissions.

An .xlsx output carries a custom document property `ctg-check-output` whose value is
"<kind> <version>" (kind: summary, merged, annotated, template). Excel and LibreOffice keep custom
properties when a file is saved again. A folder of CSV files written by `merge` carries a hidden
manifest `.ctg-check-output` listing the files it holds, one per line after a first line with the
kind and version. Reading the mark needs no spreadsheet library: a bounded look into the zip.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ctg_check import __version__

PROPERTY = "ctg-check-output"
MANIFEST = ".ctg-check-output"
KINDS = ("summary", "merged", "annotated", "template")
_CUSTOM_PART = "docProps/custom.xml"
_MAX_PART = 1 << 20
_VALUE = re.compile(
    rb'name="' + re.escape(PROPERTY.encode()) + rb'"[^>]*>\s*<vt:lpwstr>([^<]{0,200})</vt:lpwstr>'
)


def value(kind: str) -> str:
    """The property value for an output of this kind."""
    if kind not in KINDS:
        raise ValueError(f"unknown output kind {kind!r}")
    return f"{kind} {__version__}"


def read(path: Path) -> str | None:
    """The kind of ctg-check output this file is, or None (not marked, or not a zip workbook)."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(_CUSTOM_PART)
            if info.file_size > _MAX_PART:
                return None
            data = zf.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError, NotImplementedError):
        return None
    found = _VALUE.search(data)
    if found is None:
        return None
    kind = found.group(1).decode("utf-8", "replace").split(" ", 1)[0]
    return kind if kind in KINDS else None


def manifest_text(kind: str, names: list[str]) -> str:
    """The manifest written beside a folder of CSV outputs."""
    return "\n".join([value(kind), *names]) + "\n"


def manifest_names(folder: Path) -> set[str]:
    """File names a folder's manifest says ctg-check wrote there (empty when there is none)."""
    try:
        text = (folder / MANIFEST).read_text("utf-8", errors="replace")
    except OSError:
        return set()
    lines = text.splitlines()
    if not lines or lines[0].split(" ", 1)[0] not in KINDS:
        return set()
    return {line for line in lines[1:] if line and "/" not in line}

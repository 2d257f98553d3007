"""What a file may cost before it is read (the limits), and how a refused file is named:
`read_error` turns a kind of file (FILE_KINDS) into the FileReadError the CLI translates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctg_check.errors import FileReadError

# Limits. A ward roster is a few thousand rows by a few dozen columns in a file of a few MB; these
# are two to three orders of magnitude above that and well below what exhausts a 2 GB worker.
MAX_FILE_BYTES = 100_000_000  # the file on disk
MAX_MEMBER_BYTES = 200_000_000  # declared uncompressed size of one zip member
MAX_UNZIPPED_BYTES = 500_000_000  # declared uncompressed size of all members together
MAX_RATIO = 100  # uncompressed / compressed size of a member ...
RATIO_FLOOR_BYTES = 1_000_000  # ... larger than this (small members compress well legitimately)
MAX_ZIP_MEMBERS = 10_000
MAX_SHEET_CELLS = 5_000_000  # dense area of one sheet: A1 to its farthest non-empty cell
MAX_WORKBOOK_CELLS = 20_000_000  # the same, summed over the sheets
# What an .xls DIMENSIONS record may claim (calamine reserves it up front): a full BIFF8 sheet.
MAX_RESERVED_CELLS = 65_536 * 256

# What a file looks like, for FileReadError's `what`: a fixed vocabulary the CLI can translate.
# The key travels with the error as `kind`.
FILE_KINDS: dict[str, str] = {
    "empty": "an empty file",
    "unopenable": "a file that cannot be opened",
    "png": "an image (PNG)",
    "jpeg": "an image (JPEG)",
    "gif": "an image (GIF)",
    "bmp": "an image (BMP)",
    "tiff": "an image (TIFF)",
    "webp": "an image (WebP)",
    "pdf": "a PDF document",
    "rtf": "an RTF document",
    "word": "a Word document",
    "powerpoint": "a PowerPoint presentation",
    "opendocument": "an OpenDocument file that is not a spreadsheet",
    "office": "an Office file without a workbook",
    "zip": "a zip archive without a workbook",
    "archive": "a compressed archive (RAR, 7z, gzip)",
    "executable": "a program",
    "xml": "an XML file that is not a spreadsheet",
    "html": "a web page without a table",
    "text": "a text file",
    "binary": "an unknown binary file",
    "truncated": "a truncated workbook",
    "damaged": "a damaged workbook",
    "crashed": "a file that crashed the reader",
    "reader-error": "a file the reader failed on",
    "encrypted": "a password-protected workbook",
    "too-big": "a file larger than the size limit",
    "bomb": "a compressed file that expands too much",
    "too-many-cells": "a sheet with too many cells",
    "too-slow": "a file that took too long to read",
    "too-much-memory": "a file that needs too much memory",
    # --- annotate ---
    "unsupported": "a workbook whose structure cannot be kept as it is (open it in Excel, save it "
    "again and retry)",
}

_CODES = {"encrypted": "file-encrypted"} | dict.fromkeys(
    ("too-big", "bomb", "too-many-cells", "too-slow", "too-much-memory"), "file-too-large"
)


def read_error(path: object, kind: str, **extra: Any) -> FileReadError:
    """FileReadError for a file of this kind; the code follows from the kind."""
    code = _CODES.get(kind, "file-unreadable")
    return FileReadError(code, path=str(path), what=FILE_KINDS[kind], kind=kind, **extra)


def within_limits(areas: list[int]) -> bool:
    """Whether every sheet's dense area, and the workbook's, is within the limits."""
    return all(area <= MAX_SHEET_CELLS for area in areas) and sum(areas) <= MAX_WORKBOOK_CELLS


def check_areas(path: Path, areas: list[int]) -> None:
    """Raise `too-many-cells` when a sheet's dense area, or the workbook's, is over the limit."""
    if not within_limits(areas):
        raise read_error(path, "too-many-cells")

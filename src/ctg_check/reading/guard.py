"""Keep hostile files from taking the process down.

Two layers. `preflight` looks at a file's container before any reader touches it: sizes,
compression ratios, and how far the sheets' cells reach (python-calamine allocates the dense
rectangle between a sheet's extreme cells, and a failed allocation in Rust aborts the whole
process: no `except` can catch it). `run_isolated` runs the readers in worker processes with a
memory cap and a time limit, so what the checks cannot foresee costs one file, not the batch.
"""

from __future__ import annotations

import contextlib
import faulthandler
import html
import os
import pickle
import posixpath
import re
import signal
import stat
import struct
import tempfile
import time
import traceback
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

from ctg_check.errors import CtgError, FileReadError

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

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_error(path: object, kind: str, **extra: Any) -> FileReadError:
    """FileReadError for a file of this kind; the code follows from the kind."""
    code = _CODES.get(kind, "file-unreadable")
    return FileReadError(code, path=str(path), what=FILE_KINDS[kind], kind=kind, **extra)


def preflight(path: Path) -> None:
    """Raise FileReadError for a file too big, a bomb, an encrypted or a non-workbook container.

    Cheap: reads zip directories and scans sheet XML with regexes (~7 ms per MB of sheet XML).
    `formats.load_workbook` runs the same checks itself; call this to reject a file early.
    """
    path = Path(path)
    head = check_size(path)
    if head.startswith(ZIP_MAGIC):
        with open_zip(path) as zf:
            inspect_zip(zf, path)
    elif head.startswith(OLE_MAGIC):
        inspect_ole(path.read_bytes(), path)


def check_size(path: Path) -> bytes:
    """The first bytes of the file, after checking it can be opened and is not too large."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a directory, a device, a pipe: nothing to read
            raise read_error(path, "unopenable")
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        raise read_error(path, "unopenable") from None
    if info.st_size > MAX_FILE_BYTES:
        raise read_error(path, "too-big")
    return head


@contextlib.contextmanager
def open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:  # no end record, or a central directory cut short
        cut = "not a zip file" in str(exc) or "Truncated" in str(exc)
        raise read_error(path, "truncated" if cut else "damaged") from None
    except (OSError, ValueError, EOFError, NotImplementedError, struct.error):
        raise read_error(path, "damaged") from None
    with zf:
        yield zf


# --------------------------------------------------------------------------------------- zip


@dataclass
class ZipScan:
    """What a zip container holds: its workbook format and, for .ods, merged ranges by table."""

    format: str  # xlsx, xlsm, xlsb, ods
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)


def inspect_zip(zf: zipfile.ZipFile, path: Path) -> ZipScan:
    """Classify a zip container and check it against the limits; raise FileReadError if it fails."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise read_error(path, "bomb")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_UNZIPPED_BYTES:
            raise read_error(path, "bomb")
        if info.file_size > max(RATIO_FLOOR_BYTES, MAX_RATIO * info.compress_size):
            raise read_error(path, "bomb")
    # Some writers store "xl\\workbook.xml"; calamine reads those, so look them up the same way.
    members = {info.filename.replace("\\", "/"): info.filename for info in infos}
    try:
        main = _workbook_part(zf, members)
        if main:
            binary = main.endswith(".bin")
            extent = _xlsb_extent if binary else _xlsx_extent
            _check_areas(path, [extent(zf, members[name]) for name in _sheets(zf, members, main)])
            if binary:
                return ZipScan("xlsb")
            types = (
                _head(zf, members["[Content_Types].xml"])
                if "[Content_Types].xml" in members
                else b""
            )
            macro = "xl/vbaProject.bin" in members or b"macroEnabled" in types
            return ZipScan("xlsm" if macro else "xlsx")
        mimetype = _head(zf, members["mimetype"]).strip() if "mimetype" in members else b""
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet") or (
            not mimetype and "content.xml" in members
        ):
            manifest = members.get("META-INF/manifest.xml")
            if manifest and b"encryption-data" in zf.read(manifest):
                raise read_error(path, "encrypted")
            areas, merged = (
                _ods_scan(zf, members["content.xml"]) if "content.xml" in members else ([], {})
            )
            _check_areas(path, areas)
            return ZipScan("ods", merged)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, RuntimeError, zlib.error):
        raise read_error(path, "damaged") from None  # bad data, a member missing or encrypted...
    except NotImplementedError:  # a compression method zipfile does not know
        raise read_error(path, "damaged") from None
    if "word/document.xml" in members:
        raise read_error(path, "word")
    if "ppt/presentation.xml" in members:
        raise read_error(path, "powerpoint")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise read_error(path, "opendocument")
    raise read_error(path, "zip")


def _head(zf: zipfile.ZipFile, name: str, size: int = 4096) -> bytes:
    with zf.open(name) as fh:
        return fh.read(size)


def _check_areas(path: Path, areas: list[int]) -> None:
    if any(area > MAX_SHEET_CELLS for area in areas) or sum(areas) > MAX_WORKBOOK_CELLS:
        raise read_error(path, "too-many-cells")


_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _relationships(
    zf: zipfile.ZipFile, members: dict[str, str], part: str
) -> Iterator[tuple[bytes, str]]:
    """(type, member name) of the relationships of a package part ("" for the package itself)."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels not in members:
        return
    for match in _RELATIONSHIP.finditer(zf.read(members[rels])):
        attrs = {m[1].lower(): m[2] or m[3] for m in _ATTRIBUTE.finditer(match[1])}
        target = (attrs.get(b"target") or b"").decode("utf-8", "replace").replace("\\", "/")
        if target and b"TargetMode" not in match[1]:
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            yield attrs.get(b"type") or b"", posixpath.normpath(name)


def _workbook_part(zf: zipfile.ZipFile, members: dict[str, str]) -> str | None:
    """The workbook part of an OOXML package: the package's officeDocument, else xl/workbook.*."""
    for kind, name in _relationships(zf, members, ""):
        if kind.endswith(b"/officeDocument") and name in members:
            base = posixpath.basename(name)
            return None if base in ("document.xml", "presentation.xml") else name
    return next((n for n in ("xl/workbook.xml", "xl/workbook.bin") if n in members), None)


def _sheets(zf: zipfile.ZipFile, members: dict[str, str], workbook: str) -> list[str]:
    """Worksheet parts: the workbook's sheet relationships and whatever is in its worksheets/."""
    folder = posixpath.join(posixpath.dirname(workbook), "worksheets") + "/"
    found = {name for name in members if name.startswith(folder)}
    found |= {
        name for kind, name in _relationships(zf, members, workbook) if kind.endswith(b"sheet")
    }
    return sorted(name for name in found if name in members and not name.endswith(".rels"))


def _chunks(zf: zipfile.ZipFile, name: str, size: int = 1 << 20) -> Iterator[bytes]:
    """A member's bytes in pieces that never split an XML tag (each ends before a '<')."""
    carry = b""
    with zf.open(name) as fh:
        while block := fh.read(size):
            data = carry + block
            cut = data.rfind(b"<")
            if cut <= 0:
                carry = data
                continue
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry


# The row of a cell written the usual way (`<c r="B7"`); empty for any other start of a cell tag.
_FAST_CELL_ROW = re.compile(rb'<c(?: r="[A-Z]{1,3}([0-9]{1,7})"|[\s>/])')
_WIDE_COLUMN = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')  # a column after Z
_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]{1,3})([0-9]{1,7})["']""")
_ROW_REF = re.compile(rb"""\br\s*=\s*["']([0-9]{1,7})["']""")


def _xlsx_extent(zf: zipfile.ZipFile, name: str) -> int:
    """Dense cell area calamine will allocate for a worksheet XML: (last row + 1) x (last col + 1).

    calamine sizes the sheet by its cells, not by <dimension>, so the cells are measured. Fast
    path (~7 ms per MB): when every cell tag is a plain `<c r="...">`, regexes find the last row
    and the last column after Z, else take Z (empty styled cells count too: an overestimate).
    Otherwise (another attribute order, no references, a namespace prefix), or when the estimate
    is over the limit, a tokenizer follows rows and cells the way calamine does and counts only
    cells with content.
    """
    rows = cols = 0
    for chunk in _chunks(zf, name):
        found = set(_FAST_CELL_ROW.findall(chunk))
        if not found:
            continue
        if b"" in found or b":c" in chunk:
            return _xlsx_extent_exact(zf, name)
        rows = max(rows, *map(int, found))
        wide = set(_WIDE_COLUMN.findall(chunk))
        cols = max(cols, _column_number(max(wide, key=lambda s: (len(s), s))) if wide else 26)
    area = rows * cols
    return area if area <= MAX_SHEET_CELLS else _xlsx_extent_exact(zf, name)


def _xlsx_extent_exact(zf: zipfile.ZipFile, name: str) -> int:
    row = col = -1
    last_row = last_col = -1
    for chunk in _chunks(zf, name):
        for tag, attrs in _TAG.findall(chunk):
            if tag == b"row":
                match = _ROW_REF.search(attrs)
                row = int(match[1]) - 1 if match else row + 1
                col = -1
                continue
            match = _CELL_REF.search(attrs)
            if match:
                cell_row, col = int(match[2]) - 1, _column_number(match[1]) - 1
            else:
                cell_row, col = max(row, 0), col + 1
            if not attrs.endswith(b"/"):
                last_row, last_col = max(last_row, cell_row), max(last_col, col)
    return (last_row + 1) * (last_col + 1)


def _column_number(letters: bytes) -> int:
    """1-based column number of column letters (A -> 1)."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


# openpyxl, which writes the annotated copy, makes one cell object for every cell of a merged range
# and of a hyperlink given for a range (conditional formats, validations and <dimension> are kept
# as ranges): one `<mergeCell ref="P200:XFD1048576"/>` in a 15 KB file asks for 17 billion. It
# styles each of them, at 30-90 µs a cell: the limit keeps that to seconds. A roster's merges
# (titles, a notes box, names over two columns) are thousands of cells.
MAX_EXPANDED_CELLS = 100_000  # merged and hyperlink-range cells in one workbook
_EXPANDED = re.compile(rb"<(?:[\w.-]+:)?(mergeCell|hyperlink)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""\bref\s*=\s*["']([^"']*)["']""")
_RANGE = re.compile(rb"\$?([A-Za-z]{0,3})\$?([0-9]{0,7})(?::\$?([A-Za-z]{0,3})\$?([0-9]{0,7}))?")
_LAST_ROW, _LAST_COL = 1_048_576, 16_384


def preflight_openpyxl(path: Path) -> None:
    """`preflight`, then the cells openpyxl would create for the merged and hyperlink ranges of an
    .xlsx/.xlsm, held to MAX_EXPANDED_CELLS."""
    path = Path(path)
    preflight(path)
    with open_zip(path) as zf:
        members = {info.filename.replace("\\", "/"): info.filename for info in zf.infolist()}
        try:
            main = _workbook_part(zf, members)
            if main is None or main.endswith(".bin"):
                return
            sheets = _sheets(zf, members, main)
            cells = sum(_expanded_cells(zf, members[name]) for name in sheets)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, zlib.error):
            raise read_error(path, "damaged") from None
    if cells > MAX_EXPANDED_CELLS:
        raise read_error(path, "too-many-cells")


def _expanded_cells(zf: zipfile.ZipFile, name: str) -> int:
    """Cells openpyxl creates for a sheet's merged ranges (all) and hyperlinks (ranges only)."""
    total = 0
    for chunk in _chunks(zf, name):
        for tag, attrs in _EXPANDED.findall(chunk):
            ref = _REF.search(attrs)
            if ref is not None and (tag == b"mergeCell" or b":" in ref[1]):
                total += _range_area(ref[1].strip())
    return total


def _range_area(ref: bytes) -> int:
    """Cells in an A1-style range; a missing row or column spans the whole sheet (overestimates
    are fine: openpyxl refuses what it cannot parse, after allocating nothing)."""
    match = _RANGE.fullmatch(ref)
    if match is None:
        return 0
    c1, r1, c2, r2 = match.groups(default=b"")
    if b":" not in ref:
        c2, r2 = c1, r1
    rows = abs(int(r2 or _LAST_ROW) - int(r1 or 1)) + 1
    cols = abs((_column_number(c2) if c2 else _LAST_COL) - (_column_number(c1) if c1 else 1)) + 1
    return rows * cols


# xlsb records that hold a cell value (calamine's cells reader): BrtCellRk .. BrtFmlaBool.
_XLSB_VALUE_RECORDS = frozenset(range(0x02, 0x0B))


def _xlsb_extent(zf: zipfile.ZipFile, name: str) -> int:
    """Dense cell area of a binary worksheet: BrtRowHdr sets the row, value records the column."""
    data = zf.read(name)
    pos, end = 0, len(data)
    row = last_row = last_col = -1
    unpack = struct.Struct("<I").unpack_from
    while pos < end:
        typ = data[pos]
        pos += 1
        if typ & 0x80:
            if pos >= end:
                break
            typ = (typ & 0x7F) | ((data[pos] & 0x7F) << 7)
            pos += 1
        size = shift = 0
        for _ in range(4):
            if pos >= end:
                break
            byte = data[pos]
            pos += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if pos + size > end:
            break
        if typ == 0x0000 and size >= 4:  # BrtRowHdr
            row = unpack(data, pos)[0]
            if row > 0x100000:  # calamine stops reading the sheet here
                break
        elif typ in _XLSB_VALUE_RECORDS and size >= 4:
            last_row, last_col = max(last_row, row), max(last_col, unpack(data, pos)[0])
        elif typ == 0x0092:  # BrtEndSheetData
            break
        pos += size
    return (last_row + 1) * (last_col + 1)


_ODS_TAG = re.compile(
    rb"<(/?)(?:[\w.-]+:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*)>"
)
_ODS_ATTRS = {
    key: re.compile(rb"""(?<![\w.:-])(?:[\w.-]+:)?""" + key + rb"""\s*=\s*["']([^"']*)["']""")
    for key in (
        rb"number-rows-repeated",
        rb"number-columns-repeated",
        rb"number-rows-spanned",
        rb"number-columns-spanned",
        rb"name",
        rb"value-type",
    )
}


def _ods_number(attrs: bytes, key: bytes) -> int:
    match = _ODS_ATTRS[key].search(attrs)
    if not match:
        return 1
    try:
        return max(int(match[1]), 1)
    except ValueError:
        return 1


def _ods_scan(
    zf: zipfile.ZipFile, content: str
) -> tuple[list[int], dict[str, list[tuple[int, int, int, int]]]]:
    """Dense area of each table of content.xml (repeats expanded) and its merged ranges.

    A row or cell repeated N times counts N times only when it has content: the trailing
    `number-rows-repeated="1048000"` of empty rows that every .ods carries costs nothing.
    """
    areas: list[int] = []
    merged: dict[str, list[tuple[int, int, int, int]]] = {}
    depth = 0
    name = ""
    row = col = row_repeat = 0
    row_used = False
    last_row = last_col = -1
    for chunk in _chunks(zf, content):
        for close, tag, attrs in _ODS_TAG.findall(chunk):
            if tag[-4:] == b"cell":  # the frequent case first
                if close or depth != 1:
                    continue
                repeat = 1
                if b"repeated" in attrs:
                    repeat = _ods_number(attrs, b"number-columns-repeated")
                if attrs[-1:] != b"/" or b"value-type" in attrs:
                    row_used = True
                    if col + repeat - 1 > last_col:
                        last_col = col + repeat - 1
                if b"spanned" in attrs and tag == b"table-cell":
                    down = _ods_number(attrs, b"number-rows-spanned")
                    across = _ods_number(attrs, b"number-columns-spanned")
                    if down > 1 or across > 1:
                        merged[name].append((row, col, row + down - 1, col + across - 1))
                col += repeat
            elif tag == b"table-row":
                if depth != 1:
                    continue
                if close:
                    if row_used:
                        last_row = max(last_row, row + row_repeat - 1)
                    row += row_repeat
                else:
                    row_repeat = _ods_number(attrs, b"number-rows-repeated")
                    col, row_used = 0, False
                    if attrs[-1:] == b"/":
                        row += row_repeat
            elif close:
                depth -= 1
                if depth == 0:
                    areas.append((last_row + 1) * (last_col + 1))
            elif attrs[-1:] != b"/":
                depth += 1
                if depth == 1:
                    match = _ODS_ATTRS[b"name"].search(attrs)
                    name = html.unescape(match[1].decode("utf-8", "replace")) if match else ""
                    merged.setdefault(name, [])
                    row, last_row, last_col = 0, -1, -1
    return areas, merged


# --------------------------------------------------------------------------------------- OLE2


class _Damaged(Exception):
    """The compound file's structure is broken; truncated when it points past the end."""

    def __init__(self, truncated: bool = False) -> None:
        super().__init__()
        self.truncated = truncated


_END_OF_CHAIN = 0xFFFFFFFE


class CompoundFile:
    """A minimal, bounded reader of OLE2 compound files ([MS-CFB]): directory names and streams."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        if len(data) < 512:
            raise _Damaged(truncated=True)
        (self.major,) = struct.unpack_from("<H", data, 26)
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise _Damaged()
        self.size = 1 << shift
        self.mini_size = 1 << mini_shift
        nfat, self.dir_start = struct.unpack_from("<II", data, 44)
        self.mini_cutoff, self.minifat_start, _, difat_start, ndifat = struct.unpack_from(
            "<IIIII", data, 56
        )
        sectors = list(struct.unpack_from("<109I", data, 76))
        per_sector = self.size // 4
        next_difat, seen = difat_start, 0
        while next_difat < 0xFFFFFFFA and seen <= min(ndifat, len(data) // self.size):
            entries = struct.unpack(f"<{per_sector}I", self._sector(next_difat))
            sectors.extend(entries[:-1])
            next_difat, seen = entries[-1], seen + 1
        fat_sectors = [s for s in sectors if s < 0xFFFFFFFA][:nfat]
        self.fat: list[int] = []
        for sector in fat_sectors:
            self.fat.extend(struct.unpack(f"<{per_sector}I", self._sector(sector)))
        directory = self._chain_bytes(self.dir_start)
        self.entries: list[tuple[str, int, int, int]] = []  # name, type, start, size
        for offset in range(0, len(directory) - 127, 128):
            entry = directory[offset : offset + 128]
            (name_len,) = struct.unpack_from("<H", entry, 64)
            kind = entry[66]
            start, size = struct.unpack_from("<IQ", entry, 116)
            if self.major == 3:
                size &= 0xFFFFFFFF
            name = entry[: max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
            self.entries.append((name, kind, start, size))
        self._mini: bytes | None = None
        self._minifat: list[int] = []

    def _sector(self, index: int) -> bytes:
        """A sector; the file's last one may be short (calamine accepts that too)."""
        offset = (index + 1) * self.size
        if offset >= len(self.data):
            raise _Damaged(truncated=index < 0x10000000)
        return self.data[offset : offset + self.size]

    def _chain(self, start: int, table: list[int]) -> Iterator[int]:
        """Sector numbers of a chain, each at most once: a loop cannot inflate a stream."""
        sector, seen = start, set()
        while sector != _END_OF_CHAIN:
            if sector >= len(table) or sector in seen:
                raise _Damaged(truncated=len(table) <= sector < 0xFFFFFFFA)
            seen.add(sector)
            yield sector
            sector = table[sector]

    def _chain_bytes(self, start: int, size: int | None = None) -> bytes:
        """A chain's bytes; with a size, only the sectors needed (calamine ignores a bad tail)."""
        parts, got = [], 0
        for sector in self._chain(start, self.fat):
            if size is not None and got >= size:
                break
            parts.append(self._sector(sector))
            got += len(parts[-1])
        if size is not None and got < size:
            raise _Damaged(truncated=True)
        return b"".join(parts)[:size]

    def names(self) -> set[str]:
        return {name.lower() for name, kind, _, _ in self.entries if kind in (1, 2)}

    def stream(self, wanted: str) -> bytes | None:
        """The named stream (case-insensitive), or None."""
        for name, kind, start, size in self.entries:
            if kind == 2 and name.lower() == wanted.lower():
                if size < self.mini_cutoff:
                    return self._mini_stream(start, size)
                return self._chain_bytes(start, size)
        return None

    def _mini_stream(self, start: int, size: int) -> bytes:
        if self._mini is None:
            root = next((e for e in self.entries if e[1] == 5), None)
            self._mini = self._chain_bytes(root[2], root[3]) if root else b""
            minifat = (
                self._chain_bytes(self.minifat_start) if self.minifat_start < 0xFFFFFFFA else b""
            )
            self._minifat = list(struct.unpack(f"<{len(minifat) // 4}I", minifat))
        parts = []
        for sector in self._chain(start, self._minifat):
            offset = sector * self.mini_size
            if offset + self.mini_size > len(self._mini):
                raise _Damaged()
            parts.append(self._mini[offset : offset + self.mini_size])
        return b"".join(parts)[:size]


def inspect_ole(data: bytes, path: Path) -> str:
    """Check an OLE2 compound file: "xls" for a BIFF workbook, FileReadError for anything else."""
    try:
        cfb = CompoundFile(data)
        names = cfb.names()
        if "encryptedpackage" in names or "encryptioninfo" in names:
            raise read_error(path, "encrypted")
        stream = cfb.stream("Workbook") or cfb.stream("Book")
        if stream is None:
            if "worddocument" in names:
                raise read_error(path, "word")
            if "powerpoint document" in names:
                raise read_error(path, "powerpoint")
            raise read_error(path, "office")
        _check_areas(path, _biff_extents(stream, path))
    except _Damaged as exc:
        raise read_error(path, "truncated" if exc.truncated else "damaged") from None
    except struct.error:
        raise read_error(path, "damaged") from None
    return "xls"


# BIFF records that put a value (or a formula) in a cell, with row and column as the first two u16.
_BIFF_CELLS = frozenset((0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD))
_BIFF_MULRK, _BIFF_DIMENSIONS, _BIFF_EOF = 0x00BD, 0x0200, 0x000A
_BIFF_BOUNDSHEET, _BIFF_FILEPASS = 0x0085, 0x002F
_BIFF_HEADER = struct.Struct("<HH")
_U32 = 0xFFFFFFFF


def _biff_extents(stream: bytes, path: Path) -> list[int]:
    """Dense cell area of each sheet of a BIFF5/8 workbook stream, as calamine lays it out.

    calamine finds sheets through BOUNDSHEET offsets, reserves what DIMENSIONS claims and sizes each
    sheet from its first to its last value cell. An encrypted stream (FILEPASS) is reported as such.
    """
    unpack = _BIFF_HEADER.unpack_from
    end = len(stream)
    offsets: list[int] = []
    pos = 0
    while pos + 4 <= end:
        typ, size = unpack(stream, pos)
        if typ == _BIFF_FILEPASS:
            raise read_error(path, "encrypted")
        if typ == _BIFF_BOUNDSHEET and size >= 4:
            offsets.append(struct.unpack_from("<I", stream, pos + 4)[0])
        pos += 4 + size
        if typ == _BIFF_EOF:
            break
    areas = []
    for start in offsets:
        if start > end:
            raise read_error(path, "damaged")
        area = _biff_sheet_area(stream, start, end)
        if area < 0:
            raise read_error(path, "too-many-cells")
        areas.append(area)
    return areas


def _biff_sheet_area(stream: bytes, pos: int, end: int) -> int:
    """Area of one sheet substream; -1 when its DIMENSIONS would reserve too much. A hot loop."""
    unpack = _BIFF_HEADER.unpack_from
    cells = _BIFF_CELLS
    first_row = first_col = 1 << 32
    last_row = last_col = -1
    while pos + 8 <= end:
        typ, size = unpack(stream, pos)
        if typ in cells:
            row, col = unpack(stream, pos + 4)
        elif typ == _BIFF_MULRK:
            row, col = unpack(stream, pos + 4)
            if col < first_col:
                first_col = col
            if pos + 4 + size <= end:
                col = max(col, struct.unpack_from("<H", stream, pos + 2 + size)[0])
        elif typ == _BIFF_DIMENSIONS and size in (10, 14) and pos + 4 + size <= end:
            fmt = "<IIHH" if size == 14 else "<HHHH"
            if _reserved_cells(*struct.unpack_from(fmt, stream, pos + 4)) > MAX_RESERVED_CELLS:
                return -1
            pos += 4 + size
            continue
        elif typ == _BIFF_EOF:
            break
        else:
            pos += 4 + size
            continue
        pos += 4 + size
        if row > last_row:
            last_row = row
        if row < first_row:
            first_row = row
        if col > last_col:
            last_col = col
        if col < first_col:
            first_col = col
    return (last_row - first_row + 1) * (last_col - first_col + 1) if last_row >= 0 else 0


def _reserved_cells(r0: int, r1: int, c0: int, c1: int) -> int:
    """Cells calamine 0.37 reserves for DIMENSIONS (first row, last row + 1, same for columns).

    Measured on crafted files: rows are counted in wrapping u32 arithmetic, so a last row before the
    first reserves ~4 billion rows and aborts; columns that end before they start count from A.
    """
    last_row, last_col = (r1 - 1, c1 - 1) if r1 >= 1 and c1 >= 1 else (r0, c0)
    rows = (last_row - r0 + 1) & _U32
    cols = last_col - c0 + 1 if last_col >= c0 else last_col + 1
    return rows * cols


# ------------------------------------------------------------------------------ worker processes

T = TypeVar("T")
R = TypeVar("R")


def run_isolated(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int = 0,
    timeout: float = 30.0,
    memory_limit: int = 1_500_000_000,
    *,
    isolate: bool = True,
) -> Iterator[tuple[T, R | Exception]]:
    """Yield (item, fn(item)) for every item in input order; a raised exception is the value.

    Each call runs in a long-lived worker process (fork on Linux) that may grow by `memory_limit`
    bytes of address space (RLIMIT_AS, on top of what it inherited) and gets `timeout` seconds per
    item. A worker that dies or overruns yields a FileReadError for its item (`file-too-large` for
    memory or time, `file-unreadable` "a file that crashed the reader" otherwise) and is replaced.
    `jobs=0` uses every CPU this process may run on (its affinity mask, else os.cpu_count());
    workers start lazily, never more than there are items.
    Items and results travel by pickle; `fn` must be a module-level function. `isolate=False`
    runs everything in this process, for tests and debugging (no memory or time limit).
    Worker stderr goes to a temporary file, not the terminal: Rust panics and aborts print
    backtraces there. What an item made a worker print before dying is the error's `detail`.
    """
    if not isolate:
        return _run_inline(fn, items)
    return _Pool(fn, jobs, timeout, memory_limit).run(items)


def _run_inline(fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | Exception]]:
    for item in items:
        try:
            yield item, fn(item)
        except MemoryError:
            yield item, read_error(item, "too-much-memory")
        except Exception as exc:
            yield item, exc


def _limit_memory(extra: int) -> None:
    try:
        import resource

        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, ImportError):
        return
    limit = current + extra
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _portable(item: Any, value: Any) -> Any:
    """The value if it survives a pickle round trip, else a FileReadError describing it."""
    try:
        pickle.loads(pickle.dumps(value))
        return value
    except Exception:
        return read_error(item, "reader-error", detail=repr(value)[:500])


def _worker_main(
    conn: Connection, fn: Callable[[Any], Any], memory_limit: int, err_fd: int
) -> None:
    """Serve (index, item) until None or EOF; reply (index, result or exception, retire)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (ctg_check.signals)
    with contextlib.suppress(OSError):
        os.dup2(err_fd, 2)
        if faulthandler.is_enabled():  # it writes to its own copy of the old stderr otherwise
            faulthandler.enable(2)
    _limit_memory(memory_limit)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        retire = False
        value: Any
        try:
            value = fn(item)
        except MemoryError:
            value, retire = read_error(item, "too-much-memory"), True  # start afresh
        except BaseException as exc:  # a Rust panic (pyo3 PanicException) is a BaseException
            if not isinstance(exc, FileReadError):
                exc.add_note("in worker:\n" + "".join(traceback.format_exception(exc)))
            value = _portable(item, exc)
        try:
            conn.send((index, value, retire))
        except Exception:
            conn.send((index, _portable(item, value), retire))
        if retire:
            return


@dataclass
class _Worker:
    process: Any
    conn: Connection
    err: IO[bytes]
    task: tuple[int, Any] | None = None
    deadline: float = 0.0
    mark: int = 0  # size of the stderr file when the task was handed out


class _Pool(Generic[T, R]):
    def __init__(self, fn: Callable[[T], R], jobs: int, timeout: float, memory_limit: int) -> None:
        if jobs <= 0:
            try:
                jobs = len(os.sched_getaffinity(0))
            except AttributeError:
                jobs = os.cpu_count() or 1
        self.fn, self.jobs, self.timeout, self.memory_limit = fn, jobs, timeout, memory_limit
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.context: Any = multiprocessing.get_context(method)
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        err = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _retire
        process = self.context.Process(
            target=_worker_main, args=(child, self.fn, self.memory_limit, err.fileno()), daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent, err)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, *, kill: bool = False) -> None:
        self.workers.remove(worker)
        with contextlib.suppress(OSError):
            if not kill and worker.process.is_alive():
                worker.conn.send(None)
        worker.conn.close()
        worker.process.join(0 if kill else 2)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.err.close()

    def _death(self, worker: _Worker, item: Any) -> FileReadError:
        """The error for the item a worker was running when it died."""
        worker.err.seek(worker.mark)
        said = worker.err.read(65536).decode("utf-8", "replace")  # what this item made it print
        self._retire(worker, kill=True)
        status = worker.process.exitcode
        # Rust prints "memory allocation of N bytes failed" before aborting; the kernel's OOM
        # killer sends SIGKILL.
        if "memory allocation of" in said or "MemoryError" in said or status == -signal.SIGKILL:
            return read_error(item, "too-much-memory", detail=said[:1000])
        return read_error(item, "crashed", detail=f"exit status {status}\n{said[:1000]}")

    def run(self, items: Iterable[T]) -> Iterator[tuple[T, R | Exception]]:
        from multiprocessing.connection import wait

        source = enumerate(items)
        done: dict[int, tuple[T, R | Exception]] = {}
        following = 0
        exhausted = False
        try:
            while True:
                # Hand out work: idle workers first, then new workers up to `jobs`.
                while not exhausted:
                    idle = next((w for w in self.workers if w.task is None), None)
                    if idle is None and len(self.workers) >= self.jobs:
                        break
                    task = next(source, None)
                    if task is None:
                        exhausted = True
                        break
                    idle = idle or self._start()
                    idle.task, idle.deadline = task, time.monotonic() + self.timeout
                    idle.mark = os.fstat(idle.err.fileno()).st_size
                    try:
                        idle.conn.send(task)
                    except (OSError, ValueError):
                        done[task[0]] = (task[1], self._death(idle, task[1]))
                busy = [w for w in self.workers if w.task is not None]
                if not busy and exhausted:
                    break
                if busy:
                    now = time.monotonic()
                    remaining = max(0.0, min(w.deadline for w in busy) - now)
                    ready = set(
                        wait([w.conn for w in busy] + [w.process.sentinel for w in busy], remaining)
                    )
                    for worker in busy:
                        self._collect(worker, ready, done)
                while following in done:
                    yield done.pop(following)
                    following += 1
        finally:
            for worker in list(self.workers):
                self._retire(worker, kill=worker.task is not None)

    def _collect(self, worker: _Worker, ready: set[Any], done: dict[int, Any]) -> None:
        assert worker.task is not None
        index, item = worker.task
        if worker.conn in ready or worker.process.sentinel in ready:
            try:
                if worker.conn.poll():
                    _, value, retire = worker.conn.recv()
                    if isinstance(value, CtgError):  # unpickling garbles its message; rebuild it
                        value = type(value)(value.code, **value.params)
                    worker.task = None
                    done[index] = (item, value)
                    if retire:
                        self._retire(worker)
                    return
            except (EOFError, OSError):
                pass
            except Exception as exc:  # the reply arrived but does not unpickle here
                worker.task = None
                done[index] = (item, read_error(item, "reader-error", detail=repr(exc)[:500]))
                return
            done[index] = (item, self._death(worker, item))
        elif time.monotonic() >= worker.deadline:
            self._retire(worker, kill=True)
            done[index] = (item, read_error(item, "too-slow"))

"""Look at a file's container before any reader touches it.

Sizes, compression ratios, and how far the sheets' cells reach (python-calamine allocates the
dense rectangle between a sheet's extreme cells, and a failed allocation in Rust aborts the whole
process: no `except` can catch it). The zip scanners (xlsx, xlsb, ods) are here; OLE2 (.xls) is
`reading.ole2`. What the checks cannot foresee is left to `ctg_check.workers`.
"""

from __future__ import annotations

import contextlib
import html
import io
import posixpath
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ctg_check.reading.limits import (
    MAX_FILE_BYTES,
    MAX_MEMBER_BYTES,
    MAX_RATIO,
    MAX_SHEET_CELLS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    RATIO_FLOOR_BYTES,
    check_areas,
    read_error,
    within_limits,
)
from ctg_check.reading.ole2 import inspect_ole

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


def check_size(path: Path, count: int = 16) -> bytes:
    """The first count bytes of the file (all of them for -1), after checking it can be opened
    and is not too large."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a directory, a device, a pipe: nothing to read
            raise read_error(path, "unopenable")
        with path.open("rb") as fh:
            if info.st_size > MAX_FILE_BYTES:
                raise read_error(path, "too-big")
            return fh.read(count)
    except OSError:
        raise read_error(path, "unopenable") from None


@contextlib.contextmanager
def open_zip(path: Path, data: bytes | None = None) -> Iterator[zipfile.ZipFile]:
    """The zip archive of a file, or of its bytes when the caller has read them already."""
    try:
        zf = zipfile.ZipFile(path if data is None else io.BytesIO(data))
    except zipfile.BadZipFile as exc:  # no end record, or a central directory cut short
        cut = "not a zip file" in str(exc) or "Truncated" in str(exc)
        raise read_error(path, "truncated" if cut else "damaged") from None
    except (OSError, ValueError, EOFError, NotImplementedError, struct.error):
        raise read_error(path, "damaged") from None
    with zf:
        yield zf


# --------------------------------------------------------------------------------------- zip


@dataclass(frozen=True)
class ZipScan:
    """What a zip container holds: its workbook format; for .ods, merged ranges by table; for
    .xlsx/.xlsm, whether its styles may strike text through (reading.strike looks closer then)."""

    format: str  # xlsx, xlsm, xlsb, ods
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    strikes: bool = True


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
            sheets = [members[name] for name in _sheets(zf, members, main)]
            areas = [_xlsb_extent(zf, n) for n in sheets] if binary else _xlsx_areas(zf, sheets)
            check_areas(path, areas)
            if binary:
                return ZipScan("xlsb")
            types = (
                _head(zf, members["[Content_Types].xml"])
                if "[Content_Types].xml" in members
                else b""
            )
            macro = "xl/vbaProject.bin" in members or b"macroEnabled" in types
            return ZipScan("xlsm" if macro else "xlsx", strikes=_strikes(zf))
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
            check_areas(path, areas)
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


def _strikes(zf: zipfile.ZipFile) -> bool:
    """Whether xl/styles.xml names a struck-through font, read as reading.strike reads it (a
    styles part it cannot read strikes nothing): the zip is open here already."""
    try:
        return b"strike" in zf.read("xl/styles.xml")
    except Exception:
        return False


def _head(zf: zipfile.ZipFile, name: str, size: int = 4096) -> bytes:
    with zf.open(name) as fh:
        return fh.read(size)


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
    """A member's bytes in pieces that never split an XML tag (each ends before a '<'); a member
    no bigger than size (as declared: zipfile reads no further) in one piece."""
    if zf.getinfo(name).file_size <= size:
        yield zf.read(name)
        return
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


def _xlsx_areas(zf: zipfile.ZipFile, names: list[str]) -> list[int]:
    """The dense areas of the worksheets, or bounds of them when these are within the limits.

    A bound costs one regex search per chunk, against collecting the row of every cell for the
    area (`_xlsx_extent`): a sheet whose cells are all plain `<c r="B7">` tags within column Z
    and row 9999 fits in 26 x 9,999 cells. When the bounds pass the limits, so do the areas
    they bound; when they do not, the areas decide, as if there were no bounds.
    """
    bounds = [_xlsx_bound(zf, name) for name in names]
    known = [bound for bound in bounds if bound is not None]
    if len(known) == len(bounds) and within_limits(known):
        return known
    return [_xlsx_extent(zf, name) for name in names]


# A cell tag that is not a plain `<c r="B7">` within column Z and row 9999 (any other attribute
# first, no reference, two or more letters, five or more digits); a cell tag with a namespace.
_BEYOND_BOUND = re.compile(rb'<c(?! r="[A-Z][0-9]{1,4}")[\s>/]')
_PREFIXED_CELL = re.compile(rb":c[\s>/]")
_ANY_CELL = re.compile(rb"<c[\s>/]")
_BOUND_ROWS, _BOUND_COLS = 9_999, 26


def _xlsx_bound(zf: zipfile.ZipFile, name: str) -> int | None:
    """26 x 9,999 when the sheet has cells and all are plain tags within Z9999 (0 without
    cells); None when a cell may reach beyond, or is written otherwise (`_xlsx_extent` then).
    Every cell `_xlsx_extent_exact` would count is then within the bound, as are the rows and
    columns the fast path of `_xlsx_extent` finds."""
    cells = False
    for chunk in _chunks(zf, name):
        if _PREFIXED_CELL.search(chunk) or _BEYOND_BOUND.search(chunk):
            return None
        cells = cells or _ANY_CELL.search(chunk) is not None
    return _BOUND_ROWS * _BOUND_COLS if cells else 0


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
    scan = _OdsTables()
    for chunk in _chunks(zf, content):
        for close, tag, attrs in _ODS_TAG.findall(chunk):
            if tag[-4:] == b"cell":  # the frequent case first
                if not close and scan.depth == 1:
                    scan.cell(tag, attrs)
            elif tag == b"table-row":
                if scan.depth == 1:
                    scan.row_tag(close, attrs)
            elif close:
                scan.close()
            elif attrs[-1:] != b"/":
                scan.open(attrs)
    return scan.areas, scan.merged


class _OdsTables:
    """The state of `_ods_scan`: where it is in which table, and what each table uses."""

    def __init__(self) -> None:
        self.areas: list[int] = []
        self.merged: dict[str, list[tuple[int, int, int, int]]] = {}
        self.depth = 0
        self.name = ""
        self.row = self.col = self.row_repeat = 0
        self.row_used = False
        self.last_row = self.last_col = -1

    def cell(self, tag: bytes, attrs: bytes) -> None:
        repeat = 1
        if b"repeated" in attrs:
            repeat = _ods_number(attrs, b"number-columns-repeated")
        if attrs[-1:] != b"/" or b"value-type" in attrs:
            self.row_used = True
            self.last_col = max(self.last_col, self.col + repeat - 1)
        if b"spanned" in attrs and tag == b"table-cell":
            down = _ods_number(attrs, b"number-rows-spanned")
            across = _ods_number(attrs, b"number-columns-spanned")
            if down > 1 or across > 1:
                r, c = self.row, self.col
                self.merged[self.name].append((r, c, r + down - 1, c + across - 1))
        self.col += repeat

    def row_tag(self, close: bytes, attrs: bytes) -> None:
        if close:
            if self.row_used:
                self.last_row = max(self.last_row, self.row + self.row_repeat - 1)
            self.row += self.row_repeat
            return
        self.row_repeat = _ods_number(attrs, b"number-rows-repeated")
        self.col, self.row_used = 0, False
        if attrs[-1:] == b"/":
            self.row += self.row_repeat

    def open(self, attrs: bytes) -> None:
        self.depth += 1
        if self.depth == 1:
            match = _ODS_ATTRS[b"name"].search(attrs)
            self.name = html.unescape(match[1].decode("utf-8", "replace")) if match else ""
            self.merged.setdefault(self.name, [])
            self.row, self.last_row, self.last_col = 0, -1, -1

    def close(self) -> None:
        self.depth -= 1
        if self.depth == 0:
            self.areas.append((self.last_row + 1) * (self.last_col + 1))

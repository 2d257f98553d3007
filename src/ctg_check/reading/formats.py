"""Turn a file into sheets of cell values, whatever its format.

The format is decided by the file's first bytes, never by its extension: wards send HTML tables
and CSV named .xls, renamed .xlsx, SpreadsheetML. Workbooks (.xlsx .xlsm .xlsb .xls .ods) are read
with python-calamine after `preflight`'s checks; text formats are parsed here. Anything that is not
a readable spreadsheet raises FileReadError, and nothing else: its `what` says what the file looks
like, from limits.FILE_KINDS.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctg_check.errors import FileReadError
from ctg_check.normalize import safe_text
from ctg_check.reading import preflight
from ctg_check.reading.html import Table, TooManyCells, parse_tables
from ctg_check.reading.limits import FILE_KINDS, MAX_SHEET_CELLS, MAX_WORKBOOK_CELLS, read_error
from ctg_check.reading.ole2 import inspect_ole

__all__ = ["FILE_KINDS", "RawSheet", "RawWorkbook", "load_workbook"]


@dataclass
class RawSheet:
    """A sheet as a grid of values: None, str, int, float, bool, date, datetime, time, timedelta."""

    name: str
    rows: list[list[Any]]
    origin: tuple[int, int] = (0, 0)  # 0-based (row, column) of rows[0][0] in the sheet
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # absolute, inclusive
    hidden: bool = False


@dataclass
class RawWorkbook:
    """Every sheet of a file, in workbook order (chart sheets included, empty)."""

    path: str
    format: str  # xlsx, xlsm, xlsb, xls, ods, csv, html, xml
    sheets: list[RawSheet]
    text_encoding: str | None = None  # text formats: utf-8, utf-8-sig, utf-16, cp1258, cp1252...
    text_reading: str | None = None  # text formats: how the text reads best (unicode, vni, tcvn3)
    strikes: bool = True  # .xlsx/.xlsm: whether a cell format may strike text through


def load_workbook(path: Path) -> RawWorkbook:
    """Read every sheet of a file. Raise FileReadError when it is not a readable spreadsheet.

    Runs preflight's checks first (sizes, bombs, encryption), so calling preflight.preflight before
    is not needed. Run it under workers.run_isolated all the same: a reader can still crash.
    """
    path = Path(path)
    try:
        data = preflight.check_size(path, -1)  # read once: the zip checks, OLE and text use it
        if data.startswith(preflight.ZIP_MAGIC):
            with preflight.open_zip(path, data) as zf:
                scan = preflight.inspect_zip(zf, path)
            return _calamine(path, scan.format, scan.merged, scan.strikes)
        if data.startswith(preflight.OLE_MAGIC):
            return _calamine(path, inspect_ole(data, path), {})
        kind = _magic(data[:16])
        if kind:
            raise read_error(path, kind)
        return _load_text(path, data)
    except FileReadError:
        raise
    except MemoryError:
        raise read_error(path, "too-much-memory") from None
    except OSError:
        raise read_error(path, "unopenable") from None
    except Exception as exc:  # a parser bug must not stop a batch; the detail tells what it was
        raise read_error(path, "reader-error", detail=repr(exc)[:300]) from None


_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"%PDF-", "pdf"),
    (b"{\\rtf", "rtf"),
    (b"PK\x05\x06", "zip"),  # an empty zip archive
    (b"PK\x07\x08", "zip"),  # a spanned one
    (b"Rar!\x1a\x07", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"\x1f\x8b", "archive"),
    (b"\xfd7zXZ\x00", "archive"),
    (b"\x7fELF", "executable"),
)


def _magic(head: bytes) -> str | None:
    """The kind of a non-spreadsheet file recognised by its first bytes."""
    if not head:
        return "empty"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"BM") and head[6:10] == b"\0\0\0\0":
        return "bmp"
    if head.startswith(b"MZ") and b"\0" in head:
        return "executable"
    return None


# ------------------------------------------------------------------------------ calamine formats

_SUFFIXES = {
    "xlsx": (".xlsx", ".xlsm"),
    "xlsm": (".xlsx", ".xlsm"),
    "xlsb": (".xlsb",),
    "xls": (".xls",),
    "ods": (".ods",),
}


def _calamine(
    path: Path,
    fmt: str,
    ods_merged: dict[str, list[tuple[int, int, int, int]]],
    strikes: bool = True,
) -> RawWorkbook:
    import python_calamine as pc

    try:
        with _open_calamine(pc, path, fmt) as wb:
            sheets = [_calamine_sheet(pc, wb, i, meta) for i, meta in enumerate(wb.sheets_metadata)]
    except pc.PasswordError:
        raise read_error(path, "encrypted") from None
    except pc.CalamineError as exc:
        kind = "too-many-cells" if "limit" in str(exc).lower() else "damaged"
        raise read_error(path, kind, detail=str(exc)[:300]) from None
    except MemoryError:
        raise read_error(path, "too-much-memory") from None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # OSError, ValueError, a Rust panic (pyo3 PanicException)...
        raise read_error(path, "damaged", detail=repr(exc)[:300]) from None
    for sheet in sheets:
        if sheet.name in ods_merged and not sheet.merged and sheet.rows:
            sheet.merged = _clip(ods_merged[sheet.name], sheet)
    return RawWorkbook(str(path), fmt, sheets, strikes=strikes)


@contextlib.contextmanager
def _open_calamine(pc: Any, path: Path, fmt: str) -> Iterator[Any]:
    """The workbook; calamine picks its reader by extension, so a misnamed file goes by content."""
    if path.suffix.lower() in _SUFFIXES[fmt] and safe_text(str(path)) == str(path):
        wb = pc.CalamineWorkbook.from_path(str(path))  # a name that is not UTF-8: by file object
    else:
        with path.open("rb") as fh:
            wb = pc.CalamineWorkbook.from_filelike(fh)
    with wb:
        yield wb


def _calamine_sheet(pc: Any, wb: Any, index: int, meta: Any) -> RawSheet:
    hidden = meta.visible != pc.SheetVisibleEnum.Visible
    if meta.typ in (pc.SheetTypeEnum.ChartSheet, pc.SheetTypeEnum.Vba):
        return RawSheet(meta.name, [], hidden=hidden)
    sheet = wb.get_sheet_by_index(index)
    rows = [[None if v == "" else v for v in row] for row in sheet.to_python(skip_empty_area=True)]
    start = sheet.start or (0, 0)
    raw = RawSheet(meta.name, rows, (start[0], start[1]), hidden=hidden)
    ranges = sheet.merged_cell_ranges or []
    raw.merged = _clip([(a[0], a[1], b[0], b[1]) for a, b in ranges], raw)
    return raw


def _clip(
    merged: list[tuple[int, int, int, int]], sheet: RawSheet
) -> list[tuple[int, int, int, int]]:
    """Merged ranges cut to the sheet's data area; ranges outside it or of one cell dropped.

    A hostile file can merge A1:XFD1048576; whoever fills merged cells must not loop over that.
    """
    if not sheet.rows or not merged:
        return []
    top, left = sheet.origin
    bottom, right = top + len(sheet.rows) - 1, left + max(map(len, sheet.rows)) - 1
    out = []
    for t, lf, b, rt in merged:
        t, lf, b, rt = max(t, top), max(lf, left), min(b, bottom), min(rt, right)
        if t <= b and lf <= rt and (t, lf) != (b, rt):
            out.append((t, lf, b, rt))
    return out


def _grid(name: str, rows: list[list[Any]], merged: list[tuple[int, int, int, int]]) -> RawSheet:
    """A sheet from a grid that starts at A1: padded to a rectangle, cut to its non-empty area."""
    used = [i for i, row in enumerate(rows) if any(v is not None for v in row)]
    if not used:
        return RawSheet(name, [])
    top, bottom = used[0], used[-1]
    firsts, lasts = [], []
    for row in rows[top : bottom + 1]:
        cols = [j for j, v in enumerate(row) if v is not None]
        if cols:
            firsts.append(cols[0])
            lasts.append(cols[-1])
    left, right = min(firsts), max(lasts)
    width = right - left + 1
    grid = []
    for row in rows[top : bottom + 1]:
        cut = row[left : right + 1]
        grid.append(cut + [None] * (width - len(cut)))
    sheet = RawSheet(name, grid, (top, left))
    sheet.merged = _clip(merged, sheet)
    return sheet


# ------------------------------------------------------------------------------ text formats

_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|table|meta|title|style|link|!--|tr|td|th|div|p\b|h\d|"
    r"span|center|font|b\b|br)",
)
_SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _load_text(path: Path, data: bytes) -> RawWorkbook:
    bom = next((enc for mark, enc in _BOMS if data.startswith(mark)), None)
    sample = data[:8192].decode(bom or "latin-1", "ignore")
    head = sample.lstrip("\ufeff \t\r\n\f\v\0").lower()
    if not head:
        raise read_error(path, "empty")
    if head.startswith("mime-version:") or head.startswith("x-document-type:"):
        return _load_mhtml(path, data)
    if head.startswith("<?xml"):
        if _SPREADSHEET_NS in head:
            return _load_spreadsheetml(path, data)
        if "<html" not in head:
            raise read_error(path, "xml")
        return _load_html(path, data)
    if head.startswith("<") and (_HTML_START.match(head) or "<table" in head):
        return _load_html(path, data)
    if not bom and _looks_binary(data[:8192]):
        raise read_error(path, "binary")
    return _load_csv(path, data)


def _looks_binary(sample: bytes) -> bool:
    """NUL bytes, or more than 1 in 20 bytes a control character: not text."""
    if b"\0" in sample:
        return True
    controls = sum(sample.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13))
    return controls * 20 > len(sample)


def _decode(data: bytes, declared: str | None = None) -> tuple[str, str, str]:
    """(text, codec, reading): a BOM decides; else a declared codec that decodes; else the codec
    whose text reads most Vietnamese (encodings.reading_score), never the first that does not
    fail. reading is how that text reads best: unicode, or vni / tcvn3 typed in a legacy font."""
    from ctg_check.reading.encodings import UNICODE, reading_score

    for mark, bom in _BOMS:
        if data.startswith(mark):
            text = data.decode(bom, "replace")
            return text, bom, reading_score(_non_ascii_lines(text))[1]
    sample = _non_ascii_sample(data)
    declared = _codec(declared)
    candidates = list(_CODECS)
    if declared:
        with contextlib.suppress(UnicodeDecodeError):
            sample.decode(declared)
            candidates = [declared]
    best: tuple[tuple[int, int], str, str] | None = None
    for rank, codec in enumerate(candidates):
        try:
            score, reading = reading_score(sample.decode(codec), codec != "cp1258")
        except UnicodeDecodeError:
            continue
        if best is None or (score, -rank) > best[0]:
            best = ((score, -rank), codec, reading)
    if best is None:
        return data.decode("latin-1"), "latin-1", UNICODE
    return data.decode(best[1], "replace"), best[1], best[2]


_CODECS = ("utf-8", "cp1258", "cp1252")
_SAMPLE_BYTES = 1 << 14


def _non_ascii_sample(data: bytes) -> bytes:
    """The lines holding non-ASCII bytes, up to about 16 KB: the evidence an encoding leaves."""
    lines: list[bytes] = []
    size = 0
    for line in data.splitlines():
        if not line.isascii():
            lines.append(line)
            size += len(line)
            if size > _SAMPLE_BYTES:
                break
    return b"\n".join(lines)


def _non_ascii_lines(text: str) -> str:
    return "\n".join(line for line in text[: _SAMPLE_BYTES * 4].splitlines() if not line.isascii())


def _codec(name: str | None) -> str | None:
    """Python's name for an encoding label (windows-1258 -> cp1258), None if unknown."""
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _load_csv(path: Path, data: bytes) -> RawWorkbook:
    text, encoding, reading = _decode(data)
    text = text.lstrip("\ufeff")
    first, _, rest = text.partition("\n")
    if re.fullmatch(r"sep=(.)\r?", first):  # Excel's delimiter hint
        delimiter, text = first[4], rest
    else:
        delimiter = _sniff_delimiter(text[:65536])
        if not delimiter:
            raise read_error(path, "text")  # not one , ; tab or |: prose, not a table
    rows: list[list[Any]] = []
    width = 0
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([value if value != "" else None for value in record])
            width = max(width, len(record))
            if len(rows) * width > MAX_SHEET_CELLS:
                raise read_error(path, "too-many-cells")
    except csv.Error:
        raise read_error(path, "text") from None
    return RawWorkbook(str(path), "csv", [_grid(path.stem, rows, [])], encoding, reading)


_QUOTED = re.compile(r'"[^"]*"')


def _sniff_delimiter(sample: str) -> str:
    """The delimiter among , ; tab | found the same number of times on the most lines, or ""."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if len(sample) == 65536 and len(lines) > 1:
        lines.pop()  # may be cut
    lines = [_QUOTED.sub("", line) for line in lines]
    best, best_score = "", (0, 0)
    least = 2 if len(lines) > 1 else 1  # prose with one comma is no table
    for delimiter in ",;\t|":
        counts = Counter(n for n in (line.count(delimiter) for line in lines) if n)
        if counts:
            mode, lines_with_mode = counts.most_common(1)[0]
            if lines_with_mode >= least and (lines_with_mode, mode) > best_score:
                best, best_score = delimiter, (lines_with_mode, mode)
    return best


def _load_html(path: Path, data: bytes) -> RawWorkbook:
    match = _META_CHARSET.search(data[:4096])
    declared = match[1].decode("ascii", "ignore") if match else None
    if declared and declared.lower() == "unicode":  # Excel's name for UTF-16
        declared = "utf-16"
    text, found, reading = _decode(data, declared)
    tables, names = _parse_html(path, text)
    return RawWorkbook(str(path), "html", _html_sheets(path, tables, names), found, reading)


def _parse_html(path: Path, text: str) -> tuple[list[Table], list[str]]:
    try:
        return parse_tables(text, MAX_SHEET_CELLS, MAX_WORKBOOK_CELLS)
    except TooManyCells:
        raise read_error(path, "too-many-cells") from None
    except AssertionError:  # html.parser's way of giving up on broken markup
        raise read_error(path, "damaged") from None


def _html_sheets(path: Path, tables: list[Table], names: list[str]) -> list[RawSheet]:
    """Sheets named as Excel wrote them, else after the file as Excel names an opened web page."""
    if not tables:
        raise read_error(path, "html")
    if len(names) != len(tables):
        names = (
            [path.stem]
            if len(tables) == 1
            else [f"{path.stem} ({i + 1})" for i in range(len(tables))]
        )
    return [
        _grid(name, table.rows, table.merged) for name, table in zip(names, tables, strict=True)
    ]


def _load_mhtml(path: Path, data: bytes) -> RawWorkbook:
    """Excel's "single file web page" (.mht, often named .xls): one HTML part per sheet."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    tables: list[Table] = []
    names: list[str] = []
    encoding = reading = None
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        text, found, how = _decode(payload, part.get_content_charset())
        encoding, reading = encoding or found, reading or how
        more, more_names = _parse_html(path, text)
        tables += more
        names += more_names
    return RawWorkbook(str(path), "html", _html_sheets(path, tables, names), encoding, reading)


def _load_spreadsheetml(path: Path, data: bytes) -> RawWorkbook:
    """Excel 2003 XML: Worksheet / Table / Row / Cell / Data, with ss:Index and ss:Merge*."""
    import defusedxml.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except Exception:  # ParseError, or defusedxml refusing a DTD or entity
        raise read_error(path, "damaged") from None
    sheets = []
    total = 0
    for number, ws in enumerate(_children(root, "Worksheet"), 1):
        cells: dict[tuple[int, int], Any] = {}
        merged = []
        r = -1
        for table in _children(ws, "Table"):
            for row in _children(table, "Row"):
                r = _index(row, r)
                c = -1
                for cell in _children(row, "Cell"):
                    c = _index(cell, c)
                    across, down = _int(_attr(cell, "MergeAcross")), _int(_attr(cell, "MergeDown"))
                    if across or down:
                        merged.append((r, c, r + down, c + across))
                    data_elem = next(_children(cell, "Data"), None)
                    if data_elem is not None:
                        value = _xml_value(data_elem)
                        if value is not None:
                            cells[(r, c)] = value
                    c += across
        height = max((rc[0] for rc in cells), default=-1) + 1
        width = max((rc[1] for rc in cells), default=-1) + 1
        total += height * width
        if height * width > MAX_SHEET_CELLS or total > MAX_WORKBOOK_CELLS:
            raise read_error(path, "too-many-cells")
        grid: list[list[Any]] = [[None] * width for _ in range(height)]
        for (rr, cc), value in cells.items():
            grid[rr][cc] = value
        sheet = _grid(_attr(ws, "Name") or f"Sheet{number}", grid, merged)
        options = next(_children(ws, "WorksheetOptions"), None)
        visible = next(_children(options, "Visible"), None) if options is not None else None
        sheet.hidden = visible is not None and visible.text in ("SheetHidden", "SheetVeryHidden")
        sheets.append(sheet)
    if not sheets:
        raise read_error(path, "xml")
    match = re.match(rb"""<\?xml[^>]*encoding=["']([\w.:-]+)""", data.lstrip(b"\xef\xbb\xbf"))
    encoding = _codec(match[1].decode("ascii")) if match else None
    return RawWorkbook(str(path), "xml", sheets, encoding or "utf-8")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(elem: Any, name: str) -> Iterator[Any]:
    return (child for child in elem if _local(child.tag) == name)


def _attr(elem: Any, name: str) -> str | None:
    """An attribute by local name (ss:Index, or a bare Index)."""
    for key, value in elem.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


def _index(elem: Any, previous: int) -> int:
    """0-based position of a Row or Cell: its ss:Index, else the one after the previous."""
    index = _int(_attr(elem, "Index"))
    return index - 1 if index >= 1 else previous + 1


def _xml_value(elem: Any) -> Any:
    text = "".join(elem.itertext())
    kind = _attr(elem, "Type")
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text.strip() or None
    if kind == "Boolean":
        return text.strip().lower() in ("1", "true")
    if kind == "DateTime":
        try:
            moment = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            return text.strip() or None
        if moment.date() == dt.date(1899, 12, 31):  # Excel's day zero: a time of day
            return moment.time()
        return moment.date() if moment.time() == dt.time() else moment
    if kind == "Error":
        return None
    return text if text != "" else None

"""A minimal, bounded reader of OLE2 compound files and of the BIFF records that size an .xls.

Enough to tell a workbook from a Word or PowerPoint file, an encrypted one from a plain one, and
to measure each sheet's dense area the way calamine lays it out, before calamine reads it.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

from ctg_check.reading.limits import MAX_RESERVED_CELLS, check_areas, read_error


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
        check_areas(path, _biff_extents(stream, path))
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

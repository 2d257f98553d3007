"""One file to decoded sheets: format by content, then legacy encodings and NFC."""

from __future__ import annotations

from pathlib import Path

from ctg_check.reading.formats import RawWorkbook, load_workbook


def read_book(path: Path) -> tuple[RawWorkbook, str]:
    """The workbook with every text cell and sheet name decoded; and the encoding found."""
    from ctg_check.reading.encodings import decode_grid, decode_text

    book = load_workbook(path)
    found: set[str] = set()
    for sheet in book.sheets:
        sheet.rows, encodings = decode_grid(sheet.rows)
        found |= encodings
        sheet.name = decode_text(sheet.name)[0]
    encoding = "+".join(sorted(found)) if found else "unicode"
    return book, encoding

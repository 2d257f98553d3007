"""One file to decoded sheets: format by content, then legacy encodings, symbols and NFC."""

from __future__ import annotations

from pathlib import Path

from ctg_check.reading.formats import RawWorkbook, load_workbook


def read_book(path: Path) -> tuple[RawWorkbook, str]:
    """The workbook with every text cell and sheet name decoded; and the encoding found.

    Encodings are told by the characters; an .xlsx file's fonts are looked up (lazily, on first
    need) only for cells the characters leave open, such as capitals drawn by `.VnTimeH`, and for
    lone codes a Wingdings font draws as a tick. A text file's best reading (formats._decode)
    settles the cells its characters leave open."""
    from ctg_check.reading.encodings import decode_grid, decode_text
    from ctg_check.reading.fonts import xlsx_fonts

    book = load_workbook(path)
    found: set[str] = set()
    for index, sheet in enumerate(book.sheets):
        fonts = (
            xlsx_fonts(path, index, origin=sheet.origin)
            if book.format in ("xlsx", "xlsm")
            else None
        )
        sheet.rows, encodings = decode_grid(sheet.rows, fonts, prefer=book.text_reading)
        found |= encodings
        sheet.name = decode_text(sheet.name)[0]
    encoding = "+".join(sorted(found)) if found else "unicode"
    return book, encoding

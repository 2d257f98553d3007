"""The sheet kit (writers/kit.py) and the kit's own workbooks (writers/book.py, written with
xlsxwriter): formula-safe cells, the table writer, the A4 page setup, the same bytes for the same
content; and the same page setup on an openpyxl sheet."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ctg_check import marker
from ctg_check.report import MET, NOT_MET
from ctg_check.writers import save_workbook
from ctg_check.writers.book import Book
from ctg_check.writers.fast_sheet import worksheet_class
from ctg_check.writers.kit import (
    COLOURS,
    HEADER_FILL,
    TOTAL_FILL,
    Col,
    cell,
    font,
    merge,
    new_workbook,
    page_setup,
    put,
    write_table,
)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    book = Book()
    ws = book.add("Sheet")
    cell(ws, 1, 1, '=HYPERLINK("x")')
    cell(ws, 1, 2, "a\x01b")
    cell(ws, 1, 3, date(2025, 12, 1), number_format="DD/MM/YYYY")
    cell(ws, 1, 4, "")
    out = tmp_path / "a.xlsx"
    save_workbook(book, out, None)
    back = load_workbook(out).active
    assert back is not None
    assert back["A1"].data_type == "s" and back["A1"].quotePrefix
    assert back["A1"].value == '=HYPERLINK("x")'
    assert back["B1"].value == "ab"
    assert back["C1"].value.date() == date(2025, 12, 1)
    assert back["D1"].value is None  # a blank cell, not an empty text


def test_openpyxl_put_keeps_a_formula_as_text(tmp_path: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    put(ws, 1, 1, "+84 90")
    out = tmp_path / "o.xlsx"
    save_workbook(wb, out, None)
    back = load_workbook(out).active
    assert back is not None
    assert back["A1"].data_type == "s" and back["A1"].quotePrefix


def test_table_with_groups_statuses_and_print_titles(tmp_path: Path) -> None:
    book = Book()
    ws = book.add("Sheet")
    cols = [
        Col("STT", 5, "stt"),
        Col("Name", 20, "wrap"),
        Col("A", 8, "status", group="Indicators"),
        Col("B", 8, "status", group="Indicators"),
    ]
    rows = [[1, "Club one", MET, NOT_MET], [2, "Club two", NOT_MET, MET]]
    table = write_table(ws, 2, cols, rows, "en", total=["", "Total", 1, 1], freeze_col=3)
    page_setup(ws, numbers="small", centred=True)
    out = tmp_path / "t.xlsx"
    save_workbook(book, out, "summary")
    assert marker.read(out) == "summary"
    back = load_workbook(out).active
    assert back is not None
    assert (table.header_top, table.header_bottom, table.first, table.last) == (2, 3, 4, 5)
    merged = {str(r) for r in back.merged_cells.ranges}
    assert {"A2:A3", "B2:B3", "C2:D2"} <= merged
    assert back["A2"].fill.fgColor.rgb.endswith(HEADER_FILL) and back["A2"].font.b
    assert back["C4"].fill.fgColor.rgb.endswith(COLOURS[MET][0])
    assert back["C4"].value == "Met" and back["C5"].value == "Not met"
    assert back["B6"].value == "Total" and back["B6"].font.b
    assert back["C6"].fill.fgColor.rgb.endswith(TOTAL_FILL)  # not a status colour
    assert back["C6"].value == 1 and back["C6"].number_format == "#,##0"
    assert back.column_dimensions["B"].width == 20
    assert back.freeze_panes == "C4"
    assert back.auto_filter.ref == "A3:D5"
    assert back.print_title_rows == "$2:$3"
    assert str(back.page_setup.paperSize) == back.PAPERSIZE_A4
    assert back.page_setup.orientation == "landscape"
    fit = back.sheet_properties.pageSetUpPr
    assert (back.page_setup.fitToWidth or 1) == 1 and fit is not None and fit.fitToPage
    assert back.print_options.horizontalCentered
    footer = back.oddFooter
    assert footer is not None and footer.center.text == "&P / &N" and footer.center.size == 9


def test_same_content_same_bytes(tmp_path: Path) -> None:
    def written(name: str) -> bytes:
        book = Book()
        ws = book.add("Tổng hợp")
        cell(ws, 1, 1, "Phường 1")
        page_setup(ws)
        save_workbook(book, tmp_path / name, "summary")
        return (tmp_path / name).read_bytes()

    first = written("a.xlsx")
    assert first == written("b.xlsx")
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2020-01-01" in z.read("docProps/core.xml")


def _portrait_page_back(wb: object, out: Path) -> Any:
    save_workbook(wb, out, None)
    back = load_workbook(out).active
    assert back is not None
    return back


def test_portrait_page_without_numbers_or_margins(tmp_path: Path) -> None:
    book = Book()
    sheet = book.add("Sheet")
    cell(sheet, 1, 1, "x")
    page_setup(sheet, portrait=True, fit_width=False, margins=None, numbers=None)
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    put(ws, 1, 1, "x")
    page_setup(ws, portrait=True, fit_width=False, margins=None, numbers=None)
    for back in (
        _portrait_page_back(book, tmp_path / "kit.xlsx"),
        _portrait_page_back(wb, tmp_path / "openpyxl.xlsx"),
    ):
        assert back.page_setup.orientation == "portrait"
        assert back.oddFooter is None or not back.oddFooter.center.text
        fit = back.sheet_properties.pageSetUpPr
        assert fit is None or not fit.fitToPage


def test_text_longer_than_a_cell_holds_is_cut_visibly(tmp_path: Path) -> None:
    book = Book()
    ws = book.add("Sheet")
    cell(ws, 1, 1, "Phường " * 6000)  # 42,000 characters: more than Excel's 32,767
    out = tmp_path / "long.xlsx"
    save_workbook(book, out, None)
    back = load_workbook(out).active
    assert back is not None
    text = back["A1"].value
    assert text.startswith("Phường ") and text.endswith("…") and len(text) == 32_000


def test_a_value_under_a_merged_cell_is_a_layout_error(tmp_path: Path) -> None:
    book = Book()
    ws = book.add("Sheet")
    merge(ws, 1, 1, 3, "Tiêu đề")
    cell(ws, 1, 2, "hidden")  # would not show: the writer refuses rather than drop it
    with pytest.raises(ValueError, match="merged cell at row 1"):
        save_workbook(book, tmp_path / "m.xlsx", None)
    assert not (tmp_path / "m.xlsx").exists()


def test_a_sheet_longer_than_excel_holds_is_an_output_error(tmp_path: Path) -> None:
    """Rows beyond Excel's last are refused with the sheet's name, never left out in silence,
    for the kit's own workbooks and for openpyxl ones with rows streamed at save."""
    from ctg_check.errors import OutputError
    from ctg_check.writers.sheet_xml import keep_rows

    book = Book()
    book.add("Thành viên").put(1_048_577, 1, "Lê Văn An")
    with pytest.raises(OutputError) as raised:
        save_workbook(book, tmp_path / "s.xlsx", None)
    assert raised.value.code == "output-too-big"
    assert raised.value.params["sheet"] == "Thành viên"
    assert not (tmp_path / "s.xlsx").exists()

    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    keep_rows(ws, [["a"], ["b"]], 1_048_576)
    with pytest.raises(OutputError):
        save_workbook(wb, tmp_path / "m.xlsx", None)
    assert not (tmp_path / "m.xlsx").exists()


def test_fast_cells_write_what_xlsxwriter_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts, numbers, dates, booleans, blanks, merges, plain and styled cells, rows far apart
    and beyond a block of 16, heights: the same bytes as xlsxwriter's own worksheet."""

    def laid_out() -> Book:
        book = Book()
        ws = book.add("Sheet")
        merge(ws, 1, 1, 4, "Title", font=font(bold=True))
        cols = [Col("STT", 5, "stt"), Col("Name", 20, "wrap"), Col("Share", 8, "pct")]
        rows = [[n, f"Club {n % 7} & <{n}>", n / 7] for n in range(1, 41)]
        rows[3][1], rows[5][2] = None, float("nan")
        write_table(ws, 3, cols, rows, "en", total=["", "Total", 0.5])
        ws.put(60, 2, "plain")
        ws.put(61, 5, 7)
        ws.put(62, 3, True)
        ws.put(63, 1, date(2025, 12, 1))
        cell(ws, 64, 6, "", number_format="0")
        cell(ws, 65, 2, "x" * 20_000)
        cell(ws, 300, 9, 2.5)
        return book

    fast = laid_out().xlsx({"k": "v"})
    monkeypatch.setattr("ctg_check.writers.fast_sheet.CHECKED", ("0.",))  # another version:
    assert worksheet_class() is None  # every cell through xlsxwriter's own writers and loops
    assert laid_out().xlsx({"k": "v"}) == fast

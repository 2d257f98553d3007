"""The sheet kit (writers/kit.py): formula-safe cells, the table writer and the A4 page setup."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from ctg_check.report import MET, NOT_MET
from ctg_check.writers import save_workbook
from ctg_check.writers.kit import (
    COLOURS,
    HEADER_FILL,
    Col,
    new_workbook,
    page_setup,
    put,
    write_table,
)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    put(ws, 1, 1, '=HYPERLINK("x")')
    put(ws, 1, 2, "a\x01b")
    out = tmp_path / "a.xlsx"
    save_workbook(wb, out, None)
    back = load_workbook(out).active
    assert back is not None
    assert back["A1"].data_type == "s" and back["A1"].quotePrefix
    assert back["B1"].value == "ab"


def test_table_with_groups_statuses_and_print_titles(tmp_path: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
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
    save_workbook(wb, out, None)
    back = load_workbook(out).active
    assert back is not None
    assert (table.header_top, table.header_bottom, table.first, table.last) == (2, 3, 4, 5)
    merged = {str(r) for r in back.merged_cells.ranges}
    assert {"A2:A3", "B2:B3", "C2:D2"} <= merged
    assert back["A2"].fill.fgColor.rgb.endswith(HEADER_FILL)
    assert back["C4"].fill.fgColor.rgb.endswith(COLOURS[MET][0])
    assert back.freeze_panes == "C4"
    assert back.auto_filter.ref == "A3:D5"
    assert back.print_title_rows == "$2:$3"
    assert str(back.page_setup.paperSize) == back.PAPERSIZE_A4
    assert back.page_setup.orientation == "landscape"
    fit = back.sheet_properties.pageSetUpPr
    assert back.page_setup.fitToWidth == 1 and fit is not None and fit.fitToPage
    footer = back.oddFooter
    assert footer is not None and footer.center.text == "&P / &N" and footer.center.size == 9


def test_portrait_page_without_numbers_or_margins(tmp_path: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    put(ws, 1, 1, "x")
    page_setup(ws, portrait=True, fit_width=False, margins=None, numbers=None)
    out = tmp_path / "p.xlsx"
    save_workbook(wb, out, None)
    back = load_workbook(out).active
    assert back is not None
    assert back.page_setup.orientation == "portrait"
    assert back.oddFooter is None or not back.oddFooter.center.text
    fit = back.sheet_properties.pageSetUpPr
    assert fit is None or not fit.fitToPage

"""Hostile files are refused before a reader sees them, and the corpus never kills a worker."""

from __future__ import annotations

import struct
import time
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from helpers import CORPUS, FORMATS, active, raised

from ctg_check.errors import FileReadError
from ctg_check.reading import limits
from ctg_check.reading.formats import RawWorkbook, load_workbook
from ctg_check.reading.preflight import MAX_EXPANDED_CELLS, preflight, preflight_openpyxl
from ctg_check.workers import run_isolated

refused = partial(raised, preflight)


def _workbook(path: Path, cells: dict[str, Any]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    for ref, value in cells.items():
        active(wb)[ref] = value
    wb.save(path)
    return path


def _replace_sheet_data(path: Path, sheet_data: str) -> Path:
    """Replace <sheetData> (and <dimension>) of sheet1 with hand-written XML."""
    with zipfile.ZipFile(path) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    xml = members["xl/worksheets/sheet1.xml"].decode()
    head = xml[: xml.index("<sheetData")]
    tail = xml[xml.index("</sheetData>") + len("</sheetData>") :]
    members["xl/worksheets/sheet1.xml"] = (head + sheet_data + tail).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(name, data)
    return path


# ------------------------------------------------------------------------------ preflight


def test_cell_at_the_last_row_and_column(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "far.xlsx", {"A1": "x", "XFD1048576": 1})
    start = time.monotonic()
    error = refused(path)
    assert (error.code, error.params["kind"]) == ("file-too-large", "too-many-cells")
    assert time.monotonic() - start < 30  # the bound for a hostile file, not a benchmark
    with pytest.raises(FileReadError):  # load_workbook runs the same checks
        load_workbook(path)


def test_dimension_that_lies_and_cells_without_references(tmp_path: Path) -> None:
    base = _workbook(tmp_path / "base.xlsx", {"A1": "x"})
    data = base.read_bytes()
    lying = tmp_path / "lying.xlsx"
    lying.write_bytes(data)
    _replace_sheet_data(
        lying,
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        '<row r="900000"><c r="ZZ900000"><v>1</v></c></row></sheetData>',
    )
    assert refused(lying).params["kind"] == "too-many-cells"
    positional = tmp_path / "positional.xlsx"
    positional.write_bytes(data)
    row = "<row>" + "<c/>" * 5000 + "<c><v>1</v></c></row>"
    _replace_sheet_data(positional, "<sheetData>" + "<row/>" * 2000 + row + "</sheetData>")
    assert refused(positional).params["kind"] == "too-many-cells"


def test_styled_empty_cells_far_away_are_harmless(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "styled.xlsx", {"A1": "x"})
    _replace_sheet_data(
        path,
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>',
    )
    preflight(path)
    assert load_workbook(path).sheets[0].rows == [["x"]]


def test_cells_with_a_namespace_are_measured_too(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "prefixed.xlsx", {"A1": "x"})
    _replace_sheet_data(
        path,
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        '<row r="1048576"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ' r="XFD1048576"><x:v>1</x:v></x:c></row></sheetData>',
    )
    assert refused(path).params["kind"] == "too-many-cells"


def test_a_far_cell_past_the_first_megabyte_is_found(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 40_000))
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = _replace_sheet_data(_workbook(tmp_path / "far.xlsx", {"A1": 1}), rows + far)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size > 1 << 20  # read in pieces
    assert refused(path).params["kind"] == "too-many-cells"


def test_chunks_never_split_a_tag(tmp_path: Path) -> None:
    from ctg_check.reading.preflight import _chunks

    path = _replace_sheet_data(
        _workbook(tmp_path / "cells.xlsx", {"A1": 1}),
        "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 500)),
    )
    with zipfile.ZipFile(path) as zf:
        name = "xl/worksheets/sheet1.xml"
        whole = zf.read(name)
        assert list(_chunks(zf, name)) == [whole]  # smaller than a piece: one piece
        pieces = list(_chunks(zf, name, size=1000))
    assert len(pieces) > 10 and b"".join(pieces) == whole
    assert all(piece.startswith(b"<") for piece in pieces[1:])


def test_small_sheets_whose_bounds_pass_the_workbook_limit(tmp_path: Path) -> None:
    """80 small sheets: 80 x 26 x 9,999 cells is over the workbook's limit, their areas are not
    (the areas decide then); a cell at row 10,000 or in column AA is measured, not bounded."""
    import openpyxl

    wb = openpyxl.Workbook()
    active(wb)["A1"] = "x"
    for i in range(79):
        wb.create_sheet(f"S{i}")["B2"] = i
    wb["S0"]["A10000"] = 1
    wb["S1"]["AA1"] = 1
    wb.save(tmp_path / "many.xlsx")
    preflight(tmp_path / "many.xlsx")
    assert len(load_workbook(tmp_path / "many.xlsx").sheets) == 80


def test_whether_the_styles_strike_text_through_is_told(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    plain = _workbook(tmp_path / "plain.xlsx", {"A1": "Lê An"})
    wb = openpyxl.Workbook()
    active(wb)["A1"] = "Lê An"
    active(wb)["A1"].font = Font(strike=True)
    wb.save(tmp_path / "struck.xlsx")
    assert not load_workbook(plain).strikes  # the struck-out names are then not looked for
    assert load_workbook(tmp_path / "struck.xlsx").strikes


@pytest.mark.parametrize("read", [preflight, load_workbook])
def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read: Any
) -> None:
    from ctg_check.reading import preflight as module

    path = _workbook(tmp_path / "big.xlsx", {"A1": "x"})
    monkeypatch.setattr(module, "MAX_FILE_BYTES", path.stat().st_size - 1)
    assert raised(read, path).params["kind"] == "too-big"
    monkeypatch.setattr(module, "MAX_FILE_BYTES", path.stat().st_size)
    read(path)  # at the limit: read
    assert raised(read, tmp_path).params["kind"] == "unopenable"  # a folder


def test_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<" * 50_000_000)
    assert path.stat().st_size < 200_000
    start = time.monotonic()
    assert refused(path).params["kind"] == "bomb"
    assert time.monotonic() - start < 30  # the bound for a hostile file, not a benchmark


def test_declared_size_over_the_limit(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "declared.xlsx", {"A1": "x"})
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")  # first central directory entry: claim 300 MB
    struct.pack_into("<I", data, central + 24, 300_000_000)
    path.write_bytes(bytes(data))
    assert refused(path).params["kind"] == "bomb"


def test_ods_repeated_rows_with_content(tmp_path: Path) -> None:
    path = tmp_path / "dos.ods"
    cell = '<table:table-cell office:value-type="float" office:value="1"/>'
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="S">'
        f'<table:table-row table:number-rows-repeated="100000">{cell}'
        f'<table:table-cell table:number-columns-repeated="100"/>{cell}</table:table-row>'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/>'
        "</table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
    assert refused(path).params["kind"] == "too-many-cells"  # 100,000 rows x 102 columns


def _xlsb_record(typ: int, body: bytes) -> bytes:
    assert typ < 0x80 and len(body) < 0x80  # one-byte type and size are enough here
    return bytes([typ, len(body)]) + body


def test_xlsb_far_cell(tmp_path: Path) -> None:
    row = _xlsb_record(0x00, struct.pack("<I", 900_000) + bytes(8))  # BrtRowHdr
    cell = _xlsb_record(0x05, struct.pack("<IId", 16_000, 0, 1.0))  # BrtCellReal
    path = tmp_path / "far.xlsb"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.bin", b"")
        zf.writestr("xl/worksheets/sheet1.bin", row + cell)
    assert refused(path).params["kind"] == "too-many-cells"


def _patched_xls(tmp_path: Path, rows: tuple[int, int], cols: tuple[int, int]) -> Path:
    """The committed .xls with its first DIMENSIONS record rewritten."""
    data = bytearray((FORMATS / "roster.xls").read_bytes())
    at = data.index(b"\x00\x02\x0e\x00")  # record 0x0200, 14 bytes
    struct.pack_into("<IIHH", data, at + 4, rows[0], rows[1], cols[0], cols[1])
    path = tmp_path / "patched.xls"
    path.write_bytes(bytes(data))
    return path


def test_xls_dimensions_that_would_abort_calamine(tmp_path: Path) -> None:
    # last row before the first: calamine reserves ~4 billion rows and aborts the process
    assert refused(_patched_xls(tmp_path, (5, 1), (0, 3))).params["kind"] == "too-many-cells"
    assert refused(_patched_xls(tmp_path, (0, 1_000_000), (0, 256))).code == "file-too-large"
    preflight(_patched_xls(tmp_path, (0, 65536), (0, 256)))  # a full BIFF8 sheet is allowed


def _calamine_read(path: Path) -> int:
    """Read with python-calamine directly, with no checks: what preflight protects against."""
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    return sum(len(wb.get_sheet_by_index(i).to_python()) for i in range(len(wb.sheet_names)))


def test_what_preflight_refuses_would_have_killed_the_process(tmp_path: Path) -> None:
    far = _workbook(tmp_path / "far.xlsx", {"A1": "x", "XFD1048576": 1})
    xls = _patched_xls(tmp_path, (5, 1), (0, 3))
    results = dict(run_isolated(_calamine_read, [far, xls, FORMATS / "roster.xls"], jobs=2))
    for path in (far, xls):  # python-calamine 0.9 aborts the worker here: reported as memory
        error = results[path]
        assert isinstance(error, Exception)
        if isinstance(error, FileReadError):
            assert error.params["kind"] == "too-much-memory"
    assert results[FORMATS / "roster.xls"] == 6


def _load(path: Path) -> RawWorkbook:
    preflight(path)
    return load_workbook(path)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="peer corpus not present")
def test_every_corpus_file_is_read_or_refused() -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".md")
    assert files
    outcomes = dict(run_isolated(_load, files, jobs=2, timeout=10.0))
    assert set(outcomes) == set(files)
    for path, outcome in outcomes.items():
        assert isinstance(outcome, RawWorkbook | FileReadError), (path, outcome)
        if isinstance(outcome, FileReadError):
            assert outcome.params["kind"] in limits.FILE_KINDS, path
            assert outcome.params["kind"] not in ("too-slow", "crashed", "reader-error"), path
    read = [p for p, o in outcomes.items() if isinstance(o, RawWorkbook)]
    assert len(read) > len(files) * 0.8


# ------------------------------------------------------------ what openpyxl would expand (annotate)

WHOLE_SHEET = "A1:XFD1048576"


@pytest.mark.parametrize(
    "xml",
    [
        '<mergeCells count="1"><mergeCell ref="P200:XFD1048576"/></mergeCells>',
        "<x:mergeCells><x:mergeCell ref='$A:$F'/></x:mergeCells>",  # 6 whole columns
        "<mergeCells>"  # small ranges whose sum is over the limit
        + "".join(
            f'<mergeCell ref="A{i * 10 + 1}:J{i * 10 + 10}"/>'
            for i in range(MAX_EXPANDED_CELLS // 100 + 1)
        )
        + "</mergeCells>",
        f'<hyperlinks><hyperlink ref="{WHOLE_SHEET}" location="A1"/></hyperlinks>',
    ],
    ids=["one-range", "prefixed-columns", "many-small", "hyperlink-range"],
)
def test_ranges_openpyxl_would_expand_are_refused(tmp_path: Path, xml: str) -> None:
    from helpers import add_to_sheet

    path = add_to_sheet(_workbook(tmp_path / "x.xlsx", {"A1": "Họ và tên"}), xml, sheet=1)
    preflight(path)  # the reader's limits: nothing wrong with the cells themselves
    with pytest.raises(FileReadError) as info:
        preflight_openpyxl(path)
    assert info.value.params["kind"] == "too-many-cells"


@pytest.mark.parametrize(
    "xml",
    [
        '<mergeCells count="1"><mergeCell ref="A1:Z1000"/></mergeCells>',
        '<hyperlinks><hyperlink ref="B2" location="A1"/></hyperlinks>',
        f'<conditionalFormatting sqref="{WHOLE_SHEET}"><cfRule type="expression" priority="1">'
        "<formula>TRUE</formula></cfRule></conditionalFormatting>",
        f'<dataValidations count="1"><dataValidation type="list" sqref="{WHOLE_SHEET}">'
        '<formula1>"a,b"</formula1></dataValidation></dataValidations>',
    ],
    ids=["small-merge", "one-cell-link", "whole-sheet-format", "whole-sheet-validation"],
)
def test_ranges_openpyxl_keeps_as_ranges_pass(tmp_path: Path, xml: str) -> None:
    from helpers import add_to_sheet

    path = add_to_sheet(_workbook(tmp_path / "x.xlsx", {"A1": "Họ và tên"}), xml, sheet=1)
    preflight_openpyxl(path)


def test_openpyxl_preflight_keeps_the_reading_limits(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(FileReadError) as info:
        preflight_openpyxl(path)
    assert info.value.params["kind"] in ("truncated", "damaged")

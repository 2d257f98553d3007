"""Text files decoded by evidence and symbols drawn by Wingdings fonts (reading/load.py and the
text part of reading/formats.py): the encoding reported is the one used to decode."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import cp1258
from hypothesis import given, settings
from hypothesis import strategies as st

from ctg_check.errors import FileReadError
from ctg_check.reading.encodings import (
    TCVN3,
    UNICODE,
    VNI,
    decode_grid,
    encode_tcvn3,
    encode_vni,
    reading_score,
    symbol,
)
from ctg_check.reading.formats import load_workbook
from ctg_check.reading.load import read_book

ROWS = [
    ["Họ và tên", "Giới tính", "Năm sinh", "Địa chỉ"],
    ["Nguyễn Thị Hoa", "Nữ", "1950", "Tổ 3, Khu phố Hải Đăng"],
    ["Trần Văn Đức", "Nam", "1948", "Tổ 5, Khu phố Phước Thắng"],
    ["Lê Thị Hường", "Nữ", "1962", "Tổ 1, Khu phố Thắng Lợi"],
]


def _csv(rows: list[list[str]], encode: Callable[[str], str] = str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([[encode(v) for v in row] for row in rows])
    return buf.getvalue()


def _cells(path: Path) -> list[list[object]]:
    return read_book(path)[0].sheets[0].rows


@pytest.mark.parametrize(
    "name,data,codec,encoding",
    [
        ("utf8.csv", _csv(ROWS).encode("utf-8"), "utf-8", UNICODE),
        ("bom.csv", _csv(ROWS).encode("utf-8-sig"), "utf-8-sig", UNICODE),
        ("cp1258.csv", b"", "cp1258", UNICODE),
        ("vni.csv", _csv(ROWS, encode_vni).encode("cp1252"), "cp1252", VNI),
        ("tcvn3.csv", _csv(ROWS, encode_tcvn3).encode("cp1252"), "cp1252", TCVN3),
        # Excel's "CSV UTF-8" of a sheet typed in VNI-Times: UTF-8 bytes of the VNI characters
        ("vni-utf8.csv", _csv(ROWS, encode_vni).encode("utf-8"), "utf-8", VNI),
        ("unicode.txt", codecs.BOM_UTF16_LE + _csv(ROWS).encode("utf-16-le"), "utf-16", UNICODE),
    ],
)
def test_text_files_decoded_by_evidence(
    tmp_path: Path, name: str, data: bytes, codec: str, encoding: str
) -> None:
    data = data or cp1258(_csv(ROWS))
    path = tmp_path / name
    path.write_bytes(data)
    book, found = read_book(path)
    assert (book.text_encoding, found) == (codec, encoding)
    assert book.sheets[0].rows == ROWS


def test_vni_csv_is_not_read_as_cp1258_first(tmp_path: Path) -> None:
    """cp1258 decodes VNI's bytes without failing, into garbage: the evidence must win."""
    data = _csv(ROWS, encode_vni).encode("cp1252")
    data.decode("cp1258")  # does not fail
    path = tmp_path / "vni.csv"
    path.write_bytes(data)
    assert load_workbook(path).text_reading == VNI
    assert _cells(path)[1][0] == "Nguyễn Thị Hoa"


def test_html_declared_charset_is_kept(tmp_path: Path) -> None:
    html = "<html><head><meta charset='windows-1252'></head><body><table><tr><td>Caf\xe9</td>"
    path = tmp_path / "page.xls"
    path.write_bytes((html + "<td>1</td></tr></table></body></html>").encode("cp1252"))
    assert load_workbook(path).text_encoding == "cp1252"


def test_wingdings_tick_in_a_unicode_csv_is_no_tcvn3(tmp_path: Path) -> None:
    rows = [*ROWS, ["Phạm Thị Lan", "Nữ", "1955", "ü"]]
    path = tmp_path / "ticks.csv"
    path.write_bytes(_csv(rows).encode("utf-8"))
    cells, found = _cells(path), read_book(path)[1]
    assert found == UNICODE
    assert cells[-1][-1] == "ü"  # not 'ỹ': a symbol, left for the flag parser to question


def test_lone_symbols_are_no_evidence_in_a_grid() -> None:
    grid = [["Họ và tên", "Hộ nghèo"], ["Hoa", "ü"], ["Lan", "þ"]]
    assert decode_grid(grid) == (grid, set())


def test_symbols_by_font() -> None:
    assert symbol("ü", "Wingdings") == "✓"
    assert symbol(" ü ", "wingdings") == "✓"
    assert symbol("P", "Wingdings 2") == "✓"
    assert symbol("þ", "Wingdings") == "☑"
    assert symbol("ü", "Times New Roman") is None
    assert symbol("P", "Wingdings") is None
    assert symbol("ü", None) is None


def test_wingdings_ticks_in_an_xlsx_are_ticks(tmp_path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Họ và tên", "Hộ nghèo", "Khuyết tật", "Ghi chú"])
    ws.append(["Nguyễn Thị Hoa", "ü", "P", "P"])
    ws.append(["Trần Văn Đức", None, "ü", "Phố"])
    ws["B2"].font = Font(name="Wingdings")
    ws["C2"].font = Font(name="Wingdings 2")
    ws["C3"].font = Font(name="Calibri")  # a real ü, in a font that draws it as ü
    path = tmp_path / "ticks.xlsx"
    wb.save(path)
    rows = _cells(path)
    assert rows[1] == ["Nguyễn Thị Hoa", "✓", "✓", "P"]
    assert rows[2][2] == "ü"
    assert read_book(path)[1] == UNICODE


WORDS = st.sampled_from(
    ["Nguyễn", "Thị", "Hoa", "Trần", "Văn", "Đức", "Hường", "phường", "Thắng", "Lợi", "hộ", "nghèo"]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=4), min_size=2, max_size=8))
def test_legacy_csv_reads_back_in_every_encoding(
    tmp_path_factory: pytest.TempPathFactory, cells: list[list[str]]
) -> None:
    """Any Vietnamese text under a roster's header, saved as VNI or TCVN3 in cp1252 or as UTF-8,
    is decoded as written and reported in its encoding. (Without the header a few words can be
    undecidable: VNI 'thò' is Unicode 'thò' and VNI 'thị'; such a file reads as Unicode.)"""
    folder = tmp_path_factory.mktemp("csv")
    rows = [["Họ và tên", "Năm sinh"], *([" ".join(words).lower(), "1950"] for words in cells)]
    for encoding, data in (
        (VNI, _csv(rows, encode_vni).encode("cp1252")),
        (TCVN3, _csv(rows, encode_tcvn3).encode("cp1252")),
        (UNICODE, _csv(rows).encode("utf-8")),
    ):
        path = folder / f"{encoding}.csv"
        path.write_bytes(data)
        book, found = read_book(path)
        assert found == encoding
        assert book.sheets[0].rows == rows


def test_reading_score_prefers_the_reading_with_syllables() -> None:
    text = "Nguyễn Thị Hoa, phường Thắng Lợi"
    assert reading_score(text)[1] == UNICODE
    assert reading_score(encode_vni(text))[1] == VNI
    assert reading_score(encode_tcvn3(text))[1] == TCVN3
    assert reading_score(encode_vni(text), legacy=False)[1] == UNICODE
    assert reading_score("plain ascii") == (0, UNICODE)


def test_txt_in_a_folder_is_sniffed_and_prose_is_one_file_error(tmp_path: Path) -> None:
    from ctg_check import api

    table = tmp_path / "danh-sach.txt"
    table.write_bytes(codecs.BOM_UTF16_LE + _csv(ROWS).replace(",", "\t").encode("utf-16-le"))
    prose = tmp_path / "ghi-chu.txt"
    prose.write_text("Kính gửi UBND phường\nDanh sách gửi kèm theo\n", encoding="utf-8")
    assert list(api.collect_files([tmp_path])) == [table, prose]
    book, _ = read_book(table)
    assert (book.format, book.text_encoding, book.sheets[0].rows[1][0]) == (
        "csv",
        "utf-16",
        "Nguyễn Thị Hoa",
    )
    with pytest.raises(FileReadError) as err:
        read_book(prose)
    assert err.value.params["kind"] == "text"

"""Reading every format by content, and naming what is not a spreadsheet."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from helpers import CORPUS, FORMATS, active, cp1258, raised

from ctg_check.reading.formats import FILE_KINDS, load_workbook

read_error = partial(raised, load_workbook)


# ------------------------------------------------------------------------------ workbooks


@pytest.fixture
def xlsx(tmp_path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = active(wb)
    ws.title = "CLB Hoa Sen"
    ws["A1"] = "UBND PHƯỜNG THẮNG TAM"
    ws.merge_cells("A1:C1")
    ws.append(["STT", "Họ và tên", "Năm sinh"])
    ws.append([1, "Nguyễn Thị Hoa", 1950])
    ws.append([2, "Trần Văn Nam", dt.date(1990, 5, 17)])
    ws.append([3, "", 1.5])
    info = wb.create_sheet("Thông tin")
    info["C4"] = "Quỹ"
    info["D4"] = True
    hidden = wb.create_sheet("DanhMuc")
    hidden["A1"] = "Nam"
    hidden.sheet_state = "hidden"
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    return path


def test_xlsx_values_origin_merged_hidden(xlsx: Path) -> None:
    book = load_workbook(xlsx)
    assert book.format == "xlsx" and book.text_encoding is None
    assert [s.name for s in book.sheets] == ["CLB Hoa Sen", "Thông tin", "DanhMuc"]
    first, info, hidden = book.sheets
    assert first.origin == (0, 0)
    assert first.merged == [(0, 0, 0, 2)]
    assert first.rows[2] == [1, "Nguyễn Thị Hoa", 1950]  # numbers as calamine gives them
    assert first.rows[3][2] == dt.date(1990, 5, 17)
    assert first.rows[4] == [3, None, 1.5]  # an empty string is None
    assert first.rows[0][1:] == [None, None]
    assert info.origin == (3, 2) and info.rows == [["Quỹ", True]]
    assert hidden.hidden and not first.hidden


def test_renamed_xlsx_is_read_by_content(xlsx: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "roster.xls"
    renamed.write_bytes(xlsx.read_bytes())
    book = load_workbook(renamed)
    assert book.format == "xlsx"
    assert book.sheets[0].rows[2][1] == "Nguyễn Thị Hoa"


@pytest.mark.parametrize("name, fmt", [("roster.xls", "xls"), ("roster.ods", "ods")])
def test_committed_xls_and_ods(name: str, fmt: str) -> None:
    book = load_workbook(FORMATS / name)
    assert book.format == fmt
    sheet = book.sheets[0]
    assert sheet.name == "CLB Hoa Sen"
    assert sheet.rows[0][0] == "UBND PHƯỜNG THẮNG TAM"
    assert sheet.rows[2][2:] == ["Nam", "Nữ"]
    assert sheet.rows[3][1:] == ["Nguyễn Thị Hoa", None, 1950]
    assert sheet.rows[4][2] == dt.date(1990, 5, 17)
    # the two-row header: title across A1:D1, STT and name down two rows, birth year over Nam/Nữ
    assert sorted(sheet.merged) == [(0, 0, 0, 3), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3)]
    assert book.sheets[1].origin == (2, 1)
    assert book.sheets[1].rows == [["Quỹ hoạt động", 1500000]]


def _rewrite_sheet(path: Path, edit: Callable[[str], str]) -> None:
    """Rewrite xl/worksheets/sheet1.xml of an xlsx in place with edit(xml) -> xml."""
    with zipfile.ZipFile(path) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    name = "xl/worksheets/sheet1.xml"
    members[name] = edit(members[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for member, data in members.items():
            dst.writestr(member, data)


def test_hostile_merge_is_clipped_to_the_data(xlsx: Path) -> None:
    _rewrite_sheet(
        xlsx,
        lambda xml: re.sub(
            r"<mergeCells.*?</mergeCells>",
            '<mergeCells count="2"><mergeCell ref="A1:XFD1048576"/>'
            '<mergeCell ref="Z100:AB200"/></mergeCells>',
            xml,
        ),
    )
    sheet = load_workbook(xlsx).sheets[0]
    assert sheet.merged == [(0, 0, 4, 2)]  # the data area; the range outside it is dropped


# ------------------------------------------------------------------------------ HTML


HTML_EXPORT = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Xuất dữ liệu</title><style>td {{ border: 1px }}</style></head>
<body>
<p>UBND PHƯỜNG THẮNG TAM</p>
<h3>DANH SÁCH THÀNH VIÊN CLB&nbsp;Hoa&nbsp;Sen</h3>
<table border="1">
 <thead>
  <tr><th rowspan="2">STT</th><th rowspan="2">Họ và tên</th><th colspan="2">Năm sinh</th></tr>
  <tr><th>Nam</th><th>Nữ</th></tr>
 </thead>
 <tbody>
  <tr><td>1</td><td>Nguyễn Thị   Hoa</td><td></td><td>1950</td></tr>
  <tr><td>2</td><td>Trần Văn&nbsp;Nam<br>Tổ 3</td><td>1990</td><td>&nbsp;</td></tr>
  <tr><td>3</td><td>Lê &amp; Lý</td><td colspan=2>{span}</td></tr>
 </tbody>
</table>
<p>Người lập biểu</p>
</body></html>
"""


def test_html_named_xls(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text(HTML_EXPORT.format(span="1955"), encoding="utf-8")
    book = load_workbook(path)
    assert book.format == "html" and book.text_encoding == "utf-8"
    (sheet,) = book.sheets
    assert sheet.name == "export"
    assert sheet.rows == [
        ["UBND PHƯỜNG THẮNG TAM", None, None, None],
        ["DANH SÁCH THÀNH VIÊN CLB Hoa Sen", None, None, None],
        ["STT", "Họ và tên", "Năm sinh", None],
        [None, None, "Nam", "Nữ"],
        ["1", "Nguyễn Thị Hoa", None, "1950"],
        ["2", "Trần Văn Nam\nTổ 3", "1990", None],
        ["3", "Lê & Lý", "1955", None],
        ["Người lập biểu", None, None, None],
    ]
    assert sorted(sheet.merged) == [(2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 2, 3), (6, 2, 6, 3)]


def test_html_legacy_charset_and_excel_sheet_names(tmp_path: Path) -> None:
    html = (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>'
        '<meta http-equiv=Content-Type content="text/html; charset=windows-1252">'
        "<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets>"
        "<x:ExcelWorksheet><x:Name>CLB Sen</x:Name></x:ExcelWorksheet>"
        "</x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]--></head>"
        "<body><table><tr><td>H&#7885; t&ecirc;n</td><td x:num>1950</td></tr>"
        "<tr><td>Caf\xe9</td><td>Nguy&#7877;n</td></tr></table></body></html>"
    )
    path = tmp_path / "web.xls"
    path.write_bytes(html.encode("cp1252"))
    book = load_workbook(path)
    assert book.text_encoding == "cp1252"  # as declared
    assert book.sheets[0].name == "CLB Sen"
    assert book.sheets[0].rows == [["Họ tên", "1950"], ["Café", "Nguyễn"]]


def test_html_huge_span_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "span.xls"
    path.write_text(
        '<table><tr><td colspan="1000" rowspan="65534">x</td></tr></table>', encoding="utf-8"
    )
    assert read_error(path).code == "file-too-large"


def test_mhtml_single_file_web_page(tmp_path: Path) -> None:
    body = "<html><body><table><tr><td>H=E1=BB=8D v=C3=A0 t=C3=AAn</td></tr></table></body></html>"
    mht = (
        "MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\n"
        'Content-Type: multipart/related; boundary="----=_NextPart"\r\n\r\n'
        "------=_NextPart\r\nContent-Location: file:///C:/x/sheet001.htm\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        'Content-Type: text/html; charset="utf-8"\r\n\r\n'
        f"{body}\r\n------=_NextPart--\r\n"
    )
    path = tmp_path / "saved.xls"
    path.write_text(mht, encoding="ascii")
    book = load_workbook(path)
    assert book.format == "html"
    assert book.sheets[0].rows == [["Họ và tên"]]


def test_web_page_without_a_table(tmp_path: Path) -> None:
    path = tmp_path / "page.xls"
    path.write_text("<html><body><p>Không tìm thấy dữ liệu</p></body></html>", encoding="utf-8")
    error = read_error(path)
    assert (error.code, error.params["what"]) == ("file-unreadable", FILE_KINDS["html"])


# ------------------------------------------------------------------------------ CSV


def test_csv_named_xls_utf8(tmp_path: Path) -> None:
    path = tmp_path / "list.xls"
    path.write_text('STT,Họ và tên,Địa chỉ\n1,Nguyễn Thị Hoa,"Phường 1, Vũng Tàu"\n2,,\n')
    book = load_workbook(path)
    assert (book.format, book.text_encoding) == ("csv", "utf-8")
    assert book.sheets[0].name == "list"
    assert book.sheets[0].rows == [
        ["STT", "Họ và tên", "Địa chỉ"],
        ["1", "Nguyễn Thị Hoa", "Phường 1, Vũng Tàu"],
        ["2", None, None],
    ]


def test_csv_utf8_sig_semicolon(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Họ và tên;Năm sinh;Ghi chú\nLê Văn A;1950;x, y\nTrần B;1960;\n", "utf-8-sig")
    book = load_workbook(path)
    assert book.text_encoding == "utf-8-sig"
    assert book.sheets[0].rows[0] == ["Họ và tên", "Năm sinh", "Ghi chú"]
    assert book.sheets[0].rows[1] == ["Lê Văn A", "1950", "x, y"]


def test_csvcp1258(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(cp1258("Họ và tên\tNăm sinh\nNguyễn Thị Hoa\t1950\n"))
    book = load_workbook(path)
    assert book.text_encoding == "cp1258"
    rows = [[unicodedata.normalize("NFC", v) for v in row] for row in book.sheets[0].rows]
    assert rows == [["Họ và tên", "Năm sinh"], ["Nguyễn Thị Hoa", "1950"]]


def test_utf16_tab_text_and_excel_sep_hint(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("Họ và tên\tNăm\r\nHoa\t1950\r\n".encode("utf-16"))
    book = load_workbook(path)
    assert book.text_encoding == "utf-16"
    assert book.sheets[0].rows == [["Họ và tên", "Năm"], ["Hoa", "1950"]]
    hinted = tmp_path / "hint.csv"
    hinted.write_text("sep=|\nA|B,C\n1|2,3\n")
    assert load_workbook(hinted).sheets[0].rows == [["A", "B,C"], ["1", "2,3"]]


# ------------------------------------------------------------------------------ SpreadsheetML

SPREADSHEET_ML = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:x="urn:schemas-microsoft-com:office:excel">
 <Worksheet ss:Name="CLB Sen">
  <Table>
   <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">UBND PHƯỜNG 1</Data></Cell></Row>
   <Row ss:Index="3">
    <Cell><Data ss:Type="String">Hoa</Data></Cell>
    <Cell ss:Index="3"><Data ss:Type="Number">1950</Data></Cell>
    <Cell><Data ss:Type="DateTime">1990-05-17T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="Boolean">1</Data></Cell>
    <Cell ss:MergeDown="1"><Data ss:Type="String"></Data></Cell>
   </Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Ẩn">
  <Table><Row><Cell><Data ss:Type="String">x</Data></Cell></Row></Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
   <Visible>SheetHidden</Visible></WorksheetOptions>
 </Worksheet>
</Workbook>
"""


def test_spreadsheetml(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text(SPREADSHEET_ML, encoding="utf-8")
    book = load_workbook(path)
    assert (book.format, book.text_encoding) == ("xml", "utf-8")
    sheet, hidden = book.sheets
    assert sheet.name == "CLB Sen" and not sheet.hidden and hidden.hidden
    assert sheet.rows == [
        ["UBND PHƯỜNG 1", None, None, None, None],
        [None, None, None, None, None],
        ["Hoa", None, 1950.0, dt.date(1990, 5, 17), True],
    ]
    assert sheet.merged == [(0, 0, 0, 2)]  # the empty MergeDown cell lies outside the data


def test_spreadsheetml_far_index_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "far.xml"
    far = (
        '<Row ss:Index="1000000"><Cell ss:Index="16000">'
        '<Data ss:Type="Number">1</Data></Cell></Row>'
    )
    path.write_text(SPREADSHEET_ML.replace("<Table>", "<Table>" + far, 1), encoding="utf-8")
    assert read_error(path).code == "file-too-large"


# ------------------------------------------------------------------------------ not spreadsheets


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("photo.txt", "not a workbook")


@pytest.mark.parametrize(
    "content, kind",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100), "jpeg"),
        (b"GIF89a" + bytes(50), "gif"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        (b"", "empty"),
        (b"  \r\n\t ", "empty"),
        (bytes(range(256)) * 8, "binary"),
        (b"Attachment f:\\reports\\roster.xls not found!", "text"),
        (b'<?xml version="1.0"?><note><to>Tove</to></note>', "xml"),
        (b"{\\rtf1\\ansi Danh s\\'e1ch}", "rtf"),
    ],
)
def test_not_a_spreadsheet(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "file.xlsx"
    path.write_bytes(content)
    error = read_error(path)
    assert (error.code, error.params["what"], error.params["kind"]) == (
        "file-unreadable",
        FILE_KINDS[kind],
        kind,
    )
    assert error.params["path"] == str(path)


@pytest.mark.parametrize("make, kind", [(_docx, "word"), (_zip, "zip")])
def test_zip_without_a_workbook(tmp_path: Path, make: Callable[[Path], None], kind: str) -> None:
    path = tmp_path / "file.xls"
    make(path)
    assert read_error(path).params["kind"] == kind


def test_truncated_workbooks(xlsx: Path, tmp_path: Path) -> None:
    cut_zip = tmp_path / "cut.xlsx"
    cut_zip.write_bytes(xlsx.read_bytes()[:3000])
    cut_ole = tmp_path / "cut.xls"
    cut_ole.write_bytes((FORMATS / "roster.xls").read_bytes()[:2000])
    for path in (cut_zip, cut_ole):
        error = read_error(path)
        assert (error.code, error.params["what"]) == ("file-unreadable", "a truncated workbook")


def test_missing_file(tmp_path: Path) -> None:
    assert read_error(tmp_path / "nowhere.xlsx").params["kind"] == "unopenable"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="peer corpus not present")
@pytest.mark.parametrize(
    "name", ["pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods", "issue_385.xls"]
)
def test_password_protected(name: str) -> None:
    error = read_error(CORPUS / "calamine" / name)
    assert (error.code, error.params["what"]) == ("file-encrypted", FILE_KINDS["encrypted"])


@pytest.mark.skipif(not CORPUS.is_dir(), reason="peer corpus not present")
@pytest.mark.parametrize(
    "name, fmt",
    [
        ("any_sheets.xlsb", "xlsb"),
        ("issue_530.xlsx", "xlsx"),  # member names with backslashes
        ("minimal_package.xlsx", "xlsx"),  # workbook found through _rels/.rels
        ("merged_cells.ods", "ods"),
    ],
)
def test_corpus_oddities_are_read(name: str, fmt: str) -> None:
    book = load_workbook(CORPUS / "calamine" / name)
    assert book.format == fmt and any(sheet.rows for sheet in book.sheets)

"""The summary workbook: sheets, numbers as numbers, no personal data, no formulas, same bytes."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import column_width, compliant_ward, write_standard, write_two_wards

from ctg_check import api
from ctg_check.i18n import label
from ctg_check.indicators import INDICATORS, Counts, share_of
from ctg_check.report import Report
from ctg_check.writers import WriteOptions
from ctg_check.writers.summary import masked, sheet_name, write_summary

ROOT = Path(__file__).resolve().parent.parent
OPTS = api.options(as_of=date(2025, 12, 1), units="vung-tau-2022")
EVIL = '=HYPERLINK("http://x","y")'
SECRET = "Trần Bí Mật"  # typed into a flag column: its value must not reach the summary
SHEETS_VI = ["Tổng hợp", "Theo phường, xã", "Theo CLB", "Chi tiết CLB", "Vấn đề dữ liệu", "Biểu đồ"]
SHEETS_EN = ["Summary", "By ward", "By club", "Club details", "Data problems", "Chart"]
KEYS = ("totals", "wards", "clubs", "clubs_full", "problems", "chart")


def _keep_as_text(path: Path) -> None:
    """openpyxl writes '=…' as a formula: store the club name as text, as a ward's file would."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    wb.save(path)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    folder = tmp_path_factory.mktemp("wards")
    # phuong-2: sex-invalid, and a flag-invalid whose value is personal
    _, path = write_two_wards(folder, EVIL, {7: {"poor": SECRET}})
    _keep_as_text(path)
    return api.validate([folder], OPTS)


@pytest.fixture(scope="module")
def written(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "tong-hop.xlsx"
    write_summary(report, out)
    return out


@pytest.fixture(scope="module")
def book(written: Path) -> Any:
    return openpyxl.load_workbook(written)


def _rows(ws: Any, first: int) -> list[tuple[Any, ...]]:
    return [
        r for r in ws.iter_rows(min_row=first, values_only=True) if any(v is not None for v in r)
    ]


def _header_row(ws: Any, text: str) -> int:
    """The row whose first cell is the STT header."""
    return next(c.row for c in ws["A"] if c.value == text)


def _table(ws: Any, lang: str = "vi") -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names (bottom header row, group names filled in) and the data rows below."""
    top = _header_row(ws, label("sum_stt", lang))
    bottom = top
    merged = {r.min_row: r for r in ws.merged_cells.ranges if r.min_col == 1 and r.min_row == top}
    if top in merged:
        bottom = merged[top].max_row
    names = [
        str(ws.cell(row=bottom, column=c).value or ws.cell(row=top, column=c).value)
        for c in range(1, ws.max_column + 1)
    ]
    return names, [r for r in _rows(ws, bottom + 1) if isinstance(r[0], int)]


def _all_text(wb: Any) -> list[str]:
    return [
        str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def test_sheets(book: Any, report: Report, tmp_path: Path) -> None:
    assert book.sheetnames == SHEETS_VI
    assert [sheet_name(k) for k in KEYS] == SHEETS_VI
    out = tmp_path / "en.xlsx"
    write_summary(report, out, WriteOptions("en", include_members=True))
    assert openpyxl.load_workbook(out).sheetnames == [*SHEETS_EN, "Members"]


def test_every_expected_ward_with_its_figures(book: Any, report: Report) -> None:
    ws = book["Theo phường, xã"]
    names, rows = _table(ws)
    assert len(report.wards) == 17
    by_name = {r[1]: dict(zip(names, r, strict=True)) for r in rows}
    assert set(by_name) == {w.name for w in report.wards}
    members = label("members")
    for w in report.wards:
        row = by_name[w.name]
        assert row[label("sum_code")] == w.code
        assert row[label("sum_n_clubs")] == w.clubs and type(row[label("sum_n_clubs")]) is int
        assert row[label("effective_clubs")] == w.effective_clubs
        assert row[label("target")] == report.plan.min_effective_clubs
        assert row[label("sum_submitted")] == label("yes" if w.submitted else "no")
        assert row[label("status")] == label(w.status or "unknown")
        assert row[members] == (w.members if w.submitted else "—")
    p1 = by_name["Phường 1"]
    assert p1[label("women_share")] == pytest.approx((32 + 40) / 110)
    assert p1[label("loan_coverage")] == pytest.approx(20 / 40)
    total = next(r for r in _rows(ws, 3) if r[1] == label("sum_total_row"))
    assert total[names.index(members)] == report.members
    assert total[names.index(label("sum_n_clubs"))] == len(report.clubs)


def test_club_sheet_to_print(book: Any, report: Report) -> None:
    """The clubs sheet to print: key counts and Đạt/Chưa đạt per indicator, on one A4 width."""
    ws = book["Theo CLB"]
    names, rows = _table(ws)
    assert len(names) == 3 + 4 + 9 + 1 and len(rows) == len(report.clubs)
    for res in report.clubs:
        row = next(r for r in rows if r[2] == res.club.name)
        c = res.counts
        assert list(row[3:7]) == [c.members, c.women, c.older, c.younger]
        assert list(row[7:16]) == [label(res.indicator(k).status) for k in INDICATORS]
        assert row[16] == label("yes" if res.effective else "no")
    header = _header_row(ws, label("sum_stt"))
    sizes = {ws.cell(row=r, column=c).font.sz for r in range(header, header + 4) for c in (1, 9)}
    assert min(sizes) >= 10
    # A4 landscape holds about 150 units at 100 %: 160 prints at 90 % or more, 10 pt as ≥ 9 pt
    assert sum(column_width(ws, i) or 0 for i in range(1, 18)) <= 160
    assert (ws.page_setup.fitToWidth or 1) == 1 and ws.print_title_rows  # 1 is the default


def test_club_details_numbers_are_numbers(book: Any, report: Report) -> None:
    ws = book["Chi tiết CLB"]
    names, rows = _table(ws)
    assert len(rows) == len(report.clubs) == 3
    col = {n: i for i, n in reversed(list(enumerate(names)))}  # first column of each name
    for res in report.clubs:
        row = next(r for r in rows if r[2] == res.club.id)
        counts = row[col[label("sum_total")] : col[label("sum_total")] + 9]
        assert list(counts) == list(res.counts.to_json().values())
        assert all(type(v) is int for v in counts)
        women = row[col[label("sum_total")] + 9]  # the first share, after the nine counts
        assert women == pytest.approx(res.counts.women / res.counts.members)
        assert row[col[label("sum_income_short")]] == res.club.info.income_fund.amount  # type: ignore[union-attr]
    first = _header_row(ws, label("sum_stt")) + 2
    share_cols = [i + 1 for i, n in enumerate(names) if n in {label("sum_loan_short")}]
    for c in share_cols:
        assert ws.cell(row=first, column=c).number_format == "0.0%"
    money = ws.cell(row=first, column=col[label("sum_income_short")] + 1)
    assert isinstance(money.value, int) and money.number_format == "#,##0"
    assert ws.freeze_panes and ws.auto_filter.ref and ws.print_title_rows


def test_shares_have_a_percent_format(book: Any) -> None:
    ws = book["Theo phường, xã"]
    names, _ = _table(ws)
    row = _header_row(ws, label("sum_stt")) + 1  # Phường 1
    for key in ("women_share", "older_share", "younger_share", "loan_coverage"):
        cell = ws.cell(row=row, column=names.index(label(key)) + 1)
        assert isinstance(cell.value, float) and cell.number_format.endswith("%")
    totals = book["Tổng hợp"]
    values = [c for c in totals["C"] if isinstance(c.value, float)]
    assert values and all(c.number_format == "0.0%" for c in values)


def test_totals_sheet(book: Any, report: Report) -> None:
    ws = book["Tổng hợp"]
    text = _all_text(book)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert label("sum_title", year=2025) in text
    assert label("sum_recipient", recipient=report.plan.recipient) in text
    assert any("01/12/2025" in t and "10/12/2025" in t for t in text)
    assert ws["A1"].value == report.plan.issuer and ws["A1"].font.b
    by_item = {r[1]: r for r in _rows(ws, 1) if isinstance(r[0], int)}
    for ind in report.indicators:
        row = by_item[label(ind.id)]
        assert row[2] == pytest.approx(float(ind.value or 0))
        assert row[4] == label(ind.status)
    assert by_item[label("sum_members")][2] == report.members
    assert by_item[label("sum_clubs")][2] == 3
    assert by_item[label("sum_wards_expected")][2] == 17
    assert by_item[label("sum_wards_submitted")][2] == 2
    assert by_item[label("sum_files_read")][2] == 2
    assert label("sum_aggregates_only") in text


def test_statuses_are_coloured(book: Any) -> None:
    ws = book["Tổng hợp"]
    fills = {c.value: c.fill.fgColor.rgb[-6:] for c in ws["E"] if c.value in {"Đạt", "Chưa đạt"}}
    assert fills.get("Chưa đạt") == "FFC7CE"
    ward = book["Theo phường, xã"]
    met = [c for row in ward.iter_rows() for c in row if c.value == "Đạt"]
    assert met and all(c.fill.fgColor.rgb[-6:] == "C6EFCE" for c in met)


def test_a_formula_in_a_name_stays_text(written: Path, book: Any, report: Report) -> None:
    assert any(c.club.name == EVIL for c in report.clubs)
    cells = [
        cell
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value == EVIL
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(written) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(z.read(n).decode() for n in sheets)
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert "HYPERLINK" in strings


def test_no_personal_data_without_members(book: Any, report: Report) -> None:
    names = [m.name for c in report.clubs for m in c.club.members]
    assert len(names) == 110 + 52
    text = "\n".join(_all_text(book))
    leaked = [n for n in names if n in text]
    assert leaked == []
    assert SECRET not in text and "«K»" not in text
    problems = book["Vấn đề dữ liệu"]
    codes = {r[6]: r for r in _rows(problems, 3) if isinstance(r[0], int)}
    assert {"sex-invalid", "flag-invalid"} <= set(codes)
    assert "«…»" in codes["flag-invalid"][7] and codes["flag-invalid"][1] == "phuong-2.xlsx"
    assert codes["sex-invalid"][3] == "E5"  # the fourth member, row 5


def test_members_sheet_on_request(report: Report, tmp_path: Path) -> None:
    out = tmp_path / "with-members.xlsx"
    write_summary(report, out, WriteOptions(include_members=True))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [*SHEETS_VI, "Thành viên"]
    ws = wb["Thành viên"]
    _, rows = _table(ws)
    names = {r[3] for r in rows}
    assert names == {m.name for c in report.clubs for m in c.club.members}
    first = "\n".join(str(c.value) for row in wb["Tổng hợp"].iter_rows() for c in row if c.value)
    assert label("sum_personal", sheet="Thành viên") in first
    assert label("sum_aggregates_only") not in first


def test_same_bytes_twice(report: Report, tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_summary(report, a, WriteOptions(include_members=True))
    write_summary(report, b, WriteOptions(include_members=True))
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temp file


def test_page_setup_on_every_sheet(book: Any) -> None:
    """A4, fitted to the width, page numbers on every sheet; the header rows repeated on every
    table sheet; page 1 is a portrait document with the decree's margins; the 34-column sheet
    prints two pages across with the club's columns repeated."""
    for ws in book.worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9, ws.title
        assert "&P" in ws.oddFooter.center.text, ws.title
        if ws.title == "Chi tiết CLB":  # two pages across at 100 %, split before the funds
            fit = ws.sheet_properties.pageSetUpPr
            assert not (fit and fit.fitToPage) and (setup.scale or 100) == 100
            assert [b.id for b in ws.col_breaks.brk] == [18]
            continue
        assert (setup.fitToWidth or 1) == 1 and int(setup.fitToHeight) == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        portrait = ws.title == "Tổng hợp"
        assert setup.orientation == ("portrait" if portrait else "landscape"), ws.title
    for title in SHEETS_VI[1:5]:
        assert book[title].print_title_rows, title
    assert book["Chi tiết CLB"].print_title_cols.replace("$", "") == "A:D"
    first = book["Tổng hợp"].page_margins
    assert (first.left, first.right) == pytest.approx((30 / 25.4, 15 / 25.4), abs=0.01)


def test_chart_of_effective_clubs_against_the_target(written: Path, book: Any) -> None:
    with zipfile.ZipFile(written) as z:
        charts = [n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    assert "<c:barChart>" in xml and "<c:lineChart>" in xml
    ws = book["Theo phường, xã"]
    names, rows = _table(ws)
    first = _header_row(ws, label("sum_stt")) + 1
    last = first + len(rows) - 1
    for key in ("effective_clubs", "target"):  # the 17 wards' values, not the total row
        letter = openpyxl.utils.get_column_letter(names.index(label(key)) + 1)
        assert f"'Theo phường, xã'!${letter}${first}:${letter}${last}" in xml


def test_loan_share_follows_the_plan() -> None:
    c = Counts({"members": 10, "loan_needed": 4, "loan_received": 3, "loan_covered": 2})
    needing = INDICATORS["loan_coverage"]
    members = replace(needing, count="loan_received", of="members")
    assert share_of(c, needing) == Fraction(1, 2)
    assert share_of(c, members) == Fraction(3, 10)
    assert share_of(Counts(), needing) is None


def test_masked_hides_personal_parameters() -> None:
    assert masked({"value": "Nguyễn Văn A", "column_name": "Hộ nghèo", "other": 4}) == {
        "value": "…",
        "column_name": "Hộ nghèo",
        "other": 4,
    }


def test_sample_data(tmp_path: Path) -> None:
    report = api.validate(
        [ROOT / "sample_data"], api.options(as_of=date(2025, 12, 10), units="vung-tau-2022")
    )
    out = tmp_path / "tong-hop.xlsx"
    write_summary(report, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == SHEETS_VI
    _, wards = _table(wb["Theo phường, xã"])
    assert [r[1] for r in wards] == [w.name for w in report.wards] and len(wards) == 17
    _, clubs = _table(wb["Theo CLB"])
    assert len(clubs) == len(report.clubs)
    assert sum(r[3] for r in clubs) == report.members
    _, details = _table(wb["Chi tiết CLB"])
    assert sum(r[5] for r in details) == report.members
    _, problems = _table(wb["Vấn đề dữ liệu"])
    unreadable = sum(f.status != "read" for f in report.files)
    assert len(problems) == len(report.problems) + unreadable
    text = "\n".join(_all_text(wb))
    assert not [m.name for c in report.clubs for m in c.club.members if m.name in text]
    assert "sample_data/" not in text  # files are named by their base name


def test_plan_without_a_ward_minimum(report: Report, tmp_path: Path) -> None:
    folder = Path(report.files[0].path).parent
    national = api.validate([folder], api.options(plan="national-1336", as_of=date(2025, 12, 1)))
    out = tmp_path / "national.xlsx"
    write_summary(national, out)
    ws = openpyxl.load_workbook(out)["Theo phường, xã"]
    names, rows = _table(ws)
    p1 = dict(zip(names, next(r for r in rows if r[1] == "Phường 1"), strict=True))
    assert p1[label("target")] == "—" and p1[label("status")] == "—"
    assert p1[label("loan_coverage")] == pytest.approx(20 / 110)  # received over all members


def test_unreadable_file_is_listed(tmp_path: Path) -> None:
    clubs, members = compliant_ward()
    write_standard(tmp_path / "phuong-1.xlsx", clubs, members)
    (tmp_path / "hong.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "out" / "tong-hop.xlsx"
    out.parent.mkdir()
    write_summary(api.validate([tmp_path], OPTS), out)
    wb = openpyxl.load_workbook(out)
    _, problems = _table(wb["Vấn đề dữ liệu"])
    assert [(r[1], r[5], r[6]) for r in problems] == [("hong.xlsx", "Lỗi", "file-unreadable")]
    items = {r[1]: r[2] for r in _rows(wb["Tổng hợp"], 1) if isinstance(r[0], int)}
    assert items[label("sum_files_read")] == 1 and items[label("sum_files_unreadable")] == 1


def test_signature_block_is_moved_whole_to_the_next_page() -> None:
    from ctg_check.writers.book import Sheet
    from ctg_check.writers.summary import _keep_together

    ws = Sheet("x")
    for r in range(1, 40):
        ws.heights[r] = 20  # an A4 page between the decree's margins holds 728 pt
    _keep_together(ws, 10, 15)
    assert not ws.row_breaks
    _keep_together(ws, 34, 39)  # rows 34-39 lie at 660-780 pt: across the page end
    assert ws.row_breaks == [33]

"""Stage 1 of the reader, in process: what each row of a sheet is."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ctg_check.plan import load_plan
from ctg_check.reading import tables as t
from ctg_check.reading.formats import RawSheet
from ctg_check.reading.headers import club_lookup

LOOKUP = club_lookup(load_plan("vung-tau-2022"))


def test_two_row_merged_header_maps_birth_under_nam_and_nu() -> None:
    sheet = RawSheet(
        "DS1",
        [
            ["STT", "Họ và tên", "Năm sinh", None, "Ghi chú"],
            [None, None, "Nam", "Nữ", None],
            ["A", "B", 1, 2, 3],
        ],
        merged=[(0, 2, 0, 3), (0, 0, 1, 0), (0, 1, 1, 1), (0, 4, 1, 4)],
    )
    t.fill_merged(sheet)
    header = t.find_header(sheet.rows, 0, LOOKUP)
    assert header is not None and header.kind == "member" and header.last == 1
    assert header.fields["birth_male"] == 2 and header.fields["birth_female"] == 3
    assert t.is_number_row(sheet.rows[2])


def test_club_table_header() -> None:
    grid = [["STT", "Tên CLB", "Quỹ tăng thu nhập", "Quỹ hoạt động", "Có quy chế"]]
    header = t.find_header(grid, 0, LOOKUP)
    assert header is not None and header.kind == "club"


def test_a_header_read_again_is_placed_where_it_is_now() -> None:
    header_rows: list[list[Any]] = [
        ["STT", "Họ và tên", "Năm sinh", None],
        [None, None, "Nam", "Nữ"],
    ]
    first = t.find_header([*header_rows, [1, "Lê An", 1950, None]], 0, LOOKUP)
    grid: list[list[Any]] = [["DANH SÁCH"], *header_rows, [1, "Lê Bình", None, 1952]]
    again = t.find_header(grid, 1, LOOKUP)  # the same rows, remembered
    assert first is not None and again is not None and (first.first, first.last) == (0, 1)
    assert (again.first, again.last) == (1, 2) and again.fields == first.fields
    again.fields.clear()  # each caller has its own fields: the remembered header is unchanged
    assert t.find_header(grid, 1, LOOKUP) == replace(first, first=1, last=2)
    across = [["Tên CLB", "Hoạt động riêng", "Quỹ hoạt động"]]
    plan = load_plan("vung-tau-2022")
    acts = tuple(replace(a, synonyms=("hoat dong rieng",)) for a in plan.activities)
    other = club_lookup(replace(plan, activities=acts))
    assert other is not LOOKUP and other is club_lookup(replace(plan, activities=acts))
    found = t.find_header(across, 0, other)
    assert found is not None and found.fields.get("activity:" + acts[0].id) == 1
    assert t.find_header(across, 0, LOOKUP) != found  # another vocabulary, read anew


def test_a_very_wide_header_is_read_but_not_remembered() -> None:
    wide: list[Any] = ["STT", "Họ và tên", "Năm sinh", "Giới tính", *([None] * 5000)]
    t._KNOWN_HEADERS.clear()
    header = t.find_header([wide, [1, "Lê An", 1950, "Nam"]], 0, LOOKUP)
    assert header is not None and header.kind == "member" and header.fields["name"] == 1
    assert not t._KNOWN_HEADERS  # a hostile sheet's rows do not stay in a worker's memory


def test_no_header_in_a_title_line() -> None:
    assert t.find_header([["DANH SÁCH THÀNH VIÊN CLB KHU PHỐ 1"]], 0, LOOKUP) is None


def test_totals_signatures_sections() -> None:
    assert t.is_total(["Tổng cộng", None, 25])
    assert t.is_total(["Cộng CLB"])
    assert not t.is_total(["Nguyễn Văn Cộng"])
    assert t.is_signature(["Người lập biểu", None, "TM. BAN CHỦ NHIỆM"], {})
    assert t.is_signature(["Thắng Tam, ngày 05 tháng 12 năm 2025"], {})
    assert t.section_title(["I", "CLB Khu phố 3"]) == "CLB Khu phố 3"
    assert t.section_title(["CLB Khu phố 3"]) == "CLB Khu phố 3"
    assert t.section_title(["Nguyễn Văn An", 1950]) is None


def test_title_lines_name_ward_club_and_date() -> None:
    assert t.issuer_ward(["UBND PHƯỜNG THẮNG TAM"]) == "Phường Thắng Tam"
    assert t.issuer_ward(["HỘI NGƯỜI CAO TUỔI XÃ LONG SƠN"]) == "Xã Long Sơn"
    assert t.title_club(["DANH SÁCH THÀNH VIÊN CLB LTHTGN KHU PHỐ 2"]) == "CLB LTHTGN KHU PHỐ 2"
    assert t.report_date(["Thắng Tam, ngày 05 tháng 12 năm 2025"]) == date(2025, 12, 5)
    assert t.report_date(["(Kèm theo Quyết định số 12 ngày 15 tháng 1 năm 2025)"]) is None
    merged = ["UBND PHƯỜNG THẮNG TAM", "UBND PHƯỜNG THẮNG TAM", None, 3, "Ngày 5"]
    assert t.texts(merged) == ["UBND PHƯỜNG THẮNG TAM", "Ngày 5"]  # a merged line read once
    assert t.issuer_ward(merged) == "Phường Thắng Tam"


def test_plain_name() -> None:
    assert t.plain_name("Nguyễn Thị Hoa")
    for text in ("Họ và tên", "Tổng cộng", "Người lập biểu", "CLB Khu phố 1", "B", "12"):
        assert not t.plain_name(text), text

"""The reader's walk over whole sheets, in process: every shape of DESIGN.md 3a on a small grid,
row accounting by kind, and a property test that noise never costs or invents a member."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctg_check.plan import load_plan
from ctg_check.reading.formats import RawSheet, RawWorkbook
from ctg_check.reading.load import read_book
from ctg_check.reading.roster import Reading, parse_workbook
from ctg_check.units import load_units

PLAN = load_plan("vung-tau-2022")
AS_OF = date(2025, 12, 10)
HEAD = ["STT", "Họ và tên", "Giới tính", "Năm sinh", "Hộ nghèo", "Ghi chú"]
NAMES = [f"{f} {m} {g}" for f in ("Nguyễn", "Trần", "Lê") for m in ("Văn", "Thị") for g in "ABCDE"]


def read(*sheets: RawSheet, path: str = "w.xlsx", units: str | None = None) -> Reading:
    book = RawWorkbook(path, "xls", list(sheets))
    return parse_workbook(book, PLAN, AS_OF, units=load_units(units) if units else None)


def members(n: int, start: int = 0) -> list[list[Any]]:
    return [
        [i + 1, NAMES[start + i], "Nữ" if i % 2 else "Nam", 1950 + i, None, None] for i in range(n)
    ]


def codes(reading: Reading) -> Counter[str]:
    return Counter(p.code for p in reading.problems)


def accounted(reading: Reading) -> bool:
    rows = reading.rows
    return (
        rows.read
        == rows.members + rows.rejected + rows.other
        == rows.members + rows.rejected + sum(reading.kinds.values())
    )


def test_ward_from_an_issuer_over_two_lines() -> None:
    grid: list[list[Any]] = [
        ["ỦY BAN NHÂN DÂN", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["PHƯỜNG THẮNG TAM"],
        HEAD,
        *members(3),
    ]
    assert read(RawSheet("CLB Khu phố 1", grid)).ward == "Phường Thắng Tam"


def test_ward_from_a_title_in_capitals_is_not_a_club() -> None:
    title = "DANH SÁCH THÀNH VIÊN CLB LIÊN THẾ HỆ - PHƯỜNG NGUYỄN AN NINH"
    reading = read(RawSheet("CLB Khu phố 2", [[title], HEAD, *members(3)]))
    assert reading.ward == "Phường Nguyễn An Ninh"
    assert [c.name for c in reading.clubs] == ["CLB LIÊN THẾ HỆ"]


def test_ward_from_the_file_name_said_so() -> None:
    reading = read(
        RawSheet("CLB 1", [HEAD, *members(2)]), path="ds-thang-tam.xlsx", units="vung-tau-2022"
    )
    assert reading.ward == "Phường Thắng Tam"
    assert codes(reading)["ward-from-file-name"] == 1
    two = read(
        RawSheet("CLB 1", [HEAD, *members(2)]),
        path="thang-tam-thang-nhi.xlsx",
        units="vung-tau-2022",
    )
    assert two.ward is None  # the name matches two units: no guess


def test_age_column() -> None:
    grid: list[list[Any]] = [
        ["STT", "Họ và tên", "Giới tính", "Tuổi"],
        [1, "Lê Văn A", "Nam", 70],
        [2, "Lê Thị B", "Nữ", "45"],
    ]
    m = read(RawSheet("CLB 1", grid)).clubs[0].members
    assert [(x.birth_year, x.age(AS_OF)) for x in m] == [(1955, 70), (1980, 45)]


def test_lone_nu_tick_column() -> None:
    grid: list[list[Any]] = [
        ["STT", "Họ và tên", "Năm sinh", "Nữ"],
        [1, "Lê Văn A", 1950, None],
        [2, "Lê Thị B", 1960, "x"],
    ]
    reading = read(RawSheet("CLB 1", grid))
    assert [x.sex for x in reading.clubs[0].members] == ["M", "F"]
    assert codes(reading) == {"club-info-missing": 1}


def test_sex_codes_with_a_legend_under_the_table_or_none() -> None:
    rows: list[list[Any]] = [[1, "Lê Văn A", 1, 1950], [2, "Lê Thị B", 2, 1960]]
    below = [["STT", "Họ và tên", "Giới tính", "Năm sinh"], *rows, [], ["Ghi chú: 1: Nam; 2: Nữ"]]
    assert [x.sex for x in read(RawSheet("CLB", below)).clubs[0].members] == ["M", "F"]
    none = read(RawSheet("CLB", [["STT", "Họ và tên", "Giới tính", "Năm sinh"], *rows]))
    assert [x.sex for x in none.clubs[0].members] == [None, None]
    assert codes(none) == {"sex-ambiguous": 1, "club-info-missing": 1}  # one for the column


def test_same_club_name_in_two_wards_is_two_clubs() -> None:
    head = ["STT", "Phường/Xã", "Tên CLB", "Họ và tên", "Giới tính", "Năm sinh"]
    grid: list[list[Any]] = [head] + [
        [i, w, "CLB Khu phố 1", NAMES[i], "Nam", 1950]
        for i, w in enumerate(["Phường 1", "Phường 1", "Phường 2"])
    ]
    clubs = read(RawSheet("DS", grid)).clubs
    assert sorted((c.ward, len(c.members)) for c in clubs) == [("Phường 1", 2), ("Phường 2", 1)]


def test_sections_closed_by_subtotals_restart_numbering() -> None:
    grid: list[list[Any]] = [
        HEAD,
        ["I", "CLB Khu phố 1"],
        *members(3),
        ["Cộng", None, None, 3, 1],
        ["II", "CLB Khu phố 2"],
        *members(2, 3),
        [None, None, None, 2, 2, None],
        ["III", "CLB Khu phố 3"],
        *members(2, 5),
        ["Cộng CLB Khu phố 3"],
    ]
    reading = read(RawSheet("DS", grid))
    assert sorted((c.name, len(c.members)) for c in reading.clubs) == [
        ("CLB Khu phố 1", 3),
        ("CLB Khu phố 2", 2),
        ("CLB Khu phố 3", 2),
    ]
    assert reading.kinds["total"] == 3 and reading.rows.rejected == 0 and accounted(reading)


def test_footers_and_rows_after_them() -> None:
    footer = [
        [None, "Tổng số: 3 người (Nam 2, Nữ 1)"],
        [None, "Tổng cộng: 4 thành viên (đã trừ 1 người đã mất)"],
    ]
    reading = read(RawSheet("CLB 1", [HEAD, *members(3), *footer, *members(1, 3)]))
    assert reading.rows.members == 3 and reading.kinds["after-footer"] == 1
    assert reading.kinds["total"] == 2
    assert codes(reading)["row-after-footer"] == 1 and accounted(reading)


def test_leavers_are_other_rows_listed() -> None:
    rows = members(4)
    rows[1][5], rows[3][5] = "Đã mất", "chuyển nơi khác"
    reading = read(RawSheet("CLB 1", [HEAD, *rows]))
    assert reading.rows.members == 2 and reading.kinds["left"] == 2
    assert codes(reading)["member-left"] == 2


def test_club_table_across() -> None:
    info: list[list[Any]] = [
        ["Nội dung", "CLB Khu phố 1", "CLB Khu phố 2"],
        ["Quỹ tăng thu nhập", "15 triệu", 0],
        ["Có quy chế", "Có", "Không"],
        ["Số buổi sinh hoạt", 12, 10],
    ]
    reading = read(
        RawSheet("CLB Khu phố 1", [HEAD, *members(2)]),
        RawSheet("CLB Khu phố 2", [HEAD, *members(2, 2)]),
        RawSheet("TT", info),
    )
    by_name = {c.name: c.info for c in reading.clubs}
    one, two = by_name["CLB Khu phố 1"], by_name["CLB Khu phố 2"]
    assert one is not None and two is not None
    assert (one.income_fund.amount, one.regulation, two.regulation, two.meetings) == (
        15_000_000,
        True,
        False,
        10,
    )
    assert one.place.cell == "B1" and not codes(reading) and accounted(reading)


def test_name_split_over_two_cells() -> None:
    sheet = RawSheet(
        "CLB 1",
        [["STT", "Họ và tên", None, "Năm sinh", "Giới tính"], [1, "Nguyễn Thị", "Hoa", 1950, "Nữ"]],
        merged=[(0, 1, 0, 2)],
    )
    assert [m.name for m in read(sheet).clubs[0].members] == ["Nguyễn Thị Hoa"]


def test_unknown_column_with_data_one_warning() -> None:
    grid = [[*HEAD, "Sở thích"], *[[*row, "hát"] for row in members(3)]]
    reading = read(RawSheet("CLB 1", grid))
    unknown = [p for p in reading.problems if p.code == "column-unrecognised"]
    assert [(p.place.cell, p.params["column_name"]) for p in unknown] == [("G1", "Sở thích")]


def test_member_like_row_above_the_table() -> None:
    reading = read(RawSheet("CLB 1", [["Lê Văn Tám", "Nam", 1950], HEAD, *members(2)]))
    assert [
        (p.code, p.place.cell) for p in reading.problems if p.code == "row-looks-like-member"
    ] == [("row-looks-like-member", "A1")]


# --- noise never loses or invents a member ------------------------------------------------------

NOISE: dict[str, list[list[Any]]] = {
    "blank": [[None] * 6, [None] * 6],
    "note": [[None, "Ghi chú: danh sách đã được Ban chủ nhiệm thông qua ngày 01/12"]],
    "numbers": [["A", "B", 1, 2, 3, 4]],
    "star": [["* Thành viên mới kết nạp trong năm"]],
}


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=12),
    inserts=st.lists(
        st.tuples(st.integers(0, 12), st.sampled_from([*NOISE, "section"])), max_size=6
    ),
    extra=st.booleans(),
)
def test_noise_is_accounted_for_and_members_all_counted(
    n: int, inserts: list[tuple[int, str]], extra: bool
) -> None:
    rows = members(n)
    expected_other = Counter[str]()
    sections = 0
    for at, kind in sorted(inserts, key=lambda x: -x[0]):
        at = min(at, len(rows))
        if kind == "section":  # a subtotal closing the list so far and a section opening the rest
            sections += 1
            block: list[list[Any]] = [["Cộng", None, None, 5, 2], ["II", f"CLB Khu phố {sections}"]]
            expected_other.update({"total": 1, "section": 1})
        else:
            block = [list(r) for r in NOISE[kind]]
            expected_other[{"blank": "", "numbers": "number-row"}.get(kind, "note")] += (
                kind != "blank"
            )
        rows[at:at] = block
    head = list(HEAD)
    if extra:  # a column the vocabulary does not know, with data
        head.append("Sở thích")
        rows = [[*r, "Cầu lông" if len(r) > 1 and r[1] in NAMES else None] for r in rows]
    reading = read(RawSheet("CLB Khu phố 0", [head, *rows]))
    got = sorted(m.name for c in reading.clubs for m in c.members)
    assert got == sorted(NAMES[:n])
    assert reading.rows.rejected == 0
    assert reading.kinds.get("header") == 1
    for kind, count in expected_other.items():
        if kind:
            assert reading.kinds.get(kind, 0) == count, (kind, reading.kinds)
    assert accounted(reading)
    assert codes(reading)["column-unrecognised"] == int(extra)


# --- the shape fixtures, in process (tests/test_fixtures.py reads them through the CLI's pool) --

ROSTERS = Path(__file__).resolve().parent / "data" / "rosters"
EXPECTED = json.loads((ROSTERS / "expected.json").read_text(encoding="utf-8"))
SHAPE_FILES = [f for f in EXPECTED["files"] if f["layout"] == "shape"]


@pytest.mark.parametrize("exp", SHAPE_FILES, ids=[f["path"] for f in SHAPE_FILES])
def test_shape_fixture_in_process(exp: dict[str, Any]) -> None:
    book, _ = read_book(ROSTERS / exp["path"])
    reading = parse_workbook(book, PLAN, AS_OF, units=load_units(EXPECTED["units"]))
    assert {"members": reading.rows.members, "rejected": reading.rows.rejected} == exp["rows"]
    assert reading.kinds.get("left", 0) == len(exp["left"])
    assert len(reading.clubs) == len(exp["clubs"]) and accounted(reading)
    left = {(p.place.sheet, p.place.cell) for p in reading.problems if p.code.startswith("member-")}
    assert left == {
        (p["sheet"], p["cell"]) for p in exp["problems"] if p["code"].startswith("member-")
    }


def test_a_member_pasted_into_the_instructions_sheet_is_said_at_its_cell() -> None:
    guide: list[list[Any]] = [
        ["HƯỚNG DẪN ĐIỀN BIỂU MẪU"],
        ["Cột", "Nội dung"],
        [None, None],
        [None, "Trần Thị Bích", "Nữ", 1956],  # typed into the wrong sheet
    ]
    reading = read(RawSheet("Hướng dẫn", guide), RawSheet("CLB 1", [HEAD, *members(3)]))
    assert reading.rows.members == 3 and accounted(reading)
    warned = [p for p in reading.problems if p.code == "row-looks-like-member"]
    assert [(p.place.sheet, p.place.cell, p.params["name"]) for p in warned] == [
        ("Hướng dẫn", "B4", "Trần Thị Bích")
    ]

"""Reading the standard layout: headers by synonym (never by position), counts, row accounting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from helpers import club_members, club_row, compliant_ward, write_members_csv, write_standard

from ctg_check import api

AS_OF = date(2025, 12, 1)
OPTS = api.options(as_of=AS_OF)


# The counts of club_members("…") with its defaults: 50 members, 32 women, 32 older, 20 needing
# a loan and 10 of them with one.
FIFTY = {
    "members": 50,
    "women": 32,
    "older": 32,
    "younger": 18,
    "sex_unknown": 0,
    "age_unknown": 0,
    "disadvantaged": 0,
    "loan_needed": 20,
    "loan_received": 10,
}


def counts(report: api.Report, club_id: str) -> dict[str, int]:
    club = next(c for c in report.clubs if c.club.id == club_id)
    return club.counts.to_json()


def test_compliant_ward_counts(compliant_file: Path) -> None:
    report = api.validate([compliant_file], OPTS)
    assert counts(report, "P1-01") == FIFTY
    assert counts(report, "P1-02")["members"] == 60
    sub = report.files[0]
    assert (sub.rows.read, sub.rows.members, sub.rows.rejected, sub.rows.other) == (114, 110, 0, 4)
    assert report.exit_code() == 0
    assert [w.name for w in report.wards] == ["Phường 1"]
    assert report.wards[0].effective_clubs == 2


def test_headers_by_synonym_in_any_order_and_spelling(tmp_path: Path) -> None:
    clubs, members = compliant_ward()
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Thong tin CLB"
    ws.append(
        [
            "TÊN CLB",
            "ma clb",
            "Quy che",
            "Quỹ hoạt động",
            "QUỸ TĂNG THU NHẬP",
            "Phường, xã",
            "Tăng thu nhập",
            "Sức khỏe",
            "Chăm sóc tại nhà",
            "Tự giúp nhau",
            "Quyền lợi",
            "Truyền thông",
            "Văn hóa, văn nghệ",
            "Huy động nguồn lực",
        ]
    )
    for c in clubs:
        ws.append(
            [
                c["club_name"],
                c["club_id"],
                "x",
                "2.000.000 đ",
                "10.000.000",
                "P.1",
                "x",
                "x",
                "x",
                "x",
                "x",
                "x",
                "x",
                "x",
            ]
        )
    ms = wb.create_sheet("DS")
    ms.append(
        [
            "Ho va ten",
            "Gioi tinh",
            "Nam sinh",
            "Ma CLB",
            "Số TT",
            "Nhu cầu vay vốn",
            "Được vay vốn",
            "HCN",
        ]
    )
    for m in members:
        ms.append(
            [
                m["name"],
                m["sex"],
                m["birth"],
                m["club_id"],
                m["stt"],
                m["loan_needed"],
                m["loan_received"],
                "x" if m["stt"] % 10 == 0 else None,
            ]
        )
    path = tmp_path / "synonyms.xlsx"
    wb.save(path)
    report = api.validate([path], OPTS)
    assert counts(report, "P1-01") == {**FIFTY, "disadvantaged": 5}
    assert report.problems == []
    assert report.exit_code() == 0
    assert report.clubs[0].club.ward == "P.1"


def test_csv_members_only(tmp_path: Path) -> None:
    members = club_members("A", size=55, women=36, older=34)
    path = write_members_csv(tmp_path / "a.csv", members)
    report = api.validate([path], OPTS)
    assert report.files[0].format == "csv"
    assert counts(report, "A")["members"] == 55
    assert counts(report, "A")["women"] == 36
    assert [p.code for p in report.problems] == ["club-info-missing"]


def test_csv_cp1258(tmp_path: Path) -> None:
    members = club_members("A", size=50)
    path = write_members_csv(tmp_path / "a.csv", members, encoding="cp1258")
    report = api.validate([path], OPTS)
    assert counts(report, "A")["women"] == 32
    assert report.clubs[0].club.members[0].name.startswith("Thành viên")


def test_every_row_is_accounted_for(tmp_path: Path) -> None:
    members = club_members("A")
    members.insert(5, {"stt": 99, "club_id": "A", "birth": 1950, "sex": "Nữ"})  # no name
    members.insert(8, {"stt": 100})  # a numbered empty row: not a member, not an error
    path = write_standard(tmp_path / "x.xlsx", [club_row("A", "CLB A")], members)
    report = api.validate([path], OPTS)
    rows = report.files[0].rows
    assert rows.read == rows.members + rows.rejected + rows.other
    assert (rows.members, rows.rejected) == (50, 1)
    missing = [p for p in report.problems if p.code == "member-name-missing"]
    assert [p.place.cell for p in missing] == ["C7"]


def test_value_problems_have_cells(tmp_path: Path) -> None:
    members = club_members("A")
    members[0]["sex"] = "K"
    members[1]["birth"] = 1850
    members[2]["loan_needed"] = "?"
    members[3].update(loan_needed="Không", loan_received="Có")
    members[4]["name"] = members[5]["name"]
    path = write_standard(tmp_path / "x.xlsx", [club_row("A", "CLB A")], members)
    report = api.validate([path], OPTS)
    found = {(p.code, p.place.cell, p.severity) for p in report.problems}
    assert found == {
        ("sex-invalid", "E2", "error"),
        ("birth-invalid", "D3", "error"),
        ("flag-invalid", "K4", "warning"),
        ("loan-without-need", "L5", "warning"),
        ("duplicate-member", "C7", "error"),
    }
    c = counts(report, "A")
    assert (c["sex_unknown"], c["age_unknown"]) == (1, 1)


def test_club_info_and_members_mismatch(tmp_path: Path) -> None:
    path = write_standard(
        tmp_path / "x.xlsx",
        [club_row("A", "CLB A"), club_row("B", "CLB B")],
        club_members("A") + club_members("C"),
    )
    report = api.validate([path], OPTS)
    codes = sorted(p.code for p in report.problems)
    assert codes == ["club-info-missing", "club-without-members"]
    assert len(report.clubs) == 3


def test_units_list_adds_missing_wards(compliant_file: Path) -> None:
    opts = api.options(as_of=AS_OF, units="vung-tau-2022")
    report = api.validate([compliant_file], opts)
    assert len(report.wards) == 17
    assert sum(w.submitted for w in report.wards) == 1
    share = next(i for i in report.indicators if i.id == "wards_meeting_target")
    assert share.status == "not_met" and float(share.value or 0) == 1 / 17


def test_sex_marked_with_x_under_gioi_tinh(tmp_path: Path) -> None:
    """Giới tính merged over Nam | Nữ, with an x in one of them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "KP2"
    ws.append(["UBND PHƯỜNG 7"])
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", None, "Ghi chú"])
    ws.append([None, None, None, "Nam", "Nữ", None])
    ws.merge_cells("D2:E2")
    for cell in ("A2:A3", "B2:B3", "C2:C3", "F2:F3"):
        ws.merge_cells(cell)
    ws.append([1, "Trần Thị Mai", 1950, None, "x"])
    ws.append([2, "Lê Văn Hùng", 1952, "x", None])
    ws.append([3, "Phạm Thị Lan", 1990, "x", "x"])
    ws.append([4, "Đỗ Văn Tư", 1991, None, None])
    path = tmp_path / "gioi-tinh.xlsx"
    wb.save(path)
    report = api.validate([path], OPTS)
    c = report.clubs[0].counts.to_json()
    assert (c["members"], c["women"], c["sex_unknown"]) == (4, 1, 2)
    found = sorted((p.code, p.place.cell) for p in report.problems if p.code.startswith("sex"))
    assert found == [("sex-ambiguous", "D6"), ("sex-missing", "D7")]
    assert report.clubs[0].club.ward == "Phường 7"


def test_one_circumstances_column_and_grouped_flags(tmp_path: Path) -> None:
    """'Hoàn cảnh' alone names one column of text; over sub-columns it is only a group header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Hoàn cảnh", "Phường/Xã"])
    ws.append([1, "Trần Thị Mai", 1950, "Nữ", "Hộ nghèo", "Phường 1"])
    ws.append([2, "Lê Thị Hoa", 1952, "Nữ", "Cận nghèo, khuyết tật", "Phường 1"])
    ws.append([3, "Phạm Văn Lâm", 1990, "Nam", None, "Phường 1"])
    ws.append([4, "Đỗ Thị Tư", 1991, "Nữ", "không rõ lắm", "Phường 1"])
    flat = tmp_path / "dien.xlsx"
    wb.save(flat)
    report = api.validate([flat], OPTS)
    members = report.clubs[0].club.members
    assert [(m.poor, m.near_poor, m.disabled) for m in members] == [
        (True, False, False),
        (False, True, True),
        (False, False, False),
        (False, False, False),
    ]
    assert report.clubs[0].counts.disadvantaged == 2
    assert [(p.code, p.place.cell) for p in report.problems if p.severity == "warning"] == [
        ("flag-invalid", "E5")
    ]

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Hoàn cảnh", None, None])
    ws.append([None, None, None, None, "Hộ nghèo", "Hộ cận nghèo", "Hoàn cảnh khác"])
    ws.merge_cells("E1:G1")
    for rng in ("A1:A2", "B1:B2", "C1:C2", "D1:D2"):
        ws.merge_cells(rng)
    ws.append([1, "Trần Thị Mai", 1950, "Nữ", "x", None, None])
    ws.append([2, "Lê Thị Hoa", 1952, "Nữ", None, "x", "x"])
    grouped = tmp_path / "nhom.xlsx"
    wb.save(grouped)
    members = api.validate([grouped], OPTS).clubs[0].club.members
    assert [(m.poor, m.near_poor, m.hardship) for m in members] == [
        (True, False, False),
        (False, True, True),
    ]

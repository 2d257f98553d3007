"""Merging a messy folder: duplicates, superseded files, old and new ward names, nothing lost,
and validate(merged) == validate(sources kept)."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ctg_check import api
from ctg_check.normalize import club_key

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
LIBREOFFICE = ROOT / "tests" / "data" / "libreoffice"
AS_OF = date(2025, 12, 10)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Phường 1 as .xlsx, .xls and .ods; Thắng Tam twice byte for byte; Phường 2 and its corrected
    resubmission; a CSV; all under the 2022 names, to be rolled up by the 2025 units list."""
    folder = tmp_path / "nop"
    folder.mkdir()
    shutil.copy(SAMPLE / "phuong-1.xlsx", folder / "phuong-1.xlsx")
    shutil.copy(LIBREOFFICE / "phuong-1.xls", folder / "phuong-1-ban-xls.xls")
    shutil.copy(LIBREOFFICE / "phuong-1.ods", folder / "phuong-1.ods")
    shutil.copy(SAMPLE / "thang-tam-clb.xlsx", folder / "thang-tam-clb.xlsx")
    shutil.copy(SAMPLE / "thang-tam-clb.xlsx", folder / "thang-tam-clb (1).xlsx")
    shutil.copy(SAMPLE / "phuong-2.xlsx", folder / "phuong-2.xlsx")
    wb = openpyxl.load_workbook(SAMPLE / "phuong-2.xlsx")
    ws = wb["Thành viên"]
    assert ws["E102"].value == "K"
    ws["E102"] = "Nữ"  # the corrected resubmission
    wb.save(folder / "phuong-2-da-sua.xlsx")
    os.utime(folder / "phuong-2.xlsx", (1_700_000_000, 1_700_000_000))
    os.utime(folder / "phuong-2-da-sua.xlsx", (1_700_100_000, 1_700_100_000))
    shutil.copy(SAMPLE / "phuong-8.csv", folder / "phuong-8.csv")
    return folder


def opts() -> api.Options:
    return api.options(as_of=AS_OF, units="vung-tau-2025")


def test_set_aside_with_reasons(messy: Path, tmp_path: Path) -> None:
    report = api.merge([messy], tmp_path / "gop.xlsx", opts())
    aside = {Path(s.path).name: s.set_aside[0] for s in report.files if s.set_aside}
    assert sorted(aside.values()) == ["duplicate-submission"] * 3 + ["superseded-submission"]
    assert aside["phuong-2.xlsx"] == "superseded-submission"
    assert len([n for n in aside if n.startswith("phuong-1")]) == 2
    assert len([n for n in aside if n.startswith("thang-tam")]) == 1
    superseded = next(p for p in report.problems if p.code == "superseded-submission")
    assert superseded.params["other"].endswith("phuong-2-da-sua.xlsx")
    assert "sửa sau" in superseded.message("vi")


def test_each_club_once_with_wards_rolled_up(messy: Path, tmp_path: Path) -> None:
    out = tmp_path / "gop.xlsx"
    report = api.merge([messy], out, opts())
    names = [club_key(c.club.name or "") for c in report.clubs]
    assert len(names) == len(set(names)) == 2 + 3 + 2 + 2
    vung_tau = next(w for w in report.wards if w.name == "Phường Vũng Tàu")
    assert vung_tau.clubs == 7
    assert set(vung_tau.names_seen) >= {"Phường 1", "Phường 2"}
    assert len(report.wards) == 5
    wb = openpyxl.load_workbook(out, read_only=True)
    ids = [row[0] for row in wb["CLB"].iter_rows(min_row=2, values_only=True)]
    assert len(ids) == len(set(ids)) == 9
    wards = {row[2] for row in wb["CLB"].iter_rows(min_row=2, values_only=True)}
    assert wards == {"Phường Vũng Tàu", "Phường Tam Thắng"}


def test_account_adds_up(messy: Path, tmp_path: Path) -> None:
    out = tmp_path / "gop.xlsx"
    report = api.merge([messy], out, opts())
    kept = report.kept
    assert len(kept) == 4 and len(report.files) == 8
    for s in kept:
        assert s.rows.read == s.rows.members + s.rows.rejected + s.rows.other
    wb = openpyxl.load_workbook(out, read_only=True)
    members = list(wb["Thành viên"].iter_rows(min_row=2, values_only=True))
    assert len(members) == sum(s.rows.members for s in kept) == report.members
    account: dict[Any, Any] = {
        row[0]: row[1] for row in wb["Tổng kết"].iter_rows(min_row=2, values_only=True)
    }
    assert account["Số tệp"] == 8 and account["Tệp để riêng (trùng hoặc đã có bản mới)"] == 4
    assert account["Dòng đã đọc (tệp được dùng)"] == (
        account["Thành viên đã ghi"] + account["Dòng bị loại"] + account["Dòng không phải dữ liệu"]
    )


def test_round_trip(messy: Path, tmp_path: Path) -> None:
    out = tmp_path / "gop.xlsx"
    report = api.merge([messy], out, opts())
    again = api.validate([out], opts())

    def by_name(r: api.Report) -> dict[str, tuple[dict[str, int], object, object]]:
        return {
            club_key(c.club.name or ""): (c.counts.to_json(), c.effective, c.club.info is None)
            for c in r.clubs
        }

    assert by_name(again) == by_name(report)
    assert [(w.name, w.clubs, w.effective_clubs) for w in again.wards] == [
        (w.name, w.clubs, w.effective_clubs) for w in report.wards
    ]


def test_csv_folder_output(messy: Path, tmp_path: Path) -> None:
    out = tmp_path / "gop-csv"
    report = api.merge([messy], out, opts())
    assert sorted(p.name for p in out.iterdir()) == [
        ".ctg-check-output",  # the manifest marking the set as ctg-check's (marker.py)
        "clb.csv",
        "thanh-vien.csv",
        "tong-ket.csv",
        "van-de.csv",
    ]
    lines = (out / "thanh-vien.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == report.members + 1


def test_refuses_to_overwrite_an_input(messy: Path) -> None:
    from ctg_check.errors import OutputError

    with pytest.raises(OutputError):
        api.merge([messy], messy / "phuong-1.xlsx", opts())


def test_club_ids_colliding_between_wards(tmp_path: Path) -> None:
    from helpers import club_members, club_row, write_standard

    folder = tmp_path / "nop"
    folder.mkdir()
    write_standard(
        folder / "a.xlsx",
        [club_row("CLB01", "CLB Khu phố 1", ward="Phường 1")],
        club_members("CLB01"),
    )
    others = club_members("CLB01", size=55)
    for m in others:
        m["name"] = m["name"].replace("Thành viên", "Hội viên")
    write_standard(
        folder / "b.xlsx", [club_row("CLB01", "CLB Ấp Bến Đá", ward="Xã Long Sơn")], others
    )
    out = tmp_path / "gop.xlsx"
    report = api.merge([folder], out, api.options(as_of=AS_OF, units="vung-tau-2022"))
    assert [p.code for p in report.problems] == ["club-id-collision"]
    assert len({c.id for c in report.clubs}) == 2
    again = api.validate([out], api.options(as_of=AS_OF, units="vung-tau-2022"))
    assert sorted(c.counts.members for c in again.clubs) == [50, 55]

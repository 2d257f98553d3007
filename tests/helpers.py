"""Builders for small test workbooks in the standard layout (independent of the template writer)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ctg_check.errors import FileReadError
from ctg_check.normalize import club_key
from ctg_check.plan import load_plan
from ctg_check.report import ClubResult, Report
from ctg_check.schema import MEMBER_COLUMNS, SHEET_CLUBS, SHEET_MEMBERS, club_columns
from ctg_check.units import Units

PLAN = load_plan("vung-tau-2022")
FORMATS = Path(__file__).parent / "data" / "formats"  # small files in each input format
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"  # the peers' hostile files
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def club_row(club_id: str, name: str, ward: str | None = "Phường 1", **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "club_id": club_id,
        "club_name": name,
        "ward": ward,
        "province": "Bà Rịa - Vũng Tàu",
        "founded": "15/03/2019",
        "income_fund": 10_000_000,
        "activity_fund": 2_000_000,
        "regulation": "Có",
        "meetings": 12,
    }
    row.update({f"activity:{a.id}": "Có" for a in PLAN.activities})
    row.update(over)
    return row


def member_row(club_id: str, n: int, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "stt": n,
        "club_id": club_id,
        "name": f"Nguyễn Thị Hoa {club_id}-{n}",
        "birth": 1950,
        "sex": "Nữ",
        "address": "Khu phố 1",
        "loan_needed": "Không",
        "loan_received": "Không",
    }
    row.update(over)
    return row


def club_members(
    club_id: str,
    size: int = 50,
    women: int = 32,
    older: int = 32,
    need: int = 20,
    received: int = 10,
) -> list[dict[str, Any]]:
    """Members with exact counts: the first `women` are women, the first `older` born 1950
    (the others 1990), the first `need` need a loan and the first `received` of them got one."""
    rows = []
    for i in range(size):
        rows.append(
            member_row(
                club_id,
                i + 1,
                name=f"Thành viên {club_id} số {i + 1}",
                sex="Nữ" if i < women else "Nam",
                birth=1950 if i < older else 1990,
                loan_needed="Có" if i < need else "Không",
                loan_received="Có" if i < received else "Không",
            )
        )
    return rows


def compliant_ward() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    clubs = [club_row("P1-01", "CLB LTHTGN Khu phố 1"), club_row("P1-02", "CLB LTHTGN Khu phố 2")]
    members = club_members("P1-01") + club_members("P1-02", size=60, women=40, older=40)
    return clubs, members


def active(wb: openpyxl.Workbook) -> Worksheet:
    """The active worksheet of a workbook openpyxl made or loaded (never a chart sheet here)."""
    ws = wb.active
    assert isinstance(ws, Worksheet)
    return ws


def write_standard(path: Path, clubs: list[dict[str, Any]], members: list[dict[str, Any]]) -> Path:
    """An .xlsx with the CLB and Thành viên sheets of the standard template."""
    wb = openpyxl.Workbook()
    ws = active(wb)
    ws.title = SHEET_CLUBS
    ccols = club_columns(PLAN)
    ws.append([c.vi for c in ccols])
    for row in clubs:
        ws.append([row.get(c.field) for c in ccols])
    ms = wb.create_sheet(SHEET_MEMBERS)
    ms.append([c.vi for c in MEMBER_COLUMNS])
    for row in members:
        ms.append([row.get(c.field) for c in MEMBER_COLUMNS])
    wb.save(path)
    return path


def write_two_wards(
    folder: Path, club_name: str = "CLB P2", edits: dict[int, dict[str, Any]] | None = None
) -> tuple[Path, Path]:
    """phuong-1.xlsx, the compliant ward, and phuong-2.xlsx: one club P2-01 of 52 members in
    Phường 2 whose fourth member's sex is "K" (sex-invalid); `edits` change more members by
    index."""
    clubs, members = compliant_ward()
    first = write_standard(folder / "phuong-1.xlsx", clubs, members)
    p2 = club_members("P2-01", size=52, women=34, older=33)
    p2[3]["sex"] = "K"
    for index, over in (edits or {}).items():
        p2[index].update(over)
    club = club_row("P2-01", club_name, ward="Phường 2")
    return first, write_standard(folder / "phuong-2.xlsx", [club], p2)


def write_members_csv(
    path: Path, members: list[dict[str, Any]], encoding: str = "utf-8-sig"
) -> Path:
    """Members as CSV; for cp1258, letters it lacks precomposed are written decomposed."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.vi for c in MEMBER_COLUMNS] + ["Phường/Xã"])
    for row in members:
        writer.writerow([row.get(c.field, "") for c in MEMBER_COLUMNS] + ["Phường 1"])
    text = out.getvalue()
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def cp1258(text: str) -> bytes:
    """Vietnamese as cp1258 stores it: a letter it lacks precomposed is written as the letter
    (with its hat or horn), then the tone as a combining mark."""
    return "".join(_cp1258_char(ch) for ch in text).encode("cp1258")


def _cp1258_char(ch: str) -> str:
    try:
        ch.encode("cp1258")
        return ch
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tones = [m for m in marks if m in TONES]
        head = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in TONES))
        return head + "".join(tones)


def rewrite_part(path: Path, part: str, edit: Callable[[str], str]) -> Path:
    """Rewrite one XML part of an .xlsx in place (for hand-made shapes openpyxl will not write)."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


def add_to_sheet(path: Path, xml: str, sheet: int = 2, before: str = "<pageMargins") -> Path:
    """Insert XML into worksheet `sheet` of an openpyxl-written workbook, before `before`."""
    return rewrite_part(
        path, f"xl/worksheets/sheet{sheet}.xml", lambda text: text.replace(before, xml + before, 1)
    )


def clubs_of(report: Report, path: str) -> list[ClubResult]:
    """The clubs read from the file named `path` (its name, not its folder)."""
    return [c for c in report.clubs if Path(c.club.file).name == path]


def expected_club(
    report: Report, path: str, club: dict[str, Any], units: Units | None = None
) -> ClubResult:
    """The club an expected.json entry describes, read from file `path`: by id or by name; with
    `units` and a "ward" code in the entry, only in that ward (a city sheet names a club twice)."""
    mine = clubs_of(report, path)
    if units is not None and "ward" in club:
        mine = [c for c in mine if (u := units.find(c.club.ward or "")) and u.code == club["ward"]]
    for c in mine:
        if c.club.id == club["id"] or club_key(c.club.name or "") == club_key(club["name"]):
            return c
    raise AssertionError(
        f"{path}: club {club['id']} {club['name']!r} not found in {[c.club.name for c in mine]}"
    )


def raised(read: Callable[[Path], object], path: Path) -> FileReadError:
    """The FileReadError `read(path)` raises (the test fails when it raises none)."""
    with pytest.raises(FileReadError) as info:
        read(path)
    return info.value


def loaded_by(imports: str, modules: Iterable[str]) -> list[str]:
    """Which of `modules` a fresh interpreter holds after `import <imports>`."""
    wanted = tuple(modules)
    code = f"import sys, {imports}; print(*(m for m in {wanted!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def column_width(ws: Worksheet, column: int) -> float | None:
    """A column's width as written: Excel (and xlsxwriter) keep neighbours of one width in one
    <col min max> range, which openpyxl lists under the range's first letter only."""
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.min <= column <= (dim.max or dim.min) and dim.width:
            width: float = dim.width
            return width
    return None

"""The merged dataset: the standard template's CLB and Thành viên sheets with provenance,
the problems and rejected rows, and the closing account. Or the same as CSV files in a folder."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from copy import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

from ctg_check import marker
from ctg_check.i18n import label, message
from ctg_check.model import Member
from ctg_check.normalize import safe_text
from ctg_check.outputs import write_set
from ctg_check.report import ClubResult, Report
from ctg_check.schema import FEMALE, MALE, MEMBER_COLUMNS, NO, YES, club_columns
from ctg_check.writers import DEFAULTS, WriteOptions, kit, save_workbook
from ctg_check.writers.kit import FORMULA_STARTS, HEADER_FILL
from ctg_check.writers.sheet_xml import keep_rows

SHEET_PROBLEMS = "Vấn đề"
SHEET_ACCOUNT = "Tổng kết"
PROVENANCE = ("prov_ward", "prov_file", "prov_sheet", "prov_row")


def _flag(value: bool | None) -> str:
    return "?" if value is None else YES if value else NO


def ward_name(res: ClubResult, report: Report) -> str | None:
    """The club's ward under the units list when it names one (old names roll up), else as read."""
    ward = res.club.ward
    if ward and report.unit_list is not None:
        unit = report.unit_list.find(ward)
        if unit is not None:
            return unit.name
    return ward


def club_rows(report: Report, lang: str) -> tuple[list[str], list[list[Any]]]:
    cols = club_columns(report.plan)
    header = [c.vi for c in cols] + [label(k, lang) for k in PROVENANCE]
    rows = []
    for res in report.clubs:
        info = res.club.info
        if info is None:
            continue  # no information row in the source: none in the merged file either
        values: dict[str, Any] = {
            "club_id": res.id,
            "club_name": res.club.name,
            "ward": ward_name(res, report),
            "province": info.province,
            "founded": info.founded,
            "income_fund": _fund(info.income_fund.present, info.income_fund.amount),
            "activity_fund": _fund(info.activity_fund.present, info.activity_fund.amount),
            "regulation": _flag(info.regulation),
            "meetings": info.meetings,
        }
        for act, done in res.activities.items():
            values[f"activity:{act}"] = _flag(done)
        place = info.place
        rows.append(
            [values.get(c.field) for c in cols]
            + [res.club.ward, Path(place.file).name, place.sheet, place.row]
        )
    return header, rows


def _fund(present: bool | None, amount: int | None) -> Any:
    if amount is not None:
        return amount
    return _flag(present)


def member_rows(report: Report, lang: str) -> tuple[list[str], list[list[Any]]]:
    header = [c.vi for c in MEMBER_COLUMNS] + [label(k, lang) for k in PROVENANCE]
    rows = []
    n = 0
    names: dict[str | None, str] = {}  # a file's name, once per file (members share it)
    for res in report.clubs:
        ward = ward_name(res, report)
        for m in res.club.members:
            n += 1
            values = _member_values(m, n, res.id)
            file = m.place.file
            name = names.get(file)
            if name is None:
                name = names[file] = Path(file).name if file else ""
            rows.append(
                [values.get(c.field) for c in MEMBER_COLUMNS]
                + [ward, name, m.place.sheet, m.place.row]
            )
    return header, rows


def _member_values(m: Member, n: int, club_id: str) -> dict[str, Any]:
    return {
        "stt": n,
        "club_id": club_id,
        "name": m.name,
        "birth": m.birth_date or m.birth_year,
        "sex": MALE if m.sex == "M" else FEMALE if m.sex == "F" else None,
        "address": m.address or None,
        "poor": _flag(m.poor),
        "near_poor": _flag(m.near_poor),
        "disabled": _flag(m.disabled),
        "hardship": _flag(m.hardship),
        "loan_needed": _flag(m.loan_needed),
        "loan_received": _flag(m.loan_received),
        "role": m.role or None,
        "note": m.note or None,
    }


def problem_rows(report: Report, lang: str) -> tuple[list[str], list[list[Any]]]:
    keys = ("severity", "code", "message", "file", "sheet", "cell", "club", "row_data")
    header = [label(k, lang) for k in keys]
    rejected = {(p.file, p.sheet, p.row): data for s in report.files for p, data in s.rejected_rows}
    rows = []
    for p in report.problems:
        data = rejected.get((p.place.file, p.place.sheet, p.place.row))
        rows.append(
            [
                label(p.severity, lang),
                p.code,
                p.message(lang),
                Path(p.place.file).name,
                p.place.sheet,
                p.place.cell or p.place.row,
                p.club,
                " | ".join(x for x in data if x) if data and p.code.endswith("missing") else None,
            ]
        )
    return header, rows


def account_rows(report: Report, lang: str) -> tuple[list[str], list[list[Any]]]:
    """The closing account: files, rows and clubs, each adding up."""
    header = [label("account_item", lang), label("value", lang)]
    subs = report.files
    read = [s for s in subs if s.status == "read"]
    kept = report.kept
    aside = [s for s in read if s.set_aside is not None]
    rows_read = sum(s.rows.read for s in kept)
    rows: list[list[Any]] = [
        [label("account_files", lang), len(subs)],
        [label("account_files_read", lang), len(read)],
        [label("account_files_failed", lang), sum(s.status == "error" for s in subs)],
        [label("account_files_aside", lang), len(aside)],
        [label("account_rows_read", lang), rows_read],
        [label("account_members", lang), sum(s.rows.members for s in kept)],
        [label("account_rejected", lang), sum(s.rows.rejected for s in kept)],
        [label("account_other", lang), sum(s.rows.other for s in kept)],
        [label("account_clubs", lang), len(report.clubs)],
        [label("account_clubs_aside", lang), sum(len(s.clubs) for s in aside)],
    ]
    for s in subs:
        if s.status != "read":
            code, params = s.error or s.set_aside or ("file-unreadable", {})
            rows.append([Path(s.path).name, message(code, lang, **params)])
        elif s.set_aside is not None:
            code, params = s.set_aside
            rows.append([Path(s.path).name, message(code, lang, **params)])
    return header, rows


CSV_NAMES = {
    "CLB": "clb.csv",
    "Thành viên": "thanh-vien.csv",
    SHEET_PROBLEMS: "van-de.csv",
    SHEET_ACCOUNT: "tong-ket.csv",
}
# the sheets added to the template's, with their column widths
EXTRA_WIDTHS = {
    SHEET_PROBLEMS: (10, 24, 60, 28, 16, 8, 14, 40),
    SHEET_ACCOUNT: (48, 16),
}


def is_csv_folder(out: Path) -> bool:
    """A merged output that is not .xlsx is a folder of CSV files."""
    return Path(out).suffix.lower() != ".xlsx"


def write_merged(report: Report, out: Path, options: WriteOptions = DEFAULTS) -> None:
    """Write the merged workbook (.xlsx), or CSV files in a folder (any other name)."""
    lang = options.lang
    tables = {
        "CLB": club_rows(report, lang),
        "Thành viên": member_rows(report, lang),
        SHEET_PROBLEMS: problem_rows(report, lang),
        SHEET_ACCOUNT: account_rows(report, lang),
    }
    if is_csv_folder(out):
        _write_csv_set(tables, out)
    else:
        save_workbook(_workbook(report, tables), out, "merged")


def _write_csv_set(tables: dict[str, tuple[list[str], list[list[Any]]]], out: Path) -> None:
    """The four CSV files and the manifest marking them as ctg-check's, all or none."""
    files = {}
    for sheet, (header, rows) in tables.items():
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header)
        writer.writerows(_csv_rows(rows))
        files[CSV_NAMES[sheet]] = buf.getvalue().encode("utf-8-sig")
    names = list(CSV_NAMES.values())
    files[marker.MANIFEST] = marker.manifest_text("merged", names).encode("utf-8")
    write_set(out, files)


def _workbook(report: Report, tables: dict[str, tuple[list[str], list[list[Any]]]]) -> Any:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from ctg_check.writers.template import template_workbook

    wb = template_workbook(report.plan)
    del wb[wb.sheetnames[0]]  # the instructions are for wards, not for the merged dataset
    for sheet, (header, rows) in tables.items():
        ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
        style = ws.cell(row=1, column=1)
        if not style.has_style:  # a sheet the template does not have: its header style
            style.font, style.fill = Font(bold=True), kit.openpyxl_style(kit.fill(HEADER_FILL))
        for c, text in enumerate(header, start=1):
            cell = ws.cell(row=1, column=c, value=text)
            if c > 1:
                cell._style = copy(style._style)  # type: ignore[union-attr]
        last = keep_rows(ws, rows, first=2)
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(last, 1)}"
        _print_setup(ws, EXTRA_WIDTHS.get(sheet, ()))
    return wb


def _print_setup(ws: Any, widths: tuple[int, ...]) -> None:
    """Frozen header row repeated on every printed page, A4 landscape, fit to the page width."""
    kit.set_widths(ws, widths)
    ws.freeze_panes = "A2"
    kit.page_setup(ws, title_rows=(1, 1), margins=None, numbers=None)


def _csv_rows(rows: list[list[Any]]) -> Iterator[list[Any]]:
    """Rows as CSV cells (`_csv`); a text's cell made once per distinct text (names of wards,
    clubs and files and yes/no marks repeat on every row), remembering at most 50,000."""
    text = lru_cache(maxsize=50_000)(_csv)
    for row in rows:
        yield [text(v) if v.__class__ is str else _csv(v) if v is not None else "" for v in row]


def _csv(value: Any) -> Any:
    if isinstance(value, str):
        value = safe_text(value)  # a file name that is not UTF-8
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value

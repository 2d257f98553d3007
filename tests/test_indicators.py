"""The indicator registry: counters over members, built-in entries, and a share a plan file adds
with no code change, shown in the terminal table, the JSON, the summary's clubs sheets and
`plan show`."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import club_members, club_row, write_standard
from typer.testing import CliRunner

from ctg_check.cli import app
from ctg_check.i18n import LABELS
from ctg_check.indicators import (
    COUNTERS,
    INDICATORS,
    NAME_FORMS,
    Context,
    count,
    json_counters,
)
from ctg_check.model import Member
from ctg_check.writers.summary import sheet_name

PLAN_FILE = str(Path(__file__).parent / "data" / "plans" / "disadvantaged.toml")
AS_OF = "2025-12-01"
NAME_VI = "Tỷ lệ thành viên có hoàn cảnh khó khăn"
NAME_EN = "Disadvantaged members share"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


def test_every_entry_has_its_labels() -> None:
    for counter in COUNTERS.values():
        assert counter.label in LABELS, counter.id
        assert counter.of_label is None or counter.of_label in LABELS, counter.id
    for spec in INDICATORS.values():
        assert all(spec.name(lang, form) for lang in ("vi", "en") for form in NAME_FORMS)
        assert all(k in COUNTERS for k in spec.counters()), spec.id


def test_counters_are_three_valued() -> None:
    ctx = Context(date(2025, 12, 1), 60)
    members = [
        Member("A", sex="F", birth_year=1950, poor=True, loan_needed=True, loan_received=True),
        Member("B", sex=None, birth_year=None, disabled=None, loan_needed=True),
        Member("C", sex="M", birth_year=1990, loan_needed=None, loan_received=True),
    ]
    c = count(members, COUNTERS, ctx)
    assert (c.members, c.women, c.older, c.younger) == (3, 1, 1, 1)
    assert (c.unknown["women"], c.unknown["older"], c.unknown["disabled"]) == (1, 1, 1)
    assert (c.sex_unknown, c.age_unknown, c.disadvantaged, c.poor) == (1, 1, 1, 1)
    assert (c.loan_covered, c.unknown["loan_covered"]) == (1, 1)  # C: need unknown, got one
    assert list(c.to_json()) == [k for k in COUNTERS if k != "loan_covered"]  # never shown
    assert json_counters(()) == (*list(COUNTERS)[:9],)  # DESIGN.md's keys


def disadvantaged_ward(tmp_path: Path) -> Path:
    """Two compliant clubs of Phường 1: 15 of 50 members poor (exactly 30 %: met), 12 of 60
    disabled (20 %: not met)."""
    first = club_members("P1-01")
    second = club_members("P1-02", size=60, women=40, older=40)
    for row in first[:15]:
        row["poor"] = "x"
    for row in second[:12]:
        row["disabled"] = "x"
    clubs = [club_row("P1-01", "CLB Khu phố 1"), club_row("P1-02", "CLB Khu phố 2")]
    return write_standard(tmp_path / "phuong-1.xlsx", clubs, first + second)


def test_json_has_the_new_indicator(tmp_path: Path) -> None:
    path = disadvantaged_ward(tmp_path)
    code, out = run(
        "validate", str(path), "--plan", PLAN_FILE, "--as-of", AS_OF, "--format", "json"
    )
    data = json.loads(out)
    found = {
        c["id"]: next(i for i in c["indicators"] if i["id"] == "disadvantaged_share")
        for c in data["clubs"]
    }
    assert found["P1-01"] == {
        "id": "disadvantaged_share",
        "value": 0.3,
        "min": 0.3,
        "max": None,
        "status": "met",
    }
    assert found["P1-02"]["status"] == "not_met" and found["P1-02"]["value"] == 0.2
    assert [c["counts"]["disadvantaged"] for c in data["clubs"]] == [15, 12]
    assert [c["compliant"] for c in data["clubs"]] == [True, False]
    assert code == 1


@pytest.mark.parametrize("lang,name", [("vi", NAME_VI), ("en", NAME_EN)])
def test_terminal_table_shows_it(tmp_path: Path, lang: str, name: str) -> None:
    path = disadvantaged_ward(tmp_path)
    _, out = run("validate", str(path), "--plan", PLAN_FILE, "--as-of", AS_OF, "--lang", lang)
    rows = [line.split() for line in out.splitlines() if line.strip().startswith(name)]
    assert len(rows) == 2
    met = "Đạt" if lang == "vi" else "Met"
    assert rows[0][-1] == met and rows[1][-1] != met
    assert ("30 %" if lang == "vi" else "30%") in " ".join(rows[0][len(name.split()) :])


@pytest.mark.parametrize("lang,name", [("vi", NAME_VI), ("en", NAME_EN)])
def test_plan_show_lists_it(lang: str, name: str) -> None:
    code, out = run("plan", "show", PLAN_FILE, "--lang", lang)
    assert code == 0
    line = next(line for line in out.splitlines() if name in line)
    assert ("≥ 30 %" if lang == "vi" else "≥ 30%") in line


def _header_cells(ws: Any, text: str) -> list[tuple[int, int]]:
    return [(c.row, c.column) for row in ws.iter_rows() for c in row if c.value == text]


def test_summary_clubs_sheets_show_it(tmp_path: Path) -> None:
    path = disadvantaged_ward(tmp_path)
    out = tmp_path / "summary.xlsx"
    args = ("summary", str(path), "--plan", PLAN_FILE, "--as-of", AS_OF, "-o", str(out))
    code, _ = run(*args)
    assert code == 1 and out.exists()
    book = openpyxl.load_workbook(out)
    printed = book[sheet_name("clubs")]
    [(row, col)] = _header_cells(printed, NAME_VI)
    statuses = [printed.cell(row + i, col).value for i in (1, 2, 3)]
    assert statuses == ["Đạt", "Chưa đạt", 1]  # the total row counts the clubs that meet it
    full = book[sheet_name("clubs_full")]
    (mark_row, mark_col), (share_row, share_col) = sorted(
        _header_cells(full, NAME_VI), key=lambda rc: -rc[1]
    )
    assert [full.cell(mark_row + i, mark_col).value for i in (1, 2, 3)] == ["✓", "✗", 1]
    shares = [full.cell(share_row + i, share_col).value for i in (1, 2, 3)]
    assert shares == [pytest.approx(0.3), pytest.approx(0.2), pytest.approx(27 / 110)]
    assert full.cell(share_row + 1, share_col).number_format == "0.0%"
    wards = book[sheet_name("wards")]
    [(row, col)] = _header_cells(wards, NAME_VI)
    assert wards.cell(row + 1, col).value == pytest.approx(27 / 110)


def test_shares_are_compared_exactly(tmp_path: Path) -> None:
    """15 of 50 is exactly 3/10: a 30 % floor is met (no float rounding)."""
    path = disadvantaged_ward(tmp_path)
    from ctg_check import api

    report = api.validate([path], api.options(PLAN_FILE, date(2025, 12, 1)))
    ind = report.clubs[0].indicator("disadvantaged_share")
    assert ind.value == Fraction(3, 10) and ind.min == Fraction(3, 10) and ind.status == "met"


def test_unknown_indicator_is_exit_2_with_the_list(tmp_path: Path) -> None:
    text = Path(PLAN_FILE).read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('kind = "share"\n', ""), encoding="utf-8")
    code, out = run("plan", "show", str(bad), "--lang", "en")
    assert code == 2 and "disadvantaged_share" in out and ", ".join(INDICATORS) in out
    bad.write_text(text.replace('count = "disadvantaged"', 'count = "needy"'), encoding="utf-8")
    code, out = run("validate", str(bad), "--plan", str(bad), "--lang", "en")
    assert code == 2 and "needy" in out and ", ".join(COUNTERS) in out

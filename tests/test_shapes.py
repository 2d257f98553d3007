"""The value and encoding shapes of tests/data/shapes/ read to what the generator recorded.

Each file (tools/make_value_fixtures.py) is one ward written with one group of shapes: dates in
every form and two-digit years in a BIFF .xls, ticks with Wingdings fonts and ALL-CAPS
abbreviated headers, funds and regulation in words, a web-export .xlsx, Excel's Unicode Text as
.txt and as .xls, CSV holding VNI and TCVN3 as Windows-1252 bytes. expected.json is the
generator's record, never the reader's output.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import clubs_of

from ctg_check import api
from ctg_check.report import ClubResult, Report

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"
EXPECTED = json.loads((SHAPES / "expected.json").read_text(encoding="utf-8"))
FILES = {f["path"]: f for f in EXPECTED["files"]}
PATHS = sorted(FILES)
CLUBS = [f"{path}:{club['id']}" for path in PATHS for club in FILES[path]["clubs"]]


@pytest.fixture(scope="module")
def report() -> api.Report:
    """The whole folder in one batch (every file a different ward): .txt files are collected."""
    opts = api.options(as_of=date.fromisoformat(EXPECTED["as_of"]), units=EXPECTED["units"])
    return api.validate([SHAPES], opts)


def _sub(report: api.Report, path: str) -> Any:
    return next(s for s in report.files if Path(s.path).name == path)


def _club(report: Report, path: str, name: str) -> ClubResult:
    mine = clubs_of(report, path)
    found = [c for c in mine if c.club.name == name]
    assert len(found) == 1, (name, [c.club.name for c in mine])
    return found[0]


def test_every_file_is_collected() -> None:
    assert {p.name for p in api.collect_files([SHAPES])} == set(FILES)


@pytest.mark.parametrize("path", PATHS)
def test_format_encoding_rows_and_ward(report: api.Report, path: str) -> None:
    sub, exp = _sub(report, path), FILES[path]
    assert sub.status == "read", sub.error
    assert (sub.format, sub.encoding) == (exp["format"], exp["encoding"] or "unicode")
    assert (sub.rows.members, sub.rows.rejected) == (exp["members"], 0)
    assert sub.ward == exp["ward"]["name"]
    assert len([c for c in report.clubs if Path(c.club.file).name == path]) == len(exp["clubs"])


@pytest.mark.parametrize("key", CLUBS)
def test_club_counts_funds_activities_and_names(report: api.Report, key: str) -> None:
    path, club_id = key.split(":")
    club = next(c for c in FILES[path]["clubs"] if c["id"] == club_id)
    got = _club(report, path, club["name"])
    assert got.counts.to_json() == club["counts"]
    assert got.to_json()["funds"] == club["funds"]
    assert got.activities == club["activities"]
    assert [m.name for m in got.club.members] == club["names"]


@pytest.mark.parametrize("path", PATHS)
def test_problems_at_their_cells_and_no_others(report: api.Report, path: str) -> None:
    found = [
        (p.code, p.place.sheet, p.place.cell)
        for p in report.problems
        if p.place.file and Path(p.place.file).name == path
    ]
    want = [(p["code"], p["sheet"], p["cell"]) for p in FILES[path]["problems"]]
    assert Counter(found) == Counter(want)

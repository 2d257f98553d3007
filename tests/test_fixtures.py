"""The committed roster fixtures (tests/data/rosters/, made by tools/make_test_fixtures.py) read
to exactly what the generator recorded in expected.json: row accounting, format and encoding,
per-club counts, funds, activities and member names, the indicators each club was made to miss,
the ward, and every planted problem at its cell and nothing else;
and the CLI reads the whole folder to JSON without a traceback.

expected.json comes from tools/synth.py's own record, never from the reader. A reader defect
found here is marked xfail(strict=True) in KNOWN_DEFECTS with the file, the cell, what was
expected and what was read, so the mark has to go when the reader is fixed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import clubs_of, expected_club

from ctg_check import api
from ctg_check.units import load_units

ROOT = Path(__file__).resolve().parent.parent
ROSTERS = ROOT / "tests" / "data" / "rosters"
EXPECTED = json.loads((ROSTERS / "expected.json").read_text(encoding="utf-8"))
FILES = {f["path"]: f for f in EXPECTED["files"]}
UNITS = load_units(EXPECTED["units"])
AS_OF = date(EXPECTED["as_of_year"], 12, 10)
UNICODE = "unicode"  # the report's name for a file in Unicode; expected.json has null

# Reader defects: (test, parameter) -> what goes wrong. The parameter is the file, or
# "file:club id" for the per-club tests. None known.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


def _params(test: str, items: list[str]) -> list[Any]:
    """One pytest param per item, xfail(strict) where KNOWN_DEFECTS names it."""
    out = []
    for item in items:
        reason = KNOWN_DEFECTS.get((test, item))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(item, marks=marks, id=item.replace(" ", "")))
    return out


PATHS = sorted(FILES)
CLUBS = [f"{path}:{club['id']}" for path in PATHS for club in FILES[path]["clubs"]]


@pytest.fixture(scope="module")
def report() -> api.Report:
    """The whole folder in one batch: every fixture is a different ward, so nothing is set aside."""
    return api.validate([ROSTERS], api.options(as_of=AS_OF, units=EXPECTED["units"]))


def _sub(report: api.Report, path: str) -> Any:
    return next(s for s in report.files if Path(s.path).name == path)


def test_every_fixture_has_its_answers() -> None:
    on_disk = {p.name for p in api.collect_files([ROSTERS])}
    assert on_disk == set(FILES)


@pytest.mark.parametrize("path", _params("rows", PATHS))
def test_rows(report: api.Report, path: str) -> None:
    sub, exp = _sub(report, path), FILES[path]
    assert sub.status == "read", sub.error
    assert sub.set_aside is None, sub.set_aside
    rows = sub.rows
    assert {"members": rows.members, "rejected": rows.rejected} == exp["rows"]
    assert rows.read == rows.members + rows.rejected + rows.other


@pytest.mark.parametrize("path", _params("encoding", PATHS))
def test_format_and_encoding(report: api.Report, path: str) -> None:
    sub, exp = _sub(report, path), FILES[path]
    assert sub.format == exp["format"]
    assert sub.encoding == (exp["encoding"] or UNICODE)


@pytest.mark.parametrize("key", _params("club", CLUBS))
def test_club_counts_and_funds(report: api.Report, key: str) -> None:
    path, club_id = key.split(":")
    club = next(c for c in FILES[path]["clubs"] if c["id"] == club_id)
    got = expected_club(report, path, club, UNITS)
    assert got.counts.to_json() == club["counts"]
    assert got.to_json()["funds"] == club["funds"]
    assert got.activities == club["activities"]
    names = {m.name for m in got.club.members}
    assert set(club["sample_names"]) <= names, "member names not decoded as written"


# The indicators a club made to miss one of synth.MISSES must report (a planted problem may
# make it miss more, e.g. a woman of unknown sex at the edge of the women's band).
MISSED = {
    "members": ("members",),
    "women_share": ("women_share",),
    "older_share": ("older_share",),
    "loan_coverage": ("loan_coverage",),
    "activities": ("activities",),
    "regulation": ("regulation",),
    "funds": ("income_fund", "activity_fund"),
}


@pytest.mark.parametrize("key", _params("misses", CLUBS))
def test_generated_misses_are_not_met(report: api.Report, key: str) -> None:
    path, club_id = key.split(":")
    club = next(c for c in FILES[path]["clubs"] if c["id"] == club_id)
    got = expected_club(report, path, club, UNITS)
    status = {i.id: i.status for i in got.indicators}
    for miss in club["misses"]:
        assert "not_met" in {status[i] for i in MISSED[miss]}, (miss, status)


@pytest.mark.parametrize("path", _params("clubs", PATHS))
def test_clubs_and_ward(report: api.Report, path: str) -> None:
    """No club more or fewer than written, each under the ward of its own rows; every ward
    counts the clubs all its files wrote."""
    exp = FILES[path]
    mine = clubs_of(report, path)
    assert len(mine) == len(exp["clubs"])

    written = Counter(code for f in FILES.values() for code in _club_wards(f))
    got = Counter(UNITS.find(c.club.ward or "").code for c in mine)  # type: ignore[union-attr]
    assert got == Counter(_club_wards(exp))
    for code in set(_club_wards(exp)):
        ward = next(w for w in report.wards if w.code == code)
        assert ward.submitted and ward.clubs == written[code], ward


def _club_wards(f: dict[str, Any]) -> list[str]:
    return [c.get("ward", f["ward"]["code"]) for c in f["clubs"]]


@pytest.mark.parametrize("path", _params("left", PATHS))
def test_other_rows_by_kind(report: api.Report, path: str) -> None:
    """Leavers are other rows of their own kind, as many as written; the kinds add up."""
    sub, exp = _sub(report, path), FILES[path]
    assert sub.other_kinds.get("left", 0) == len(exp.get("left", []))
    assert sum(sub.other_kinds.values()) == sub.rows.other


def _problems(report: api.Report, path: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (p.code, p.place.sheet, p.place.cell)
        for p in report.problems
        if p.place.file and Path(p.place.file).name == path
    ]


@pytest.mark.parametrize("path", _params("problems", PATHS))
def test_planted_problems_at_their_cells_and_no_others(report: api.Report, path: str) -> None:
    """Every planted problem once, at its sheet and cell; nothing else on a clean roster.
    The sheet is compared where the generator knows it (it records none for an HTML table)."""
    found = _problems(report, path)
    planted = FILES[path]["problems"]
    assert Counter((code, cell) for code, _, cell in found) == Counter(
        (p["code"], p["cell"]) for p in planted
    )
    for p in planted:
        if p["sheet"] is not None:
            assert (p["code"], p["sheet"], p["cell"]) in found, p


def test_cli_reads_the_folder_to_json(report: api.Report) -> None:
    """The CLI on the whole folder: exit 0 or 1 (never 2), JSON on stdout, no traceback, every
    file read with its rows and encoding, and the same files, clubs and problems as the library
    (whose answers the tests above check)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ctg_check",
            "validate",
            str(ROSTERS),
            "--format",
            "json",
            "--as-of",
            AS_OF.isoformat(),
            "--units",
            EXPECTED["units"],
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert {Path(f["path"]).name: f["status"] for f in data["files"]} == dict.fromkeys(
        FILES, "read"
    )
    for f in data["files"]:
        exp = FILES[Path(f["path"]).name]
        assert {k: f["rows"][k] for k in ("members", "rejected")} == exp["rows"], f["path"]
        assert f["encoding"] == (exp["encoding"] or UNICODE), f["path"]
    library = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    for key in ("files", "clubs", "problems"):
        assert data[key] == library[key], key

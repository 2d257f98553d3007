"""Golden outputs: the JSON report, the terminal text, `plan show` and the cell values of the
summary and template workbooks, for sample_data and the roster fixtures, pinned in
tests/data/golden/. A refactor keeps them byte for byte; a change of output regenerates them with
`CTG_GOLDEN_UPDATE=1 pytest tests/test_golden.py` and the diff is reviewed like code.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from ctg_check import __version__
from ctg_check.cli import app

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
UPDATE = os.environ.get("CTG_GOLDEN_UPDATE") == "1"

SAMPLE = ("sample_data", "--as-of", "2025-12-10", "--units", "vung-tau-2022")
ROSTERS = ("tests/data/rosters", "--as-of", "2025-12-01")
ROSTERS_NATIONAL = (*ROSTERS, "--plan", "national-1336", "--lang", "en")

RUNS: dict[str, tuple[str, ...]] = {
    "validate-sample.json": ("validate", *SAMPLE, "--format", "json"),
    "validate-rosters.json": ("validate", *ROSTERS, "--format", "json"),
    "validate-rosters-national-en.json": ("validate", *ROSTERS_NATIONAL, "--format", "json"),
    "validate-sample.txt": ("validate", *SAMPLE),
    "validate-rosters-en.txt": ("validate", *ROSTERS, "--lang", "en"),
    "validate-rosters-national-en.txt": ("validate", *ROSTERS_NATIONAL),
    "plan-vung-tau-2022.txt": ("plan", "show", "vung-tau-2022"),
    "plan-vung-tau-2022-en.txt": ("plan", "show", "vung-tau-2022", "--lang", "en"),
    "plan-national-1336.txt": ("plan", "show", "national-1336"),
    "plan-national-1336-en.txt": ("plan", "show", "national-1336", "--lang", "en"),
}
WORKBOOKS: dict[str, tuple[str, ...]] = {
    "summary-sample.json": ("summary", *SAMPLE),
    "summary-rosters-national-en.json": ("summary", *ROSTERS_NATIONAL),
    "template-vung-tau-2022.json": ("template", "--plan", "vung-tau-2022"),
    "template-national-1336-en.json": ("template", "--plan", "national-1336", "--lang", "en"),
}


def run(args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)  # paths in the outputs as given: relative to the repository
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run with CTG_GOLDEN_UPDATE=1"
    assert text == path.read_text(encoding="utf-8"), name


def cell_json(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def workbook_values(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values, row by row (trailing empty cells dropped)."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, list[list[Any]]] = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows(values_only=True):
            values = [cell_json(v) for v in row]
            while values and values[-1] is None:
                values.pop()
            rows.append(values)
        out[ws.title] = rows
    return out


@pytest.mark.parametrize("name", sorted(RUNS))
def test_output_unchanged(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(RUNS[name], monkeypatch)
    if name.endswith(".json"):
        data = json.loads(out)
        assert data["tool_version"] == __version__
        data["tool_version"] = "<version>"
        out = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    compare(name, f"exit {code}\n{out}")


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_workbook_unchanged(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = WORKBOOKS[name]
    out = tmp_path / "out.xlsx"
    args = (*args, "-o", str(out)) if args[0] == "summary" else (*args, str(out))
    code, _ = run(args, monkeypatch)
    lines = [f"exit {code}"]
    for sheet, rows in workbook_values(out).items():
        lines += [f"== {sheet}", *(json.dumps(r, ensure_ascii=False) for r in rows)]
    compare(name, "\n".join(lines) + "\n")

"""The command line: help, exit codes, JSON equal to the library's, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from ctg_check import __version__, api
from ctg_check.cli import app
from ctg_check.i18n import title

runner = CliRunner()
AS_OF = "2025-12-01"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def walk(cmd: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out = [(prefix, cmd)]
    if hasattr(cmd, "commands"):
        for name, sub in cmd.commands.items():
            out += walk(sub, (*prefix, name))
    return out


def test_every_command_has_help() -> None:
    commands = walk(get_command(app))
    names = {" ".join(p) for p, _ in commands}
    assert {"validate", "template", "plan show", "plan export"} <= names
    for path, cmd in commands:
        assert cmd.help, f"no help for {path}"
        for flag in ("--help", "-h"):
            code, out, _ = run(*path, flag)
            assert code == 0 and out.startswith("Cách dùng: ctg-check")
            code, out, _ = run(*path, flag, "--lang", "en")
            assert code == 0 and out.startswith("Usage: ctg-check")


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ctg_check", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_compliant_file_exits_0(compliant_file: Path) -> None:
    code, out, _ = run("validate", str(compliant_file), "--as-of", AS_OF)
    assert code == 0, out
    assert "ĐẠT" in out


def test_errors_exit_1(tmp_path: Path) -> None:
    from helpers import club_members, club_row, write_standard

    members = club_members("A", size=50, women=32, older=32)
    members[3]["sex"] = "K"
    path = write_standard(
        tmp_path / "x.xlsx",
        [club_row("A", "CLB A"), club_row("B", "CLB B")],
        members + club_members("B", size=50, women=32, older=32),
    )
    code, out, _ = run("validate", str(path), "--as-of", AS_OF, "--lang", "en")
    assert code == 1
    assert title("sex-invalid", "en") in out and "E5" in out


def test_indicator_not_met_exits_1(tmp_path: Path) -> None:
    from helpers import club_members, club_row, write_standard

    path = write_standard(
        tmp_path / "x.xlsx",
        [club_row("A", "CLB A"), club_row("B", "CLB B")],
        club_members("A", size=49) + club_members("B"),
    )
    assert run("validate", str(path), "--as-of", AS_OF)[0] == 1


def test_unreadable_file_exits_2_and_batch_goes_on(tmp_path: Path, compliant_file: Path) -> None:
    bad = tmp_path / "anh.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    code, out, err = run(
        "validate", str(bad), str(compliant_file), "--as-of", AS_OF, "--format", "json"
    )
    assert code == 2
    data = json.loads(out)
    assert [f["status"] for f in data["files"]] == ["error", "read"]
    assert data["files"][0]["error"]["code"] == "file-unreadable"
    assert len(data["clubs"]) == 2
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "does-not-exist.xlsx"),
        ("validate", "{f}", "--plan", "no-such-plan"),
        ("validate", "{f}", "--as-of", "2025-13-45"),
        ("validate", "{f}", "--units", "no-such-units"),
        ("plan", "show", "no-such-plan"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], compliant_file: Path) -> None:
    code, out, err = run(*(a.format(f=compliant_file) for a in args))
    assert code == 2
    assert "Traceback" not in out + err
    assert err.startswith("ctg-check:")


def test_json_equals_library(compliant_file: Path) -> None:
    code, out, _ = run("validate", str(compliant_file), "--as-of", AS_OF, "--format", "json")
    assert code == 0
    opts = api.options(as_of=date.fromisoformat(AS_OF))
    assert json.loads(out) == api.validate([compliant_file], opts).to_json("vi")


def test_json_has_every_key(compliant_file: Path) -> None:
    _, out, _ = run("validate", str(compliant_file), "--as-of", AS_OF, "--format", "json")
    data = json.loads(out)
    assert {
        "schema",
        "tool_version",
        "plan",
        "as_of",
        "files",
        "clubs",
        "wards",
        "totals",
        "problems",
    } <= data.keys()
    assert data["schema"] == "ctg-check/report/2"
    assert set(data["plan"]) >= {"id", "title"}
    f = data["files"][0]
    assert {"path", "sha256", "format", "encoding", "status", "error", "rows"} <= f.keys()
    assert set(f["rows"]) == {"read", "members", "rejected", "other"}
    club = data["clubs"][0]
    assert {
        "id",
        "name",
        "ward",
        "file",
        "sheet",
        "counts",
        "funds",
        "activities",
        "indicators",
        "fully_active",
        "funded",
        "effective",
        "compliant",
    } <= club.keys()
    assert set(club["counts"]) == {
        "members",
        "women",
        "older",
        "younger",
        "sex_unknown",
        "age_unknown",
        "disadvantaged",
        "loan_needed",
        "loan_received",
    }
    assert set(club["funds"]) == {"income", "activity", "regulation"}
    assert set(club["funds"]["income"]) == {"present", "amount"}
    assert {i["id"] for i in club["indicators"]} == {
        "members",
        "women_share",
        "older_share",
        "younger_share",
        "loan_coverage",
        "income_fund",
        "activity_fund",
        "regulation",
        "activities",
    }
    for ind in club["indicators"]:
        assert set(ind) >= {"id", "value", "min", "max", "status"}
    assert set(data["wards"][0]) >= {
        "name",
        "code",
        "submitted",
        "clubs",
        "effective_clubs",
        "status",
    }
    assert set(data["totals"]) == {"files", "clubs", "members", "indicators"}
    women = next(i for i in club["indicators"] if i["id"] == "women_share")
    assert 0 <= women["value"] <= 1 and women["min"] == 0.6


def test_problem_keys(tmp_path: Path) -> None:
    from helpers import club_members, club_row, write_standard

    members = club_members("A")
    members[0]["birth"] = "abc"
    path = write_standard(tmp_path / "p.xlsx", [club_row("A", "CLB A")], members)
    _, out, _ = run("validate", str(path), "--as-of", AS_OF, "--format", "json")
    prob = json.loads(out)["problems"][0]
    assert set(prob) >= {
        "severity",
        "code",
        "message",
        "file",
        "sheet",
        "cell",
        "row",
        "column",
        "club",
    }
    assert (prob["code"], prob["cell"], prob["sheet"], prob["row"]) == (
        "birth-invalid",
        "D2",
        "Thành viên",
        2,
    )


def test_english_labels(compliant_file: Path) -> None:
    _, out, _ = run("validate", str(compliant_file), "--as-of", AS_OF, "--lang", "en")
    assert "Women share" in out and "PASS" in out


def test_plan_show_and_export(tmp_path: Path) -> None:
    code, out, _ = run("plan", "show", "national-1336", "--lang", "en")
    assert code == 0 and "of all members" in out
    target = tmp_path / "p.toml"
    code, _, _ = run("plan", "export", "vung-tau-2022", str(target))
    assert code == 0 and "older_age = 60" in target.read_text(encoding="utf-8")


def test_bad_plan_file_exits_2(tmp_path: Path, compliant_file: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\ntitle = "x"\n', encoding="utf-8")
    code, _, err = run("validate", str(compliant_file), "--plan", str(bad))
    assert code == 2 and "club" in err


def test_template_filled_with_compliant_data_exits_0(tmp_path: Path) -> None:
    """The blank template from the command, filled in as a ward would, validates with exit 0."""
    import openpyxl
    from helpers import compliant_ward

    blank = tmp_path / "mau.xlsx"
    code, out, _ = run("template", str(blank))
    assert code == 0 and blank.exists()
    wb = openpyxl.load_workbook(blank)
    clubs, members = compliant_ward()
    for sheet, rows in (("CLB", clubs), ("Thành viên", members)):
        ws = wb[sheet]
        headers = [c.value for c in ws[1]]
        from ctg_check.plan import load_plan
        from ctg_check.schema import MEMBER_COLUMNS, club_columns

        columns = club_columns(load_plan()) if sheet == "CLB" else MEMBER_COLUMNS
        assert headers == [c.vi for c in columns]
        for r, row in enumerate(rows, start=2):
            for c, col in enumerate(columns, start=1):
                ws.cell(r, c, row.get(col.field))
    filled = tmp_path / "phuong-1.xlsx"
    wb.save(filled)
    code, out, _ = run("validate", str(filled), "--as-of", AS_OF, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [c["compliant"] for c in data["clubs"]] == [True, True]
    assert data["problems"] == []


def test_summary_command_writes_workbook_and_json(tmp_path: Path, compliant_file: Path) -> None:
    import openpyxl

    out, js = tmp_path / "tong-hop.xlsx", tmp_path / "tong-hop.json"
    code, stdout, _ = run(
        "summary", str(compliant_file), "-o", str(out), "--json", str(js), "--as-of", AS_OF
    )
    assert code == 1  # the reference plan's units list: 16 wards sent nothing
    assert "tong-hop.xlsx" in stdout
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames[:5] == [
        "Tổng hợp",
        "Theo phường, xã",
        "Theo CLB",
        "Chi tiết CLB",
        "Vấn đề dữ liệu",
    ]
    data = json.loads(js.read_text(encoding="utf-8"))
    assert len(data["wards"]) == 17 and data["totals"]["members"] == 110
    code, _, _ = run(
        "summary",
        str(compliant_file),
        "-o",
        str(out),
        "--units",
        "vung-tau-2022",
        "--plan",
        "vung-tau-2022",
        "--as-of",
        AS_OF,
        "-q",
    )
    assert code == 1


def test_summary_refuses_to_overwrite_its_input(compliant_file: Path) -> None:
    code, _, err = run("summary", str(compliant_file), "-o", str(compliant_file))
    assert code == 2 and "ctg-check:" in err


def test_output_folder_missing_exits_2(tmp_path: Path, compliant_file: Path) -> None:
    code, _, err = run("summary", str(compliant_file), "-o", str(tmp_path / "nope" / "x.xlsx"))
    assert code == 2 and "nope" in err


def test_merge_command(tmp_path: Path, compliant_file: Path) -> None:
    out = tmp_path / "gop.xlsx"
    code, stdout, _ = run(
        "merge", str(compliant_file), "-o", str(out), "--as-of", AS_OF, "--lang", "en"
    )
    assert code == 0
    assert "1 files: 1 read, 0 failed, 0 set aside" in stdout
    assert out.exists()


def test_units_from_a_csv_file(tmp_path: Path, compliant_file: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,aliases,parent\n1,Phường Một,Phường 1;P1,Thành phố X\n2,Phường Hai,,\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        "validate", str(compliant_file), "--units", str(units), "--as-of", AS_OF, "--format", "json"
    )
    data = json.loads(out)
    assert [(w["name"], w["submitted"]) for w in data["wards"]] == [
        ("Phường Một", True),
        ("Phường Hai", False),
    ]
    assert code == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("ma,ten\n1,x\n", encoding="utf-8")
    code, _, err = run("validate", str(compliant_file), "--units", str(bad))
    assert code == 2 and "code" in err


def test_ward_option_names_a_file_without_ward(tmp_path: Path) -> None:
    from helpers import club_members, club_row, write_standard

    clubs = [club_row("A", "CLB A", ward=None), club_row("B", "CLB B", ward=None)]
    path = write_standard(tmp_path / "x.xlsx", clubs, club_members("A") + club_members("B"))
    code, out, _ = run("validate", str(path), "--as-of", AS_OF, "--format", "json")
    assert "ward-unknown" in {p["code"] for p in json.loads(out)["problems"]}
    code, out, _ = run(
        "validate", str(path), "--as-of", AS_OF, "--format", "json", "--ward", "Phường 7"
    )
    data = json.loads(out)
    assert code == 0 and [w["name"] for w in data["wards"]] == ["Phường 7"]

"""Issue #14: every message in the chosen language, problems under their club, number and date
forms, plurals, --annotate-dir, unknowns as null."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import active
from typer.testing import CliRunner

from ctg_check import api
from ctg_check.cli import app
from ctg_check.formatting import date_text, number, parse_date, pct
from ctg_check.i18n import count_label, lang_of, title
from ctg_check.problems import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
runner = CliRunner()
# Common English words that have no place in Vietnamese output (option names and values aside).
ENGLISH = re.compile(
    r"\b(usage|error|option|options|missing|invalid|value|such|no|not|for|the|is|of|one|"
    r"try|help|did|you|mean|choose|from|required|default|show|this|message|and|exit|"
    r"argument|arguments|command|commands|got|unexpected|extra|requires|takes|possible)\b",
    re.I,
)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def _bordered(wb: Any, style: str) -> set[tuple[str, str]]:
    """(sheet, cell) of the cells of the copied sheets (after the results sheet) whose left
    border has this style: how an annotated copy marks a problem's cell."""
    return {
        (ws.title, c.coordinate)
        for ws in wb.worksheets[1:]
        for row in ws.iter_rows()
        for c in row
        if c.border.left.style == style
    }


def vietnamese_only(text: str) -> list[str]:
    """English words left in a Vietnamese text, leaving out options, paths and placeholders."""
    bare = re.sub(r"(?<!\w)--?[a-z][\w-]*|\S+\.(xlsx|csv|toml|json|md)\b|ctg-check", " ", text)
    bare = re.sub(r"\b(text|json|vi|en|vung-tau-\d+|national-\d+)\b", " ", bare)
    return ENGLISH.findall(bare)


ERRORS = [
    ("no-such-option", ("validate", "{f}", "--as-off", "2025-12-10")),
    ("missing-option", ("summary", "{f}")),
    ("missing-argument", ("validate",)),
    ("bad-choice", ("validate", "{f}", "--lang", "fr")),
    ("bad-choice-format", ("validate", "{f}", "--format", "xml")),
    ("bad-number", ("summary", "{f}", "-o", "x.xlsx", "--year", "3000")),
    ("needs-value", ("validate", "{f}", "--plan")),
    ("no-value", ("validate", "{f}", "--quiet=yes")),
    ("extra-argument", ("template", "a.xlsx", "b.xlsx")),
    ("no-such-command", ("valdate", "{f}")),
]


@pytest.mark.parametrize(("name", "args"), ERRORS, ids=[e[0] for e in ERRORS])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_click_errors_in_the_chosen_language(
    name: str, args: tuple[str, ...], lang: str, compliant_file: Path
) -> None:
    argv = [a.format(f=compliant_file) for a in args]
    code, out, err = run(*argv, env={"CTG_CHECK_LANG": lang})
    assert code == 2, (out, err)
    assert err.startswith("ctg-check: ") and "Traceback" not in err
    assert "Error:" not in err
    assert "Usage:" not in err or lang == "en"
    if lang == "vi":
        assert vietnamese_only(err) == [], err
    else:
        assert "Usage: ctg-check" in err or name in ("needs-value", "no-value")


def test_option_lang_beats_the_environment(compliant_file: Path) -> None:
    _, _, err = run("validate", str(compliant_file), "--as-off", "x", "--lang", "en")
    assert "There is no option --as-off" in err and "--as-of" in err
    _, _, err = run("validate", str(compliant_file), "--as-off", "x", env={"CTG_CHECK_LANG": "en"})
    assert "There is no option" in err
    assert lang_of(["--lang=en"], {}) == "en" and lang_of([], {"CTG_CHECK_LANG": "en"}) == "en"
    assert lang_of(["--lang", "vi"], {"CTG_CHECK_LANG": "en"}) == "vi"
    assert lang_of([], {}) == "vi"


@pytest.mark.parametrize("command", [(), ("validate",), ("summary",), ("plan", "export")])
def test_help_is_in_one_language_with_readable_placeholders(command: tuple[str, ...]) -> None:
    code, out, _ = run(*command, "-h")
    assert code == 0 and out.startswith("Cách dùng: ctg-check")
    assert vietnamese_only(out) == [], out
    assert "Ví dụ:" in out
    for bad in ("{paths}", "<list[Path]>", "<str>", "<path>", "Show this message"):
        assert bad not in out
    code, out, _ = run(*command, "--help", "--lang", "en")
    assert code == 0 and out.startswith("Usage: ctg-check") and "Examples:" in out
    assert not re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ]", out.replace("Phường", "")), out


def test_help_shows_defaults() -> None:
    _, out, _ = run("validate", "-h")
    assert "mặc định: vung-tau-2022" in out and "mặc định: hôm nay" in out
    assert "mặc định: vi" in out and "CTG_CHECK_LANG" in out


def test_help_does_not_load_rich() -> None:
    code = (
        "import sys; from ctg_check.cli import main\n"
        "try:\n    main(['validate', '--help'])\nexcept SystemExit:\n    pass\n"
        "assert 'rich' not in sys.modules and 'openpyxl' not in sys.modules, 'heavy import'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Cách dùng" in proc.stdout


def test_every_problem_code_has_a_title() -> None:
    assert title("birth-invalid", "vi") == "Năm sinh không hợp lệ"
    assert title("birth-invalid", "en") == "Invalid birth year"
    for code, entry in CATALOGUE.items():
        vi, en = entry.title
        assert vi and en and vi != code


@pytest.fixture(scope="module")
def sample_report() -> api.Report:
    return api.validate([SAMPLE], api.options(as_of=date(2025, 12, 10)))


@pytest.fixture(scope="module")
def sample_text() -> str:
    code, out, _ = run("validate", str(SAMPLE), "--as-of", "10/12/2025")
    assert code == 1
    return out


def test_problem_groups_are_titled_and_under_their_club(sample_text: str) -> None:
    assert "birth-invalid" not in sample_text
    assert "Lỗi · Năm sinh không hợp lệ (1)" in sample_text
    # nguyen-an-ninh.xlsx: the duplicate (DS1!B48) under the first club, not the file's last
    block = sample_text.split("nguyen-an-ninh.xlsx")[1].split("sample_data/phuong-1.xlsx")[0]
    club9, rest = block.split("Khu phố 10", 1)
    assert "DS1!B48" in club9 and "DS1!B48" not in rest
    assert "DS2!B25" in rest  # a rejected row of DS2, the only club of that sheet


def test_problems_follow_the_club_of_their_row(sample_report: api.Report) -> None:
    from ctg_check.report import problem_clubs

    found = problem_clubs(sample_report)
    listed = [p["club_id"] for p in sample_report.to_json()["problems"]]
    assert listed == [res.id if res else None for res in found]
    assert {p.code for p, res in zip(sample_report.problems, found, strict=True) if res} >= {
        "duplicate-member",
        "birth-invalid",
        "member-in-several-clubs",
    }
    for p, res in zip(sample_report.problems, found, strict=True):
        if res is None:
            continue
        assert res.club.file == p.place.file
        rows = {m.place.row for m in res.club.members if m.place.sheet == p.place.sheet}
        info = res.club.info
        if info is not None and info.place.sheet == p.place.sheet:
            rows.add(info.place.row)
        assert (
            p.place.row in rows
            or p.club in (res.club.id, res.club.name, res.id)
            or (res.club.sheet == p.place.sheet)
        )


def test_vietnamese_numbers_and_dates(sample_text: str) -> None:
    assert "2.093 thành viên" in sample_text and "2093" not in sample_text
    assert "Ngày tham chiếu: 10/12/2025" in sample_text
    assert "64,7 %" in sample_text
    assert number(2093, "vi") == "2.093" and number(2093, "en") == "2,093"
    assert pct(0.647, "vi") == "64,7 %" and pct(0.647, "en") == "64.7%"
    assert date_text(date(2025, 12, 10), "vi") == "10/12/2025"
    assert parse_date("10/12/2025") == date(2025, 12, 10) == parse_date("2025-12-10")
    assert parse_date("1/2/2025") == date(2025, 2, 1) and parse_date("31/02/2025") is None


def test_english_plurals(compliant_file: Path) -> None:
    assert count_label("count_clubs", 1, "en") == "1 club"
    assert count_label("count_clubs", 2, "en") == "2 clubs"
    assert count_label("count_files", 1, "en") == "1 file"
    assert count_label("count_members", 2093, "en") == "2,093 members"
    _, out, _ = run("validate", str(compliant_file), "--lang", "en", "-q")
    assert "1 file · 2 clubs" in out and "1 files" not in out and "Club " not in out


def test_quiet_is_one_line_per_file_and_the_verdict() -> None:
    code, out, _ = run("validate", str(SAMPLE), "--as-of", "10/12/2025", "-q")
    assert code == 1
    lines = [line for line in out.splitlines() if line]
    files = api.collect_files([SAMPLE])
    assert len(lines) == len(files) + 1
    assert lines[-1].startswith("CHƯA ĐẠT")


def test_unknowns_are_null_and_unreadable_files_are_problems(tmp_path: Path) -> None:
    from helpers import club_members, club_row, write_standard

    # club B has members but no information row: its activities are not known
    members = club_members("A", size=50) + club_members("B", size=50)
    path = write_standard(tmp_path / "a.xlsx", [club_row("A", "CLB A")], members)
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 broken")
    code, out, _ = run("validate", str(tmp_path), "--format", "json")
    data = json.loads(out)
    club_b = next(c for c in data["clubs"] if c["id"] == "B")
    assert set(club_b["activities"].values()) == {None}
    acts = next(i for i in club_b["indicators"] if i["id"] == "activities")
    assert acts["status"] == "unknown" and acts["value"] is None
    bad = [p for p in data["problems"] if p["file"].endswith("bad.xlsx")]
    assert len(bad) == 1 and bad[0]["severity"] == "error"
    entry = next(f for f in data["files"] if f["path"].endswith("bad.xlsx"))
    assert bad[0]["code"] == entry["error"]["code"]
    assert path.exists() and code == 2


def test_json_column_is_the_letter_of_the_cell(sample_report: api.Report) -> None:
    problems = sample_report.to_json("vi")["problems"]
    with_cell = [p for p in problems if p["cell"]]
    assert with_cell
    for p in with_cell:
        assert p["column"] == re.match(r"[A-Z]+", p["cell"])[0]  # type: ignore[index]
        assert p["title"] == title(p["code"], "vi")


def test_annotate_dir_marks_match_the_json_cell_for_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "da-danh-dau"
    code, stdout, _ = run(
        "validate", str(SAMPLE), "--as-of", "10/12/2025", "--annotate-dir", str(out)
    )
    assert code == 1
    files = api.collect_files([SAMPLE])
    copies = sorted(p.name for p in out.iterdir())
    assert copies == sorted(f.stem + (".xlsx" if f.suffix != ".xlsx" else f.suffix) for f in files)
    assert stdout.rstrip().splitlines()[-1].endswith(str(out / copies[-1]))  # listed at the end
    _, js, _ = run("validate", str(SAMPLE), "--as-of", "10/12/2025", "--format", "json")
    problems = json.loads(js)["problems"]
    for source in files:
        copy = out / (source.stem + ".xlsx")
        wb = load_workbook(copy)
        assert wb.sheetnames[0] == "Kết quả kiểm tra" and active(wb).title == "Kết quả kiểm tra"
        marked = _bordered(wb, "thick")
        mine = [p for p in problems if Path(p["file"]).name == source.name]
        cells = {(p["sheet"] or source.stem, p["cell"]) for p in mine if p["cell"]}
        # a problem of a whole row (no column) is marked at the row's first filled cell
        rows = {(p["sheet"] or source.stem, p["row"]) for p in mine if p["row"] and not p["cell"]}
        assert cells <= marked, source.name
        extra = {(s, int(re.sub(r"[A-Z]+", "", c))) for s, c in marked - cells}
        assert extra == rows - {(s, int(re.sub(r"[A-Z]+", "", c))) for s, c in cells}, source.name
        results = wb.worksheets[0]
        signs = sum(1 for (c,) in results.iter_rows(min_col=3, max_col=3) if "⚠" in str(c.value))
        assert signs == len(mine)  # the severity of every problem, with ⚠


def test_activities_not_done_are_named_and_their_cells_marked(
    sample_report: api.Report, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    missing = [
        (res, aid)
        for res in sample_report.clubs
        for aid, done in res.activities.items()
        if not done
    ]
    assert missing  # the sample data has a club that misses an activity
    res, aid = missing[0]
    source = Path(res.club.file)
    (done,) = api.annotate_files(sample_report, [(source, tmp_path / "copy.xlsx")])
    assert done.error is None
    wb = load_workbook(tmp_path / "copy.xlsx")
    dashed = _bordered(wb, "mediumDashed")
    cells = {
        (r.club.info.activity_cells[a].sheet, r.club.info.activity_cells[a].cell)
        for r, a in missing
        if r.club.file == res.club.file and r.club.info is not None
    }
    assert dashed == cells
    label_of = {a.id: a.label for a in sample_report.plan.activities}
    _, out, _ = run("validate", str(source), "--as-of", "10/12/2025")
    assert f"Hoạt động chưa thực hiện: {label_of[aid]}" in out


def test_readme_links_the_vietnamese_guide_with_windows_steps() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/huong-dan.md" in "\n".join(readme.splitlines()[:5])
    guide = (ROOT / "docs" / "huong-dan.md").read_text(encoding="utf-8")
    for step in ("py -m venv .venv", ".venv\\Scripts\\activate", "pip install", "pipx install"):
        assert step in guide
    work = guide.split("## 2.")[1].split("## 3.")[0]  # the order of work
    order = [work.index(f"ctg-check {c}") for c in ("template", "validate", "merge", "summary")]
    assert order == sorted(order)


def test_lang_before_the_command_applies_to_it(compliant_file: Path) -> None:
    code, out, _ = run("--lang", "en", "validate", str(compliant_file), "-q")
    assert code == 0 and "PASS — 1 file · 2 clubs" in out
    code, out, _ = run("--lang", "en", "plan", "show")
    assert code == 0 and "Indicator" in out


def test_the_vietnamese_report_has_no_english_word(sample_text: str) -> None:
    assert vietnamese_only(sample_text) == []

"""Terminal output: user text printed as text, the progress line, the closing line, the wards
that have not submitted."""

from __future__ import annotations

import io
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from ctg_check import api, render
from ctg_check.cli import app
from ctg_check.formatting import printable
from ctg_check.i18n import count_label, label
from ctg_check.model import Club, Member, Place, RowCount, Submission
from ctg_check.plan import load_plan
from ctg_check.problems import problem
from ctg_check.report import Report
from ctg_check.units import Unit, Units

AS_OF = "2025-12-01"
runner = CliRunner()

# What a file or a user may put in a name: rich markup (a bare closing tag crashed validate, a
# link tag became a live hyperlink), colour and clear-screen (CSI, also as the 8-bit C1 byte), an
# OSC 8 hyperlink, a window title, a bell, a line break, a bidi override.
HOSTILE_CLUB = "CLB [/] [link=https://evil.example]x[/link] \x1b]8;;https://evil.example\x1b\\y"
HOSTILE_SEX = "N\x1b[31mữ\x1b[0m [bold]\x9b2J\x1b]0;pwned\x07\nNam\u202etxt"
HOSTILE_WARD = "Phường [red]1[/] \x1b[2J\x1b[H"
HOSTILE_UNIT = "Xã [/]\x1b[5m\r\nBình\u202e\x00"
# A file name that is not UTF-8 (surrogateescape on Linux) and holds an escape sequence.
HOSTILE_NAME = b"ph\xffuong-[link=evil][red]\x1b[2J.xlsx"
# Every escape printed comes from rich itself: colours (SGR), and for the progress line carriage
# return, erase line, cursor up, hide and show the cursor.
OUR_ESCAPES = re.compile(r"\x1b\[(?:[0-9;]*m|2K|[0-9]*A|\?25[hl])|\r")
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def hostile_report() -> Report:
    """A report built by hand (no reader in between) whose every name and value is hostile: one
    file read, one unreadable, two expected wards of which one has not submitted."""
    name = os.fsdecode(HOSTILE_NAME)
    place = Place(name, "DS [/]\x1b]0;t\x07", 7, 3)
    members = [Member(f"Thành viên {i}", "F", 1950, place=place) for i in range(3)]
    club = Club("C-[/]", HOSTILE_CLUB, HOSTILE_WARD, name, "DS [/]", members=members)
    problems = [problem("sex-invalid", place, value=HOSTILE_SEX)]
    sub = Submission(name, "0" * 64, "xlsx", None, rows=RowCount(4, 3, 0, 1), clubs=[club])
    sub.problems = problems
    bad_name = os.fsdecode(b"\x1b]8;;https://e\x1b\\bad\x1b]8;;\x1b\\\xfe.xls")
    error: tuple[str, dict[str, object]] = (
        "file-unreadable",
        {"path": bad_name, "what": "a damaged workbook", "kind": "damaged"},
    )
    bad = Submission(bad_name, "1" * 64, None, None, "error", error)
    units = Units("u", (Unit("1", HOSTILE_WARD, (), ""), Unit("2", HOSTILE_UNIT, (), "")))
    opts = api.Options(plan=load_plan(None), as_of=date(2025, 12, 1), units=units)
    return api.check([sub, bad], opts)


def assert_safe(text: str) -> None:
    """No escape sequence but rich's own, no control character but line ends."""
    bare = OUR_ESCAPES.sub("", text)
    assert "\x1b" not in bare and not UNSAFE.search(bare), repr(bare)


def rendered(report: Report, terminal: bool, quiet: bool = True, lang: str = "vi") -> str:
    out = io.StringIO()
    con = render.console(file=out, terminal=terminal, width=100)
    render.render_account(report, lang, con)
    render.render_report(report, lang, con, quiet=quiet)
    return out.getvalue()


CLOSING = (
    "LỖI: 1 tệp không đọc được — 2 tệp · 1 CLB · 3 thành viên · 1 lỗi · 0 cảnh báo · "
    "13 chỉ tiêu chưa đạt hoặc chưa rõ"
)
HEAD = (
    "2 tệp: 1 đọc được, 1 lỗi, 0 để riêng · 4 dòng = 3 thành viên + 0 bị loại + 1 dòng khác · "
    "1 CLB\n"
    "  bad\ufffd.xls: Không đọc được tệp: một bảng tính bị hỏng\n"
)
# -q: one line per file, the wards not submitted and the verdict
PLAIN = (
    f"{HEAD}"
    "ph\ufffduong-[link=evil][red].xlsx: 1 CLB · 1 lỗi · 0 cảnh báo\n"
    "bad\ufffd.xls: Không đọc được tệp: một bảng tính bị hỏng\n"
    "\n"
    "Phường, xã chưa nộp báo cáo (1/2): Xã [/]↵Bình\n"
    "\n"
    f"{CLOSING}\n"
)
TERMINAL = (
    f"{HEAD}"
    "\x1b[31mph\ufffduong-[link=evil][red].xlsx: 1 CLB · 1 lỗi · 0 cảnh báo\x1b[0m\n"
    "\x1b[1;31mbad\ufffd.xls: Không đọc được tệp: một bảng tính bị hỏng\x1b[0m\n"
    "\n"
    "\x1b[33mPhường, xã chưa nộp báo cáo (1/2): Xã [/]↵Bình\x1b[0m\n"
    "\n"
    f"\x1b[1;31m{CLOSING}\x1b[0m\n"
)


@pytest.mark.parametrize(("terminal", "expected"), [(False, PLAIN), (True, TERMINAL)])
def test_hostile_names_print_as_text_exact_bytes(terminal: bool, expected: str) -> None:
    out = rendered(hostile_report(), terminal)
    assert out == expected
    assert_safe(out)
    out.encode("utf-8")  # no surrogate left: the bytes of a non-UTF-8 name print as �


@pytest.mark.parametrize("terminal", [False, True])
def test_club_tables_and_wards_print_names_as_text(terminal: bool) -> None:
    out = rendered(hostile_report(), terminal, quiet=False)
    assert_safe(out)
    assert printable(HOSTILE_CLUB) in out  # the table title that raised MarkupError
    assert "CLB [/] [link=https://evil.example]x[/link] y" in out
    assert "Phường [red]1[/]" in out  # the wards table


def test_printable_removes_every_kind_of_terminal_control() -> None:
    cases = {
        "a\x1b[31mb\x1b[0mc": "abc",  # colour (CSI)
        "a\x9b2Jb": "ab",  # clear screen, 8-bit CSI
        "a\x1b]8;;https://e\x1b\\link\x1b]8;;\x1b\\b": "alinkb",  # OSC 8 hyperlink
        "a\x1b]0;title\x07b": "ab",  # window title ended by BEL
        "a\x1bcb": "ab",  # full reset
        "a\x1bP1$r\x1b\\b": "ab",  # DCS string
        "a\x1b": "a",  # a lone ESC at the end
        "a\nb\r\nc\rd\u2028e": "a↵b↵c↵d↵e",  # every line break, one line
        "a\tb": "a b",
        "a\x00\x07\x08\x7f\x85\x9fb": "a↵b",  # NEL is a line break; the rest dropped
        "a\u202eb\u2066c\u200fd": "abcd",  # bidi overrides and marks
        os.fsdecode(b"a\xffb"): "a\ufffdb",  # a byte that is not UTF-8
        "[/] [link=x]y[/link] :smile:": "[/] [link=x]y[/link] :smile:",  # not markup here
    }
    for text, expected in cases.items():
        assert printable(text) == expected, repr(text)


def test_json_on_stdout_escapes_what_a_terminal_acts_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = {"name": "a\x9b2J\u202eb", "path": os.fsdecode(b"f\xff.csv"), "ok": "Phường [/]"}
    render.print_json(data)
    out = capsys.readouterr().out
    assert json.loads(out) == data  # the same values, as JSON escapes
    assert "\x9b" not in out and "\u202e" not in out and "Phường [/]" in out
    out.encode("utf-8")


def test_english_counts_are_singular_for_one() -> None:
    assert count_label("count_files", 1, "en") == "1 file"
    assert count_label("count_files", 2, "en") == "2 files"
    assert count_label("count_not_met", 1, "en") == "1 indicator not met or unknown"
    assert count_label("count_members", 1, "vi") == count_label("count_members", 1, "vi")
    report = hostile_report()
    text, _ = render.closing_text(report, "en")
    assert text.startswith("ERROR: 1 file could not be read — 2 files · 1 club · 3 members")


# ------------------------------------------------------------------------------------ progress


def fake_terminal() -> tuple[io.StringIO, Console]:
    out = io.StringIO()
    return out, render.console(file=out, terminal=True, width=100)


def test_progress_names_step_count_and_file() -> None:
    out, con = fake_terminal()
    files = [Path(f"phuong-{i}.xlsx") for i in range(1, 6)]
    with render.progress(len(files), "vi", con=con) as tell:
        for path in files[:3]:
            tell("read", path)
        assert "Đang đọc 3/5: phuong-3.xlsx" in out.getvalue()
        tell("read", Path("a[red]\x1b[2J\nb.xlsx"))
        assert "Đang đọc 4/5: a[red]↵b.xlsx" in out.getvalue()
        tell("read", files[4])
        assert "Đang kiểm tra…" in out.getvalue()  # every file read: the checks run
        tell("write_merged", Path("gop.xlsx"))
        assert "Đang ghi tệp gộp…" in out.getvalue()
    assert_safe(out.getvalue())


def test_progress_texts_in_english() -> None:
    assert render.progress_text("read", "en", 37, 200, Path("phuong-7.xlsx")) == (
        "Reading 37/200: phuong-7.xlsx"
    )
    assert render.progress_text("read", "vi", 37, 200, Path("phuong-7.xlsx")) == (
        "Đang đọc 37/200: phuong-7.xlsx"
    )
    assert render.progress_text("write_summary", "en") == "Writing the summary workbook…"
    assert render.progress_text("write_summary", "vi") == "Đang ghi bảng tổng hợp…"


def test_no_progress_when_not_a_terminal_or_short() -> None:
    out = io.StringIO()
    with render.progress(50, "vi", con=render.console(file=out, terminal=False)) as tell:
        tell("read", Path("a.xlsx"))
    _, con = fake_terminal()
    with render.progress(3, "vi", con=con) as tell:
        tell("read", Path("a.xlsx"))
    assert out.getvalue() == "" and con.file.getvalue() == ""  # type: ignore[attr-defined]


def test_api_tells_every_file_and_the_writing_step(tmp_path: Path) -> None:
    from helpers import compliant_ward, write_standard

    clubs, members = compliant_ward()
    for i in range(3):
        write_standard(tmp_path / f"phuong-{i}.xlsx", clubs, members)
    told: list[tuple[str, str]] = []
    opts = api.options(as_of=date(2025, 12, 1))
    out = tmp_path / "out" / "tong-hop.xlsx"
    out.parent.mkdir()
    api.summary([tmp_path], out, opts, progress=lambda step, path: told.append((step, path.name)))
    assert told == [
        ("read", "phuong-0.xlsx"),
        ("read", "phuong-1.xlsx"),
        ("read", "phuong-2.xlsx"),
        ("write_summary", "tong-hop.xlsx"),
    ]


# ------------------------------------------------------------------- through the commands


def hostile_folder(folder: Path) -> Path:
    """A ward workbook whose club name holds markup, an 8-bit CSI and a bidi override and whose
    sex value holds markup and a line break; a CSV with a non-UTF-8 name and escape sequences;
    a damaged workbook (so every command exits 2)."""
    from helpers import club_members, club_row, write_standard

    folder.mkdir(exist_ok=True)
    clubs = [club_row("P1-01", "CLB [/] [link=https://evil.example]x[/link] \x9b2J\u202e")]
    members = club_members("P1-01")
    members[0]["sex"] = "X[/]\nY"
    write_standard(folder / "phuong-1 [red].xlsx", clubs, members)
    odd = os.fsdecode(os.fsencode(folder) + b"/phuong-2\xff\x1b]0;title\x07.csv")
    Path(odd).write_text("Họ và tên,Giới tính\n\x1b[2J\x1b]8;;https://e\x1b\\A\x1b]8;;\x1b\\,Nữ\n")
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 damaged")
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--as-of", AS_OF])
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.exit_code, result.stdout, result.stderr


def last_line(text: str) -> str:
    return text.rstrip("\n").rsplit("\n", 1)[-1]


def test_validate_prints_hostile_names_as_text(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path / "in")
    code, out, err = run("validate", str(folder))
    assert code == 2
    assert_safe(out + err)
    assert "CLB [/] [link=https://evil.example]x[/link] " in out  # literal, no hyperlink
    assert "X[/]↵Y" in out  # the value on one line
    report = api.validate([folder], api.options(as_of=date(2025, 12, 1)))
    assert last_line(out) == render.closing_text(report, "vi")[0]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_summary_lists_the_wards_not_submitted_and_closes_with_every_count(
    tmp_path: Path, lang: str
) -> None:
    folder = hostile_folder(tmp_path / "in")
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,aliases,parent\n1,Phường 1,,\n2,Phường [/]\x1b[5m Hai,,\n3,Xã Ba,,\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "tong-hop.xlsx"
    code, out, _ = run("summary", str(folder), "-o", str(out_file), "--units", str(units),
                       "--lang", lang)  # fmt: skip
    assert code == 2 and out_file.exists()  # a damaged file: exit 2, the summary still written
    assert_safe(out)
    opts = api.options(as_of=date(2025, 12, 1), units=str(units))
    report = api.validate([folder], opts)
    missing = [w.name for w in report.wards if not w.submitted]
    assert missing == ["Phường [/]\x1b[5m Hai", "Xã Ba"]
    expected = label("wards_missing", lang, count=2, total=3, names="Phường [/] Hai, Xã Ba")
    assert expected in out.splitlines()
    assert last_line(out) == render.closing_text(report, lang)[0]


def test_validate_with_units_says_every_ward_submitted(tmp_path: Path) -> None:
    from helpers import compliant_ward, write_standard

    clubs, members = compliant_ward()
    path = write_standard(tmp_path / "phuong-1.xlsx", clubs, members)
    units = tmp_path / "units.csv"
    units.write_text("code,name,aliases,parent\n1,Phường 1,,\n", encoding="utf-8")
    code, out, _ = run("validate", str(path), "--units", str(units), "--quiet")
    assert code == 0
    assert label("wards_all_submitted", "vi", total=1) in out.splitlines()


def test_merge_closes_with_every_count_when_a_file_is_unreadable(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path / "in")
    code, out, _ = run("merge", str(folder), "-o", str(tmp_path / "gop.xlsx"), "--lang", "en")
    assert code == 2
    assert_safe(out)
    report = api.validate([folder], api.options(as_of=date(2025, 12, 1)))
    assert last_line(out) == render.closing_text(report, "en")[0]
    assert last_line(out).startswith("ERROR: 2 files could not be read — 3 files · 1 club · 50")


def test_plan_show_prints_labels_as_text(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.toml"
    assert runner.invoke(app, ["plan", "export", "vung-tau-2022", str(plan_file)]).exit_code == 0
    text = plan_file.read_text(encoding="utf-8")
    hostile = 'label = "Tăng [/] thu [link=https://e]nhập\\u001b]0;T\\u0007\\n2"'
    text = text.replace('label = "Tăng thu nhập"', hostile, 1)
    plan_file.write_text(text, encoding="utf-8")
    for terminal in (False, True):
        out = io.StringIO()
        con = render.console(file=out, terminal=terminal, width=200)
        render.render_plan(load_plan(str(plan_file)), "vi", con)
        assert_safe(out.getvalue())
        assert "Tăng [/] thu [link=https://e]nhập↵2" in out.getvalue()
    result = runner.invoke(app, ["plan", "show", str(plan_file)])
    assert result.exit_code == 0 and "Tăng [/] thu" in result.stdout


def test_plain_lines_of_the_cli_print_names_as_text(tmp_path: Path) -> None:
    name = os.fsdecode(os.fsencode(tmp_path) + b"/mau-\xff[red]x\x1b]0;t\x07.xlsx")
    result = runner.invoke(app, ["template", name])
    assert result.exit_code == 0
    assert_safe(result.stdout)
    assert "mau-\ufffd[red]x.xlsx" in result.stdout

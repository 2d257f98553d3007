"""The annotated copy: the user's workbook unchanged but for marked cells and a results sheet."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import (
    CORPUS,
    add_to_sheet,
    club_members,
    club_row,
    rewrite_part,
    write_members_csv,
    write_standard,
)
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from typer.testing import CliRunner

from ctg_check import api, marker
from ctg_check.cli import app
from ctg_check.errors import OutputError
from ctg_check.i18n import label, message
from ctg_check.model import Place
from ctg_check.problems import ERROR, Problem, problem
from ctg_check.reading.encodings import encode_vni
from ctg_check.reading.limits import FILE_KINDS
from ctg_check.report import Report
from ctg_check.writers import WriteOptions
from ctg_check.writers.annotated import FILLS, write_annotated

OPTS = api.options(as_of=date(2025, 12, 1))
RESULTS = label("annot_sheet", "vi")
NOTES = "Ghi chú riêng"
OLD_COMMENT = "Đã hỏi lại tổ trưởng"


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    """A standard workbook with data errors and things a user adds: formulas, merges, fonts,
    an unrelated sheet, a comment, a defined name, a drop-down list and a column width."""
    members = club_members("A")
    members[0]["sex"] = "K"  # E2 sex-invalid
    members[1]["birth"] = 1850  # D3 birth-invalid
    members[2]["loan_needed"] = "?"  # K4 flag-invalid (warning)
    members.insert(5, {"stt": 6, "club_id": "A", "birth": 1950, "sex": "Nữ"})  # C7 no name
    members += club_members("B", size=3)  # no club row: club-info-missing on a row, no column
    path = write_standard(tmp_path / "phuong-1.xlsx", [club_row("A", "CLB A")], members)

    wb = openpyxl.load_workbook(path)
    ms = wb["Thành viên"]
    ms["C1"].font = Font(name="Arial", bold=True, size=12)
    ms["E2"].comment = Comment(OLD_COMMENT, "Tổ trưởng")
    ms["N2"] = "=D2+0"
    ms.column_dimensions["C"].width = 33
    dv = DataValidation(type="list", formula1='"Nam,Nữ"', allow_blank=True)
    dv.add("E2:E100")
    ms.add_data_validation(dv)
    notes = wb.create_sheet(NOTES)
    notes["A1"] = "Tổng số tiền"
    notes["A1"].font = Font(bold=True)
    notes["B1"] = "=SUM(B2:B3)"
    notes["B2"], notes["B3"] = 1000, 2000
    notes["A5"] = "Ghi chú gộp ô"
    notes.merge_cells("A5:C5")
    wb.defined_names["TONG"] = DefinedName("TONG", attr_text=f"'{NOTES}'!$B$1")
    wb.save(path)
    return path


def snapshot(path: Path, skip: str | None = None) -> dict[str, Any]:
    """Everything the annotated copy must keep: cells (value, font, number format, fill), merges,
    column widths, validations, defined names and sheet order."""
    wb = openpyxl.load_workbook(path)
    sheets = [ws for ws in wb.worksheets if ws.title != skip]
    cells = {}
    for ws in sheets:
        for row in ws.iter_rows():
            for c in row:
                f = c.font
                font = (f.name, f.b, f.i, f.u, f.sz, f.color.rgb if f.color else None)
                fill = (c.fill.patternType, c.fill.fgColor.rgb)
                cells[(ws.title, c.coordinate)] = (c.value, font, c.number_format, fill)
    return {
        "sheets": [ws.title for ws in sheets],
        "cells": cells,
        "merged": {ws.title: sorted(map(str, ws.merged_cells.ranges)) for ws in sheets},
        "widths": {
            ws.title: {k: d.width for k, d in ws.column_dimensions.items()} for ws in sheets
        },
        "validations": {
            ws.title: [(d.formula1, str(d.sqref)) for d in ws.data_validations.dataValidation]
            for ws in sheets
        },
        "names": {n: d.attr_text for n, d in wb.defined_names.items()},
    }


def marked(report: Report, source: Path) -> dict[tuple[str, str], list[Problem]]:
    """Problem cells of the report for one file, as the writer should mark them: the problem's
    cell, or for a problem with a row but no column the row's first non-empty cell."""
    out: dict[tuple[str, str], list[Problem]] = {}
    wb = openpyxl.load_workbook(source) if source.suffix == ".xlsx" else None
    for p in report.problems:
        sheet, row = p.place.sheet, p.place.row
        if p.place.file != str(source) or sheet is None or row is None:
            continue
        cell = p.place.cell
        if cell is None and wb is not None:
            cell = next(c.coordinate for c in wb[sheet][row] if c.value is not None)
        if cell is not None:
            out.setdefault((sheet, cell), []).append(p)
    return out


def test_annotated_copy_keeps_the_workbook_and_marks_problems(roster: Path, tmp_path: Path) -> None:
    before = roster.read_bytes()
    kept = snapshot(roster)
    report = api.validate([roster], OPTS)
    codes = {(p.code, p.place.cell) for p in report.problems}
    assert {("sex-invalid", "E2"), ("birth-invalid", "D3"), ("flag-invalid", "K4")} <= codes
    assert ("member-name-missing", "C7") in codes
    row_only = [p for p in report.problems if p.code == "club-info-missing"]
    assert row_only and row_only[0].place.row and row_only[0].place.column is None

    out = tmp_path / "annotated.xlsx"
    assert write_annotated(report, out, WriteOptions(source=roster)) is True
    assert roster.read_bytes() == before

    after = snapshot(out, skip=RESULTS)
    cells = marked(report, roster)
    assert after["sheets"] == kept["sheets"]
    assert after["cells"].keys() == kept["cells"].keys()
    for key, (*same, fill) in kept["cells"].items():
        assert after["cells"][key][:3] == tuple(same), key  # values, formulas, fonts, formats
        if key not in cells:
            assert after["cells"][key][3] == fill, key
    assert after["merged"] == kept["merged"]
    assert after["widths"] == kept["widths"]
    assert after["validations"] == kept["validations"]
    assert after["names"] == kept["names"]

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == RESULTS
    assert wb[NOTES]["B1"].value == "=SUM(B2:B3)"
    for (sheet, cell), problems in cells.items():
        c = wb[sheet][cell]
        severity = ERROR if any(p.severity == ERROR for p in problems) else "warning"
        assert c.fill.fgColor.rgb.endswith(FILLS[severity]), (sheet, cell)
        for p in problems:
            assert p.message("vi") in text_of(c.comment)
    ms = wb["Thành viên"]
    assert ms["K4"].fill.fgColor.rgb.endswith(FILLS["warning"])
    assert text_of(ms["E2"].comment).startswith(OLD_COMMENT)  # the user's comment comes first

    # a problem with a row and no column marks the row's first non-empty cell
    first = ms.cell(row_only[0].place.row or 0, 1)
    assert first.value is not None
    assert row_only[0].message("vi") in text_of(first.comment)
    assert ms["E5"].comment is None
    # the unrelated sheet is kept; its one mark says it was skipped
    assert [p.code for ps in cells.values() for p in ps if p.place.sheet == NOTES] == [
        "header-not-found"
    ]


def text_of(comment: Comment | None) -> str:
    assert comment is not None
    return str(comment.text)


def results_text(path: Path, title: str = RESULTS) -> list[str]:
    ws = openpyxl.load_workbook(path)[title]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_results_sheet_lists_clubs_indicators_and_problems(roster: Path, tmp_path: Path) -> None:
    report = api.validate([roster], OPTS)
    report.problems.append(problem("ward-unknown", Place(str(roster))))  # file only
    out = tmp_path / "annotated.xlsx"
    write_annotated(report, out, WriteOptions(source=roster))
    text = results_text(out)
    joined = "\n".join(text)
    assert report.plan.id in joined
    assert "01/12/2025" in joined
    for club in report.clubs:  # each club has a heading naming it, then its indicators
        assert any(t.startswith(club.club.name or club.id) and club.id in t for t in text)
    assert label("women_share", "vi") in text
    assert {label("met", "vi"), label("not_met", "vi")} <= set(text)
    for p in report.problems:
        assert p.code in text
    cells = {p.place.cell for p in report.problems if p.place.cell}
    assert cells <= set(text)
    # the file-level problem is listed but marks no cell
    wb = openpyxl.load_workbook(out)
    comments = [
        c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment
    ]
    assert not any("ward-unknown" in t for t in comments)


def test_english_results_sheet(roster: Path, tmp_path: Path) -> None:
    report = api.validate([roster], OPTS)
    out = tmp_path / "annotated.xlsx"
    write_annotated(report, out, WriteOptions("en", source=roster))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == label("annot_sheet", "en")
    sex = next(p for p in report.problems if p.code == "sex-invalid")
    assert sex.message("en") in text_of(wb["Thành viên"]["E2"].comment)


def test_legacy_encoded_sheet_name_is_matched(tmp_path: Path) -> None:
    """The report names the decoded sheet; the workbook keeps its VNI-encoded name."""
    members = club_members("A")
    members[0]["sex"] = "K"
    path = write_standard(tmp_path / "vni.xlsx", [club_row("A", "CLB A")], members)
    wb = openpyxl.load_workbook(path)
    raw = encode_vni("Thành viên")
    wb["Thành viên"].title = raw
    wb.save(path)
    report = api.validate([path], OPTS)
    assert [(p.code, p.place.sheet, p.place.cell) for p in report.problems] == [
        ("sex-invalid", "Thành viên", "E2")
    ]
    out = tmp_path / "out.xlsx"
    write_annotated(report, out, WriteOptions(source=path))
    cell = openpyxl.load_workbook(out)[raw]["E2"]
    assert cell.fill.fgColor.rgb.endswith(FILLS[ERROR])
    assert report.problems[0].message("vi") in text_of(cell.comment)


def test_refuses_to_write_over_the_input(roster: Path) -> None:
    before = roster.read_bytes()
    report = api.validate([roster], OPTS)
    with pytest.raises(OutputError) as err:
        write_annotated(report, roster, WriteOptions(source=roster))
    assert err.value.code == "output-is-input"
    assert roster.read_bytes() == before


def test_same_input_same_bytes_and_results_sheet_replaced(roster: Path, tmp_path: Path) -> None:
    report = api.validate([roster], OPTS)
    one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    write_annotated(report, one, WriteOptions(source=roster))
    write_annotated(report, two, WriteOptions(source=roster))
    assert one.read_bytes() == two.read_bytes()
    # annotating an annotated copy again keeps one results sheet
    again = api.validate([one], OPTS)
    three = tmp_path / "three.xlsx"
    assert write_annotated(again, three, WriteOptions(source=one)) is True
    assert openpyxl.load_workbook(three).sheetnames.count(RESULTS) == 1


def test_csv_source_gives_a_new_workbook_with_the_data_as_read(tmp_path: Path) -> None:
    members = club_members("A", size=50)
    members[3]["sex"] = "K"
    members[7]["birth"] = 1850
    source = write_members_csv(tmp_path / "phuong-8.csv", members)
    before = source.read_bytes()
    report = api.validate([source], OPTS)
    cells = marked(report, source)
    assert {p.code for ps in cells.values() for p in ps} >= {"sex-invalid", "birth-invalid"}

    out = tmp_path / "phuong-8-annotated.xlsx"
    assert write_annotated(report, out, WriteOptions(source=source)) is False
    assert source.read_bytes() == before
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == RESULTS
    for (sheet, cell), problems in cells.items():
        c = wb[sheet][cell]
        assert c.fill.fgColor.rgb.endswith(FILLS[problems[0].severity])
        assert all(p.message("vi") in text_of(c.comment) for p in problems)
    sex = next(p for p in report.problems if p.code == "sex-invalid")
    assert wb[sex.place.sheet or ""][sex.place.cell or ""].value == "K"
    assert wb[sex.place.sheet or ""]["C1"].value == "Họ và tên"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    members = club_members("A", size=50)
    members[0]["address"] = "=HYPERLINK(1)"
    source = write_members_csv(tmp_path / "a.csv", members)
    out = tmp_path / "a.xlsx"
    write_annotated(api.validate([source], OPTS), out, WriteOptions(source=source))
    cell = openpyxl.load_workbook(out)["a"]["F2"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


# ------------------------------------------------------------- hostile workbooks (issue 11 item 2)

BOMB = '<mergeCells count="1"><mergeCell ref="P200:XFD1048576"/></mergeCells>'
TIME = Path("/usr/bin/time")


def small_roster(path: Path) -> Path:
    members = club_members("A")
    members[0]["sex"] = "K"  # E2 sex-invalid: the check's exit code is 1
    return write_standard(path, [club_row("A", "CLB A")], members)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in a fresh process, measured by /usr/bin/time -v (its lines end stderr)."""
    command = [sys.executable, "-m", "ctg_check", *args, "--as-of", "2025-12-01", "--lang", "en"]
    return subprocess.run(
        [str(TIME), "-v", *command], capture_output=True, text=True, check=False, timeout=600
    )


def measured(stderr: str) -> tuple[float, int]:
    """Wall-clock seconds and peak resident bytes from /usr/bin/time -v."""
    clock = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    assert clock and rss, stderr
    hours, minutes, seconds = clock.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds), int(rss[1]) * 1024


def own_lines(stderr: str) -> list[str]:
    """What ctg-check said on stderr, without /usr/bin/time's report."""
    return [line for line in stderr.splitlines() if line.startswith("ctg-check:")]


@pytest.mark.skipif(not TIME.exists(), reason="/usr/bin/time is not installed")
def test_merge_range_bomb_is_one_line_and_the_report_is_printed(tmp_path: Path) -> None:
    """Issue 11: a 15 KB file with one merged range P200:XFD1048576 took 139 s and 5.5 GB and
    ended in a MemoryError traceback. Now: under 30 s and 1.5 GB, one line, the report, exit 2."""
    bomb = add_to_sheet(small_roster(tmp_path / "bomb.xlsx"), BOMB)
    out = tmp_path / "out.xlsx"
    proc = cli("validate", str(bomb), "--format", "json", "--annotate", str(out))
    seconds, peak = measured(proc.stderr)
    assert seconds < 30 and peak < 1_500_000_000, (seconds, peak)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    [line] = own_lines(proc.stderr)
    assert str(bomb) in line
    report = json.loads(proc.stdout)  # the report is still printed, whole
    assert [f["status"] for f in report["files"]] == ["read"]
    assert ("sex-invalid", "E2") in {(p["code"], p["cell"]) for p in report["problems"]}
    assert not out.exists()


def test_bomb_error_names_the_file_and_its_kind(tmp_path: Path) -> None:
    bomb = add_to_sheet(small_roster(tmp_path / "bomb.xlsx"), BOMB)
    report = api.validate([bomb], OPTS)
    [done] = api.annotate_files(report, [(bomb, tmp_path / "out.xlsx")])
    assert done.error is not None and done.error.code == "annotate-failed"
    assert done.error.params["path"] == str(bomb)
    assert done.error.params["kind"] == "too-many-cells"


def test_ranges_openpyxl_keeps_whole_do_not_stop_the_copy(tmp_path: Path) -> None:
    """Conditional formats, validations and <dimension> over the whole sheet are kept as ranges."""
    path = small_roster(tmp_path / "wide.xlsx")
    whole = "A1:XFD1048576"
    add_to_sheet(
        path,
        f'<conditionalFormatting sqref="{whole}"><cfRule type="expression" priority="1">'
        f'<formula>TRUE</formula></cfRule></conditionalFormatting><dataValidations count="1">'
        f'<dataValidation type="list" sqref="{whole}"><formula1>"a,b"</formula1>'
        "</dataValidation></dataValidations>",
    )
    rewrite_part(
        path,
        "xl/worksheets/sheet2.xml",
        lambda t: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{whole}"', t),
    )
    out = tmp_path / "out.xlsx"
    assert api.annotate(api.validate([path], OPTS), path, out) is True
    assert openpyxl.load_workbook(out)["Thành viên"]["E2"].fill.fgColor.rgb.endswith(FILLS[ERROR])


def _allocate(*_: Any) -> bool:
    return len(bytearray(4_000_000_000)) > 0  # more than a worker may take


def _die(*_: Any) -> bool:
    os._exit(3)


@pytest.mark.parametrize(("writer", "kind"), [(_allocate, "too-much-memory"), (_die, "crashed")])
def test_the_copy_is_written_in_a_worker_with_the_reading_limits(
    roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: Any, kind: str
) -> None:
    """Whatever the writer does, this process survives and the failure names the file."""
    import ctg_check.writers.annotated

    report = api.validate([roster], OPTS)
    monkeypatch.setattr(ctg_check.writers.annotated, "write_annotated", writer)
    [done] = api.annotate_files(report, [(roster, tmp_path / "out.xlsx")])
    assert done.error is not None and done.error.code == "annotate-failed"
    assert (done.error.params["path"], done.error.params["kind"]) == (str(roster), kind)


def test_workbook_without_calc_properties_is_annotated(tmp_path: Path) -> None:
    """Many non-Excel writers leave out <calcPr>: openpyxl then has no calculation object."""
    path = small_roster(tmp_path / "nocalc.xlsx")
    rewrite_part(path, "xl/workbook.xml", lambda t: re.sub(r"<calcPr[^>]*/>", "", t))
    assert openpyxl.load_workbook(path).calculation is None
    out = tmp_path / "out.xlsx"
    assert api.annotate(api.validate([path], OPTS), path, out) is True
    wb = openpyxl.load_workbook(out)
    assert wb.calculation.fullCalcOnLoad is True
    assert wb["Thành viên"]["E2"].fill.fgColor.rgb.endswith(FILLS[ERROR])


def test_what_openpyxl_cannot_open_is_one_translated_line(tmp_path: Path) -> None:
    """calamine reads a cell with an empty style attribute; openpyxl fails on it (TypeError)."""
    path = small_roster(tmp_path / "odd.xlsx")
    rewrite_part(
        path, "xl/worksheets/sheet2.xml", lambda t: t.replace('<c r="A1" t=', '<c r="A1" s="" t=')
    )
    out = tmp_path / "out.xlsx"
    for lang in ("vi", "en"):
        args = ["validate", str(path), "--annotate", str(out), "--as-of", "2025-12-01"]
        result = CliRunner().invoke(app, [*args, "--lang", lang])
        assert result.exit_code == 2
        [line] = [s for s in result.stderr.splitlines() if s.startswith("ctg-check:")]
        what = FILE_KINDS["unsupported"]
        said = message("annotate-failed", lang, path=str(path), what=what, kind="unsupported")
        assert line == f"ctg-check: {said}"  # translated, naming the file; no openpyxl text
        assert "E2" in result.stdout  # the report, with its problem cell
    assert not out.exists()


def test_the_copy_carries_the_output_marker_once(tmp_path: Path) -> None:
    """marker.PROPERTY says "annotated <version>", replacing the mark of a filled template."""
    from openpyxl.packaging.custom import StringProperty

    path = small_roster(tmp_path / "filled.xlsx")
    wb = openpyxl.load_workbook(path)
    props = wb.custom_doc_props  # type: ignore[attr-defined]  # types-openpyxl lacks Workbook.custom_doc_props (openpyxl 3.1)
    props.append(StringProperty(name=marker.PROPERTY, value=marker.value("template")))
    props.append(StringProperty(name="Phòng ban", value="Phường 1"))
    wb.save(path)
    assert marker.read(path) == "template"
    out = tmp_path / "out.xlsx"
    api.annotate(api.validate([path], OPTS), path, out)
    assert marker.read(out) == "annotated"
    props = openpyxl.load_workbook(out).custom_doc_props  # type: ignore[attr-defined]
    assert props.names.count(marker.PROPERTY) == 1
    assert props[marker.PROPERTY].value == marker.value("annotated")
    assert props["Phòng ban"].value == "Phường 1"  # the user's own properties are kept


def test_written_line_follows_the_report_and_the_exit_code_is_the_checks(
    tmp_path: Path,
) -> None:
    path = small_roster(tmp_path / "p.xlsx")
    out = tmp_path / "out.xlsx"
    args = ["validate", str(path), "--annotate", str(out), "--as-of", "2025-12-01", "--lang", "en"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1  # sex-invalid: a data error, the copy written
    assert result.stdout.rstrip().endswith(label("annot_written", "en", path=out))
    assert marker.read(out) == "annotated"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the peer corpus (../shared/corpus) is not here")
def test_every_corpus_workbook_is_annotated_or_refused_in_one_line(tmp_path: Path) -> None:
    """Every .xlsx/.xlsm of the peer corpus, read as one batch and annotated through one pool (the
    shape a per-file --annotate-dir will use): a marked copy, or one translated line."""
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm"))
    assert len(files) >= 88
    report = api.validate(files, OPTS)
    jobs = [(p, tmp_path / f"{i}-{p.stem}.xlsx") for i, p in enumerate(files)]
    refused = {}
    for done in api.annotate_files(report, jobs, "en"):
        if done.error is None:
            assert marker.read(done.out) == "annotated", done.source
            continue
        params = done.error.params
        assert done.error.code == "annotate-failed" and params["path"] == str(done.source)
        assert params["kind"] not in ("crashed", "too-slow", "too-much-memory"), done.source
        for lang in ("vi", "en"):
            line = message(done.error.code, lang, **params)
            assert "\n" not in line
            assert not params["detail"] or params["detail"] not in line
        refused[done.source.name] = params["kind"]
    # openpyxl cannot open three that calamine reads; two are not readable workbooks at all
    assert (
        refused.items()
        <= {
            "empty_s_attribute.xlsx": "unsupported",  # a cell with s=""
            "issue_419.xlsx": "unsupported",  # xl/SharedStrings.xml, capital S
            "pivots.xlsx": "unsupported",  # a pivot cache openpyxl cannot parse
            "issue252.xlsx": "damaged",
            "pass_protected.xlsx": "encrypted",
        }.items()
    )

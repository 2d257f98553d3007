"""The report's settings (DESIGN.md 7b): options and the plan's [report] table reach page 1, a
report dated after the profile's bodies warns, the title year is the reporting year, not the clock;
the units list that changes the verdict is named, and a ward of the other list gets the hint."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import club_members, club_row, compliant_ward, write_standard
from typer.testing import CliRunner

from ctg_check import api
from ctg_check.cli import app
from ctg_check.errors import CtgError, PlanError
from ctg_check.i18n import label
from ctg_check.plan import export_plan, load_plan
from ctg_check.report_settings import ReportSettings, Signer, parse_signer, reporting_year

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
ISSUER = "UBND THÀNH PHỐ HỒ CHÍ MINH|ỦY BAN NHÂN DÂN PHƯỜNG VŨNG TÀU"
RECIPIENT = "Sở Y tế Thành phố Hồ Chí Minh"
SIGNER = "KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Trần Văn Bình"


def _page1(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)["Tổng hợp"]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def _summary(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["summary", *args])
    return result.exit_code, result.stdout


@pytest.fixture
def ward_file(tmp_path: Path) -> Path:
    clubs, members = compliant_ward()
    return write_standard(tmp_path / "phuong-1.xlsx", clubs, members)


def test_options_reach_page_1(ward_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.xlsx"
    code, stdout = _summary(
        *(str(ward_file), "-o", str(out), "--as-of", "2025-12-09"),
        *("--issuer", ISSUER, "--recipient", RECIPIENT, "--number", "15/BC-UBND"),
        *("--place", "Vũng Tàu", "--signer", SIGNER, "--year", "2025"),
    )
    assert code == 1, stdout  # 16 wards of the plan's units list sent nothing
    text = _page1(out)
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    assert ws["A1"].value == "UBND THÀNH PHỐ HỒ CHÍ MINH" and not ws["A1"].font.b
    assert ws["A2"].value == "ỦY BAN NHÂN DÂN PHƯỜNG VŨNG TÀU" and ws["A2"].font.b
    assert ws["C1"].value == label("sum_motto") and ws["C2"].value == label("sum_motto_sub")
    assert label("sum_number", number="15/BC-UBND") in text
    assert "Vũng Tàu, ngày 09 tháng 12 năm 2025" in text
    assert label("sum_title", year=2025) in text
    assert label("sum_recipient", recipient=RECIPIENT) in text
    for part in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình"):
        assert part in text
    assert label("sum_copies") in text and "- Như trên;" in text
    assert not [t for t in text if t.startswith("Lưu ý")]  # both bodies set: no note
    assert "Cảnh báo" not in stdout


def test_page_1_fonts_follow_the_decree(ward_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.xlsx"
    _summary(str(ward_file), "-o", str(out), "--as-of", "2025-12-09", "--signer", SIGNER)
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    by_text = {c.value: c.font for row in ws.iter_rows() for c in row if c.value}
    assert all(f.name == "Times New Roman" for f in by_text.values())
    assert by_text[label("sum_motto")].sz == 12 and by_text[label("sum_motto_sub")].sz == 13
    assert by_text["UBND THÀNH PHỐ VŨNG TÀU"].sz == 12
    assert by_text[label("sum_doc_type")].sz == 14 and by_text[label("sum_doc_type")].b
    assert by_text[label("sum_copies")].sz == 12 and by_text[label("sum_copies")].i
    assert by_text["- Như trên;"].sz == 11
    assert by_text["Trần Văn Bình"].sz == 13 and by_text["Trần Văn Bình"].b
    assert ws.page_setup.orientation == "portrait"


def test_plan_report_table_reaches_page_1(ward_file: Path, tmp_path: Path) -> None:
    plan_file = tmp_path / "ke-hoach.toml"
    export_plan("vung-tau-2022", plan_file)
    text = plan_file.read_text(encoding="utf-8")
    assert "[report]" in text and "bodies_until" in text  # plan export writes the table
    text = text.replace('recipient = "Sở Lao động', f'recipient = "{RECIPIENT}"\n# "Sở Lao động')
    text = text.replace('issuer = "UBND THÀNH PHỐ VŨNG TÀU"', f'issuer = "{ISSUER}"')
    text = text.replace("bodies_until = 2025-02-28", "year = 2024")
    text = text.replace('signer = "TM. ỦY BAN NHÂN DÂN|CHỦ TỊCH|"', f'signer = "{SIGNER}"')
    plan_file.write_text(text, encoding="utf-8")
    plan = load_plan(str(plan_file))
    assert plan.report.signer == Signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình")
    out = tmp_path / "tong-hop.xlsx"
    _summary(str(ward_file), "-o", str(out), "--plan", str(plan_file), "--as-of", "2025-12-09")
    page = _page1(out)
    assert label("sum_recipient", recipient=RECIPIENT) in page
    assert "ỦY BAN NHÂN DÂN PHƯỜNG VŨNG TÀU" in page and "Trần Văn Bình" in page
    assert label("sum_title", year=2024) in page  # the plan's year, not the reference date's
    assert any("10/12/2024" in t for t in page)


def test_report_after_the_bodies_date_warns(ward_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.xlsx"
    code, stdout = _summary(str(ward_file), "-o", str(out), "--as-of", "2025-12-09")
    assert code == 1
    bodies = ", ".join(label(k) for k in ("body_issuer", "body_recipient"))
    warning = label("note_bodies", bodies=bodies, until="28/02/2025", plan="vung-tau-2022")
    assert " ".join(warning.split()) in " ".join(stdout.split())
    note = label("sum_bodies_note", bodies=bodies, plan="vung-tau-2022", until="28/02/2025")
    assert note in _page1(out)
    # only the recipient set: the issuer is still the profile's, and said so
    _, stdout = _summary(
        *(str(ward_file), "-o", str(out), "--as-of", "2025-12-09"), "--recipient", "X"
    )
    note = label(
        "sum_bodies_note", bodies=label("body_issuer"), plan="vung-tau-2022", until="28/02/2025"
    )
    assert note in _page1(out)
    # before the date: nothing to say
    _, stdout = _summary(str(ward_file), "-o", str(out), "--as-of", "2025-02-28")
    assert not [t for t in _page1(out) if t.startswith("Lưu ý")]


class _Clock(date):
    """date with a fixed today(): the summary must not take its year from the clock."""

    @classmethod
    def today(cls) -> _Clock:
        return cls(2026, 1, 5)


def test_title_year_is_the_reporting_year_not_the_clock(
    ward_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "date", _Clock)
    out = tmp_path / "tong-hop.xlsx"
    _, stdout = _summary(str(ward_file), "-o", str(out))  # run on 5 January 2026, no --as-of
    page = _page1(out)
    assert label("sum_title", year=2025) in page
    assert any("05/01/2026" in t and "10/12/2025" in t for t in page)
    assert label("note_year", year=2025, as_of="05/01/2026").split("(")[0] in stdout
    _summary(str(ward_file), "-o", str(out), "--year", "2024")
    page = _page1(out)
    assert label("sum_title", year=2024) in page and any("10/12/2024" in t for t in page)
    assert not [t for t in page if "2026" in t and "NĂM" in t.upper() and "ngày" not in t]


@pytest.mark.parametrize(
    "as_of,year",
    [
        (date(2026, 1, 5), 2025),
        (date(2025, 12, 10), 2025),
        (date(2025, 12, 20), 2025),
        (date(2025, 3, 1), 2024),
        (date(2025, 7, 1), 2025),
    ],
)
def test_reporting_year_is_the_nearest_due_date(as_of: date, year: int) -> None:
    assert reporting_year(ReportSettings(), as_of, "12-10") == year
    assert reporting_year(ReportSettings(year=2030), as_of, "12-10") == 2030


def test_overrides_and_outdated_bodies() -> None:
    base = load_plan().report
    assert base.bodies_until == date(2025, 2, 28)
    assert base.outdated(date(2025, 2, 28)) == ()
    assert base.outdated(date(2025, 3, 1)) == ("issuer", "recipient")
    both = base.overridden(issuer="A", recipient="B", signer=None)
    assert both.outdated(date(2026, 1, 1)) == () and both.signer == base.signer
    assert base.overridden(signer="a|b|c").signer == Signer("a", "b", "c")
    assert base.overridden(issuer="A|B").issuer_lines() == ["A", "B"]


@pytest.mark.parametrize("text", ["CHỦ TỊCH", "a|b", "a|b|c|d"])
def test_signer_needs_three_parts(text: str) -> None:
    with pytest.raises(CtgError) as err:
        parse_signer(text)
    assert err.value.code == "signer-invalid"


def test_bad_signer_option_exits_2(ward_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["summary", str(ward_file), "-o", str(tmp_path / "x.xlsx"), "--signer", "CHỦ TỊCH"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def _plan_with_report(tmp_path: Path, table: str, top: str = "") -> Path:
    """The reference profile with its [report] table replaced (and lines added at the top)."""
    text = (ROOT / "src/ctg_check/profiles/vung-tau-2022.toml").read_text(encoding="utf-8")
    head, rest = text.split("[report]", 1)
    path = tmp_path / "plan.toml"
    marker = "# Club indicators"  # the first line after the [report] table
    path.write_text(top + head + table + "\n\n" + marker + rest.split(marker, 1)[1], "utf-8")
    return path


@pytest.mark.parametrize(
    "line,key",
    [
        ("year = 20", "report.year"),
        ('year = "2025"', "report.year"),
        ('signer = "CHỦ TỊCH"', "report.signer"),
        ("colour = 1", "report.colour"),
        ('bodies_until = "soon"', "report.bodies_until"),
        ("basis = 3", "report.basis"),
    ],
)
def test_bad_report_table_names_the_key(tmp_path: Path, line: str, key: str) -> None:
    with pytest.raises(PlanError) as err:
        load_plan(str(_plan_with_report(tmp_path, f"[report]\n{line}")))
    assert err.value.params["key"] == key


def test_older_plan_files_with_top_level_bodies_still_load(tmp_path: Path) -> None:
    path = _plan_with_report(tmp_path, "", top='issuer = "UBND X"\nrecipient = "Sở Y"\n')
    plan = load_plan(str(path))
    assert (plan.issuer, plan.recipient, plan.report.bodies_until) == ("UBND X", "Sở Y", None)


# --- the units list that changes the verdict ------------------------------------------------


@pytest.fixture(scope="module")
def sample_report() -> Any:
    opts = api.options(as_of=date(2025, 12, 10), units="vung-tau-2022")
    return api.validate([ROOT / "sample_data"], opts)


def test_units_list_that_changes_the_verdict_is_named(sample_report: Any) -> None:
    verdict = api.units_verdict(sample_report)
    assert verdict is not None
    assert (verdict.units, verdict.total, verdict.other, verdict.other_total) == (
        "vung-tau-2022",
        17,
        "vung-tau-2025",
        5,
    )
    assert verdict.met < verdict.total and verdict.status == "not_met"
    assert verdict.other_met == 5 and verdict.other_status == "met"
    keys = [key for key, _ in api.summary_notes(sample_report)]
    assert "note_units_verdict" in keys


def test_units_verdict_line_on_the_terminal(tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.xlsx"
    code, stdout = _summary(
        str(ROOT / "sample_data"),
        "-o",
        str(out),
        "--as-of",
        "2025-12-10",
        "--units",
        "vung-tau-2025",
    )
    assert code in (0, 1)
    line = " ".join(stdout.split())
    assert "vung-tau-2025" in line and "vung-tau-2022" in line and "--units" in line


def test_a_ward_of_the_other_list_gets_the_hint(tmp_path: Path) -> None:
    members = club_members("TT-01", size=52, women=34, older=33)
    path = tmp_path / "tam-thang.xlsx"
    write_standard(path, [club_row("TT-01", "CLB Tam Thắng", ward="Phường Tam Thắng")], members)
    report = api.validate([path], api.options(as_of=date(2025, 12, 10), units="vung-tau-2022"))
    hints = [p for p in report.problems if p.code == "unit-other-list"]
    assert len(hints) == 1 and not [p for p in report.problems if p.code == "unit-unknown"]
    assert hints[0].params["other"] == "vung-tau-2025"
    assert hints[0].params["name"] == "Phường Tam Thắng"
    assert "--units vung-tau-2025" in hints[0].message()
    # a name neither list knows stays unit-unknown
    path2 = tmp_path / "khac.xlsx"
    write_standard(path2, [club_row("K-01", "CLB Khác", ward="Phường Không Có")], members)
    report = api.validate([path2], api.options(as_of=date(2025, 12, 10), units="vung-tau-2022"))
    assert [p.code for p in report.problems if p.code.startswith("unit-")] == ["unit-unknown"]

"""The standard template writer, and a smoke test of the synthetic generator (tools/synth.py)."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ctg_check import schema
from ctg_check.indicators import json_counters
from ctg_check.plan import load_plan
from ctg_check.writers.template import guide_rows, write_template

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import synth


def _validations(ws: Any) -> dict[str, str]:
    """Column letter -> the validation's formula1 for every column with a validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            assert rng.min_row == 2 and rng.max_row == 2000
            assert rng.min_col == rng.max_col
            out[openpyxl.utils.get_column_letter(rng.min_col)] = dv.formula1
    return out


@pytest.fixture(params=["vung-tau-2022", "national-1336"])
def template(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Any, Any]:
    plan = load_plan(request.param)
    out = tmp_path / "mau.xlsx"
    write_template(plan, out)
    return plan, openpyxl.load_workbook(out)


def test_sheets_and_headers(template: tuple[Any, Any]) -> None:
    plan, wb = template
    assert wb.sheetnames == [schema.SHEET_GUIDE, schema.SHEET_CLUBS, schema.SHEET_MEMBERS]
    for name, columns in (
        (schema.SHEET_CLUBS, schema.club_columns(plan)),
        (schema.SHEET_MEMBERS, schema.MEMBER_COLUMNS),
    ):
        ws = wb[name]
        assert [c.value for c in ws[1]] == [c.vi for c in columns]
        assert ws.max_row == 1
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DDEBF7") for c in ws[1])
        assert all(c.alignment.wrap_text for c in ws[1])
        for i, col in enumerate(columns, start=1):
            letter = openpyxl.utils.get_column_letter(i)
            assert ws.column_dimensions[letter].width == col.width


def test_activity_columns_follow_the_plan(template: tuple[Any, Any]) -> None:
    plan, wb = template
    headers = [c.value for c in wb[schema.SHEET_CLUBS][1]]
    assert headers[len(schema.CLUB_COLUMNS) :] == [a.label for a in plan.activities]


def test_validations_on_the_right_columns(template: tuple[Any, Any]) -> None:
    plan, wb = template
    for name, columns in (
        (schema.SHEET_CLUBS, schema.club_columns(plan)),
        (schema.SHEET_MEMBERS, schema.MEMBER_COLUMNS),
    ):
        found = _validations(wb[name])
        expected = {}
        for i, col in enumerate(columns, start=1):
            letter = openpyxl.utils.get_column_letter(i)
            if col.kind == "flag":
                expected[letter] = f'"{schema.YES},{schema.NO}"'
            elif col.kind == "sex":
                expected[letter] = f'"{schema.MALE},{schema.FEMALE}"'
            elif col.kind == "year":
                expected[letter] = "1900"
        assert found == expected


def test_plan_id_in_hidden_defined_name(template: tuple[Any, Any]) -> None:
    plan, wb = template
    name = wb.defined_names[schema.PLAN_NAME]
    assert name.value == f'"{plan.id}"'
    assert name.hidden


def test_guide_names_every_column_with_an_example(template: tuple[Any, Any]) -> None:
    plan, wb = template
    rows = list(wb[schema.SHEET_GUIDE].iter_rows(values_only=True))
    text = "\n".join(str(v) for r in rows for v in r if v)
    assert plan.title in text
    described = {r[0]: r for r in rows if r[0] and len(r) >= 3 and r[1]}
    for col in (*schema.CLUB_COLUMNS, *schema.MEMBER_COLUMNS):
        assert col.vi in described, col.vi
    for act in plan.activities:
        assert described[act.label][2] == schema.YES
    assert described["Phường/Xã"][2] == "Phường Vũng Tàu"  # a ward in force since 1/7/2025
    assert described["Tỉnh/Thành phố"][2] == "Thành phố Hồ Chí Minh"
    assert described["Họ và tên"][2] and described["Giới tính (Nam/Nữ)"][2] == schema.FEMALE
    assert [cells for style, cells in guide_rows(plan) if style == "title"]


def test_guide_tells_a_ward_what_to_send_not_a_command(template: tuple[Any, Any]) -> None:
    _, wb = template
    text = "\n".join(
        str(v) for r in wb[schema.SHEET_GUIDE].iter_rows(values_only=True) for v in r if v
    )
    assert "ctg-check" not in text and "lệnh" not in text
    assert "gửi lại chính tệp này" in text and "trước ngày 10/12" in text
    assert "Tỉnh/Thành phố ghi tên tỉnh, thành phố" in text  # the province note
    assert "Vũng Tàu về nhân rộng" not in text.split("Mẫu chỉ tiêu")[1]  # 2022 city only cited


def test_every_sheet_prints_on_a4_fitted_to_width(template: tuple[Any, Any]) -> None:
    _, wb = template
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9, ws.title
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert "&P" in (ws.oddFooter.center.text or ""), ws.title
    assert wb[schema.SHEET_GUIDE].page_setup.orientation == "portrait"
    for name in (schema.SHEET_CLUBS, schema.SHEET_MEMBERS):
        assert wb[name].page_setup.orientation == "landscape"
        assert wb[name].print_title_rows.replace("$", "") == "1:1"
        # one A4 landscape width at 8 pt or more: the columns fit 150 units at about 80 %
        letters = [openpyxl.utils.get_column_letter(i) for i in range(1, wb[name].max_column + 1)]
        assert sum(wb[name].column_dimensions[c].width for c in letters) <= 175


def test_same_bytes_and_fixed_properties(tmp_path: Path) -> None:
    plan = load_plan()
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_template(plan, first)
    write_template(plan, second)
    assert first.read_bytes() == second.read_bytes()
    props = openpyxl.load_workbook(first).properties
    assert props.creator == "ctg-check"
    assert props.created == props.modified
    assert props.created.year == 2020


def test_replaces_atomically_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    out.write_bytes(b"old")
    write_template(load_plan(), out)
    assert out.read_bytes().startswith(b"PK")
    assert [p.name for p in tmp_path.iterdir()] == ["mau.xlsx"]


# --- tools/synth.py -----------------------------------------------------------------------------

LAYOUT_FILES = {
    "template": ("template.xlsx", {}),
    "classic": ("classic.xlsx", {}),
    "classic-below": ("classic-below.xlsx", {"info": "below", "sheet_names": "generic"}),
    "flat": ("flat.xlsx", {}),
    "csv": ("flat.csv", {}),
    "html": ("flat-html.xls", {}),
}


@pytest.mark.parametrize("name", sorted(LAYOUT_FILES))
def test_synth_layouts_write_and_counts_add_up(name: str, tmp_path: Path) -> None:
    layout = name.split("-")[0]
    file_name, options = LAYOUT_FILES[name]
    sex_problem = "sex-ambiguous" if layout == "classic" else "sex-invalid"
    kinds = [sex_problem, *(k for k in synth.PROBLEMS if not k.startswith("sex-"))]
    ward = synth.make_ward(random.Random(7), "Thắng Tam", 2, 0.5, problems=kinds, layout=layout)
    located = synth.write_ward(ward, tmp_path / file_name, layout, **options)

    assert (tmp_path / file_name).stat().st_size > 0
    assert sorted(p["code"] for p in located) == sorted(kinds)
    assert all(p["row"] for p in located)
    counts = synth.expected_counts(ward, 2025)
    assert set(counts) == {c.id for c in ward.clubs}
    for club in ward.clubs:
        c = counts[club.id]["counts"]
        assert list(c) == list(json_counters(()))  # the keys of clubs[].counts
        named = [m for m in club.members if m.name]
        men = sum(m.sex == "M" for m in named)
        assert c["members"] == len(named) == c["women"] + men + c["sex_unknown"]
        assert c["members"] == c["older"] + c["younger"] + c["age_unknown"]
        assert c["loan_needed"] <= c["members"] and c["disadvantaged"] <= c["members"]
    assert sum(counts[c]["counts"]["sex_unknown"] for c in counts) == 1
    assert sum(counts[c]["counts"]["age_unknown"] for c in counts) == 1
    rows = synth.expected_rows(ward)
    assert rows["rejected"] == 1
    assert rows["members"] == sum(counts[c]["counts"]["members"] for c in counts)


def test_synth_is_deterministic_and_near_targets(tmp_path: Path) -> None:
    wards = [synth.make_ward(random.Random(3), "Phường 1", 3, quality=1.0) for _ in range(2)]
    assert synth.expected_counts(wards[0]) == synth.expected_counts(wards[1])
    for club in wards[0].clubs:
        c = synth.expected_counts(wards[0])[club.id]["counts"]
        assert 50 <= c["members"] <= 70
        assert 0.6 <= c["women"] / c["members"] <= 0.7
        assert 0.6 <= c["older"] / c["members"] <= 0.7
        covered = sum(1 for m in club.members if m.loan_needed and m.loan_received)
        assert covered * 2 >= c["loan_needed"]
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for ward, path in zip(wards, paths, strict=True):
        synth.write_classic_layout(ward, path)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_synth_template_layout_reads_back(tmp_path: Path) -> None:
    ward = synth.make_ward(random.Random(11), "Xã Long Sơn", 2, quality=1.0)
    out = tmp_path / "xa-long-son.xlsx"
    synth.write_template_layout(ward, out)
    wb = openpyxl.load_workbook(out)
    clubs = list(wb[schema.SHEET_CLUBS].iter_rows(min_row=2, values_only=True))
    members = list(wb[schema.SHEET_MEMBERS].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in clubs] == ["LS-01", "LS-02"]
    assert {r[2] for r in clubs} == {"Xã Long Sơn"}
    assert len(members) == sum(len(c.members) for c in ward.clubs)
    assert {r[4] for r in members} == {schema.MALE, schema.FEMALE}
    assert wb.defined_names[schema.PLAN_NAME].value == '"vung-tau-2022"'

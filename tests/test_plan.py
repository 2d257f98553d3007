"""Plan profiles: built-ins load, exports round-trip, wrong files name the key and the reason."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from ctg_check.errors import PlanError
from ctg_check.indicators import COUNTERS, INDICATORS, Band
from ctg_check.plan import Plan, builtin_plans, export_plan, load_plan

PLANS = Path(__file__).parent / "data" / "plans"
SRC = Path(__file__).parent.parent / "src" / "ctg_check"


def band(plan: Plan, indicator: str) -> Band:
    spec = plan.indicator(indicator)
    assert spec is not None, indicator
    return spec.band


def test_builtin_profiles() -> None:
    assert {"vung-tau-2022", "national-1336"} <= set(builtin_plans())
    ref = load_plan("vung-tau-2022")
    assert band(ref, "members") == Band(Fraction(50), Fraction(70))
    assert band(ref, "women_share") == Band(Fraction(3, 5), Fraction(7, 10))
    assert band(ref, "younger_share").min == Fraction(3, 10)
    loan = ref.indicator("loan_coverage")
    assert loan and (loan.count, loan.of, loan.band.min) == ("loan_covered", "loan_needed", 0.5)
    assert ref.min_effective_clubs == 2 and ref.older_age == 60
    assert len(ref.activities) == 8
    assert ref.totals["fully_active_share"].min == Fraction(7, 10)
    assert [s.id for s in ref.indicators] == list(INDICATORS)
    national = load_plan("national-1336")
    loan = national.indicator("loan_coverage")
    assert loan and (loan.count, loan.of) == ("loan_received", "members")
    assert national.min_effective_clubs is None


@pytest.mark.parametrize("name", ["vung-tau-2022", "national-1336"])
def test_first_form_loads_to_the_same_plan(name: str) -> None:
    """A profile with a [club] table of bands (the first form, as `plan export` wrote it before
    the registry) loads to the same plan as the built-in, now written as [[indicators]]."""
    first = PLANS / f"{name}-first-form.toml"
    assert "[club]" in first.read_text(encoding="utf-8")
    builtin = load_plan(name)
    assert replace(load_plan(str(first)), source=builtin.source) == builtin


def test_export_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    export_plan("vung-tau-2022", out)
    assert "[[indicators]]" in out.read_text(encoding="utf-8")
    builtin = load_plan("vung-tau-2022")
    assert replace(load_plan(str(out)), source=builtin.source) == builtin


def _broken(tmp_path: Path, old: str, new: str, name: str = "vung-tau-2022-first-form") -> Path:
    folder = PLANS if name.endswith("first-form") else SRC / "profiles"
    text = (folder / f"{name}.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old,new,key",
    [
        ("older_age = 60", "older_age = 60\ncolour = 1", "colour"),
        (
            "members = { min = 50, max = 70 }",
            "members = { min = 50, max = 70, avg = 60 }",
            "club.members.avg",
        ),
        ("women_share = { min = 0.60, max = 0.70 }", "women_share = {}", "club.women_share"),
        ("older_share = { min = 0.60, max = 0.70 }\n", "", "club.older_share"),
        ("members = { min = 50, max = 70 }", "members = { min = 80, max = 70 }", "club.members"),
        (
            "women_share = { min = 0.60, max = 0.70 }",
            "women_share = { min = 60, max = 70 }",
            "club.women_share.min",
        ),
        ('of = "needing"', 'of = "everyone"', "club.loan_coverage.of"),
        ("min_effective_clubs = 2", "min_effective_clubs = -1", "ward.min_effective_clubs"),
        ('report_due = "12-10"', 'report_due = "10 December"', "report_due"),
        ("older_age = 60", 'older_age = "sixty"', "older_age"),
    ],
)
def test_bad_plan_names_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    with pytest.raises(PlanError) as err:
        load_plan(str(_broken(tmp_path, old, new)))
    assert err.value.code == "plan-invalid"
    assert err.value.params["key"] == key
    assert err.value.params["reason"]


def test_percent_strings_accepted(tmp_path: Path) -> None:
    path = _broken(
        tmp_path,
        "women_share = { min = 0.60, max = 0.70 }",
        'women_share = { min = "60%", max = "70 %" }',
    )
    assert band(load_plan(str(path)), "women_share").min == Fraction(3, 5)


def test_unknown_plan_lists_known(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as err:
        load_plan("ha-noi-2030")
    assert err.value.code == "plan-not-found" and "vung-tau-2022" in err.value.params["known"]
    with pytest.raises(PlanError) as err:
        load_plan(str(tmp_path / "missing.toml"))
    assert err.value.code == "plan-not-found"


def test_toml_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "syntax.toml"
    path.write_text("id = [", encoding="utf-8")
    with pytest.raises(PlanError) as err:
        load_plan(str(path))
    assert err.value.code == "plan-invalid"


NEW_FORM = "vung-tau-2022"  # the built-in profile, written as [[indicators]]


@pytest.mark.parametrize(
    "old,new,key",
    [
        ('id = "members"\nmin = 50', 'id = "members"\nmin = 50\navg = 60', "indicators[0].avg"),
        ('id = "members"\nmin = 50\nmax = 70', 'id = "members"', "indicators[0]"),
        ('id = "members"\nmin = 50', 'id = "members"\nmin = 80', "indicators[0]"),
        ("min = 0.60\nmax = 0.70", "min = 60\nmax = 70", "indicators[1].min"),
        ('id = "regulation"', 'id = "regulation"\nmin = 1', "indicators[7].min"),
        ('id = "women_share"', 'id = "women_share"\nkind = "band"', "indicators[1].kind"),
        ('id = "women_share"', 'id = "women_share"\nlabel_vi = "Nữ"', "indicators[1].label_vi"),
        (
            'id = "activities"\n',
            'id = "activities"\n\n[[indicators]]\nid = "members"\nmin = 1\n',
            "indicators",
        ),
    ],
)
def test_bad_indicator_names_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    with pytest.raises(PlanError) as err:
        load_plan(str(_broken(tmp_path, old, new, NEW_FORM)))
    assert err.value.code == "plan-invalid"
    assert err.value.params["key"] == key
    assert err.value.params["reason"]


def _added(tmp_path: Path, entry: str) -> Path:
    return _broken(
        tmp_path, 'id = "activities"\n', f'id = "activities"\n\n[[indicators]]\n{entry}\n', NEW_FORM
    )


def test_unknown_indicator_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as err:
        load_plan(str(_added(tmp_path, 'id = "disability_share"\nmin = 0.1')))
    assert err.value.code == "plan-unknown-indicator"
    assert err.value.params["name"] == "disability_share"
    assert err.value.params["known"].split(", ") == list(INDICATORS)


@pytest.mark.parametrize("key", ["count", "of"])
def test_unknown_counter_lists_the_known_ones(tmp_path: Path, key: str) -> None:
    entry = {"count": "disabled", "of": "members"} | {key: "wheelchair"}
    text = (
        'id = "x_share"\nkind = "share"\n'
        + "".join(f'{k} = "{v}"\n' for k, v in entry.items())
        + 'min = 0.1\nlabel_vi = "X"\nlabel_en = "X"'
    )
    with pytest.raises(PlanError) as err:
        load_plan(str(_added(tmp_path, text)))
    assert err.value.code == "plan-unknown-counter"
    assert err.value.params["key"] == f"indicators[9].{key}"
    assert err.value.params["known"].split(", ") == list(COUNTERS)


def test_new_indicator_needs_both_labels(tmp_path: Path) -> None:
    text = 'id = "x_share"\nkind = "share"\ncount = "disabled"\nof = "members"\n'
    text += 'min = 0.1\nlabel_vi = "X"'
    with pytest.raises(PlanError) as err:
        load_plan(str(_added(tmp_path, text)))
    assert err.value.params["key"] == "indicators[9].label_en"


def test_plan_file_adds_a_share_over_existing_counters() -> None:
    plan = load_plan(str(PLANS / "disadvantaged.toml"))
    spec = plan.indicator("disadvantaged_share")
    assert spec is not None and not spec.builtin
    assert (spec.kind, spec.count, spec.of, spec.band) == (
        "share",
        "disadvantaged",
        "members",
        Band(Fraction(3, 10)),
    )
    assert spec.name("vi") == "Tỷ lệ thành viên có hoàn cảnh khó khăn"
    assert (
        spec.name("en", "short") == "Disadvantaged members share"
    )  # the short name defaults to it
    assert [s.id for s in plan.indicators] == [*INDICATORS, "disadvantaged_share"]


def test_plan_file_adds_a_count_band(tmp_path: Path) -> None:
    text = 'id = "disabled_members"\nkind = "band"\ncount = "disabled"\nmin = 1\n'
    text += 'label_vi = "Số thành viên khuyết tật"\nlabel_en = "Disabled members"'
    plan = load_plan(str(_added(tmp_path, text)))
    spec = plan.indicator("disabled_members")
    assert spec is not None and (spec.kind, spec.unit, spec.band) == (
        "band",
        "count",
        Band(Fraction(1)),
    )
    assert "disabled" in plan.shown_counters  # its counter joins the JSON counts
    with pytest.raises(PlanError) as err:
        load_plan(str(_added(tmp_path, text + '\nof = "members"')))
    assert err.value.params["key"] == "indicators[9].of"  # a band has no denominator

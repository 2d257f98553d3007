"""Plan profiles: built-ins load, exports round-trip, wrong files name the key and the reason."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from ctg_check.errors import PlanError
from ctg_check.plan import builtin_plans, export_plan, load_plan


def test_builtin_profiles() -> None:
    assert {"vung-tau-2022", "national-1336"} <= set(builtin_plans())
    ref = load_plan("vung-tau-2022")
    assert ref.members.min == 50 and ref.members.max == 70
    assert ref.women_share.min == Fraction(3, 5) and ref.women_share.max == Fraction(7, 10)
    assert ref.younger_share.min == Fraction(3, 10)
    assert ref.loan_coverage_of == "needing" and ref.loan_coverage.min == Fraction(1, 2)
    assert ref.min_effective_clubs == 2 and ref.older_age == 60
    assert len(ref.activities) == 8
    assert ref.totals["fully_active_share"].min == Fraction(7, 10)
    national = load_plan("national-1336")
    assert national.loan_coverage_of == "members" and national.min_effective_clubs is None


def test_export_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    export_plan("vung-tau-2022", out)
    assert load_plan(str(out)).members == load_plan("vung-tau-2022").members


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (Path(__file__).parent.parent / "src/ctg_check/profiles/vung-tau-2022.toml").read_text()
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
    assert load_plan(str(path)).women_share.min == Fraction(3, 5)


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

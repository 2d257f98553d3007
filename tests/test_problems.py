"""The problem catalogue: every code with its severity, title, message and fix in both
languages; severities come from it, and reading does not need the report module."""

from __future__ import annotations

import pytest
from helpers import loaded_by

from ctg_check.i18n import MESSAGES, message
from ctg_check.model import Place
from ctg_check.problems import CATALOGUE, ERROR, WARNING, fix, problem, title

# DESIGN.md section 4 names these; their severities are part of the contract (the golden test
# pins every other one through the outputs)
NAMED = {
    "member-name-missing": ERROR,
    "sex-invalid": ERROR,
    "sex-ambiguous": ERROR,
    "birth-invalid": ERROR,
    "flag-invalid": WARNING,
    "loan-without-need": WARNING,
    "duplicate-member": ERROR,
    "member-in-several-clubs": WARNING,
    "club-info-missing": ERROR,
    "club-without-members": WARNING,
    "ward-unknown": ERROR,
    "unit-unknown": ERROR,
    "duplicate-submission": WARNING,
    "superseded-submission": WARNING,
}


def test_design_codes_keep_their_severity() -> None:
    assert {code: CATALOGUE[code].severity for code in NAMED} == NAMED


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_problem_has_severity_title_message_and_fix(code: str) -> None:
    entry = CATALOGUE[code]
    assert entry.severity in (ERROR, WARNING)
    for vi, en in (entry.title, entry.message, entry.fix):
        assert vi and en and vi != en, code
    assert code not in MESSAGES  # one catalogue
    assert message(code, "en") != code and title(code, "en") and fix(code, "vi")


def test_severity_comes_from_the_catalogue() -> None:
    place = Place("f.xlsx", "DS", 3, 4)
    assert problem("sex-invalid", place, value="?").severity == ERROR
    assert problem("flag-invalid", place, value="?", column_name="X").severity == WARNING
    column = problem("sex-ambiguous@column", place, column_name="Giới tính")
    assert (column.code, column.severity) == ("sex-ambiguous", WARNING)  # the contract's case
    with pytest.raises(KeyError, match="not-a-code"):
        problem("not-a-code", place)


def test_reading_does_not_import_the_report_module() -> None:
    imports = "ctg_check.reading.roster, ctg_check.reading.load"
    assert loaded_by(imports, ["ctg_check.report"]) == []

"""Every code and label the program uses has a Vietnamese and an English text in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ctg_check.i18n import LABELS, MESSAGES, WHAT, label, message
from ctg_check.problems import CATALOGUE
from ctg_check.reading.limits import FILE_KINDS

SRC = Path(__file__).resolve().parent.parent / "src" / "ctg_check"
TEXT = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))

PROBLEM_CODES = set(CATALOGUE)
ERROR_CODES = set(re.findall(r'(?:Error|CtgError)\(\s*"([a-z-]+)"', TEXT))
LABEL_KEYS = set(re.findall(r'\blabel\(\s*"([a-z_0-9]+)"', TEXT))


def test_found_what_to_check() -> None:
    """The scan finds the codes DESIGN.md names (so the tests below cover them)."""
    named = {
        "member-name-missing",
        "sex-invalid",
        "sex-ambiguous",
        "birth-invalid",
        "flag-invalid",
        "loan-without-need",
        "duplicate-member",
        "member-in-several-clubs",
        "club-info-missing",
        "club-without-members",
        "ward-unknown",
        "unit-unknown",
        "duplicate-submission",
        "superseded-submission",
    }
    assert named <= PROBLEM_CODES, named - PROBLEM_CODES
    assert len(LABEL_KEYS) > 20


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_every_error_code_has_both_languages(code: str) -> None:
    vi, en = MESSAGES[code]
    assert (vi and en and vi != en) or code in {"file-unreadable"}


@pytest.mark.parametrize("key", sorted(LABEL_KEYS))
def test_every_label_has_both_languages(key: str) -> None:
    assert key in LABELS, key
    assert all(LABELS[key])


def test_every_file_kind_is_translated() -> None:
    assert set(WHAT) == set(FILE_KINDS)
    text = message("file-unreadable", "vi", what="an image (PNG)", kind="png")
    assert "một tệp ảnh (PNG)" in text
    assert "an image (PNG)" in message("file-unreadable", "en", what="an image (PNG)", kind="png")


def test_messages_never_fail_on_missing_parameters() -> None:
    for code in MESSAGES:
        assert message(code, "vi") and message(code, "en")
    assert label("rows_line", "en", read=3, members=1, rejected=1, other=1).startswith("3 rows")

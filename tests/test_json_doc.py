"""docs/json.md is generated from the code's catalogue and kept up to date."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from ctg_check.indicators import INDICATORS
from ctg_check.problems import CATALOGUE
from ctg_check.report import SCHEMA

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "json.md"


def test_json_reference_is_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_json_doc.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr


def test_reference_lists_every_code_indicator_and_key() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert SCHEMA in text
    for code in CATALOGUE:
        assert f"`{code.split('@')[0]}`" in text
    for ind in INDICATORS:
        assert f"`{ind}`" in text
    for key in ("severity", "title", "column", "column_name", "club", "sha256", "set_aside"):
        assert key in text


def test_every_code_the_code_raises_has_a_title_and_a_message() -> None:
    """Every problem code written in src/ (problem("code", …), ctx.add("code", …), a rejected
    row's code) is in the catalogue, so the reference cannot miss one."""
    raised: set[str] = set()
    for path in (ROOT / "src" / "ctg_check").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        raised |= set(re.findall(r"(?:problem|add)\(\s*\"([a-z]+(?:-[a-z0-9]+)+)\"", text))
        raised |= set(re.findall(r"reject\([^)]*?\"([a-z]+(?:-[a-z0-9]+)+)\"", text))
    assert raised, "no code found: the pattern no longer matches the source"
    assert raised <= set(CATALOGUE), raised - set(CATALOGUE)

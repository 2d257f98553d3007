"""Shared fixtures: small standard-template workbooks built in tmp_path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import compliant_ward, write_standard  # noqa: E402


@pytest.fixture
def compliant_file(tmp_path: Path) -> Path:
    """A standard workbook: two clubs in Phường 1 that meet every indicator of vung-tau-2022."""
    clubs, members = compliant_ward()
    return write_standard(tmp_path / "phuong-1.xlsx", clubs, members)

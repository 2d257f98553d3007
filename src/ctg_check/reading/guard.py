"""Kept only for `writers/annotated.py`, which imports `guard.preflight_openpyxl` (the writers are
another branch's while this one is merged): import from `reading.preflight` instead; delete this
module once that import is changed."""

from __future__ import annotations

from ctg_check.reading.preflight import preflight_openpyxl

__all__ = ["preflight_openpyxl"]

"""What every reading stage shares: the file, the plan, the reference date, the problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ctg_check.model import Place
from ctg_check.plan import Plan
from ctg_check.problems import Problem, problem
from ctg_check.reading.formats import RawSheet
from ctg_check.reading.values import ColumnNotes


@dataclass
class Context:
    """The file being read and the problems raised while reading it."""

    path: str
    plan: Plan
    as_of: date
    problems: list[Problem] = field(default_factory=list)
    notes: ColumnNotes = field(default_factory=ColumnNotes)  # raised once per column

    def place(self, sheet: RawSheet, r: int, c: int | None = None) -> Place:
        """The 1-based place of grid cell (r, c) of a sheet (c None: the whole row)."""
        row = sheet.origin[0] + r + 1
        col = None if c is None else sheet.origin[1] + c + 1
        return Place(self.path, sheet.name, row, col)

    def add(self, code: str, place: Place, club: str | None = None, **kw: Any) -> None:
        """A problem of a catalogued code (its severity comes from problems.CATALOGUE)."""
        self.problems.append(problem(code, place, club, **kw))

"""The domain: members, clubs and submissions as read from a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, cast


def cell_ref(row: int | None, column: int | None) -> str | None:
    """Excel-style reference from 1-based row and column: (23, 4) -> 'D23'."""
    if row is None or column is None:
        return None
    letters = ""
    n = column
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def positional(cls: type, inner: type | None = None) -> Callable[..., Any]:
    """A positional constructor of a slotted frozen dataclass that fills its slots directly, for
    the values made by the ten thousand (members, their places): the frozen `__init__` sets each
    field through `object.__setattr__` by name (a Member: 1.6 -> 0.8 µs). Every field, in order.

    With `inner`, the last field is of that class and is made from the last arguments (its
    fields): a member and its place cross the worker pipe as one flat tuple (plain.py)."""
    names = [f.name for f in fields(cls)]
    for made in (cls, inner or cls):
        assert "__slots__" in vars(made) and not hasattr(made, "__post_init__"), made
    scope: dict[str, Any] = {f"_{n}": getattr(cls, n).__set__ for n in names}
    scope.update(_new=object.__new__, _cls=cls)
    args, head = list(names), ""
    if inner is not None:
        outer, inner_names = names[-1], [f.name for f in fields(inner)]
        scope.update({f"_i_{n}": getattr(inner, n).__set__ for n in inner_names}, _inner=inner)
        args[-1:] = [f"i_{n}" for n in inner_names]
        head = f"    {outer} = _new(_inner)\n"
        head += "".join(f"    _i_{n}({outer}, i_{n})\n" for n in inner_names)
    body = "".join(f"    _{n}(self, {n})\n" for n in names)
    source = f"def make({', '.join(args)}):\n{head}    self = _new(_cls)\n{body}    return self\n"
    exec(source, scope)
    return cast(Callable[..., Any], scope["make"])


@dataclass(frozen=True, slots=True)
class Place:
    """Where a value came from: file, sheet and 1-based row/column of the sheet."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None

    @property
    def cell(self) -> str | None:
        return cell_ref(self.row, self.column)

    def at(self, column: int | None) -> Place:
        return Place(self.file, self.sheet, self.row, column)


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    sex: str | None = None  # "M", "F" or None when unknown
    birth_year: int | None = None
    birth_date: date | None = None
    poor: bool | None = False
    near_poor: bool | None = False
    disabled: bool | None = False
    hardship: bool | None = False
    loan_needed: bool | None = False
    loan_received: bool | None = False
    address: str = ""
    role: str = ""
    note: str = ""
    ward: str | None = None
    place: Place = field(default_factory=lambda: Place(""))

    def age(self, as_of: date) -> int | None:
        """Exact age with a full date; reference year − birth year with a year only."""
        if self.birth_date is not None:
            b = self.birth_date
            return as_of.year - b.year - ((as_of.month, as_of.day) < (b.month, b.day))
        if self.birth_year is not None:
            return as_of.year - self.birth_year
        return None

    @property
    def disadvantaged(self) -> bool:
        return bool(self.poor or self.near_poor or self.disabled or self.hardship)


@dataclass(frozen=True, slots=True)
class Fund:
    present: bool | None = None
    amount: int | None = None


@dataclass(frozen=True, slots=True)
class ClubInfo:
    """One row of a club information table."""

    id: str | None
    name: str | None
    ward: str | None = None
    province: str | None = None
    founded: date | None = None
    income_fund: Fund = Fund()
    activity_fund: Fund = Fund()
    regulation: bool | None = None
    meetings: int | None = None
    activities: dict[str, bool | None] = field(default_factory=dict)
    place: Place = field(default_factory=lambda: Place(""))
    activity_cells: dict[str, Place] = field(default_factory=dict)  # activity id -> its cell


@dataclass
class Club:
    """A club of one submission: its information row (if any) and its members."""

    id: str | None
    name: str | None
    ward: str | None
    file: str
    sheet: str | None
    info: ClubInfo | None = None
    members: list[Member] = field(default_factory=list)


@dataclass(frozen=True)
class RowCount:
    read: int = 0
    members: int = 0
    rejected: int = 0
    other: int = 0


@dataclass
class Submission:
    """What one file gave: its clubs, its row accounting, the problems found while reading."""

    path: str
    sha256: str
    format: str | None
    encoding: str | None
    status: str = "read"  # "read" or "error"
    error: tuple[str, dict[str, object]] | None = None  # (code, params)
    rows: RowCount = RowCount()
    clubs: list[Club] = field(default_factory=list)
    problems: list = field(default_factory=list)  # list[report.Problem]
    ward: str | None = None
    report_date: date | None = None  # written in the file, e.g. "ngày 05 tháng 12 năm 2025"
    modified: float = 0.0  # the file's modification time
    rejected_rows: list[tuple[Place, tuple[str, ...]]] = field(default_factory=list)
    fingerprint: str = ""  # hash of the decoded clubs and members, whatever the format
    set_aside: tuple[str, dict[str, object]] | None = None  # (code, params) when not counted
    other_kinds: dict[str, int] = field(default_factory=dict)  # other rows by kind (title, left…)

"""The indicator registry: counters (named predicates over a member) and the club indicators a
plan can ask for, by id. Checks, the terminal, the JSON report, the summary's columns and
`plan show` are generated from a plan's indicators and these entries.

A new counter is one entry in COUNTERS plus its labels in i18n.LABELS; a plan file can add a
share or a count band over existing counters with no code change (plan.py reads them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cache
from operator import attrgetter
from typing import Any

from ctg_check.i18n import LABELS
from ctg_check.model import Member

# kinds of club indicator
SHARE, BAND, PRESENCE, ACTIVITIES = "share", "band", "presence", "activities"
# units: how a value and its target are written
COUNT, PCT, MONEY, YESNO, DONE = "count", "pct", "money", "yesno", "done"


@dataclass(frozen=True)
class Band:
    """An inclusive range; either end may be open (None)."""

    min: Fraction | None = None
    max: Fraction | None = None

    def contains(self, value: Fraction) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


@dataclass(frozen=True)
class Context:
    """What a member predicate may depend on besides the member."""

    as_of: date
    older_age: int


Column = list["bool | None"]


class Columns:
    """The members of one club seen column by column: a member field, the ages and a counter's
    values are each computed once, on first use (older, younger and age_unknown share the ages;
    a list's C `count` then counts a column)."""

    def __init__(self, members: Sequence[Member], ctx: Context) -> None:
        self.members, self.ctx = members, ctx
        self._memo: dict[str, list[Any]] = {}

    def field(self, name: str) -> list[Any]:
        """A member attribute (or property) of every member."""
        found = self._memo.get(name)
        if found is None:
            found = self._memo[name] = list(map(_getter(name), self.members))
        return found

    def ages(self) -> list[int | None]:
        found = self._memo.get(" age")
        if found is None:
            as_of = self.ctx.as_of
            found = self._memo[" age"] = [m.age(as_of) for m in self.members]
        return found

    def counter(self, id: str) -> Column:
        """A counter's value for every member: True (counted), False, or None (unknown)."""
        key = "#" + id
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = COUNTERS[id].values(self)
        return found


@cache
def _getter(name: str) -> Callable[[Member], Any]:
    return attrgetter(name)


Values = Callable[[Columns], Column]


def _kleene_and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return True if a and b else None


def _field(name: str) -> Values:
    """A counter that is a member field itself (bool or None)."""
    return lambda c: c.field(name)


def _older(c: Columns) -> Column:
    older_age = c.ctx.older_age
    return [None if a is None else a >= older_age for a in c.ages()]


def _younger(c: Columns) -> Column:
    return [None if o is None else not o for o in c.counter("older")]


def _woman(c: Columns) -> Column:
    return [None if s is None else s == "F" for s in c.field("sex")]


def _loan_covered(c: Columns) -> Column:
    """Needs a loan and received one."""
    return list(map(_kleene_and, c.field("loan_needed"), c.field("loan_received")))


@dataclass(frozen=True)
class Counter:
    """A named predicate over the members of a club (`values`, column-wise): a member is counted
    when True, unknown when None.

    shown: "always" in the JSON report's counts, "used" when a plan indicator refers to it,
    "never" (an internal step of another figure). label: the catalogue key of its column header;
    of_label: the catalogue key of "of <this counter>" after a share's target, if it has one.
    if_none: the status of a share over this counter when it is zero (None: unknown), with
    `note` saying why the value is null."""

    id: str
    values: Values
    label: str
    shown: str = "used"
    of_label: str | None = None
    if_none: str | None = None
    note: str | None = None


ALWAYS, USED, NEVER = "always", "used", "never"
COUNTERS: dict[str, Counter] = {
    c.id: c
    for c in (
        Counter(
            "members", lambda c: [True] * len(c.members), "sum_total", ALWAYS, "loan_of_members"
        ),
        Counter("women", _woman, "sum_women_short", ALWAYS),
        Counter("older", _older, "sum_older_short", ALWAYS),
        Counter("younger", _younger, "sum_younger_short", ALWAYS),
        Counter(
            "sex_unknown", lambda c: [s is None for s in c.field("sex")], "sum_sex_unknown", ALWAYS
        ),
        Counter("age_unknown", lambda c: [a is None for a in c.ages()], "sum_age_unknown", ALWAYS),
        Counter("disadvantaged", _field("disadvantaged"), "sum_disadv_short", ALWAYS),
        Counter(
            "loan_needed",
            _field("loan_needed"),
            "sum_loan_needed",
            ALWAYS,
            "loan_of_needing",
            if_none="met",  # no member needs a loan: coverage is met, and the report says why
            note="no_loan_need",
        ),
        Counter("loan_received", _field("loan_received"), "sum_loan_received", ALWAYS),
        Counter("loan_covered", _loan_covered, "sum_loan_covered", NEVER),
        Counter("poor", _field("poor"), "sum_poor"),
        Counter("near_poor", _field("near_poor"), "sum_near_poor"),
        Counter("disabled", _field("disabled"), "sum_disabled"),
        Counter("hardship", _field("hardship"), "sum_hardship"),
    )
}


@dataclass(frozen=True)
class Counts:
    """A club's (or a sum of clubs') counters: how many members are counted, how many unknown.

    `counts.women` reads a count; `to_json` gives the counters a report shows."""

    known: Mapping[str, int] = field(default_factory=dict)
    unknown: Mapping[str, int] = field(default_factory=dict)

    def __getattr__(self, name: str) -> int:
        if name not in COUNTERS:  # (also while unpickling, before `known` exists)
            raise AttributeError(name)
        return self.known.get(name, 0)

    def to_json(self) -> dict[str, int]:
        return {k: v for k, v in self.known.items() if COUNTERS[k].shown != NEVER}

    def __add__(self, other: Counts) -> Counts:
        def add(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
            return {k: a.get(k, 0) + b.get(k, 0) for k in (*a, *(k for k in b if k not in a))}

        return Counts(add(self.known, other.known), add(self.unknown, other.unknown))


def count(members: Sequence[Member], counters: Iterable[str], ctx: Context) -> Counts:
    """Every named counter over the members, in the order given."""
    columns = Columns(members, ctx)
    known: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for k in counters:
        values = columns.counter(k)
        known[k], unknown[k] = values.count(True), values.count(None)
    return Counts(known, unknown)


def add_counts(items: Iterable[Counts]) -> Counts:
    """The sum of the counts (`Counts() + a + b + ...`, in one pass: no dict per addition)."""
    known: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for c in items:
        for k, v in c.known.items():
            known[k] = known.get(k, 0) + v
        for k, v in c.unknown.items():
            unknown[k] = unknown.get(k, 0) + v
    return Counts(known, unknown)


NAME_FORMS = ("full", "short", "figure")


@dataclass(frozen=True)
class Spec:
    """A club indicator of a plan: what it measures (kind, counters or club field), its unit,
    its thresholds and its names.

    names: (vi, en) pairs for the full name, the short heading of its status column and the
    heading of its figure column in the summary; built-in entries take them from the catalogue.
    flags: the derived club flags (fully_active, funded) it is part of."""

    id: str
    kind: str
    unit: str
    count: str | None = None
    of: str | None = None
    field: str | None = None  # presence: the club information field
    band: Band = Band()
    names: tuple[tuple[str, str], tuple[str, str], tuple[str, str]] | None = None
    flags: tuple[str, ...] = ()
    say_of: bool = True  # plan show writes "of <denominator>" after the target
    builtin: bool = True

    def name(self, lang: str, form: str = "full") -> str:
        """The full name, the short heading of its status column or its figure column's."""
        pair = self.names[NAME_FORMS.index(form)] if self.names else (self.id, self.id)
        return pair[1] if lang == "en" else pair[0]

    def counters(self) -> tuple[str, ...]:
        return tuple(k for k in (self.count, self.of) if k)


def _builtin(id: str, kind: str, unit: str, short: str, column: str, **kw: Any) -> Spec:
    """A built-in entry: its names are the catalogue's `id`, `short` and `column` labels."""
    return Spec(id, kind, unit, names=(LABELS[id], LABELS[short], LABELS[column]), **kw)


def _share(id: str, count: str, of: str, column: str, **kw: Any) -> Spec:
    return _builtin(id, SHARE, PCT, f"sum_ind_{id}", column, count=count, of=of, **kw)


def _presence(id: str, unit: str, column: str, flags: tuple[str, ...]) -> Spec:
    return _builtin(id, PRESENCE, unit, f"sum_ind_{id}", column, field=id, flags=flags)


FULLY_ACTIVE, FUNDED = "fully_active", "funded"  # the derived club flags indicators make up
# The club indicators a plan may name by id, with their defaults (a plan sets the thresholds).
INDICATORS: dict[str, Spec] = {
    s.id: s
    for s in (
        _builtin("members", BAND, COUNT, "sum_ind_members", "sum_ind_members", count="members"),
        _share("women_share", "women", "members", "sum_women_short", say_of=False),
        _share("older_share", "older", "members", "sum_older_short", say_of=False),
        _share("younger_share", "younger", "members", "sum_younger_short", say_of=False),
        _share(
            "loan_coverage", "loan_covered", "loan_needed", "sum_loan_short", flags=(FULLY_ACTIVE,)
        ),
        _presence("income_fund", MONEY, "sum_income_short", (FUNDED,)),
        _presence("activity_fund", MONEY, "sum_activity_short", (FUNDED,)),
        _presence("regulation", YESNO, "regulation", (FULLY_ACTIVE, FUNDED)),
        _builtin(
            "activities",
            ACTIVITIES,
            DONE,
            "sum_ind_activities",
            "sum_activities_done",
            flags=(FULLY_ACTIVE,),
        ),
    )
}

# loan coverage in the profile's first form: `of = "needing"` or `of = "members"`
LOAN_OF = {"needing": ("loan_covered", "loan_needed"), "members": ("loan_received", "members")}
# kinds a plan file may define itself, over existing counters
PLAN_KINDS = (SHARE, BAND)
FLAGS = (FULLY_ACTIVE, FUNDED)


def share_of(c: Counts, spec: Spec) -> Fraction | None:
    """A share indicator's value over the counts: count / of, None when `of` is zero."""
    assert spec.count is not None and spec.of is not None
    den = c.known.get(spec.of, 0)
    return Fraction(c.known.get(spec.count, 0), den) if den else None


def json_counters(specs: Iterable[Spec]) -> tuple[str, ...]:
    """The counters a report shows for these indicators: those always shown, then those used."""
    used = {k for s in specs for k in s.counters()}
    return tuple(
        k for k, c in COUNTERS.items() if c.shown == ALWAYS or (c.shown == USED and k in used)
    )


def needed_counters(specs: Iterable[Spec]) -> tuple[str, ...]:
    """Every counter the checks of these indicators and the report need, in registry order."""
    specs = tuple(specs)
    used = {k for s in specs for k in s.counters()} | set(json_counters(specs))
    return tuple(k for k in COUNTERS if k in used)

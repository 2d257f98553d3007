"""Synthetic ward submissions: generate wards, plant data problems, write them in many layouts.

No real personal data: every name is drawn from common Vietnamese family, middle and given names.
Everything random comes from the `random.Random` passed in, and the writers take no randomness,
so one seed always gives the same wards and the same bytes. Used by tests, by `benchmarks/` and by
`tools/make_sample_data.py`.

    rng = random.Random(1)
    ward = make_ward(rng, "Thắng Tam", 2, quality=0.8, problems=["duplicate-member"])
    problems = write_classic_layout(ward, Path("thang-tam.xlsx"))
    counts = expected_counts(ward, 2025)
"""

from __future__ import annotations

import csv
import html
import io
import math
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

try:
    import ctg_check  # noqa: F401
except ImportError:  # running from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from openpyxl.utils import get_column_letter

from ctg_check import schema
from ctg_check.indicators import Band, json_counters
from ctg_check.model import cell_ref
from ctg_check.normalize import fold
from ctg_check.plan import Plan, load_plan
from ctg_check.writers import atomic_write, save_workbook
from ctg_check.writers.template import template_workbook

PROVINCE = "Bà Rịa - Vũng Tàu"
REF_YEAR = 2025


# --- places -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A ward or commune of Vũng Tàu before 2025 (DOMAIN.md), with the prefix of its club ids."""

    code: str
    name: str  # as DOMAIN.md lists it: "Phường 1", "Thắng Tam", "Xã Long Sơn"
    prefix: str

    @property
    def is_commune(self) -> bool:
        return self.name.startswith("Xã ")

    @property
    def full_name(self) -> str:
        """The name with its kind: "Phường Thắng Tam", "Phường 1", "Xã Long Sơn"."""
        return self.name if self.name.startswith(("Phường ", "Xã ")) else f"Phường {self.name}"

    @property
    def place(self) -> str:
        """The name used in a date line: "Thắng Tam, ngày …", "Long Sơn, ngày …"."""
        return self.name.removeprefix("Xã ")


UNITS: tuple[Unit, ...] = (
    Unit("26506", "Phường 1", "P1"),
    Unit("26508", "Thắng Tam", "TT"),
    Unit("26509", "Phường 2", "P2"),
    Unit("26512", "Phường 3", "P3"),
    Unit("26515", "Phường 4", "P4"),
    Unit("26518", "Phường 5", "P5"),
    Unit("26521", "Thắng Nhì", "TN"),
    Unit("26524", "Phường 7", "P7"),
    Unit("26526", "Nguyễn An Ninh", "NAN"),
    Unit("26527", "Phường 8", "P8"),
    Unit("26530", "Phường 9", "P9"),
    Unit("26533", "Thắng Nhất", "TNH"),
    Unit("26535", "Rạch Dừa", "RD"),
    Unit("26536", "Phường 10", "P10"),
    Unit("26539", "Phường 11", "P11"),
    Unit("26542", "Phường 12", "P12"),
    Unit("26545", "Xã Long Sơn", "LS"),
)


def find_unit(name: str) -> Unit:
    """A unit by name, with or without "Phường"/"Xã", any case or diacritics."""
    key = fold(name)
    for unit in UNITS:
        if key in (fold(unit.name), fold(unit.full_name), unit.code):
            return unit
    prefix = "".join(w[0] for w in fold(name).split()).upper()[:4] or "X"
    return Unit("", name, prefix)


# --- names --------------------------------------------------------------------------------------

FAMILY = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 5),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
)
MALE_MIDDLE = ("Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Công", "Ngọc", "Xuân")
FEMALE_MIDDLE = ("Ngọc", "Kim", "Thanh", "Minh", "Thu", "Mỹ", "Bích", "Thúy")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Sơn", "Thành", "Long", "Phúc", "Quang", "Bình",
    "Hòa", "Trung", "Cường", "Tâm", "Hiếu", "Khoa", "Lâm", "Tài", "Thắng", "Tùng", "Vinh", "Lợi",
    "Phát", "Toàn", "Đạt", "Hưng", "Kiên", "Nghĩa", "Sang", "Tiến", "Tú", "Hoàng", "Bảo", "Đông",
    "Lộc", "Mạnh", "Quý", "Thiện", "Khánh", "Hậu", "Nhân", "Trí", "Việt", "Thịnh",
)  # fmt: skip
FEMALE_GIVEN = (
    "Hoa", "Lan", "Mai", "Hương", "Hà", "Hạnh", "Hằng", "Hồng", "Huệ", "Liên", "Linh", "Loan",
    "Nga", "Ngọc", "Nhung", "Oanh", "Phượng", "Quyên", "Sen", "Tâm", "Thảo", "Thu", "Thủy",
    "Trang", "Tuyết", "Vân", "Xuân", "Yến", "Diệu", "Đào", "Cúc", "Lệ", "Dung", "Gấm", "Hiền",
    "Ánh Tuyết", "Thu Hà", "Minh Châu", "Kim Oanh", "Ngọc Lan", "Bích Ngọc", "Thanh Hương",
    "Mỹ Linh", "Thu Trang", "Hồng Nhung", "Kim Liên", "Ngọc Ánh", "Thanh Tâm",
)  # fmt: skip
ROLES = ("Chủ nhiệm", "Phó chủ nhiệm", "Thư ký", "Thủ quỹ")
MEMBER_ROLE = "Thành viên"


def person_name(rng: random.Random, sex: str) -> str:
    """A synthetic full name; women mostly with the middle name "Thị" (always before a
    two-syllable given name: Nguyễn Thị Ánh Tuyết)."""
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    if sex == "F":
        given = rng.choice(FEMALE_GIVEN)
        plain = " " in given or rng.random() < 0.8
        middle = "Thị" if plain else rng.choice(FEMALE_MIDDLE)
    else:
        middle = rng.choice(MALE_MIDDLE)
        given = rng.choice(MALE_GIVEN)
    return f"{family} {middle} {given}"


# --- the synthetic submission -------------------------------------------------------------------

BOTH = "both"  # raw sex value: the classic layout writes the year under Nam and under Nữ


@dataclass
class SynthMember:
    """One member row as the reader should understand it, and what was written where it differs.

    `sex`, `birth_year` and the flags are the values the product should read; a planted problem
    sets them to None (unknown) and puts the value actually written in `raw` (field -> value).
    A member with an empty `name` is a row with data but no name: the reader rejects it.
    """

    name: str
    sex: str | None  # "M", "F", None
    birth_year: int | None
    birth_date: date | None = None  # set when the birth is written as a full date
    birth_style: str = "year"  # year | year-text | date | date-text
    address: str = ""
    poor: bool | None = False
    near_poor: bool | None = False
    disabled: bool | None = False
    hardship: bool | None = False
    loan_needed: bool | None = False
    loan_received: bool | None = False
    role: str = MEMBER_ROLE
    note: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class SynthClub:
    id: str  # "P1-01"
    name: str  # "CLB LTHTGN Phường 1 - Khu phố 3"
    area: str  # "Khu phố 3" or "Thôn 3"
    founded: date
    income_fund: int  # đồng; 0 = no fund
    activity_fund: int
    regulation: bool
    meetings: int
    activities: dict[str, bool]  # plan activity id -> carried out
    members: list[SynthMember] = field(default_factory=list)
    has_info: bool = True  # False: the club has no row in the club information table
    misses: tuple[str, ...] = ()  # indicators the generator made this club miss

    @property
    def short_name(self) -> str:
        """The name without its "CLB LTHTGN" prefix: "Phường 1 - Khu phố 3"."""
        return self.name.removeprefix(CLUB_PREFIX)


@dataclass(eq=False)
class Planted:
    """A data problem put into a ward on purpose, with the code the product should raise."""

    code: str
    club: str  # club id
    member: SynthMember | None  # the row at fault (None: a club-level problem)
    field: str | None  # schema field of the wrong cell
    value: Any = None  # what was written
    other: SynthMember | None = None  # the first row of a duplicate or of a member in two clubs


@dataclass
class SynthWard:
    unit: Unit
    clubs: list[SynthClub]
    ref_year: int = REF_YEAR
    plan_id: str = "vung-tau-2022"
    province: str = PROVINCE
    planted: list[Planted] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.unit.name

    def club(self, club_id: str) -> SynthClub:
        return next(c for c in self.clubs if c.id == club_id)


CLUB_PREFIX = "CLB LTHTGN "
MISSES = (
    "members",
    "women_share",
    "older_share",
    "loan_coverage",
    "activities",
    "regulation",
    "funds",
)
PROBLEMS = (
    "member-name-missing",
    "sex-invalid",
    "sex-ambiguous",
    "birth-invalid",
    "flag-invalid",
    "loan-without-need",
    "duplicate-member",
    "member-in-several-clubs",
    "club-info-missing",
)


# --- generation ---------------------------------------------------------------------------------


def _band(plan: Plan, indicator: str) -> Band:
    spec = plan.indicator(indicator)
    return spec.band if spec is not None else Band()


def _count(rng: random.Random, n: int, band: Band, miss: bool) -> int:
    """How many of n members fall in a share band, or (miss) just outside it."""
    lo = math.ceil((band.min or Fraction(0)) * n)
    hi = math.floor((band.max if band.max is not None else Fraction(1)) * n)
    hi = max(lo, hi)
    if not miss:
        return rng.randint(lo, hi)
    spread = max(3, n // 5)
    sides = []
    if lo > 0:
        sides.append((max(0, lo - spread), lo - 1))
    if hi < n:
        sides.append((hi + 1, min(n, hi + spread)))
    low, high = rng.choice(sides)
    return rng.randint(low, high)


def _birth(rng: random.Random, older: bool, plan: Plan, ref_year: int, date_share: float) -> dict:
    age = rng.randint(plan.older_age, 88) if older else rng.randint(22, plan.older_age - 1)
    year = ref_year - age
    # A full date whose year makes the age exactly the threshold would be older or younger
    # depending on the reference day; keep those as a bare year so counts hold all year round.
    roll = rng.random()
    if roll < date_share and age != plan.older_age:
        born = date(year, rng.randint(1, 12), rng.randint(1, 28))
        return {
            "birth_year": year,
            "birth_date": born,
            "birth_style": rng.choice(("date", "date-text")),
        }
    if roll < date_share * 1.5:
        return {"birth_year": year, "birth_style": "year-text"}
    return {"birth_year": year}


def _unique_name(rng: random.Random, sex: str, taken: set[str]) -> str:
    for _ in range(2000):
        name = person_name(rng, sex)
        if fold(name) not in taken:
            taken.add(fold(name))
            return name
    raise RuntimeError("ran out of synthetic names: use fewer members per `taken` set")


def _address(rng: random.Random, club: SynthClub) -> str:
    return f"Tổ {rng.randint(1, 12)}, {club.area}"


def make_club(
    rng: random.Random,
    unit: Unit,
    number: int,
    area: int,
    *,
    plan: Plan,
    ref_year: int = REF_YEAR,
    misses: Sequence[str] = (),
    taken: set[str] | None = None,
    date_share: float = 0.1,
) -> SynthClub:
    """One club near the plan's targets, except for the indicators named in `misses`."""
    bad = set(misses) - set(MISSES)
    if bad:
        raise ValueError(f"unknown misses {sorted(bad)}; known: {', '.join(MISSES)}")
    taken = set() if taken is None else taken
    area_name = f"{'Thôn' if unit.is_commune else 'Khu phố'} {area}"
    band = _band(plan, "members")
    lo, hi = int(band.min or 50), int(band.max or 70)
    if "members" in misses:
        n = rng.choice((rng.randint(max(5, lo - 20), lo - 1), rng.randint(hi + 1, hi + 13)))
    else:
        n = rng.randint(min(lo + 2, hi), max(lo, hi - 2))
    women = _count(rng, n, _band(plan, "women_share"), "women_share" in misses)
    older = _count(rng, n, _band(plan, "older_share"), "older_share" in misses)

    loan = plan.indicator("loan_coverage")
    cover = loan.band.min if loan is not None and loan.band.min is not None else Fraction(0)
    if loan is not None and loan.of == "members":
        needed = rng.randint(math.ceil(cover * n), max(math.ceil(cover * n), (3 * n) // 4))
        base = n
    else:
        needed = rng.randint(max(2, round(0.15 * n)), max(2, round(0.35 * n)))
        base = needed
    floor_ = math.ceil(cover * base)
    if "loan_coverage" in misses:
        received = rng.randint(0, max(0, floor_ - 1))
    else:
        received = rng.randint(min(floor_, needed), needed)

    activities = {a.id: True for a in plan.activities}
    if "activities" in misses:
        for aid in rng.sample(sorted(activities), rng.randint(1, min(2, len(activities)))):
            activities[aid] = False
    income = rng.randint(10, 120) * 1_000_000 + rng.choice((0, 500_000))
    activity_fund = rng.randint(4, 40) * 500_000
    if "funds" in misses:
        if rng.random() < 0.5:
            income = 0
        else:
            activity_fund = 0

    club = SynthClub(
        id=f"{unit.prefix}-{number:02d}",
        name=f"{CLUB_PREFIX}{unit.name} - {area_name}",
        area=area_name,
        founded=date(rng.randint(2016, 2023), rng.randint(1, 12), rng.randint(1, 28)),
        income_fund=income,
        activity_fund=activity_fund,
        regulation="regulation" not in misses,
        meetings=rng.randint(10, 12),
        activities=activities,
        misses=tuple(m for m in MISSES if m in misses),
    )
    sexes = ["F"] * women + ["M"] * (n - women)
    rng.shuffle(sexes)
    olds = [True] * older + [False] * (n - older)
    rng.shuffle(olds)
    if older and not olds[0]:  # the chair (first row) is usually an older member
        swap = olds.index(True)
        olds[0], olds[swap] = True, False
    needs = set(rng.sample(range(n), needed))
    gets = set(rng.sample(sorted(needs), received))
    for i in range(n):
        poor = rng.random() < 0.12
        club.members.append(
            SynthMember(
                name=_unique_name(rng, sexes[i], taken),
                sex=sexes[i],
                address=_address(rng, club),
                poor=poor,
                near_poor=not poor and rng.random() < 0.15,
                disabled=rng.random() < 0.06,
                hardship=rng.random() < 0.12,
                loan_needed=i in needs,
                loan_received=i in gets,
                role=ROLES[i] if i < len(ROLES) else MEMBER_ROLE,
                **_birth(rng, olds[i], plan, ref_year, date_share),
            )
        )
    return club


def make_ward(
    rng: random.Random,
    ward: str | Unit,
    n_clubs: int,
    quality: float = 0.8,
    *,
    plan: Plan | None = None,
    ref_year: int = REF_YEAR,
    problems: Iterable[str] = (),
    layout: str = "template",
    taken: set[str] | None = None,
    date_share: float = 0.1,
    misses: Sequence[Sequence[str]] | None = None,
) -> SynthWard:
    """A ward with `n_clubs` clubs; each meets every club target with probability `quality`,
    else misses one or two indicators (see MISSES) — or exactly `misses[i]` for club i when
    given. `problems` are planted with `plant_problems` for `layout`. Names are unique within
    the ward, and across wards that share the same `taken` set."""
    plan = plan or load_plan()
    if misses is not None and len(misses) != n_clubs:
        raise ValueError("give one list of misses per club")
    unit = ward if isinstance(ward, Unit) else find_unit(ward)
    taken = set() if taken is None else taken
    areas = sorted(rng.sample(range(1, 13), n_clubs)) if n_clubs <= 12 else range(1, n_clubs + 1)
    clubs = []
    for number, area in enumerate(areas, start=1):
        missed: Sequence[str] = ()
        if misses is not None:
            missed = misses[number - 1]
        elif rng.random() >= quality:
            missed = rng.sample(MISSES, rng.choice((1, 1, 2)))
        clubs.append(
            make_club(
                rng,
                unit,
                number,
                area,
                plan=plan,
                ref_year=ref_year,
                misses=missed,
                taken=taken,
                date_share=date_share,
            )
        )
    result = SynthWard(unit, clubs, ref_year=ref_year, plan_id=plan.id)
    plant_problems(rng, result, problems, layout=layout, plan=plan)
    return result


# --- planted problems ---------------------------------------------------------------------------


def plant_problems(
    rng: random.Random,
    ward: SynthWard,
    kinds: Iterable[str],
    *,
    layout: str = "template",
    plan: Plan | None = None,
) -> list[Planted]:
    """Put one problem of each kind into the ward (repeat a kind to plant it twice).

    Each is recorded in `ward.planted`. `sex-ambiguous` needs the classic layout (the year in both
    birth columns) and `sex-invalid` any other layout (a sex column holding "K").
    """
    planter = _Planter(rng, ward, layout == "classic", plan or load_plan(ward.plan_id))
    done = []
    for kind in kinds:
        club = rng.choice(ward.clubs)
        plant = _PLANTERS.get(kind)
        if plant is None:
            raise ValueError(f"unknown problem kind {kind!r}; known: {', '.join(PROBLEMS)}")
        planted = plant(planter, kind, club)
        ward.planted.append(planted)
        done.append(planted)
    return done


class _Planter:
    """Plants problems on members not yet touched by another planted problem."""

    def __init__(self, rng: random.Random, ward: SynthWard, classic: bool, plan: Plan) -> None:
        self.rng, self.ward, self.classic, self.plan = rng, ward, classic, plan
        self.touched = {id(p.member) for p in ward.planted if p.member is not None}

    def pick(
        self, club: SynthClub, ok: Callable[[SynthMember], bool] = lambda m: True
    ) -> SynthMember:
        choices = [
            m
            for m in club.members[len(ROLES) :]
            if m.name and not m.raw and id(m) not in self.touched and ok(m)
        ]
        if not choices:
            raise ValueError(f"no member of {club.id} left to plant a problem on")
        member = self.rng.choice(choices)
        self.touched.add(id(member))
        return member

    def name_missing(self, kind: str, club: SynthClub) -> Planted:
        rng = self.rng
        member = SynthMember(
            name="",
            sex=rng.choice("FM"),
            address=_address(rng, club),
            **_birth(rng, rng.random() < 0.6, self.plan, self.ward.ref_year, 0.0),
        )
        club.members.insert(rng.randint(len(ROLES), len(club.members)), member)
        self.touched.add(id(member))
        return Planted(kind, club.id, member, "name")

    def sex_invalid(self, kind: str, club: SynthClub) -> Planted:
        if self.classic:
            raise ValueError("sex-invalid needs a sex column: not in the classic layout")
        member = self.pick(club)
        member.sex, member.raw["sex"] = None, "K"
        return Planted(kind, club.id, member, "sex", "K")

    def sex_ambiguous(self, kind: str, club: SynthClub) -> Planted:
        if not self.classic:
            raise ValueError("sex-ambiguous needs Nam/Nữ birth columns: the classic layout")
        member = self.pick(club, lambda m: m.birth_style == "year")
        member.sex, member.raw["sex"] = None, BOTH
        return Planted(kind, club.id, member, "sex", member.birth_year)

    def birth_invalid(self, kind: str, club: SynthClub) -> Planted:
        member = self.pick(club)
        value: Any = 1850 if self.classic else self.rng.choice((1850, "abc"))
        member.birth_year, member.birth_date = None, None
        member.birth_style, member.raw["birth"] = "year", value
        return Planted(kind, club.id, member, "birth", value)

    def flag_invalid(self, kind: str, club: SynthClub) -> Planted:
        member = self.pick(club)
        flag = self.rng.choice(schema.FLAG_FIELDS)
        setattr(member, flag, None)
        member.raw[flag] = "?"
        return Planted(kind, club.id, member, flag, "?")

    def loan_without_need(self, kind: str, club: SynthClub) -> Planted:
        member = self.pick(club, lambda m: not m.loan_needed and not m.loan_received)
        member.loan_received = True
        return Planted(kind, club.id, member, "loan_received", True)

    def duplicate(self, kind: str, club: SynthClub) -> Planted:
        original = self.pick(club)
        member = replace(original, role=MEMBER_ROLE, raw={}, address=_address(self.rng, club))
        club.members.insert(club.members.index(original) + 1, member)
        self.touched.add(id(member))
        return Planted(kind, club.id, member, "name", member.name, original)

    def several_clubs(self, kind: str, club: SynthClub) -> Planted:
        if len(self.ward.clubs) < 2:
            raise ValueError("member-in-several-clubs needs two clubs in the ward")
        other = self.rng.choice([c for c in self.ward.clubs if c is not club])
        original = self.pick(other)
        member = replace(original, role=MEMBER_ROLE, raw={})
        club.members.append(member)
        self.touched.add(id(member))
        return Planted(kind, club.id, member, "name", member.name, original)

    def club_info_missing(self, kind: str, club: SynthClub) -> Planted:
        with_info = [c for c in self.ward.clubs if c.has_info]
        if not with_info:
            raise ValueError("every club already lacks its information row")
        club = self.rng.choice(with_info)
        club.has_info = False
        return Planted(kind, club.id, None, None)


_PLANTERS: dict[str, Callable[[_Planter, str, SynthClub], Planted]] = {
    "member-name-missing": _Planter.name_missing,
    "sex-invalid": _Planter.sex_invalid,
    "sex-ambiguous": _Planter.sex_ambiguous,
    "birth-invalid": _Planter.birth_invalid,
    "flag-invalid": _Planter.flag_invalid,
    "loan-without-need": _Planter.loan_without_need,
    "duplicate-member": _Planter.duplicate,
    "member-in-several-clubs": _Planter.several_clubs,
    "club-info-missing": _Planter.club_info_missing,
}


# --- expected results ---------------------------------------------------------------------------


def member_age(member: SynthMember, as_of: int | date) -> int | None:
    """Age as the product computes it: exact with a full date and a reference date,
    else reference year − birth year."""
    if member.birth_year is None:
        return None
    if isinstance(as_of, date) and member.birth_date is not None:
        b = member.birth_date
        return as_of.year - b.year - ((as_of.month, as_of.day) < (b.month, b.day))
    year = as_of.year if isinstance(as_of, date) else as_of
    return year - member.birth_year


def expected_counts(
    ward: SynthWard, as_of: int | date = REF_YEAR, *, older_age: int = 60
) -> dict[str, dict[str, Any]]:
    """Per club id, what the product's JSON report should say under clubs[]:
    {"id", "name", "counts": {...}, "funds": {...}, "activities": {...}}.

    counts — over the rows that have a name (a nameless row is rejected, not a member):
      members        every named row, duplicates and planted problems included;
      women          rows read as Nữ; men are members − women − sex_unknown;
      older          known age ≥ older_age, age = as_of year − birth year (exact age when both a
                     full birth date and an as_of date are given);
      younger        known age < older_age;
      sex_unknown    sex not readable (planted "K", or a year under both Nam and Nữ);
      age_unknown    birth not readable (planted 1850 or "abc");
      disadvantaged  poor, near_poor, disabled or hardship is yes (an unreadable "?" is not yes);
      loan_needed    needs a loan is yes;
      loan_received  received a loan is yes — plainly, with or without need (loan-without-need
                     rows count here), not the coverage numerator (needed and received).
    funds — {"income": {"present", "amount"}, "activity": {...}, "regulation"}: present is
      amount > 0; all None for a club without an information row (club-info-missing), as are
      its activities.
    Members with full dates never have year difference == older_age in the generation year,
    so the counts hold for any reference date in that year.
    """
    result = {}
    for club in ward.clubs:
        counts = dict.fromkeys(json_counters(()), 0)  # the keys of clubs[].counts
        for m in club.members:
            if not m.name:
                continue
            counts["members"] += 1
            counts["women"] += m.sex == "F"
            counts["sex_unknown"] += m.sex is None
            age = member_age(m, as_of)
            if age is None:
                counts["age_unknown"] += 1
            elif age >= older_age:
                counts["older"] += 1
            else:
                counts["younger"] += 1
            counts["disadvantaged"] += bool(m.poor or m.near_poor or m.disabled or m.hardship)
            counts["loan_needed"] += m.loan_needed is True
            counts["loan_received"] += m.loan_received is True
        if club.has_info:
            funds: dict[str, Any] = {
                "income": {"present": club.income_fund > 0, "amount": club.income_fund},
                "activity": {"present": club.activity_fund > 0, "amount": club.activity_fund},
                "regulation": club.regulation,
            }
            activities: dict[str, bool | None] = dict(club.activities)
        else:
            funds = {
                "income": {"present": None, "amount": None},
                "activity": {"present": None, "amount": None},
                "regulation": None,
            }
            activities = dict.fromkeys(club.activities)
        result[club.id] = {
            "id": club.id,
            "name": club.name,
            "counts": counts,
            "funds": funds,
            "activities": activities,
        }
    return result


def expected_rows(ward: SynthWard) -> dict[str, int]:
    """Member rows and rejected rows (data but no name) the reader should find."""
    named = sum(1 for c in ward.clubs for m in c.members if m.name)
    nameless = sum(1 for c in ward.clubs for m in c.members if not m.name)
    return {"members": named, "rejected": nameless}


# --- cell values shared by the writers ----------------------------------------------------------

X_BLANK = ("x", None)
SEX_WORDS = {"M": schema.MALE, "F": schema.FEMALE}


def _birth_value(m: SynthMember, cells: bool = True) -> Any:
    """The birth as written: a year, a year as text, a date cell or dd/mm/yyyy text."""
    if "birth" in m.raw:
        return m.raw["birth"]
    if m.birth_year is None:
        return None
    if m.birth_date is not None and m.birth_style in ("date", "date-text"):
        if m.birth_style == "date" and cells:
            return datetime(m.birth_date.year, m.birth_date.month, m.birth_date.day)
        return m.birth_date.strftime("%d/%m/%Y")
    return str(m.birth_year) if m.birth_style == "year-text" else m.birth_year


def _flag(m: SynthMember, name: str, words: tuple[Any, Any]) -> Any:
    if name in m.raw:
        return m.raw[name]
    return words[0] if getattr(m, name) else words[1]


def _sex_word(m: SynthMember) -> str | None:
    value = m.raw.get("sex")
    if value == BOTH:
        raise ValueError("a year under both Nam and Nữ can only be written in the classic layout")
    if value is not None:
        return str(value)
    return SEX_WORDS.get(m.sex or "")


def _member_value(m: SynthMember, name: str, flags: tuple[Any, Any], cells: bool = True) -> Any:
    if name == "name":
        return m.name or None
    if name == "birth":
        return _birth_value(m, cells)
    if name == "sex":
        return _sex_word(m)
    if name in schema.FLAG_FIELDS or name in ("loan_needed", "loan_received"):
        return _flag(m, name, flags)
    return getattr(m, name) or None


class _Where:
    """Where each member row was written, to report the cells of planted problems."""

    def __init__(self) -> None:
        self.rows: dict[int, tuple[str | None, int, dict[str, int]]] = {}

    def put(self, m: SynthMember, sheet: str | None, row: int, columns: dict[str, int]) -> None:
        self.rows[id(m)] = (sheet, row, columns)

    def cell(self, m: SynthMember | None, name: str | None) -> dict[str, Any]:
        if m is None or id(m) not in self.rows:
            return {"sheet": None, "row": None, "cell": None}
        sheet, row, columns = self.rows[id(m)]
        column = columns.get(name or "")
        return {"sheet": sheet, "row": row, "cell": cell_ref(row, column) if column else None}

    def located(self, ward: SynthWard) -> list[dict[str, Any]]:
        """The planted problems as dicts: code, club, sheet, row, cell, field, value, and for a
        duplicate or a member in two clubs, `related`: where the first occurrence is. A club
        without its information row points at the row of its first member (no cell)."""
        out = []
        for p in ward.planted:
            if p.member is None:
                where = self.cell(next(iter(ward.club(p.club).members), None), None)
            else:
                where = self.cell(p.member, p.field)
            value = p.value if isinstance(p.value, int | str) or p.value is None else str(p.value)
            item = {"code": p.code, "club": p.club, **where, "field": p.field, "value": value}
            if p.other is not None:
                item["related"] = self.cell(p.other, p.field)
            out.append(item)
        return out


# --- a) the standard template -------------------------------------------------------------------


def write_template_layout(
    ward: SynthWard, path: Path, *, plan: Plan | None = None, blank_no: bool = False
) -> list[dict[str, Any]]:
    """The standard template (writers/template.py) filled in: Có/Không flags, Nam/Nữ, birth
    as written by each member's style. `blank_no` leaves "Không" member flags blank.
    Returns the planted problems with their sheet and cell."""
    plan = plan or load_plan(ward.plan_id)
    wb = template_workbook(plan)
    clubs_ws, members_ws = wb[schema.SHEET_CLUBS], wb[schema.SHEET_MEMBERS]
    for club in ward.clubs:
        if not club.has_info:
            continue
        clubs_ws.append([_club_value(ward, club, col.field) for col in schema.club_columns(plan)])
        row = clubs_ws.max_row
        for index, col in enumerate(schema.club_columns(plan), start=1):
            if col.kind == "date":
                clubs_ws.cell(row=row, column=index).number_format = "DD/MM/YYYY"
            elif col.kind == "money":
                clubs_ws.cell(row=row, column=index).number_format = "#,##0"

    columns = {col.field: i for i, col in enumerate(schema.MEMBER_COLUMNS, start=1)}
    birth_col = columns["birth"]
    flags = (schema.YES, None if blank_no else schema.NO)
    where = _Where()
    stt = 0
    for club in ward.clubs:
        for m in club.members:
            stt += 1
            values: list[Any] = []
            for col in schema.MEMBER_COLUMNS:
                if col.field == "stt":
                    values.append(stt)
                elif col.field == "club_id":
                    values.append(club.id)
                else:
                    values.append(_member_value(m, col.field, flags))
            members_ws.append(values)
            row = members_ws.max_row
            if isinstance(values[birth_col - 1], datetime):
                members_ws.cell(row=row, column=birth_col).number_format = "DD/MM/YYYY"
            where.put(m, schema.SHEET_MEMBERS, row, columns)
    save_workbook(wb, Path(path), None)
    return where.located(ward)


def _club_value(ward: SynthWard, club: SynthClub, name: str) -> Any:
    if name.startswith("activity:"):
        return schema.YES if club.activities.get(name.split(":", 1)[1]) else schema.NO
    return {
        "club_id": club.id,
        "club_name": club.name,
        "ward": ward.unit.full_name,
        "province": ward.province,
        "founded": datetime(club.founded.year, club.founded.month, club.founded.day),
        "income_fund": club.income_fund,
        "activity_fund": club.activity_fund,
        "regulation": schema.YES if club.regulation else schema.NO,
        "meetings": club.meetings,
    }[name]


# --- the club information table of the other layouts --------------------------------------------

INFO_TITLE = "THÔNG TIN CÁC CÂU LẠC BỘ"
INFO_SHEET = "Thông tin CLB"


def _info_header(plan: Plan) -> list[str]:
    return [
        "STT",
        "Tên CLB",
        "Quỹ tăng thu nhập (đồng)",
        "Quỹ hoạt động (đồng)",
        "Có quy chế",
        "Số buổi sinh hoạt",
        *(a.label for a in plan.activities),
    ]


def _info_row(club: SynthClub, stt: int, plan: Plan) -> list[Any]:
    return [
        stt,
        club.name,
        club.income_fund,
        club.activity_fund,
        "x" if club.regulation else None,
        club.meetings,
        *("x" if club.activities.get(a.id) else None for a in plan.activities),
    ]


def _info_rows(ward: SynthWard, plan: Plan) -> list[list[Any]]:
    clubs = [c for c in ward.clubs if c.has_info]
    return [_info_row(c, i, plan) for i, c in enumerate(clubs, start=1)]


# --- b) the classic form, one sheet per club ----------------------------------------------------

CLASSIC_COLUMNS = (
    # (field, top header, sub header, width)
    ("stt", "STT", None, 5),
    ("name", "Họ và tên", None, 26),
    ("birth_male", "Năm sinh", "Nam", 8),
    ("birth_female", "Năm sinh", "Nữ", 8),
    ("poor", "Hoàn cảnh", "Hộ nghèo", 8),
    ("near_poor", "Hoàn cảnh", "Hộ cận nghèo", 8),
    ("disabled", "Hoàn cảnh", "Khuyết tật", 8),
    ("hardship", "Hoàn cảnh", "Khó khăn khác", 8),
    ("loan_needed", "Vay vốn", "Có nhu cầu", 8),
    ("loan_received", "Vay vốn", "Đã được vay", 8),
    ("address", "Địa chỉ", None, 24),
    ("note", "Ghi chú", None, 14),
)
LEGACY_FONTS = {"vni": ("VNI-Times", "VNI-Times"), "tcvn3": (".VnTime", ".VnTimeH")}


def _encoder(encoding: str | None) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """(body, upper-case lines) text encoders for a legacy encoding; identity for Unicode.

    TCVN3 has no capitals with tone marks: upper-case lines are typed in lower case with the
    .VnTimeH font, which draws them as capitals.
    """
    if encoding is None:
        return (lambda s: s), (lambda s: s)
    try:
        from ctg_check.reading import encodings
    except ImportError as exc:  # the module is written by another part of the project
        raise RuntimeError("legacy encodings need ctg_check.reading.encodings") from exc
    if encoding == "vni":
        return encodings.encode_vni, encodings.encode_vni
    if encoding == "tcvn3":
        return encodings.encode_tcvn3, lambda s: encodings.encode_tcvn3(s.lower())
    raise ValueError(f"unknown encoding {encoding!r}: use 'vni' or 'tcvn3'")


class _Classic:
    """The fonts and legacy encoding every cell of a classic-layout workbook is written with."""

    def __init__(self, encoding: str | None) -> None:
        from openpyxl.styles import Alignment, Font

        self.enc, self.enc_upper = _encoder(encoding)
        body, upper = LEGACY_FONTS.get(encoding or "", ("Times New Roman", "Times New Roman"))
        self.fonts = {
            (style, bold, italic): Font(
                name=upper if style == "upper" else body, bold=bold, italic=italic
            )
            for style in ("body", "upper")
            for bold in (False, True)
            for italic in (False, True)
        }
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def put(self, ws: Any, row: int, col: int, value: Any, **style: Any) -> None:
        """Write a value; text is encoded, upper-case lines use the upper-case font."""
        is_upper = isinstance(value, str) and value == value.upper() and value != value.lower()
        if isinstance(value, str):
            value = self.enc_upper(value) if is_upper else self.enc(value)
        cell = ws.cell(row=row, column=col, value=value)
        kind = "upper" if is_upper else "body"
        cell.font = self.fonts[(kind, style.get("bold", False), style.get("italic", False))]
        if style.get("center"):
            cell.alignment = self.center
        if isinstance(value, datetime):
            cell.number_format = "DD/MM/YYYY"

    def line(self, ws: Any, row: int, first: int, last: int, text: str, **style: Any) -> None:
        self.put(ws, row, first, text, center=True, **style)
        if last > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    def info_values(self, ws: Any, row: int, values: list[Any]) -> None:
        """One row of the club information table; the two fund columns as #,##0."""
        for col, value in enumerate(values, start=1):
            if value is not None:
                self.put(ws, row, col, value, center=col != 2)
                if col in (3, 4):
                    ws.cell(row=row, column=col).number_format = "#,##0"


def write_classic_layout(
    ward: SynthWard,
    path: Path,
    *,
    plan: Plan | None = None,
    info: str = "sheet",
    sheet_names: str = "club",
    encoding: str | None = None,
) -> list[dict[str, Any]]:
    """The classic form: one sheet per club with a header block, a two-row merged header
    (birth year under Nam or Nữ), a column-number row, a "Tổng cộng" row with formulas and a
    signature block; flags as "x", the role in Ghi chú.

    info: "sheet" — a "Thông tin CLB" sheet lists every club; "below" — each club sheet has its
      own information table under the list.
    sheet_names: "club" — sheets are named by the club ("Phường 1 - Khu phố 3") and the title
      does not name it; "generic" — sheets are "DS1", "DS2"… and the title line names the club.
    encoding: None, "vni" or "tcvn3" — text written in that legacy encoding with its font.
    Returns the planted problems with their sheet and cell.
    """
    from openpyxl import Workbook

    if info not in ("sheet", "below") or sheet_names not in ("club", "generic"):
        raise ValueError("info must be 'sheet' or 'below'; sheet_names 'club' or 'generic'")
    plan = plan or load_plan(ward.plan_id)
    k = _Classic(encoding)
    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    where = _Where()
    for index, club in enumerate(ward.clubs, start=1):
        title = (f"{club.short_name}"[:31] if sheet_names == "club" else f"DS{index}").replace(
            "/", "-"
        )
        ws = wb.create_sheet(title)
        _classic_heading(k, ws, ward, club, sheet_names)
        _classic_columns(k, ws)
        row = _classic_members(k, ws, club, where)
        if info == "below" and club.has_info:
            row += 2
            k.line(ws, row, 1, len(CLASSIC_COLUMNS), "THÔNG TIN CÂU LẠC BỘ", bold=True)
            row += 1
            for col, label in enumerate(_info_header(plan), start=1):
                k.put(ws, row, col, label, bold=True, center=True)
            row += 1
            k.info_values(ws, row, _info_row(club, 1, plan))
        _classic_signature(k, ws, row + 2, club)
    if info == "sheet":
        ws = wb.create_sheet(INFO_SHEET)
        k.line(ws, 1, 1, 8, INFO_TITLE, bold=True)
        for col, label in enumerate(_info_header(plan), start=1):
            k.put(ws, 3, col, label, bold=True, center=True)
            ws.column_dimensions[get_column_letter(col)].width = 34 if col == 2 else 12
        for r, info_values in enumerate(_info_rows(ward, plan), start=4):
            k.info_values(ws, r, info_values)
    save_workbook(wb, Path(path), None)
    return where.located(ward)


def _classic_heading(k: _Classic, ws: Any, ward: SynthWard, club: SynthClub, names: str) -> None:
    """Column widths and the header block: issuing body, national motto, date and title."""
    n_cols = len(CLASSIC_COLUMNS)
    for col, (_, _, _, width) in enumerate(CLASSIC_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    k.line(ws, 1, 1, 4, f"UBND {ward.unit.full_name.upper()}")
    k.line(ws, 2, 1, 4, "HỘI NGƯỜI CAO TUỔI", bold=True)
    k.line(ws, 1, 6, n_cols, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    k.line(ws, 2, 6, n_cols, "Độc lập - Tự do - Hạnh phúc", bold=True)
    dated = f"{ward.unit.place}, ngày 05 tháng 12 năm {ward.ref_year}"
    k.line(ws, 3, 6, n_cols, dated, italic=True)
    if names == "club":
        heading = "DANH SÁCH THÀNH VIÊN CÂU LẠC BỘ LIÊN THẾ HỆ TỰ GIÚP NHAU"
    else:
        heading = f"DANH SÁCH THÀNH VIÊN {club.name.upper()}"
    k.line(ws, 5, 1, n_cols, heading, bold=True)
    decision = f"{10 + int(ward.unit.code or 0) % 80}/QĐ-UBND ngày 15/01/{ward.ref_year}"
    k.line(ws, 6, 1, n_cols, f"(Kèm theo Quyết định số {decision})", italic=True)


_CLASSIC_TOP, _CLASSIC_SUB, _CLASSIC_NUMBERS = 8, 9, 10


def _classic_columns(k: _Classic, ws: Any) -> None:
    """The two-row merged header (Nam / Nữ under Năm sinh…) and the column-number row."""
    top, sub, n_cols = _CLASSIC_TOP, _CLASSIC_SUB, len(CLASSIC_COLUMNS)
    col = 1
    while col <= n_cols:
        _, head, subhead, _ = CLASSIC_COLUMNS[col - 1]
        if subhead is None:
            k.put(ws, top, col, head, bold=True, center=True)
            ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
            col += 1
            continue
        span = [c for c in CLASSIC_COLUMNS if c[1] == head]
        k.put(ws, top, col, head, bold=True, center=True)
        ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + len(span) - 1)
        for offset, (_, _, leaf, _) in enumerate(span):
            k.put(ws, sub, col + offset, leaf, bold=True, center=True)
        col += len(span)
    for col, label in enumerate(["A", "B", *range(1, n_cols - 1)], start=1):
        k.put(ws, _CLASSIC_NUMBERS, col, label, italic=True, center=True)


def _classic_members(k: _Classic, ws: Any, club: SynthClub, where: _Where) -> int:
    """The member rows and the "Tổng cộng" row under them; returns that row."""
    row = _CLASSIC_NUMBERS
    fields = [c[0] for c in CLASSIC_COLUMNS]
    for stt, m in enumerate(club.members, start=1):
        row += 1
        values = _classic_values(m, stt, fields)
        for col, name in enumerate(fields, start=1):
            if values[name] is not None:
                k.put(ws, row, col, values[name], center=name not in ("name", "address"))
        birth_col = 4 if m.sex == "F" else 3
        where.put(m, ws.title, row, {**_CLASSIC_INDEX, "birth": birth_col, "sex": 3})
    first, last = _CLASSIC_NUMBERS + 1, row
    row += 1
    k.line(ws, row, 1, 2, "Tổng cộng", bold=True)
    for col in range(3, 11):
        letter = get_column_letter(col)
        formula = (
            f"=COUNTA({letter}{first}:{letter}{last})"
            if col <= 4
            else f'=COUNTIF({letter}{first}:{letter}{last},"x")'
        )
        cell = ws.cell(row=row, column=col, value=formula)
        cell.alignment, cell.font = k.center, k.fonts[("body", True, False)]
    return row


def _classic_values(m: SynthMember, stt: int, fields: list[str]) -> dict[str, Any]:
    """A member's cells by field: the birth year under Nam or Nữ, flags as "x"."""
    values: dict[str, Any] = dict.fromkeys(fields)
    values["stt"], values["name"] = stt, m.name or None
    birth = _birth_value(m)
    if m.raw.get("sex") == BOTH:
        values["birth_male"] = values["birth_female"] = birth
    elif m.sex in ("M", "F"):
        values["birth_male" if m.sex == "M" else "birth_female"] = birth
    elif birth is not None:
        raise ValueError("the classic layout shows sex only by the birth column")
    for name in (*schema.FLAG_FIELDS, "loan_needed", "loan_received"):
        values[name] = _flag(m, name, X_BLANK)
    values["address"] = m.address or None
    values["note"] = m.role if m.role != MEMBER_ROLE else (m.note or None)
    return values


def _classic_signature(k: _Classic, ws: Any, row: int, club: SynthClub) -> None:
    """The signature block: the secretary on the left, the chair on the right."""
    n_cols = len(CLASSIC_COLUMNS)
    k.line(ws, row, 1, 3, "Người lập biểu", bold=True)
    k.line(ws, row, 8, n_cols, "TM. BAN CHỦ NHIỆM", bold=True)
    k.line(ws, row + 1, 8, n_cols, "CHỦ NHIỆM", bold=True)
    k.line(ws, row + 1, 1, 3, "(Ký, ghi rõ họ tên)", italic=True)
    secretary = club.members[2].name if len(club.members) > 2 else ""
    k.line(ws, row + 5, 1, 3, secretary, bold=True)
    k.line(ws, row + 5, 8, n_cols, club.members[0].name, bold=True)


_CLASSIC_INDEX = {name: i for i, (name, *_rest) in enumerate(CLASSIC_COLUMNS, start=1)}


# --- c) one sheet for all clubs, and its CSV and HTML forms -------------------------------------

FLAT_SHEET = "Danh sách"
FLAT_COLUMNS = (
    ("stt", "STT"),
    ("club_name", "Tên CLB"),
    ("name", "Họ và tên"),
    ("sex", "Giới tính"),
    ("birth", "Năm sinh"),
    ("address", "Địa chỉ"),
    ("poor", "Hộ nghèo"),
    ("near_poor", "Cận nghèo"),
    ("disabled", "Khuyết tật"),
    ("hardship", "Hoàn cảnh khó khăn"),
    ("loan_needed", "Nhu cầu vay vốn"),
    ("loan_received", "Đã vay vốn"),
    ("role", "Chức vụ"),
    ("note", "Ghi chú"),
)
_FLAT_INDEX = {name: i for i, (name, _) in enumerate(FLAT_COLUMNS, start=1)}


def _flat_block(ward: SynthWard) -> list[str]:
    return [
        f"UBND {ward.unit.full_name.upper()}",
        "HỘI NGƯỜI CAO TUỔI",
        "",
        f"DANH SÁCH THÀNH VIÊN CÁC CÂU LẠC BỘ LIÊN THẾ HỆ TỰ GIÚP NHAU NĂM {ward.ref_year}",
        "",
    ]


def _flat_members(ward: SynthWard, cells: bool) -> list[tuple[SynthClub, SynthMember, list[Any]]]:
    out = []
    stt = 0
    for club in ward.clubs:
        for m in club.members:
            stt += 1
            values: list[Any] = []
            for name, _ in FLAT_COLUMNS:
                if name == "stt":
                    values.append(stt)
                elif name == "club_name":
                    values.append(club.name)
                else:
                    values.append(_member_value(m, name, X_BLANK, cells))
            out.append((club, m, values))
    return out


def write_flat_layout(
    ward: SynthWard, path: Path, *, plan: Plan | None = None
) -> list[dict[str, Any]]:
    """All clubs in one sheet with a "Tên CLB" column (Giới tính Nam/Nữ, Năm sinh, flags "x")
    under a header block; the club information table on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    plan = plan or load_plan(ward.plan_id)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = FLAT_SHEET
    bold = Font(bold=True)
    block = _flat_block(ward)
    for r, text in enumerate(block, start=1):
        if text:
            ws.cell(row=r, column=1, value=text).font = bold
    ws.cell(row=1, column=9, value="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").font = bold
    ws.cell(row=2, column=9, value="Độc lập - Tự do - Hạnh phúc").font = bold
    header_row = len(block) + 1
    for col, (_, label) in enumerate(FLAT_COLUMNS, start=1):
        ws.cell(row=header_row, column=col, value=label).font = bold
    where = _Where()
    for r, (_, m, values) in enumerate(_flat_members(ward, True), start=header_row + 1):
        for col, value in enumerate(values, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=col, value=value)
                if isinstance(value, datetime):
                    cell.number_format = "DD/MM/YYYY"
        where.put(m, FLAT_SHEET, r, _FLAT_INDEX)
    for col, width in enumerate((5, 34, 26, 9, 11, 24), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width

    info_ws = wb.create_sheet(INFO_SHEET)
    for col, label in enumerate(_info_header(plan), start=1):
        info_ws.cell(row=1, column=col, value=label).font = bold
    for values in _info_rows(ward, plan):
        info_ws.append(values)
    save_workbook(wb, Path(path), None)
    return where.located(ward)


def _flat_text_rows(
    ward: SynthWard, plan: Plan, where: _Where, sheet: str | None, first: int
) -> list[list[Any]]:
    """The flat layout as rows of one text table: header block, members, then club information."""
    rows: list[list[Any]] = [[text] if text else [] for text in _flat_block(ward)]
    rows.append([label for _, label in FLAT_COLUMNS])
    for _, m, values in _flat_members(ward, cells=False):
        rows.append(["" if v is None else v for v in values])
        where.put(m, sheet, first + len(rows) - 1, _FLAT_INDEX)
    rows += [[], [INFO_TITLE], _info_header(plan)]
    rows += [["" if v is None else v for v in r] for r in _info_rows(ward, plan)]
    return rows


def write_csv_layout(
    ward: SynthWard, path: Path, *, plan: Plan | None = None, delimiter: str = ","
) -> list[dict[str, Any]]:
    """The flat layout as one CSV table (UTF-8 with BOM): header block lines, the members,
    a blank line, then the club information table."""
    plan = plan or load_plan(ward.plan_id)
    path = Path(path)
    where = _Where()
    rows = _flat_text_rows(ward, plan, where, path.stem, first=1)
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    atomic_write(path, buf.getvalue().encode("utf-8-sig"))
    return where.located(ward)


def write_html_layout(
    ward: SynthWard, path: Path, *, plan: Plan | None = None
) -> list[dict[str, Any]]:
    """The flat layout as an HTML table, as web systems export it (save it with a .xls name):
    header block rows spanning the table, the members, then the club information table."""
    plan = plan or load_plan(ward.plan_id)
    where = _Where()
    rows = _flat_text_rows(ward, plan, where, None, first=1)
    span = len(FLAT_COLUMNS)
    header_at = len(_flat_block(ward))
    parts = [
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        '</head><body>\n<table border="1">\n'
    ]
    for i, row in enumerate(rows):
        if i > header_at and not row:
            parts.append('</table>\n<br>\n<table border="1">\n')
            continue
        if len(row) <= 1:
            text = html.escape(str(row[0])) if row else ""
            parts.append(f'<tr><td colspan="{span}"><b>{text}</b></td></tr>\n')
            continue
        tag = "th" if i == header_at or str(row[0]) == "STT" else "td"
        cells = "".join(f"<{tag}>{html.escape(str(v))}</{tag}>" for v in row)
        parts.append(f"<tr>{cells}</tr>\n")
    parts.append("</table>\n</body></html>\n")
    atomic_write(Path(path), "".join(parts).encode("utf-8"))
    return where.located(ward)


WRITERS: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "template": write_template_layout,
    "classic": write_classic_layout,
    "flat": write_flat_layout,
    "csv": write_csv_layout,
    "html": write_html_layout,
}


def write_ward(ward: SynthWard, path: Path, layout: str, **options: Any) -> list[dict[str, Any]]:
    """Write a ward in the named layout (see WRITERS); return the located planted problems."""
    if layout not in WRITERS:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(WRITERS)}")
    return WRITERS[layout](ward, Path(path), **options)

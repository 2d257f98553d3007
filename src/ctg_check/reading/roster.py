"""From sheets of cells to clubs and members: header finding, row classification, club matching.

Every non-blank row of every sheet is accounted for: a member, a rejected row (with a problem),
or a recognised non-data row (title, header, number row, total, signature, club information).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ctg_check.model import Club, ClubInfo, Fund, Member, Place, RowCount
from ctg_check.normalize import club_key, fold, nfc
from ctg_check.plan import Plan
from ctg_check.problems import Problem, problem
from ctg_check.reading import values as v
from ctg_check.reading.formats import RawSheet, RawWorkbook
from ctg_check.reading.headers import (
    MEMBER_LOOKUP,
    Header,
    club_lookup,
    column_paths,
    is_club_header,
    is_member_header,
    map_columns,
)
from ctg_check.units import display_ward

HEADER_SCAN = 40  # rows searched for the first header of a sheet
MAX_HEADER_ROWS = 3
_NUMBER_TOKEN = re.compile(r"^\(?[a-z]{1,2}\)?$|^\(?\d{1,2}\)?$|^\(?\d{1,2}\s*=\s*[\d+\s]+\)?$")
_TOTAL = ("tong cong", "tong so", "cong", "tong", "tong cong clb", "cong clb")
_SIGNATURE = (
    "nguoi lap bieu",
    "nguoi lap",
    "tm ban chu nhiem",
    "t m ban chu nhiem",
    "ban chu nhiem",
    "chu nhiem clb",
    "xac nhan",
    "ky ten",
    "ky ghi ro ho ten",
    "ky va ghi ro ho ten",
    "thu truong don vi",
    "tm ubnd",
    "tm uy ban nhan dan",
)
_ISSUERS = re.compile(
    r"^(?:ubnd|uy ban nhan dan|hoi nguoi cao tuoi|hoi nct|hoi lien hiep phu nu"
    r"|ban dai dien hoi nct)"
    r"\s+(phuong|xa|thi tran)\s+\S"
)
_YEARISH = re.compile(r"\b(1[89]|20)\d\d\b")
_REPORT_DATE = re.compile(r"\bngay (\d{1,2}) (?:thang )?(\d{1,2}) (?:nam )?(\d{4})\b")
_LETTER = re.compile(r"[^\W\d_]")
_CLUB_WORD = re.compile(r"\b(clb|cau lac bo)\b")


@dataclass
class Reading:
    """What parse_workbook found: clubs with members and info, accounting and problems."""

    clubs: list[Club] = field(default_factory=list)
    rows: RowCount = field(default_factory=RowCount)
    problems: list[Problem] = field(default_factory=list)
    ward: str | None = None
    report_date: date | None = None  # from a line such as "Vũng Tàu, ngày 05 tháng 12 năm 2025"
    rejected_rows: list[tuple[Place, tuple[str, ...]]] = field(default_factory=list)


@dataclass
class _Table:
    header: Header
    sheet: RawSheet
    club_hint: str | None  # from a title line or the sheet name
    rows: list[int] = field(default_factory=list)


class _Parser:
    def __init__(self, book: RawWorkbook, plan: Plan, as_of: date, ward: str | None) -> None:
        self.book = book
        self.plan = plan
        self.as_of = as_of
        self.ward_option = ward
        self.club_lookup = club_lookup(plan)
        self.problems: list[Problem] = []
        self.members: list[
            tuple[Member, str | None, str | None, str]
        ] = []  # member, id, name, sheet
        self.infos: list[ClubInfo] = []
        self.read = self.rejected = 0
        self.ward_found: str | None = None
        self.report_date: date | None = None
        self.rejected_rows: list[tuple[Place, tuple[str, ...]]] = []

    # -- helpers ---------------------------------------------------------------------------
    def place(self, sheet: RawSheet, r: int, c: int | None = None) -> Place:
        row = sheet.origin[0] + r + 1
        col = None if c is None else sheet.origin[1] + c + 1
        return Place(self.book.path, sheet.name, row, col)

    def add(self, code: str, place: Place, club: str | None = None, **kw: Any) -> None:
        self.problems.append(problem(code, place, club, **kw))

    # -- sheets ----------------------------------------------------------------------------
    def parse(self) -> Reading:
        for sheet in self.book.sheets:
            if fold(sheet.name) in _GUIDE_SHEETS:
                continue  # the template's instructions: no data to account for
            self.parse_sheet(sheet)
        clubs = self.assemble()
        members = sum(len(c.members) for c in clubs)
        rows = RowCount(self.read, members, self.rejected, self.read - members - self.rejected)
        return Reading(
            clubs,
            rows,
            self.problems,
            self.ward_found or self.ward_option,
            self.report_date,
            self.rejected_rows,
        )

    def parse_sheet(self, sheet: RawSheet) -> None:
        grid = sheet.rows
        fill_merged(sheet)
        nonblank = [r for r, row in enumerate(grid) if any(not v.is_blank(x) for x in row)]
        self.read += len(nonblank)
        if not nonblank:
            return
        found_table = False
        r = 0
        end = len(grid)
        title_club: str | None = None
        while r < end:
            header = self.header_at(grid, r)
            if header is None:
                row = grid[r]
                if not found_table:
                    title_club = self.note_title(row) or title_club
                self.note_date(row)
                r += 1
                continue
            found_table = True
            if header.kind == "member":
                hint = title_club or nfc(sheet.name)
                r = self.member_table(sheet, header, hint)
            else:
                r = self.club_table(sheet, header)
        if not found_table:
            self.add("header-not-found", self.place(sheet, nonblank[0]))

    def note_title(self, row: list[Any]) -> str | None:
        """Pick the ward from an issuing-body line and the club from a title line."""
        club = None
        for cell in row:
            if not isinstance(cell, str) or len(cell) > 200:
                continue
            text = nfc(cell)
            key = fold(text)
            if self.ward_found is None and _ISSUERS.match(key):
                words = text.split()  # the ward starts at its kind: PHƯỜNG, XÃ, THỊ TRẤN
                kinds = ("phuong", "xa", "thi")
                lead = next((i for i, w in enumerate(words) if fold(w) in kinds), 0)
                self.ward_found = display_ward(" ".join(words[lead:]))
            elif _CLUB_WORD.search(key) and club is None:
                m = re.search(r"(?i)\b(clb|câu lạc bộ|cau lac bo)\b", text)
                if m:
                    candidate = text[m.start() :].strip(" :-–")
                    if club_key(candidate):
                        club = candidate
        return club

    def reject(self, sheet: RawSheet, r: int, code: str, place: Place) -> None:
        """A row with data that cannot be a member or a club: counted, kept and reported."""
        self.rejected += 1
        self.rejected_rows.append((place, tuple(v.text(x) for x in sheet.rows[r])))
        self.add(code, place)

    def note_date(self, row: list[Any]) -> None:
        """Keep the latest report date written in a title or signature line."""
        for cell in row:
            if not isinstance(cell, str) or "ng" not in cell.lower():
                continue
            key = fold(cell)
            if any(w in key for w in ("quyet dinh", "ke hoach", "kem theo", "so ")):
                continue
            m = _REPORT_DATE.search(key)
            if m:
                day = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                if day and (self.report_date is None or day > self.report_date):
                    self.report_date = day

    def header_at(self, grid: list[list[Any]], r: int) -> Header | None:
        row = grid[r]
        if not any(isinstance(x, str) and fold(x) in _HEADER_WORDS for x in row):
            return None
        best: Header | None = None
        for depth in range(1, MAX_HEADER_ROWS + 1):
            last = r + depth - 1
            if last >= len(grid):
                break
            if depth > 1 and not self.header_like(grid[last]):
                break
            paths, labels = column_paths(grid, r, last)
            member_fields = map_columns(paths, MEMBER_LOOKUP)
            club_fields = map_columns(paths, self.club_lookup)
            if is_club_header(club_fields) and len(club_fields) >= len(member_fields) - 1:
                best = Header("club", r, last, club_fields, labels)
            elif is_member_header(member_fields):
                best = Header("member", r, last, member_fields, labels)
        return best

    def header_like(self, row: list[Any]) -> bool:
        """A further header row: short texts without years, at least half of them header words."""
        texts = [x for x in row if not v.is_blank(x)]
        if not texts or not all(isinstance(x, str) for x in texts):
            return False
        keys = [fold(x) for x in texts]
        if all(_NUMBER_TOKEN.match(k) for k in keys) or any(_YEARISH.search(k) for k in keys):
            return False
        known = sum(k in ("nam", "nu") or k in MEMBER_LOOKUP or k in self.club_lookup for k in keys)
        return 2 * known >= len(keys)

    # -- member table ----------------------------------------------------------------------
    def member_table(self, sheet: RawSheet, header: Header, hint: str) -> int:
        grid = sheet.rows
        f = header.fields
        section: str | None = None
        ended = False
        name_col = f["name"]
        birth_cols = [f[k] for k in ("birth", "birth_male", "birth_female") if k in f]
        if "sex_male" in f or "sex_female" in f:
            birth_cols = [f[k] for k in ("birth",) if k in f]  # sex marks are checked in full
        sex_col = f.get("sex")
        year = self.as_of.year
        r = header.last + 1
        while r < len(grid):
            row = grid[r]
            name = row[name_col] if name_col < len(row) else None
            if (
                not ended
                and isinstance(name, str)
                and _plain_name(name)
                and (
                    (sex_col is not None and sex_col < len(row) and v.parse_sex(row[sex_col]).value)
                    or any(c < len(row) and v.parse_birth(row[c], year).value for c in birth_cols)
                )
            ):
                # the common case, a member row: a name and a valid sex or birth, no footer word
                self.member_row(sheet, header, r, section or hint)
                r += 1
                continue
            if all(v.is_blank(x) for x in row):
                r += 1
                continue
            if self.header_at(grid, r) is not None:
                return r
            if ended or self.is_number_row(row):
                self.note_date(row)
                r += 1
                continue
            if self.is_total(row) or self.is_signature(row, f):
                ended = True  # the footer: nothing below is a member until a new header
                self.note_date(row)
                r += 1
                continue
            new_section = self.section_title(row, f)
            if new_section is not None:
                section = new_section
                r += 1
                continue
            self.member_row(sheet, header, r, section or hint)
            r += 1
        return r

    def is_number_row(self, row: list[Any]) -> bool:
        tokens = [x for x in row if not v.is_blank(x)]
        if len(tokens) < 3:
            return False
        return all(_NUMBER_TOKEN.match(fold(v.text(x))) for x in tokens)

    def is_total(self, row: list[Any]) -> bool:
        for x in row:
            if isinstance(x, str):
                key = fold(x)
                if key in _TOTAL or key.startswith(("tong cong", "tong so thanh vien")):
                    return True
        return False

    def is_signature(self, row: list[Any], fields: dict[str, int]) -> bool:
        skip = {fields.get("role"), fields.get("note")}
        for c, x in enumerate(row):
            if c in skip or not isinstance(x, str):
                continue
            key = fold(x)
            if key.startswith(_SIGNATURE) or (
                key.startswith(("ngay", "vung tau ngay")) and " thang " in f" {key} "
            ):
                return True
            if " ngay " in f" {key} " and " thang " in f" {key} " and " nam " in f" {key} ":
                return True
        return False

    def section_title(self, row: list[Any], fields: dict[str, int]) -> str | None:
        """A row naming a club inside a list (`CLB Khu phố 3`, or `I | CLB …`)."""
        texts = {nfc(x) for x in row if isinstance(x, str) and x.strip()}
        others = [x for x in row if not v.is_blank(x) and not isinstance(x, str)]
        if len(texts) != 1 or others:
            if len(texts) == 2 and not others:
                roman = [t for t in texts if re.fullmatch(r"[IVXivx]+\.?|[A-Za-z]\.?", t)]
                if roman:
                    rest = (texts - set(roman)).pop()
                    return rest if _CLUB_WORD.search(fold(rest)) and club_key(rest) else None
            return None
        text = texts.pop()
        if _CLUB_WORD.match(fold(text)) and club_key(text):
            return text
        return None

    def member_row(self, sheet: RawSheet, header: Header, r: int, club_hint: str) -> None:
        row = sheet.rows[r]
        f = header.fields
        n = len(row)
        values = {k: row[c] if c < n else None for k, c in f.items()}
        cell = values.get

        def at(name: str) -> Place:
            return self.place(sheet, r, f.get(name))

        raw_name = cell("name")
        name = nfc(v.text(raw_name)) if not v.is_blank(raw_name) else ""
        if not _LETTER.search(name):
            if name or any(
                not v.is_blank(x) for k, x in values.items() if k not in ("stt", "name")
            ):
                self.reject(sheet, r, "member-name-missing", at("name"))
            return

        club_id = nfc(v.text(cell("club_id"))) or None
        club_name = nfc(v.text(cell("club_name"))) or None
        if club_id is None and club_name is None:
            club_name = club_hint
        club_label = club_id or club_name
        ward = nfc(v.text(cell("ward"))) or None

        sex: str | None = None
        birth: tuple[int, date | None] | None = None
        max_year = self.as_of.year
        if "birth_male" in f or "birth_female" in f:
            male, female = cell("birth_male"), cell("birth_female")
            if not v.is_blank(male) and not v.is_blank(female):
                self.add("sex-ambiguous", at("birth_male"), club_label)
                pm, pf = v.parse_birth(male, max_year), v.parse_birth(female, max_year)
                birth = pm.value if pm.value == pf.value else None
            elif v.is_blank(male) and v.is_blank(female):
                if "sex" not in f:
                    self.add("sex-missing", at("birth_male"), club_label)
                    self.add("birth-missing", at("birth_male"), club_label)
            else:
                key = "birth_male" if not v.is_blank(male) else "birth_female"
                sex = "M" if key == "birth_male" else "F"
                parsed = v.parse_birth(cell(key), max_year)
                if parsed.ok:
                    birth = parsed.value
                else:
                    self.add(
                        "birth-invalid",
                        at(key),
                        club_label,
                        value=v.text(cell(key)),
                        max_year=max_year,
                    )
        if "sex_male" in f or "sex_female" in f:
            sex = self.sex_marks(cell("sex_male"), cell("sex_female"), at, club_label, header)
        elif "sex" in f and sex is None:
            parsed = v.parse_sex(cell("sex"))
            if not parsed.ok:
                self.add("sex-invalid", at("sex"), club_label, value=v.text(cell("sex")))
            elif parsed.value is None:
                if "birth_male" not in f:
                    self.add("sex-missing", at("sex"), club_label)
            else:
                sex = parsed.value
        elif sex is None and "birth_male" not in f and "birth_female" not in f:
            self.add("sex-missing", at("name"), club_label)
        if "birth" in f and birth is None:
            parsed = v.parse_birth(cell("birth"), max_year)
            if not parsed.ok:
                self.add(
                    "birth-invalid",
                    at("birth"),
                    club_label,
                    value=v.text(cell("birth")),
                    max_year=max_year,
                )
            elif parsed.value is None:
                self.add("birth-missing", at("birth"), club_label)
            else:
                birth = parsed.value
        elif birth is None and not ({"birth", "birth_male", "birth_female"} & f.keys()):
            self.add("birth-missing", at("name"), club_label)

        flags: dict[str, bool | None] = {}
        for key in ("poor", "near_poor", "disabled", "hardship", "loan_needed", "loan_received"):
            if key not in f:
                flags[key] = None if key.startswith("loan") else False
                continue
            parsed = v.parse_flag(cell(key))
            if not parsed.ok:
                self.add(
                    "flag-invalid",
                    at(key),
                    club_label,
                    value=v.text(cell(key)),
                    column_name=header.labels.get(f[key], key),
                )
            flags[key] = parsed.value
        if "category" in f and not v.is_blank(cell("category")):
            found = _categories(v.text(cell("category")))
            if found is None:
                self.add(
                    "flag-invalid",
                    at("category"),
                    club_label,
                    value=v.text(cell("category")),
                    column_name=header.labels.get(f["category"], "category"),
                )
            for key in found or ():
                flags[key] = True
        if flags["loan_received"] and flags["loan_needed"] is False:
            self.add("loan-without-need", at("loan_received"), club_label)

        member = Member(
            name=name,
            sex=sex,
            birth_year=birth[0] if birth else None,
            birth_date=birth[1] if birth else None,
            poor=flags["poor"],
            near_poor=flags["near_poor"],
            disabled=flags["disabled"],
            hardship=flags["hardship"],
            loan_needed=flags["loan_needed"],
            loan_received=flags["loan_received"],
            address=nfc(v.text(cell("address"))),
            role=nfc(v.text(cell("role"))),
            note=nfc(v.text(cell("note"))),
            ward=ward,
            place=self.place(sheet, r, f["name"]),
        )
        self.members.append((member, club_id, club_name, sheet.name))

    def sex_marks(
        self, male: Any, female: Any, at: Callable[[str], Place], club: str | None, header: Header
    ) -> str | None:
        """Sex from two mark columns (Giới tính › Nam | Nữ): exactly one must be marked."""
        marks = {}
        for key, value in (("sex_male", male), ("sex_female", female)):
            parsed = v.parse_flag(value)
            if not parsed.ok:
                column_name = header.labels.get(header.fields[key], key)
                self.add(
                    "flag-invalid",
                    at(key),
                    club,
                    value=v.text(value),
                    column_name=column_name,
                )
            marks[key] = parsed.value
        if marks["sex_male"] and marks["sex_female"]:
            self.add("sex-ambiguous", at("sex_male"), club)
        elif marks["sex_male"] or marks["sex_female"]:
            return "M" if marks["sex_male"] else "F"
        else:
            self.add(
                "sex-missing",
                at("sex_male" if "sex_male" in header.fields else "sex_female"),
                club,
            )
        return None

    # -- club table ------------------------------------------------------------------------
    def club_table(self, sheet: RawSheet, header: Header) -> int:
        grid = sheet.rows
        f = header.fields
        acts = [(k.split(":", 1)[1], c) for k, c in f.items() if k.startswith("activity:")]
        ended = False
        r = header.last + 1
        while r < len(grid):
            row = grid[r]
            if all(v.is_blank(x) for x in row):
                r += 1
                continue
            if self.header_at(grid, r) is not None:
                return r
            if ended or self.is_number_row(row):
                r += 1
                continue
            if self.is_total(row) or self.is_signature(row, f):
                ended = True
                r += 1
                continue

            def cell(name: str, row: list[Any] = row) -> Any:
                c = f.get(name)
                return row[c] if c is not None and c < len(row) else None

            def at(name: str, r: int = r) -> Place:
                return self.place(sheet, r, f.get(name))

            cid = nfc(v.text(cell("club_id"))) or None
            cname = nfc(v.text(cell("club_name"))) or None
            if cid is None and cname is None:
                self.reject(
                    sheet,
                    r,
                    "club-name-missing",
                    at("club_name" if "club_name" in f else "club_id"),
                )
                r += 1
                continue
            label: str = cid or cname or ""
            activities: dict[str, bool | None] = {a.id: None for a in self.plan.activities}
            for aid, c in acts:
                value = row[c] if c < len(row) else None
                parsed = v.parse_flag(value)
                if not parsed.ok:
                    self.add(
                        "flag-invalid",
                        self.place(sheet, r, c),
                        label,
                        value=v.text(value),
                        column_name=header.labels.get(c, aid),
                    )
                activities[aid] = parsed.value
            regulation = self.club_flag(cell("regulation"), at("regulation"), label, header, f)
            meetings = v.parse_int(cell("meetings"))
            if not meetings.ok:
                self.add(
                    "number-invalid",
                    at("meetings"),
                    label,
                    value=v.text(cell("meetings")),
                    column_name=header.labels.get(f["meetings"]),
                )
            founded = v.parse_date(cell("founded"))
            self.infos.append(
                ClubInfo(
                    id=cid,
                    name=cname,
                    ward=nfc(v.text(cell("ward"))) or None,
                    province=nfc(v.text(cell("province"))) or None,
                    founded=founded.value if founded.ok else None,
                    income_fund=self.fund(
                        cell("income_fund"),
                        at("income_fund"),
                        label,
                        header.labels.get(f.get("income_fund", -1), ""),
                    ),
                    activity_fund=self.fund(
                        cell("activity_fund"),
                        at("activity_fund"),
                        label,
                        header.labels.get(f.get("activity_fund", -1), ""),
                    ),
                    regulation=regulation,
                    meetings=meetings.value if meetings.ok else None,
                    activities=activities,
                    place=self.place(sheet, r, f.get("club_name", f.get("club_id"))),
                )
            )
            r += 1
        return r

    def club_flag(
        self, value: Any, place: Place, club: str, header: Header, f: dict[str, int]
    ) -> bool | None:
        if "regulation" not in f:
            return None  # no such column: unknown, not "no"
        parsed = v.parse_flag(value)
        if not parsed.ok:
            self.add(
                "flag-invalid",
                place,
                club,
                value=v.text(value),
                column_name=header.labels.get(f.get("regulation", -1), "regulation"),
            )
            return None
        return bool(parsed.value)

    def fund(self, value: Any, place: Place, club: str, column: str) -> Fund:
        if place.column is None:
            return Fund(None, None)  # no such column: unknown
        if v.is_blank(value):
            return Fund(False, None)
        money = v.parse_money(value)
        if money.ok and money.value is not None:
            return Fund(money.value > 0, money.value)
        flag = v.parse_flag(value)
        if flag.ok:
            return Fund(bool(flag.value), None)
        self.add("money-invalid", place, club, value=v.text(value), column_name=column)
        return Fund(None, None)

    # -- clubs -----------------------------------------------------------------------------
    def assemble(self) -> list[Club]:
        """Group members into clubs and attach club information rows by id or normalised name."""
        clubs: dict[str, Club] = {}
        by_id = {fold(i.id): i for i in self.infos if i.id}
        by_name: dict[str, ClubInfo] = {}
        for row in self.infos:
            if row.name and club_key(row.name):
                by_name.setdefault(club_key(row.name), row)
        # one information row and one unnamed list: they go together even if the names differ
        groups = {cid or club_key(cname or "") for _, cid, cname, _ in self.members}
        single_info = self.infos[0] if len(self.infos) == 1 and len(groups) == 1 else None

        def find_info(cid: str | None, cname: str | None) -> ClubInfo | None:
            if cid and fold(cid) in by_id:
                return by_id[fold(cid)]
            if cid and club_key(cid) in by_name:
                return by_name[club_key(cid)]
            if cname:
                key = club_key(cname)
                if key in by_name:
                    return by_name[key]
                if fold(cname) in by_id:
                    return by_id[fold(cname)]
                near = [i for k, i in by_name.items() if _word_prefix(k, key)]
                if len(near) == 1:
                    return near[0]
            return None

        used: set[int] = set()
        for member, cid, cname, sheet in self.members:
            info = find_info(cid, cname)
            if info is None and single_info is not None and not cid:
                info = single_info
            if info is not None:
                key = "info:" + str(id(info))
                used.add(id(info))
            else:
                key = "id:" + fold(cid) if cid else "name:" + club_key(cname or "")
            club = clubs.get(key)
            if club is None:
                club = Club(
                    id=(info.id if info else None) or cid,
                    name=(info.name if info else None) or cname or cid,
                    ward=(info.ward if info else None) or member.ward,
                    file=self.book.path,
                    sheet=sheet,
                    info=info,
                )
                clubs[key] = club
            club.members.append(member)
        for spare in self.infos:
            if id(spare) not in used:
                info = spare
                key = "info:" + str(id(info))
                clubs[key] = Club(
                    info.id,
                    info.name or info.id,
                    info.ward,
                    self.book.path,
                    info.place.sheet,
                    info,
                )
                self.add(
                    "club-without-members",
                    info.place,
                    info.id or info.name,
                    club_name=info.name or info.id,
                )
        for club in clubs.values():
            if club.info is None:
                first = club.members[0].place
                self.add(
                    "club-info-missing",
                    first.at(None),
                    club.id or club.name,
                    club_name=club.name or club.id,
                )
        return list(clubs.values())


# sheets that hold no roster: the template's instructions, the merged file's problems and account
_GUIDE_SHEETS = {
    "huong dan",
    "guide",
    "instructions",
    "van de",
    "tong ket",
    "problems",
    "account",
    "ket qua kiem tra",
    "check results",
}
_HEADER_WORDS = {k for k, f in MEMBER_LOOKUP.items() if f in ("name", "club_id", "club_name")}


_CATEGORY_WORDS = (  # first match wins: "cận nghèo" before "nghèo"
    ("can ngheo", "near_poor"),
    ("hcn", "near_poor"),
    ("ngheo", "poor"),
    ("hn", "poor"),
    ("khuyet tat", "disabled"),
    ("nkt", "disabled"),
    ("kho khan", "hardship"),
    ("neo don", "hardship"),
    ("don than", "hardship"),
    ("hckk", "hardship"),
)
_NO_CATEGORY = {"khong", "binh thuong", "kha", "trung binh", "0", "no"}


def _categories(text: str) -> set[str] | None:
    """The flags a circumstances cell names ('Cận nghèo, khuyết tật'); None when unclear."""
    found: set[str] = set()
    for raw in re.split(r"[,;/+&\n]|\bvà\b", text):
        part = fold(raw)
        if not part or part in _NO_CATEGORY:
            continue
        key = next((k for word, k in _CATEGORY_WORDS if f" {word} " in f" {part} "), None)
        if key is None:
            return None
        found.add(key)
    return found


def _plain_name(text: str) -> bool:
    """A name cell that is not a header, total, signature, section or column-number text."""
    key = fold(text)
    return not (
        len(key) < 2
        or key in _HEADER_WORDS
        or key in _TOTAL
        or key.startswith(("tong cong", "tong so", *_SIGNATURE))
        or _CLUB_WORD.match(key)
        or _NUMBER_TOKEN.match(key)
    )


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _word_prefix(a: str, b: str) -> bool:
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_ == short or long_.startswith(short + " ")


def fill_merged(sheet: RawSheet) -> None:
    """Copy each merged range's value into all its cells (header paths and grouped columns)."""
    grid = sheet.rows
    r0, c0 = sheet.origin
    for top, left, bottom, right in sheet.merged:
        t, l_, b, rt = top - r0, left - c0, bottom - r0, right - c0
        if t < 0 or l_ < 0 or t >= len(grid) or (b - t + 1) * (rt - l_ + 1) > 10_000:
            continue
        value = grid[t][l_] if l_ < len(grid[t]) else None
        if v.is_blank(value):
            continue
        for r in range(t, min(b, len(grid) - 1) + 1):
            row = grid[r]
            if len(row) <= rt:
                row.extend([None] * (rt + 1 - len(row)))
            for c in range(l_, rt + 1):
                if v.is_blank(row[c]):
                    row[c] = value


def parse_workbook(book: RawWorkbook, plan: Plan, as_of: date, ward: str | None = None) -> Reading:
    return _Parser(book, plan, as_of, ward).parse()

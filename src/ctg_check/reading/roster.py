"""From sheets of cells to clubs and members: the stages in order.

tables (what each row is) -> records (field -> value + cell) -> members and club information
(values parsed) -> assembly (clubs matched to their information). Every non-blank row of every
sheet ends as a member, a rejected row (with a problem) or an other row of a named kind
(`Reading.kinds`), so rows read = members + rejected + other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ctg_check.model import Club, ClubInfo, Place, RowCount
from ctg_check.normalize import fold, nfc
from ctg_check.plan import Plan
from ctg_check.reading import tables as t
from ctg_check.reading import values as v
from ctg_check.reading.assembly import assemble
from ctg_check.reading.clubinfo import read_club
from ctg_check.reading.context import Context
from ctg_check.reading.formats import RawSheet, RawWorkbook
from ctg_check.reading.headers import Header, club_lookup
from ctg_check.reading.members import MemberRow, has_data, member_name, read_member
from ctg_check.reading.records import Record
from ctg_check.report import ERROR, WARNING, Problem

# the kinds of other rows (neither member nor rejected)
TITLE, HEADER, NUMBERS, SECTION = "title", "header", "number-row", "section"
TOTAL, SIGNATURE, AFTER_FOOTER = "total", "signature", "after-footer"
CLUB_INFO, NO_DATA = "club-info", "no-data"


@dataclass
class Reading:
    """What parse_workbook found: clubs with members and info, accounting and problems."""

    clubs: list[Club] = field(default_factory=list)
    rows: RowCount = field(default_factory=RowCount)
    problems: list[Problem] = field(default_factory=list)
    ward: str | None = None
    report_date: date | None = None  # from a line such as "Vũng Tàu, ngày 05 tháng 12 năm 2025"
    rejected_rows: list[tuple[Place, tuple[str, ...]]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # other rows by kind


class _Walker:
    """Walks the sheets of one workbook, table by table, giving every row its outcome."""

    def __init__(self, book: RawWorkbook, plan: Plan, as_of: date) -> None:
        self.ctx = Context(book.path, plan, as_of)
        self.club_lookup = club_lookup(plan)
        self.members: list[MemberRow] = []
        self.infos: list[ClubInfo] = []
        self.kinds: Counter[str] = Counter()
        self.read = self.rejected = 0
        self.ward: str | None = None
        self.report_date: date | None = None
        self.rejected_rows: list[tuple[Place, tuple[str, ...]]] = []

    def other(self, kind: str, row: list[object] | None = None) -> None:
        self.kinds[kind] += 1
        if row is not None:
            self.note_date(row)

    def note_date(self, row: list[object]) -> None:
        day = t.report_date(row)
        if day and (self.report_date is None or day > self.report_date):
            self.report_date = day

    def reject(self, rec: Record, place: Place, code: str) -> None:
        """A row with data that cannot be a member or a club: counted, kept and reported."""
        self.rejected += 1
        self.rejected_rows.append((place, tuple(v.text(x) for x in rec.row)))
        self.ctx.add(ERROR, code, place)

    # -- sheets ----------------------------------------------------------------------------
    def sheet(self, sheet: RawSheet) -> None:
        grid = sheet.rows
        t.fill_merged(sheet)
        nonblank = [r for r, row in enumerate(grid) if t.nonblank(row)]
        self.read += len(nonblank)
        if not nonblank:
            return
        found_table = False
        r = 0
        title_club: str | None = None
        while r < len(grid):
            header = t.find_header(grid, r, self.club_lookup)
            if header is None:
                row = grid[r]
                if t.nonblank(row):
                    self.other(TITLE, row)
                    if not found_table:
                        title_club = self.note_title(row) or title_club
                r += 1
                continue
            found_table = True
            self.kinds[HEADER] += sum(t.nonblank(grid[i]) for i in range(r, header.last + 1))
            if header.kind == "member":
                r = self.member_table(sheet, header, title_club or nfc(sheet.name))
            else:
                r = self.club_table(sheet, header)
        if not found_table:
            self.ctx.add(WARNING, "header-not-found", self.ctx.place(sheet, nonblank[0]))

    def note_title(self, row: list[object]) -> str | None:
        """Pick the ward from an issuing-body line; return the club a title line names."""
        if self.ward is None:
            self.ward = t.issuer_ward(row)
        return t.title_club(row)

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
        year = self.ctx.as_of.year
        r = header.last + 1
        while r < len(grid):
            row = grid[r]
            name = row[name_col] if name_col < len(row) else None
            if (
                not ended
                and isinstance(name, str)
                and t.plain_name(name)
                and (
                    (sex_col is not None and sex_col < len(row) and v.parse_sex(row[sex_col]).value)
                    or any(c < len(row) and v.parse_birth(row[c], year).value for c in birth_cols)
                )
            ):
                # the common case, a member row: a name and a valid sex or birth, no footer word
                self.member_row(Record(self.ctx.path, sheet, r, header), section or hint)
                r += 1
                continue
            if not t.nonblank(row):
                r += 1
                continue
            if t.find_header(grid, r, self.club_lookup) is not None:
                return r
            if ended or t.is_number_row(row):
                self.other(AFTER_FOOTER if ended else NUMBERS, row)
            elif t.is_total(row) or t.is_signature(row, f):
                ended = True  # the footer: nothing below is a member until a new header
                self.other(TOTAL if t.is_total(row) else SIGNATURE, row)
            elif (new_section := t.section_title(row)) is not None:
                section = new_section
                self.other(SECTION)
            else:
                self.member_row(Record(self.ctx.path, sheet, r, header), section or hint)
            r += 1
        return r

    def member_row(self, rec: Record, club_hint: str) -> None:
        name = member_name(rec)
        if name:
            self.members.append(read_member(rec, self.ctx, name, club_hint))
        elif has_data(rec):
            place = rec.at("name")
            self.reject(rec, place, "member-name-missing")
        else:
            self.other(NO_DATA)  # a number in the STT column and nothing else

    # -- club table ------------------------------------------------------------------------
    def club_table(self, sheet: RawSheet, header: Header) -> int:
        grid = sheet.rows
        f = header.fields
        ended = False
        r = header.last + 1
        while r < len(grid):
            row = grid[r]
            if not t.nonblank(row):
                r += 1
                continue
            if t.find_header(grid, r, self.club_lookup) is not None:
                return r
            if ended or t.is_number_row(row):
                self.other(AFTER_FOOTER if ended else NUMBERS)
            elif t.is_total(row) or t.is_signature(row, f):
                ended = True
                self.other(TOTAL if t.is_total(row) else SIGNATURE)
            else:
                rec = Record(self.ctx.path, sheet, r, header)
                info = read_club(rec, self.ctx)
                if info is None:
                    place = rec.at("club_name" if "club_name" in f else "club_id")
                    self.reject(rec, place, "club-name-missing")
                else:
                    self.infos.append(info)
                    self.other(CLUB_INFO)
            r += 1
        return r

    def reading(self, ward_option: str | None) -> Reading:
        clubs = assemble(self.members, self.infos, self.ctx)
        members = sum(len(c.members) for c in clubs)
        rows = RowCount(self.read, members, self.rejected, self.read - members - self.rejected)
        return Reading(
            clubs,
            rows,
            self.ctx.problems,
            self.ward or ward_option,
            self.report_date,
            self.rejected_rows,
            dict(self.kinds),
        )


def parse_workbook(book: RawWorkbook, plan: Plan, as_of: date, ward: str | None = None) -> Reading:
    """Every sheet of a decoded workbook read into clubs, members, problems and row accounting."""
    walker = _Walker(book, plan, as_of)
    for sheet in book.sheets:
        if fold(sheet.name) in t.GUIDE_SHEETS:
            continue  # the template's instructions: no data to account for
        walker.sheet(sheet)
    return walker.reading(ward)

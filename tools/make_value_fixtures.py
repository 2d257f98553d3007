"""Write tests/data/shapes/: one roster per value and encoding shape, with known answers.

    python3 tools/make_value_fixtures.py [OUT_DIR] [--no-convert]

Each file is one synthetic ward (tools/synth.py) laid out flat (one sheet, a Tên CLB column, the
club information table below the list), written with the cell values, headers and encodings
wards really send (DESIGN.md 3a): dates in every form and two-digit years in a real BIFF .xls
(made from an .xlsx by LibreOffice), ticks of every kind with Wingdings fonts, ALL-CAPS headers
with line breaks, abbreviations and names full of invisible white space in an .xlsx, funds and
regulation written in words, an .xlsx as a web export library writes it (shared strings with
rich-text runs, TRUE/FALSE cells, ISO date text), Excel's "Unicode Text" (UTF-16, tabs) as .txt
and named .xls, and CSV files holding VNI and TCVN3 text as Windows-1252 bytes.

expected.json is the generator's own record (synth.expected_counts and the values this script
chose to write), never the reader's output: per file its format, encoding, ward, member rows,
the problems it must raise (code and cell) and per club the counts, funds, regulation,
activities and every member name. The seed is fixed; a rerun gives the same files (LibreOffice's
.xls too). `--no-convert` leaves the committed .xls as it is. The tests never need LibreOffice.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from make_test_fixtures import convert

from ctg_check.plan import Plan, load_plan
from ctg_check.reading.encodings import encode_tcvn3, encode_vni
from ctg_check.writers import atomic_write, save_workbook

SEED = 20251130
PLAN = "vung-tau-2022"
UNITS = "vung-tau-2022"
AS_OF = date(2025, 12, 10)
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "shapes"
SHEET = "Danh sách"


@dataclass(frozen=True)
class Styled:
    """A cell value with a font (and number format) the .xlsx writer applies."""

    value: Any
    font: str | None = None
    number_format: str | None = None


@dataclass(frozen=True)
class Shape:
    """One fixture: its ward, how its cells are written and which writer makes the file.

    births, yes, no: the forms birth and flag cells take, in turn, member after member.
    headers: "plain", "caps" (ALL CAPS, line breaks in cells) or "abbrev" (TT, KT, HCKK, SĐT).
    """

    path: str
    unit: str
    about: str
    writer: str  # xlsx | xls | web | utf16 | csv-vni | csv-tcvn3
    births: tuple[str, ...] = ("year",)
    yes: tuple[Any, ...] = ("x",)
    no: tuple[Any, ...] = (None,)
    headers: str = "plain"
    funds_in_words: bool = False
    noisy_names: bool = False
    sex_words: tuple[str, str] = ("Nam", "Nữ")
    clubs: int = 2
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def format(self) -> str:
        return {"xlsx": "xlsx", "xls": "xls", "web": "xlsx"}.get(self.writer, "csv")

    @property
    def encoding(self) -> str | None:
        return {"csv-vni": "vni", "csv-tcvn3": "tcvn3"}.get(self.writer)


TICKS = ("√", "✓", "✔", "x", "X", 1, "có", "Có", True, Styled("ü", "Wingdings"))
SHAPES: tuple[Shape, ...] = (
    Shape(
        "phuong-1-dates-lo.xls",
        "Phường 1",
        "births in every form in one column of a BIFF .xls (LibreOffice): date cells, d/m/yyyy, "
        "dd/mm/yyyy, mm/yyyy, yyyy-mm-dd, year numbers, year text, 'năm 1950', two-digit years",
        "xls",
        births=(
            "date-cell",
            "d/m/yyyy",
            "dd/mm/yyyy",
            "mm/yyyy",
            "yyyy-mm-dd",
            "year",
            "year-text",
            "nam-year",
            "two-digit",
        ),
    ),
    Shape(
        "thang-tam-ticks.xlsx",
        "Thắng Tam",
        "ticks √ ✓ ✔ x X 1 có Có TRUE and ü in Wingdings (P in Wingdings 2 for activities); "
        "ALL-CAPS headers with line breaks and abbreviations (TT, KT, HCKK khác, SĐT); names "
        "with non-breaking, zero-width and doubled spaces",
        "xlsx",
        yes=TICKS,
        no=(None, "", "Không", 0, False, "☐"),
        headers="caps",
        noisy_names=True,
        sex_words=("NAM", "NỮ"),
    ),
    Shape(
        "phuong-7-funds-words.xlsx",
        "Phường 7",
        "funds and regulation in words: 38 triệu, 1,5 triệu, 15tr, 38.000.000đ, 38,000,000, "
        "2.000.000 đồng, Có (15tr), Chưa có, Không có; Đã ban hành, Có (QĐ số …); abbreviated "
        "headers (Quỹ TTN, Quỹ HĐ, Số buổi SH)",
        "xlsx",
        yes=("có", "x"),
        headers="abbrev",
        funds_in_words=True,
        clubs=5,
    ),
    Shape(
        "phuong-8-web-export.xlsx",
        "Phường 8",
        "an .xlsx as a web export library writes it: shared strings with rich-text runs, "
        "TRUE/FALSE cells, ISO date text",
        "web",
        births=("iso", "year"),
        yes=(True,),
        no=(False,),
    ),
    Shape(
        "phuong-9-unicode-text.txt",
        "Phường 9",
        "Excel's Unicode Text: UTF-16 LE with BOM, tab-separated, named .txt",
        "utf16",
        births=("dd/mm/yyyy", "year"),
    ),
    Shape(
        "phuong-12-unicode-text.xls",
        "Phường 12",
        "Excel's Unicode Text named .xls",
        "utf16",
        births=("year", "d/m/yyyy"),
        yes=("x", "Có"),
        no=(None, "Không"),
    ),
    Shape(
        "phuong-11-vni.csv",
        "Phường 11",
        "CSV holding VNI text as Windows-1252 bytes (Excel's 'CSV' of a VNI-Times sheet)",
        "csv-vni",
        births=("year", "dd/mm/yyyy"),
        options={"delimiter": ";"},
    ),
    Shape(
        "rach-dua-tcvn3.csv",
        "Rạch Dừa",
        "CSV holding TCVN3 text as Windows-1252 bytes (Excel's 'CSV' of a .VnTime sheet)",
        "csv-tcvn3",
        births=("year", "year-text"),
    ),
)

# --- headers ----------------------------------------------------------------------------------

MEMBER_FIELDS = (
    "stt",
    "club_name",
    "name",
    "sex",
    "birth",
    "address",
    "poor",
    "near_poor",
    "disabled",
    "hardship",
    "loan_needed",
    "loan_received",
    "phone",
    "note",
)
PLAIN = dict(synth.FLAT_COLUMNS) | {"phone": "Điện thoại"}
CAPS = {
    "stt": "TT",
    "club_name": "TÊN\nCLB",
    "name": "HỌ VÀ\nTÊN",
    "sex": "GIỚI\nTÍNH",
    "birth": "NGÀY THÁNG\nNĂM SINH",
    "address": "ĐỊA CHỈ",
    "poor": "HỘ\nNGHÈO",
    "near_poor": "HỘ CẬN\nNGHÈO",
    "disabled": "KT",
    "hardship": "HCKK\nKHÁC",
    "loan_needed": "NHU CẦU\nVAY VỐN",
    "loan_received": "ĐÃ ĐƯỢC\nVAY VỐN",
    "phone": "SĐT",
    "note": "GHI\nCHÚ",
}
ABBREV = PLAIN | {"stt": "TT", "disabled": "KT", "hardship": "HCKK", "phone": "SĐT"}
HEADERS = {"plain": PLAIN, "caps": CAPS, "abbrev": ABBREV}
INFO_ABBREV = ("TT", "Tên CLB", "Quỹ TTN", "Quỹ HĐ", "Quy chế", "Số buổi SH")

# --- funds in words: (income, activity, regulation), each (as written, value read) -----------

FUND_WORDS: tuple[tuple[tuple[str, int | None, bool], ...], ...] = (
    (("38 triệu", 38_000_000, True), ("2.000.000 đồng", 2_000_000, True)),
    (("1,5 triệu", 1_500_000, True), ("15tr", 15_000_000, True)),
    (("38.000.000đ", 38_000_000, True), ("Có (15tr)", 15_000_000, True)),
    (("38,000,000", 38_000_000, True), ("Chưa có", None, False)),
    (("Không có", None, False), ("1.500.000 đ", 1_500_000, True)),
)
REGULATION_WORDS = (
    ("Đã ban hành", True),
    ("Có (QĐ số 12/QĐ-CLB ngày 05/3/2021)", True),
    ("Chưa có", False),
    ("Không có", False),
    ("x", True),
)


# --- cell values ------------------------------------------------------------------------------


def birth_cell(m: synth.SynthMember, form: str, rng: random.Random) -> Any:
    """The birth as written in `form`; the member keeps a full date only where the cell has one."""
    year = m.birth_year
    assert year is not None
    born = date(year, rng.randint(1, 12), rng.randint(1, 28))
    m.birth_date = (
        born if form in ("date-cell", "d/m/yyyy", "dd/mm/yyyy", "yyyy-mm-dd", "iso") else None
    )
    return {
        "date-cell": Styled(datetime(born.year, born.month, born.day), number_format="DD/MM/YYYY"),
        "d/m/yyyy": f"{born.day}/{born.month}/{born.year}",
        "dd/mm/yyyy": born.strftime("%d/%m/%Y"),
        "mm/yyyy": born.strftime("%m/%Y"),
        "yyyy-mm-dd": born.isoformat(),
        "iso": f"{born.isoformat()}T00:00:00",
        "year": year,
        "year-text": str(year),
        "nam-year": f"năm {year}",
        "two-digit": f"{year % 100:02d}",
    }[form]


def noisy(name: str, i: int) -> str:
    """The name as pasted from the web: a non-breaking space, a zero-width one, a doubled one."""
    family, _, rest = name.partition(" ")
    return (
        f"{family}\u00a0{rest}",
        f"{family}\u200b {rest}",
        f" {family}  {rest} ",
        f"{family} {rest}\u200b",
    )[i % 4]


class Cycle:
    """The forms of one kind of cell, taken in turn."""

    def __init__(self, forms: tuple[Any, ...]) -> None:
        self.forms, self.i = forms, 0

    def __call__(self) -> Any:
        self.i += 1
        return self.forms[(self.i - 1) % len(self.forms)]


def member_rows(ward: synth.SynthWard, shape: Shape, rng: random.Random) -> list[list[Any]]:
    births, yes, no = Cycle(shape.births), Cycle(shape.yes), Cycle(shape.no)
    rows = []
    stt = 0
    for club in ward.clubs:
        for m in club.members:
            stt += 1
            values: dict[str, Any] = {
                "stt": stt,
                "club_name": club.name,
                "name": noisy(m.name, stt) if shape.noisy_names else m.name,
                "sex": shape.sex_words[m.sex == "F"],
                "birth": birth_cell(m, births(), rng),
                "address": m.address,
                "phone": f"09{rng.randint(10_000_000, 99_999_999)}" if stt % 3 else None,
                "note": m.role if m.role != synth.MEMBER_ROLE else None,
            }
            for flag in ("poor", "near_poor", "disabled", "hardship"):
                values[flag] = yes() if getattr(m, flag) else no()
            for flag in ("loan_needed", "loan_received"):
                values[flag] = yes() if getattr(m, flag) else no()
            rows.append([values[f] for f in MEMBER_FIELDS])
    return rows


def info_rows(ward: synth.SynthWard, shape: Shape, plan: Plan) -> list[list[Any]]:
    """The club table: a title, a header and one row per club (funds in words when asked)."""
    header = list(INFO_ABBREV if shape.headers == "abbrev" else synth._info_header(plan)[:6])
    header += [a.label for a in plan.activities]
    yes_act = Styled("P", "Wingdings 2") if shape.headers == "caps" else shape.yes[0]
    rows: list[list[Any]] = [[synth.INFO_TITLE], header]
    for i, club in enumerate(ward.clubs):
        row = synth._info_row(club, i + 1, plan)
        if shape.funds_in_words:
            (income, _, _), (activity, _, _) = FUND_WORDS[i]
            row[2], row[3], row[4] = income, activity, REGULATION_WORDS[i][0]
        else:
            row[4] = shape.yes[0] if club.regulation else shape.no[0]
        acts = [yes_act if club.activities[a.id] else shape.no[0] for a in plan.activities]
        rows.append(row[:6] + acts)
    return rows


def set_words(ward: synth.SynthWard, shape: Shape) -> dict[str, dict[str, Any]]:
    """Per club id, the funds and regulation the words mean (the generator's record)."""
    out = {}
    for i, club in enumerate(ward.clubs):
        if shape.funds_in_words:
            (_, inc, inc_yes), (_, act, act_yes) = FUND_WORDS[i]
            club.regulation = REGULATION_WORDS[i][1]
            funds = {
                "income": {"present": inc_yes, "amount": inc},
                "activity": {"present": act_yes, "amount": act},
                "regulation": club.regulation,
            }
        else:
            funds = {
                "income": {"present": club.income_fund > 0, "amount": club.income_fund},
                "activity": {"present": club.activity_fund > 0, "amount": club.activity_fund},
                "regulation": club.regulation,
            }
        out[club.id] = funds
    return out


def table(ward: synth.SynthWard, shape: Shape, plan: Plan, rng: random.Random) -> list[list[Any]]:
    """The whole sheet: header block, header row, members, a blank row, the club table."""
    labels = HEADERS[shape.headers]
    rows: list[list[Any]] = [[line] if line else [] for line in synth._flat_block(ward)]
    rows.append([labels[f] for f in MEMBER_FIELDS])
    rows += member_rows(ward, shape, rng)
    rows.append([])
    rows += info_rows(ward, shape, plan)
    return rows


# --- writers ----------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    return value.value if isinstance(value, Styled) else value


def write_xlsx(rows: list[list[Any]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=c, value=plain(value))
            if isinstance(value, Styled):
                if value.font:
                    cell.font = Font(name=value.font)
                if value.number_format:
                    cell.number_format = value.number_format
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True)
    save_workbook(wb, path, None)


def text_cells(rows: list[list[Any]], encode: Callable[[str], str] = str) -> list[list[str]]:
    """Rows as a text export writes them: TRUE/FALSE, dates as dd/mm/yyyy, text encoded."""
    out = []
    for row in rows:
        cells = []
        for value in map(plain, row):
            if value is None:
                cells.append("")
            elif isinstance(value, bool):
                cells.append("TRUE" if value else "FALSE")
            elif isinstance(value, datetime):
                cells.append(value.strftime("%d/%m/%Y"))
            else:
                cells.append(encode(str(value)))
        out.append(cells)
    return out


def write_utf16(rows: list[list[Any]], path: Path) -> None:
    """Excel's "Unicode Text": UTF-16 LE with a BOM, tab-separated, CRLF."""
    buf = io.StringIO()
    csv.writer(buf, delimiter="\t", lineterminator="\r\n").writerows(text_cells(rows))
    atomic_write(path, codecs.BOM_UTF16_LE + buf.getvalue().encode("utf-16-le"))


def write_legacy_csv(rows: list[list[Any]], path: Path, encoding: str, delimiter: str) -> None:
    """Excel's "CSV" of a sheet typed in a legacy font: the font's codes as Windows-1252."""
    encode = encode_vni if encoding == "vni" else encode_tcvn3
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(text_cells(rows, encode))
    atomic_write(path, buf.getvalue().encode("cp1252"))


def write_web_xlsx(rows: list[list[Any]], path: Path) -> None:
    """An .xlsx as web export libraries write it: strings shared (every fifth row inline), names
    as rich-text runs (family name bold), booleans as t="b" cells, numbers of even rows as text
    (t="str"), dates as ISO text, no styles, column widths or fonts."""
    from openpyxl.utils import get_column_letter

    strings: list[str] = []
    index: dict[str, int] = {}

    def shared(xml: str) -> int:
        if xml not in index:
            index[xml] = len(strings)
            strings.append(xml)
        return index[xml]

    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(map(plain, row)):
            ref = f"{get_column_letter(c + 1)}{r}"
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float) and r % 2:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif isinstance(value, int | float):  # a number the library kept as text
                cells.append(f'<c r="{ref}" t="str"><v>{value}</v></c>')
            elif r % 5 == 0:  # some libraries write strings inline
                runs = _rich(str(value), c == 2)
                cells.append(f'<c r="{ref}" t="inlineStr"><is>{runs}</is></c>')
            else:
                index_ = shared(f"<si>{_rich(str(value), c == 2)}</si>")
                cells.append(f'<c r="{ref}" t="s"><v>{index_}</v></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
            f'<sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>'
            f"{''.join(sheet_rows)}</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{"".join(strings)}</sst>'
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 12, 1, 0, 0, 0))
            zf.writestr(info, xml.encode("utf-8"), zipfile.ZIP_DEFLATED)
    atomic_write(path, buf.getvalue())


def _rich(text: str, is_name: bool) -> str:
    """A string's runs: a person's name as two runs (family name bold), else one plain text."""
    if is_name and " " in text:
        family, rest = text.split(" ", 1)
        return (
            f'<r><rPr><b/><sz val="11"/></rPr><t>{escape(family)}</t></r>'
            f'<r><t xml:space="preserve"> {escape(rest)}</t></r>'
        )
    return f'<t xml:space="preserve">{escape(text)}</t>'


# --- expected ---------------------------------------------------------------------------------


def problems(shape: Shape, rows: list[list[Any]], first_member_row: int) -> list[dict[str, Any]]:
    """The problems the file must raise: one birth-two-digit at the first two-digit year."""
    if "two-digit" not in shape.births:
        return []
    col = MEMBER_FIELDS.index("birth")
    for r, row in enumerate(rows[first_member_row:], start=first_member_row + 1):
        value = plain(row[col]) if len(row) > col else None
        if isinstance(value, str) and len(value) == 2 and value.isdigit():
            return [{"code": "birth-two-digit", "sheet": SHEET, "cell": f"E{r}"}]
    raise AssertionError("no two-digit year written")


TCVN3_CAPITALS = frozenset("ĂÂÊÔƠƯĐ")


def typeable_names(ward: synth.SynthWard, rng: random.Random, taken: set[str]) -> None:
    """Names TCVN3 can hold: it has no capitals with tone marks (Ánh would read ánh)."""
    for club in ward.clubs:
        for m in club.members:
            while any(c.isupper() and not c.isascii() and c not in TCVN3_CAPITALS for c in m.name):
                m.name = synth._unique_name(rng, m.sex or "F", taken)


def build(out: Path, run_soffice: bool = True) -> dict[str, Any]:
    plan = load_plan(PLAN)
    rng = random.Random(SEED)
    taken: set[str] = set()
    out.mkdir(parents=True, exist_ok=True)
    files = []
    to_convert = []
    tmp = Path(tempfile.mkdtemp())
    for shape in SHAPES:
        unit = synth.find_unit(shape.unit)
        ward = synth.make_ward(
            rng, unit, shape.clubs, quality=1.0, plan=plan, taken=taken, date_share=0.0
        )
        if shape.encoding == "tcvn3":
            typeable_names(ward, rng, taken)
        rows = table(ward, shape, plan, rng)
        funds = set_words(ward, shape)
        path = out / shape.path
        if shape.writer == "xlsx":
            write_xlsx(rows, path)
        elif shape.writer == "xls":
            source = tmp / f"{path.stem}.xlsx"
            write_xlsx(rows, source)
            to_convert.append(source)
        elif shape.writer == "web":
            write_web_xlsx(rows, path)
        elif shape.writer == "utf16":
            write_utf16(rows, path)
        else:
            delimiter = shape.options.get("delimiter", ",")
            write_legacy_csv(rows, path, shape.encoding or "", delimiter)
        files.append(expected_file(shape, ward, rows, funds, plan))
    if to_convert and run_soffice:
        convert(to_convert, "xls", out)  # the same LibreOffice step as the roster fixtures
    shutil.rmtree(tmp, ignore_errors=True)
    return {
        "schema": "ctg-check/shapes-expected/1",
        "generator": "tools/make_value_fixtures.py",
        "seed": SEED,
        "plan": PLAN,
        "units": UNITS,
        "as_of": AS_OF.isoformat(),
        "notes": (
            "Made from the generator's record (synth.expected_counts with the exact as_of date, "
            "and the values written), not from the reader. funds: amount null where the words "
            "give none (Chưa có, Không có). names: every member's name, clean, in row order. "
            "encoding: null for Unicode. problems: the problems the file must raise, by code "
            "and cell (1-based); no other problem."
        ),
        "files": files,
    }


def expected_file(
    shape: Shape,
    ward: synth.SynthWard,
    rows: list[list[Any]],
    funds: dict[str, dict[str, Any]],
    plan: Plan,
) -> dict[str, Any]:
    counts = synth.expected_counts(ward, AS_OF, older_age=plan.older_age)
    header_row = len(synth._flat_block(ward))
    clubs = []
    for club in ward.clubs:
        exp = counts[club.id]
        clubs.append(
            {
                "id": club.id,
                "name": club.name,
                "counts": exp["counts"],
                "funds": funds[club.id],
                "activities": exp["activities"],
                "names": [m.name for m in club.members],
            }
        )
    return {
        "path": shape.path,
        "about": shape.about,
        "format": shape.format,
        "encoding": shape.encoding,
        "ward": {"name": ward.unit.full_name, "code": ward.unit.code},
        "members": sum(len(c.members) for c in ward.clubs),
        "problems": problems(shape, rows, header_row + 1),
        "clubs": clubs,
    }


def readme(expected: dict[str, Any]) -> str:
    lines = [
        "# Value and encoding shape fixtures",
        "",
        f"Made by `python3 tools/make_value_fixtures.py` (seed {expected['seed']}, plan "
        f"`{expected['plan']}`, as of {expected['as_of']}); checked by `tests/test_shapes.py` "
        "against `expected.json`. Every name is synthetic.",
        "",
        "| file | format | encoding | ward | clubs (members) | shapes | problems |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in expected["files"]:
        clubs = ", ".join(f"{c['id']} ({c['counts']['members']})" for c in f["clubs"])
        problems = "; ".join(f"{p['code']} {p['cell']}" for p in f["problems"]) or "—"
        lines.append(
            f"| {f['path']} | {f['format']} | {f['encoding'] or 'unicode'} | "
            f"{f['ward']['name']} | {clubs} | {f['about']} | {problems} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    out = Path(args[0]) if args else OUT
    expected = build(out, run_soffice="--no-convert" not in argv)
    text = json.dumps(expected, ensure_ascii=False, indent=1) + "\n"
    atomic_write(out / "expected.json", text.encode("utf-8"))
    atomic_write(out / "README.md", readme(expected).encode("utf-8"))
    print(f"wrote {len(expected['files'])} fixtures and expected.json to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])

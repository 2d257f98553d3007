"""Write tests/data/rosters/: realistic ward rosters with known answers, and expected.json.

    python3 tools/make_test_fixtures.py [OUT_DIR] [--no-convert]

Each fixture is one synthetic ward (tools/synth.py) of one or two clubs, written in one of the
layouts, formats and encodings wards really send (DOMAIN.md "What ward rosters look like"):
the classic form (one sheet per club, merged two-row header, Nam/Nữ birth columns, number row,
Tổng cộng, signature block) as .xlsx, as a real BIFF .xls and as .ods made by LibreOffice, in VNI
and TCVN3 (also as .xls, where the reader has no fonts and the characters must decide); the flat
layout (one sheet, a club column) with its club table on its own sheet and below the list; an
HTML table and a CSV both named .xls; the standard template. Most carry planted data problems
(every kind synth can plant), a few are clean and must raise none. Every fixture is a different
ward, so the whole folder validates as one batch with no duplicate or superseded submission, and
member names are unique across the folder.

Then one file per shape of DESIGN.md 3a (tools/shapes.py, SHAPES below): official header blocks
with a logo, the ward from a title or the file name, age, a lone Nữ column, sex codes with and
without a legend, a city sheet with the same club names in two wards, sections with subtotals,
footers, leavers, the club table across, a name over two cells; their clubs are numbered from
Khu phố 20 so they never share a name with the fixtures above, and three are BIFF .xls.

expected.json is made from the generator's own record (synth.expected_counts, expected_rows and
the cells the writers return for planted problems), never from the reader's output; it holds, per
file, the layout, the encoding (null for Unicode), the member and rejected row counts, per club
its counts, funds, activities and two member names, and every planted problem with its sheet
and cell.

The seed is fixed and synth's writers are reproducible, so a second run gives the same
expected.json and the same .xlsx, CSV and HTML bytes. LibreOffice (`soffice --headless`, with a
throw-away profile) is run once per target format: one call converts every .xls, one every .ods.
Its .xls output repeats byte for byte; an .ods does not (a timestamp, page styles in no fixed
order), so an .ods already there is kept when its cells are the same. `--no-convert` skips
LibreOffice: converted files are left as they are, and expected.json is written all the same
(it never depends on them).
The tests read the committed files and never need LibreOffice.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import shapes
import synth

from ctg_check.plan import Plan, load_plan
from ctg_check.writers import atomic_write, save_workbook

SEED = 20250701  # sample_data uses 20251210
AS_OF_YEAR = 2025
PLAN = "vung-tau-2022"
UNITS = "vung-tau-2022"
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "rosters"


@dataclass(frozen=True)
class Fixture:
    """One file: the ward, the writer and its options, and what is done to the written file.

    misses: per club, the indicators it is made to miss (see synth.MISSES); "members" keeps a
      club small (30–49 members). convert: "xls" or "ods", LibreOffice converts the .xlsx the
      writer made. info_below: the flat layout's club table is moved under the list.
    """

    path: str
    unit: str
    layout: str
    misses: tuple[tuple[str, ...], ...]
    about: str
    problems: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    generate: dict[str, Any] = field(default_factory=dict)
    convert: str | None = None
    info_below: bool = False

    @property
    def format(self) -> str:
        """The real format of the file, whatever its name says."""
        if self.convert:
            return self.convert
        return {"csv": "csv", "html": "html"}.get(self.layout, "xlsx")


FIXTURES: tuple[Fixture, ...] = (
    Fixture(
        "thang-nhat-classic.xlsx",
        "Thắng Nhất",
        "classic",
        ((), ("members",)),
        "classic form, sheets named by club, club table on its own sheet",
    ),
    Fixture(
        "phuong-2-classic-lo.xls",
        "Phường 2",
        "classic",
        (("members",), ()),
        "classic form converted to BIFF .xls by LibreOffice; a third of births as dates",
        problems=("member-name-missing", "flag-invalid"),
        generate={"date_share": 0.3},
        convert="xls",
    ),
    Fixture(
        "phuong-3-classic-lo.ods",
        "Phường 3",
        "classic",
        (("members", "older_share"),),
        "classic form with generic sheet names (DS1) converted to .ods by LibreOffice; "
        "a third of births as dates",
        options={"sheet_names": "generic"},
        generate={"date_share": 0.3},
        convert="ods",
    ),
    Fixture(
        "phuong-4-vni.xlsx",
        "Phường 4",
        "classic",
        (("members",), ("women_share",)),
        "classic form typed in VNI-Times (VNI encoding)",
        problems=("sex-ambiguous", "member-name-missing"),
        options={"encoding": "vni"},
    ),
    Fixture(
        "thang-nhi-tcvn3.xlsx",
        "Thắng Nhì",
        "classic",
        (("members",),),
        "classic form typed in .VnTime, upper-case lines in .VnTimeH (TCVN3 encoding)",
        options={"encoding": "tcvn3"},
    ),
    Fixture(
        "phuong-5-tcvn3-lo.xls",
        "Phường 5",
        "classic",
        (("members", "loan_coverage"), ("members",)),
        "TCVN3 classic form with generic sheet names (DS1, DS2) converted to BIFF .xls by "
        "LibreOffice: no fonts, the characters decide, and the .VnTimeH title lines that tie "
        "each list to its club read in lower case",
        problems=("duplicate-member", "birth-invalid"),
        options={"encoding": "tcvn3", "sheet_names": "generic"},
        convert="xls",
    ),
    Fixture(
        "phuong-7-info-below.xlsx",
        "Phường 7",
        "classic",
        (("members",), ("members", "regulation")),
        "classic form, generic sheet names, each club's table below its list; one club "
        "without its table",
        problems=("club-info-missing",),
        options={"info": "below", "sheet_names": "generic"},
    ),
    Fixture(
        "phuong-8-flat.xlsx",
        "Phường 8",
        "flat",
        (("members",), ("members", "funds")),
        "one sheet for all clubs with a Tên CLB column, club table on its own sheet; one club "
        "without its row there",
        problems=("club-info-missing",),
    ),
    Fixture(
        "phuong-9-flat-info-below.xlsx",
        "Phường 9",
        "flat",
        (("members",), ("members", "activities")),
        "one sheet for all clubs with a Tên CLB column, club table below the list on the "
        "same sheet (moved there by this script: synth's flat writer puts it on its own sheet)",
        info_below=True,
    ),
    Fixture(
        "nguyen-an-ninh-web.xls",
        "Nguyễn An Ninh",
        "html",
        (("members",), ("members",)),
        "the flat layout as an HTML table named .xls, club table below",
        problems=("flag-invalid", "birth-invalid", "member-in-several-clubs"),
    ),
    Fixture(
        "rach-dua-csv.xls",
        "Rạch Dừa",
        "csv",
        (("members",), ("members", "women_share")),
        "the flat layout as CSV (UTF-8 with BOM) named .xls, club table below",
        problems=("sex-invalid", "loan-without-need"),
    ),
    Fixture(
        "phuong-10-problems.xlsx",
        "Phường 10",
        "template",
        (("members",), ("members",)),
        "the standard template with planted problems",
        problems=(
            "member-name-missing",
            "sex-invalid",
            "birth-invalid",
            "flag-invalid",
            "loan-without-need",
            "duplicate-member",
            "club-info-missing",
        ),
    ),
    Fixture(
        "phuong-11-sex-ambiguous.xlsx",
        "Phường 11",
        "classic",
        (("members",),),
        "classic form with a birth year under both Nam and Nữ",
        problems=("sex-ambiguous",),
    ),
    Fixture(
        "xa-long-son-tcvn3-lo.xls",
        "Xã Long Sơn",
        "classic",
        (("members",),),
        "TCVN3 classic form converted to BIFF .xls by LibreOffice, a commune (UBND XÃ), one "
        "club with no information row: only its .VnTimeH title line names it",
        problems=("club-info-missing",),
        options={"encoding": "tcvn3", "sheet_names": "generic"},
        convert="xls",
    ),
)


@dataclass(frozen=True)
class ShapeFixture:
    """One file in a shape of DESIGN.md 3a (tools/shapes.py): its wards (several for a city
    sheet), clubs per ward, leavers (with a note, struck through) in the first club."""

    path: str
    units: tuple[str, ...]
    shape: shapes.Shape
    about: str
    misses: tuple[tuple[str, ...], ...] = ((), ("members",))
    leavers: tuple[int, int] = (0, 0)
    convert: str | None = None

    @property
    def format(self) -> str:
        return self.convert or "xlsx"


S = shapes.Shape
SHAPES: tuple[ShapeFixture, ...] = (
    ShapeFixture(
        "thang-tam-official-logo.xlsx",
        ("Thắng Tam",),
        S(ward_source="issuer-two-lines", logo=True),
        "long official header block: a logo image, the issuing body over two lines "
        "(ỦY BAN NHÂN DÂN / PHƯỜNG THẮNG TAM), document number, title over three lines",
    ),
    ShapeFixture(
        "caps-title-nguyen-an-ninh-lo.xls",
        ("Nguyễn An Ninh",),
        S(ward_source="caps-title"),
        "the ward only in a title in capitals (… - PHƯỜNG NGUYỄN AN NINH); BIFF .xls by "
        "LibreOffice",
        convert="xls",
    ),
    ShapeFixture(
        "ds-clb-phuong-12.xlsx",
        ("Phường 12",),
        S(ward_source="file-name"),
        "no ward anywhere in the file: taken from the file name, which matches one unit",
    ),
    ShapeFixture(
        "phuong-1-age.xlsx",
        ("Phường 1",),
        S(birth="age"),
        "an age column (Tuổi, age in the reference year) instead of the birth year",
    ),
    ShapeFixture(
        "thang-tam-lone-nu.xlsx",
        ("Thắng Tam",),
        S(sex="lone-nu"),
        "sex as a lone Nữ tick column: ticked = woman, blank = man",
    ),
    ShapeFixture(
        "phuong-1-sex-legend.xlsx",
        ("Phường 1",),
        S(sex="codes-header"),
        "sex as codes 1/2 with the legend in the header (Giới tính (1: Nam; 2: Nữ))",
    ),
    ShapeFixture(
        "phuong-12-sex-legend-below-lo.xls",
        ("Phường 12",),
        S(sex="codes-below"),
        "sex as codes 1/0 with the legend under the table; BIFF .xls by LibreOffice",
        convert="xls",
    ),
    ShapeFixture(
        "thang-nhat-sex-codes.xlsx",
        ("Thắng Nhất",),
        S(sex="codes-none"),
        "sex as codes 1/2 without a legend: one sex-ambiguous warning per column, sex unknown",
    ),
    ShapeFixture(
        "city-compiled.xlsx",
        ("Phường 1", "Phường 12"),
        S(ward_source="column"),
        "a city-compiled sheet with a Phường/Xã column: the same club names in two wards",
    ),
    ShapeFixture(
        "phuong-9-sections-lo.xls",
        ("Phường 9",),
        S(sections=True),
        "clubs as sections I, II, III of one sheet, numbering restarting, each closed by a "
        "subtotal (Cộng; Cộng CLB …; formulas alone); BIFF .xls by LibreOffice",
        misses=((), ("members",), ()),
        convert="xls",
    ),
    ShapeFixture(
        "phuong-8-footers.xlsx",
        ("Phường 8",),
        S(footer="summary"),
        "footers Tổng số: … người (Nam …, Nữ …) and Tổng cộng: … thành viên (đã trừ …) in the "
        "name column",
        leavers=(1, 0),
    ),
    ShapeFixture(
        "rach-dua-leavers.xlsx",
        ("Rạch Dừa",),
        S(),
        "leavers among the members: notes (đã mất, từ trần, chuyển đi …) and struck-through names",
        leavers=(7, 2),
    ),
    ShapeFixture(
        "phuong-7-transposed.xlsx",
        ("Phường 7",),
        S(info="transposed"),
        "the club table transposed: one row per item, one column per club headed by its name",
    ),
    ShapeFixture(
        "phuong-3-split-name.xlsx",
        ("Phường 3",),
        S(split_name=True),
        "the name split over two cells (Nguyễn Thị | Hoa) under one merged Họ và tên",
    ),
)
SHAPE_AREA = 20  # club areas from here on: no shape club shares a name with a fixture above


# Not produced, because tools/synth.py cannot write them (see the README in the output folder):
NOT_PRODUCED = (
    "a CSV in cp1258: write_csv_layout always writes UTF-8 with BOM",
    "one sheet for all clubs where section rows (CLB …) name the club instead of a column: "
    "no synth writer lays a roster out that way",
)


def make(fixture: Fixture, plan: Plan, taken: set[str]) -> synth.SynthWard:
    """The ward of one fixture: its own random stream, names unique across the folder."""
    unit = synth.find_unit(fixture.unit)
    rng = random.Random(f"{SEED}:{unit.code}")
    return synth.make_ward(
        rng,
        unit,
        len(fixture.misses),
        plan=plan,
        ref_year=AS_OF_YEAR,
        problems=fixture.problems,
        layout=fixture.layout,
        taken=taken,
        misses=fixture.misses,
        **fixture.generate,
    )


def problems(located: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The planted problems where the product reports them. member-in-several-clubs is a
    warning on every membership (DESIGN.md section 4), so its first occurrence, which synth
    records as `related`, is listed too (club null: synth does not record it)."""
    out = []
    for p in located:
        out.append({k: p[k] for k in ("code", "club", "sheet", "row", "cell", "field")})
        if p["code"] == "member-in-several-clubs":
            out.append({"code": p["code"], "club": None, **p["related"], "field": p["field"]})
    return out


def _sample_names(club: synth.SynthClub) -> list[str]:
    """The first and last member names as written (before any legacy encoding), to check the
    text is decoded, not only counted."""
    named = [m.name for m in club.members if m.name]
    return [named[0], named[-1]]


def move_info_below(path: Path) -> None:
    """Move the flat layout's club table from its own sheet to under the member list, after a
    blank row and a title row, as many wards keep it. The member rows do not move."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws, info = wb[synth.FLAT_SHEET], wb[synth.INFO_SHEET]
    row = ws.max_row + 2
    ws.cell(row=row, column=1, value=synth.INFO_TITLE)
    for values in info.iter_rows(values_only=True):
        row += 1
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=row, column=col, value=value)
    wb.remove(info)
    save_workbook(wb, path, None)


def convert(sources: list[Path], fmt: str, out: Path) -> None:
    """One LibreOffice call converting every source to `fmt` ("xls" or "ods"); each result goes
    to `out` unless the file there already has the same content (see same_content)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to convert; or use --no-convert")
    target = {"xls": "xls:MS Excel 97", "ods": "ods"}[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        made_dir = Path(tmp) / "out"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(made_dir),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        for source in sources:
            made, final = made_dir / f"{source.stem}.{fmt}", out / f"{source.stem}.{fmt}"
            if not made.is_file():
                raise SystemExit(f"LibreOffice did not write {made.name}")
            if not (final.is_file() and same_content(made, final)):
                shutil.move(made, final)


def same_content(a: Path, b: Path) -> bool:
    """Same bytes, or (.ods) the same cells: LibreOffice stamps an .ods with the time and writes
    its page styles in no fixed order, so a rerun keeps the committed file unless a cell changed.
    Its .xls output repeats byte for byte."""
    if a.read_bytes() == b.read_bytes():
        return True
    if a.suffix != ".ods":
        return False
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        return za.read("content.xml") == zb.read("content.xml")


def make_shape_wards(
    fx: ShapeFixture, plan: Plan, taken: set[str], area: list[int]
) -> list[synth.SynthWard]:
    """The wards of a shape fixture, club areas numbered from `area[0]` on (the same numbers
    in every ward of a city sheet: the same club name in two wards)."""
    wards = []
    for unit_name in fx.units:
        unit = synth.find_unit(unit_name)
        rng = random.Random(f"{SEED}:{fx.path}:{unit.code}")
        ward = synth.make_ward(
            rng, unit, len(fx.misses), plan=plan, ref_year=AS_OF_YEAR, taken=taken,
            misses=fx.misses,
        )  # fmt: skip
        for i, club in enumerate(ward.clubs):
            club.area = f"Khu phố {area[0] + i}"
            place = "" if len(fx.units) > 1 else f"{unit.name} - "
            club.name = f"{synth.CLUB_PREFIX}{place}{club.area}"
        wards.append(ward)
    area[0] += len(fx.misses)
    return wards


def build_shape(
    fx: ShapeFixture, plan: Plan, taken: set[str], area: list[int], target: Path
) -> dict[str, Any]:
    """Write one shape fixture to `target`; return its expected entry."""
    wards = make_shape_wards(fx, plan, taken, area)
    rng = random.Random(f"{SEED}:{fx.path}:leavers")
    leavers = (
        shapes.add_leavers(rng, wards[0].clubs[0], *fx.leavers, taken) if any(fx.leavers) else []
    )
    if fx.shape.sex == "codes-none":
        for m in (m for w in wards for c in w.clubs for m in c.members):
            m.raw["written_sex"], m.sex = m.sex, None  # written as a code nobody explains
    written = shapes.write_shape(wards, target, fx.shape, plan, leavers)
    problems = list(written.problems)
    if fx.shape.ward_source == "file-name":
        problems.append(
            {
                "code": "ward-from-file-name",
                "club": None,
                "sheet": None,
                "row": None,
                "cell": None,
                "field": None,
            }
        )
    for club in wards[0].clubs if len(wards) > 1 else ():  # its name is used in the next ward
        problems.append(
            {
                "code": "club-id-collision",
                "club": club.id,
                "sheet": "Danh sách",
                "row": None,
                "cell": None,
                "field": None,
            }
        )
    clubs = []
    rows = {"members": 0, "rejected": 0}
    for ward in wards:
        counts = synth.expected_counts(ward, AS_OF_YEAR, older_age=plan.older_age)
        for key, n in synth.expected_rows(ward).items():
            rows[key] += n
        for club, c in zip(ward.clubs, counts.values(), strict=True):
            clubs.append(
                {
                    "id": c["id"],
                    "name": c["name"],
                    "ward": ward.unit.code,
                    "misses": list(club.misses),
                    "counts": c["counts"],
                    "funds": c["funds"],
                    "activities": c["activities"],
                    "sample_names": _sample_names(club),
                }
            )
    return {
        "path": fx.path,
        "about": fx.about,
        "format": fx.format,
        "layout": "shape",
        "options": {k: v for k, v in vars(fx.shape).items() if v != getattr(shapes.Shape(), k)},
        "encoding": None,
        "ward": {"name": wards[0].unit.full_name, "code": wards[0].unit.code},
        "rows": rows,
        "left": written.leavers,
        "clubs": clubs,
        "problems": problems,
    }


def build(out: Path, run_soffice: bool = True) -> dict[str, Any]:
    """Write every fixture into `out`; return the expected results."""
    plan = load_plan(PLAN)
    out.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    files = []
    with tempfile.TemporaryDirectory() as tmp:
        pending: dict[str, list[Path]] = {}
        for fx in FIXTURES:
            ward = make(fx, plan, taken)
            if fx.convert:
                # written under the final stem, so LibreOffice names its copy as the fixture
                target = Path(tmp) / f"{Path(fx.path).stem}.xlsx"
                pending.setdefault(fx.convert, []).append(target)
            else:
                target = out / fx.path
            located = synth.write_ward(ward, target, fx.layout, plan=plan, **fx.options)
            if fx.info_below:
                move_info_below(target)
            counts = synth.expected_counts(ward, AS_OF_YEAR, older_age=plan.older_age)
            files.append(
                {
                    "path": fx.path,
                    "about": fx.about,
                    "format": fx.format,
                    "layout": fx.layout,
                    "options": fx.options,
                    "encoding": fx.options.get("encoding"),
                    "ward": {"name": ward.unit.full_name, "code": ward.unit.code},
                    "rows": synth.expected_rows(ward),
                    "clubs": [
                        {
                            "id": c["id"],
                            "name": c["name"],
                            "misses": list(club.misses),
                            "counts": c["counts"],
                            "funds": c["funds"],
                            "activities": c["activities"],
                            "sample_names": _sample_names(club),
                        }
                        for club, c in zip(ward.clubs, counts.values(), strict=True)
                    ],
                    "problems": problems(located),
                }
            )
        area = [SHAPE_AREA]
        for sx in SHAPES:
            if sx.convert:
                target = Path(tmp) / f"{Path(sx.path).stem}.xlsx"
                pending.setdefault(sx.convert, []).append(target)
            else:
                target = out / sx.path
            files.append(build_shape(sx, plan, taken, area, target))
        if run_soffice:
            for fmt, sources in pending.items():
                convert(sources, fmt, out)
    return {
        "schema": "ctg-check/fixtures-expected/1",
        "generator": "tools/make_test_fixtures.py",
        "seed": SEED,
        "plan": PLAN,
        "units": UNITS,
        "as_of_year": AS_OF_YEAR,
        "notes": (
            "Made from tools/synth.py's record, not from the reader. counts follow "
            "synth.expected_counts (age = as_of_year - birth year; no full birth date makes the "
            "age exactly 60 in the year, so any as_of date in 2025 gives the same counts). "
            "rows: members are rows with a name, rejected rows have data but no name. "
            "encoding: null for Unicode. problems: every planted problem; row and cell are "
            "1-based, sheet is null for HTML and the file stem for CSV; club-info-missing has "
            "no cell (row: the club's first member); member-in-several-clubs is listed at both "
            "rows. format: what the file really is."
        ),
        "not_produced": list(NOT_PRODUCED),
        "files": files,
    }


def readme(expected: dict[str, Any]) -> str:
    """A description of every fixture, written with them so it cannot drift."""
    lines = [
        "# Roster fixtures",
        "",
        f"Made by `python3 tools/make_test_fixtures.py` (seed {expected['seed']}, plan",
        f"`{expected['plan']}`, reference year {expected['as_of_year']}); checked by",
        "`tests/test_fixtures.py` against `expected.json`. Every name is synthetic.",
        "",
        "| file | format | layout | ward | clubs (members) | planted problems |",
        "|---|---|---|---|---|---|",
    ]
    for f in expected["files"]:
        clubs = ", ".join(f"{c['id']} ({c['counts']['members']})" for c in f["clubs"])
        problems = "; ".join(f"{p['code']} {p['cell'] or p['club']}" for p in f["problems"])
        lines.append(
            f"| {f['path']} | {f['format']} | {f['about']} | {f['ward']['name']} | {clubs} | "
            f"{problems or '—'} |"
        )
    lines += ["", "Not produced (the generator cannot write them):", ""]
    lines += [f"- {item}" for item in expected["not_produced"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    out = Path(args[0]) if args else OUT
    expected = build(out, run_soffice="--no-convert" not in argv)
    text = json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    atomic_write(out / "expected.json", text.encode("utf-8"))
    atomic_write(out / "README.md", readme(expected).encode("utf-8"))
    total = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"wrote {len(expected['files'])} fixtures to {out} ({total / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

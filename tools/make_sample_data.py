"""Write sample_data/: one synthetic submission per Vũng Tàu unit, expected.json and README.md.

    python3 tools/make_sample_data.py [OUT_DIR]

The seed is fixed and the writers are reproducible, so running it twice gives identical files.
Every name is synthetic (tools/synth.py).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

from ctg_check.plan import load_plan
from ctg_check.writers import atomic_write

SEED = 20251210
AS_OF_YEAR = 2025
PLAN = "vung-tau-2022"
OUT = Path(__file__).resolve().parents[1] / "sample_data"

# Indicators whose miss makes a club not effective (fully active and funded, DOMAIN.md).
NOT_EFFECTIVE = {"activities", "regulation", "loan_coverage", "funds"}

LAYOUT_NAMES = {
    "template": "standard template",
    "classic": "classic form, one sheet per club",
    "flat": "one sheet for all clubs",
    "csv": "flat layout as CSV (UTF-8 with BOM)",
    "html": "flat layout as an HTML table named .xls",
}

# (unit, file, layout, per-club misses, planted problems, writer options, generator options)
SUBMISSIONS: tuple[tuple[Any, ...], ...] = (
    ("Phường 1", "phuong-1.xlsx", "template", ((), ()), (), {}, {}),
    ("Thắng Tam", "thang-tam-clb.xlsx", "classic", ((), (), ("older_share",)), (), {}, {}),
    (
        "Phường 2",
        "phuong-2.xlsx",
        "template",
        ((), ()),
        ("sex-invalid", "birth-invalid", "flag-invalid"),
        {},
        {},
    ),
    (
        "Phường 3",
        "phuong-3-vni.xlsx",
        "classic",
        ((), ("women_share",)),
        (),
        {"encoding": "vni"},
        {},
    ),
    ("Phường 4", "phuong-4.xlsx", "template", ((),), (), {}, {}),
    ("Phường 5", "phuong-5-danh-sach.xlsx", "flat", ((), ("loan_coverage",)), (), {}, {}),
    ("Thắng Nhì", "thang-nhi-tcvn3.xlsx", "classic", ((), ()), (), {"encoding": "tcvn3"}, {}),
    ("Phường 7", "phuong-7.xlsx", "template", ((), ("members",), ("activities",)), (), {}, {}),
    (
        "Nguyễn An Ninh",
        "nguyen-an-ninh.xlsx",
        "classic",
        ((), ()),
        ("sex-ambiguous", "member-name-missing", "duplicate-member"),
        {"info": "below", "sheet_names": "generic"},
        {},
    ),
    ("Phường 8", "phuong-8.csv", "csv", ((), ("regulation",)), (), {}, {}),
    ("Phường 9", "phuong-9.xlsx", "template", (("funds",), ("members", "women_share")), (), {}, {}),
    ("Thắng Nhất", "thang-nhat-export.xls", "html", ((), ()), (), {}, {}),
    (
        "Rạch Dừa",
        "rach-dua.xlsx",
        "template",
        ((), (), ()),
        (
            "loan-without-need",
            "club-info-missing",
            "member-name-missing",
            "member-in-several-clubs",
        ),
        {},
        {},
    ),
    ("Phường 10", "phuong-10.xlsx", "template", ((), ()), (), {"blank_no": True}, {}),
    ("Phường 11", "phuong-11.xlsx", "template", (("older_share",),), (), {}, {}),
    ("Phường 12", "phuong-12.xlsx", "template", (("activities", "loan_coverage"), ()), (), {}, {}),
    ("Xã Long Sơn", "xa-long-son.xlsx", "template", ((), ()), (), {}, {"date_share": 0.4}),
)


def build(out: Path) -> dict[str, Any]:
    """Write every submission into `out`; return the expected results."""
    plan = load_plan(PLAN)
    out.mkdir(parents=True, exist_ok=True)
    taken: set[str] = (
        set()
    )  # names unique across the whole sample: no accidental cross-file duplicates
    files = []
    for unit_name, file_name, layout, misses, problems, options, gen in SUBMISSIONS:
        unit = synth.find_unit(unit_name)
        rng = random.Random(f"{SEED}:{unit.code}")
        ward = synth.make_ward(
            rng,
            unit,
            len(misses),
            plan=plan,
            ref_year=AS_OF_YEAR,
            problems=problems,
            layout=layout,
            taken=taken,
            misses=misses,
            **gen,
        )
        located = synth.write_ward(ward, out / file_name, layout, plan=plan, **options)
        counts = synth.expected_counts(ward, AS_OF_YEAR, older_age=plan.older_age)
        clubs = []
        for club in ward.clubs:
            effective = club.has_info and not NOT_EFFECTIVE & set(club.misses)
            clubs.append({**counts[club.id], "misses": list(club.misses), "effective": effective})
        effective_clubs = sum(c["effective"] for c in clubs)
        files.append(
            {
                "path": file_name,
                "layout": layout,
                "options": options,
                "encoding": options.get("encoding"),
                "ward": {"name": unit.name, "full_name": unit.full_name, "code": unit.code},
                "rows": synth.expected_rows(ward),
                "effective_clubs": effective_clubs,
                "ward_meets_target": effective_clubs >= (plan.min_effective_clubs or 0),
                "clubs": clubs,
                "problems": located,
            }
        )
    return {
        "schema": "ctg-check/sample-expected/1",
        "generator": "tools/make_sample_data.py",
        "seed": SEED,
        "plan": PLAN,
        "as_of_year": AS_OF_YEAR,
        "notes": (
            "counts follow tools/synth.py expected_counts: age = as_of_year - birth year "
            "(no full birth date falls in the year that makes the age exactly 60, so any "
            "--as-of date in 2025 gives the same counts); loan_received counts every member "
            "marked received; a row with data but no name is rejected, not a member. misses and "
            "effective are the generator's intent: effective = has its information row and "
            "misses none of activities, regulation, loan_coverage, funds. problems: row and "
            "cell are 1-based; sheet is null for HTML and the file stem for CSV."
        ),
        "files": files,
    }


def readme(expected: dict[str, Any]) -> str:
    """A short description of every file, generated with them so it cannot drift."""
    lines = [
        "# Sample data",
        "",
        "Synthetic ward submissions for the 17 wards and communes of Vũng Tàu (before 2025),",
        f"made by `python3 tools/make_sample_data.py` (seed {expected['seed']}; running it again",
        "gives identical files). Every name, address and number is invented: no personal data.",
        "",
        f"Plan `{expected['plan']}`, reference year {expected['as_of_year']} "
        "(validate with e.g. `--as-of 2025-12-10`).",
        "`expected.json` holds, per file: the member and rejected row counts, per club the",
        "counts the JSON report gives under `clubs[].counts`, the funds and activities, the",
        "indicators the club was generated to miss, and every planted data problem with its",
        "sheet and cell.",
        "",
        "| file | ward | layout | clubs | indicators missed | planted problems |",
        "|---|---|---|---|---|---|",
    ]
    for f in expected["files"]:
        layout = LAYOUT_NAMES[f["layout"]]
        if f["encoding"]:
            layout += f", {f['encoding'].upper()} encoding"
        opts = {k: v for k, v in f["options"].items() if k != "encoding"}
        if opts:
            layout += " (" + ", ".join(f"{k}={v}" for k, v in opts.items()) + ")"
        missed = [f"{c['id']}: {', '.join(c['misses'])}" for c in f["clubs"] if c["misses"]]
        if not f["ward_meets_target"]:
            missed.append(f"ward: {f['effective_clubs']} effective club(s)")
        problems = [f"{p['code']} ({p['cell'] or p['club']})" for p in f["problems"]]
        lines.append(
            f"| {f['path']} | {f['ward']['name']} | {layout} | {len(f['clubs'])} | "
            f"{'; '.join(missed) or '—'} | {'; '.join(problems) or '—'} |"
        )
    lines += [
        "",
        "Layouts: the standard template is what `ctg-check template` writes, filled in.",
        "The classic form has a header block, a two-row merged header with the birth year under",
        "*Nam* or *Nữ*, a column-number row, a *Tổng cộng* row of formulas and a signature block,",
        "and a *Thông tin CLB* sheet (with info=below, a club table under each list instead; with",
        "sheet_names=generic the sheets are DS1, DS2… and the title line names the club).",
        "The VNI file uses the VNI-Times font; the TCVN3 file uses .VnTime, and .VnTimeH",
        "(lower-case codes drawn as capitals) for its upper-case lines.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    expected = build(out)
    text = json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    atomic_write(out / "expected.json", text.encode("utf-8"))
    atomic_write(out / "README.md", readme(expected).encode("utf-8"))
    total = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"wrote {len(expected['files'])} submissions to {out} ({total / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

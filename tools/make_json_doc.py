# ruff: noqa: E501  (the reference tables are one row per line)
"""Write docs/json.md, the reference of the JSON report, from the code's own catalogue.

    python tools/make_json_doc.py          # write docs/json.md
    python tools/make_json_doc.py --check  # exit 1 if docs/json.md is not up to date

Fields and their meaning are listed here; statuses, indicator ids and problem codes come from
report.py, plan.py (the built-in profiles' activities) and problems.py, so a new code cannot be left
out of the reference (tests/test_json_doc.py runs --check).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ctg_check.i18n import label
from ctg_check.indicators import INDICATORS, json_counters
from ctg_check.plan import load_plan
from ctg_check.problems import CATALOGUE, ERROR, WARNING
from ctg_check.report import MET, NOT_MET, SCHEMA, UNKNOWN

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "json.md"
TOTAL_INDICATORS = ("wards_meeting_target", "fully_active_share", "funded_share")

FIELDS = [
    ("schema", f"`{SCHEMA}`. Changes only when a key changes its meaning; new keys may be added."),
    ("tool_version", "Version of ctg-check that wrote the report."),
    ("plan.id, plan.title", "The plan (indicator profile) used."),
    ("as_of", "Reference date for ages, `yyyy-mm-dd`."),
    ("lang", "Language of `message` and `title` texts: `vi` or `en`."),
    ("units", "Units list id (`--units`), or null."),
    ("files[].path", "The file as given or found in a folder."),
    ("files[].sha256", "SHA-256 of the file's bytes."),
    (
        "files[].format",
        "Format found from the content (`xlsx`, `xls`, `ods`, `csv`, `html`, …); null when unreadable.",
    ),
    (
        "files[].encoding",
        "Text encoding found: `unicode`, `vni`, `tcvn3` (joined by `+` when mixed); null when unreadable.",
    ),
    (
        "files[].status",
        "`read` or `error` (could not be read: see `error`, and an entry in `problems`).",
    ),
    ("files[].error", "null, or `{code, message}` of why the file could not be read."),
    (
        "files[].set_aside",
        "null, or `{code, message}`: a duplicate or superseded file not counted.",
    ),
    (
        "files[].rows",
        "`read` = `members` + `rejected` + `other`: every row of the file accounted for.",
    ),
    (
        "clubs[].id, name, ward, file, sheet",
        "The club as read; `id` is unique in the report (`id@ward` when two wards use one id).",
    ),
    (
        "clubs[].counts",
        "Member counts: " + ", ".join(f"`{k}`" for k in json_counters(INDICATORS.values())) + ".",
    ),
    (
        "clubs[].funds",
        "`income` and `activity`: `{present, amount}` (amount in đồng); `regulation`: true/false/null.",
    ),
    (
        "clubs[].activities",
        "Each activity id of the plan: true (done), false (not done), null (not known).",
    ),
    (
        "clubs[].indicators[]",
        "`{id, value, min, max, status}`; shares are fractions between 0 and 1; `note` says why a value is null (`no_loan_need`).",
    ),
    ("clubs[].fully_active, funded, effective, compliant", "true/false, or null when unknown."),
    (
        "wards[]",
        "`{name, code, submitted, clubs, effective_clubs, status, names_seen}`; every expected ward with `--units`.",
    ),
    ("totals", "`files`, `clubs`, `members`, and `indicators[]` like the clubs' ones."),
    ("problems[].severity", f"`{ERROR}` or `{WARNING}`."),
    ("problems[].code", "Kebab-case problem code (table below); stable."),
    (
        "problems[].title",
        "The code in words, in `lang` (the heading of the group on the terminal).",
    ),
    ("problems[].message", "What is wrong and what to write instead, in `lang`."),
    (
        "problems[].file, sheet, cell, row",
        "Where: `cell` like `D23`; `row` 1-based; null when the problem is the file's or the sheet's.",
    ),
    ("problems[].column", "The column letter of `cell` (`D`), or null."),
    (
        "problems[].column_name",
        "The header of that column as written in the file, when the message names it.",
    ),
    ("problems[].club", "The club the reader named for the row (id or name), or null."),
    (
        "problems[].club_id",
        "`clubs[].id` of the club the problem belongs to (the member's row, else the club named, else the only club of the sheet); null for the file's own problems.",
    ),
]

STATUSES = [
    (MET, "the value meets the target"),
    (NOT_MET, "it does not"),
    (
        UNKNOWN,
        "data are missing and the status could go either way; `value` is null when nothing is known",
    ),
]


def _code(key: str) -> str:
    """A catalogue key as the JSON shows it: `sex-ambiguous@column` is `sex-ambiguous` (column)."""
    code, _, case = key.partition("@")
    return f"`{code}` ({case})" if case else f"`{code}`"


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def render() -> str:
    lines = [
        "# The JSON report (`validate --format json`, `summary --json FILE`)",
        "",
        "<!-- generated by tools/make_json_doc.py from the code's catalogue: do not edit -->",
        "",
        "One object. Unknown values are `null`, never a guess. Shares are fractions between 0 and 1.",
        f"Schema `{SCHEMA}`: version 2 made `problems[].column` the column letter (it was the",
        "header name, now `column_name`), lists unreadable files in `problems`, and gives",
        "`activities` indicators a null value when their status is unknown.",
        "",
        "## Fields",
        "",
        *_table(("key", "meaning"), [(f"`{k}`", v) for k, v in FIELDS]),
        "",
        "## Status values",
        "",
        *_table(("status", "meaning"), [(f"`{s}`", m) for s, m in STATUSES]),
        "",
        "## Indicator ids",
        "",
        *_table(
            ("id", "level", "Tiếng Việt", "English"),
            [(f"`{i}`", "club", s.name("vi"), s.name("en")) for i, s in INDICATORS.items()]
            + [
                (
                    "`effective_clubs`",
                    "ward",
                    label("effective_clubs", "vi"),
                    label("effective_clubs", "en"),
                )
            ]
            + [(f"`{i}`", "totals", label(i, "vi"), label(i, "en")) for i in TOTAL_INDICATORS],
        ),
        "",
        "## Activity ids (keys of `clubs[].activities`)",
        "",
    ]
    for profile in ("vung-tau-2022", "national-1336"):
        plan = load_plan(profile)
        lines += [f"Plan `{profile}`:", ""]
        lines += _table(("id", "label"), [(f"`{a.id}`", a.label) for a in plan.activities])
        lines.append("")
    lines += [
        "## Problem codes",
        "",
        *_table(
            ("code", "severity", "title", "tiêu đề", "message (English)"),
            [
                (_code(c), e.severity, e.title[1], e.title[0], e.message[1])
                for c, e in sorted(CATALOGUE.items())
            ],
        ),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print("docs/json.md is out of date: run python tools/make_json_doc.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Indicator values and targets as text, the same on the terminal and in every workbook.

No rich and no openpyxl here, so writers can use it without loading either.
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

from ctg_check.i18n import count_label, label
from ctg_check.indicators import DONE, MONEY, PCT, YESNO
from ctg_check.report import Indicator, Report

# Terminal control in text read from files or given by the user: escape sequences (CSI, OSC such
# as hyperlinks and window titles, DCS/SOS/PM/APC strings, two-character ESC sequences, and their
# 8-bit C1 forms, a string only when terminated), then line breaks, then every other C0/C1
# control and the bidi overrides.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")  # bytes of a non-UTF-8 file name (surrogateescape)
LINE_BREAK = "↵"


def printable(text: object) -> str:
    """Text safe to print on a terminal, on one line: escape sequences and control characters
    removed, line breaks shown as ↵, tabs as spaces, undecodable bytes of file names as �."""
    s = _SURROGATES.sub("\ufffd", str(text))
    s = _BREAKS.sub(LINE_BREAK, _ESCAPES.sub("", s))
    return _CONTROLS.sub("", s.replace("\t", " "))


def pct(value: Fraction | int | float, lang: str) -> str:
    text = f"{float(value) * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %" if lang == "vi" else f"{text}%"


def money(amount: int, lang: str) -> str:
    grouped = f"{amount:,}"
    return f"{grouped.replace(',', '.')} đ" if lang == "vi" else f"{grouped} VND"


def indicator_label(ind: Indicator, lang: str) -> str:
    """An indicator's name: the plan's (a plan file may name its own), else the catalogue's."""
    if ind.name is None:
        return label(ind.id, lang)
    return ind.name[1] if lang == "en" else ind.name[0]


def value_text(ind: Indicator, lang: str) -> str:
    v = ind.value
    if v is None:
        return label(ind.note, lang) if ind.note else "—"
    if isinstance(v, bool):
        return label("yes" if v else "no", lang)
    if ind.unit == PCT:
        return pct(v, lang)
    if ind.unit == MONEY:
        return money(int(v), lang)
    if ind.unit == DONE and ind.min is not None:
        return f"{v}/{ind.min}"
    return number(int(v), lang) if isinstance(v, int) else str(v)


def target_text(ind: Indicator, lang: str) -> str:
    lo, hi = ind.min, ind.max
    if ind.unit in (MONEY, YESNO):
        return label("yes", lang)
    if ind.unit == DONE:
        return f"{lo}/{lo}"
    fmt = (lambda x: pct(x, lang)) if ind.unit == PCT else (lambda x: number(int(x), lang))
    if lo is not None and hi is not None:
        return f"{fmt(lo)} – {fmt(hi)}"
    if lo is not None:
        return f"≥ {fmt(lo)}"
    if hi is not None:
        return f"≤ {fmt(hi)}"
    return "—"


def closing_text(report: Report, lang: str) -> tuple[str, str]:
    """The closing line and its style: the verdict, then files (those skipped, such as
    ctg-check's own outputs in the folder, apart), clubs, members, errors, warnings and
    indicators not met, whatever happened."""
    n = report.counts()
    if n["unreadable"]:
        head, style = count_label("closing_unreadable", n["unreadable"], lang), "bold red"
    elif report.exit_code() == 0:
        head, style = label("closing_ok", lang), "bold green"
    else:
        head, style = label("closing_fail", lang), "bold red"
    skipped = sum(f.status == "skipped" for f in report.files)  # own outputs, special files
    parts = [
        count_label("count_files", len(report.files) - skipped, lang),
        *([count_label("count_skipped", skipped, lang)] if skipped else []),
        count_label("count_clubs", len(report.clubs), lang),
        count_label("count_members", report.members, lang),
        count_label("count_errors", n["errors"], lang),
        count_label("count_warnings", n["warnings"], lang),
        count_label("count_not_met", n["not_met"], lang),
    ]
    return f"{head} — {' · '.join(parts)}", style


def account_text(report: Report, lang: str) -> str:
    """The line that adds up files, rows and clubs (summary, merge and the web page print it).
    Members of a club counted from another file of the ward are in their file's rows but not in
    the total: the line says how many, so the two figures never disagree in silence."""
    kept = report.kept
    read = sum(s.status == "read" for s in report.files)
    members = sum(s.rows.members for s in kept)
    text = label(
        "account_line",
        lang,
        files=number(len(report.files), lang),
        read=number(read, lang),
        failed=number(sum(s.status == "error" for s in report.files), lang),
        aside=number(read - len(kept), lang),
        rows=number(sum(s.rows.read for s in kept), lang),
        members=number(members, lang),
        rejected=number(sum(s.rows.rejected for s in kept), lang),
        other=number(sum(s.rows.other for s in kept), lang),
        clubs=number(len(report.clubs), lang),
    )
    elsewhere = members - report.members
    if elsewhere > 0:
        text += " " + label("account_elsewhere", lang, count=number(elsewhere, lang))
    return text


# --- lang --- numbers and dates as each language writes them (terminal and workbooks)

_DMY = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*")


def number(value: int, lang: str) -> str:
    """A whole number with thousands grouped: 2.093 in Vietnamese, 2,093 in English."""
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if lang == "vi" else grouped


def date_text(value: date, lang: str) -> str:
    """A date as officials write it: 10/12/2025 in Vietnamese, 2025-12-10 in English."""
    return value.strftime("%d/%m/%Y") if lang == "vi" else value.isoformat()


def parse_date(text: str) -> date | None:
    """A date given as dd/mm/yyyy (also d/m/yyyy, with . or -) or yyyy-mm-dd; None if neither."""
    m = _DMY.fullmatch(text)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(text.strip())
    except ValueError:
        return None

"""Terminal output: the only module that imports rich. Plain text when stdout is not a terminal."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from ctg_check.formatting import target_text, value_text
from ctg_check.i18n import label, message
from ctg_check.plan import Band, Plan
from ctg_check.report import ERROR, MET, NOT_MET, Indicator, Problem, Report

MAX_PER_CODE = 15
MARK = {MET: "✓", NOT_MET: "✗", "unknown": "?"}
STYLE = {MET: "green", NOT_MET: "red", "unknown": "yellow"}


def console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    if hasattr(stream, "reconfigure"):  # a file name that is not UTF-8 prints with a "?"
        stream.reconfigure(errors="replace")
    return Console(
        file=stream, highlight=False, soft_wrap=False, width=None if stream.isatty() else 120
    )


def status_text(status: str | None, lang: str, plain: bool) -> str:
    s = status or "unknown"
    text = f"{MARK.get(s, '?')} {label(s, lang)}"
    return text if plain else f"[{STYLE.get(s, 'yellow')}]{text}[/]"


def flag_text(value: bool | None, lang: str) -> str:
    return (
        "?"
        if value is None
        else ("✓" if value else "✗") + " " + label("yes" if value else "no", lang)
    )


def render_report(report: Report, lang: str, con: Console, quiet: bool = False) -> None:
    plain = not con.is_terminal
    tbox = box.SIMPLE if plain else box.ROUNDED
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in report.problems:
        by_file[p.place.file].append(p)
    clubs_by_file = defaultdict(list)
    for c in report.clubs:
        clubs_by_file[c.club.file].append(c)

    head = f"{label('plan', lang)}: {report.plan.id} · {label('as_of', lang)}: {report.as_of}"
    con.print(head, markup=False)
    for sub in report.files:
        con.print()
        if sub.status != "read":
            code, params = sub.error or sub.set_aside or ("file-unreadable", {})
            con.print(
                f"{sub.path}: {message(code, lang, **params)}",
                style=None if plain else "bold red",
                markup=False,
            )
            continue
        enc = " + ".join(
            label(f"encoding_{e}", lang) for e in (sub.encoding or "unicode").split("+")
        )
        con.print(
            f"{sub.path} — {label('format', lang)} {sub.format}, {label('encoding', lang)} {enc}",
            style=None if plain else "bold",
            markup=False,
        )
        r = sub.rows
        con.print(
            "  "
            + label(
                "rows_line",
                lang,
                read=r.read,
                members=r.members,
                rejected=r.rejected,
                other=r.other,
            ),
            markup=False,
        )
        if quiet:
            continue
        for res in clubs_by_file.get(sub.path, []):
            title = f"{res.club.name or res.id} ({res.id}) — {res.club.ward or '?'}"
            table = Table(title=title, box=tbox, title_justify="left", show_edge=not plain)
            for col in ("indicator", "value", "target", "status"):
                table.add_column(
                    label(col, lang), justify="right" if col in ("value", "target") else "left"
                )
            for ind in res.indicators:
                table.add_row(
                    label(ind.id, lang),
                    value_text(ind, lang),
                    target_text(ind, lang),
                    status_text(ind.status, lang, plain),
                )
            con.print(table)
            flags = " · ".join(
                f"{label(k, lang)} {flag_text(getattr(res, k), lang)}"
                for k in ("fully_active", "funded", "effective")
            )
            con.print("  " + flags, markup=False)
        render_problems(by_file.pop(sub.path, []), lang, con, plain)
    rest = [p for ps in by_file.values() for p in ps]
    if rest:
        con.print()
        render_problems(rest, lang, con, plain)
    if not quiet:
        render_wards(report, lang, con)
        render_totals(report, lang, con)
    con.print()
    n = report.counts()
    if n["unreadable"]:
        verdict, style = label("verdict_unreadable", lang, count=n["unreadable"]), "bold red"
    elif report.exit_code() == 0:
        verdict, style = label("verdict_ok", lang), "bold green"
    else:
        verdict, style = label("verdict_fail", lang, **n), "bold red"
    con.print(verdict, style=None if plain else style, markup=False)


def render_account(report: Report, lang: str, con: Console) -> None:
    """One line that adds up: files, rows and clubs."""
    kept = report.kept
    read = [s for s in report.files if s.status == "read"]
    con.print(
        label(
            "account_line",
            lang,
            files=len(report.files),
            read=len(read),
            failed=sum(s.status == "error" for s in report.files),
            aside=len(read) - len(kept),
            rows=sum(s.rows.read for s in kept),
            members=sum(s.rows.members for s in kept),
            rejected=sum(s.rows.rejected for s in kept),
            other=sum(s.rows.other for s in kept),
            clubs=len(report.clubs),
        ),
        markup=False,
    )
    for s in report.files:
        if s.status != "read":
            code, params = s.error or s.set_aside or ("file-unreadable", {})
            con.print(f"  {s.path}: {message(code, lang, **params)}", markup=False)
        elif s.set_aside is not None:
            code, params = s.set_aside
            con.print(f"  {s.path}: {message(code, lang, **params)}", markup=False)


def render_problems(problems: list[Problem], lang: str, con: Console, plain: bool) -> None:
    if not problems:
        return
    groups: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    for p in problems:
        groups[(p.severity, p.code)].append(p)
    con.print("  " + label("problems", lang) + ":", markup=False)
    for (severity, code), items in sorted(
        groups.items(), key=lambda kv: (kv[0][0] != ERROR, kv[0][1])
    ):
        sev = label(severity, lang)
        style = "red" if severity == ERROR else "yellow"
        line = f"  {sev} {code} ({len(items)})"
        con.print(line if plain else f"[{style}]{line}[/]", markup=not plain)
        for p in items[:MAX_PER_CODE]:
            where = "!".join(x for x in (p.place.sheet, p.place.cell) if x)
            con.print(f"    {where or p.place.file}: {p.message(lang)}", markup=False)
        if len(items) > MAX_PER_CODE:
            con.print(
                "    " + label("more_problems", lang, count=len(items) - MAX_PER_CODE), markup=False
            )


def render_wards(report: Report, lang: str, con: Console) -> None:
    plain = not con.is_terminal
    tbox = box.SIMPLE if plain else box.ROUNDED
    if not report.wards:
        return
    con.print()
    table = Table(title=label("wards", lang), box=tbox, title_justify="left", show_edge=not plain)
    for key in ("ward", "club", "effective_clubs", "status"):
        table.add_column(label(key, lang))
    target = report.plan.min_effective_clubs
    for w in report.wards:
        name = w.name or "?"
        if w.names_seen:
            name += " (" + ", ".join(w.names_seen) + ")"
        if not w.submitted:
            name += f" — {label('not_submitted', lang)}"
        eff = f"{w.effective_clubs}" + (f" / ≥ {target}" if target is not None else "")
        table.add_row(
            name, str(w.clubs), eff, status_text(w.status, lang, plain) if w.status else "—"
        )
    con.print(table)


def render_totals(report: Report, lang: str, con: Console) -> None:
    plain = not con.is_terminal
    tbox = box.SIMPLE if plain else box.ROUNDED
    con.print()
    table = Table(title=label("totals", lang), box=tbox, title_justify="left", show_edge=not plain)
    for col in ("indicator", "value", "target", "status"):
        table.add_column(label(col, lang))
    for ind in report.indicators:
        table.add_row(
            label(ind.id, lang),
            value_text(ind, lang),
            target_text(ind, lang),
            status_text(ind.status, lang, plain),
        )
    con.print(table)
    con.print(
        f"  {len(report.files)} {label('file', lang).lower()} · {len(report.clubs)} "
        f"{label('club', lang)} · {report.members} {label('members_count', lang)}",
        markup=False,
    )


def render_plan(plan: Plan, lang: str, con: Console) -> None:
    plain = not con.is_terminal
    con.print(f"{plan.id}: {plan.title}", markup=False)
    con.print(
        f"{label('recipient', lang)}: {plan.recipient} · {label('report_due', lang)}: "
        f"{plan.report_due} · {label('older_age', lang)}: {plan.older_age}",
        markup=False,
    )
    table = Table(box=box.SIMPLE if plain else box.ROUNDED)
    table.add_column(label("indicator", lang))
    table.add_column(label("target", lang))
    rows: list[tuple[str, Band, bool]] = [
        ("members", plan.members, False),
        ("women_share", plan.women_share, True),
        ("older_share", plan.older_share, True),
        ("younger_share", plan.younger_share, True),
        ("loan_coverage", plan.loan_coverage, True),
    ]
    for key, band, is_share in rows:
        ind = Indicator(key, None, band.min, band.max, MET)
        text = (
            target_text(ind, lang)
            if is_share
            else target_text(Indicator("members", None, band.min, band.max, MET), lang)
        )
        if key == "loan_coverage":
            text += " " + label(f"loan_of_{plan.loan_coverage_of}", lang)
        table.add_row(label(key, lang), text)
    for key in ("income_fund", "activity_fund", "regulation"):
        table.add_row(label(key, lang), label("yes", lang))
    table.add_row(label("activities", lang), ", ".join(a.label for a in plan.activities))
    if plan.min_effective_clubs is not None:
        table.add_row(label("min_effective_clubs", lang), f"≥ {plan.min_effective_clubs}")
    for key, band in plan.totals.items():
        table.add_row(
            label(key, lang), target_text(Indicator(key, None, band.min, band.max, MET), lang)
        )
    con.print(table)


@contextmanager
def progress(total: int, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for long runs, only when stderr is a terminal."""
    if not enabled or total < 5 or not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import Progress

    # no refresh thread: reading forks worker processes, and forking beside a thread can hang
    with Progress(console=console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task("…", total=total)

        def advance(n: int) -> None:
            bar.advance(task, n)
            bar.refresh()

        yield advance


def print_json(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

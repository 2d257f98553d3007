"""Terminal output: the only module that imports rich. Plain text when stdout is not a terminal.

Everything printed goes through `Terminal.render_str`: markup and emoji codes are never
interpreted, and every string is made printable on one line (formatting.printable), so a club
named `[/]` or a cell holding escape sequences prints as the text it is. Styles are given as
`style=`, never as markup.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ctg_check.formatting import (
    account_text,
    closing_text,
    date_text,
    indicator_label,
    number,
    printable,
    target_text,
    value_text,
)
from ctg_check.i18n import count_label, label, message, title
from ctg_check.indicators import ACTIVITIES, COUNTERS, PCT, Spec
from ctg_check.model import Submission
from ctg_check.plan import Plan
from ctg_check.report import (
    ERROR,
    MET,
    NOT_MET,
    ClubResult,
    Indicator,
    Problem,
    Report,
    problem_clubs,
)

MAX_PER_CODE = 15
MARK = {MET: "✓", NOT_MET: "✗", "unknown": "?"}
STYLE = {MET: "green", NOT_MET: "red", "unknown": "yellow"}


class Terminal(Console):
    """A rich Console that prints every string as plain text made printable."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs.update(markup=False, emoji=False, highlight=False)
        return super().render_str(printable(text), **kwargs)


def console(
    stderr: bool = False,
    file: IO[str] | None = None,
    terminal: bool | None = None,
    width: int | None = None,
) -> Console:
    """The console for stdout (or stderr, or a file): plain text when it is not a terminal, and
    every printed line one line, however long (the terminal wraps it)."""
    stream = file or (sys.stderr if stderr else sys.stdout)
    if file is None and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")  # a file name that is not UTF-8 prints with a "?"
    tty = stream.isatty() if terminal is None else terminal
    return Terminal(
        file=stream,
        force_terminal=terminal,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        width=width or (None if tty else 120),
    )


def styled(text: str, style: str) -> Text:
    return Text(printable(text), style=style)


def status_text(status: str | None, lang: str) -> Text:
    s = status or "unknown"
    return styled(f"{MARK.get(s, '?')} {label(s, lang)}", STYLE.get(s, "yellow"))


def flag_text(value: bool | None, lang: str) -> str:
    return (
        "?"
        if value is None
        else ("✓" if value else "✗") + " " + label("yes" if value else "no", lang)
    )


def render_report(report: Report, lang: str, con: Console, quiet: bool = False) -> None:
    """Per file its reading, then per club its indicators and its own problems, then the
    file's other problems; the wards, the totals and the verdict. Quiet: one line per file."""
    clubs_by_file: dict[str, list[ClubResult]] = defaultdict(list)
    for c in report.clubs:
        clubs_by_file[c.club.file].append(c)
    by_club: dict[int, list[Problem]] = defaultdict(list)
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p, res in zip(report.problems, problem_clubs(report), strict=True):
        if res is None:
            by_file[p.place.file].append(p)
        else:
            by_club[id(res)].append(p)
    if not quiet:
        as_of = date_text(report.as_of, lang)
        con.print(f"{label('plan', lang)}: {report.plan.id} · {label('as_of', lang)}: {as_of}")
    names = {a.id: a.label for a in report.plan.activities}
    for sub in report.files:
        if quiet:
            render_file_line(sub, clubs_by_file.get(sub.path, []), report, lang, con)
            continue
        con.print()
        if not render_file_head(sub, lang, con):
            continue
        for res in clubs_by_file.get(sub.path, []):
            render_club(res, lang, con, names)
            render_problems(by_club.pop(id(res), []), lang, con, "problems_club")
        render_problems(by_file.pop(sub.path, []), lang, con, "problems_file")
    rest = [p for ps in [*by_file.values(), *by_club.values()] for p in ps]
    if rest and not quiet:
        con.print()
        render_problems(rest, lang, con, "problems")
    if not quiet:
        render_wards(report, lang, con)
        render_totals(report, lang, con)
    render_missing(report, lang, con)
    render_closing(report, lang, con)


def render_file_head(sub: Submission, lang: str, con: Console) -> bool:
    """The file, its format and encoding and its row accounting; False when it was unreadable."""
    if sub.status != "read":
        code, params = sub.error or sub.set_aside or ("file-unreadable", {})
        style = "bold red" if sub.status == "error" else "yellow"  # else skipped, with its reason
        con.print(f"{sub.path}: {message(code, lang, **params)}", style=style)
        return False
    enc = " + ".join(label(f"encoding_{e}", lang) for e in (sub.encoding or "unicode").split("+"))
    con.print(
        f"{sub.path} — {label('format', lang)} {sub.format}, {label('encoding', lang)} {enc}",
        style="bold",
    )
    r = sub.rows
    counts = {k: number(getattr(r, k), lang) for k in ("read", "members", "rejected", "other")}
    con.print("  " + label("rows_line", lang, **counts))
    return True


def render_file_line(
    sub: Submission, clubs: list[ClubResult], report: Report, lang: str, con: Console
) -> None:
    """-q: the file on one line, with its clubs, errors and warnings (or why it was not read)."""
    if sub.status != "read":
        code, params = sub.error or sub.set_aside or ("file-unreadable", {})
        style = "bold red" if sub.status == "error" else "yellow"  # else skipped, with its reason
        con.print(f"{sub.path}: {message(code, lang, **params)}", style=style)
        return
    mine = [p for p in report.problems if p.place.file == sub.path]
    errors = sum(p.severity == ERROR for p in mine)
    line = label(
        "quiet_line",
        lang,
        path=sub.path,
        clubs=count_label("count_clubs", len(clubs), lang),
        errors=count_label("count_errors", errors, lang),
        warnings=count_label("count_warnings", len(mine) - errors, lang),
    )
    con.print(line, style="red" if errors else None)


def render_club(
    res: ClubResult, lang: str, con: Console, activity_names: dict[str, str] | None = None
) -> None:
    """A club's indicators against their targets, whether it is active, funded, effective, and
    which activities it has not done (or are not known)."""
    plain = not con.is_terminal
    name = res.club.name or res.id
    title = (name if name == res.id else f"{name} ({res.id})") + f" — {res.club.ward or '?'}"
    con.print(_indicator_table(title, res.indicators, lang, plain, numbers_right=True))
    flags = " · ".join(
        f"{label(k, lang)} {flag_text(getattr(res, k), lang)}"
        for k in ("fully_active", "funded", "effective")
    )
    con.print("  " + flags)
    names = activity_names or {}
    for key, value, style in (
        ("activities_missing", False, "red"),
        ("activities_unknown", None, "yellow"),
    ):
        which = [names.get(a, a) for a, done in res.activities.items() if done is value]
        if which and res.club.info is not None:
            con.print("  " + label(key, lang, names=", ".join(which)), style=style)


def render_closing(report: Report, lang: str, con: Console) -> None:
    text, style = closing_text(report, lang)
    con.print()
    con.print(text, style=style)


def render_missing(report: Report, lang: str, con: Console) -> None:
    """With a units list: the wards that have not submitted, by name, on one line."""
    if report.unit_list is None:
        return
    expected = report.unit_list.units
    missing = [w.name for w in report.wards if not w.submitted]
    con.print()
    if missing:
        names = ", ".join(missing)
        line = label("wards_missing", lang, count=len(missing), total=len(expected), names=names)
        con.print(line, style="yellow")
    else:
        con.print(label("wards_all_submitted", lang, total=len(expected)), style="green")


def render_account(report: Report, lang: str, con: Console) -> None:
    """One line that adds up: files, rows and clubs; then each file not counted, and why."""
    con.print(account_text(report, lang))
    for s in report.files:
        if s.status != "read":
            code, params = s.error or s.set_aside or ("file-unreadable", {})
            con.print(f"  {s.path}: {message(code, lang, **params)}")
        elif s.set_aside is not None:
            code, params = s.set_aside
            con.print(f"  {s.path}: {message(code, lang, **params)}")


def render_problems(
    problems: list[Problem], lang: str, con: Console, heading: str = "problems"
) -> None:
    """Problems grouped by severity and kind, each group titled in words, each problem with
    its sheet and cell."""
    if not problems:
        return
    groups: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    for p in problems:
        groups[(p.severity, p.code)].append(p)
    con.print("  " + label(heading, lang) + ":")
    for (severity, code), items in sorted(
        groups.items(), key=lambda kv: (kv[0][0] != ERROR, kv[0][1])
    ):
        style = "red" if severity == ERROR else "yellow"
        con.print(f"    {label(severity, lang)} · {title(code, lang)} ({len(items)})", style=style)
        for p in items[:MAX_PER_CODE]:
            where = "!".join(x for x in (p.place.sheet, p.place.cell) if x)
            con.print(f"      {where or Path(p.place.file).name}: {p.message(lang)}")
        if len(items) > MAX_PER_CODE:
            rest = number(len(items) - MAX_PER_CODE, lang)
            con.print("      " + label("more_problems", lang, count=rest))


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
        table.add_row(name, str(w.clubs), eff, status_text(w.status, lang) if w.status else "—")
    con.print(table)


def render_totals(report: Report, lang: str, con: Console) -> None:
    con.print()
    plain = not con.is_terminal
    con.print(_indicator_table(label("totals", lang), report.indicators, lang, plain))


def _indicator_table(
    title: str, indicators: list[Indicator], lang: str, plain: bool, numbers_right: bool = False
) -> Table:
    """Indicators as a table: name, value, target, status (✓/✗/?)."""
    table = Table(
        title=title,
        box=box.SIMPLE if plain else box.ROUNDED,
        title_justify="left",
        show_edge=not plain,
    )
    for col in ("indicator", "value", "target", "status"):
        right = numbers_right and col in ("value", "target")
        table.add_column(label(col, lang), justify="right" if right else "left")
    for ind in indicators:
        table.add_row(
            indicator_label(ind, lang),
            value_text(ind, lang),
            target_text(ind, lang),
            status_text(ind.status, lang),
        )
    return table


def render_plan(plan: Plan, lang: str, con: Console) -> None:
    plain = not con.is_terminal
    con.print(f"{plan.id}: {plan.title}")
    con.print(
        f"{label('recipient', lang)}: {plan.recipient} · {label('report_due', lang)}: "
        f"{plan.report_due} · {label('older_age', lang)}: {plan.older_age}",
    )
    table = Table(box=box.SIMPLE if plain else box.ROUNDED)
    table.add_column(label("indicator", lang))
    table.add_column(label("target", lang))
    for spec in plan.indicators:
        table.add_row(spec.name(lang), plan_target(spec, plan, lang))
    if plan.min_effective_clubs is not None:
        table.add_row(label("min_effective_clubs", lang), f"≥ {plan.min_effective_clubs}")
    for key, band in plan.totals.items():
        table.add_row(
            label(key, lang),
            target_text(Indicator(key, None, band.min, band.max, MET, unit=PCT), lang),
        )
    con.print(table)


def plan_target(spec: Spec, plan: Plan, lang: str) -> str:
    """What a club indicator asks for: its band, "of" what for a share, the activities."""
    if spec.kind == ACTIVITIES:
        return ", ".join(a.label for a in plan.activities)
    band = spec.band
    text = target_text(Indicator(spec.id, None, band.min, band.max, MET, unit=spec.unit), lang)
    of = COUNTERS[spec.of].of_label if spec.of and spec.say_of else None
    return f"{text} {label(of, lang)}" if of else text


def progress_text(
    step: str, lang: str, done: int = 0, total: int = 0, path: Path | None = None
) -> str:
    """What a long run is doing, on one line: `Đang đọc 37/200: phuong-7.xlsx`, `Đang kiểm tra…`."""
    if step == "read":
        head = label("progress_read", lang, done=done, total=total)
        return f"{head}: {printable(path.name)}" if path is not None else f"{head}…"
    return label(f"progress_{step}", lang)


@contextmanager
def progress(
    total: int, lang: str, enabled: bool = True, con: Console | None = None
) -> Iterator[Callable[[str, Path], None]]:
    """A progress line on stderr for long runs, only when stderr is a terminal. Yields the
    callback the api tells its steps to: ("read", file) after each file, then ("write_merged" or
    "write_summary", output) before writing; once every file is read, the checks run."""
    con = con or console(stderr=True)
    if not enabled or total < 5 or not con.is_terminal:
        yield lambda step, path: None
        return
    from rich.progress import BarColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}", markup=False), BarColumn())
    # no refresh thread: reading forks worker processes, and forking beside a thread can hang
    with Progress(*columns, console=con, transient=True, auto_refresh=False) as bar:
        task = bar.add_task(progress_text("read", lang, 0, total), total=total)
        done = 0

        def tell(step: str, path: Path) -> None:
            nonlocal done
            if step == "read":
                done += 1
                text = progress_text(step, lang, done, total, path)
                if done >= total:
                    text = progress_text("check", lang)
                bar.update(task, description=text, completed=done)
            else:
                bar.update(task, description=progress_text(step, lang), total=None)
            bar.refresh()

        yield tell


# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal would act on (C1 controls,
# bidi overrides, line separators) or cannot encode (the surrogates of a non-UTF-8 file name).
_JSON_UNSAFE = re.compile(
    r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def print_json(data: dict[str, Any]) -> None:
    """The JSON report on stdout; characters a terminal acts on are written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n")


# --- report (NAME=report): the summary's notes, apart so that render.py's owner can move it


def render_notes(notes: list[tuple[str, dict[str, Any]]], lang: str, con: Console) -> None:
    """Lines the summary adds (api.summary_notes): bodies that no longer exist, the reporting
    year, a verdict the other units list would change. Tuples of catalogue keys are joined."""
    for key, params in notes:
        shown = {
            k: ", ".join(label(x, lang) for x in v) if isinstance(v, tuple) else v
            for k, v in params.items()
        }
        con.print(
            label(key, lang, **shown), style=None if key == "note_year" else "yellow", markup=False
        )

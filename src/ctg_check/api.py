"""What the CLI and the tests call: read submissions, check them, return a Report.

Nothing here prints; every function returns values or raises a CtgError for what stops a command.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ctg_check.checks import club_result, member_checks, totals, ward_results
from ctg_check.errors import CtgError, FileReadError
from ctg_check.model import Place, Submission
from ctg_check.normalize import club_key
from ctg_check.plan import Plan, load_plan
from ctg_check.report import ERROR, Report, problem
from ctg_check.units import Units, load_units

EXTENSIONS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".html", ".htm", ".xml"}


@dataclass(frozen=True)
class Options:
    """Settings shared by the reading commands."""

    plan: Plan
    as_of: date
    units: Units | None = None
    ward: str | None = None


def options(
    plan: str | None = None,
    as_of: date | None = None,
    units: str | None = None,
    ward: str | None = None,
) -> Options:
    return Options(
        plan=load_plan(plan),
        as_of=as_of or date.today(),
        units=load_units(units) if units else None,
        ward=ward,
    )


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and spreadsheet files found recursively in folders (no lock or hidden files)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in EXTENSIONS
                and not p.name.startswith(("~$", "."))
                and not any(part.startswith(".") for part in p.relative_to(path).parts[:-1])
            )
            if not inside:
                raise CtgError("no-input", path=str(path))
            found.extend(inside)
        else:
            raise CtgError("file-not-found", path=str(path))
    return found


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_submission(path: Path, opts: Options) -> Submission:
    """Read one file; an unreadable file gives status 'error', not an exception."""
    from ctg_check.reading.load import read_book
    from ctg_check.reading.roster import parse_workbook

    digest = sha256(path)
    try:
        book, encoding = read_book(path)
    except FileReadError as exc:
        return Submission(str(path), digest, None, None, "error", (exc.code, exc.params))
    reading = parse_workbook(book, opts.plan, opts.as_of, opts.ward)
    sub = Submission(
        path=str(path),
        sha256=digest,
        format=book.format,
        encoding=encoding,
        rows=reading.rows,
        clubs=reading.clubs,
        problems=reading.problems,
        ward=reading.ward,
    )
    named = {c.ward for c in sub.clubs if c.ward}
    if sub.ward is None and len(named) == 1:
        sub.ward = named.pop()  # every club row of the file names the same ward
    for club in sub.clubs:
        if club.ward is None:
            club.ward = sub.ward
    if any(c.ward is None for c in sub.clubs):
        sub.problems.append(problem(ERROR, "ward-unknown", _file_place(sub)))
    if not sub.clubs:
        sub.problems.append(problem(ERROR, "no-members", _file_place(sub)))
    return sub


def _file_place(sub: Submission) -> Place:
    return Place(sub.path)


def read_all(
    files: Sequence[Path],
    opts: Options,
    progress: Callable[[int], None] | None = None,
    verbose: bool = False,
) -> list[Submission]:
    """Read every file; a reader failure costs that file only (verbose lets it propagate)."""
    subs = []
    for path in files:
        try:
            subs.append(read_submission(path, opts))
        except Exception as exc:
            if verbose:
                raise
            detail = f"{type(exc).__name__}: {exc}"
            subs.append(
                Submission(
                    str(path), "", None, None, "error", ("internal-error", {"detail": detail})
                )
            )
        if progress:
            progress(1)
    return subs


def check(subs: list[Submission], opts: Options) -> Report:
    """Compute every indicator and cross-file check over read submissions."""
    plan = opts.plan
    clubs = [c for s in subs for c in s.clubs]
    ids: dict[str, int] = {}
    results = []
    for club in clubs:
        base = club.id or club_key(club.name or "") or "?"
        ids[base] = ids.get(base, 0) + 1
        club_id = base if ids[base] == 1 else f"{base}#{ids[base]}"
        results.append(club_result(club, plan, opts.as_of, club_id))
    problems = [p for s in subs for p in s.problems]
    problems += member_checks(clubs)
    wards, ward_problems = ward_results(results, plan, opts.units)
    problems += ward_problems
    return Report(
        plan=plan,
        as_of=opts.as_of,
        files=subs,
        clubs=results,
        wards=wards,
        indicators=totals(results, wards, plan),
        problems=problems,
        units=opts.units.id if opts.units else None,
    )


def validate(
    paths: Iterable[str | Path],
    opts: Options | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Read every file under paths and check it against the plan."""
    opts = opts or options()
    files = collect_files(paths)
    return check(read_all(files, opts, progress), opts)


def write_template(out: Path, plan: str | None = None) -> None:
    """Write the blank standard submission workbook for a plan."""
    from ctg_check.writers.template import write_template as write

    write(load_plan(plan), out)

"""What the CLI and the tests call: read submissions, check them, return a Report.

Nothing here prints; every function returns values or raises a CtgError for what stops a command.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from ctg_check import outputs
from ctg_check.checks import club_result, member_checks, totals, ward_results
from ctg_check.errors import CtgError, FileReadError
from ctg_check.merge import set_aside
from ctg_check.model import Club, Place, Submission
from ctg_check.normalize import club_key, fold
from ctg_check.outputs import Output
from ctg_check.plan import Plan, load_plan
from ctg_check.report import ERROR, WARNING, Report, problem
from ctg_check.units import Units, load_units, ward_key

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
    plan_units: bool = False,
) -> Options:
    """Options from their names; with plan_units, no units list means the plan's own (summary
    lists every ward expected to report)."""
    loaded = load_plan(plan)
    if units is None and plan_units:
        units = loaded.units
    return Options(
        plan=loaded,
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
        report_date=reading.report_date,
        modified=path.stat().st_mtime,
        rejected_rows=reading.rejected_rows,
    )
    sub.fingerprint = fingerprint(sub)
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


def fingerprint(sub: Submission) -> str:
    """Hash of what a file says (clubs, their information and members), not of its bytes:
    the same list sent as .xlsx and as .xls has the same fingerprint."""
    digest = hashlib.sha256()
    for club in sorted(sub.clubs, key=lambda c: (c.id or "", c.name or "")):
        info = club.info
        head: tuple[object, ...] = (club.id, club_key(club.name or ""), club.ward)
        if info is not None:
            head += (
                info.income_fund,
                info.activity_fund,
                info.regulation,
                info.meetings,
                tuple(sorted(info.activities.items())),
            )
        digest.update(repr(head).encode())
        rows = sorted(
            repr(
                (
                    fold(m.name),
                    m.sex,
                    m.birth_year,
                    m.birth_date,
                    m.poor,
                    m.near_poor,
                    m.disabled,
                    m.hardship,
                    m.loan_needed,
                    m.loan_received,
                )
            )
            for m in club.members
        )
        digest.update("\n".join(rows).encode())
    return digest.hexdigest()


def _file_place(sub: Submission) -> Place:
    return Place(sub.path)


def read_all(
    files: Sequence[Path],
    opts: Options,
    progress: Callable[[int], None] | None = None,
    verbose: bool = False,
) -> list[Submission]:
    """Read every file, each in a worker process with memory and time limits (both cores), so
    that a hostile file costs one error line, never the batch. A reader bug costs that file only;
    with verbose it runs in this process and propagates, traceback and all."""
    from ctg_check.reading.guard import run_isolated

    subs = []
    reader = partial(_read_one, opts)
    for path, result in run_isolated(reader, list(files), isolate=not verbose):
        if isinstance(result, Submission):
            subs.append(result)
        else:
            if isinstance(result, FileReadError):
                code, params = result.code, dict(result.params)
            else:
                code, params = "internal-error", {"detail": f"{type(result).__name__}: {result}"}
            subs.append(Submission(str(path), sha256(path), None, None, "error", (code, params)))
        if progress:
            progress(1)
    return subs


def _read_one(opts: Options, path: Path) -> Submission:
    return read_submission(path, opts)


def check(subs: list[Submission], opts: Options) -> Report:
    """Compute every indicator and cross-file check over read submissions."""
    plan = opts.plan
    problems = [p for s in subs for p in s.problems]
    problems += set_aside(subs, opts.units)
    clubs = [c for s in subs if s.set_aside is None for c in s.clubs]
    seen: dict[str, Club] = {}
    results = []
    for club in clubs:
        base = club.id or club.name or "?"
        club_id = base
        if base in seen:
            club_id = f"{base}@{ward_key(club.ward or '') or Path(club.file).stem}"
            n = 2
            while club_id in seen:
                club_id, n = f"{base}@{n}", n + 1
            first = seen[base]
            if first.ward != club.ward:
                problems.append(
                    problem(
                        WARNING,
                        "club-id-collision",
                        Place(club.file, club.sheet),
                        club_id,
                        club_id=base,
                        other=first.file,
                        new_id=club_id,
                    )
                )
        seen[club_id] = club
        results.append(club_result(club, plan, opts.as_of, club_id))
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
        unit_list=opts.units,
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


def merge(
    paths: Iterable[str | Path],
    out: Path,
    opts: Options | None = None,
    lang: str = "vi",
    progress: Callable[[int], None] | None = None,
    no_clobber: bool = False,
) -> Report:
    """Read every submission and write the merged dataset (.xlsx, or CSV files in a folder)."""
    from ctg_check.writers.merged import CSV_NAMES, is_csv_folder, write_merged

    out = Path(out)
    target = outputs.csv_folder(out, CSV_NAMES.values()) if is_csv_folder(out) else Output(out)
    report = _checked(paths, [target], opts, progress, no_clobber)
    write_merged(report, out, lang)
    return report


def summary(
    paths: Iterable[str | Path],
    out: Path,
    opts: Options | None = None,
    lang: str = "vi",
    include_members: bool = False,
    progress: Callable[[int], None] | None = None,
    json_out: Path | None = None,
    no_clobber: bool = False,
) -> Report:
    """Read every submission and write the consolidated summary workbook (and the JSON report
    to `json_out`); both outputs are checked before either is written."""
    from ctg_check.writers.summary import write_summary

    targets = [Output(Path(out))] + ([Output(Path(json_out))] if json_out is not None else [])
    report = _checked(paths, targets, opts, progress, no_clobber)
    write_summary(report, out, lang, include_members)
    if json_out is not None:
        _write_json(report, Path(json_out), lang)
    return report


def _checked(
    paths: Iterable[str | Path],
    targets: list[Output],
    opts: Options | None,
    progress: Callable[[int], None] | None,
    no_clobber: bool,
) -> Report:
    """Every submission read and checked, once the outputs are known to be writable (see
    `ctg_check.outputs`: never over an input, never twice, regular files only)."""
    opts = opts or options()
    files = collect_files(paths)
    outputs.check(targets, files, no_clobber)
    return check(read_all(files, opts, progress), opts)


def annotate(report: Report, source: Path, out: Path, lang: str = "vi") -> bool:
    """Write the user's workbook with its problem cells marked; False when a new .xlsx was made
    because the source is not .xlsx."""
    from ctg_check.writers.annotated import write_annotated

    outputs.check([Output(Path(out))], [source])
    return write_annotated(report, source, out, lang)


def write_json(report: Report, out: Path, lang: str = "vi", no_clobber: bool = False) -> None:
    """The JSON report to a file, atomically."""
    outputs.check([Output(Path(out))], [Path(f.path) for f in report.files], no_clobber)
    _write_json(report, Path(out), lang)


def _write_json(report: Report, out: Path, lang: str) -> None:
    import json

    text = json.dumps(report.to_json(lang), ensure_ascii=False, indent=2) + "\n"
    outputs.atomic_write(out, text.encode("utf-8"))


def write_template(out: Path, plan: str | None = None, no_clobber: bool = False) -> None:
    """Write the blank standard submission workbook for a plan."""
    from ctg_check.writers.template import write_template as write

    outputs.check([Output(Path(out))], [], no_clobber)
    write(load_plan(plan), out)


def export_plan(profile: str, out: Path, no_clobber: bool = False) -> None:
    """Write a built-in plan's TOML text out to edit."""
    from ctg_check.plan import export_plan as export

    outputs.check([Output(Path(out))], [], no_clobber)
    export(profile, Path(out))

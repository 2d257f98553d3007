"""What the CLI and the tests call: read submissions, check them, return a Report.

Nothing here prints; every function returns values or raises a CtgError for what stops a command.
"""

from __future__ import annotations

import gc
import stat
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from ctg_check import marker, outputs
from ctg_check.checks import club_ids, club_result, member_checks, totals, ward_results
from ctg_check.errors import CtgError, FileReadError, OutputError
from ctg_check.model import Submission
from ctg_check.outputs import Output
from ctg_check.plain import Plain, from_plain, to_plain
from ctg_check.plan import Plan, load_plan
from ctg_check.report import Report, WardResult
from ctg_check.submissions import fingerprint, resolve, sha256
from ctg_check.units import Units, load_units

# Told where a long run is (render.progress shows it): ("read", file) after each file is read,
# ("write_merged" | "write_summary", output) before an output is written.
Progress = Callable[[str, Path], None]

EXTENSIONS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".html", ".htm", ".xml"}
EXTENSIONS.add(".txt")  # Excel's "Unicode Text" and other text tables: sniffed like the rest


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
    report: dict[str, Any] | None = None,
) -> Options:
    """Options from their names; with plan_units, no units list means the plan's own (summary
    lists every ward expected to report). `report` overrides the plan's report settings (issuer,
    recipient, number, place, year, signer as "authority|title|name"; None: not given)."""
    loaded = load_plan(plan)
    if report:
        loaded = replace(loaded, report=loaded.report.overridden(**report))
    if units is None and plan_units:
        units = loaded.units
    return Options(
        plan=loaded,
        as_of=as_of or date.today(),
        units=load_units(units) if units else None,
        ward=ward,
    )


@dataclass(frozen=True)
class Batch:
    """The files of a run: those to read (each once, by resolved path) and those not read, each
    with its reason (ctg-check's own outputs, special files, paths that do not exist)."""

    files: tuple[Path, ...]
    skipped: tuple[Submission, ...] = ()

    def __len__(self) -> int:
        return len(self.files)

    def __iter__(self) -> Iterator[Path]:
        return iter(self.files)


_SPECIAL = (
    (stat.S_ISFIFO, "special_fifo"),
    (stat.S_ISCHR, "special_device"),
    (stat.S_ISBLK, "special_device"),
    (stat.S_ISSOCK, "special_socket"),
)


def _special(path: Path) -> str | None:
    """Why a path that exists (perhaps as a link) is not a regular file, or None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "special_broken_link" if path.is_symlink() else None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((kind for test, kind in _SPECIAL if test(mode)), "special_other")


def _not_read(path: Path, status: str, code: str, **params: object) -> Submission:
    reason = (code, {"path": str(path), **params})
    if status == "error":
        return Submission(str(path), "", None, None, "error", reason)
    return Submission(str(path), "", None, None, status, set_aside=reason)


def collect_files(paths: Iterable[str | Path] | Batch) -> Batch:
    """Files named, and spreadsheet files found recursively in folders (no lock or hidden files).

    A file named is always read; in a folder, ctg-check's own outputs (marked) are skipped with
    their reason, and so are special files (pipes, devices, broken links). Each file once."""
    if isinstance(paths, Batch):
        return paths
    found: dict[Path, Path] = {}
    skipped: list[Submission] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside, aside = _scan(path)
            if not inside and not aside:
                raise CtgError("no-input", path=str(path))
            skipped += aside
        elif path.is_file():
            inside = [path]
        elif (kind := _special(path)) is not None:
            skipped.append(_not_read(path, "error", "special-file", reason=kind))
            continue
        else:
            raise CtgError("file-not-found", path=str(path))
        for file in inside:
            found.setdefault(file.resolve(), file)
    return Batch(tuple(found.values()), _once(skipped))


def _once(records: list[Submission]) -> tuple[Submission, ...]:
    seen: dict[Path, Submission] = {}
    for sub in records:
        seen.setdefault(Path(sub.path).resolve(), sub)
    return tuple(seen.values())


def _scan(folder: Path) -> tuple[list[Path], list[Submission]]:
    """Spreadsheet files in a folder, and the records of those skipped."""
    files: list[Path] = []
    skipped: list[Submission] = []
    manifests: dict[Path, set[str]] = {}
    for p in sorted(folder.rglob("*")):
        if (
            p.suffix.lower() not in EXTENSIONS
            or p.name.startswith(("~$", "."))
            or any(part.startswith(".") for part in p.relative_to(folder).parts[:-1])
        ):
            continue
        if (kind := _special(p)) is not None:
            skipped.append(_not_read(p, "skipped", "special-file", reason=kind))
            continue
        if not p.is_file():
            continue
        if p.parent not in manifests:
            manifests[p.parent] = marker.manifest_names(p.parent)
        output = "merged" if p.name in manifests[p.parent] else marker.read(p)
        if output in ("summary", "merged", "annotated"):
            skipped.append(_not_read(p, "skipped", "output-skipped", reason=f"output_{output}"))
        else:
            files.append(p)
    return files, skipped


def read_submission(path: Path, opts: Options) -> Submission:
    """Read one file; an unreadable file gives status 'error', not an exception."""
    from ctg_check.reading.assembly import settle_ward
    from ctg_check.reading.load import read_book
    from ctg_check.reading.roster import parse_workbook

    digest = sha256(path)
    try:
        book, encoding = read_book(path)
    except FileReadError as exc:
        return Submission(str(path), digest, None, None, "error", (exc.code, exc.params))
    reading = parse_workbook(book, opts.plan, opts.as_of, opts.ward, opts.units)
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
        other_kinds=reading.kinds,
    )
    sub.fingerprint = fingerprint(sub)
    if not any(c.members for c in sub.clubs) and marker.read(path) == "template":
        sub.set_aside = ("blank-template", {"path": str(path)})  # the template, not filled in
        return sub
    settle_ward(sub)
    return sub


def read_all(
    files: Sequence[Path] | Batch,
    opts: Options,
    progress: Progress | None = None,
    verbose: bool = False,
) -> list[Submission]:
    """Read every file, each in a worker process with memory and time limits (both cores), so
    that a hostile file costs one error line, never the batch; also with verbose, which only
    adds the traceback of a reader bug to its line. The files not read follow, with their reason."""
    # imported once, before the workers fork, not once in each worker
    import python_calamine  # noqa: F401

    from ctg_check.reading import encodings, load, roster  # noqa: F401
    from ctg_check.workers import run_isolated

    batch = collect_files(files)
    subs = []
    reader = partial(_read_one, opts, verbose)
    with _collector_paused():
        for path, result in run_isolated(reader, list(batch.files)):
            subs.append(_received(path, result))
            if progress:
                progress("read", path)
    return subs + list(batch.skipped)


def _received(path: Path, result: Plain | Exception) -> Submission:
    """A worker's reply: the submission it read, or the file's error."""
    if not isinstance(result, Exception):
        return from_plain(result)
    if isinstance(result, FileReadError):
        code, params = result.code, dict(result.params)
    else:
        code, params = "internal-error", {"detail": f"{type(result).__name__}: {result}"}
    return Submission(str(path), sha256(path), None, None, "error", (code, params))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: decoding and checking a batch, and laying out its
    workbooks, allocate objects by the hundred thousand, all kept, and the collector would scan
    them (and the whole report) again and again for none: the 3,321-file summary took 4.8-5.4 s
    to build and save with it, 3.3-3.5 s without. (gc.collect() still works: signals.run calls it
    after Ctrl-C.)"""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            # what was made inside goes to the oldest generation, not scanned by the next young
            # collections (nor those of the next pause): 0.1 s of an 800-file summary went there
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _read_one(opts: Options, verbose: bool, path: Path) -> Plain:
    """One file read in a worker, as plain tuples (plain.py): they cross the pipe faster than the
    dataclasses would pickle."""
    try:
        return to_plain(read_submission(path, opts))
    except CtgError:
        raise
    except Exception as exc:
        if not verbose:
            raise
        detail = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        raise FileReadError("internal-error", detail=detail) from None


def check(subs: list[Submission], opts: Options) -> Report:
    """Compute every indicator and cross-file check over read submissions: set-aside files and
    the copies of a club counted elsewhere add nothing but the line that says so."""
    with _collector_paused():
        return _check(subs, opts)


def _check(subs: list[Submission], opts: Options) -> Report:
    plan = opts.plan
    counted = resolve(subs, opts.units)
    problems = list(counted.problems)
    clubs = counted.clubs
    ids, collisions = club_ids(clubs)
    problems += collisions
    results = [club_result(club, plan, opts.as_of, i) for club, i in zip(clubs, ids, strict=True)]
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
    progress: Progress | None = None,
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
    progress: Progress | None = None,
    no_clobber: bool = False,
) -> Report:
    """Read every submission and write the merged dataset (.xlsx, or CSV files in a folder)."""
    from ctg_check.writers import WriteOptions
    from ctg_check.writers.merged import CSV_NAMES, is_csv_folder, write_merged

    out = Path(out)
    target = outputs.csv_folder(out, CSV_NAMES.values()) if is_csv_folder(out) else Output(out)
    report = _checked(paths, [target], opts, progress, no_clobber)
    if progress:
        progress("write_merged", out)
    with _collector_paused():  # the written rows are kept to the end: nothing to collect
        write_merged(report, out, WriteOptions(lang))
    return report


def summary(
    paths: Iterable[str | Path],
    out: Path,
    opts: Options | None = None,
    lang: str = "vi",
    include_members: bool = False,
    progress: Progress | None = None,
    json_out: Path | None = None,
    no_clobber: bool = False,
) -> Report:
    """Read every submission and write the consolidated summary workbook (and the JSON report
    to `json_out`); both outputs are checked before either is written."""
    from ctg_check.writers import WriteOptions
    from ctg_check.writers.summary import write_summary

    targets = [Output(Path(out))] + ([Output(Path(json_out))] if json_out is not None else [])
    report = _checked(paths, targets, opts, progress, no_clobber)
    if progress:
        progress("write_summary", out)
    with _collector_paused():  # the laid-out cells are kept to the end: nothing to collect
        write_summary(report, out, WriteOptions(lang, include_members))
        if json_out is not None:
            _write_json(report, Path(json_out), lang)
    return report


def _checked(
    paths: Iterable[str | Path],
    targets: list[Output],
    opts: Options | None,
    progress: Progress | None,
    no_clobber: bool,
) -> Report:
    """Every submission read and checked, once the outputs are known to be writable (see
    `ctg_check.outputs`: never over an input, never twice, regular files only)."""
    opts = opts or options()
    files = collect_files(paths)
    outputs.check(targets, list(files.files), no_clobber)
    return check(read_all(files, opts, progress), opts)


@dataclass(frozen=True)
class Annotation:
    """One annotated copy asked for, and how it went: `kept` when the copy is the user's own
    workbook marked (else a new workbook of the data as read), `error` when none was written."""

    source: Path
    out: Path
    kept: bool = False
    error: CtgError | None = None


def annotate_files(
    report: Report, jobs: Sequence[tuple[Path, Path]], lang: str = "vi"
) -> list[Annotation]:
    """Write an annotated copy for each (source, out), in input order, each in a worker process
    with the reading limits (memory, time). A copy that cannot be written is an Annotation with
    its error (one translatable line), never an exception: the other copies and the report go on."""
    from ctg_check.workers import run_isolated

    inputs = tuple(Path(f.path) for f in report.files)
    write = partial(_annotate_one, report, inputs, lang)
    done = []
    for (source, out), result in run_isolated(write, [(Path(s), Path(o)) for s, o in jobs]):
        if isinstance(result, bool):
            done.append(Annotation(source, out, kept=result))
        else:
            done.append(Annotation(source, out, error=_annotate_error(source, result)))
    return done


def annotate_jobs(report: Report, folder: Path) -> list[tuple[Path, Path]]:
    """(source, copy) for every file read, the copies in `folder` (made if missing): an
    .xlsx/.xlsm keeps its name, any other file becomes <name>.xlsx; names met twice get (2)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError("output-invalid", path=str(folder), reason=exc.strerror or exc) from None
    jobs, taken = [], set()
    for sub in report.files:
        if sub.status != "read":
            continue
        source = Path(sub.path)
        suffix = source.suffix.lower() if source.suffix.lower() in (".xlsx", ".xlsm") else ".xlsx"
        name, n = source.stem + suffix, 1
        while name.casefold() in taken:
            n += 1
            name = f"{source.stem} ({n}){suffix}"
        taken.add(name.casefold())
        jobs.append((source, folder / name))
    return jobs


def annotate(report: Report, source: Path, out: Path, lang: str = "vi") -> bool:
    """Write the user's workbook with its problem cells marked; False when a new .xlsx was made
    because the source is not .xlsx. Raises the CtgError of a copy that could not be written."""
    (done,) = annotate_files(report, [(source, out)], lang)
    if done.error is not None:
        raise done.error
    return done.kept


def _annotate_one(
    report: Report, inputs: tuple[Path, ...], lang: str, job: tuple[Path, Path]
) -> bool:
    """One annotated copy, in a worker: whatever openpyxl fails on becomes a FileReadError, with
    what it said as `detail` (shown with --verbose, never as the message)."""
    from ctg_check.reading.limits import read_error
    from ctg_check.writers import WriteOptions
    from ctg_check.writers.annotated import write_annotated

    source, out = job
    outputs.check([Output(out)], [source, *inputs])
    try:
        return write_annotated(report, out, WriteOptions(lang, source=source))
    except (CtgError, MemoryError):
        raise
    except Exception as exc:
        raise read_error(source, "unsupported", detail=_detail(exc)) from None


def _annotate_error(source: Path, exc: Exception) -> CtgError:
    """An OutputError as it is; any other failure as `annotate-failed` naming the source file and
    what kind of file it is (the reader's vocabulary, so the message is translated)."""
    from ctg_check.reading.limits import FILE_KINDS

    if isinstance(exc, OutputError):
        return exc
    if isinstance(exc, FileReadError):
        kind, detail = str(exc.params.get("kind")), str(exc.params.get("detail") or "")
    else:
        kind, detail = "unsupported", _detail(exc)
    kind = kind if kind in FILE_KINDS else "unsupported"
    what = FILE_KINDS[kind]
    return OutputError("annotate-failed", path=str(source), what=what, kind=kind, detail=detail)


def _detail(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


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
    from ctg_check.writers import WriteOptions
    from ctg_check.writers.template import write_template as write

    outputs.check([Output(Path(out))], [], no_clobber)
    write(load_plan(plan), out, WriteOptions())


# --- the report's settings and what the terminal says about them (DESIGN.md 7b) ---


@dataclass(frozen=True)
class UnitsVerdict:
    """The per-ward verdict under the report's units list and under its counterpart."""

    units: str
    met: int
    total: int
    status: str
    other: str
    other_met: int
    other_total: int
    other_status: str


def units_verdict(report: Report) -> UnitsVerdict | None:
    """The verdict on 'every ward has its effective clubs' under the other side of 1/7/2025's
    units list (old 17 vs new 5 wards), when it differs from the report's; else None."""
    from ctg_check.units import counterpart

    if report.unit_list is None or report.plan.min_effective_clubs is None:
        return None
    other = counterpart(report.unit_list)
    if other is None:
        return None
    wards, _ = ward_results(report.clubs, report.plan, other)
    mine, theirs = _ward_verdict(report.wards), _ward_verdict(wards)
    if mine[2] == theirs[2]:
        return None
    return UnitsVerdict(report.unit_list.id, *mine, other.id, *theirs)


def _ward_verdict(wards: Sequence[WardResult]) -> tuple[int, int, str]:
    """Wards meeting the target, wards named, and the verdict (met when every one does)."""
    from ctg_check.report import MET, NOT_MET, UNKNOWN

    named = [w for w in wards if w.name]
    met = sum(w.status == MET for w in named)
    status = MET if met == len(named) else UNKNOWN
    if any(w.status == NOT_MET for w in named):
        status = NOT_MET
    return met, len(named), status


def summary_notes(report: Report) -> list[tuple[str, dict[str, Any]]]:
    """Lines for the terminal after a summary, as catalogue keys and parameters: bodies that no
    longer exist on the report's date, a reporting year other than the reference date's, and a
    verdict the other units list would change."""
    from ctg_check.report_settings import reporting_year

    settings = report.plan.report
    notes: list[tuple[str, dict[str, Any]]] = []
    outdated = settings.outdated(report.as_of)
    if outdated and settings.bodies_until is not None:
        until = settings.bodies_until.strftime("%d/%m/%Y")
        bodies = tuple(f"body_{b}" for b in outdated)
        notes.append(("note_bodies", {"bodies": bodies, "until": until, "plan": report.plan.id}))
    year = reporting_year(settings, report.as_of, report.plan.report_due)
    if settings.year is None and year != report.as_of.year:
        notes.append(("note_year", {"year": year, "as_of": report.as_of.strftime("%d/%m/%Y")}))
    verdict = units_verdict(report)
    if verdict is not None:
        notes.append(("note_units_verdict", vars(verdict)))
    return notes


def export_plan(profile: str, out: Path, no_clobber: bool = False) -> None:
    """Write a built-in plan's TOML text out to edit."""
    from ctg_check.plan import export_plan as export

    outputs.check([Output(Path(out))], [], no_clobber)
    export(profile, Path(out))

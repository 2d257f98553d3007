"""Jobs: one upload, read in the background, its reports and its downloads, in a private folder.

A job id is unguessable and belongs to the browser session that made it: another session asking
for it gets nothing. A job's folder (0700, inside the server's own 0700 folder) is deleted when
every result has been downloaded, when it is left idle, when the user discards it and at shutdown.
"""

from __future__ import annotations

import secrets
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ctg_check.errors import CtgError
from ctg_check.i18n import label, message
from ctg_check.report import Report
from ctg_check.web import adapters
from ctg_check.web.uploads import remove

# What a job can give, with the file name it is downloaded as (per language).
DOWNLOADS: dict[str, tuple[str, str]] = {
    "summary": ("tong-hop.xlsx", "summary.xlsx"),
    "merged": ("du-lieu-gop.xlsx", "merged.xlsx"),
    "annotated": ("ban-danh-dau.zip", "annotated.zip"),
    "json": ("bao-cao.json", "report.json"),
}
ANNOTATABLE = (".xlsx", ".xlsm")
IDLE_SECONDS = 30 * 60


@dataclass
class Job:
    """One check: where its files are, how far reading got, what it found."""

    id: str
    session: str
    folder: Path
    settings: adapters.Settings
    state: str = "reading"  # reading, done, failed
    total: int = 0
    done: int = 0
    error: tuple[str, dict[str, object]] | None = None
    report: Report | None = None  # as `summary` checks (every expected ward)
    merged: Report | None = None  # as `merge` checks
    single: dict[str, Report] = field(default_factory=dict)  # per file, as `validate` checks
    downloaded: set[str] = field(default_factory=set)
    touched: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def inputs(self) -> Path:
        return self.folder / "in"

    @property
    def outputs(self) -> Path:
        return self.folder / "out"

    @property
    def status(self) -> str:
        """met, not_met or error: the verdict the page shows."""
        if self.report is None:
            return "error"
        return {0: "met", 1: "not_met"}.get(self.report.exit_code(), "error")

    def progress(self) -> dict[str, object]:
        return {"state": self.state, "done": self.done, "total": self.total}


class JobStore:
    """The jobs of one server, each bound to the session that made it."""

    def __init__(
        self, idle_seconds: float = IDLE_SECONDS, clock: Callable[[], float] = time.monotonic
    ):
        self.root = Path(tempfile.mkdtemp(prefix="ctg-check-serve-"))  # mode 0700
        self.idle_seconds = idle_seconds
        self.clock = clock
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()

    def create(self, session: str, settings: adapters.Settings) -> Job:
        job_id = secrets.token_urlsafe(24)
        folder = Path(tempfile.mkdtemp(prefix="job-", dir=self.root))
        job = Job(job_id, session, folder, settings, touched=self.clock())
        job.inputs.mkdir(mode=0o700)
        job.outputs.mkdir(mode=0o700)
        with self.lock:
            self.jobs[job_id] = job
        return job

    def get(self, job_id: str, session: str) -> Job | None:
        """The job, if it exists and belongs to this session; marks it used."""
        self.reap()
        with self.lock:
            job = self.jobs.get(job_id)
        if job is None or not secrets.compare_digest(job.session, session):
            return None
        job.touched = self.clock()
        return job

    def discard(self, job: Job) -> None:
        with self.lock:
            self.jobs.pop(job.id, None)
        remove(job.folder)

    def reap(self) -> None:
        """Discard the jobs idle for longer than the timeout (not while they are reading)."""
        now = self.clock()
        with self.lock:
            idle = [
                j
                for j in self.jobs.values()
                if j.state != "reading" and now - j.touched > self.idle_seconds
            ]
        for job in idle:
            self.discard(job)

    def close(self) -> None:
        with self.lock:
            self.jobs.clear()
        remove(self.root)


def run(job: Job) -> None:
    """Read and check a job's files (in a background thread); never raises."""
    try:
        files = adapters.collect(job.inputs)
        job.total = len(files)
        summary_opts = adapters.options(job.settings, for_summary=True)
        plain_opts = adapters.options(job.settings, for_summary=False)

        def advance(n: int) -> None:
            job.done += n

        read = adapters.read(files, plain_opts, advance)
        subs = adapters.relabel(read, job.inputs)
        job.report = adapters.check(subs, summary_opts)
        job.merged = adapters.check(subs, plain_opts)
        # Annotated copies are made from the files on disk, as `validate FILE --annotate` does.
        job.single = {
            str(Path(s.path).relative_to(job.inputs)): adapters.check([s], plain_opts)
            for s in read
            if s.status == "read" and Path(s.path).suffix.lower() in ANNOTATABLE
        }
        job.state = "done"
    except CtgError as exc:
        job.error, job.state = (exc.code, dict(exc.params)), "failed"
    except Exception as exc:  # a bug: one job fails, the server goes on
        job.error = ("internal-error", {"detail": f"{type(exc).__name__}: {exc}"})
        job.state = "failed"


def output(job: Job, kind: str) -> Path:
    """The file of one download kind, written on first request."""
    with job.lock:
        name = DOWNLOADS[kind][0]
        path = job.outputs / name
        if not path.exists():
            _write(job, kind, path)
        return path


def _write(job: Job, kind: str, path: Path) -> None:
    assert job.report is not None and job.merged is not None
    if kind == "summary":
        adapters.write_summary(job.report, path, job.settings)
    elif kind == "merged":
        adapters.write_merged(job.merged, path, job.settings)
    elif kind == "json":
        adapters.write_json(job.report, path, job.settings)
    else:
        _annotated_zip(job, path)


def _annotated_zip(job: Job, path: Path) -> None:
    """One annotated copy per .xlsx ward file, zipped with fixed dates (same bytes each time);
    a file that could not be annotated, or is not .xlsx, is named in a note inside the zip."""
    work = job.outputs / "annotated"
    work.mkdir(mode=0o700, exist_ok=True)
    lang = job.settings.lang
    notes = [
        f"{sub.path}: {label('web_not_annotated', lang)}"
        for sub in (job.report.files if job.report else [])
        if sub.path not in job.single
    ]
    part = path.with_suffix(".part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, (rel, report) in enumerate(sorted(job.single.items()), 1):
            out = work / f"{n}.xlsx"
            try:
                adapters.annotate(report, job.inputs / rel, out, job.settings)
            except CtgError as exc:
                notes.append(f"{rel}: {message(exc.code, lang, **exc.params)}")
                continue
            except Exception as exc:  # a writer bug costs that file's copy, not the download
                detail = f"{type(exc).__name__}: {exc}"
                notes.append(f"{rel}: {message('internal-error', lang, detail=detail)}")
                continue
            _add(zf, _annotated_name(rel), out.read_bytes())
        if notes:
            _add(zf, label("web_notes_file", lang), ("\n".join(notes) + "\n").encode("utf-8"))
    part.rename(path)


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def _annotated_name(rel: str) -> str:
    p = Path(rel)
    return str(p.with_name(f"{p.stem}-danh-dau.xlsx"))


def finished(store: JobStore, job: Job, kind: str) -> None:
    """Note a download; once every result has been downloaded the job's files are deleted."""
    job.downloaded.add(kind)
    if job.downloaded >= set(DOWNLOADS):
        store.discard(job)

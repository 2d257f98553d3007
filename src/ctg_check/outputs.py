"""Where ctg-check writes: one guard every output passes before anything is written, and the
writing itself (atomic files, a set of CSV files renamed as a whole, errors in the user's words).

The rules (README "Outputs"):
- An output is never an input. For the merged CSV folder this holds for every file written in it
  (`merge X -o X/` with an input `X/clb.csv` is refused). A previous ctg-check output (marked, see
  `marker`) is not an input: it may be replaced.
- No two outputs of one run are the same file (`summary -o a --json a` is refused).
- An output is a regular file or absent: never a directory, FIFO, device or socket. A symbolic link
  to a regular file is followed (the file it points to is replaced, the link stays); a dangling
  link is refused. Its folder must exist and be writable.
- An existing output that is not an input is replaced; with `no_clobber` it is refused.
- Every output of a run is checked before any is written.

Writing goes to a hidden temporary file (or folder) named `.ctg-check-tmp-<pid>-…` beside the
target, then renamed, so an interrupted run never leaves a half-written file; what a killed run
left is removed by the next run that writes to the same folder (`sweep`).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ctg_check import marker
from ctg_check.errors import OutputError

TEMP_PREFIX = ".ctg-check-tmp-"
STALE_AGE = 24 * 3600  # seconds (Windows only, see _stale)
_STALE = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-")
_ERRNO_CODES = {
    errno.ENOSPC: "output-disk-full",
    errno.EDQUOT: "output-disk-full",
    errno.EACCES: "output-read-only",
    errno.EPERM: "output-read-only",
    errno.EROFS: "output-read-only",
    errno.ENOENT: "output-folder-missing",
    errno.ENOTDIR: "output-folder-missing",
    errno.EISDIR: "output-is-directory",
}


@dataclass(frozen=True)
class Output:
    """One output of a run: a file, or a folder with the names of the files written in it."""

    path: Path
    names: tuple[str, ...] = ()

    @property
    def files(self) -> list[Path]:
        return [self.path / n for n in self.names] if self.names else [self.path]


def csv_folder(path: Path, names: Iterable[str]) -> Output:
    """A folder of CSV files with the manifest that marks them as ctg-check's."""
    return Output(Path(path), (*names, marker.MANIFEST))


def check(outputs: Sequence[Output], inputs: Iterable[Path], no_clobber: bool = False) -> None:
    """Refuse, before anything is written, an output that breaks one of the rules above."""
    real_inputs = {_identity(Path(p)): Path(p) for p in inputs}
    seen: set[object] = set()
    for out in outputs:
        _check_place(out, no_clobber)
        for file in out.files:
            key = _identity(file)
            if key in seen:
                raise OutputError("output-twice", path=str(file))
            seen.add(key)
            if key in real_inputs and not _previous_output(file):
                raise OutputError("output-is-input", path=str(file))
    for out in outputs:  # what killed runs left where this one writes
        sweep(_target(out.path).parent)
        if out.names and out.path.is_dir():
            sweep(_target(out.path))


def _identity(path: Path) -> object:
    """The same key for every name of one file (links, `a/../b`); a new file by its full path."""
    try:
        st = path.stat()
    except OSError:
        return os.path.realpath(path)
    return (st.st_dev, st.st_ino)


def _previous_output(path: Path) -> bool:
    return marker.read(path) is not None or path.name in marker.manifest_names(path.parent)


def _check_place(out: Output, no_clobber: bool) -> None:
    if not out.names:
        _check_file(out.path, no_clobber)
        return
    folder = out.path
    if folder.exists() and not folder.is_dir():
        raise OutputError("output-not-folder", path=str(folder))
    if not folder.exists():
        _check_folder(_target(folder).parent, folder)
        return
    for file in out.files:
        _check_file(file, no_clobber and file.name != marker.MANIFEST)


def _check_file(path: Path, no_clobber: bool) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise OutputError("output-not-file", path=str(path)) from None
        _check_folder(path.absolute().parent, path)
        return
    except OSError as exc:
        raise _error(exc, path) from None
    if stat.S_ISDIR(mode):
        raise OutputError("output-is-directory", path=str(path))
    if not stat.S_ISREG(mode):
        raise OutputError("output-not-file", path=str(path))
    if no_clobber:
        raise OutputError("output-exists", path=str(path))
    _check_folder(_target(path).parent, path)


def _check_folder(folder: Path, path: Path) -> None:
    if not folder.is_dir():
        raise OutputError("output-folder-missing", path=str(path), folder=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("output-read-only", path=str(path), folder=str(folder))


def _target(path: Path) -> Path:
    """Where writing `path` lands: the file a symbolic link points to, else the path itself."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _error(exc: OSError, path: Path) -> OutputError:
    code = _ERRNO_CODES.get(exc.errno or 0, "output-invalid")
    folder = str(Path(path).absolute().parent)
    return OutputError(code, path=str(path), folder=folder, reason=exc.strerror or str(exc))


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """An operating-system error while writing `path` as an OutputError (one translated line)."""
    try:
        yield
    except OutputError:
        raise
    except OSError as exc:
        raise _error(exc, path) from exc


def atomic_write(out: Path, data: bytes) -> None:
    """Write bytes to a hidden temporary file beside `out`, then rename it onto `out`."""
    target = _target(out)
    with translated(out):
        fd, tmp = tempfile.mkstemp(prefix=_prefix(), suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, _file_mode(target))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def write_set(folder: Path, files: dict[str, bytes]) -> None:
    """Write several files into `folder` so that they all appear or none does: every file is
    written into a private temporary folder first. A new folder is renamed into place whole; into
    an existing one the files are renamed one by one with Ctrl-C and SIGTERM held back."""
    target = _target(folder)
    with translated(folder):
        exists = target.is_dir()
        tmp = Path(tempfile.mkdtemp(prefix=_prefix(), dir=target if exists else target.parent))
        try:
            for name, data in files.items():
                (tmp / name).write_bytes(data)
                os.chmod(tmp / name, _file_mode(target / name))
            if not exists:
                os.chmod(tmp, 0o777 & ~_umask())
                os.rename(tmp, target)
                return
            with _signals_held():
                for name in files:
                    os.replace(tmp / name, target / name)
            tmp.rmdir()
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back (delivered right after) where the platform allows it."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files and folders that a killed ctg-check run left in `folder`
    (their process is gone); returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _STALE.match(entry.name)
        if found is None or not _stale(int(found.group(1)), entry):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _stale(pid: int, entry: os.DirEntry[str]) -> bool:
    """Left by a run that is gone: its process no longer exists (on Windows, where a process
    cannot be asked about without risk, when it is older than a day)."""
    if pid == os.getpid():
        return False
    if os.name == "nt":
        try:
            return time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_AGE
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False  # exists but not ours, or cannot tell: leave it
    return False


def _prefix() -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _file_mode(out: Path) -> int:
    """Keep the mode of the file being replaced; a new file gets the usual 0o666 minus umask."""
    try:
        return out.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()

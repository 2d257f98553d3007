"""Uploaded files onto disk: safe names, size limits, and .zip archives unpacked with care.

A name from the browser may carry the folder it was picked from (``sample_data/phuong-1.xlsx``);
it is kept as a relative path inside the job's folder, never allowed to climb out of it. A .zip
is unpacked only after its directory passes the same limits the reader applies to workbooks
(reading/guard.py), and its entries are refused when they are links or reach outside.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from ctg_check.errors import CtgError, FileReadError
from ctg_check.reading import guard


@dataclass(frozen=True)
class Limits:
    """How much one upload may bring. Defaults follow the reader's own limits."""

    file_bytes: int = guard.MAX_FILE_BYTES
    batch_bytes: int = 4 * guard.MAX_FILE_BYTES
    files: int = 2_000
    zip_members: int = guard.MAX_ZIP_MEMBERS
    unzipped_bytes: int = guard.MAX_UNZIPPED_BYTES


class UploadError(CtgError):
    """An upload the server will not take; the code names why (413 for sizes, 400 otherwise)."""


_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")


def safe_name(raw: str) -> PurePosixPath:
    """A relative path from a browser-given name; UploadError for one that climbs out."""
    parts = [p for p in re.split(r"[\\/]+", raw) if p not in ("", ".")]
    if not parts or ".." in parts or re.match(r"^[A-Za-z]:", raw) or raw.startswith(("/", "\\")):
        raise UploadError("upload-unsafe-name", name=raw)
    clean = [_UNSAFE.sub("_", p)[:200] for p in parts]
    return PurePosixPath(*clean)


def store(stream: IO[bytes], name: str, folder: Path, limits: Limits, used: int) -> int:
    """Copy one upload under folder (a .zip is unpacked); return the bytes it added to the batch."""
    rel = safe_name(name)
    target = _free(folder / rel)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    size = _copy(stream, target, limits.file_bytes, name)
    if used + size > limits.batch_bytes:
        raise batch_too_large(limits)
    if rel.suffix.lower() != ".zip":
        return size
    try:
        added = unpack(target, target.with_suffix(""), limits, used + size)
    finally:
        target.unlink()
    return size + added


def unpack(archive: Path, folder: Path, limits: Limits, used: int) -> int:
    """Unpack a .zip of submissions into folder after checking every entry; return bytes written."""
    try:
        with guard.open_zip(archive) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            _check_entries(infos, archive.name, limits, used)
            folder = _free(folder)
            written = 0
            for info in infos:
                target = folder / safe_name(info.filename)
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                with zf.open(info) as src:
                    written += _copy(src, _free(target), limits.file_bytes, info.filename)
                if used + written > limits.batch_bytes:
                    raise batch_too_large(limits)
    except FileReadError as exc:  # not a zip at all, or a damaged one
        raise UploadError("upload-bad-zip", name=archive.name, detail=exc.code) from None
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise UploadError("upload-bad-zip", name=archive.name, detail=str(exc)[:200]) from None
    return written


def _check_entries(infos: list[zipfile.ZipInfo], name: str, limits: Limits, used: int) -> None:
    if len(infos) > limits.zip_members:
        raise UploadError("upload-too-many", name=name, limit=limits.zip_members)
    total = 0
    for info in infos:
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise UploadError("upload-zip-link", name=name, entry=info.filename)
        safe_name(info.filename)  # refuses ../ and absolute names
        total += info.file_size
        if info.file_size > limits.file_bytes:
            raise UploadError("upload-too-large", name=info.filename, limit=_mb(limits.file_bytes))
        if total > limits.unzipped_bytes or used + total > limits.batch_bytes:
            raise batch_too_large(limits)
        if info.file_size > max(guard.RATIO_FLOOR_BYTES, guard.MAX_RATIO * info.compress_size):
            raise UploadError("upload-zip-bomb", name=name, entry=info.filename)


def _copy(src: IO[bytes], target: Path, limit: int, name: str) -> int:
    """Copy at most limit bytes; UploadError (and nothing left behind) past it."""
    size = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as out:
        while block := src.read(1 << 20):
            size += len(block)
            if size > limit:
                out.close()
                target.unlink()
                raise UploadError("upload-too-large", name=name, limit=_mb(limit))
            out.write(block)
    return size


def _free(path: Path) -> Path:
    """path, or path with ' (2)', ' (3)'... before the suffix when it is taken."""
    n = 2
    candidate = path
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def batch_too_large(limits: Limits) -> UploadError:
    return UploadError(
        "upload-batch-too-large", limit=_mb(min(limits.batch_bytes, limits.unzipped_bytes))
    )


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)

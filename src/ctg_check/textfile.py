"""Settings files (a plan, a units list): read only when they are regular files of bounded size,
so `--plan /dev/zero` or a named pipe is one clear error, never a hang or gigabytes in memory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ctg_check.errors import CtgError

MAX_BYTES = 4 << 20  # the largest plan or units list is a few kilobytes


def read_limited(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file no larger than `limit`; CtgError otherwise. Opened without
    blocking, so a FIFO with no writer is refused, not waited on. OSError passes through."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CtgError("input-not-regular", path=str(path))
        if info.st_size > limit:
            raise CtgError("input-too-large", path=str(path), size=info.st_size, limit=limit)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while read
        raise CtgError("input-too-large", path=str(path), size=len(data), limit=limit)
    return data

"""A reader that dies, overruns or hoards memory costs one item; workers never outlive the run."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ctg_check.errors import FileReadError
from ctg_check.workers import run_isolated


def _work(item: str) -> object:
    if item == "abort":
        os.abort()
    if item == "sleep":
        time.sleep(60)
    if item == "memory":
        return len(bytearray(3_000_000_000))
    if item == "raise":
        raise ValueError("bad value")
    if item == "unpicklable":
        return lambda: None
    return item.upper()


def test_run_isolated_survives_crashes_timeouts_and_memory() -> None:
    items = ["a", "abort", "b", "sleep", "memory", "raise", "unpicklable", "c"]
    start = time.monotonic()
    results = list(run_isolated(_work, items, jobs=2, timeout=1.0))
    assert time.monotonic() - start < 30  # the sleeping item was stopped at its timeout
    assert [item for item, _ in results] == items  # input order
    got = dict(results)
    assert (got["a"], got["b"], got["c"]) == ("A", "B", "C")
    assert isinstance(got["raise"], ValueError) and "bad value" in str(got["raise"])
    errors = {item: value for item, value in results if isinstance(value, FileReadError)}
    assert {item: error.params["kind"] for item, error in errors.items()} == {
        "abort": "crashed",
        "sleep": "too-slow",
        "memory": "too-much-memory",
        "unpicklable": "reader-error",
    }
    assert errors["abort"].code == errors["unpicklable"].code == "file-unreadable"
    assert errors["sleep"].code == errors["memory"].code == "file-too-large"
    assert str(errors["memory"]).startswith("file-too-large: {")  # rebuilt after unpickling


def test_run_isolated_single_worker_and_inline() -> None:
    items = ["x", "raise", "y"]
    for results in (
        list(run_isolated(_work, items, jobs=1)),
        list(run_isolated(_work, items, isolate=False)),
    ):
        assert [results[0][1], results[2][1]] == ["X", "Y"]
        assert isinstance(results[1][1], ValueError)
    assert list(run_isolated(_work, [])) == []


def test_run_isolated_many_items_in_order() -> None:
    items = [str(i) for i in range(500)]
    results = list(run_isolated(_work, items, jobs=2))
    assert [item for item, _ in results] == items


def _collects(_: object) -> bool:
    import gc

    return gc.isenabled()


def test_workers_collect_garbage_when_the_parent_has_paused_its_collector() -> None:
    import gc

    gc.disable()  # as api.read_all does while it decodes the replies
    try:
        results = list(run_isolated(_collects, range(4), jobs=2))
    finally:
        gc.enable()
    assert [value for _, value in results] == [True] * 4


_ORPHANED_POOLS = """
import itertools, os, time
from ctg_check.workers import run_isolated

def pid(_):
    return os.getpid()

pools = []  # kept: closing a pool's generator would end its workers
for jobs in (3, 2):  # two pools at once, as the web page runs them
    seen = set()
    pools.append(run_isolated(pid, itertools.count(), jobs=jobs))
    for _, value in pools[-1]:
        seen.add(value)
        if len(seen) == jobs:
            break
    print(" ".join(map(str, sorted(seen))), end=" ", flush=True)
print(flush=True)
time.sleep(600)
"""


def _running(pid: int) -> bool:
    """True while the process exists and is not a zombie (an orphan's zombie waits for init)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_workers_end_when_their_parent_is_killed() -> None:
    """After a kill -9 of the parent, each worker sees end-of-file on its pipe and leaves: no
    worker keeps another's pipe end, or its own, open."""
    parent = subprocess.Popen(
        [sys.executable, "-c", _ORPHANED_POOLS], stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 5 and all(map(_running, workers))
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in workers if _running(pid)]
    for pid in alive:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert alive == []

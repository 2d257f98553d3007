"""A reader that dies, overruns or hoards memory costs one item; workers never outlive the run."""

from __future__ import annotations

import os
import time

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

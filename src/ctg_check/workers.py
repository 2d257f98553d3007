"""Run a function over items in worker processes with a memory cap and a time limit, so that
what a hostile file does (a crash, an abort in Rust, a runaway allocation) costs one item, not
the batch. Used by reading and by the annotated copies."""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import os
import pickle
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

from ctg_check.errors import CtgError, FileReadError
from ctg_check.reading.limits import read_error

T = TypeVar("T")
R = TypeVar("R")


def run_isolated(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int = 0,
    timeout: float = 30.0,
    memory_limit: int = 1_500_000_000,
    *,
    isolate: bool = True,
) -> Iterator[tuple[T, R | Exception]]:
    """Yield (item, fn(item)) for every item in input order; a raised exception is the value.

    Each call runs in a long-lived worker process (fork on Linux) that may grow by `memory_limit`
    bytes of address space (RLIMIT_AS, on top of what it inherited) and gets `timeout` seconds per
    item. A worker that dies or overruns yields a FileReadError for its item (`file-too-large` for
    memory or time, `file-unreadable` "a file that crashed the reader" otherwise) and is replaced.
    `jobs=0` uses every CPU this process may run on (its affinity mask, else os.cpu_count());
    workers start lazily, never more than there are items.
    Items and results travel by pickle; `fn` must be a module-level function. `isolate=False`
    runs everything in this process, for tests and debugging (no memory or time limit).
    Worker stderr goes to a temporary file, not the terminal: Rust panics and aborts print
    backtraces there. What an item made a worker print before dying is the error's `detail`.
    """
    if not isolate:
        return _run_inline(fn, items)
    return _Pool(fn, jobs, timeout, memory_limit).run(items)


def _run_inline(fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | Exception]]:
    for item in items:
        try:
            yield item, fn(item)
        except MemoryError:
            yield item, read_error(item, "too-much-memory")
        except Exception as exc:
            yield item, exc


def _limit_memory(extra: int) -> None:
    try:
        import resource

        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, ImportError):
        return
    limit = current + extra
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _portable(item: Any, value: Any) -> Any:
    """The value if it survives a pickle round trip, else a FileReadError describing it."""
    try:
        pickle.loads(pickle.dumps(value))
        return value
    except Exception:
        return read_error(item, "reader-error", detail=repr(value)[:500])


def _worker_main(
    conn: Connection,
    fn: Callable[[Any], Any],
    memory_limit: int,
    err_fd: int,
    inherited: tuple[Connection, ...] = (),
) -> None:
    """Serve (index, item) until None or EOF; reply (index, result or exception, retire).

    `inherited`: the parent's ends of the pipes, this worker's and every other worker's (of any
    pool of this process), that a forked worker holds copies of; closed first, so that when the
    parent dies (even by kill -9) every worker sees end-of-file and leaves."""
    for end in inherited:
        end.close()
    gc.enable()  # the parent may have paused its collector (api.read_all); a worker collects
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (ctg_check.signals)
    with contextlib.suppress(OSError):
        os.dup2(err_fd, 2)
        if faulthandler.is_enabled():  # it writes to its own copy of the old stderr otherwise
            faulthandler.enable(2)
    _limit_memory(memory_limit)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        retire = False
        value: Any
        try:
            value = fn(item)
        except MemoryError:
            value, retire = read_error(item, "too-much-memory"), True  # start afresh
        except BaseException as exc:  # a Rust panic (pyo3 PanicException) is a BaseException
            if not isinstance(exc, FileReadError):
                exc.add_note("in worker:\n" + "".join(traceback.format_exception(exc)))
            value = _portable(item, exc)
        try:
            conn.send((index, value, retire))
        except Exception:
            conn.send((index, _portable(item, value), retire))
        if retire:
            return


# The parent's ends of the pipes of every live worker, of every pool (the web page runs several).
_PARENT_ENDS: set[Connection] = set()


@dataclass
class _Worker:
    process: Any
    conn: Connection
    err: IO[bytes]
    task: tuple[int, Any] | None = None
    deadline: float = 0.0
    mark: int = 0  # size of the stderr file when the task was handed out


class _Pool(Generic[T, R]):
    def __init__(self, fn: Callable[[T], R], jobs: int, timeout: float, memory_limit: int) -> None:
        if jobs <= 0:
            try:
                jobs = len(os.sched_getaffinity(0))
            except AttributeError:
                jobs = os.cpu_count() or 1
        self.fn, self.jobs, self.timeout, self.memory_limit = fn, jobs, timeout, memory_limit
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.forks = method == "fork"  # a forked worker inherits every pipe end the parent holds
        self.context: Any = multiprocessing.get_context(method)
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        err = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _retire
        _PARENT_ENDS.add(parent)
        inherited = tuple(_PARENT_ENDS) if self.forks else ()
        process = self.context.Process(
            target=_worker_main,
            args=(child, self.fn, self.memory_limit, err.fileno(), inherited),
            daemon=True,
        )
        gc.freeze()  # what the worker inherits is never scanned by its collector, nor copied
        try:
            process.start()
        finally:
            gc.unfreeze()
        child.close()
        worker = _Worker(process, parent, err)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, *, kill: bool = False) -> None:
        self.workers.remove(worker)
        with contextlib.suppress(OSError):
            if not kill and worker.process.is_alive():
                worker.conn.send(None)
        worker.conn.close()
        _PARENT_ENDS.discard(worker.conn)
        worker.process.join(0 if kill else 2)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.err.close()

    def _death(self, worker: _Worker, item: Any) -> FileReadError:
        """The error for the item a worker was running when it died."""
        worker.err.seek(worker.mark)
        said = worker.err.read(65536).decode("utf-8", "replace")  # what this item made it print
        self._retire(worker, kill=True)
        status = worker.process.exitcode
        # Rust prints "memory allocation of N bytes failed" before aborting; the kernel's OOM
        # killer sends SIGKILL.
        if "memory allocation of" in said or "MemoryError" in said or status == -signal.SIGKILL:
            return read_error(item, "too-much-memory", detail=said[:1000])
        return read_error(item, "crashed", detail=f"exit status {status}\n{said[:1000]}")

    def run(self, items: Iterable[T]) -> Iterator[tuple[T, R | Exception]]:
        from multiprocessing.connection import wait

        source = enumerate(items)
        done: dict[int, tuple[T, R | Exception]] = {}
        following = 0
        exhausted = False
        try:
            while True:
                exhausted = exhausted or self._hand_out(source, done)
                busy = [w for w in self.workers if w.task is not None]
                if not busy and exhausted:
                    break
                if busy:
                    now = time.monotonic()
                    remaining = max(0.0, min(w.deadline for w in busy) - now)
                    ready = set(
                        wait([w.conn for w in busy] + [w.process.sentinel for w in busy], remaining)
                    )
                    for worker in busy:
                        self._collect(worker, ready, done)
                    # the next items before the caller handles these replies: no worker waits
                    exhausted = exhausted or self._hand_out(source, done)
                while following in done:
                    yield done.pop(following)
                    following += 1
        finally:
            for worker in list(self.workers):
                self._retire(worker, kill=worker.task is not None)

    def _hand_out(self, source: Iterator[tuple[int, T]], done: dict[int, Any]) -> bool:
        """An item to every idle worker, then to new workers up to `jobs`; True when no item
        is left to hand out."""
        while True:
            idle = next((w for w in self.workers if w.task is None), None)
            if idle is None and len(self.workers) >= self.jobs:
                return False
            task = next(source, None)
            if task is None:
                return True
            idle = idle or self._start()
            idle.task, idle.deadline = task, time.monotonic() + self.timeout
            idle.mark = os.fstat(idle.err.fileno()).st_size
            try:
                idle.conn.send(task)
            except (OSError, ValueError):
                done[task[0]] = (task[1], self._death(idle, task[1]))

    def _collect(self, worker: _Worker, ready: set[Any], done: dict[int, Any]) -> None:
        assert worker.task is not None
        index, item = worker.task
        if worker.conn in ready or worker.process.sentinel in ready:
            try:
                if worker.conn.poll():
                    _, value, retire = worker.conn.recv()
                    if isinstance(value, CtgError):  # unpickling garbles its message; rebuild it
                        value = type(value)(value.code, **value.params)
                    worker.task = None
                    done[index] = (item, value)
                    if retire:
                        self._retire(worker)
                    return
            except (EOFError, OSError):
                pass
            except Exception as exc:  # the reply arrived but does not unpickle here
                worker.task = None
                done[index] = (item, read_error(item, "reader-error", detail=repr(exc)[:500]))
                return
            done[index] = (item, self._death(worker, item))
        elif time.monotonic() >= worker.deadline:
            self._retire(worker, kill=True)
            done[index] = (item, read_error(item, "too-slow"))

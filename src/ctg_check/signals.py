"""Ctrl-C and SIGTERM: one line in the user's language and exit 130 / 143, never a traceback.

`install` runs first thing in the ctg-check command, before the CLI and its libraries load. A
signal becomes an `Interrupted` exception, a SystemExit: no `except Exception` swallows it, code
that re-raises SystemExit lets it through, click does not turn it into a silent exit as it does
a KeyboardInterrupt, and uncaught it still ends the process with its exit code. It unwinds the
run, so an atomic write deletes its temporary file and the reading pool stops its worker
processes; then `run` prints the line. Further signals are ignored while the run cleans up.
"""

from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nothing more is imported before the handlers are installed
    from collections.abc import Callable, Sequence
    from types import FrameType

EXIT_CODES: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143}
LABEL_KEYS: dict[int, str] = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}


class Interrupted(SystemExit):
    """The run was stopped by a signal; `code` is the exit code."""

    def __init__(self, signum: int) -> None:
        super().__init__(EXIT_CODES[signum])
        self.signum = signum


def _stop(signum: int, frame: FrameType | None) -> None:
    for sig in EXIT_CODES:
        signal.signal(sig, signal.SIG_IGN)  # one signal is enough: let the clean-up finish
    raise Interrupted(signum)


def install() -> None:
    """Turn SIGINT and SIGTERM into Interrupted (main thread only)."""
    for sig in EXIT_CODES:
        signal.signal(sig, _stop)


def lang_of(argv: Sequence[str]) -> str:
    """The --lang of a command line, read before any parsing: en, else vi."""
    args = list(argv)
    pairs = zip(args, [*args[1:], ""], strict=True)
    return "en" if any(a == "--lang=en" or (a, b) == ("--lang", "en") for a, b in pairs) else "vi"


def run(command: Callable[[], object], argv: Sequence[str] | None = None) -> None:
    """Run a command; a signal ends it with one line on stderr and exit 130 (SIGINT) or 143."""
    signum: int | None = None
    try:
        command()
    except Interrupted as exc:
        signum = exc.signum
    except KeyboardInterrupt:  # before `install`, or raised by a library
        signum = signal.SIGINT
    if signum is None:
        return
    import gc

    gc.collect()  # finalize what the unwound frames held, should a cycle keep a worker pool
    from ctg_check.i18n import label

    lang = lang_of(sys.argv[1:] if argv is None else argv)
    sys.stderr.write(f"ctg-check: {label(LABEL_KEYS[signum], lang)}\n")
    sys.stderr.flush()
    sys.exit(EXIT_CODES[signum])

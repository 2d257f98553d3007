"""Ctrl-C and SIGTERM at any moment: one line on stderr, exit 130 / 143, no traceback, no
temporary file beside the output, no worker process left running."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ctg_check.i18n import label

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="uses /proc and a pty")

AS_OF = "2025-12-01"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fifty ward workbooks of 100 members each."""
    from helpers import club_members, club_row, write_standard

    root = tmp_path_factory.mktemp("wards")
    for i in range(50):
        club = club_row(f"P{i}-01", f"CLB {i}", ward=f"Phường {i}")
        write_standard(root / f"phuong-{i:02}.xlsx", [club], club_members(f"P{i}-01", size=100))
    return root


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "ctg_check", *args, "--as-of", AS_OF, "--lang", "en"]


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def handles(pid: int, signum: int) -> bool:
    """True once the process has a Python handler for the signal."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) & (1 << (signum - 1)))
    return False


def interrupt_when(args: list[str], marker: str, signum: int, group: bool) -> tuple[int, str, list]:
    """Run with stderr on a terminal (so the progress line shows), wait for `marker` in it, send
    the signal (to the process group, as Ctrl-C in a terminal does, or to the process), and
    return the exit code, what stderr said and the worker processes seen before the signal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    said = b""
    try:
        while marker.encode() not in said:
            ready, _, _ = select.select([master], [], [], 60)
            assert ready, f"never saw {marker!r}: {said[-500:]!r}"
            said += os.read(master, 65536)
        workers = children(proc.pid)
        if group:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        code = proc.wait(timeout=60)
        while select.select([master], [], [], 0.5)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            said += chunk
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return code, said.decode("utf-8", "replace"), workers


def stderr_lines(said: str) -> list[str]:
    """What stderr said once the progress line is taken away."""
    lines = [ANSI.sub("", part).strip() for part in re.split(r"[\r\n]+", said)]
    return [line for line in lines if line and "━" not in line and "Reading" not in line]


def assert_stopped(code: int, said: str, workers: list[int], signum: int, out: Path) -> None:
    key, exit_code = ("interrupted", 130) if signum == signal.SIGINT else ("terminated", 143)
    assert code == exit_code, said
    assert "Traceback" not in said
    assert stderr_lines(said)[-1:] == [f"ctg-check: {label(key, 'en')}"], said
    assert said.count("ctg-check:") == 1
    assert not [pid for pid in workers if running(pid)]
    assert [p.name for p in out.parent.iterdir() if p.name != out.name] == []


def test_ctrl_c_right_after_start(folder: Path) -> None:
    """Before typer and the rest are loaded: the handler is installed first."""
    for _ in range(3):
        proc = subprocess.Popen(
            command("validate", str(folder)), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        while proc.poll() is None and not handles(proc.pid, signal.SIGTERM):
            pass
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert err.decode() == f"ctg-check: {label('interrupted', 'en')}\n"


@pytest.mark.parametrize("verbose", [False, True], ids=["pool", "verbose"])
def test_ctrl_c_while_reading_a_folder(folder: Path, tmp_path: Path, verbose: bool) -> None:
    out = tmp_path / "out" / "tong-hop.xlsx"
    out.parent.mkdir()
    args = command("summary", str(folder), "-o", str(out), *(["--verbose"] if verbose else []))
    code, said, workers = interrupt_when(args, "Reading 10/50", signal.SIGINT, group=True)
    assert workers or verbose  # the reading pool was running (--verbose may read in-process)
    assert_stopped(code, said, workers, signal.SIGINT, out)
    assert not out.exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_while_writing_the_summary(folder: Path, tmp_path: Path, signum: int) -> None:
    out = tmp_path / "out" / "tong-hop.xlsx"
    out.parent.mkdir()
    args = command("summary", str(folder), "-o", str(out), "--include-members")
    code, said, workers = interrupt_when(args, "Writing the summary", signum, group=False)
    assert_stopped(code, said, workers, signum, out)
    assert not out.exists()  # stopped while writing: nothing half-written, nothing at all

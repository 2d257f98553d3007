"""The README cannot drift from the program: commands, options and the CI command match."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from typer.main import get_command

from ctg_check.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(cmd: Any, prefix: str = "") -> dict[str, Any]:
    found = {prefix.strip(): cmd}
    for name, sub in getattr(cmd, "commands", {}).items():
        found.update(_commands(sub, f"{prefix} {name}"))
    return found


COMMANDS = _commands(get_command(app))


def test_every_command_is_documented_and_exists() -> None:
    documented = set(re.findall(r"`ctg-check ([a-z]+(?: (?:show|export))?)", README))
    real = {name for name in COMMANDS if name and name != "plan"}
    assert documented == real


def test_every_option_in_the_readme_exists() -> None:
    options = {
        opt for cmd in COMMANDS.values() for p in cmd.params for opt in getattr(p, "opts", [])
    }
    mentioned = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", README))
    mentioned -= {"--help", "--check", "--no-convert"}  # click's own, ruff's, a tools script's
    assert mentioned <= options, mentioned - options


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    test_command = blocks[1].strip()
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_no_placeholder_left() -> None:
    assert "EXCERPT_" not in README

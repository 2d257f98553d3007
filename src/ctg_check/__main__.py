"""The ctg-check command and `python -m ctg_check`: signal handling first, then the CLI (which
loads typer and the rest), so that Ctrl-C at any moment is one line, never a traceback."""

from __future__ import annotations

from ctg_check import signals


def main() -> None:
    signals.install()
    signals.run(_cli)


def _cli() -> None:
    from ctg_check.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()

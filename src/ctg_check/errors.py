"""Exceptions for conditions where a command cannot continue (exit code 2).

Data problems are never exceptions: they are `Problem` values in the report.
Each exception carries a message code from the catalogue (`i18n.py`) and its parameters,
so the CLI can print it in the user's language.
"""

from __future__ import annotations

from typing import Any


class CtgError(Exception):
    """Base for errors that stop a command: exit code 2."""

    code = "error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or type(self).code
        self.params = params
        super().__init__(f"{self.code}: {params}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by code and parameters, so an error sent back from a worker process is whole."""
        return (_rebuild, (type(self), self.code, self.params))


def _rebuild(cls: type[CtgError], code: str, params: dict[str, Any]) -> CtgError:
    return cls(code, **params)


class PlanError(CtgError):
    """The plan profile is missing or wrong."""

    code = "plan-invalid"


class UnitsError(CtgError):
    """The units list is missing or wrong."""

    code = "units-invalid"


class FileReadError(CtgError):
    """A file could not be read as a spreadsheet."""

    code = "file-unreadable"


class OutputError(CtgError):
    """An output file cannot be written where asked."""

    code = "output-invalid"

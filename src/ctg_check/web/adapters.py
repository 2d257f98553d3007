"""Every call the web page makes into ctg_check.api, in one place.

The api changes under other hands (file discovery, output guard, progress signature, summary
settings): when it does, only these small functions need to follow. Each takes what the page
collected and does exactly what the matching CLI command does, so the workbooks are the same bytes.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ctg_check import api
from ctg_check.model import Place, Submission
from ctg_check.report import Report


@dataclasses.dataclass(frozen=True)
class Settings:
    """What the form chose: the reading options shared by the commands, and the report's."""

    plan: str | None = None
    units: str | None = None
    as_of: date | None = None
    lang: str = "vi"
    include_members: bool = False
    # the report's settings, as `summary --issuer/--recipient/--number/--place/--year/--signer`
    report: tuple[tuple[str, str | int], ...] = ()


REPORT_FIELDS = ("issuer", "recipient", "number", "place", "year", "signer")


def options(settings: Settings, *, for_summary: bool) -> api.Options:
    """The options `summary` (plan's units and the report's settings) or `validate`/`merge`
    build."""
    report = dict(settings.report) if for_summary else None
    return api.options(
        settings.plan, settings.as_of, settings.units, plan_units=for_summary, report=report
    )


def collect(folder: Path) -> api.Batch:
    """The spreadsheet files of an upload folder, found the way the CLI finds them in a folder."""
    return api.collect_files([folder])


def read(
    files: Sequence[Path] | api.Batch, opts: api.Options, advance: Callable[[int], None]
) -> list[Any]:
    """Read every file in the isolated workers; `advance(1)` after each file."""
    return api.read_all(files, opts, lambda step, path: advance(1) if step == "read" else None)


def check(subs: list[Submission], opts: api.Options) -> Report:
    """Check copies of the submissions: check marks set-aside files on what it is given, and the
    same submissions are checked again (as `merge`, and one by one as `validate`)."""
    fresh = [dataclasses.replace(s, clubs=list(s.clubs), problems=list(s.problems)) for s in subs]
    return api.check(fresh, opts)


def write_summary(report: Report, out: Path, settings: Settings) -> None:
    from ctg_check.writers import WriteOptions
    from ctg_check.writers.summary import write_summary as write

    write(report, out, WriteOptions(settings.lang, settings.include_members))


def write_merged(report: Report, out: Path, settings: Settings) -> None:
    from ctg_check.writers import WriteOptions
    from ctg_check.writers.merged import write_merged as write

    write(report, out, WriteOptions(settings.lang))


def annotate(report: Report, source: Path, out: Path, settings: Settings) -> None:
    api.annotate(report, source, out, settings.lang)


def write_json(report: Report, out: Path, settings: Settings) -> None:
    api.write_json(report, out, settings.lang)


def write_template(out: Path, plan: str | None) -> None:
    api.write_template(out, plan)


def relabel(subs: list[Submission], folder: Path) -> list[Submission]:
    """The submissions with every path made relative to the upload folder, as the CLI names the
    files it is given from their parent folder (``sample_data/phuong-1.xlsx``). The submissions
    given are left as they are."""
    prefix = str(folder).rstrip("/") + "/"
    return [_strip(sub, prefix) for sub in subs]


def _strip(value: Any, prefix: str) -> Any:
    if isinstance(value, str):
        return value[len(prefix) :] if value.startswith(prefix) else value
    if isinstance(value, Place):
        return dataclasses.replace(value, file=_strip(value.file, prefix))
    if isinstance(value, list | tuple):
        items = [_strip(v, prefix) for v in value]
        same = all(a is b for a, b in zip(items, value, strict=True))
        return value if same else type(value)(items)
    if isinstance(value, dict):
        fresh = {k: _strip(v, prefix) for k, v in value.items()}
        return value if all(fresh[k] is v for k, v in value.items()) else fresh
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _strip(getattr(value, f.name), prefix) for f in dataclasses.fields(value)
        }
        changed = {k: v for k, v in changes.items() if v is not getattr(value, k)}
        if not changed:
            return value
        if type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
            return dataclasses.replace(value, **changed)
        original: Any = value
        fresh = copy.copy(original)  # never change what was given
        for name, new in changed.items():
            setattr(fresh, name, new)
        return fresh
    return value

"""What the result fragment shows, from a job's reports (no computing: labels and grouping)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ctg_check.formatting import (
    account_text,
    closing_text,
    indicator_label,
    target_text,
    value_text,
)
from ctg_check.i18n import count_label, label, message
from ctg_check.problems import ERROR, Problem
from ctg_check.report import Report
from ctg_check.web.jobs import DOWNLOADS

if TYPE_CHECKING:
    from ctg_check.web.app import Server
    from ctg_check.web.jobs import Job


def verdict(report: Report | None, lang: str, error: tuple[str, dict[str, Any]] | None) -> str:
    """The one-line verdict the terminal prints, or why the job failed."""
    if report is None:
        code, params = error or ("internal-error", {"detail": "-"})
        return message(code, lang, **params)
    return closing_text(report, lang)[0]


def account(report: Report, lang: str) -> str:
    """The line that adds up files, rows and clubs (as `merge` and `summary` print it)."""
    return account_text(report, lang)


def problems_by_file(problems: list[Problem]) -> list[tuple[str, list[Problem]]]:
    """Problems grouped by file, errors first, then by sheet and row."""
    groups: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        groups[p.place.file].append(p)
    return [
        (
            name,
            sorted(
                items, key=lambda p: (p.severity != ERROR, p.place.sheet or "", p.place.row or 0)
            ),
        )
        for name, items in sorted(groups.items())
    ]


def file_notes(report: Report, lang: str) -> list[tuple[str, str]]:
    """Files not read or set aside, with why."""
    notes = []
    for sub in report.files:
        said = sub.error if sub.status != "read" else sub.set_aside
        if said is not None:
            code, params = said
            notes.append((sub.path, message(code, lang, **params)))
    return notes


def result(server: Server, job: Job, lang: str) -> str:
    report = job.report
    return server.page(
        "result.html",
        lang=lang,
        t=lambda key, **kw: label(key, lang, **kw),
        tn=lambda key, count: count_label(key, count, lang),
        msg=lambda p: p.message(lang),
        label_of=lambda ind: indicator_label(ind, lang),
        value=lambda ind: value_text(ind, lang),
        target=lambda ind: target_text(ind, lang),
        job=job,
        status=job.status,
        verdict=verdict(report, lang, job.error),
        account=account(report, lang) if report else "",
        report=report,
        problems=problems_by_file(report.problems) if report else [],
        notes=file_notes(report, lang) if report else [],
        missing=[w for w in report.wards if not w.submitted] if report else [],
        kinds=tuple(DOWNLOADS) if report else (),
        plan=job.settings.plan or "",
    )


def gone(server: Server, lang: str) -> str:
    return server.page("gone.html", t=lambda key, **kw: label(key, lang, **kw))

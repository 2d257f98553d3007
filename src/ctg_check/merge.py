"""Across files: which submissions count. Duplicates and superseded files are set aside, never
silently: each gets a problem naming the file kept and why."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ctg_check.model import Place, Submission
from ctg_check.normalize import club_key, fold
from ctg_check.problems import Problem, problem
from ctg_check.units import Units, ward_key


def _ward_keys(sub: Submission, units: Units | None) -> set[str]:
    keys = set()
    for club in sub.clubs:
        ward = club.ward or sub.ward
        if not ward:
            continue
        unit = units.find(ward) if units else None
        keys.add(unit.code or unit.name if unit else ward_key(ward))
    return keys


def _club_keys(sub: Submission) -> set[str]:
    return {fold(c.id) if c.id else club_key(c.name or "") for c in sub.clubs}


def _newness(sub: Submission) -> tuple[date, float]:
    return (sub.report_date or date.min, sub.modified)


def set_aside(subs: list[Submission], units: Units | None) -> list[Problem]:
    """Mark duplicate and superseded submissions (sub.set_aside) and return the problems."""
    problems: list[Problem] = []
    live = [s for s in subs if s.status == "read" and s.clubs and s.set_aside is None]

    by_content: dict[str, list[Submission]] = defaultdict(list)
    for sub in live:
        by_content[sub.fingerprint].append(sub)
    for group in by_content.values():
        keep = max(group, key=lambda s: (_newness(s), s.path))
        for other in group:
            if other is not keep:
                other.set_aside = ("duplicate-submission", {"other": keep.path})
                problems.append(problem("duplicate-submission", Place(other.path), other=keep.path))

    live = [s for s in live if s.set_aside is None]
    by_ward: dict[str, list[Submission]] = defaultdict(list)
    for sub in live:
        for key in _ward_keys(sub, units):
            by_ward[key].append(sub)
    for group in by_ward.values():
        ordered = sorted(group, key=lambda s: (_newness(s), s.path), reverse=True)
        for i, older in enumerate(ordered):
            if older.set_aside is not None:
                continue
            for newer in ordered[:i]:
                if newer.set_aside is None and _club_keys(newer) & _club_keys(older):
                    reason = (
                        "reason_report_date"
                        if newer.report_date and older.report_date != newer.report_date
                        else "reason_modified"
                    )
                    ward = older.ward or next((c.ward for c in older.clubs if c.ward), "") or ""
                    params: dict[str, object] = {
                        "other": newer.path,
                        "ward": ward,
                        "reason": reason,
                    }
                    older.set_aside = ("superseded-submission", params)
                    problems.append(
                        problem("superseded-submission", Place(older.path), None, **params)
                    )
                    break
    return problems

"""Units lists: the wards and communes expected to report, with their aliases."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from ctg_check.errors import UnitsError
from ctg_check.normalize import fold, nfc
from ctg_check.textfile import read_limited

_PREFIX = re.compile(r"^(?:ubnd |uy ban nhan dan )?(?:phuong |xa |thi tran |p |f )?")


@lru_cache(maxsize=4096)
def ward_key(name: str) -> str:
    """Comparable ward name: 'UBND PHƯỜNG 01' and 'P.1' -> '1', 'Xã Long Sơn' -> 'long son'."""
    key = _PREFIX.sub("", fold(name))
    return " ".join(w.lstrip("0") or "0" if w.isdigit() else w for w in key.split())


def display_ward(name: str) -> str:
    """A ward name from a file, tidied: 'PHƯỜNG THẮNG TAM' -> 'Phường Thắng Tam'."""
    name = nfc(name)
    return name.title() if name.isupper() or name.islower() else name


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    aliases: tuple[str, ...]
    parent: str


@dataclass(frozen=True)
class Units:
    id: str
    units: tuple[Unit, ...]

    @cached_property
    def _index(self) -> dict[str, Unit]:
        index: dict[str, Unit] = {}
        for unit in self.units:
            for name in (unit.name, *unit.aliases):
                index.setdefault(ward_key(name), unit)
        for unit in self.units:
            if unit.code:
                index["code:" + unit.code] = unit
        return index

    def find(self, text: str) -> Unit | None:
        """The unit a ward name, alias or code designates, or None."""
        raw = nfc(text)
        return self._index.get("code:" + raw) or self._index.get(ward_key(raw))


def builtin_units() -> list[str]:
    folder = resources.files("ctg_check").joinpath("units")
    return sorted(p.name[: -len(".csv")] for p in folder.iterdir() if p.name.endswith(".csv"))


def load_units(name: str) -> Units:
    """A built-in units list by id, or a CSV `code,name,aliases,parent` (aliases split by ';')."""
    if name in builtin_units():
        text = resources.files("ctg_check").joinpath("units", f"{name}.csv").read_text("utf-8")
        source = name
    else:
        path = Path(name)
        if not path.exists():
            raise UnitsError("units-not-found", name=name, known=", ".join(builtin_units()))
        try:
            text = read_limited(path).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UnitsError("units-invalid", source=name, line=1, reason=str(exc)) from None
        source = str(path)
    reader = csv.DictReader(io.StringIO(text))
    missing = {"code", "name"} - set(reader.fieldnames or [])
    if missing:
        raise UnitsError(
            "units-invalid", source=source, line=1, reason=f"missing column {sorted(missing)[0]}"
        )
    units = []
    for line, row in enumerate(reader, start=2):
        name_ = nfc(row.get("name") or "")
        if not name_:
            raise UnitsError("units-invalid", source=source, line=line, reason="empty name")
        aliases = tuple(nfc(a) for a in (row.get("aliases") or "").split(";") if a.strip())
        units.append(Unit(nfc(row.get("code") or ""), name_, aliases, nfc(row.get("parent") or "")))
    if not units:
        raise UnitsError("units-invalid", source=source, line=1, reason="no units")
    return Units(Path(source).stem if source != name else name, tuple(units))


# built-in lists of the same place before and after the reorganisation of 1 July 2025
COUNTERPARTS = {"vung-tau-2022": "vung-tau-2025", "vung-tau-2025": "vung-tau-2022"}


def counterpart(units: Units) -> Units | None:
    """The built-in list of the same place on the other side of 1/7/2025, if there is one."""
    other = COUNTERPARTS.get(units.id)
    return load_units(other) if other else None

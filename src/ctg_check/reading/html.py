"""HTML tables as grids: the ".xls" that web systems export, and Excel's own "web page" files.

Every <table> becomes a grid of strings: colspan/rowspan expanded (the value in the top-left cell,
the range recorded as merged), entities decoded, <br> and block breaks as newlines, other
whitespace collapsed as a browser does. Text outside tables (a title, the issuing body, a signature
block) is kept the way Excel shows such a file: one line per row in the first column, above the
table that follows it, or below the last table. Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

MAX_COLSPAN = 1_000  # what browsers clamp spans to
MAX_ROWSPAN = 65_534

_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "pre"}
    | {"blockquote", "center", "address", "section", "article", "header", "footer", "form", "hr"}
)
_SKIPPED = frozenset({"script", "style", "title", "template", "noscript", "xml"})
_SPACES = re.compile(r"[ \t\n\r\f\xa0]+")
# html.parser asserts on a "<![" it does not know; Excel writes only <![if ...]> and <![endif]>.
_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[|if\b|endif\b|else\b)", re.IGNORECASE)
_SHEET_NAME = re.compile(r"<x:ExcelWorksheet>\s*<x:Name>(.*?)</x:Name>", re.IGNORECASE | re.DOTALL)


class TooManyCells(Exception):
    """A table, spans expanded, would exceed the cell limit."""


@dataclass
class Table:
    """One table: a grid of strings (None for empty) and its merged ranges, 0-based, inclusive."""

    rows: list[list[str | None]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def parse_tables(text: str, max_cells: int, max_total: int) -> tuple[list[Table], list[str]]:
    """Tables of an HTML document in order of opening, and the sheet names Excel wrote, if any.

    Raise TooManyCells when one table's dense area exceeds max_cells or all cells max_total.
    """
    parser = _Parser(max_cells, max_total)
    parser.feed(_MARKED_SECTION.sub("&lt;![", text))
    parser.close()
    names = [_clean(name) for name in _SHEET_NAME.findall(text)]
    return parser.result(), names


@dataclass
class _Open:
    """A table being read."""

    table: Table = field(default_factory=Table)
    covered: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # row -> column spans
    width: int = 0
    row: int = -1
    col: int = 0
    in_row: bool = False
    cell: list[str] | None = None  # text pieces of the open cell
    at: tuple[int, int] = (0, 0)
    caption: list[str] | None = None


class _Parser(HTMLParser):
    def __init__(self, max_cells: int, max_total: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_cells, self.max_total, self.total = max_cells, max_total, 0
        self.stack: list[_Open] = []
        self.slots: list[Table] = []
        self.top: list[int] = []  # slots of the top-level tables
        self.loose: list[list[str]] = [[]]  # lines outside tables: before top table k; then after
        self.line: list[str] = []
        self.skip = 0

    def result(self) -> list[Table]:
        for k, slot in enumerate(self.top):
            table = self.slots[slot]
            before = self.loose[k]
            if before:
                shift = len(before)
                table.rows[:0] = [[line] for line in before]
                table.merged = [(t + shift, lf, b + shift, rt) for t, lf, b, rt in table.merged]
            if k == len(self.top) - 1:
                table.rows.extend([line] for line in self.loose[k + 1])
        return [t for t in self.slots if any(v is not None for row in t.rows for v in row)]

    def _break_line(self) -> None:
        text = _clean("".join(self.line))
        if text:
            self.loose[-1].append(text)
        self.line = []

    def _target(self) -> list[str] | None:
        if not self.stack:
            return self.line
        top = self.stack[-1]
        return top.cell if top.cell is not None else top.caption

    def _close_cell(self, open_: _Open) -> None:
        if open_.cell is not None:
            r, c = open_.at
            open_.table.rows[r][c] = _clean("".join(open_.cell)) or None
            open_.cell = None

    def _open_row(self, open_: _Open) -> None:
        self._close_cell(open_)
        open_.row += 1
        open_.col = 0
        open_.in_row = True
        if len(open_.table.rows) <= open_.row:
            open_.table.rows.append([])

    def _open_cell(self, open_: _Open, attrs: dict[str, str | None]) -> None:
        if not open_.in_row:
            self._open_row(open_)
        self._close_cell(open_)
        rows, r = open_.table.rows, open_.row
        taken = open_.covered.get(r, ())
        c = open_.col
        while any(first <= c <= last for first, last in taken):  # skip cells a rowspan holds
            c = next(last for first, last in taken if first <= c <= last) + 1
        across = min(_span(attrs.get("colspan")), MAX_COLSPAN)
        down = min(_span(attrs.get("rowspan")), MAX_ROWSPAN)
        open_.width = max(open_.width, c + across)
        self.total += across * down
        if max(len(rows), r + down) * open_.width > self.max_cells or self.total > self.max_total:
            raise TooManyCells
        while len(rows) < r + down:
            rows.append([])
        for rr in range(r, r + down):
            if len(rows[rr]) < c + across:
                rows[rr].extend([None] * (c + across - len(rows[rr])))
            if rr > r:
                open_.covered.setdefault(rr, []).append((c, c + across - 1))
        if across > 1 or down > 1:
            open_.table.merged.append((r, c, r + down - 1, c + across - 1))
        open_.col = c + across
        open_.cell, open_.at = [], (r, c)

    def _close_table(self) -> None:
        open_ = self.stack.pop()
        self._close_cell(open_)
        for row in open_.table.rows:
            row.extend([None] * (open_.width - len(row)))
        if not self.stack:
            self.loose.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cell = self.stack[-1].cell if self.stack else None
        if tag in _SKIPPED:
            self.skip += 1
        elif tag == "body":
            self.skip = 0  # whatever was left unclosed in the head
        elif tag == "table":
            if not self.stack:
                self._break_line()
                self.top.append(len(self.slots))
            self.stack.append(_Open())
            self.slots.append(self.stack[-1].table)
        elif tag == "br":
            target = self._target()
            if target is not None:
                target.append("\n")
        elif not self.stack:
            if tag in _BLOCKS or tag == "tr":
                self._break_line()
        elif tag == "tr":
            self._open_row(self.stack[-1])
        elif tag in ("td", "th"):
            self.stack[-1].caption = None
            self._open_cell(self.stack[-1], dict(attrs))
        elif tag == "caption":
            self.stack[-1].caption = []
        elif tag in _BLOCKS and cell is not None:
            cell.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "meta", "link", "img", "input"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        cell = self.stack[-1].cell if self.stack else None
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif not self.stack:
            if tag in _BLOCKS:
                self._break_line()
        elif tag == "table":
            self._close_table()
        elif tag == "tr":
            self._close_cell(self.stack[-1])
            self.stack[-1].in_row = False
        elif tag in ("td", "th"):
            self._close_cell(self.stack[-1])
        elif tag == "caption":
            caption = self.stack[-1].caption
            self.stack[-1].caption = None
            text = _clean("".join(caption or []))
            if text:
                self.loose[-1].append(text)
        elif tag in _BLOCKS and cell is not None:
            cell.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            target = self._target()
            if target is not None:
                target.append(data)

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close_table()
        self._break_line()


def _span(value: str | None) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    return max(1, int(match[1])) if match else 1


def _clean(text: str) -> str:
    """Collapse whitespace like a browser; keep the newlines that <br> and blocks put in."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)

"""How much room text takes in a worksheet: lines when wrapped in a column, and row heights.

Widths are in column units of the workbook's default font (Times New Roman 11, see
template.new_workbook); the estimates are measured on LibreOffice's printed pages.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

BREAKS = re.compile(r"(?<=[ -])")


@lru_cache(maxsize=8192)  # ward names, labels and notes repeat on every row of a sheet
def text_lines(
    text: str, width: float, size: float = 11, bold: bool = False, indent: bool = False
) -> int:
    """Lines a text takes when wrapped, word by word, in `width` column units of the workbook's
    Times New Roman (an estimate on the safe side, measured on LibreOffice's pages: 55 to 60
    characters of 11 pt text fill 50 units; a row too high wastes a little paper, a row too low
    hides text)."""
    per_char = (0.98 if bold else 0.88) * size / 11
    room = max(1.0, (width - 1 - (2 if indent else 0)) / per_char)  # characters on a line
    lines = 0
    for para in text.split("\n"):
        lines += 1
        used = 0.0
        for word in BREAKS.split(para):  # words keep the space or hyphen after them
            length = chars(word)
            if used and used + chars(word.rstrip()) > room:
                lines, used = lines + 1, 0.0
            extra = math.ceil(length / room) - 1 if length > room else 0
            lines += extra  # a word longer than a line is cut
            used += length - extra * room
    return lines


def chars(word: str) -> float:
    """A word's length in average characters: capitals are about half as wide again."""
    return len(word) + 0.5 * sum(map(str.isupper, word))


def row_height(lines: int, size: float = 11) -> float:
    return round(lines * size * 1.3 + 4, 1)

"""Legacy Vietnamese encodings (VNI-Windows, TCVN3/ABC): tables, detection and decoding.

Pre-Unicode fonts draw Vietnamese letters at Latin-1 codes; Excel keeps those codes as the
Windows-1252 characters, so the text reads as garbage until it is decoded here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

UNICODE = "unicode"
VNI = "vni"
TCVN3 = "tcvn3"

# Tone order used by every table below: ngang, huyền, sắc, hỏi, ngã, nặng.
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_VOWELS = "aăâeêioôơuưy"
_SAC, _NANG = 2, 5


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _lower_letters() -> list[tuple[str, str, int]]:
    """(letter, toneless base, tone) for the 67 lowercase Vietnamese letters outside ASCII."""
    out = [
        (_nfc(v + _TONE_MARKS[t]), v, t)
        for v in _VOWELS
        for t in range(6)
        if not (t == 0 and v.isascii())
    ]
    return [*out, ("đ", "đ", 0)]


_LOWER = _lower_letters()
VIETNAMESE_LETTERS: tuple[str, ...] = tuple(
    [x for x, _, _ in _LOWER] + [x.upper() for x, _, _ in _LOWER]
)

# --- VNI-Windows: base letter + mark character ------------------------------------------------
_VNI_PLAIN = ("", "ø", "ù", "û", "õ", "ï")
_VNI_CIRCUMFLEX = ("â", "à", "á", "å", "ã", "ä")
_VNI_BREVE = ("ê", "è", "é", "ú", "ü", "ë")
_VNI_I = ("i", "ì", "í", "æ", "ó", "ò")
_VNI_BASES = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ơ": "ô", "ư": "ö"}
_VNI_HATTED = {
    "ă": ("a", _VNI_BREVE),
    "â": ("a", _VNI_CIRCUMFLEX),
    "ê": ("e", _VNI_CIRCUMFLEX),
    "ô": ("o", _VNI_CIRCUMFLEX),
}


def _vni_lower(base: str, tone: int) -> str:
    if base == "đ":
        return "ñ"
    if base == "i":
        return _VNI_I[tone]
    if base == "y" and tone == _NANG:
        return "î"
    if base in _VNI_HATTED:
        letter, marks = _VNI_HATTED[base]
        return letter + marks[tone]
    return _VNI_BASES[base] + _VNI_PLAIN[tone]


_VNI_ENCODE: dict[str, str] = {}
for _letter, _base, _tone in _LOWER:
    _VNI_ENCODE[_letter] = _vni_lower(_base, _tone)
    _VNI_ENCODE[_letter.upper()] = _vni_lower(_base, _tone).upper()
_VNI_DECODE = {seq: letter for letter, seq in _VNI_ENCODE.items()}
for _seq, _letter in list(_VNI_DECODE.items()):
    if len(_seq) == 2:  # tolerate a base and a mark typed in different cases
        _VNI_DECODE.setdefault(_seq[0].swapcase() + _seq[1], _letter.swapcase())
        _VNI_DECODE.setdefault(_seq[0] + _seq[1].swapcase(), _letter)
_VNI_RE = re.compile(  # longest first: 'ôù' (ớ) before 'ô' (ơ)
    "|".join(
        re.escape(k) for k in sorted(_VNI_DECODE, key=len, reverse=True) if k != _VNI_DECODE[k]
    )
)
_VNI_ENCODE_TABLE = str.maketrans(_VNI_ENCODE)

# --- TCVN3 (TCVN 5712:1993 VN3): one code per letter, lowercase only but for 7 capitals ---------
_TCVN3_CODES = {
    "a": (None, 0xB5, 0xB8, 0xB6, 0xB7, 0xB9),
    "ă": (0xA8, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6),
    "â": (0xA9, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB),
    "e": (None, 0xCC, 0xD0, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6),
    "i": (None, 0xD7, 0xDD, 0xD8, 0xDC, 0xDE),
    "o": (None, 0xDF, 0xE3, 0xE1, 0xE2, 0xE4),
    "ô": (0xAB, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xEA, 0xED, 0xEB, 0xEC, 0xEE),
    "u": (None, 0xEF, 0xF3, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9),
    "y": (None, 0xFA, 0xFD, 0xFB, 0xFC, 0xFE),
    "đ": (0xAE,),
}
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}

_TCVN3_ENCODE: dict[str, str] = {}
for _letter, _base, _tone in _LOWER:
    _code = _TCVN3_CODES[_base][_tone]
    assert _code is not None
    _TCVN3_ENCODE[_letter] = chr(_code)
    # Capitals with tone marks do not exist in TCVN3: they are typed as the lowercase code.
    _TCVN3_ENCODE[_letter.upper()] = chr(_TCVN3_CAPITALS.get(_letter.upper(), _code))
_TCVN3_DECODE = {code: letter for letter, code in _TCVN3_ENCODE.items() if letter.islower()}
_TCVN3_DECODE.update({chr(code): letter for letter, code in _TCVN3_CAPITALS.items()})
_TCVN3_ENCODE_TABLE = str.maketrans(_TCVN3_ENCODE)
_TCVN3_DECODE_TABLE = str.maketrans(_TCVN3_DECODE)
_TCVN3_CAPITAL_CODES = frozenset(chr(c) for c in _TCVN3_CAPITALS.values())

# Vietnamese letters beyond Latin-1 never come out of a cp1252 legacy string: they prove Unicode.
_UNICODE_ONLY = re.compile("[" + "".join(c for c in VIETNAMESE_LETTERS if ord(c) > 0xFF) + "]")
# Non-ASCII characters that change when decoded.
_VNI_CHARS = frozenset(c for k, v in _VNI_DECODE.items() if k != v for c in k if ord(c) > 0x7F)
_TCVN3_CHARS = frozenset(_TCVN3_DECODE)
_LEGACY_CHARS = _VNI_CHARS | _TCVN3_CHARS

# --- Syllable check: the scoring tool of detection --------------------------------------------
_TONE_OF = {letter: (base, tone) for letter, base, tone in _LOWER}
_TONE_OF.update({c: (c, 0) for c in "abcdefghijklmnopqrstuvwxyz"})
_INITIALS = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx]"
_OPEN = (  # vowel groups that end the syllable
    *("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "iêu", "oai", "oay", "oao"),
    *("oeo", "oi", "ôi", "ơi", "ua", "ui", "uôi", "uya", "uyu", "ưa", "ưi", "ưu", "ươi", "ươu"),
    *("yêu", "uây"),
)
_CLOSED = ("ă", "â", "iê", "uâ", "uô", "ươ", "yê", "uyê", "oă")  # need a final consonant
_EITHER = ("a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "oo", "uê", "uơ", "uy")
_FINALS = ("c", "ch", "m", "n", "ng", "nh", "p", "t")
_RHYMES = sorted(
    {*_OPEN, *_EITHER} | {n + f for n in (*_CLOSED, *_EITHER) for f in _FINALS},
    key=len,
    reverse=True,
)
_SYLLABLE_RE = re.compile(f"(?:{_INITIALS})?({'|'.join(_RHYMES)})")
_HATTED = "ăâêôơư"
_RARE = frozenset(("oo", "oao", "oeo", "uyu", "uơ"))  # xoong, ngoao, ngoẹo, khuỷu, thuở
_INVALID, _VALID, _RARE_VALID = 0, 1, 2


def _tone_places(vowels: str, closed: bool) -> tuple[int, ...]:
    """Where a tone mark may sit in a vowel group (old and new styles: 'hòa' and 'hoà')."""
    hats = [i for i, c in enumerate(vowels) if c in _HATTED]
    if hats:
        return (hats[-1],)
    if closed or len(vowels) == 1:
        return (len(vowels) - 1,)
    if len(vowels) == 3:
        return (1,)
    return (0, 1) if vowels in ("oa", "oe", "uy") else (0,)


# Runs of letters, plus the TCVN3 codes that are symbols in cp1252 (¨ © « ¬ SHY ® · ¸ » ½ × ÷ …).
_TOKEN = re.compile(r"(?:[^\W\d_\xb2\xb3]|[\xa1-\xa9\xab-\xae\xb6-\xb9\xbb-\xbe\xd7\xf7])+")


def is_syllable(word: str) -> bool:
    """True when word is one well-formed Vietnamese syllable: initial, rhyme, one tone mark at most,
    on the right vowel, and only sắc or nặng before a final c, ch, p, t."""
    return _syllable(word) != _INVALID


@lru_cache(maxsize=16384)
def _syllable(word: str) -> int:
    """_VALID, _RARE_VALID (a rare vowel group, a weak sign) or _INVALID."""
    base: list[str] = []
    tone = place = 0
    for i, ch in enumerate(word.lower()):
        found = _TONE_OF.get(ch)
        if found is None:
            return _INVALID
        if found[1]:
            if tone:
                return _INVALID
            tone, place = found[1], i
        base.append(found[0])
    match = _SYLLABLE_RE.fullmatch("".join(base))
    if not match:
        return _INVALID
    rhyme = match.group(1)
    vowels = rhyme[: len(rhyme) - len(rhyme.lstrip(_VOWELS))]
    final = rhyme[len(vowels) :]
    if final in ("c", "ch", "p", "t") and tone not in (_SAC, _NANG):
        return _INVALID
    if tone and place - match.start(1) not in _tone_places(vowels, bool(final)):
        return _INVALID
    return _RARE_VALID if vowels in _RARE else _VALID


def encode_vni(text: str) -> str:
    """Unicode Vietnamese to VNI-Windows, as Excel shows it in cp1252 characters."""
    return _nfc(text).translate(_VNI_ENCODE_TABLE)


def decode_vni(text: str) -> str:
    """VNI-Windows (read as cp1252) to NFC Unicode, by longest match of base + mark."""
    return _nfc(_VNI_RE.sub(lambda m: _VNI_DECODE[m.group()], _nfc(text)))


def encode_tcvn3(text: str) -> str:
    """Unicode Vietnamese to TCVN3; capitals with tone marks become their lowercase code."""
    return _nfc(text).translate(_TCVN3_ENCODE_TABLE)


def decode_tcvn3(text: str, capitals: bool = False) -> str:
    """TCVN3 (read as cp1252) to NFC Unicode; capitals=True for H fonts (.VnTimeH), drawn in caps.

    Text whose plain letters are all capitals (two or more) was typed in capitals, so its toned
    letters, which TCVN3 holds only as lowercase codes, are raised too.
    """
    text = _nfc(text)
    out = text.translate(_TCVN3_DECODE_TABLE)
    if capitals or _all_capitals(text):
        out = out.upper()
    return _nfc(out)


def _all_capitals(text: str) -> bool:
    plain = [c for c in text if (c.isascii() and c.isalpha()) or c in _TCVN3_CAPITAL_CODES]
    return len(plain) >= 2 and not any(c.islower() for c in plain)


_FONT_VNI = re.compile(r"vni[-_ ]", re.IGNORECASE)
_FONT_TCVN3 = re.compile(r"\.?vn(?!i[-_ ])[a-z]", re.IGNORECASE)


def font_encoding(font_name: str | None) -> tuple[str | None, bool]:
    """Legacy encoding of a font and whether it draws capitals: 'VNI-Times' -> ('vni', False),
    '.VnTime' -> ('tcvn3', False), '.VnTimeH' -> ('tcvn3', True), others -> (None, False)."""
    name = (font_name or "").strip()
    if _FONT_VNI.match(name):
        return VNI, False
    if _FONT_TCVN3.match(name):
        return TCVN3, name.endswith("H")
    return None, False


@lru_cache(maxsize=16384)
def _read_word(token: str, encoding: str) -> str | None:
    """A token read in an encoding, or None when it holds characters that encoding never writes
    (a VNI mark with no letter before it, a Latin-1 letter with no TCVN3 code)."""
    if encoding == VNI:
        leftover = _VNI_RE.sub("", token)
        if any(ord(c) > 0x7F and c not in "íìÍÌ" for c in leftover):
            return None
        return _VNI_RE.sub(lambda m: _VNI_DECODE[m.group()], token)
    if encoding == TCVN3:
        if any(ord(c) > 0x7F and c not in _TCVN3_DECODE for c in token):
            return None
        return token.translate(_TCVN3_DECODE_TABLE)
    return token


def _score(text: str, encoding: str) -> tuple[int, int, int]:
    """(good, bad, rare): non-ASCII words read in encoding that are syllables, that are not, and
    that are syllables with a rare vowel group."""
    good = bad = rare = 0
    for token in _TOKEN.findall(text):
        if token.isascii():
            continue
        word = _read_word(token, encoding)
        kind = _INVALID if word is None else _syllable(word)
        if kind != _INVALID:
            good += 1
            rare += kind == _RARE_VALID
        elif any(c.isalpha() for c in token):
            bad += 1
    return good, bad, rare


@lru_cache(maxsize=16384)
def _plausible(text: str) -> frozenset[str]:
    """Readings of an NFC, Latin-1-only, non-ASCII text that leave the fewest broken words."""
    _, u_bad, u_rare = _score(text, UNICODE)
    readings = [
        (enc, *_score(text, enc))
        for enc, codes in ((VNI, _VNI_CHARS), (TCVN3, _TCVN3_CHARS))
        if codes.intersection(text)
    ]
    if u_bad == 0:
        others = [e for e, good, bad, rare in readings if good and not bad and rare <= u_rare]
        return frozenset([UNICODE, *others])
    better = [(bad, rare, e) for e, good, bad, rare in readings if bad < u_bad and good > bad]
    if not better:
        return frozenset([UNICODE])
    least = min(better)[:2]
    return frozenset(e for bad, rare, e in better if (bad, rare) == least)


_ONLY_UNICODE = frozenset([UNICODE])


@lru_cache(maxsize=1 << 16)
def _readings(text: str) -> frozenset[str]:
    """Plausible encodings of an NFC text; ASCII and text with Unicode-only letters are Unicode."""
    if text.isascii() or _UNICODE_ONLY.search(text) or not _LEGACY_CHARS.intersection(text):
        return _ONLY_UNICODE
    return _plausible(text)


def reading_score(text: str, legacy: bool = True) -> tuple[int, str]:
    """How Vietnamese a text reads at best, and read as what: (syllables - broken words, 'unicode',
    'vni' or 'tcvn3'); legacy=False reads it as Unicode only. Ties go to Unicode, then VNI."""
    tokens = Counter(t for t in _TOKEN.findall(_nfc(text)) if not t.isascii())
    best = (-(10**9), UNICODE)
    for encoding in (UNICODE, VNI, TCVN3) if legacy else (UNICODE,):
        score = 0
        for token, n in tokens.items():
            word = _read_word(token, encoding)
            if word is not None and _syllable(word) != _INVALID:
                score += n
            elif any(c.isalpha() for c in token):
                score -= n
        if score > best[0]:
            best = (score, encoding)
    return best


# Excel's Wingdings fonts draw these codes as ticks, crosses and boxes; lone, they are no letters.
SYMBOL_CODES = {
    "wingdings": {"ü": "✓", "û": "✗", "þ": "☑", "ý": "☒", "¨": "☐", "o": "☐"},
    "wingdings 2": {"P": "✓", "O": "✗", "R": "☑", "T": "☒", "S": "☒", "£": "☐"},
}
_WINGDINGS_CODES = frozenset(c for codes in SYMBOL_CODES.values() for c in codes)
_LONE_SYMBOLS = frozenset(c for c in _WINGDINGS_CODES if not c.isascii())


def _is_symbol(text: str) -> bool:
    return len(text) < 8 and text.strip() in _LONE_SYMBOLS


def symbol(text: str, font_name: str | None) -> str | None:
    """The symbol a lone code in a Wingdings font shows ('ü' in Wingdings -> '✓'), else None."""
    font = " ".join((font_name or "").lower().split())
    codes = SYMBOL_CODES.get(font) if font.startswith("wingdings") else None
    return codes.get(text.strip()) if codes else None


def detect(text: str) -> str | None:
    """'vni' or 'tcvn3' when the characters show it; None for ASCII, Unicode or undecidable text."""
    readings = _readings(_nfc(text))
    if len(readings) == 1 and UNICODE not in readings:
        return next(iter(readings))
    return None


def _decode_as(text: str, encoding: str, capitals: bool) -> str:
    if encoding == VNI:
        return decode_vni(text)
    if encoding == TCVN3:
        return decode_tcvn3(text, capitals)
    return text


def decode_text(text: str, hint: str | None = None, capitals: bool = False) -> tuple[str, str]:
    """(NFC text, encoding used). hint, the encoding of the cell's font, chooses only among the
    readings the characters leave open: text they show to be Unicode or legacy stays so."""
    text = _nfc(text)
    if hint == TCVN3 and capitals and text.isascii():
        upper = text.upper()
        return upper, (TCVN3 if upper != text else UNICODE)
    readings = _readings(text)
    if hint in readings:
        encoding = hint
    elif len(readings) == 1:
        encoding = next(iter(readings))
    else:
        encoding = UNICODE
    decoded = _decode_as(text, encoding, capitals)
    return decoded, (encoding if decoded != text else UNICODE)


def decode_grid(
    rows: list[list[Any]],
    fonts: Callable[[int, int], str | None] | None = None,
    prefer: str | None = None,
) -> tuple[list[list[Any]], set[str]]:
    """Decode every text cell of a sheet grid; return the new grid and the legacy encodings found.

    Each cell is read by its characters. A cell they leave open (e.g. 'Thò': Unicode, or VNI 'Thị')
    takes the one of its readings that its column and row show; when they show none or several,
    its font's (what Excel draws), else the most common in column and row, else in the sheet.
    fonts(r, c) gives a cell's font name (grid indices); it is asked only then, for lone codes a
    Wingdings font draws as a symbol ('ü' -> '✓', drawn first), and, in a sheet with TCVN3 text,
    for TCVN3 and lowercase ASCII cells, to raise the text H fonts (.VnTimeH) draw in capitals.
    prefer, the reading a whole text file was chosen by, settles open cells as a font would. A lone
    Wingdings code ('ü', a tick) is a symbol, not a TCVN3 or VNI letter.

    Each distinct text is looked at once: a grid none of whose texts can change (the common
    case: Unicode, NFC, no Wingdings code) is returned as it is. Otherwise one pass over the cells
    reads each distinct text once (NFC and readings, by characters); the votes, fonts and decoding
    that follow touch only the cells that pass found open or legacy.
    """
    if _unchanged(rows, fonts is not None):
        return rows, set()
    out = [list(row) for row in rows]
    font_of = _FontCache(fonts)
    if fonts is not None:
        _draw_symbols(out, font_of)
    decided, open_cells, single = _first_pass(out)
    decided += _settle_open(open_cells, single, font_of, prefer)
    found = _apply(decided, out, font_of)
    if TCVN3 in found and fonts is not None:  # plain text in an H font shows in capitals too
        _raise_h_fonts(out, font_of)
    return out, found


# What a distinct text may need or show, as flags: a symbol drawn by its font; a reading that
# changes it (legacy, or not NFC); a vote for Unicode; readings left open (Unicode among them).
_DRAW, _READ, _UNICODE_VOTE, _OPEN_UNICODE = 1, 2, 4, 8


def _unchanged(rows: list[list[Any]], fonts: bool) -> bool:
    """Whether decode_grid leaves the grid as it is, told from its distinct texts: none drawn as a
    symbol, none read as legacy or NFC, and every open cell settled as Unicode by its row or
    column, which hold no text but Unicode among the cells with one reading."""
    values = set().union(*rows)
    kinds = _kinds(values)
    if not values.isdisjoint(kinds[_READ]) or (fonts and not values.isdisjoint(kinds[_DRAW])):
        return False
    open_texts = kinds[_OPEN_UNICODE]  # the rows and columns tell how they read
    return values.isdisjoint(open_texts) or _open_settled(rows, open_texts, kinds[_UNICODE_VOTE])


_FLAGS = (_DRAW, _READ, _UNICODE_VOTE, _OPEN_UNICODE)


def _kinds(values: set[Any]) -> dict[int, set[Any]]:
    """A grid's distinct values sorted by their flags (_text_kind) into sets."""
    kinds: dict[int, set[Any]] = {flag: set() for flag in _FLAGS}
    for value in values:
        if type(value) is str and (kind := _text_kind(value)):
            for flag in _FLAGS:
                if kind & flag:
                    kinds[flag].add(value)
    return kinds


def _open_settled(rows: list[list[Any]], open_texts: set[str], votes: set[str]) -> bool:
    """Whether each cell holding an open text has a Unicode vote in its row or its column."""
    columns: dict[int, bool] = {}
    for row in rows:
        if not votes.isdisjoint(row) or open_texts.isdisjoint(row):
            continue
        for c, value in enumerate(row):
            if value in open_texts:
                if c not in columns:
                    columns[c] = any(len(other) > c and other[c] in votes for other in rows)
                if not columns[c]:
                    return False
    return True


@lru_cache(maxsize=1 << 16)  # a batch's wards repeat their headers, titles and marks
def _text_kind(text: str) -> int:
    """The flags of a text cell: _DRAW (a lone symbol code, whatever its font) with any of the
    others; _READ, _UNICODE_VOTE or _OPEN_UNICODE for a text the readings look at."""
    draw = _DRAW if len(text) < 8 and text.strip() in _WINGDINGS_CODES else 0
    if text.isascii() or _is_symbol(text):
        return draw
    if not unicodedata.is_normalized("NFC", text):
        return draw | _READ
    readings = _readings(text)
    if readings == _ONLY_UNICODE:
        return draw | _UNICODE_VOTE
    return draw | (_OPEN_UNICODE if len(readings) > 1 and UNICODE in readings else _READ)


def _draw_symbols(rows: list[list[Any]], fonts: Callable[[int, int], str | None]) -> None:
    """Lone codes in a Wingdings font become the symbol Excel draws ('ü' -> '✓'), in place."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if type(value) is str and len(value) < 8 and value.strip() in _WINGDINGS_CODES:
                shown = symbol(value, fonts(r, c))
                if shown is not None:
                    row[c] = shown


_Cell = tuple[int, int, str, str]  # row, column, NFC text, encoding
_Open = tuple[int, int, str, frozenset[str]]  # row, column, NFC text, readings left open


def _first_pass(
    rows: list[list[Any]],
) -> tuple[list[_Cell], list[_Open], list[tuple[int, int, str]]]:
    """Each distinct non-ASCII text read once: the cells decided by their characters, the cells
    left open, and the cells with one reading (the votes). Unicode cells get their NFC form."""
    decided: list[_Cell] = []
    open_cells: list[_Open] = []
    single: list[tuple[int, int, str]] = []
    known: dict[str, tuple[str, frozenset[str]]] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if type(value) is not str or value.isascii():
                continue
            seen = known.get(value)
            if seen is None:
                seen = known[value] = _cell_reading(value)
            text, readings = seen
            if not readings:  # a lone Wingdings code
                continue
            if len(readings) > 1:
                open_cells.append((r, c, text, readings))
                continue
            encoding = next(iter(readings))
            single.append((r, c, encoding))
            if encoding != UNICODE:
                decided.append((r, c, text, encoding))
            elif text is not value:
                row[c] = text  # Unicode: only the NFC form changes
    return decided, open_cells, single


def _settle_open(
    open_cells: list[_Open],
    single: list[tuple[int, int, str]],
    font_of: _FontCache,
    prefer: str | None,
) -> list[_Cell]:
    """An open cell takes the reading its column and row show, else its font's, else the text
    file's, else the most common in column and row, else in the sheet, else Unicode. Which
    readings a column or row shows is all most cells need; the votes are counted for the others."""
    cols = {c for _, c, _, _ in open_cells}
    rows = {r for r, _, _, _ in open_cells}
    in_col = {(c, e) for _, c, e in single if c in cols}
    in_row = {(r, e) for r, _, e in single if r in rows}
    votes: _Votes | None = None
    decided: list[_Cell] = []
    for r, c, text, readings in open_cells:
        shown = [e for e in readings if (c, e) in in_col or (r, e) in in_row]
        if len(shown) == 1:
            decided.append((r, c, text, shown[0]))
            continue
        encoding = _font_choice(font_of(r, c), readings) or (prefer if prefer in readings else None)
        if encoding is None:
            col_shares, row_shares, sheet_votes = votes = votes or _votes(single, open_cells)
            col, row_ = col_shares.get(c, _NO_VOTES), row_shares.get(r, _NO_VOTES)
            encoding = (
                _majority({e: col.get(e, 0.0) + row_.get(e, 0.0) for e in readings})
                or _majority({e: float(sheet_votes[e]) for e in readings})
                or UNICODE
            )
        decided.append((r, c, text, encoding))
    return decided


_NO_VOTES: dict[str, float] = {}


def _apply(decided: list[_Cell], out: list[list[Any]], font_of: _FontCache) -> set[str]:
    """Write each decided cell decoded; the legacy encodings that changed a cell."""
    found: set[str] = set()
    for r, c, text, encoding in decided:
        if encoding == UNICODE:
            out[r][c] = text
            continue
        capitals = encoding == TCVN3 and font_encoding(font_of(r, c))[1]
        out[r][c] = _decode_as(text, encoding, capitals)
        if out[r][c] != text:
            found.add(encoding)
    return found


def _raise_h_fonts(out: list[list[Any]], font_of: _FontCache) -> None:
    """Lowercase ASCII text in a TCVN3 H font (.VnTimeH) is drawn in capitals: upper-case it."""
    for r, row in enumerate(out):
        for c, value in enumerate(row):
            if (
                type(value) is str
                and value.isascii()
                and value != value.upper()
                and font_encoding(font_of(r, c))[1]
            ):
                out[r][c] = value.upper()


def _cell_reading(value: str) -> tuple[str, frozenset[str]]:
    """(NFC text, plausible readings) of a non-ASCII cell; no readings for a lone Wingdings
    code."""
    if _is_symbol(value):
        return value, frozenset()
    text = _nfc(value)
    return text, _readings(text)


_Votes = tuple[dict[int, dict[str, float]], dict[int, dict[str, float]], Counter[str]]


def _votes(
    single: list[tuple[int, int, str]], open_cells: list[tuple[int, int, str, frozenset[str]]]
) -> _Votes:
    """Shares of each reading in the columns and rows of the open cells, and the sheet's votes,
    from the cells with one reading (nothing to count when no cell is open)."""
    if not open_cells:
        return {}, {}, Counter()
    cols = {c for _, c, _, _ in open_cells}
    rows = {r for r, _, _, _ in open_cells}
    col_votes: defaultdict[int, Counter[str]] = defaultdict(Counter)
    row_votes: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for r, c, encoding in single:
        if c in cols:
            col_votes[c][encoding] += 1
        if r in rows:
            row_votes[r][encoding] += 1
    sheet_votes = Counter(encoding for _, _, encoding in single)
    col_shares = {c: _shares(votes) for c, votes in col_votes.items()}
    row_shares = {r: _shares(votes) for r, votes in row_votes.items()}
    return col_shares, row_shares, sheet_votes


class _FontCache:
    """Font names of cells, each asked of the caller's lookup at most once."""

    def __init__(self, fonts: Callable[[int, int], str | None] | None) -> None:
        self.fonts = fonts
        self.seen: dict[tuple[int, int], str | None] = {}

    def __call__(self, r: int, c: int) -> str | None:
        if self.fonts is None:
            return None
        if (r, c) not in self.seen:
            self.seen[r, c] = self.fonts(r, c)
        return self.seen[r, c]


def _shares(votes: Counter[str]) -> dict[str, float]:
    total = sum(votes.values())
    return {e: n / total for e, n in votes.items()}


def _majority(scores: Mapping[str, float]) -> str | None:
    """The reading with the strictly highest positive score, if there is one."""
    ranked = sorted(((s, e) for e, s in scores.items()), reverse=True)
    if ranked and ranked[0][0] > 0 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return ranked[0][1]
    return None


def _font_choice(font_name: str | None, readings: frozenset[str]) -> str | None:
    """The reading a known font shows: its legacy encoding, or Unicode for other fonts."""
    if not font_name:
        return None
    encoding = font_encoding(font_name)[0] or UNICODE
    return encoding if encoding in readings else None

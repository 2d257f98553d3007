"""Legacy encodings: tables by round trip, detection, decoding of grids, fonts of .xlsx cells."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctg_check.reading.encodings import (
    TCVN3,
    UNICODE,
    VIETNAMESE_LETTERS,
    VNI,
    decode_grid,
    decode_tcvn3,
    decode_text,
    decode_vni,
    detect,
    encode_tcvn3,
    encode_vni,
    font_encoding,
    is_syllable,
)
from ctg_check.reading.fonts import xlsx_fonts

TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
HATS = {"a": {"\u0302", "\u0306"}, "e": {"\u0302"}, "o": {"\u0302", "\u031b"}, "u": {"\u031b"}}


def _is_vietnamese_letter(ch: str) -> bool:
    """Precomposed letter: a Vietnamese vowel with at most one hat/horn/breve and one tone, or đ."""
    if ch in "đĐ":
        return True
    nfd = unicodedata.normalize("NFD", ch)
    if len(nfd) < 2 or nfd[0].lower() not in "aeiouy":
        return False
    marks = set(nfd[1:])
    hats = marks - TONES
    return (
        len(marks) == len(nfd) - 1
        and len(marks & TONES) <= 1
        and len(hats) <= 1
        and hats <= HATS.get(nfd[0].lower(), set())
    )


def _words(text: str) -> list[str]:
    return text.split()


LETTERS = [chr(cp) for cp in range(0xC0, 0x1EFA) if _is_vietnamese_letter(chr(cp))]
TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"


def test_there_are_134_vietnamese_letters() -> None:
    assert len(LETTERS) == 134
    assert sum(c.islower() for c in LETTERS) == 67
    assert set(LETTERS) == set(VIETNAMESE_LETTERS)


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_round_trips_every_letter(letter: str) -> None:
    encoded = encode_vni(letter)
    assert all(ord(c) <= 0xFF for c in encoded)
    assert 1 <= len(encoded) <= 2
    assert decode_vni(encoded) == letter


@pytest.mark.parametrize("letter", LETTERS)
def test_tcvn3_round_trips_every_letter(letter: str) -> None:
    encoded = encode_tcvn3(letter)
    assert len(encoded) == 1 and 0xA0 < ord(encoded) <= 0xFF
    if letter.islower() or letter in TCVN3_CAPITALS:
        assert decode_tcvn3(encoded) == letter
    else:  # no code for toned capitals: typed as the lowercase code, drawn by an H font
        assert encoded == encode_tcvn3(letter.lower())
        assert decode_tcvn3(encoded, capitals=True) == letter


def test_codes_follow_the_published_layouts() -> None:
    vni = {
        "ơ": "ô",
        "ô": "oâ",
        "ư": "ö",
        "đ": "ñ",
        "Đ": "Ñ",
        "ị": "ò",
        "ỵ": "î",
        "ắ": "aé",
        "Ở": "ÔÛ",
    }
    tcvn3 = {"ư": "\xad", "à": "µ", "ê": "ª", "đ": "®", "Đ": "§", "ễ": "Ô", "ọ": "ä", "ỵ": "þ"}
    assert {k: encode_vni(k) for k in vni} == vni
    assert {k: encode_tcvn3(k) for k in tcvn3} == tcvn3
    assert len({encode_vni(c) for c in LETTERS}) == 134
    assert len({encode_tcvn3(c) for c in LETTERS if c.islower()}) == 67


PHRASES = [
    "Nguyễn Thị Hoa",
    "Họ và tên",
    "Hộ cận nghèo",
    "Năm sinh",
    "Nữ",
    "Có",
    "Đặng Văn Ước",
    "Trương Thị Ánh Tuyết",
    "UBND PHƯỜNG THẮNG TAM",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "DANH SÁCH THÀNH VIÊN CLB LIÊN THẾ HỆ TỰ GIÚP NHAU",
    "Tổng cộng",
    "Người lập biểu",
    "Khuyết tật",
    "Bà Rịa – Vũng Tàu",
]


def test_examples_from_the_domain_notes() -> None:
    assert encode_vni("Nguyễn Thị Hoa") == "Nguyeãn Thò Hoa"
    assert encode_vni("Họ và tên") == "Hoï vaø teân"
    assert encode_tcvn3("Nguyễn Thị Hoa") == "NguyÔn ThÞ Hoa"
    assert encode_tcvn3("Họ và tên") == "Hä vµ tªn"


@pytest.mark.parametrize("phrase", PHRASES)
def test_vni_phrases_are_detected_and_decoded(phrase: str) -> None:
    encoded = encode_vni(phrase)
    assert detect(encoded) == VNI
    assert decode_text(encoded) == (phrase, VNI)


@pytest.mark.parametrize(
    ("phrase", "decoded"),
    [(p, p) for p in PHRASES if p not in ("Có", "Trương Thị Ánh Tuyết")]
    + [("Trương Thị Ánh Tuyết", "Trương Thị ánh Tuyết")],  # 'Á' has no TCVN3 code
)
def test_tcvn3_phrases_are_detected_and_decoded(phrase: str, decoded: str) -> None:
    encoded = encode_tcvn3(phrase)
    assert detect(encoded) == TCVN3
    assert decode_text(encoded) == (decoded, TCVN3)


def test_short_cells_the_characters_cannot_decide() -> None:
    assert encode_vni("Thị") == "Thò"  # also Unicode 'Thò'
    assert encode_tcvn3("Có") == "Cã"  # also Unicode 'Cã'
    assert encode_vni("đi") == "ñi"  # also TCVN3 'ủi'
    for text in ("Thò", "Cã", "ñi"):
        assert detect(text) is None
        assert decode_text(text) == (text, UNICODE)
    assert decode_text("Thò", hint=VNI) == ("Thị", VNI)
    assert decode_text("Cã", hint=TCVN3) == ("Có", TCVN3)
    assert decode_text("ñi", hint=TCVN3) == ("ủi", TCVN3)


@pytest.mark.parametrize(
    "text",
    [
        *PHRASES,
        "Hòa",
        "Lý Thị Lài",
        "Hồ Chí Minh",
        "x",
        "X",
        "✓",
        "1",
        "2024",
        "15/08/1950",
        "Nguyen Van A",
        "Total",
        "25°C",
        "5 m²",
        "Nº 5",
        "½",
        "© 2020",
        "José María",
        "Müller",
        "naïve café",
        "Château",
        "· mục 1",
        "“Có” – ‘Không’",
        "Ðỗ Văn Hải",
    ],
)
def test_unicode_and_plain_text_are_not_taken_for_legacy(text: str) -> None:
    assert detect(text) is None
    nfd = unicodedata.normalize("NFD", text)
    assert detect(nfd) is None
    assert decode_text(nfd) == (unicodedata.normalize("NFC", text), UNICODE)


def test_a_font_hint_does_not_spoil_unicode() -> None:
    assert decode_text("Nguyễn Thị Hòa", hint=VNI) == ("Nguyễn Thị Hòa", UNICODE)
    assert decode_text("Tân Bình", hint=VNI) == ("Tân Bình", UNICODE)  # VNI never writes 'â' alone
    assert decode_text("Họ và tên", hint=TCVN3) == ("Họ và tên", UNICODE)
    assert decode_text("Hä vµ tªn", hint=VNI) == ("Họ và tên", TCVN3)  # the characters win


def test_font_names() -> None:
    assert font_encoding("VNI-Times") == (VNI, False)
    assert font_encoding("VNI-Helve-Condense") == (VNI, False)
    assert font_encoding(".VnTime") == (TCVN3, False)
    assert font_encoding(".VnArial") == (TCVN3, False)
    assert font_encoding("VnTime") == (TCVN3, False)
    assert font_encoding(".VnTimeH") == (TCVN3, True)
    assert font_encoding(".VnArial NarrowH") == (TCVN3, True)
    assert font_encoding("Times New Roman") == (None, False)
    assert font_encoding("Arial") == (None, False)
    assert font_encoding("") == (None, False)
    assert font_encoding(None) == (None, False)


def test_h_fonts_draw_capitals() -> None:
    assert decode_tcvn3("hä vµ tªn", capitals=True) == "HỌ VÀ TÊN"
    assert decode_text("hä vµ tªn", hint=TCVN3, capitals=True) == ("HỌ VÀ TÊN", TCVN3)
    assert decode_text("danh s¸ch", hint=TCVN3, capitals=True) == ("DANH SÁCH", TCVN3)
    assert decode_text("stt", hint=TCVN3, capitals=True) == ("STT", TCVN3)
    assert decode_text("STT", hint=TCVN3, capitals=True) == ("STT", UNICODE)


def test_tcvn3_text_typed_in_capitals_keeps_its_toned_capitals() -> None:
    assert decode_tcvn3(encode_tcvn3("ĐỖ THỊ HOA")) == "ĐỖ THỊ HOA"
    assert decode_tcvn3(encode_tcvn3("Đỗ Thị Hoa")) == "Đỗ Thị Hoa"
    assert decode_tcvn3(encode_tcvn3("Hà")) == "Hà"


def test_nfd_becomes_nfc() -> None:
    for phrase in PHRASES:
        nfd = unicodedata.normalize("NFD", phrase)
        assert nfd != phrase or phrase.isascii()
        assert decode_text(nfd) == (phrase, UNICODE)
        assert decode_vni(encode_vni(nfd)) == phrase


def test_syllables() -> None:
    words = _words("người được nghiêng khuya quyền giữ gì thuở hoặc xoong rượu Ước ÁNH Tuyết")
    assert all(is_syllable(w) for w in words)
    assert all(is_syllable(w) for w in ["hòa", "hoà", "thủy", "thuỷ", "khỏe", "khoẻ", "già", "quý"])
    bad = ["Nguyeãn", "Hoï", "vaø", "teân", "Nöõ", "NguyÔn", "Hä", "vµ", "tªn", "hóà", "bac", "ăn1"]
    bad += ["leõ", "hoaì", "qúy", "ưá", "mưà", "bàc"]
    assert not any(is_syllable(w) for w in bad)


# --- properties ------------------------------------------------------------------------------
INITIALS = _words("_ b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x")
RHYMES = _words(
    "a ai an ang anh ao au ay ac ach at ăn ăng ăc ăt âm ân âng âu ây âc ât e em en eo et ê êm ên "
    "ênh êu êt êch i ia im in inh it ich iêu iên iêng iêt iêm o oa oai oan oang oanh oat oac oach "
    "oe oen oet oi om on ong oc ot ô ôi ôm ôn ông ôc ôt ơ ơi ơm ơn ơt u ua uân uât uê ui um un ung "
    "uc ut uôi uôn uông uôc uôt uy uya uyên uyêt uynh ư ưa ưi ưu ưng ưc ươi ươu ươn ương ươc ươt "
    "y yên yêt yêu"
)
MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _toned(rhyme: str, tone: int) -> str:
    vowels = [i for i, c in enumerate(rhyme) if c in "aăâeêioôơuưy"]
    hatted = [i for i in vowels if rhyme[i] in "ăâêôơư"]
    if hatted:
        at = hatted[-1]
    elif vowels[-1] < len(rhyme) - 1 or len(vowels) == 1:
        at = vowels[-1]
    else:
        at = vowels[-2]
    return unicodedata.normalize("NFC", rhyme[: at + 1] + MARKS[tone] + rhyme[at + 1 :])


def _spelled(initial: str, rhyme: str) -> bool:
    """Spelling rules: 'già' is gi + a, never g + ia; 'qu' already holds the u."""
    if initial in ("g", "gi"):
        return rhyme[0] != "i"
    return initial != "qu" or rhyme[0] not in "uo"


@st.composite
def syllables(draw: st.DrawFn) -> str:
    initial = draw(st.sampled_from(INITIALS)).strip("_")
    rhyme = draw(st.sampled_from([r for r in RHYMES if _spelled(initial, r)]))
    stop = rhyme.endswith(("c", "ch", "p", "t"))
    tone = draw(st.sampled_from((2, 5) if stop else range(6)))
    word = initial + _toned(rhyme, tone)
    return draw(st.sampled_from((word, word.capitalize(), word.upper())))


sentences = st.lists(syllables(), min_size=1, max_size=6).map(" ".join)


@given(sentences)
def test_generated_words_are_syllables(text: str) -> None:
    assert all(is_syllable(w) for w in text.split())


@given(sentences)
def test_vni_round_trip_and_detection(text: str) -> None:
    encoded = encode_vni(text)
    assert decode_vni(encoded) == text
    assert detect(encoded) in (VNI, None)
    assert decode_text(encoded, hint=VNI) == (text, VNI if encoded != text else UNICODE)


@given(sentences)
def test_tcvn3_round_trip_and_detection(text: str) -> None:
    encoded = encode_tcvn3(text)
    assert decode_tcvn3(encode_tcvn3(text.lower())) == text.lower()
    assert decode_tcvn3(encoded).lower() == text.lower()
    assert decode_tcvn3(encoded, capitals=True) == text.upper()
    assert detect(encoded) in (TCVN3, None)


@given(sentences)
def test_unicode_is_never_taken_for_legacy(text: str) -> None:
    assert detect(text) is None
    assert decode_text(text) == (text, UNICODE)
    assert decode_text(unicodedata.normalize("NFD", text)) == (text, UNICODE)


SURNAMES = _words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương")
MIDDLE = _words("Thị Văn Hữu Đức Ngọc Minh Thanh Quang Thành Xuân Kim")
GIVEN = _words("Hoa Lan Hùng Dũng Tuấn Hương Phương Anh Tuyết Hạnh Thảo Nga Bình Cường Ước Hòa Lộc")
names = st.tuples(*(st.sampled_from(x) for x in (SURNAMES, MIDDLE, GIVEN))).map(" ".join)


@given(names)
def test_full_names_are_detected(name: str) -> None:
    for encoding, encode in ((VNI, encode_vni), (TCVN3, encode_tcvn3)):
        encoded = encode(name)
        if all(is_syllable(w) for w in encoded.split()):  # 'Phan Thò Hoa' is Unicode too
            assert detect(encoded) is None
        else:
            assert detect(encoded) == encoding
            assert decode_text(encoded) == (name, encoding)


@settings(max_examples=50)
@given(st.lists(names, min_size=3, max_size=8), st.sampled_from(["Thị", "Có", "Hòa"]))
def test_a_column_decides_its_open_cells(column: list[str], short: str) -> None:
    for encoding, encode in ((VNI, encode_vni), (TCVN3, encode_tcvn3)):
        if not any(detect(encode(name)) == encoding for name in column):
            continue  # every name also reads as Unicode ('Phan Thò Hoa'): nothing to go by
        grid = [[encode(name)] for name in [*column, short]]
        decoded, found = decode_grid(grid)
        assert [row[0] for row in decoded] == [*column, short]
        assert found == {encoding}


# --- grids -----------------------------------------------------------------------------------
def test_decode_grid_mixed_columns_and_rows() -> None:
    rows: list[list[Any]] = [
        ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Ghi chú", None],
        [
            1,
            encode_vni("Nguyễn Thị Hoa"),
            1950,
            encode_vni("Nữ"),
            encode_tcvn3("Hộ cận nghèo"),
            3.5,
        ],
        [2, encode_vni("Trần Văn Nam"), 1962, "Nam", encode_tcvn3("Có"), None],
        [3, encode_vni("Thị"), "1948", encode_vni("Nữ"), encode_tcvn3("Khuyết tật"), True],
        [4, "Lê Thị Hòa", 1955, "Nữ", "Hòa", None],
        [5, "Phạm Văn Hùng", 1990, "Nam", "Có", None],
    ]
    decoded, found = decode_grid(rows)
    assert found == {VNI, TCVN3}
    assert [r[1] for r in decoded] == [
        "Họ và tên",
        "Nguyễn Thị Hoa",
        "Trần Văn Nam",
        "Thị",  # 'Thò': open, the VNI column decides
        "Lê Thị Hòa",
        "Phạm Văn Hùng",
    ]
    assert [r[3] for r in decoded[1:]] == ["Nữ", "Nam", "Nữ", "Nữ", "Nam"]
    assert [r[4] for r in decoded[1:]] == ["Hộ cận nghèo", "Có", "Khuyết tật", "Hòa", "Có"]
    assert [r[2] for r in decoded] == ["Năm sinh", 1950, 1962, "1948", 1955, 1990]
    assert decoded[1][5] == 3.5 and decoded[3][5] is True and decoded[0][5] is None
    assert rows[1][1] == "Nguyeãn Thò Hoa"  # the input grid is left alone


def test_decode_grid_on_unicode_changes_nothing_but_nfd() -> None:
    rows = [[p for p in PHRASES], [unicodedata.normalize("NFD", p) for p in PHRASES]]
    decoded, found = decode_grid(rows)
    assert found == set()
    assert decoded == [PHRASES, PHRASES]


def test_decode_grid_asks_fonts_only_for_open_and_tcvn3_cells() -> None:
    rows: list[list[Any]] = [
        ["Nguyễn Thị Hoa", "Thò", "hä vµ tªn", "abc", 12],
        ["Hòa", "Cã", None, "Thò", None],
    ]
    fonts = {(0, 1): "VNI-Times", (0, 2): ".VnTimeH", (0, 3): ".VnTimeH", (1, 1): ".VnTime"}
    fonts[1, 3] = "Arial"
    asked: list[tuple[int, int]] = []

    def lookup(r: int, c: int) -> str | None:
        asked.append((r, c))
        return fonts.get((r, c))

    decoded, found = decode_grid(rows, lookup)
    assert decoded == [
        ["Nguyễn Thị Hoa", "Thị", "HỌ VÀ TÊN", "ABC", 12],  # .VnTimeH draws 'abc' as 'ABC'
        ["Hòa", "Có", None, "Thò", None],
    ]
    assert found == {VNI, TCVN3}
    assert sorted(asked) == [(0, 1), (0, 2), (0, 3), (1, 1), (1, 3)]  # not 'Hòa': column Unicode


def test_a_grid_nothing_changes_is_returned_as_it_is() -> None:
    rows: list[list[Any]] = [
        ["Họ và tên", "Ghi chú", "Hộ nghèo"],  # 'Ghi chú' also reads as TCVN3: the row settles it
        ["Nguyễn Thị Hoa", None, "Có"],  # 'Có' (or TCVN3 'Cú'): the row settles it
        ["Hoa", None, "Không"],  # no Unicode-only text in the row: the column settles it
        [1, 2.5, True],
    ]
    decoded, found = decode_grid(rows, lambda r, c: "Times New Roman")
    assert decoded is rows and found == set()


def test_an_open_cell_nothing_settles_asks_its_font() -> None:
    rows: list[list[Any]] = [["Nguyễn Thị Hoa", None], [None, "Cã"]]  # 'Cã': Unicode or TCVN3
    asked: list[tuple[int, int]] = []

    def lookup(r: int, c: int) -> str | None:
        asked.append((r, c))
        return ".VnTime"

    decoded, found = decode_grid(rows, lookup)
    assert decoded[1][1] == "Có" and found == {TCVN3}
    assert asked == [(1, 1)]
    assert rows[1][1] == "Cã"  # the input grid is left alone


def test_wingdings_codes_are_drawn_only_in_a_wingdings_font() -> None:
    rows: list[list[Any]] = [["Họ và tên", "Hộ nghèo"], ["Hoa", "ü"], ["Lan", " P "]]
    fonts = {(1, 1): "Wingdings", (2, 1): "Wingdings 2"}
    decoded, found = decode_grid(rows, lambda r, c: fonts.get((r, c)))
    assert [row[1] for row in decoded] == ["Hộ nghèo", "✓", "✓"] and found == set()
    assert decode_grid(rows, lambda r, c: "Arial") == (rows, set())
    assert rows[1][1] == "ü"


def test_grids_decode_the_same_with_the_remembered_kinds_cleared() -> None:
    from ctg_check.reading import encodings

    legacy: list[list[Any]] = [
        ["Họ và tên", "Ghi chú"],
        [encode_vni("Nguyễn Thị Hoa"), encode_vni("Nữ")],
    ]
    unicode: list[list[Any]] = [["Họ và tên", "Ghi chú"], ["Nguyễn Thị Hoa", "Có"], [1, 2.5]]
    for _ in range(3):
        encodings._text_kind.cache_clear()
        assert decode_grid(legacy) == ([["Họ và tên", "Ghi chú"], ["Nguyễn Thị Hoa", "Nữ"]], {VNI})
        assert decode_grid(unicode) == (unicode, set())


# --- fonts of .xlsx cells --------------------------------------------------------------------
@pytest.fixture
def legacy_xlsx(tmp_path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Font

    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "Unicode"
    first["A1"] = "Họ và tên"
    second = wb.create_sheet("Legacy")
    second["B2"] = "hä vµ tªn"
    second["B2"].font = Font(name=".VnTimeH", bold=True)
    second["C2"] = "stt"
    second["C2"].font = Font(name=".VnTimeH")
    second["B3"] = encode_vni("Nguyễn Thị Hoa")
    second["B3"].font = Font(name="VNI-Times")
    second["C3"] = "Cã"
    second["C3"].font = Font(name="Times New Roman")
    second["D3"] = CellRichText([TextBlock(InlineFont(rFont=".VnTime"), "Cã")])
    second["G7"] = CellRichText(
        [TextBlock(InlineFont(rFont="Arial"), "1. "), TextBlock(InlineFont(rFont=".VnTime"), "Hä")]
    )
    second["E5"] = "Thò"
    second["E5"].font = Font(name="VNI-Times")
    path = tmp_path / "legacy.xlsx"
    wb.save(path)
    return path


def test_xlsx_fonts_reads_cell_fonts(legacy_xlsx: Path) -> None:
    fonts = xlsx_fonts(legacy_xlsx, 1)
    assert fonts(1, 1) == ".VnTimeH"
    assert fonts(2, 1) == "VNI-Times"
    assert fonts(2, 2) == "Times New Roman"
    assert fonts(2, 3) == ".VnTime"  # the rich-text run's font
    assert fonts(6, 6) == ".VnTime"  # the run that holds the legacy text
    assert fonts(4, 4) == "VNI-Times"
    assert fonts(0, 0) is None  # no such cell
    shifted = xlsx_fonts(legacy_xlsx, 1, origin=(1, 1))
    assert shifted(0, 0) == ".VnTimeH"
    assert shifted(1, 2) == ".VnTime"
    assert shifted(3, 3) == "VNI-Times"
    assert xlsx_fonts(legacy_xlsx, 0)(0, 0) == "Calibri"


def test_xlsx_fonts_never_fails(legacy_xlsx: Path, tmp_path: Path) -> None:
    assert xlsx_fonts(legacy_xlsx, 7)(0, 0) is None
    not_a_zip = tmp_path / "x.xlsx"
    not_a_zip.write_text("STT,Họ và tên\n")
    assert xlsx_fonts(not_a_zip, 0)(0, 0) is None
    assert xlsx_fonts(tmp_path / "missing.xlsx", 0)(0, 0) is None


def test_fonts_decide_open_cells_of_a_read_sheet(legacy_xlsx: Path) -> None:
    import python_calamine as pc

    sheet = pc.CalamineWorkbook.from_path(str(legacy_xlsx)).get_sheet_by_index(1)
    rows = [list(r) for r in sheet.to_python(skip_empty_area=True)]
    origin = sheet.start or (0, 0)
    assert tuple(origin) == (1, 1)
    decoded, found = decode_grid(rows, xlsx_fonts(legacy_xlsx, 1, origin=(1, 1)))
    assert [[v for v in row if v] for row in decoded] == [
        ["HỌ VÀ TÊN", "STT"],  # .VnTimeH draws capitals
        ["Nguyễn Thị Hoa", "Cã", "Có"],  # 'Cã' stays in Times New Roman
        [],
        ["Thị"],  # nothing around it: its VNI-Times font decides
        [],
        ["1. Họ"],
    ]
    assert found == {VNI, TCVN3}

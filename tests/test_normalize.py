"""normalize.fold: its fast way (Latin letters as ASCII bytes) gives what the full one gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ctg_check.normalize import _slow_fold, fold

VIETNAMESE = "ĐđÂâĂăÊêÔôƠơƯư ÀÁẢÃẠàáảãạẦẤẨẪẬầấẩẫậỀẾỂỄỆềếểễệỜỚỞỠỢờớởỡợỪỨỬỮỰừứửữự"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(VIETNAMESE) | st.characters(), max_size=40))
def test_fold_is_the_full_fold(text: str) -> None:
    assert fold.__wrapped__(text) == _slow_fold(text)


def test_fold_of_every_character() -> None:
    """Every character of the basic plane (beyond it all go the full way), beside Vietnamese
    letters, space and punctuation."""
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        text = f"Ệ{chr(code)}a, B"
        assert fold.__wrapped__(text) == _slow_fold(text), hex(code)


def test_fold_examples() -> None:
    assert fold("  Nguyễn  Thị Hoà! ") == "nguyen thi hoa"
    assert fold("ĐỖ VĂN ĐẠT") == "do van dat"
    assert fold("Straße\u00a0Æ") == "strasse æ"

"""Ambiguous-width symbols follow the language: full-width CJK in Chinese, Latin in English."""
from typeset.fonts.metrics import FakeMetrics
from typeset.model import Run
from typeset.reading.style import Style
from typeset.text import compose

STYLE = Style("byline", "kai", "latin-serif", 10, 12, align="left")


def faces(text, language):
    comp = compose((Run(text),), STYLE, FakeMetrics(), 300, language, indent=False)
    return {g.text: g.face for line in comp.lines for g in line.glyphs}


def test_byline_box_is_chinese_in_chinese_text():
    assert faces("□韩超", "zh-Hans") == {"□韩超": "kai"}


def test_symbols_stay_latin_in_english():
    assert faces("§ 3", "en") == {"§": "latin-serif", "3": "latin-serif"}

"""compose(): the public API on fake metrics -- faces, missing glyphs, measures, alignment."""
import pytest

from typeset.fonts.metrics import FakeMetrics
from typeset.model import Run
from typeset.reading.style import Style
from typeset.text import Composed, Glyphs, Line, Missing, compose

SIZE = 10.0
EM = SIZE


def style(**kw):
    base = dict(name="body", font="song", latin_font="latin-serif", size=SIZE, leading=14)
    base.update(kw)
    return Style(**base)


def test_missing_glyph_is_reported_with_offset_and_char_and_still_set():
    c = compose([Run("取证,请您𠀋配合")], style(), FakeMetrics(missing="𠀋"), 200, "zh-Hans", indent=False)
    assert c.missing == (Missing(5, "𠀋", "song"),)
    assert c.text[5] == "𠀋"
    g = [g for g in c.lines[0].glyphs if "𠀋" in g.text]
    assert g and g[0].face == "song"
    assert "".join(g.text for g in c.lines[0].glyphs) == c.text


def test_missing_latin_glyph_names_the_latin_role():
    c = compose([Run("abc", bold=True)], style(bold_latin_font="latin-bold"), FakeMetrics(missing="b"), 200,
                "en", indent=False)
    assert c.missing == (Missing(1, "b", "latin-bold"),)


def test_faces_follow_script_and_bold():
    st = style(bold_font="hei", bold_latin_font="latin-bold")
    c = compose([Run("中文abc"), Run("粗体xyz", bold=True)], st, FakeMetrics(), 400, "zh-Hans", indent=False)
    got = [(g.text, g.face) for g in c.lines[0].glyphs]
    assert got == [("中文", "song"), ("abc", "latin-serif"), ("粗体", "hei"), ("xyz", "latin-bold")]


def test_measure_may_be_a_function_of_the_line_number():
    text = "国家统计局发布数据显示今年前三季度经济运行总体平稳稳中有进就业物价基本稳定"
    c = compose([Run(text)], style(), FakeMetrics(), lambda n: (6 if n < 2 else 10) * EM, "zh-Hans",
                indent=False)
    assert [len(ln.glyphs[0].text) for ln in c.lines[:4]] == [6, 6, 10, 10]
    assert [ln.measure for ln in c.lines[:3]] == [60, 60, 100]


def test_line_offsets_cover_the_text():
    text = "The quick brown fox jumps over the lazy dog again and again."
    c = compose([Run(text)], style(), FakeMetrics(), 12 * EM, "en", indent=False)
    assert c.lines[0].start == 0 and c.lines[-1].end == len(text)
    for ln in c.lines:
        printed = "".join(g.text for g in ln.glyphs)
        assert text[ln.start:ln.end].replace(" ", "") == (printed[:-1] if ln.hyphenated else printed)
    for a, b in zip(c.lines, c.lines[1:]):
        assert text[a.end:b.start].strip() == ""


def test_justify_last_fills_the_last_line():
    text = "国家统计局发布数据显示今年"
    c = compose([Run(text)], style(), FakeMetrics(), 10 * EM, "zh-Hans", indent=False, justify_last=True)
    assert c.lines[-1].width == pytest.approx(10 * EM)
    c = compose([Run(text)], style(), FakeMetrics(), 10 * EM, "zh-Hans", indent=False)
    assert c.lines[-1].width == pytest.approx(3 * EM)


def test_tracking_spreads_every_character_and_centres_on_the_ink():
    st = style(align="center", tracking=0.1, size=20)
    c = compose([Run("机制牵引")], st, FakeMetrics(), 200, "zh-Hans", indent=False)
    ln = c.lines[0]
    assert ln.glyphs == (Glyphs(ln.glyphs[0].x, "机制牵引", "song", 20, pytest.approx(2.0)),)
    assert ln.width == pytest.approx(4 * 20 + 3 * 2)
    assert ln.glyphs[0].x == pytest.approx((200 - ln.width) / 2)


def test_first_line_indent_is_in_em():
    c = compose([Run("中文")], style(indent=2), FakeMetrics(), 200, "zh-Hans")
    assert c.lines[0].glyphs[0].x == pytest.approx(2 * EM)
    c = compose([Run("中文")], style(indent=2), FakeMetrics(), 200, "zh-Hans", indent=False)
    assert c.lines[0].glyphs[0].x == 0


def test_empty_paragraph_has_no_lines():
    assert compose([Run("  ")], style(), FakeMetrics(), 100, "zh-Hans") == Composed("", ())


def test_character_wider_than_the_measure_is_overfull():
    c = compose([Run("中中")], style(), FakeMetrics(), 0.5 * EM, "zh-Hans", indent=False)
    assert len(c.lines) == 2 and c.overfull == (0, 1)


def test_public_types_are_frozen():
    g = Glyphs(0, "a", "f", 10)
    with pytest.raises(Exception):
        g.x = 1  # type: ignore[misc]
    line = Line((g,), 10, 5, 0, 1)
    assert (line.hyphenated, line.ratio, line.compressed, line.hang) == (False, 0.0, 0, 0.0)


def test_tracked_line_fits_on_its_ink():
    st = style(align="center", tracking=0.1, size=20)
    c = compose([Run("机制牵引")], st, FakeMetrics(), 86, "zh-Hans", indent=False)  # 4 * 20 + 3 * 2
    assert len(c.lines) == 1 and c.overfull == ()
    assert c.lines[0].width == pytest.approx(86)
    c = compose([Run("机制牵引")], st, FakeMetrics(), 85.5, "zh-Hans", indent=False)
    assert len(c.lines) == 2


def test_tracked_hyphenated_line_fills_the_measure():
    st = style(tracking=0.1)
    text = "Typesetting newspapers requires the hyphenation of extraordinarily long words in columns."
    hyphenated = 0
    for em in range(12, 21):
        c = compose([Run(text)], st, FakeMetrics(), em * EM, "en", indent=False)
        hyphenated += sum(ln.hyphenated for ln in c.lines)
        for ln in c.lines[:-1]:
            assert ln.width == pytest.approx(em * EM, abs=0.01)
            last = ln.glyphs[-1]
            ink_end = last.x + len(last.text) * EM / 2 + (len(last.text) - 1) * last.char_space
            assert ink_end == pytest.approx(em * EM, abs=0.01)
    assert hyphenated


def test_compose_documents_its_chinese_parameters():
    doc = compose.__doc__
    for name in ("level", "punctuation", "hanging"):
        assert f"`{name}`" in doc
    for value in ("loose", "basic", "gb", "strict", "fullwidth", "kaiming", "halfwidth", "none"):
        assert f'"{value}"' in doc


def test_unknown_level_is_an_error():
    with pytest.raises(ValueError, match="basic"):
        compose([Run("中文")], style(), FakeMetrics(), 100, "zh-Hans", level="relaxed")


def test_lines_report_compressed_marks():
    # 中，中。”中: the pair 。” is set at 1.5 em, one mark narrower than a full em.
    c = compose([Run("中，中。”中")], style(align="left"), FakeMetrics(), 200, "zh-Hans", indent=False)
    assert c.lines[0].compressed == 1
    c = compose([Run("中，中。”中")], style(align="left"), FakeMetrics(), 200, "zh-Hans", indent=False,
                punctuation="none")
    assert c.lines[0].compressed == 0


def test_a_justified_line_without_glue_spreads_its_letters():
    """A phone number alone on a justified line still fills the measure, by letter spacing."""
    from reference.setter import set_line
    from typeset.text.items import Box, Penalty

    items = [Box(5.0, c, "latin-serif", 10.0, i) for i, c in enumerate("321-298")] + [Penalty(0.0, -10000)]
    line = set_line(items, 0, len(items) - 1, 50.0, "justify", 0.0, True)
    assert line.width == pytest.approx(50.0)
    assert line.glyphs[0].char_space == pytest.approx(15.0 / 6)

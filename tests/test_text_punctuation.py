"""Punctuation styles, compression, hanging and line-start brackets on fake metrics.

FakeMetrics sets every wide character one em wide; a full-width mark's ink is
in one half of that em (cjk.SIDE), so `ink(line, k)` is where the ink of the
k-th character of a line starts and ends.
"""
import pytest

from typeset.fonts.metrics import FakeMetrics, is_wide
from typeset.model import Run
from typeset.reading.style import Style
from typeset.text import cjk, compose
from typeset.text.items import Box, Glue, Penalty

from reference.breaker import next_start
from reference.itemize import itemize

SIZE = 10.0
EM = SIZE
STYLES = sorted(cjk.PUNCTUATION)
HAN = "国家统计局发布数据显示今年前三季度经济运行总体平稳稳中有进就业物价基本稳定居民收入继续增长"


def style(align="justify", indent=0.0, tracking=0.0):
    return Style("body", "song", "latin-serif", SIZE, 14, align=align, indent=indent, tracking=tracking)


def zh(text, measure_em, punctuation="fullwidth", *, align="justify", hanging=False, indent=False,
       language="zh-Hans", metrics=None, st=None):
    return compose([Run(text)], st or style(align, indent=2 if indent else 0), metrics or FakeMetrics(),
                   measure_em * EM, language, indent=indent, normalise_text=False, punctuation=punctuation,
                   hanging=hanging)


def chars(line):
    s = "".join(g.text for g in line.glyphs)
    return s[:-1] if line.hyphenated else s


def positions(line, metrics=None):
    """x of every character on the line, from its glyph runs."""
    m = metrics or FakeMetrics()
    out = []
    for g in line.glyphs:
        x = g.x
        for ch in g.text:
            out.append(x)
            x += m.advance(g.face, ch, g.size) + g.char_space
    return out


def ink(line, k):
    """(start, end) of the ink of the line's k-th character: a mark's ink is one half of its em."""
    x = positions(line)[k]
    ch = chars(line)[k]
    cls = cjk.MARK_CLASS.get(ch)
    if cls is None:
        return x, x + (EM if is_wide(ch) else EM / 2)
    return (x, x + EM / 2) if cjk.SIDE[cls] == cjk.RIGHT else (x + EM / 2, x + EM)


# --- widths in mid-line: (text, {style: x of each character in em}) -------------------------------

FULL = [0, 1, 2]
HALF_AFTER = [0, 1, 1.5]  # the mark's blank half after it is gone
HALF_BEFORE = [0, 0.5, 1.5]  # an opening mark's blank half before it is gone
MIDDLE = [
    ("中，中", {"fullwidth": FULL, "kaiming": HALF_AFTER, "halfwidth": HALF_AFTER, "none": FULL}),
    ("中、中", {"fullwidth": FULL, "kaiming": HALF_AFTER, "halfwidth": HALF_AFTER, "none": FULL}),
    ("中：中", {"fullwidth": FULL, "kaiming": HALF_AFTER, "halfwidth": HALF_AFTER, "none": FULL}),
    ("中。中", {"fullwidth": FULL, "kaiming": FULL, "halfwidth": HALF_AFTER, "none": FULL}),
    ("中？中", {"fullwidth": FULL, "kaiming": FULL, "halfwidth": HALF_AFTER, "none": FULL}),
    ("中！中", {"fullwidth": FULL, "kaiming": FULL, "halfwidth": HALF_AFTER, "none": FULL}),
    ("中”中", {"fullwidth": FULL, "kaiming": HALF_AFTER, "halfwidth": HALF_AFTER, "none": FULL}),
    ("中）中", {"fullwidth": FULL, "kaiming": HALF_AFTER, "halfwidth": HALF_AFTER, "none": FULL}),
    ("中“中", {"fullwidth": FULL, "kaiming": HALF_BEFORE, "halfwidth": HALF_BEFORE, "none": FULL}),
    ("中《中", {"fullwidth": FULL, "kaiming": HALF_BEFORE, "halfwidth": HALF_BEFORE, "none": FULL}),
]


@pytest.mark.parametrize("punctuation", STYLES)
@pytest.mark.parametrize("text, expected", MIDDLE)
def test_mark_width_in_mid_line(text, expected, punctuation):
    c = zh(text, 30, punctuation, align="left")
    assert chars(c.lines[0]) == text
    assert positions(c.lines[0]) == pytest.approx([x * EM for x in expected[punctuation]])
    assert c.lines[0].compressed == 0  # a style's own half width is not compression


# --- widths at a line end -------------------------------------------------------------------------

# Does a mark at a line end lose its blank half (GB/T 15834 §5.1.10), per style?
LINE_END = {
    "，": {"fullwidth": True, "kaiming": True, "halfwidth": True, "none": False},
    "。": {"fullwidth": True, "kaiming": True, "halfwidth": True, "none": False},
    "？": {"fullwidth": False, "kaiming": False, "halfwidth": True, "none": False},
    "”": {"fullwidth": True, "kaiming": True, "halfwidth": True, "none": False},
}


@pytest.mark.parametrize("punctuation", STYLES)
@pytest.mark.parametrize("mark", sorted(LINE_END))
def test_mark_width_at_line_end(mark, punctuation):
    # Eleven ideographs and the mark: 11.5 em if the mark ends the line at half width, 12 em whole.
    text = "中" * 11 + mark + HAN[:20]
    c = zh(text, 12, punctuation)
    first = c.lines[0]
    assert chars(first) == "中" * 11 + mark
    assert first.width == pytest.approx(12 * EM, abs=0.01)
    assert c.overfull == ()
    end = positions(first)[-1] + EM  # where the mark's em ends
    if LINE_END[mark][punctuation]:
        assert ink(first, 11)[1] == pytest.approx(12 * EM, abs=0.01)  # its ink ends at the measure
        assert first.ratio > 0  # 11.5 em of material stretched to 12
        # only a full-width style's mark set half width is compression
        assert first.compressed == (1 if getattr(cjk.PUNCTUATION[punctuation],
                                                 cjk.MARK_CLASS[mark]).full else 0)
    else:
        assert end == pytest.approx(12 * EM, abs=0.01)  # set whole: the line is solid
        assert first.ratio == 0 and first.compressed == 0


def test_paragraph_end_mark_gives_back_its_blank():
    # The last line's width ends at the ink of its last mark: right alignment and centring see the ink.
    for punctuation, width in (("fullwidth", 2.5), ("kaiming", 2.5), ("halfwidth", 2.5), ("none", 3.0)):
        c = zh("中中。", 30, punctuation, align="right")
        assert c.lines[0].width == pytest.approx(width * EM), punctuation
        assert c.lines[0].compressed == 0  # white at the end of the paragraph, not a squeeze


# --- compression ----------------------------------------------------------------------------------

def test_adjacent_marks_take_one_and_a_half_em_in_the_fullwidth_style():
    c = zh("中。”中（《中》）。", 30, align="left")
    assert positions(c.lines[0]) == pytest.approx([x * EM for x in (0, 1, 1.5, 2.5, 3.5, 4, 5, 6, 6.5, 7)])
    assert c.lines[0].compressed == 4  # 。 （ 》 ）: each pair sets one of its marks half width


def test_adjacent_marks_go_down_to_one_em_when_the_line_needs_it():
    # 」 may not start a line, so line 1 must hold 13 ems of boxes in 11.5: the pair 。” (1.5 em)
    # gives half an em, 」 at the line end another; the last half em comes from ”'s blank.
    text = "中" * 5 + "。”" + "中" * 5 + "」" + "中" * 6
    c = zh(text, 11.5)
    first = c.lines[0]
    assert chars(first) == "中" * 5 + "。”" + "中" * 5 + "」"
    assert first.width == pytest.approx(11.5 * EM, abs=0.01)
    xs = positions(first)
    assert xs[6] - xs[5] == pytest.approx(EM / 2)  # 。 half
    assert xs[7] - xs[6] == pytest.approx(EM / 2)  # ” half: the pair is one em
    assert first.compressed == 3  # 。 ” 」
    assert first.ratio == pytest.approx(-1.0)


@pytest.mark.parametrize("punctuation", ["kaiming", "halfwidth"])
def test_half_width_styles_set_pairs_at_one_em(punctuation):
    c = zh("中，“中", 30, punctuation, align="left")
    assert positions(c.lines[0]) == pytest.approx([0, EM, 1.0 * EM, 2 * EM])  # ， half + “ half
    assert c.lines[0].compressed == 0


def test_centred_style_never_compresses():
    c = zh("中。”中（《中》）。", 30, "none", align="left")
    assert positions(c.lines[0]) == pytest.approx([k * EM for k in range(10)])
    text = "中中，中中，中中中中中中。」中中中中"  # the fullwidth style would squeeze to pull 」 in
    c = zh(text, 12, "none")
    assert all(ln.compressed == 0 for ln in c.lines)
    assert all(ln.glyphs[0].char_space >= 0 for ln in c.lines)


# --- the character grid ---------------------------------------------------------------------------

@pytest.mark.parametrize("punctuation", STYLES)
def test_pure_chinese_sets_solid_on_the_grid_in_every_style(punctuation):
    text = (HAN * 3)[:12 * 7 + 5]
    c = zh(text, 12, punctuation)
    for ln in c.lines[:-1]:
        assert len(ln.glyphs) == 1
        g = ln.glyphs[0]
        assert (g.x, g.char_space) == (0.0, 0.0)
        assert positions(ln) == [k * EM for k in range(12)]
        assert ln.width == pytest.approx(12 * EM, abs=0.01)
        assert ln.compressed == 0 and ln.ratio == 0


@pytest.mark.parametrize("punctuation", STYLES)
def test_lines_with_marks_still_fill_the_measure(punctuation):
    text = ("国家统计局发布数据，“今年前三季度经济运行总体平稳”。"
            "稳中有进（就业、物价）基本稳定；居民收入继续增长！") * 2
    c = zh(text, 13, punctuation)
    assert c.overfull == ()
    for ln in c.lines[:-1]:
        assert ln.width == pytest.approx(13 * EM, abs=0.01)


# --- an opening mark at a line start ---------------------------------------------------------------

def test_opening_mark_at_a_line_start_stays_on_the_grid_when_the_line_sets_solid():
    c = zh("中" * 10 + "（中中中）中中中中中中中中", 10)
    second = c.lines[1]
    assert chars(second) == "（中中中）中中中中中"
    assert positions(second) == [k * EM for k in range(10)]
    assert second.ratio == 0 and second.compressed == 0


def test_opening_mark_at_a_line_start_loses_its_blank_half_when_the_line_needs_it():
    # ） may not start a line: line 2 holds 11 marks and ideographs in 10 em, ） at the line end
    # set half width and （ losing its leading half (先挤进 rather than pushing 中 down).
    c = zh("中" * 10 + "（中中中中中中中中中）中中中", 10)
    second = c.lines[1]
    assert chars(second) == "（中中中中中中中中中）"
    assert ink(second, 0)[0] == pytest.approx(0.0)  # the ink starts at the line's left edge
    assert second.glyphs[0].x == pytest.approx(-EM / 2)
    assert ink(second, 10)[1] == pytest.approx(10 * EM)
    assert second.compressed == 2
    assert second.width == pytest.approx(10 * EM, abs=0.01)


@pytest.mark.parametrize("punctuation", ["kaiming", "halfwidth"])
def test_half_width_opening_mark_at_a_line_start_always_drops_its_blank(punctuation):
    c = zh("中" * 10 + "（中中中）中中中中中中中中", 10, punctuation)
    second = c.lines[1]
    assert chars(second).startswith("（")
    assert ink(second, 0)[0] == pytest.approx(0.0)
    assert second.compressed == 0  # its style's width


def test_the_break_before_the_glue_discards_nothing_but_moves_the_squeeze():
    # The blank's shrink sits behind an empty box: it survives a break there.
    items, _ = itemize("中（中", [False] * 3, style(), FakeMetrics(), "zh-Hans", indent=False)
    han, bracket = [k for k, it in enumerate(items) if isinstance(it, Box) and it.text][:2]
    between = [it for it in items[han + 1:bracket] if isinstance(it, Glue)]
    assert sum(it.width for it in between) == pytest.approx(0.0)  # mid-line: full width,
    assert sum(it.shrink for it in between) == pytest.approx(EM / 2)  # squeezable by half an em
    brk = han + 1
    assert isinstance(items[brk], Glue)  # the breakpoint, after 中
    start = next_start(items, brk)
    assert items[start] == Box(0.0, "", "", 0.0)
    rest = items[start:bracket]
    glue = [it for it in rest if isinstance(it, Glue)]
    assert sum(it.width for it in glue) == 0.0  # at a line start: full width,
    assert sum(it.shrink for it in glue) == pytest.approx(EM / 2)  # still squeezable
    assert any(isinstance(it, Penalty) and it.penalty >= 10000 for it in rest)  # and no break inside


def test_paragraph_start_keeps_a_full_width_opening_mark_on_the_grid():
    c = zh("“中中”中中中", 30, align="left", indent=True)
    assert positions(c.lines[0])[0] == pytest.approx(2 * EM)  # right after the 2-em indent
    c = zh("“中中”中中中", 30, align="left")
    assert positions(c.lines[0])[0] == pytest.approx(0.0)
    assert c.lines[0].compressed == 0


@pytest.mark.parametrize("punctuation", ["kaiming", "halfwidth"])
def test_paragraph_start_drops_a_half_width_opening_mark_blank(punctuation):
    c = zh("“中中”中中中", 30, punctuation, align="left")
    assert ink(c.lines[0], 0)[0] == pytest.approx(0.0)
    assert positions(c.lines[0])[1] == pytest.approx(EM / 2)


# --- hanging punctuation --------------------------------------------------------------------------

TWELVE = "中" * 12 + "，" + "中" * 12 + "。" + "中" * 5


def test_hanging_is_off_by_default():
    c = zh(TWELVE, 12)
    for ln in c.lines:
        assert ln.hang == 0 and ln.width <= ln.measure + 0.01


@pytest.mark.parametrize("punctuation", ["fullwidth", "kaiming", "halfwidth"])
def test_line_end_mark_hangs_outside_the_measure(punctuation):
    c = zh(TWELVE, 12, punctuation, hanging=True)
    assert [chars(ln) for ln in c.lines] == ["中" * 12 + "，", "中" * 12 + "。", "中" * 5]
    for ln in c.lines[:2]:
        assert ln.hang == pytest.approx(EM / 2)  # the mark's ink
        assert ln.width == pytest.approx(12.5 * EM)  # measure + hang
        assert positions(ln) == [k * EM for k in range(13)]  # solid, on the grid; the mark at the measure
        assert ink(ln, 12) == pytest.approx((12 * EM, 12.5 * EM))
        assert ln.compressed == 0
    assert c.overfull == ()


def test_a_centred_mark_hangs_whole():
    c = zh(TWELVE, 12, "none", hanging=True)
    assert c.lines[0].hang == pytest.approx(EM)
    assert c.lines[0].width == pytest.approx(13 * EM)


def test_a_mark_hangs_only_when_that_gives_the_better_line():
    # Eleven ideographs and ，: set half width at the line end it needs less stretch than hanging.
    c = zh("中" * 11 + "，" + "中" * 12, 12, hanging=True)
    assert chars(c.lines[0]) == "中" * 11 + "，"
    assert c.lines[0].hang == 0
    assert c.lines[0].width == pytest.approx(12 * EM, abs=0.01)


def test_only_commas_full_stops_and_enumeration_commas_hang():
    c = zh("中" * 12 + "；" + "中" * 12, 12, hanging=True)
    assert all(ln.hang == 0 for ln in c.lines)


# --- style selection ------------------------------------------------------------------------------

def test_default_style_follows_the_language():
    assert cjk.punctuation_for("zh-Hans").name == "fullwidth"
    assert cjk.punctuation_for("zh").name == "fullwidth"
    assert cjk.punctuation_for("zh-Hant").name == "none"
    assert cjk.punctuation_for("zh-HK").name == "none"
    assert cjk.punctuation_for("en").name == "none"
    assert cjk.punctuation_for("en", "kaiming").name == "none"  # English text sets CJK marks whole
    assert cjk.punctuation_for("zh-Hant", "fullwidth").name == "fullwidth"  # asked for explicitly


def test_unknown_style_is_an_error_naming_the_choices():
    with pytest.raises(ValueError, match="fullwidth, kaiming, halfwidth, none"):
        zh("中文", 10, "quanjiao")


def test_traditional_chinese_defaults_to_centred_marks():
    c = compose([Run("中。”中")], style("left"), FakeMetrics(), 30 * EM, "zh-Hant", indent=False)
    assert positions(c.lines[0]) == pytest.approx([0, EM, 2 * EM, 3 * EM])


def test_style_table_rows():
    # The table the module docstring describes: (natural width full?, squeezable?) per class.
    row = {name: tuple((getattr(p, cls).full, getattr(p, cls).squeeze)
                       for cls in ("pause", "stop", "exclaim", "closing", "opening"))
           for name, p in cjk.PUNCTUATION.items()}
    sq, whole, half = (True, True), (True, False), (False, False)
    assert row == {
        "fullwidth": (sq, sq, whole, sq, sq),
        "kaiming": (half, sq, whole, half, half),
        "halfwidth": (half, half, half, half, half),
        "none": (whole, whole, whole, whole, whole),
    }
    assert cjk.PUNCTUATION["none"].centred


# --- proportional glyphs --------------------------------------------------------------------------

class NarrowQuotes(FakeMetrics):
    """Like Zen Hei and WenKai: curly quotes are proportional, a third of an em."""

    def advance(self, face, text, size):
        return sum(size / 3 if c in "“”‘’" else super(NarrowQuotes, self).advance(face, c, size) for c in text)


@pytest.mark.parametrize("punctuation", STYLES)
def test_a_proportional_mark_is_set_as_drawn(punctuation):
    # No blank half to squeeze or drop: the quotes neither overlap their neighbours nor move;
    # the comma still follows its style (half width in kaiming and halfwidth).
    m = NarrowQuotes()
    c = zh("中“中”，中", 30, punctuation, align="left", metrics=m)
    third = 1 / 3
    comma = 0.5 if punctuation in ("kaiming", "halfwidth") else 1.0
    expected = [0, 1, 1 + third, 2 + third, 2 + 2 * third, 2 + 2 * third + comma]
    assert positions(c.lines[0], m) == pytest.approx([x * EM for x in expected])


# --- tracking -------------------------------------------------------------------------------------

def test_tracked_line_with_a_line_start_bracket_fills_the_measure():
    st = style(tracking=0.1)
    text = "中" * 9 + "（中中中）中中中中中中中中。"
    c = zh(text, 10 + 0.9, st=st)
    for ln in c.lines[:-1]:
        assert ln.width == pytest.approx(10.9 * EM, abs=0.01)
    assert c.overfull == ()

"""Chinese rules on fake metrics: kinsoku pairs from the rule tables, never-split
sequences, the character grid and the punctuation width model."""
import pytest

from typeset.fonts.metrics import FakeMetrics, is_wide
from typeset.model import Run
from typeset.reading.style import Style
from typeset.text import compose
from typeset.text import cjk
from typeset.text.chars import wide_in

SIZE = 10.0
EM = SIZE
HAN = "国家统计局发布数据显示今年前三季度经济运行总体平稳稳中有进就业物价基本稳定居民收入继续增长"


def style(align="justify", indent=0.0, tracking=0.0):
    return Style("body", "song", "latin-serif", SIZE, 14, align=align, indent=indent, tracking=tracking)


def zh(text, measure_em, *, level="strict", align="justify", indent=False, normalise=False):
    return compose([Run(text)], style(align), FakeMetrics(), measure_em * EM, "zh-Hans",
                   indent=indent, normalise_text=normalise, level=level)


def chars(line):
    s = "".join(g.text for g in line.glyphs)
    return s[:-1] if line.hyphenated else s


def starts(c):
    return [ln.start for ln in c.lines]


def ends(c):
    return [ln.end for ln in c.lines]


NOT_START = sorted(cjk.LEVELS["strict"].not_start)
NOT_END = sorted(cjk.LEVELS["strict"].not_end)


@pytest.mark.parametrize("ch", NOT_START)
def test_not_at_line_start(ch):
    # Ten ideographs fill the 10-em measure exactly, so without the rule `ch` would open line 2.
    text = "中" * 10 + ch + "中" * 10
    c = zh(text, 10)
    assert 10 not in starts(c)
    assert c.overfull == ()
    assert "".join(chars(ln) for ln in c.lines) == text


@pytest.mark.parametrize("ch", NOT_END)
def test_not_at_line_end(ch):
    # `ch` is the tenth em (or, if narrow, the last thing that fits) on line 1 without the rule.
    text = "中" * 9 + ch + "中" * 10
    c = zh(text, 10)
    assert 10 not in ends(c)
    assert c.overfull == ()


@pytest.mark.parametrize("level", ["basic", "gb"])
@pytest.mark.parametrize("run", ["——", "……"])
def test_dash_and_ellipsis_may_start_a_line_below_strict(level, run):
    c = zh("中" * 10 + run + "中" * 10, 10, level=level)
    assert 10 in starts(c)


@pytest.mark.parametrize("run", ["——", "……"])
def test_dash_and_ellipsis_may_not_start_a_line_at_strict(run):
    c = zh("中" * 10 + run + "中" * 10, 10, level="strict")
    assert 10 not in starts(c)


@pytest.mark.parametrize("ch", sorted(c for c in cjk.LOOSE_MAY_START if wide_in("zh-Hans", c)))
def test_loose_lets_dashes_and_middle_dots_start_a_line(ch):
    """The loose level (CSS `line-break: loose`): a dash, hyphen, tilde, middle dot or slash may open a
    line where basic, gb and strict push it back; the text is the same either way. (The full-width
    ones: a narrow one leaves line 2 off the grid, and the breaker rightly prefers another breaking;
    eleven after it, so the last line is no 孤字 either way.)"""
    text = "中" * 10 + ch + "中" * 11
    loose = zh(text, 10, level="loose")
    assert 10 in starts(loose) and loose.overfull == ()
    for level in ("basic", "gb", "strict"):
        assert 10 not in starts(zh(text, 10, level=level)), level
    assert "".join(chars(ln) for ln in loose.lines) == text


@pytest.mark.parametrize("ch", sorted(cjk.LEVELS["loose"].not_start))
def test_loose_keeps_the_core_rules(ch):
    """Loose is not none: 点号 and closing marks still never start a line (GB/T 15834), and the
    levels nest: what loose forbids, every stricter level forbids."""
    text = "中" * 10 + ch + "中" * 10
    assert 10 not in starts(zh(text, 10, level="loose"))
    assert cjk.LEVELS["loose"].not_start <= cjk.LEVELS["basic"].not_start
    assert cjk.LEVELS["loose"].not_end <= cjk.LEVELS["basic"].not_end


def test_loose_is_a_layout_choice(tmp_path):
    """`text: kinsoku: loose` is accepted by the layout reader, which names the levels from cjk.LEVELS."""
    from typeset import LAYOUTS
    from typeset.reading.layout import read_layout

    text = (LAYOUTS / "tabloid-zh.yaml").read_text(encoding="utf-8").replace("kinsoku: strict", "kinsoku: loose")
    (tmp_path / "loose.yaml").write_text(text, encoding="utf-8")
    assert read_layout(tmp_path / "loose.yaml").text["kinsoku"] == "loose"


def test_solidus_may_end_a_line_only_at_basic():
    text = "中" * 9 + "／" + "中" * 10
    assert 10 in ends(zh(text, 10, level="basic"))
    assert 10 not in ends(zh(text, 10, level="gb"))


NEVER_SPLIT = ["——", "……", "2024", "13.7%", "6000", "+5", "−3", "$100", "￥100", "２０２４", "１３．７％",
               "100℃", "5‰", "＋５"]


@pytest.mark.parametrize("seq", NEVER_SPLIT)
@pytest.mark.parametrize("before", range(6, 11))
def test_never_split(seq, before):
    text = "中" * before + seq + "中" * 10
    for level in ("basic", "strict"):
        c = zh(text, 10, level=level)
        inside = range(before + 1, before + len(seq))
        assert not [s for s in starts(c) if s in inside], (level, [chars(ln) for ln in c.lines])
        assert c.overfull == ()


def test_pure_chinese_sets_solid_on_the_grid():
    text = (HAN * 3)[:12 * 7 + 5]
    c = zh(text, 12)
    assert len(c.lines) == 8
    for ln in c.lines[:-1]:
        assert len(chars(ln)) == 12
        assert len(ln.glyphs) == 1
        g = ln.glyphs[0]
        assert g.char_space == 0.0 and g.x == 0.0
        assert ln.width == pytest.approx(12 * EM, abs=0.01)
    assert "".join(chars(ln) for ln in c.lines) == text


def test_indented_chinese_stays_on_the_grid():
    c = compose([Run(HAN)], style(indent=2), FakeMetrics(), 12 * EM, "zh-Hans")
    assert chars(c.lines[0]) == HAN[:10]
    assert c.lines[0].glyphs[0].x == pytest.approx(2 * EM)
    assert all(ln.glyphs[0].char_space == 0.0 for ln in c.lines[:-1])


def test_justified_line_with_latin_fills_the_measure_in_few_runs():
    c = zh("国家统计局发布数据显示2024年前三季度经济运行总体平稳稳中有进", 12)
    for ln in c.lines[:-1]:
        assert ln.width == pytest.approx(12 * EM, abs=0.01)
        assert len(ln.glyphs) <= 4


def test_quarter_em_between_han_and_latin_none_next_to_punctuation():
    c = zh("中abc中，abc。", 30, align="left")
    g = c.lines[0].glyphs
    assert [x.text for x in g] == ["中", "abc", "中，", "abc", "。"]
    assert g[1].x == pytest.approx(1.25 * EM)  # 中 + quarter em
    assert g[2].x == pytest.approx(1.25 * EM + 1.5 * EM + 0.25 * EM)
    assert g[3].x == pytest.approx(g[2].x + 2 * EM)  # 中， then abc, no glue after the comma
    assert g[4].x == pytest.approx(g[3].x + 1.5 * EM)


def test_adjacent_marks_take_one_and_a_half_em():
    c = zh("中。”中（《中》）。", 30, align="left")
    xs = [g.x for g in c.lines[0].glyphs]
    text = "".join(g.text for g in c.lines[0].glyphs)
    assert text == "中。”中（《中》）。"
    # positions of each character, from the runs
    pos = []
    for g in c.lines[0].glyphs:
        for k, ch in enumerate(g.text):
            pos.append(g.x + k * ((EM if is_wide(ch) else EM / 2) + g.char_space))
    assert pos[:4] == pytest.approx([0, EM, 1.5 * EM, 2.5 * EM])  # 。” is 1.5 em
    assert pos[4] == pytest.approx(3.5 * EM)  # 中（: the bracket keeps its blank
    assert pos[5] == pytest.approx(4.0 * EM)  # （《: 1.5 em
    assert pos[7:] == pytest.approx([6 * EM, 6.5 * EM, 7 * EM])  # 》）。 each pair 1.5 em
    assert xs[0] == 0


def test_line_end_mark_is_set_half_width():
    # 11 ideographs and a comma: the comma ends line 1, set half width, and the line is justified
    # so the comma's ink (its left half) ends at the measure.
    text = "中" * 11 + "，" + "中" * 12
    c = zh(text, 12)
    first = c.lines[0]
    assert chars(first) == "中" * 11 + "，"
    assert first.width == pytest.approx(12 * EM, abs=0.01)
    g = first.glyphs[-1]
    comma_x = g.x + (len(g.text) - 1) * (EM + g.char_space)
    assert comma_x + EM / 2 == pytest.approx(12 * EM, abs=0.01)


def test_punctuation_is_squeezed_to_pull_a_mark_back_before_pushing_a_character_down():
    # Line 1 holds 12 em exactly up to 。 but 」 may not start line 2: the two commas give
    # the em it needs, so 」 is pulled in (先挤进) instead of pushing 。 down.
    text = "中中，中中，中中中中中中。」中中中中"
    c = zh(text, 12)
    assert chars(c.lines[0]) == "中中，中中，中中中中中中。」"
    assert c.lines[0].width == pytest.approx(12 * EM, abs=0.01)


def test_push_out_when_nothing_can_be_squeezed():
    text = "中" * 12 + "。" + "中" * 5
    c = zh(text, 12)
    assert chars(c.lines[0]) == "中" * 11
    assert chars(c.lines[1]).startswith("中。")
    assert c.lines[0].width == pytest.approx(12 * EM, abs=0.01)


def test_traditional_chinese_keeps_marks_whole():
    c = compose([Run("中。”中")], style("left"), FakeMetrics(), 30 * EM, "zh-Hant", indent=False)
    assert c.lines[0].glyphs[0].text == "中。”中"
    assert c.lines[0].glyphs[0].char_space == 0.0


def test_a_written_space_beside_latin_becomes_the_quarter_em():
    c = zh("使用 iPhone 拍摄，  请", 30, align="left")
    g = c.lines[0].glyphs
    assert [x.text for x in g] == ["使用", "iPhone", "拍摄，请"]
    assert g[1].x == pytest.approx(2.25 * EM)
    assert g[2].x == pytest.approx(2.25 * EM + 3 * EM + 0.25 * EM)

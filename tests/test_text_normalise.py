"""normalise(): full-width punctuation next to Chinese, whitespace collapsing."""
import pytest

from typeset.fonts.metrics import FakeMetrics
from typeset.model import Run
from typeset.reading.style import Style
from typeset.text import compose, normalise
from typeset.text.normalise import normalise_map


@pytest.mark.parametrize("raw, expected", [
    ("取证,请您", "取证，请您"),
    ("(资料图片)", "（资料图片）"),
    ("真的吗?!", "真的吗？！"),
    ("注意:今天;明天", "注意：今天；明天"),
    ("取证, 请您", "取证，请您"),
    ("用(iPhone)拍摄", "用（iPhone）拍摄"),
    ("(iPhone手机)", "（iPhone手机）"),
    ("时间:10:30开始", "时间：10:30开始"),
    ("共3,000元,同比增长3.5%", "共3,000元，同比增长3.5%"),
    ("Hello,世界", "Hello，世界"),
    ("中文  \n 中文", "中文 中文"),
    ("  前后空白\t", "前后空白"),
])
def test_chinese_punctuation_becomes_full_width(raw, expected):
    assert normalise(raw, "zh-Hans") == expected


@pytest.mark.parametrize("raw", ["3.5", "10:30", "a, b", "a,b", "1,000", "f(x) = 2", "Is it? Yes! (maybe)",
                                 "see http://x.org/a?b=1", "比分 3:2"])
def test_latin_contexts_are_untouched(raw):
    assert normalise(raw, "zh-Hans") == raw


def test_english_only_collapses_whitespace():
    assert normalise("  Hello,\n  world (really)!  ", "en") == "Hello, world (really)!"
    assert normalise("中文,中文", "en") == "中文,中文"


def test_full_width_blank_and_no_break_space_are_kept():
    assert normalise("机制牵引\u3000体系重塑", "zh-Hans") == "机制牵引\u3000体系重塑"
    assert normalise("10\u00a0km", "en") == "10\u00a0km"
    assert normalise("\u3000\u3000本报讯 \u3000", "zh-Hans") == "本报讯"  # a hand-made indent goes


def test_map_points_back_to_the_written_text():
    raw = "  取证,  请您 \n看"
    text, src = normalise_map(raw, "zh-Hans")
    assert text == "取证，请您 看"
    assert [raw[k] for k in src] == ["取", "证", ",", "请", "您", " ", "看"]


def test_bold_follows_normalisation():
    style = Style("body", "song", "latin-serif", 10, 14, bold_font="hei")
    runs = [Run("  取证, "), Run("请您", bold=True), Run("配合")]
    c = compose(runs, style, FakeMetrics(), 200, "zh-Hans", indent=False)
    assert c.text == "取证，请您配合"
    faces = [(g.text, g.face) for g in c.lines[0].glyphs]
    assert faces == [("取证，", "song"), ("请您", "hei"), ("配合", "song")]


def test_normalise_can_be_turned_off():
    style = Style("body", "song", "latin-serif", 10, 14)
    c = compose([Run("取证,请您")], style, FakeMetrics(), 200, "zh-Hans", normalise_text=False)
    assert c.text == "取证,请您"

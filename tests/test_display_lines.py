"""Display lines broken as a sub-editor breaks them (text/display.py), on plain widths and on the samples."""
from hypothesis import given, settings, strategies as st

from conftest import ISSUES
from issueprops import display_widows
from typeset import lay_out
from typeset.text import cjk
from typeset.text.display import candidates, display_breaks, word_ends

LEVEL = cjk.level_for("zh-Hans", "strict")


def cjk_width(text):
    def width(a, b):
        return float(len(text[a:b].strip().strip("\u3000")))
    return width


def lines_of(text, breaks):
    return [text[a:b].strip() for a, b in zip([0] + breaks, breaks + [len(text)])]


def test_a_subhead_breaks_between_words_not_leaving_one_character():
    text = "系统编制执法手册为执法提供实用指南"
    breaks = display_breaks(text, cjk_width(text), 10, 3, True, LEVEL)
    lines = lines_of(text, breaks)
    assert len(lines) == 2 and all(len(line) >= 3 for line in lines)
    assert breaks[0] in word_ends(text, True)  # between words: never 实用指|南
    assert abs(len(lines[0]) - len(lines[1])) <= 3  # balanced


def test_phrase_ends_come_first_and_numbers_keep_their_measure_word():
    text = "精心核制执法流程　让执法路径一目了然"
    (b,) = display_breaks(text, cjk_width(text), 12, 3, True, LEVEL)
    assert text[b - 1] == "\u3000" or text[b] == "\u3000"  # at the editor's gap
    text = "全市1439人参加演练 10万人次观看直播"
    for b in candidates(text, True, LEVEL):
        assert not (text[b - 1].isdigit() and not text[b].isspace())


def test_latin_breaks_at_spaces_only_and_never_leaves_a_short_word_alone():
    text = "Space shuttle Atlantis set for launch with Columbus module"
    breaks = display_breaks(text, lambda a, b: len(text[a:b].strip()) * 0.5, 14, 4, False, LEVEL)
    lines = lines_of(text, breaks)
    assert " ".join(lines) == text and all(len(line.split()) > 1 or len(line) >= 4 for line in lines)
    assert max(len(x) for x in lines) - min(len(x) for x in lines) <= 10


HAN = st.text(alphabet="系统编制执法手册为提供实用指南精心核流程让路径一目了然公安局民警巡逻保障，：、", min_size=4,
              max_size=40)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(HAN, st.integers(6, 20))
def test_display_breaks_keep_every_rule(text, measure):
    breaks = display_breaks(text, cjk_width(text), measure, 6, True, LEVEL)
    if breaks is None:
        return  # no breaking follows the rules: the caller sets it another way
    words = word_ends(text, True)
    allowed = candidates(text, True, LEVEL)
    for line in lines_of(text, breaks):
        assert 3 <= len(line) <= measure
    for b in breaks:
        assert b in allowed and (b in words or text[b - 1] in "，：、" or text[b].isspace())
        assert not cjk.forbidden_start(text, b, LEVEL) and not cjk.forbidden_end(text, b - 1, LEVEL)


def test_the_samples_have_no_short_display_line(real_fonts):
    """No line of a wrapped headline, overline, subtitle, subhead or caption a quarter as wide as the
    line above it (10 such lines in the Chinese sample before), and the report counts them."""
    for name in ("2025-04-15-gongan", "2024-11-05-dispatch"):
        built = lay_out(ISSUES / name, metrics=real_fonts)
        assert display_widows(built) == [], name
        display = built.report["quality"]["display"]
        assert display["broken_rules"] == 0 and display["balanced"] > 0 and display["lines"] >= display["balanced"]

"""Properties of compose() on random paragraphs (hypothesis, fake metrics):
no line over its measure (except by the ink of a hanging mark, when hanging
is on), no character lost, duplicated or reordered, no forbidden line start
or end and no never-split sequence cut, unless the break was an emergency;
in every punctuation style."""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.fonts.metrics import FakeMetrics, is_wide
from typeset.model import Run
from typeset.reading.style import Style
from typeset.text import compose
from typeset.text import cjk

SIZE = 10.0
TOKENS = (
    list("中文字体排版报纸新闻记者发布数据") * 4
    + list("，。、；：？！「」『』“”‘’（）《》【】·")
    + ["——", "……", "—", "…", "〃", "　"]
    + ["the", "typesetting", "iPhone", "URL", "e-mail", "newspaper", "https://example.com/a/long/path",
       "don't", "(note)", "a,", "b.", "\"q\"", "/"]
    + ["2024", "13.7%", "6000", "+5", "−3", "$100", "￥100", "２０２４", "１３．７％", "100℃"]
    + [" ", " ", ",", "(", ")", ":", "?"]
)


@st.composite
def paragraphs(draw):
    tokens = draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=60))
    bold = draw(st.lists(st.booleans(), min_size=len(tokens), max_size=len(tokens)))
    runs = [Run(t, b) for t, b in zip(tokens, bold)]
    return runs


def unspaced(text):
    return re.sub(r"[ \t\n\r\f\v\u00a0\u202f]", "", text)


def line_chars(line):
    s = "".join(g.text for g in line.glyphs)
    return s[:-1] if line.hyphenated else s


def check(c, measure_of, level_name, hanging=False):
    level = cjk.LEVELS[level_name]
    text = c.text
    bound = cjk.never_split(text)
    assert "".join(line_chars(ln) for ln in c.lines) == unspaced(text)
    for n, ln in enumerate(c.lines):
        assert ln.measure == measure_of(n)
        # only a hanging mark's ink may stand past the measure, and only when asked for
        assert ln.hang == 0.0 or (hanging and 0 < ln.hang <= SIZE + 0.01), (n, ln)
        assert ln.width - ln.hang <= ln.measure + 0.01, (n, ln)
        if ln.hang:
            assert text[ln.end - 1] in cjk.HANGING
        assert unspaced(text[ln.start:ln.end]) == line_chars(ln)
        assert ln.compressed >= 0
        assert ln.compressed <= sum(ch in cjk.PUNCT for ch in line_chars(ln))
        xs = [g.x for g in ln.glyphs]
        # an opening mark at a line start may lose its blank half: drawn half an em left of the line
        first = line_chars(ln)[:1]
        assert all(x >= -1e-6 for x in xs[1:])
        assert not xs or xs[0] >= (-SIZE / 2 if first in cjk.OPENING else 0) - 1e-6
        assert xs == sorted(xs)
        for g in ln.glyphs:
            assert g.x <= ln.measure + 0.01
            # a run's last glyph may end past the measure only by a line-end mark's blank half,
            # or by the whole mark when it hangs
            advance = sum(SIZE if is_wide(ch) else SIZE / 2 for ch in g.text)
            slack = SIZE if ln.hang else SIZE / 2
            assert g.x + advance + g.char_space * (len(g.text) - 1) <= ln.measure + slack + 0.01
        emergency_before = n - 1 in c.overfull
        emergency_after = n in c.overfull
        if n > 0 and not emergency_before:
            assert not cjk.forbidden_start(text, ln.start, level), (n, text[ln.start:ln.end])
            assert ln.start not in bound
        if n < len(c.lines) - 1 and not emergency_after:
            assert not cjk.forbidden_end(text, ln.end - 1, level), (n, text[ln.start:ln.end])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs=paragraphs(), em=st.floats(5, 30), align=st.sampled_from(["justify", "left", "center", "right"]),
       indent=st.booleans(), normalise=st.booleans(), level=st.sampled_from(["loose", "basic", "gb", "strict"]),
       punctuation=st.sampled_from(sorted(cjk.PUNCTUATION)), hanging=st.booleans())
def test_chinese_paragraphs(runs, em, align, indent, normalise, level, punctuation, hanging):
    style = Style("body", "song", "latin-serif", SIZE, 14, bold_font="hei", align=align, indent=2)
    c = compose(runs, style, FakeMetrics(), em * SIZE, "zh-Hans", indent=indent, normalise_text=normalise,
                level=level, punctuation=punctuation, hanging=hanging)
    check(c, lambda n: em * SIZE, level, hanging)
    if align == "justify":
        for n, ln in enumerate(c.lines[:-1]):
            if n not in c.overfull and len(ln.glyphs) > 1:
                assert abs(ln.width - ln.hang - ln.measure) <= 0.01 or ln.width < ln.measure


@settings(max_examples=100, deadline=None)
@given(runs=paragraphs(), widths=st.lists(st.floats(5, 30), min_size=1, max_size=6))
def test_varying_measures(runs, widths):
    style = Style("body", "song", "latin-serif", SIZE, 14)
    measure_of = lambda n: widths[min(n, len(widths) - 1)] * SIZE  # noqa: E731
    c = compose(runs, style, FakeMetrics(), measure_of, "zh-Hans")
    check(c, measure_of, "strict")


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.sampled_from(["the", "typesetting", "of", "newspapers", "extraordinarily", "a",
                                       "justification", "columns,", "https://example.com/x/y/z", "—",
                                       "“quoted”", "e-mail"]), min_size=1, max_size=40),
       em=st.floats(5, 30))
def test_english_paragraphs(words, em):
    style = Style("body", "song", "latin-serif", SIZE, 12, indent=1)
    c = compose([Run(" ".join(words))], style, FakeMetrics(), em * SIZE, "en")
    check(c, lambda n: em * SIZE, "none")
    assert all(g.face == "latin-serif" for ln in c.lines for g in ln.glyphs)

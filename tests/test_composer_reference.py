"""The composer (rows) and the reference composer (items, tests/reference/) set every paragraph the same.

compose() reads a paragraph into rows, one per junction of two characters
(typeset/text/rows.py), breaks them and sets the lines by offset. The
reference spells the same rules out item by item, as Knuth & Plass write a
paragraph: nothing but these tests keeps a change to the rows honest, so
they compare the two on random paragraphs with fake metrics (every
alignment, level, punctuation style, language, tracking, hyphenation and
hanging) and on the samples with the real fonts, and check the rows really
produced the lines (so the comparison is not vacuous).
"""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from typeset.fonts.metrics import FakeMetrics
from typeset.model import Run
from typeset.reading.style import Style
from typeset.text.compose import Composed, Fallback, Missing, compose
from typeset.text.lines import Glyphs, Line

from reference.compose import compose_items

# typeset.text re-exports the function compose under the module's name: reach the module itself
compose_module = importlib.import_module("typeset.text.compose")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2025-04-15-gongan"
SIZE = 10.0
TOL = 1e-6
METRICS = FakeMetrics()  # one instance: itemize memoises per metrics object


# --- the comparison -------------------------------------------------------------------------------

def _show(line) -> str:
    return "None" if line is None else repr(line)


def assert_same(a: Composed, b: Composed) -> None:
    """Assert two compositions of one paragraph are the same: `a` is normally the fast path's, `b` the items'.

    Offsets, flags and counts must be identical; widths, ratios and x
    positions may differ by float rounding only (1e-6). A failure names the
    line and field and shows the line from both results.
    """
    assert a.text == b.text, f"text differs:\n fast:  {a.text!r}\n items: {b.text!r}"
    assert a.missing == b.missing, f"missing differs:\n fast:  {a.missing!r}\n items: {b.missing!r}"
    assert a.overfull == b.overfull, f"overfull differs:\n fast:  {a.overfull!r}\n items: {b.overfull!r}"
    assert a.fallbacks == b.fallbacks, f"fallbacks differ:\n fast:  {a.fallbacks!r}\n items: {b.fallbacks!r}"
    for n in range(max(len(a.lines), len(b.lines))):
        la = a.lines[n] if n < len(a.lines) else None
        lb = b.lines[n] if n < len(b.lines) else None
        both = f"\n fast:  {_show(la)}\n items: {_show(lb)}"
        assert la is not None and lb is not None, (
            f"{len(a.lines)} lines (fast) against {len(b.lines)} (items); line {n}:{both}")
        for field in ("start", "end", "hyphenated", "compressed"):
            assert getattr(la, field) == getattr(lb, field), f"line {n}: {field} differs:{both}"
        for field in ("width", "ratio", "measure", "hang"):
            assert getattr(la, field) == pytest.approx(getattr(lb, field), abs=TOL), (
                f"line {n}: {field} differs:{both}")
        assert len(la.glyphs) == len(lb.glyphs), (
            f"line {n}: {len(la.glyphs)} glyph runs against {len(lb.glyphs)}:{both}")
        for g, (ga, gb) in enumerate(zip(la.glyphs, lb.glyphs)):
            for field in ("text", "face", "size"):
                assert getattr(ga, field) == getattr(gb, field), f"line {n}, run {g}: {field} differs:{both}"
            for field in ("x", "char_space"):
                assert getattr(ga, field) == pytest.approx(getattr(gb, field), abs=TOL), (
                    f"line {n}, run {g}: {field} differs:{both}")


def assert_agree(a: Composed, b: Composed) -> None:
    """assert_same, unless the items needed emergency cuts (nothing legal fits): the rows cut by their own
    rule then (kp_emergency: a line holding one character may be too wide; the items could leave a line
    holding only the indent), so both must report overfull lines, and the rows' lines must still hold
    every character exactly once, in order, none of them empty."""
    if not b.overfull:
        assert_same(a, b)
        return
    assert a.text == b.text and a.missing == b.missing and a.fallbacks == b.fallbacks
    assert a.overfull, f"the items cut in an emergency, the rows did not:\n fast:  {a.lines}\n items: {b.lines}"
    chars = [k for k, c in enumerate(a.text) if not c.isspace()]
    held = [k for line in a.lines for k in range(line.start, line.end) if not a.text[k].isspace()]
    assert held == chars, f"characters held {held} against {chars}"
    assert all(line.glyphs for line in a.lines)


def _line(**change) -> Line:
    fields = dict(glyphs=(Glyphs(0.0, "中文", "song", SIZE, 1.0), Glyphs(25.0, "ab", "latin", SIZE, 0.0)),
                  measure=30.0, width=30.0, start=0, end=5, hyphenated=False, ratio=0.5, compressed=0, hang=0.0)
    fields.update(change)
    return Line(**fields)


def _composed(line: Line | None = None, **change) -> Composed:
    fields = dict(text="中文 ab。", lines=(_line(), line or _line(start=5, end=6)), missing=(), overfull=(),
                  fallbacks=())
    fields.update(change)
    return Composed(**fields)


def _glyph(n: int, **change) -> Line:
    runs = list(_line().glyphs)
    runs[n] = Glyphs(**{**dict(zip(Glyphs._fields, runs[n])), **change})
    return _line(glyphs=tuple(runs), start=5, end=6)


CHANGES = {
    "start": _composed(_line(start=4, end=6)),
    "end": _composed(_line(start=5, end=7)),
    "hyphenated": _composed(_line(start=5, end=6, hyphenated=True)),
    "compressed": _composed(_line(start=5, end=6, compressed=1)),
    "width": _composed(_line(start=5, end=6, width=30.0 + 1e-4)),
    "ratio": _composed(_line(start=5, end=6, ratio=0.5 - 1e-4)),
    "measure": _composed(_line(start=5, end=6, measure=31.0)),
    "hang": _composed(_line(start=5, end=6, hang=5.0)),
    "glyph text": _composed(_glyph(0, text="中字")),
    "glyph face": _composed(_glyph(1, face="latin-bold")),
    "glyph size": _composed(_glyph(0, size=SIZE + 1)),
    "glyph x": _composed(_glyph(1, x=25.0 + 1e-4)),
    "glyph char_space": _composed(_glyph(0, char_space=1.0 + 1e-4)),
    "glyph count": _composed(_line(start=5, end=6, glyphs=_line().glyphs[:1])),
    "line count": Composed("中文 ab。", (_line(),)),
    "text": _composed(text="中文 ab，"),
    "missing": _composed(missing=(Missing(0, "中", "song"),)),
    "overfull": _composed(overfull=(1,)),
    "fallbacks": _composed(fallbacks=(Fallback(0, "中", "song", "hei"),)),
}


@pytest.mark.parametrize("what", sorted(CHANGES))
def test_assert_same_catches_a_change(what):
    """assert_same must fail on any one field changed (else every comparison below passes vacuously),
    and the message must show the line from both results so a failure can be read."""
    with pytest.raises(AssertionError) as raised:
        assert_same(CHANGES[what], _composed())
    with pytest.raises(AssertionError):
        assert_same(_composed(), CHANGES[what])  # either way round
    if what not in ("text", "missing", "overfull", "fallbacks"):
        message = str(raised.value)
        assert "fast:" in message and "items:" in message and "Line(" in message, message


def test_assert_same_allows_rounding():
    """Widths and positions come from different sums on the two paths: float rounding is not a difference."""
    assert_same(_composed(), _composed())
    nudged = _line(start=5, end=6, width=30.0 + 1e-9, ratio=0.5 + 1e-9,
                   glyphs=(Glyphs(1e-9, "中文", "song", SIZE, 1.0 - 1e-9), Glyphs(25.0 + 1e-9, "ab", "latin", SIZE)))
    assert_same(_composed(nudged), _composed())


# --- which path was taken -------------------------------------------------------------------------

class PathSpy:
    """Wraps compose.py's read_rows and compose_rows: did the last compose() set its lines from rows?"""

    def __init__(self, monkeypatch):
        self.read = self.set = 0
        self.rows = None
        self.lines = None
        real_read, real_set = compose_module.read_rows, compose_module.compose_rows

        def read_rows(*args, **kwargs):
            self.read += 1
            self.rows = real_read(*args, **kwargs)
            return self.rows

        def compose_rows(*args, **kwargs):
            self.set += 1
            self.lines = real_set(*args, **kwargs)
            return self.lines

        monkeypatch.setattr(compose_module, "read_rows", read_rows)
        monkeypatch.setattr(compose_module, "compose_rows", compose_rows)

    def reset(self) -> None:
        self.read = self.set = 0
        self.rows = self.lines = None

    @property
    def taken(self) -> bool:
        return self.rows is not None and self.lines is not None


def _fast_taken(runs, style, measure, language, metrics=METRICS, **options) -> tuple[bool, Composed, Composed]:
    """Compose with both paths; (whether fast=True set the lines from rows, fast result, item result)."""
    taken = []
    real_read, real_set = compose_module.read_rows, compose_module.compose_rows

    def spy_read(*args, **kwargs):
        got = real_read(*args, **kwargs)
        taken.append(got is not None)
        return got

    def spy_set(*args, **kwargs):
        got = real_set(*args, **kwargs)
        taken.append(got is not None)
        return got

    compose_module.read_rows, compose_module.compose_rows = spy_read, spy_set
    try:
        fast = compose(runs, style, metrics, measure, language, **options)
    finally:
        compose_module.read_rows, compose_module.compose_rows = real_read, real_set
    items = compose_items(runs, style, metrics, measure, language, **options)
    return bool(taken) and all(taken) and len(taken) == 2, fast, items


# --- random paragraphs -----------------------------------------------------------------------------

IDEOGRAPHS = list("中文字体排版报纸新闻记者发布数据国人民日月水火山")
MARKS = list("，。、；：？！“”‘’（）《》") + ["——", "……"]
LATIN = ["the", "of", "a", "news", "paper", "typesetting", "iPhone", "URL", "GDP", "extraordinarily", "don't",
         "e-mail", "Beijing", "COVID-19"]
DIGITS = ["2024", "13", "7", "100", "3.5", "6000", "12%", "1949"]
SPACES = [" ", "  ", "\u00a0", "\u3000"]
TOKENS = IDEOGRAPHS * 4 + MARKS * 2 + LATIN + DIGITS + SPACES


@st.composite
def paragraphs(draw):
    tokens = draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=80))
    if draw(st.booleans()):
        return [Run("".join(tokens))]
    bold = draw(st.lists(st.booleans(), min_size=len(tokens), max_size=len(tokens)))
    return [Run(t, b) for t, b in zip(tokens, bold)]


def _style(align: str, hyphenate: bool, shared: bool = False, tracking: float = 0.0) -> Style:
    """The body style of the fake metrics (a face per role); `shared`: one face for Chinese and Latin,
    as a display style in a sans face has (then wide and narrow characters may share a glyph run);
    `tracking`: space after every character, em (a headline's)."""
    if shared:
        return Style("head", "latin-sans", "latin-sans", SIZE, 14, bold_font="latin-sans-bold",
                     bold_latin_font="latin-sans-bold", align=align, indent=2, hyphenate=hyphenate,
                     tracking=tracking)
    return Style("body", "song", "latin-serif", SIZE, 14, bold_font="hei", align=align, indent=2,
                 hyphenate=hyphenate, tracking=tracking)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs=paragraphs(), em=st.floats(3, 30), align=st.sampled_from(["justify", "center", "left", "right"]),
       indent=st.booleans(), level=st.sampled_from(["strict", "gb", "basic", "loose"]),
       punctuation=st.sampled_from(["fullwidth", "kaiming", "halfwidth", "none", None]),
       language=st.sampled_from(["zh-Hans", "zh-Hant", "en"]), hyphenate=st.booleans(),
       normalise=st.booleans(), justify_last=st.booleans(), shared=st.booleans(),
       tracking=st.sampled_from([0.0, 0.0, 0.05, 0.1]), hanging=st.booleans())
def test_random_paragraphs_same_on_both_paths(runs, em, align, indent, level, punctuation, language, hyphenate,
                                              normalise, justify_last, shared, tracking, hanging):
    """Random mixes of ideographs, Chinese marks, digits, Latin words and (no-break) spaces, in every
    alignment, prohibition level, punctuation style and language, at 3 to 30 em: the fast path's
    lines must be the item path's. (hyphenate=False lets Latin words through the fast path; `shared`
    sets Chinese and Latin in one face, so glyph runs may cross from one to the other; `tracking` is a
    headline's letter space, given back at every break.)"""
    taken, fast, items = _fast_taken(runs, _style(align, hyphenate, shared, tracking), em * SIZE, language,
                                     indent=indent,
                                     level=level, punctuation=punctuation, normalise_text=normalise,
                                     justify_last=justify_last, hanging=hanging)
    event(f"fast path {'taken' if taken else 'declined'}")
    assert_agree(fast, items)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs=paragraphs(), widths=st.lists(st.floats(3, 30), min_size=1, max_size=5),
       align=st.sampled_from(["justify", "left"]), punctuation=st.sampled_from(["fullwidth", "none"]),
       language=st.sampled_from(["zh-Hans", "zh-Hant"]), shared=st.booleans())
def test_random_paragraphs_varying_measure(runs, widths, align, punctuation, language, shared):
    """Lines beside a photo have their own widths (measure is a function of the line number): the fast
    path's breaker reads that function too, and must choose and set the same lines."""
    def measure(n):
        return widths[min(n, len(widths) - 1)] * SIZE

    taken, fast, items = _fast_taken(runs, _style(align, False, shared), measure, language, punctuation=punctuation)
    event(f"fast path {'taken' if taken else 'declined'}")
    assert_agree(fast, items)


@pytest.mark.parametrize("text", ["a中", "中a", "a”", "，2", "中2024年"])
@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_one_face_for_chinese_and_latin(text, language):
    """The smallest cases of a difference the properties found: when one face sets both Chinese and Latin
    (a display style in a sans face), lines.py joins a letter and an ideograph or mark into one glyph run
    when their gap allows; the fast path must group the runs the same way, not split them by class."""
    taken, fast, items = _fast_taken([Run(text)], Style("x", "latin-sans", "latin-sans", SIZE, 12), 10 * SIZE,
                                     language)
    assert taken
    assert_agree(fast, items)


# --- the fast path is taken, and declines when it should --------------------------------------------

PLAIN_CHINESE = ("2025年4月15日，记者从市公安局获悉：今年一季度，全市共破获电信诈骗案件1234起，"
                 "同比下降13.5%。“我们将继续加强宣传。”负责人表示，《通知》已于3月发布——"
                 "各区须在30日内落实……")


@pytest.mark.parametrize("align", ["justify", "left", "center", "right"])
@pytest.mark.parametrize("punctuation", ["fullwidth", "kaiming", "halfwidth", "none"])
def test_fast_path_is_taken_for_ordinary_chinese(monkeypatch, align, punctuation):
    """Plain Chinese with digits and marks is the fast path's whole point: if it declined here the
    comparisons above would compare the item path with itself and prove nothing."""
    spy = PathSpy(monkeypatch)
    style = _style(align, True)
    for em in (8, 11, 20):
        spy.reset()
        got = compose([Run(PLAIN_CHINESE)], style, METRICS, em * SIZE, "zh-Hans", punctuation=punctuation)
        assert spy.read == 1 and spy.rows is not None, "read_rows declined a plain Chinese paragraph"
        assert spy.set == 1 and spy.lines is not None, "compose_rows declined a plain Chinese paragraph"
        assert len(got.lines) > 1
        assert_same(got, compose_items([Run(PLAIN_CHINESE)], style, METRICS, em * SIZE, "zh-Hans",
                                       punctuation=punctuation))


@pytest.mark.parametrize("missing", ["局", "局a"])
def test_missing_characters_on_rows(monkeypatch, missing):
    """A character no face draws is set 1 em wide in its role's name and reported, on the rows as on
    the items: the same lines and the same Missing records (offset, character, role)."""
    metrics = FakeMetrics(missing=missing)
    text = PLAIN_CHINESE + " the local news"
    taken, fast, items = _fast_taken([Run(text)], _style("justify", False), 11 * SIZE, "zh-Hans", metrics=metrics)
    assert taken
    assert [m.char for m in fast.missing] == [c for c in text if c in missing]
    assert_same(fast, items)


@pytest.mark.parametrize("align", ["justify", "center"])
def test_tracked_headline_on_rows(align):
    """A tracked headline (tracking 0.1 em, as the masthead's): rows, with each break giving back the
    last character's tracking, so the line's width is its ink and a centred line centres on it."""
    style = Style("head", "song", "latin-serif", SIZE, 14, tracking=0.1, align=align)
    taken, fast, items = _fast_taken([Run(PLAIN_CHINESE)], style, 11 * SIZE, "zh-Hans")
    assert taken
    assert any(g.char_space == pytest.approx(0.1 * SIZE, abs=TOL) for line in fast.lines for g in line.glyphs)
    assert_same(fast, items)


HYPHENATED = ("The extraordinarily incomprehensible typesetting of newspapers is a craft; e-mail them at "
              "https://www.example.org/newsroom/letters or write to the editor.")


@pytest.mark.parametrize("measure", [12, 16, 22])
@pytest.mark.parametrize("tracking", [0.0, 0.1])
def test_hyphenation_on_rows(measure, tracking):
    """Hyphen points are flagged rows (a penalty as wide as the hyphen), an explicit hyphen a flagged row of
    no width, an address's break points plain rows: the same lines as the items, hyphens printed in the
    last run, and some line really ends hyphenated (or the comparison would prove little)."""
    style = _style("justify", True, tracking=tracking)
    taken, fast, items = _fast_taken([Run(HYPHENATED)], style, measure * SIZE * 0.5, "en")
    assert taken
    assert_same(fast, items)
    if measure == 12:
        assert any(line.hyphenated and line.glyphs[-1].text.endswith("-") for line in fast.lines)


@pytest.mark.parametrize("em", [6, 12, 16])
def test_hanging_punctuation_on_rows(em):
    """With hanging on, a line-end ，。、 has two breaks at one junction (its half set, or all of it outside
    the measure): two rows at one offset. The same lines as the items, and some line really hangs."""
    text = PLAIN_CHINESE * 3
    taken, fast, items = _fast_taken([Run(text)], _style("justify", True), em * SIZE, "zh-Hans", hanging=True)
    assert taken
    assert_same(fast, items)
    assert any(line.hang > 0 and line.width > line.measure for line in fast.lines)


def test_read_rows_reads_plain_chinese(monkeypatch):
    """The positive control for the declines below: the same calls with none of their causes give rows."""
    spy = PathSpy(monkeypatch)
    compose([Run(PLAIN_CHINESE)], _style("justify", True), METRICS, 11 * SIZE, "zh-Hans")
    assert spy.rows is not None
    spy.reset()
    compose([Run("the typesetting of newspapers")], _style("justify", False), METRICS, 11 * SIZE, "en")
    assert spy.rows is not None


def test_fast_path_declines_blank(monkeypatch):
    """A paragraph of nothing but spaces has no rows: read_rows says None, and compose() still gives the
    item path's result (no lines)."""
    style, text, language, options, metrics = _style("justify", True), "   ", "zh-Hans", {}, METRICS
    spy = PathSpy(monkeypatch)
    fast = compose([Run(text)], style, metrics, 11 * SIZE, language, **options)
    assert spy.read == 1 and spy.rows is None and spy.set == 0
    assert_same(fast, compose_items([Run(text)], style, metrics, 11 * SIZE, language, **options))


@pytest.mark.parametrize("text", ["extraordinarily", "见https://www.example.org/a/very/long/path。"])
def test_emergency_cuts_on_rows(text):
    """Nothing legal fits (a word or an address wider than the measure): the rows are cut where they must
    be (emergency.py), each line but the widest a forbidden cut, every one reported overfull."""
    style = _style("justify", False)
    taken, fast, items = _fast_taken([Run(text)], style, 3 * SIZE, "zh-Hans", justify_last=True)
    assert taken
    assert fast.overfull and items.overfull
    assert_agree(fast, items)
    assert all(line.width <= 3 * SIZE + TOL or len(line.glyphs[0].text) == 1 for line in fast.lines)


@pytest.mark.parametrize("indent", [False, True])
@pytest.mark.parametrize("tracking", [0.0, 0.1])
def test_letter_spacing_on_rows(indent, tracking):
    """A justified line with no glue to stretch (one word alone, justify_last) is letter-spaced: the rest
    of the measure spread between its glyphs (the indent counts as one), on the rows as on the items."""
    style = _style("justify", False, tracking=tracking)
    taken, fast, items = _fast_taken([Run("abcdef ghijkl")], style, 6 * SIZE, "en", justify_last=True,
                                     indent=indent)
    assert taken
    assert [line.width for line in fast.lines] == [6 * SIZE] * 2
    assert fast.lines[-1].glyphs[-1].char_space > tracking * SIZE
    assert_same(fast, items)


# --- the sample issue with the real fonts ---------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    """The sample issue's body paragraphs, body style, column width, text options and the real fonts."""
    from typeset import FONTS_CONFIG, LAYOUTS
    from typeset.errors import BuildError
    from typeset.fonts.fontset import FontSet
    from typeset.reading.layout import find_layout, read_layout
    from typeset.reading.source import read_issue

    issue = read_issue(SAMPLE)
    layout = read_layout(find_layout(issue.layout, issue.folder, LAYOUTS, issue.loc))
    try:
        fonts = FontSet.load(FONTS_CONFIG, search_dirs=[FONTS_CONFIG.parent])
    except BuildError as e:
        pytest.skip(f"fonts not installed: {e}")
    paras = [p for a in issue.articles.values() for p in a.body if p.kind == "para"]
    return issue, layout, fonts, paras


@pytest.mark.parametrize("width", ["column", 61.0])
def test_sample_issue_same_on_both_paths(monkeypatch, sample, width):
    """Every body paragraph of the Chinese sample, with the real fonts and the layout's text options, at
    the column width and at 61 pt (a narrow measure that shrinks and stretches more): the same lines.
    Most must take the fast path, or the comparison would prove little."""
    issue, layout, fonts, paras = sample
    style = layout.styles["body"]
    measure = layout.grid.column_width if width == "column" else width
    text = layout.text
    options = dict(indent=True, normalise_text=bool(text.get("normalise_punctuation", True)),
                   level=text.get("kinsoku", "strict"), punctuation=text.get("punctuation"),
                   hanging=bool(text.get("hanging", False)))
    spy = PathSpy(monkeypatch)
    taken = 0
    assert paras
    for p in paras:
        spy.reset()
        fast = compose(p.runs, style, fonts, measure, issue.language, **options)
        taken += spy.taken
        items = compose_items(p.runs, style, fonts, measure, issue.language, **options)
        try:
            assert_agree(fast, items)
        except AssertionError as e:
            raise AssertionError(f"{p.loc}: {p.text!r}\n{e}") from None
    assert taken >= 0.9 * len(paras), f"fast path taken for only {taken} of {len(paras)} paragraphs"

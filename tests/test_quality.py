"""quality.py and Context recording, on fake metrics: violations, ratios, loose lines, fallbacks."""
from pathlib import Path

import pytest

from typeset import LAYOUTS
from typeset.context import Context
from typeset.errors import Loc
from typeset.reading.layout import read_layout
from typeset.fonts.metrics import FakeMetrics
from typeset.model import Run
from typeset.reports.quality import Quality, measure
from typeset.reports.report import report_json
from typeset.reading.style import Style
from typeset.text import Composed, Fallback, Glyphs, Line, compose

SIZE = 10.0
EM = SIZE
BODY = Style(name="body", font="song", latin_font="latin-serif", size=SIZE, leading=14)
LOC = Loc(Path("articles/beta.md"), 7)


def line(text: str, start: int, *, x=0.0, measure=None, width=None, ratio=0.0, char_space=0.0, hyphenated=False):
    """One run of wide characters, 1 em each plus char_space, as lines.py would set it."""
    natural = len(text) * EM + char_space * (len(text) - 1)
    return Line((Glyphs(x, text, "song", SIZE, char_space),), measure or natural, width or natural,
                start, start + len(text), hyphenated, ratio)


def composed(text: str, cuts: list[int], **kw) -> Composed:
    """`text` broken before each offset in `cuts` (no spaces: each line is text[a:b])."""
    bounds = [0, *cuts, len(text)]
    lines = tuple(line(text[a:b], a) for a, b in zip(bounds, bounds[1:]))
    return Composed(text, lines, **kw)


# --- prohibition violations ----------------------------------------------------

def test_a_line_starting_with_a_comma_is_a_violation():
    q = measure(composed("中文中文，中文", [4]), BODY, "zh-Hans", "strict", where="beta.md:7")
    assert q.violations == 1
    (example,) = q.violation_examples
    assert example.startswith("beta.md:7: line 2") and "starts with '，'" in example and "中文中文|，中文" in example


def test_legal_breaks_are_no_violation():
    assert measure(composed("中文中文，中文", [5]), BODY, "zh-Hans").violations == 0


@pytest.mark.parametrize("text, cut, why", [
    ("中文“中文”中", 3, "ends with '“'"),  # an opening quote may not end a line
    ("中文——中文", 3, "starts with '—'"),  # a 2-em dash may not be split (and not start a line at strict)
    ("价格12.5元", 3, "'12' is split"),  # a number is never split
    ("增长了35%左右", 5, "'5%' is split"),  # nor a number and its unit
])
def test_forbidden_ends_and_splits(text, cut, why):
    q = measure(composed(text, [cut]), BODY, "zh-Hans", "strict")
    assert q.violations == 1 and why in q.violation_examples[0]


def test_levels_differ_on_a_dash_run_at_line_start():
    c = composed("中文中文——中文", [4])
    assert measure(c, BODY, "zh-Hans", "strict").violations == 1
    assert measure(c, BODY, "zh-Hans", "basic").violations == 0


def test_english_text_has_no_prohibitions_but_numbers_stay_whole():
    assert measure(composed("word,word", [4]), BODY, "en").violations == 0
    assert measure(composed("in 2024 it", [5]), BODY, "en").violations == 1


def test_an_emergency_break_is_counted_apart_not_as_a_violation():
    c = composed("中文中文，中文", [4], overfull=(0,))
    q = measure(c, BODY, "zh-Hans")
    assert (q.violations, q.emergency) == (0, 1)


def test_the_real_composer_breaks_legally():
    text = "“我们要确保每一位居民都能及时得到救助，”他说。（记者 王伟）“五一”以来，共处置12.5%的案件——无一遗漏……"
    for width in range(4, 16):
        c = compose([Run(text * 3)], BODY, FakeMetrics(), width * EM, "zh-Hans", indent=True)
        q = measure(c, BODY, "zh-Hans", "strict", metrics=FakeMetrics())
        assert q.violations == 0, q.violation_examples
        assert q.lines == len(c.lines)


# --- justification -------------------------------------------------------------

def test_ratio_statistics_cover_justified_lines_but_not_the_last():
    lines = (line("中中", 0, ratio=0.5), line("中中", 2, ratio=-0.25), line("中中", 4, ratio=1.0),
             line("中", 6, ratio=3.0))
    q = measure(Composed("中" * 7, lines), BODY, "zh-Hans")
    assert q.justified_lines == 3
    assert q.ratio_mean == pytest.approx(1.25 / 3) and q.ratio_max == 1.0 and q.ratio_min == -0.25
    ragged = measure(Composed("中" * 7, lines), Style(**{**BODY.__dict__, "align": "left"}), "zh-Hans")
    assert ragged.justified_lines == 0 and ragged.ratio_mean is None


def test_a_justified_line_short_of_its_measure_is_counted():
    lines = (line("中中", 0, measure=2 * EM, width=2 * EM + 0.005), line("中中", 2, measure=3 * EM, width=2 * EM),
             line("中", 4, measure=3 * EM, width=EM))  # the last line may be short
    assert measure(Composed("中" * 5, lines), BODY, "zh-Hans").not_justified == 1


# --- loose lines ---------------------------------------------------------------

def test_char_space_over_a_quarter_em_makes_a_loose_line():
    assert measure(Composed("中中中", (line("中中中", 0, char_space=0.3 * EM),)), BODY, "zh-Hans").loose_lines == 1
    assert measure(Composed("中中中", (line("中中中", 0, char_space=0.2 * EM),)), BODY, "zh-Hans").loose_lines == 0


def runs_line(text: str, runs: list[tuple[float, str]]) -> Composed:
    glyphs = tuple(Glyphs(x, t, "song" if t[0] >= "\u2e80" else "latin-serif", SIZE) for x, t in runs)
    return Composed(text, (Line(glyphs, 100, 100, 0, len(text)),))


def test_gap_between_runs_over_a_quarter_em_makes_a_loose_line():
    m = FakeMetrics()
    wide = runs_line("中文，中文", [(0, "中文，"), (3.3 * EM, "中文")])  # 0.3 em after the comma
    assert measure(wide, BODY, "zh-Hans", metrics=m).loose_lines == 1
    assert measure(wide, BODY, "zh-Hans").loose_lines == 0  # without metrics only char_space is known
    snug = runs_line("中文，中文", [(0, "中文，"), (3.2 * EM, "中文")])
    assert measure(snug, BODY, "zh-Hans", metrics=m).loose_lines == 0


def test_word_spaces_and_the_han_latin_quarter_em_are_not_loose():
    m = FakeMetrics()
    spaced = runs_line("ab cd", [(0, "ab"), (2 * 0.5 * EM + 0.6 * EM, "cd")])  # a wide word space
    assert measure(spaced, BODY, "en", metrics=m).loose_lines == 0
    mixed = runs_line("中ab", [(0, "中"), (EM + 0.45 * EM, "ab")])  # a quarter em + 0.2 em of stretch
    assert measure(mixed, BODY, "zh-Hans", metrics=m).loose_lines == 0
    too = runs_line("中ab", [(0, "中"), (EM + 0.55 * EM, "ab")])  # a quarter em + 0.3 em
    assert measure(too, BODY, "zh-Hans", metrics=m).loose_lines == 1


# --- counts and sums -----------------------------------------------------------

def test_hyphenations_compressed_and_fallbacks_are_counted():
    lines = (line("中中", 0, hyphenated=True), line("中中", 2))
    fb = (Fallback(1, "綦", "song", "song-ext"), Fallback(3, "綦", "song", "song-ext"))
    q = measure(Composed("中綦中綦", lines, fallbacks=fb), BODY, "zh-Hans")
    assert q.hyphenations == 1 and q.compressed == 0
    assert q.as_json()["fallbacks"] == [{"char": "綦", "codepoint": "U+7DA6", "face": "song-ext", "count": 2}]


def test_compressed_marks_are_summed_when_lines_carry_them():
    def with_compressed(ln, n):
        return Line(ln.glyphs, ln.measure, ln.width, ln.start, ln.end, ln.hyphenated, ln.ratio, n, ln.hang)

    lines = (with_compressed(line("中，", 0), 1), with_compressed(line("中。", 2), 2))
    assert measure(Composed("中，中。", lines), BODY, "zh-Hans").compressed == 3


def test_qualities_add_up_and_serialise_stably():
    a = measure(composed("中文中文，中文", [4]), BODY, "zh-Hans")
    b = Quality(lines=2, justified_lines=2, ratio_sum=1.0, ratio_max=0.75, ratio_min=0.25, hyphenations=1)
    total = a + b
    assert total.lines == a.lines + 2 and total.violations == 1 and total.hyphenations == 1
    assert total.ratio_max == 0.75 and total.ratio_min == a.ratio_min
    assert Quality() + Quality() == Quality()
    js = total.as_json()
    assert js["ratio_mean"] == round(total.ratio_mean, 4)
    assert report_json(js) == report_json(total.as_json())  # plain data, byte-stable
    assert Quality().as_json()["ratio_max"] is None
    assert Quality(justified_lines=1, ratio_sum=-0.00001, ratio_max=-0.00001).as_json()["ratio_max"] == 0.0


# --- Context: what is recorded -------------------------------------------------

@pytest.fixture
def ctx():
    return Context(read_layout(LAYOUTS / "tabloid-zh.yaml"), FakeMetrics(), "zh-Hans")


def test_set_text_records_per_article_and_trials_are_not_counted(ctx):
    body = ctx.style("body")
    c = ctx.set_text("中文" * 20, body, ctx.layout.grid.column_width, LOC, indent=True, article="beta")
    ctx.set_text("中文" * 20, body, 3 * EM, LOC, article="beta", record=False)  # a trial
    ctx.set_text("第2版", ctx.style("folio"), 100, None, what="folio")  # page furniture
    assert ctx.quality["beta"].lines == len(c.lines)
    assert ctx.quality["beta"].justified_lines == len(c.lines) - 1 and ctx.quality["beta"].not_justified == 0
    assert ctx.quality[""].lines == 1 and ctx.quality[""].justified_lines == 0  # only body is about justification
    assert ctx.quality_total().lines == len(c.lines) + 1


def test_record_counts_a_composition_once(ctx):
    c = ctx.set_text("中文" * 20, ctx.style("headline"), 200, LOC, article="beta", record=False)
    assert "beta" not in ctx.quality
    assert ctx.record(c, ctx.style("headline"), LOC, what="headline", article="beta") is not None
    assert ctx.record(c, ctx.style("headline"), LOC, what="headline", article="beta") is None
    assert ctx.quality["beta"].lines == len(c.lines)


def test_an_emergency_break_is_one_warning_with_its_place(ctx):
    ctx.set_text("https://example.org/a/very/long/path", ctx.style("body"), 40, LOC, what="article beta",
                 article="beta")
    q = ctx.quality["beta"]
    assert q.emergency >= 2 and q.violations == 0
    (w,) = ctx.diags.warnings
    assert w.loc == LOC and w.hint
    assert w.message.startswith("lines 1, 2") and "of article beta were broken in an emergency" in w.message


def test_an_unrecorded_trial_warns_about_nothing(ctx):
    ctx.set_text("中文https://example.org/a/very/long/path中文", ctx.style("body"), 40, LOC, record=False)
    assert not ctx.diags.items and not ctx.quality


class RareNames(FakeMetrics):
    """The song role's first face lacks 綦 and 堃: they come from its second face."""

    def face_for(self, role, ch):
        return "song-ext" if role == "song" and ch in "綦堃" else role


def test_fallback_characters_are_recorded_and_noted_not_warned():
    ctx = Context(read_layout(LAYOUTS / "tabloid-zh.yaml"), RareNames(), "zh-Hans")
    ctx.set_text("记者綦小明、王堃报道。", ctx.style("body"), 88, LOC, article="beta")
    fallbacks = ctx.quality["beta"].as_json()["fallbacks"]
    assert [(f["char"], f["codepoint"], f["face"]) for f in fallbacks] == [
        ("堃", "U+5803", "song-ext"), ("綦", "U+7DA6", "song-ext")]
    assert not ctx.diags.warnings
    notes = [d for d in ctx.diags.items if d.level == "info"]
    assert len(notes) == 2 and all(d.loc == LOC for d in notes) and "綦" in notes[0].message

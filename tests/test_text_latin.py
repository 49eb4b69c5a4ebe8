"""Latin rules on fake metrics: word spaces, pyphen hyphenation, justification."""
import pyphen
import pytest

from typeset.fonts.metrics import FakeMetrics
from typeset.model import Run
from typeset.reading.style import Style
from typeset.text import compose
from typeset.text.items import Glue, Penalty
from typeset.text.latin import hyphen_points

from reference.itemize import itemize

SIZE = 10.0
EM = SIZE
TEXT = ("Typesetting newspapers requires the hyphenation of extraordinarily long words, "
        "the justification of narrow columns and a considerable amount of patience from "
        "everybody involved in the production of the morning edition.")
DIC = pyphen.Pyphen(lang="en_US", left=2, right=3)


def style(align="justify", indent=0.0):
    return Style("body", "song", "latin-serif", SIZE, 12, align=align, indent=indent)


def en(text, measure_em, align="justify"):
    return compose([Run(text)], style(align), FakeMetrics(), measure_em * EM, "en", indent=False)


def line_text(line):
    return " ".join(g.text for g in line.glyphs)


@pytest.mark.parametrize("measure", [12, 15, 18, 22, 30])
def test_words_split_only_at_pyphen_points_with_a_hyphen(measure):
    c = en(TEXT, measure)
    words = TEXT.split()
    rebuilt = []
    for ln in c.lines:
        parts = [g.text for g in ln.glyphs]
        if rebuilt and rebuilt[-1].endswith("\x00"):
            rebuilt[-1] = rebuilt[-1][:-1] + parts.pop(0)
        rebuilt += parts
        if ln.hyphenated:
            assert rebuilt[-1].endswith("-")
            rebuilt[-1] = rebuilt[-1][:-1] + "\x00"
    assert rebuilt == words
    for k, ln in enumerate(c.lines[:-1]):
        if ln.hyphenated:
            piece = ln.glyphs[-1].text[:-1]
            word = next(w for w in words if w.startswith(piece) and w != piece)
            letters = word.strip(",.")
            assert len(piece) in DIC.positions(letters), (piece, word)


@pytest.mark.parametrize("measure", [15, 18, 22, 30])
def test_justified_lines_fill_the_measure(measure):
    c = en(TEXT, measure)
    for ln in c.lines[:-1]:
        assert ln.width == pytest.approx(measure * EM, abs=0.01)
        last = ln.glyphs[-1]
        assert last.x + len(last.text) * EM / 2 == pytest.approx(measure * EM, abs=0.01)
    assert c.lines[-1].width < measure * EM
    assert c.overfull == ()


def test_word_spaces_are_gaps_between_runs_not_characters():
    c = en("one two three", 40, align="left")
    g = c.lines[0].glyphs
    assert [x.text for x in g] == ["one", "two", "three"]
    assert g[1].x == pytest.approx(3 * EM / 2 + EM / 2)  # FakeMetrics: a space is 0.5 em


def test_space_glue_has_tex_proportions():
    items, _ = itemize("a b", [False] * 3, style(), FakeMetrics(), "en", indent=False)
    glue = [it for it in items if isinstance(it, Glue) and it.text == " "][0]
    assert (glue.width, glue.stretch, glue.shrink) == pytest.approx((5, 2.5, 5 / 3))


def test_hyphen_penalty_is_flagged_and_prints_a_hyphen():
    items, _ = itemize("typesetting", [False] * 11, style(), FakeMetrics(), "en", indent=False)
    pens = [it for it in items if isinstance(it, Penalty) and it.penalty < 10000 and it.penalty > -10000]
    assert [p.text for p in pens] == ["-", "-"]
    assert all(p.flagged and p.width == EM / 2 for p in pens)


def test_urls_and_codes_are_not_hyphenated():
    # addresses break only where the Chicago Manual breaks URLs, with nothing inserted (None)
    assert set(hyphen_points("https://example.com/typesetting", DIC).values()) == {None}
    assert set(hyphen_points("someone@example.com", DIC).values()) == {None}
    assert hyphen_points("NASA", DIC) == {}
    assert hyphen_points("e-mail", DIC) == {2: False}


def test_a_url_breaks_after_slashes_and_before_dots():
    url = "https://www.example.com/a/very/long/path/to/somewhere"
    c = en(f"see {url} now", 12)
    assert not c.overfull
    text = ["".join(g.text for g in ln.glyphs) for ln in c.lines]
    assert "".join(text) == f"see{url}now" and not any(t.endswith("-") for t in text)


def test_a_long_url_is_split_by_characters_and_reported():
    url = "https://example.com/" + "x" * 40
    c = en(f"see {url} now", 10)
    assert c.overfull
    for ln in c.lines:
        assert ln.width <= 10 * EM + 0.01
    assert "".join("".join(g.text for g in ln.glyphs) for ln in c.lines) == f"see{url}now"


def test_center_and_right_alignment():
    c = en("short line", 20, align="center")
    ln = c.lines[0]
    assert ln.glyphs[0].x == pytest.approx((20 * EM - ln.width) / 2)
    c = en("short line", 20, align="right")
    ln = c.lines[0]
    assert ln.glyphs[0].x + ln.width == pytest.approx(20 * EM)


def test_curly_quotes_and_dashes_are_latin_in_english():
    c = en("“Yes”—she said…", 40, align="left")
    assert {g.face for g in c.lines[0].glyphs} == {"latin-serif"}


@pytest.mark.parametrize("number", ["12.5", "1,336", "3.14159", "v2.0", "0.5%"])
def test_a_number_with_a_decimal_point_never_breaks(number):
    # "about 12|.5 miles" was once a legal break: a dot between digits is not an address's dot.
    assert hyphen_points(number, None) == {}

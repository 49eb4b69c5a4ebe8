"""Paragraph finish: no last line of a single Chinese character (孤字) or of one short
English word, when a break exists that avoids it.

the composer makes every break that would leave such a last line cost
FINISH_PENALTY more: a finite penalty, which only a breaker that looks ahead
(total fit) can always act on. These tests check the penalties, then the
result of breaking with `total_fit` below (a minimal Knuth-Plass total-fit
breaker, only for these tests) and with the package's breaker where it can.
"""
import inspect

import pytest

from typeset.fonts.metrics import FakeMetrics
from typeset.model import Run
from typeset.reading.style import Style
from typeset.text import cjk, compose, latin
from typeset.text.chars import FINISH_PENALTY
from typeset.text.items import INF, Box, Glue, Penalty

from reference.breaker import break_lines
from reference.itemize import itemize
from reference.setter import set_lines

SIZE = 10.0
EM = SIZE
FIL = 1e9
# The greedy best-fit breaker cannot look past the line it is setting; the total-fit one
# (reference.breaker.break_lines(items, width_of_line, params=...)) can.
TOTAL_FIT = "params" in inspect.signature(break_lines).parameters
ENGLISH = "A long sentence about the printing of the morning edition ends with a dot."


def style(align="justify", indent=0.0):
    return Style("body", "song", "latin-serif", SIZE, 14, align=align, indent=indent)


def items_of(text, language="zh-Hans"):
    items, _ = itemize(text, [False] * len(text), style(), FakeMetrics(), language, indent=False)
    return items


def total_fit(items, width):
    """Knuth-Plass total fit at its smallest: the break sequence with the fewest demerits,
    (1 + badness)^2 + penalty^2 per line, badness 100 |ratio|^3; lines that cannot shrink
    to the measure are infeasible."""
    def legal(b):
        it = items[b]
        if isinstance(it, Penalty):
            return it.penalty < INF
        return isinstance(it, Glue) and isinstance(items[b - 1], Box)

    def start_after(b):
        i = b + 1
        while i < len(items) and not isinstance(items[i], Box):
            i += 1
        return i

    first = next(i for i, it in enumerate(items) if isinstance(it, Box))
    best = {-1: (0.0, None, first)}  # break -> (total demerits, previous break, next line's first item)
    for b in range(1, len(items)):
        if not legal(b):
            continue
        for a, (total, _, s) in list(best.items()):
            if s >= b:
                continue
            body = items[s:b]
            natural = sum(it.width for it in body if not isinstance(it, Penalty))
            natural += items[b].width if isinstance(items[b], Penalty) else 0.0
            shrink = sum(it.shrink for it in body if isinstance(it, Glue))
            stretch = sum(it.stretch for it in body if isinstance(it, Glue) and it.stretch < FIL)
            fil = any(isinstance(it, Glue) and it.stretch >= FIL for it in body)
            if natural > width + 1e-6:
                if natural - shrink > width + 1e-6:
                    continue
                r = (width - natural) / shrink
            elif natural < width - 1e-6 and not fil:
                r = (width - natural) / stretch if stretch else 100.0
            else:
                r = 0.0
            p = items[b].penalty if isinstance(items[b], Penalty) else 0.0
            d = total + (1 + min(10000.0, 100 * abs(r) ** 3)) ** 2 + (p * p if p > 0 else 0.0)
            if b not in best or d < best[b][0]:
                best[b] = (d, a, start_after(b))
    out, b = [], len(items) - 1
    while b != -1:
        out.append(b)
        b = best[b][1]
    return out[::-1]


def lines_by_total_fit(text, measure_em, language="zh-Hans"):
    items = items_of(text, language)
    width = measure_em * EM
    return set_lines(items, total_fit(items, width), lambda n: width, "justify")


def chars(line):
    s = "".join(g.text for g in line.glyphs)
    return s[:-1] if line.hyphenated else s


def finish_breaks(items):
    return [k for k, it in enumerate(items)
            if isinstance(it, Penalty) and FINISH_PENALTY <= it.penalty < INF]


# --- which breaks are marked ------------------------------------------------------------------------

@pytest.mark.parametrize("rest, lone", [
    ("好", True), ("好。", True), ("好。”", True), ("好！", True), ("好 ", True),
    ("好的", False), ("好，的", False), ("。", False), ("a", False), ("2", False),
])
def test_lone_character(rest, lone):
    wide = [cjk.PUNCT.__contains__(c) or "\u4e00" <= c <= "\u9fff" for c in rest]
    assert cjk.lone_character(rest, wide) is lone


@pytest.mark.parametrize("rest, short", [
    ("it.", True), ("(no)", True), ("ing.", True), ("2024.", True), ("it", True),
    ("cats.", True), ("sleep.", False), ("in it.", False), ("", False), ("...", False),
])
def test_short_word(rest, short):
    assert latin.short_word(rest, [False] * len(rest)) is short


def test_only_the_break_before_a_lone_character_is_marked():
    text = "中中中中中好。"
    items = items_of(text)
    marked = finish_breaks(items)
    assert len(marked) == 1
    after = next(it for it in items[marked[0]:] if isinstance(it, Box) and it.text)
    assert after.text == "好"


def test_only_the_break_before_a_short_last_word_is_marked():
    items = items_of("we typeset it.", "en")
    marked = finish_breaks(items)
    assert len(marked) == 1
    after = next(it for it in items[marked[0]:] if isinstance(it, Box) and it.text)
    assert after.src == len("we typeset ")
    assert finish_breaks(items_of("we typeset items.", "en")) == []


def test_a_hyphen_leaving_a_short_fragment_costs_more():
    items = items_of("we like typesetting", "en")  # type-set-ting: "ting" alone would be 4 letters
    hyphens = [it for it in items if isinstance(it, Penalty) and it.flagged]
    assert [it.penalty for it in hyphens] == [latin.HYPHEN_PENALTY, latin.HYPHEN_PENALTY + FINISH_PENALTY]


def test_paragraph_that_fits_on_one_line_is_unchanged():
    c = compose([Run("中中好。")], style(), FakeMetrics(), 10 * EM, "zh-Hans", indent=False)
    assert [chars(ln) for ln in c.lines] == ["中中好。"]


# --- the result -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["中" * 25, "中" * 24 + "好。", "中" * 24 + "好。”",
                                  "中" * 10 + "，" + "中" * 14])
def test_no_lone_character_on_the_last_line(text):
    for lines in (lines_by_total_fit(text, 12),
                  compose([Run(text)], style(), FakeMetrics(), 12 * EM, "zh-Hans", indent=False).lines):
        last = chars(lines[-1])
        assert not cjk.lone_character(last, [True] * len(last)), [chars(ln) for ln in lines]
        assert "".join(chars(ln) for ln in lines) == text
        for ln in lines[:-1]:
            assert ln.width == pytest.approx(12 * EM, abs=0.01)


def test_lone_character_stays_when_nothing_avoids_it():
    # One character per line: every line is a single character, and that is fine.
    c = compose([Run("中中中")], style(), FakeMetrics(), 1 * EM, "zh-Hans", indent=False)
    assert [chars(ln) for ln in c.lines] == ["中", "中", "中"]
    assert c.overfull == ()


def test_no_short_english_word_on_the_last_line_by_total_fit():
    greedy = compose([Run(ENGLISH)], style(), FakeMetrics(), 9 * EM, "en", indent=False).lines
    lines = lines_by_total_fit(ENGLISH, 9, "en")
    assert " ".join(g.text for g in lines[-1].glyphs) == "a dot."
    assert len(lines) == len(greedy)
    if TOTAL_FIT:
        assert " ".join(g.text for g in greedy[-1].glyphs) != "dot."
    else:
        pytest.skip("the greedy best-fit breaker cannot look ahead: it leaves 'dot.' alone on the last line "
                    "(asserted with the local total_fit until the breaker is Knuth-Plass)")


def test_a_short_last_word_stays_when_avoiding_it_makes_a_very_loose_line():
    # At 12 em only a line with word spaces stretched 3.3 times avoids "mat.": not worth it.
    text = "The quick brown fox jumps over the lazy dog while the cat sleeps on the mat."
    lines = lines_by_total_fit(text, 12, "en")
    assert " ".join(g.text for g in lines[-1].glyphs) == "mat."
    assert max(ln.ratio for ln in lines) < 2

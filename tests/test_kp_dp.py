"""kp_dp.best_breaks_lean, the breaker's lean path, finds what the general programme best_breaks finds.

best_breaks_lean keeps its states in flat arrays and prunes a break's dearer
states by adj_demerits; best_breaks keeps a dict per break and, with exact line
counts (`exact=True`), never merges two paths of different line counts.
Both search the same breakings, so the optimum's demerits must be the same,
for every pass, on paragraphs read both ways (the reference's ItemRows from items and
rows.Rows without them). When two breakings tie exactly the two
programmes may keep different ones, so the breaks are compared only where
no tie is possible; they must still be a breaking of the same demerits.
"""
from __future__ import annotations

import math
from math import inf

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.fonts.metrics import FakeMetrics
from typeset.reading.style import Style
from typeset.text.junctions import context
from typeset.text.rows import read_rows
from typeset.text.kp_dp import best_breaks, best_breaks_lean
from typeset.text.kp_params import DEFAULT, BreakParams, pass_specs

from reference.itemize import itemize
from reference.kp_para import ItemRows

SIZE = 10.0
METRICS = FakeMetrics()
STYLE = Style("body", "song", "latin-serif", SIZE, 14, indent=2)

IDEOGRAPHS = list("中文字体排版报纸新闻记者发布数据国人民日月水火山")
MARKS = list("，。、；：？！“”‘’（）《》") + ["——", "……"]
LATIN = ["the", "of", "a", "news", "paper", "iPhone", "GDP", "don't", "e-mail", "Beijing"]
DIGITS = ["2024", "13", "7", "100", "3.5", "12%"]
TOKENS = IDEOGRAPHS * 4 + MARKS * 2 + LATIN + DIGITS + [" ", "\u3000"]


def _rows_para(text: str):
    got = read_rows(text, False, STYLE, METRICS, "zh-Hans", context("zh-Hans", SIZE, "strict", None, False), True)
    return got[0] if got is not None else None


def _item_para(text: str):
    items, _ = itemize(text, [False] * len(text), STYLE, METRICS, "zh-Hans")
    return ItemRows(items)


# The stock knobs, and adjacency demerits so dear that a break's dearer states often win later
# (their line's fitness class spares the next line them): best_breaks_lean must keep those.
PARAMS = [DEFAULT, BreakParams(adj_demerits=1e7)]


def _compare(P, L: float, params: BreakParams = DEFAULT) -> int:
    """Every pass of paragraph P at measure L, both ways; the number of passes that found a breaking."""
    found = 0
    for name, spec in pass_specs(P, params):
        if spec.flagged and P.flagged_any:
            continue  # (a pass that takes hyphens: best_breaks_lean is not for it)
        lean = best_breaks_lean(P, L, spec, inf, None, None)
        full = best_breaks(P, [L], 0, True, spec, inf, None)
        assert (lean is None) == (full is None), f"{name}: lean {lean!r}, general {full!r}"
        if lean is None:
            continue
        found += 1
        assert math.isclose(lean[0], full[0], rel_tol=1e-12, abs_tol=1e-9), (
            f"{name}: demerits {lean[0]!r} (lean) against {full[0]!r} (general)")
        assert lean[1] == full[1], f"{name}: breaks {lean[1]} (lean) against {full[1]} (general)"
        # A bound at the optimum keeps it; one below it finds nothing and says what it cut.
        again = best_breaks_lean(P, L, spec, lean[0], None, None)
        assert again is not None and again[1] == lean[1]
        if lean[0] > 1.0:
            cut = [inf]
            assert best_breaks_lean(P, L, spec, lean[0] / 2, None, cut) is None
            assert lean[0] / 2 < cut[0] <= lean[0] * (1 + 1e-9) + 1e-6
    return found


@pytest.mark.parametrize("read", [_rows_para, _item_para], ids=["rows", "items"])
def test_a_known_paragraph_breaks_the_same_both_ways(read):
    text = ("新华社北京4月15日电（记者张三）国家统计局15日发布数据，一季度国内生产总值同比增长5.4%，"
            "比上年四季度加快0.2个百分点。“开局良好，”他说——这是2024年以来的最好成绩……")
    P = read(text)
    assert P is not None
    assert sum(_compare(P, L * SIZE, params) for L in (8, 11, 14) for params in PARAMS) >= 6


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(tokens=st.lists(st.sampled_from(TOKENS), min_size=1, max_size=60), em=st.integers(5, 25),
       rows=st.booleans(), params=st.sampled_from(PARAMS))
def test_random_paragraphs_break_the_same_both_ways(tokens, em, rows, params):
    text = "".join(tokens)
    P = _rows_para(text) if rows else _item_para(text)
    if P is None or P.nb == 0:
        return
    _compare(P, em * SIZE, params)

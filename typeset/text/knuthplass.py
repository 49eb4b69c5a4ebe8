"""Total-fit line breaking (Knuth & Plass 1981) over a paragraph's rows: the fewest demerits.

Contract: `fit_para(rows, width_of_line, params)` returns a `Breaking` (the rows where lines end,
the last the paragraph's end; their demerits; the pass that found them), or None when no legal
breaking fits (emergency.py then cuts where it must). It knows no scripts or fonts: the rules
speak through the rows' penalties and glue. `width_of_line` is line n's measure, or one number.

Demerits are TeX's (kp_dp.line_cost, kp_params.BreakParams). Passes, as TeX's: (1) pretolerance,
no hyphens; (2) tolerance; (3) emergency stretch if set; (4) any badness, uncapped up to
AWFUL_BAD, so a line stretched 6x loses to one stretched 5x. The first pass that finds a breaking
wins (with `looseness`, the first that meets it), with one departure from TeX: when the first
pass pays a large penalty (a 孤字, a short last word), the second runs too and the cheaper wins.

Speed: later passes are bounded (`_bounded`: a partial path dearer than the bound is dropped; any
bound at or above the optimum keeps it), and one measure for all lines is tried first, then
checked against `width_of_line` for every line number measured: a call per line, not per row.
"""
from __future__ import annotations

from math import inf

from .kp_dp import best_breaks
from .items import FIL
from .kp_params import AWFUL_BAD, DEFAULT, EPS, INF_BAD, Breaking, BreakParams, Measure, PassSpec, pass_specs

__all__ = ["AWFUL_BAD", "DEFAULT", "EPS", "FIL", "INF_BAD", "BreakParams", "Breaking", "Measure",
           "fit_one_pass", "fit_para", "line_measures"]


def fit_para(para, width_of_line: Measure, p: BreakParams) -> Breaking | None:
    """The fewest-demerits breaking of a paragraph's rows (rows.Rows; the reference's ItemRows has the
    same fields) by the passes above, None if no legal breaking fits at all."""
    if para.nb == 0:
        return Breaking((), 0.0, "pretolerance")  # no box: nothing to set
    if callable(width_of_line) and not p.looseness:
        # Most paragraphs have one measure: try that, noting the highest line number measured, then
        # check those lines really have it (a call per line, not one per row).
        w0 = width_of_line(0)
        if width_of_line(1) == w0:  # (else the measure surely varies: straight to the full list)
            seen = [1]
            got = _passes_run(para, [w0], 0, p, seen)
            if all(width_of_line(n) == w0 for n in range(2, seen[0] + 1)):
                return got
    widths, easy = line_measures(width_of_line, para.nb)
    return _passes_run(para, widths, easy, p, None)  # (no line numbers to check against a measure)


def _passes_run(para, widths: list[float], easy: int, p: BreakParams, seen: list[int]) -> Breaking | None:
    exact = p.looseness != 0
    found: Breaking | None = None
    deferred = False
    for name, spec in pass_specs(para, p):
        if name == "pretolerance":  # the first pass is narrow enough without a bound
            got = best_breaks(para, widths, easy, exact, spec, inf, seen)
        else:
            got = _bounded(para, widths, easy, exact, spec, found.demerits if deferred else None, seen)
        if got is None:
            continue
        demerits, bps, lines, best_lines = got
        if deferred and found is not None and found.demerits <= demerits:
            return found  # the later pass, run for a penalty, found nothing better
        found = Breaking(tuple(map(para.I.__getitem__, bps)), demerits, name)
        if exact and lines - best_lines != p.looseness:
            continue
        if name == "pretolerance" and _paid(para, bps) >= (p.line_penalty + p.pretolerance) ** 2:
            # A costly penalty (孤字, short last word) the second pass may avoid: let it try, keep the cheaper.
            deferred = True
            continue
        return found
    return found  # looseness not fully met in any pass: the last pass's choice (None: nothing fits)


def fit_one_pass(para, width_of_line: Measure, p: BreakParams, passname: str) -> Breaking | None:
    """Run one pass alone ("pretolerance", "tolerance", "emergency_stretch" or "any_badness") over a read
    paragraph: its optimum, None if it has no feasible breaking. For tests and diagnostics."""
    if para.nb == 0:
        return Breaking((), 0.0, passname)
    widths, easy = line_measures(width_of_line, para.nb)
    exact = p.looseness != 0
    for name, spec in pass_specs(para, p):
        if name == passname:
            got = best_breaks(para, widths, easy, exact, spec, inf, None)
            if got is None:
                return None
            return Breaking(tuple(para.I[c] for c in got[1]), got[0], name)
    raise ValueError(f"no pass {passname!r} with these parameters")


def _paid(P, bps: list[int]) -> float:
    """Demerits the chosen breaks pay for positive penalties."""
    return sum(P.penalty_at[c] ** 2 for c in bps if P.penalty_at[c] > 0)


def line_measures(width_of_line: Measure, nb: int) -> tuple[list[float], int]:
    """The measure of every line a breaking of nb breaks can have, and `easy` (TeX's easy_line): from that
    line on all are equal, so nodes need not be told apart by line number there."""
    if not callable(width_of_line):
        return [float(width_of_line)], 0
    ws = list(map(width_of_line, range(nb + 1)))
    easy = nb
    while easy > 0 and ws[easy - 1] == ws[-1]:
        easy -= 1
    return ws, easy


def _bounded(P, widths: list[float], easy: int, exact: bool, spec: PassSpec, ub: float | None,
             seen: list[int] | None):
    """The pass's optimum by `best_breaks` under the bound `ub` (None: guesses, then no bound).

    A bound at or above the optimum finds it, a lower one nothing, and a low one prunes most: so a few
    guesses go first, from a tenth of what a line at the pass's badness limit costs; after a miss the
    next is at least twice the last and half again above the cheapest path it cut (a miss that cut
    nothing proves the end unreachable). No guess while a measure is checked (`seen`).
    """
    sound = _sound(P, exact, spec)
    if seen is None and sound:
        p = spec.p
        guess = (p.line_penalty + spec.threshold) ** 2 / 10  # (inf in the any-badness pass: no guess)
        known = ub if ub is not None else inf
        for _ in range(_GUESSES):
            if guess >= known:
                break
            cut = [inf]
            got = best_breaks(P, widths, easy, exact, spec, guess, None, cut)
            if got is not None:
                return got
            if cut[0] == inf:
                return None  # the bound cut nothing: the end is out of reach under any bound
            guess = max(2 * guess, 1.5 * cut[0])  # (the cut path's remaining lines cost something too)
    return best_breaks(P, widths, easy, exact, spec, inf if ub is None else ub, seen)


_GUESSES = 3  # guesses before an unbounded run: a pass's optimum beyond them is rare and dear anyway


def _sound(P, exact: bool, spec: PassSpec) -> bool:
    """May a bound prune this pass? Not with looseness (it wants non-optimal paths), nor with negative
    demerits (a partial path's demerits could then decrease)."""
    p = spec.p
    return not (exact or P.negative or min(p.adj_demerits, p.double_hyphen_demerits, p.final_hyphen_demerits) < 0)

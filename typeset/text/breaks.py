"""The breaks a paragraph has beyond its junctions' records, each rule written here once: hyphen points
(`hyphen_rows`: latin.py's points as flagged rows as wide as the hyphen they print; none after an
explicit hyphen; plain rows inside an address), hanging (`hang_rows`: a second row at a hanging
junction, setting the whole ，。、 outside the measure) and the finish (`finish`: a break leaving a 孤字
or one short word as the last line costs FINISH_PENALTY more)."""
from __future__ import annotations

from array import array

from ..fonts.metrics import Metrics
from ..reading.style import Style
from . import cjk, latin
from .chars import FINISH_PENALTY, NARROW, class_spans
from .junctions import junction_record


def hyphen_rows(text: str, cls: str, bold, style: Style, metrics: Metrics, language: str, level: cjk.Level,
             track: float, rec: list) -> tuple[list[int], dict[int, str]]:
    """Put latin.py's breaks inside Latin words into `rec` (the letters' junctions, empty so far): a
    hyphen point is a flagged penalty whose width is the hyphen's; after an explicit hyphen a flagged
    one of no width; inside an address a plain one, unless Chinese prohibition rules forbid it there.
    Returns the flagged offsets and {offset: the face of the hyphen printed there}."""
    words = [(a, b) for a, b in class_spans(cls, 0, NARROW, NARROW, 1) if not text[a:b].isdigit()]
    flagged, faces = [], {}
    for k, insert in (latin.hyphen_points_in(text, words, language) if words else {}).items():
        if insert is None:
            if cjk.forbidden_end(text, k - 1, level) or cjk.forbidden_start(text, k, level):
                continue
            pen = latin.hyphen_penalty(0.0, "", style.size, None)
        elif insert:
            b = bold if bold is True or bold is False else k - 1 < len(bold) and bold[k - 1]
            face = metrics.face_for(style.role_for(True, b), "-")
            if face is None:
                continue  # no face draws a hyphen: better not to break the word than to print a hole
            pen = latin.hyphen_penalty(metrics.advance(face, "-", style.size) + track, face, style.size, True)
            faces[k] = face
        else:
            pen = latin.hyphen_penalty(0.0, "", style.size, False)
        rec[k] = junction_record((pen,))
        if pen.flagged:
            flagged.append(k)
    return flagged, faces


def hang_rows(R, hung: list[int], track: float) -> None:
    """Give each hanging junction a second row right after its own, at the same offset: the break that
    sets the whole mark outside the measure (cjk.junction's second penalty), so the breaker weighs
    both as it would two items. `at` maps rows to offsets, `row_of` offsets to their first row."""
    n = R.n
    hang = {k: R.rec[k].hang for k in hung}
    at, row_of = [], [0] * (n + 1)
    width_at, shrink_at, stretch_at, penalty_at, pen_width, is_penalty, hyphen_at = [], [], [], [], [], [], []
    illegal = bytearray()
    for k in range(n + 1):
        row_of[k] = len(at)
        alternatives = (None, hang[k]) if k in hang else (None,)
        for alt in alternatives:
            at.append(k)
            shrink_at.append(R.F_z[k])
            stretch_at.append(R.F_y[k])
            if alt is None:
                width_at.append(R.width_at[k])
                penalty_at.append(R.penalty_at[k])
                pen_width.append(R.pen_width[k])
                is_penalty.append(R.is_penalty[k])
                hyphen_at.append(R.hyphen_at[k])
                illegal.append(R.illegal[k])
            else:  # its penalty, plus what the paragraph's finish added to the first break's
                pw = alt[1] - track
                width_at.append(R.F_w[k] + pw)
                penalty_at.append(alt[0] + (R.penalty_at[k] - R.rec[k].pv))
                pen_width.append(pw)
                is_penalty.append(True)
                hyphen_at.append(False)
                illegal.append(0)
    low = [e - z for e, z in zip(width_at, shrink_at)]
    for c in range(len(low) - 2, -1, -1):
        if low[c + 1] < low[c]:
            low[c] = low[c + 1]
    R.width_at, R.shrink_at, R.stretch_at = array("d", width_at), array("d", shrink_at), array("d", stretch_at)
    R.narrowest, R.penalty_at, R.pen_width, R.is_penalty = array("d", low), penalty_at, pen_width, is_penalty
    R.hyphen_at, R.illegal = hyphen_at, illegal
    R.nb = len(at) - 1
    R.forced = [R.nb]
    R.pwmax = max(pen_width)
    R.at, R.row_of = at, row_of


def finish(text: str, wide, illegal: bytearray, penalty_at: list[float], is_penalty: list[bool], n: int) -> None:
    """The paragraph's finish: a break leaving a 孤字 or one short word as the last line costs more.

    Only the last few breaks can leave so short a rest: the scan stops once the rest holds
    latin.SHORT_WORD letters, digits or ideographs."""
    alnum = 0
    short = latin.SHORT_WORD
    for k in range(n - 1, 0, -1):
        if text[k].isalnum():
            alnum += 1
        if illegal[k]:
            continue
        if alnum >= short:
            return
        # a 孤字 holds one letter or ideograph; a short word no wide character
        if alnum == 1 or not wide[k]:
            rest = text[k:]
            flags = wide[k:]
            if (alnum == 1 and cjk.lone_character(rest, flags)) or (not wide[k] and latin.short_word(rest, flags)):
                penalty_at[k] += FINISH_PENALTY
                is_penalty[k] = True

"""Measuring set text: the numbers report.json gives per article and per issue.

Contract: `measure(composed, style, language, level)` reads one composed
paragraph (its text and lines, nothing else) and returns a `Quality`;
qualities add up with `+`, so an article's is the sum of its paragraphs'
and the issue's the sum of its articles'. Nothing here changes the text.

What is counted, per composed paragraph:

- `violations`: line breaks the prohibition rules of cjk.py forbid at the
  given level (clreq): a line after a break starting with a not-at-start
  character (or with —— / …… at the strict level), a line before a break
  ending with a not-at-end character, a never-split sequence (——, a number
  with its sign, currency and unit) straddling a break. Breaks the composer
  marked as emergencies (`Composed.overfull`: nothing legal fitted) are
  counted in `emergency` instead, so `violations` must be 0.
- justification, for *justified* text only (the caller says which: body
  text): the adjustment ratio of every justified line that is not a
  paragraph's last, and `not_justified`, those whose width is not their
  measure within 0.01 pt;
- `loose_lines`: lines where some gap between two characters, the run's
  char_space or the gap between two runs not separated by a word space,
  exceeds 0.25 em of the glyph size. Between an ideograph and a Latin
  letter or digit the quarter em cjk.py puts there is the natural gap, so
  only what exceeds it counts there;
- `compressed` (marks set narrower than full width, `Line.compressed`),
  `hyphenations`, `fallbacks` (characters set in a face other than their
  role's first), `emergency` (lines ended at an emergency break).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..text import cjk
from ..text.compose import Composed
from ..text.chars import wide_in

LOOSE_EM = 0.25  # a gap wider than this (in em of the glyph size) makes a line loose
JUSTIFY_TOLERANCE = 0.01  # points
MAX_EXAMPLES = 5  # violation examples kept per article and per issue
CONTEXT = 8  # characters of text shown on each side of a violating break


@dataclass(frozen=True)
class Quality:
    lines: int = 0
    justified_lines: int = 0  # justified lines that are not a paragraph's last
    violations: int = 0
    violation_examples: tuple[str, ...] = ()
    ratio_sum: float = 0.0  # over the justified lines
    ratio_max: float | None = None
    ratio_min: float | None = None
    loose_lines: int = 0
    compressed: int = 0
    hyphenations: int = 0
    fallbacks: tuple[tuple[str, str], ...] = ()  # (character, face id), once per occurrence
    emergency: int = 0
    not_justified: int = 0
    display_lines: int = 0  # lines of display text (headline, subhead, caption...) that wraps
    display_balanced: int = 0  # of those, lines broken as a sub-editor would (text/display.py)
    display_broken: int = 0  # of those, lines that break a display rule (a line of one or two characters)

    @property
    def ratio_mean(self) -> float | None:
        return self.ratio_sum / self.justified_lines if self.justified_lines else None

    def __add__(self, other: Quality) -> Quality:
        if not isinstance(other, Quality):
            return NotImplemented
        return Quality(
            lines=self.lines + other.lines,
            justified_lines=self.justified_lines + other.justified_lines,
            violations=self.violations + other.violations,
            violation_examples=(self.violation_examples + other.violation_examples)[:MAX_EXAMPLES],
            ratio_sum=self.ratio_sum + other.ratio_sum,
            ratio_max=_pick(max, self.ratio_max, other.ratio_max),
            ratio_min=_pick(min, self.ratio_min, other.ratio_min),
            loose_lines=self.loose_lines + other.loose_lines,
            compressed=self.compressed + other.compressed,
            hyphenations=self.hyphenations + other.hyphenations,
            fallbacks=self.fallbacks + other.fallbacks,
            emergency=self.emergency + other.emergency,
            not_justified=self.not_justified + other.not_justified,
            display_lines=self.display_lines + other.display_lines,
            display_balanced=self.display_balanced + other.display_balanced,
            display_broken=self.display_broken + other.display_broken,
        )

    def as_json(self) -> dict:
        """Plain data with rounded floats; fallbacks once per (character, face) with a count."""
        counts: dict[tuple[str, str], int] = {}
        for key in self.fallbacks:
            counts[key] = counts.get(key, 0) + 1
        return {
            "lines": self.lines,
            "justified_lines": self.justified_lines,
            "violations": self.violations,
            "violation_examples": list(self.violation_examples),
            "ratio_mean": _round(self.ratio_mean),
            "ratio_max": _round(self.ratio_max),
            "ratio_min": _round(self.ratio_min),
            "loose_lines": self.loose_lines,
            "compressed": self.compressed,
            "hyphenations": self.hyphenations,
            "fallbacks": [{"char": ch, "codepoint": f"U+{ord(ch):04X}", "face": face, "count": n}
                          for (ch, face), n in sorted(counts.items(), key=lambda kv: (ord(kv[0][0]), kv[0][1]))],
            "emergency": self.emergency,
            "not_justified": self.not_justified,
            "display": {"lines": self.display_lines, "balanced": self.display_balanced,
                        "broken_rules": self.display_broken},
        }


def _pick(fn, a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return fn(a, b)


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4) + 0.0  # + 0.0: no "-0.0" in the report


def measure(composed: Composed, style, language: str, level: str = "strict", *, metrics=None,
            justified: bool | None = None, where: str = "") -> Quality:
    """The quality of one composed paragraph set in `style`.

    `justified`: whether the justification numbers apply (default: the style
    aligns "justify"). `metrics` is needed to find the gaps *between* glyph
    runs (a run's width is its advance); without it only char_space counts.
    `where` prefixes the violation examples (a file:line).
    """
    lines = composed.lines
    text = composed.text
    lv = cjk.level_for(language, level)
    if justified is None:
        justified = style.align == "justify"
    emergency = set(composed.overfull)

    bad: list[str] = []
    bound = cjk.never_split(text) if len(lines) > 1 else set()
    for n in range(len(lines) - 1):
        if n in emergency:
            continue  # an emergency break: counted apart, nothing legal fitted
        before, after = lines[n], lines[n + 1]
        if before.end <= before.start or after.end <= after.start:
            continue
        i, j = before.end - 1, after.start
        why = break_faults(text, i, j, lv, bound)
        if why:
            ctx = f"{text[max(0, i + 1 - CONTEXT):i + 1]}|{text[j:j + CONTEXT]}"
            bad.append(f"{where + ': ' if where else ''}line {n + 2}: {', '.join(why)} ({ctx})")

    ratio_sum, rmax, rmin = 0.0, None, None
    justified_lines = not_justified = 0
    if justified:
        for line in lines[:-1]:
            justified_lines += 1
            ratio_sum += line.ratio
            rmax = line.ratio if rmax is None else max(rmax, line.ratio)
            rmin = line.ratio if rmin is None else min(rmin, line.ratio)
            if abs(line.width - getattr(line, "hang", 0.0) - line.measure) > JUSTIFY_TOLERANCE:  # a hung mark is outside
                not_justified += 1

    return Quality(
        lines=len(lines),
        justified_lines=justified_lines,
        violations=len(bad),
        violation_examples=tuple(bad[:MAX_EXAMPLES]),
        ratio_sum=ratio_sum,
        ratio_max=rmax,
        ratio_min=rmin,
        loose_lines=sum(1 for line in lines if _loose(line, text, language, metrics)),
        compressed=sum(int(getattr(line, "compressed", 0) or 0) for line in lines),
        hyphenations=sum(1 for line in lines if line.hyphenated),
        fallbacks=tuple((f.char, f.face) for f in composed.fallbacks),
        emergency=len(emergency),
        not_justified=not_justified,
    )


def break_faults(text: str, i: int, j: int, level: cjk.Level, bound: set[int]) -> list[str]:
    """What the prohibition rules say against a line ending at text[i] and the next starting at text[j].

    `bound` is `cjk.never_split(text)`; an empty list means the break is legal.
    """
    why = []
    if cjk.forbidden_end(text, i, level):
        why.append(f"line ends with '{text[i]}'")
    if cjk.forbidden_start(text, j, level):
        why.append(f"line starts with '{text[j]}'")
    if j == i + 1 and j in bound:
        why.append(f"'{text[i]}{text[j]}' is split")
    return why


def _loose(line, text: str, language: str, metrics) -> bool:
    """Does any gap between two characters of the line exceed LOOSE_EM of the glyph size?"""
    runs = line.glyphs
    for g in runs:
        if len(g.text) > 1 and g.char_space > LOOSE_EM * g.size + 1e-9:
            return True
    if metrics is None or len(runs) < 2:
        return False
    offsets = _offsets(line, text, runs)
    for k in range(len(runs) - 1):
        a, b = runs[k], runs[k + 1]
        if not a.text or not b.text:
            continue
        ia, ib = offsets[k][1], offsets[k + 1][0]
        if ia is not None and ib is not None and ib != ia + 1:
            continue  # a word space (or a run of spaces) stands between: not an inter-character gap
        try:
            end = a.x + metrics.advance(a.face, a.text, a.size) + a.char_space * (len(a.text) - 1)
        except KeyError:
            continue  # a character no face has (already an error)
        natural = 0.0
        if ia is not None and ib is not None and _mixed(text[ia], text[ib], language):
            natural = cjk.MIXED[0] * a.size
        if b.x - end - natural > LOOSE_EM * a.size + 1e-6:
            return True
    return False


def _offsets(line, text: str, runs) -> list[tuple[int | None, int | None]]:
    """(offset of the first, offset of the last character) of each run in `text`.

    The runs' characters are the line's non-space characters in order, plus
    an inserted hyphen at the end; a character not found is None.
    """
    out = []
    p = line.start
    for g in runs:
        first = last = None
        for ch in g.text:
            q = p
            while q < line.end and text[q] != ch:
                q += 1
            if q >= line.end:
                break  # an inserted hyphen: not in the text
            first = q if first is None else first
            last, p = q, q + 1
        out.append((first, last))
    return out


def _mixed(a: str, b: str, language: str) -> bool:
    """An ideograph beside a Latin letter or digit: cjk.py sets a quarter em between them."""
    wa, wb = wide_in(language, a), wide_in(language, b)
    if wa == wb or a in cjk.PUNCT or b in cjk.PUNCT:
        return False
    return (b if wa else a) not in cjk.NARROW_HUGGING


__all__ = ["LOOSE_EM", "Quality", "break_faults", "measure"]

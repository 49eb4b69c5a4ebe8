"""The small bundle every layout stage needs: layout, metrics, language, diagnostics.

Passing one `Context` instead of five parameters keeps stage signatures
short; it holds no global state and is built once per build by `build()`.

Every piece of text is composed through `set_text`, which also *records* it
for report.json: its `Quality` (quality.py) is added to `quality[article]`
("" for page furniture: masthead, folio, imprint), each emergency break
becomes a warning and each fallback character an info note, both with the
source place. Only text that is printed may be recorded, and only once:

- a caller that composes trial versions (a headline at several sizes, a
  header group for every module width the planner tries) passes
  `record=False` and calls `record()` on the version that is printed;
- `record()` counts a given `Composed` object once however often it is
  called, so drawing a memoised block twice does not count it twice.

`memo` (optional, None in a plain build) is a cross-build cache that
`typeset watch` passes in so a rebuild composes only paragraphs that
changed. It maps (runs, style, measure, language, options) to a `Composed`;
it belongs to one Metrics object (watch.py empties it when the fonts or the
layout change). A hit is returned as a fresh copy, so `record()` still
counts each printed paragraph once, and the diagnostics are made as on a miss.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .clock import Clock
from .errors import Diagnostics, Loc
from .reading.layout import Layout
from .fonts.metrics import Metrics
from .model import Run
from .reports.quality import Quality, measure
from .reading.style import Style
from .text import Composed, compose

BODY = "body"  # the style whose lines the justification numbers are about


@dataclass
class Context:
    layout: Layout
    metrics: Metrics
    language: str
    diags: Diagnostics = field(default_factory=Diagnostics)
    _reported: set = field(default_factory=set)
    cache: dict = field(default_factory=dict)  # per-build memo: (what, slug, columns) -> value
    quality: dict[str, Quality] = field(default_factory=dict)  # article slug ("" = not an article) -> totals
    _recorded: dict[int, Composed] = field(default_factory=dict)  # id -> the object, kept alive so ids stay unique
    memo: dict | None = None  # cross-build composition cache (watch.py); see the module docstring
    plan_memo: dict | None = None  # cross-build cache of page plans (pages._solve), watch.py's too
    clock: Clock = field(default_factory=Clock)  # time per stage (clock.py): composing counts as "compose"

    @property
    def level(self) -> str:
        """The Chinese prohibition level (clreq) the layout asks for."""
        return self.layout.text.get("kinsoku", "strict")

    def style(self, role: str) -> Style:
        return self.layout.styles[role]

    def set_text(self, runs: tuple[Run, ...] | str, style: Style, measure, loc: Loc | None, *,
                 indent: bool = False, what: str = "", article: str = "", record: bool = True) -> Composed:
        """Compose text and turn characters no font can draw into errors naming them and where.

        With `record` (the default) the result counts in the report under
        `article`; a trial composition passes `record=False` (see the module docstring).
        """
        with self.clock.stage("compose"):
            return self._set_text(runs, style, measure, loc, indent=indent, what=what, article=article,
                                  record=record)

    def _set_text(self, runs, style, measure, loc, *, indent, what, article, record) -> Composed:
        if isinstance(runs, str):
            runs = (Run(runs),)
        normalise = bool(self.layout.text.get("normalise_punctuation", True))
        text = self.layout.text
        key = composed = None
        if self.memo is not None and isinstance(measure, (int, float)):
            key = (runs, style, float(measure), self.language, indent, normalise, self.level,
                   text.get("punctuation"), bool(text.get("hanging", False)))
            composed = self.memo.get(key)
        if composed is None:
            composed = compose(runs, style, self.metrics, measure, self.language, indent=indent,
                               normalise_text=normalise, level=self.level, punctuation=text.get("punctuation"),
                               hanging=bool(text.get("hanging", False)))
            if key is not None:
                self.memo[key] = composed
        if key is not None:
            composed = replace(composed)  # a distinct object per use: record() counts by identity
        for miss in composed.missing:
            key = (miss.char, loc)
            if key in self._reported:
                continue
            self._reported.add(key)
            self.diags.error(
                f"no font can draw '{miss.char}' (U+{ord(miss.char):04X}) in {what or style.name}",
                loc,
                f"add a face that has it to the '{miss.role}' chain in fonts/fonts.yaml, or replace the character",
            )
        if record:
            self.record(composed, style, loc, what=what, article=article)
        return composed

    def record(self, composed: Composed, style: Style, loc: Loc | None, *, what: str = "",
               article: str = "") -> Quality | None:
        """Count printed text in the report; returns its Quality, or None if it was counted before.

        Only body text (style "body") counts toward the justification numbers;
        everything counts for prohibition violations, fallbacks and emergency breaks.
        """
        if id(composed) in self._recorded:
            return None
        self._recorded[id(composed)] = composed
        where = f"{loc.file.name}:{loc.line}" if loc and loc.line else (loc.file.name if loc else what)
        q = measure(composed, style, self.language, self.level, metrics=self.metrics,
                    justified=style.name == BODY and style.align == "justify", where=where)
        if style.name != BODY and len(composed.lines) > 1:  # display text that wraps
            q = replace(q, **self._display_counts(composed))
        self.quality[article] = self.quality.get(article, Quality()) + q
        name = what or style.name
        if composed.overfull:  # one warning per paragraph, naming every line
            first = composed.lines[composed.overfull[0]]
            numbers = ", ".join(str(n + 1) for n in composed.overfull)
            self.diags.warning(
                f"line{'s' if len(composed.overfull) > 1 else ''} {numbers} of {name} "
                f"{'were' if len(composed.overfull) > 1 else 'was'} broken in an emergency: "
                f"nothing legal fit the measure ({composed.text[first.start:first.end]}...)",
                loc,
                "a word, number or URL longer than the line, or marks that may not be split: "
                "shorten it, add a break point (a space or hyphen), or widen the module",
            )
        for fb in composed.fallbacks:
            key = ("fallback", fb.char, fb.face, loc)
            if key in self._reported:
                continue
            self._reported.add(key)
            family = getattr(self.metrics, "family", None)
            self.diags.info(
                f"'{fb.char}' (U+{ord(fb.char):04X}) in {name} is set in {family(fb.face) if family else fb.face}, "
                f"a fallback of the '{fb.role}' role",
                loc,
            )
        return q

    def _display_counts(self, composed: Composed) -> dict[str, int]:
        """Lines of wrapped display text, those broken as text/display.py breaks them, and those that
        break its rules: a line of one or two characters, or one ending inside a word."""
        from .text import cjk
        from .text.display import candidates

        text, lines = composed.text, composed.lines
        allowed = candidates(text, self.language.startswith("zh"), cjk.level_for(self.language, self.level))
        broken = sum(1 for i, ln in enumerate(lines) if len(text[ln.start:ln.end].strip()) < 3 or (
            i + 1 < len(lines) and ln.end not in allowed and lines[i + 1].start not in allowed))
        balanced = len(lines) if ("balanced", id(composed)) in self.cache else 0
        return {"display_lines": len(lines), "display_balanced": balanced, "display_broken": broken}

    def quality_total(self) -> Quality:
        """Everything recorded so far, articles and page furniture."""
        total = Quality()
        for key in sorted(self.quality):
            total = total + self.quality[key]
        return total

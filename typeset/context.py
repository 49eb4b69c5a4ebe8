"""The small bundle every layout stage needs: layout, metrics, language, diagnostics.

Passing one `Context` instead of five parameters keeps stage signatures
short; it holds no global state and is built once per build by `build()`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Diagnostics, Loc
from .layout import Layout
from .metrics import Metrics
from .model import Run
from .style import Style
from .text import Composed, compose


@dataclass
class Context:
    layout: Layout
    metrics: Metrics
    language: str
    diags: Diagnostics = field(default_factory=Diagnostics)
    _reported: set = field(default_factory=set)
    cache: dict = field(default_factory=dict)  # per-build memo: (what, slug, columns) -> value

    def style(self, role: str) -> Style:
        return self.layout.styles[role]

    def set_text(self, runs: tuple[Run, ...] | str, style: Style, measure, loc: Loc | None, *,
                 indent: bool = False, what: str = "") -> Composed:
        """Compose text and turn characters no font can draw into errors naming them and where."""
        if isinstance(runs, str):
            runs = (Run(runs),)
        normalise = bool(self.layout.text.get("normalise_punctuation", True))
        composed = compose(runs, style, self.metrics, measure, self.language, indent=indent,
                           normalise_text=normalise, level=self.layout.text.get("kinsoku", "strict"))
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
        return composed

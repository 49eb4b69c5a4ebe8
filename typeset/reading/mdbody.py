"""The Markdown subset of article bodies and the imprint: text lines -> Paragraphs.

Contract:
- Paragraphs are separated by blank lines (lines of only whitespace).
- A line `### text` is a subhead (Paragraph kind "subhead"); it stands alone,
  so it also ends a paragraph written directly above it (as in CommonMark).
  A closing run of `#` (`### text ###`) is dropped.
- `**bold**` becomes Run(bold=True); an unmatched `**` is kept as literal
  text and reported as a warning. Bold may span the lines of a paragraph.
- The lines of a paragraph are stripped and joined: in English with one
  space; in Chinese with nothing, except one space where both sides of the
  break are narrow (Latin letters or digits), so "New\\nYork" stays two words.
- Any other Markdown (`#`, `*`, links, lists...) is kept as literal text.
- Each Paragraph's loc is the line of its first line in the file.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import Diagnostics, Loc
from ..model import Paragraph, Run

_SUBHEAD = re.compile(r"^###[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
BOLD = "**"


def parse_body(lines: list[str], first_line: int, path: Path, chinese: bool,
               diags: Diagnostics) -> tuple[Paragraph, ...]:
    """Parse body `lines`; `lines[0]` is line `first_line` of `path`."""
    paras: list[Paragraph] = []
    for kind, start, block in _blocks(lines):
        line_no = first_line + start
        text = block[0] if kind == "subhead" else join_lines(block, chinese)
        if not text:
            diags.warning("empty subhead '###' is ignored", Loc(path, line_no),
                          "write the subhead text after '### ' or delete the line")
            continue
        runs, unmatched = parse_runs(text)
        if unmatched:
            at = line_no + _last_line_with(block, BOLD)
            diags.warning("unmatched '**' is printed as it is", Loc(path, at),
                          "close the bold text with another '**', or remove the '**'")
        if runs:  # a paragraph of only '****' has no text to set
            paras.append(Paragraph(runs, Loc(path, line_no), kind))
    return tuple(paras)


def _blocks(lines: list[str]):
    """Yield (kind, index of first line, lines) for each paragraph or subhead."""
    block: list[str] = []
    start = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        heading = _SUBHEAD.match(line)
        if heading or not line:
            if block:
                yield "para", start, block
                block = []
            if heading:
                yield "subhead", i, [heading.group(1).strip()]
            continue
        if not block:
            start = i
        block.append(line)
    if block:
        yield "para", start, block


def join_lines(lines: list[str], chinese: bool) -> str:
    """Join the stripped lines of one paragraph (see the module contract)."""
    parts = [ln.strip() for ln in lines if ln.strip()]
    if not parts:
        return ""
    if not chinese:
        return " ".join(parts)
    out = parts[0]
    for part in parts[1:]:
        if not _wide(out[-1]) and not _wide(part[0]):
            out += " "
        out += part
    return out


def _wide(ch: str) -> bool:
    # Ambiguous-width characters (“ ” — …) count as wide: in Chinese text
    # they are full-width punctuation, and no space belongs next to them.
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


def parse_runs(text: str) -> tuple[tuple[Run, ...], bool]:
    """Split `**bold**` into runs; return (runs, True if a `**` was left unmatched)."""
    parts = text.split(BOLD)
    unmatched = len(parts) % 2 == 0  # an odd number of `**`
    if unmatched:
        parts[-2:] = [parts[-2] + BOLD + parts[-1]]
    runs: list[Run] = []
    for i, part in enumerate(parts):
        if not part:
            continue
        bold = i % 2 == 1
        if runs and runs[-1].bold == bold:
            runs[-1] = Run(runs[-1].text + part, bold)
        else:
            runs.append(Run(part, bold))
    return tuple(runs), unmatched


def _last_line_with(block: list[str], needle: str) -> int:
    for i in range(len(block) - 1, -1, -1):
        if needle in block[i]:
            return i
    return 0

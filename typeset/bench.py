"""`make bench`: build throughput, and a ratio against a baseline measured in the same run.

The machine is shared and noisy, so absolute times mean little; the ratio
to a baseline run in the same process at the same moment does. The
baseline is the least work that produces the same PDF text: every
article's characters drawn with reportlab in fixed 12-character lines
with the same embedded fonts, no composition or planning. The ratio says
what the engine's composition, planning and drawing cost on top of
writing the PDF.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import FONTS_CONFIG, PROJECT, build

SAMPLES = ("2025-04-15-gongan", "2024-11-05-dispatch")


def _baseline(issue_dir: Path, fonts, out: Path) -> None:
    from reportlab.pdfgen import canvas

    from .source import read_issue

    issue = read_issue(issue_dir)
    role = "song" if issue.is_chinese else "latin-serif"
    text = "".join(p.text for a in issue.articles.values() for p in a.body)
    face = fonts.face_for(role, "中" if issue.is_chinese else "a")
    name = fonts.register_pdf(face)
    c = canvas.Canvas(str(out / "baseline.pdf"), invariant=1, initialFontName=name)
    y = 800
    for i in range(0, len(text), 12):
        chunk = text[i:i + 12]
        c.setFont(fonts.register_pdf(fonts.face_for(role, chunk[0]) or face), 9)
        c.drawString(40, y, chunk)
        y -= 13
        if y < 40:
            c.showPage()
            y = 800
    c.save()


def main() -> int:
    from .fonts import FontSet

    fonts = FontSet.load(FONTS_CONFIG, search_dirs=[FONTS_CONFIG.parent])
    rounds = 3
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for name in SAMPLES:
            issue_dir = PROJECT / "issues" / name
            engine, base = [], []
            pages = chars = 0
            for _ in range(rounds):
                t = time.perf_counter()
                built = build(issue_dir, out, metrics=fonts)
                engine.append(time.perf_counter() - t)
                t = time.perf_counter()
                _baseline(issue_dir, fonts, out)
                base.append(time.perf_counter() - t)
                pages = len(built.pages)
                chars = sum(len(p.text) for a in built.issue.articles.values() for p in a.body)
            e, b = statistics.median(engine), statistics.median(base)
            print(f"{name}: {pages} pages, {chars} characters; engine {e:.2f} s "
                  f"({pages / e:.2f} pages/s, {chars / e:.0f} chars/s); baseline {b:.2f} s; "
                  f"ratio engine/baseline {e / b:.2f} (median of {rounds})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

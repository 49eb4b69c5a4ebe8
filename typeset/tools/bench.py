"""`make bench`: composer and build throughput, each against a baseline measured in the same run.

The machine is shared and noisy, so absolute times mean little; the ratio
to a baseline run in the same process at the same moment does.

Composer: every body paragraph of the Chinese sample, repeated to about
200,000 characters, composed in the tabloid-zh body style at its column
width (11 em of 8 pt = 88 pt) with the real fonts; it prints characters
per second and the prohibition violations at the layout's level (must be
0). The baseline is reportlab's own `Paragraph(wordWrap='CJK')` wrapping
the same text in the same face, size, leading, first-line indent and
width; its violations are counted by the same checker. reportlab runs as
the project installs it: without its optional C accelerator (the rl_accel
package), so it measures string widths in Python, and the bench says so.
Both sides get the text normalised beforehand (compose with
normalise_text=False; reportlab its escaped markup), so each is timed on
setting it alone. Both run five
rounds, interleaved slice by slice (CHUNK paragraphs, the first side
alternating) so that the machine's bursts of noise fall on both alike; the
times printed are the medians of the rounds, and the spread of the
per-round ratios says how much the noise still moved them.

Build: the least work that produces the same PDF text, every article's
characters drawn with reportlab in fixed 12-character lines with the same
embedded fonts, no composition or planning. The ratio says what the
engine's composition, planning and drawing cost on top of writing the PDF.
"""
from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from .. import FONTS_CONFIG, LAYOUTS, PROJECT, build

SAMPLES = ("2025-04-15-gongan", "2024-11-05-dispatch")
COMPOSER_SAMPLE = "2025-04-15-gongan"
COMPOSER_CHARS = 200_000
CHUNK = 60  # paragraphs per interleaved slice of the composer bench


def composer_bench(fonts, issue_dir: Path = PROJECT / "issues" / COMPOSER_SAMPLE,
                   target: int = COMPOSER_CHARS, rounds: int = 5) -> dict:
    """Compose the issue's body paragraphs, repeated to about `target` characters, and wrap
    the same text with reportlab's Paragraph(wordWrap='CJK'); times, rates and violations."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from ..reading.layout import find_layout, read_layout
    from ..model import Run
    from ..reports.quality import Quality, break_faults, measure
    from ..reading.source import read_issue
    from ..text import cjk, compose, normalise

    issue = read_issue(issue_dir)
    layout = read_layout(find_layout(issue.layout, issue.folder, LAYOUTS, issue.loc))
    style, width = layout.styles["body"], layout.grid.column_width
    level = layout.text.get("kinsoku", "strict")
    paras = [p for a in issue.articles.values() for p in a.body if p.kind == "para"]
    once = sum(len(p.text) for p in paras)
    paras = paras * max(1, round(target / once))
    chars = sum(len(p.text) for p in paras)

    # Both sides set the same text, normalised once beforehand (punctuation beside Chinese to full
    # width, spaces collapsed) and escaped for reportlab's markup, in the body's Song face.
    plain = [normalise(p.text, issue.language) for p in paras]
    texts = [escape(t) for t in plain]
    runs = [(Run(t),) for t in plain]
    face = fonts.face_for(style.font, "中")
    ps = ParagraphStyle(name="b", fontName=fonts.register_pdf(face), fontSize=style.size, leading=style.leading,
                        firstLineIndent=style.indent * style.size, wordWrap="CJK")
    def set_engine(part: range = range(len(runs))):
        return [compose(runs[k], style, fonts, width, issue.language, indent=True, level=level,
                        normalise_text=False) for k in part]

    def set_baseline(part: range = range(len(texts))):
        wrapped = []
        for k in part:
            para = Paragraph(texts[k], ps)
            para.wrap(width, 1e9)
            wrapped.append(para)
        return wrapped

    # Interleaved in slices of CHUNK paragraphs (a few hundredths of a second each), the side that goes
    # first alternating, so a burst of the machine's noise falls on both sides alike. A slice's results
    # are dropped before the next slice: neither side holds the other's objects for the garbage
    # collector to walk. The results are checked afterwards, outside the timing.
    parts = [range(k, min(k + CHUNK, len(paras))) for k in range(0, len(paras), CHUNK)]
    engine, base = [], []
    for _ in range(rounds):
        gc.collect()
        te = tb = 0.0
        for i, part in enumerate(parts):
            for side in ((set_engine, set_baseline) if i % 2 == 0 else (set_baseline, set_engine)):
                t = time.perf_counter()
                side(part)
                dt = time.perf_counter() - t
                if side is set_engine:
                    te += dt
                else:
                    tb += dt
        engine.append(te)
        base.append(tb)
    composed, wrapped = set_engine(), set_baseline()
    quality = Quality()
    for c in composed:
        quality = quality + measure(c, style, issue.language, level, metrics=fonts)

    lv = cjk.level_for(issue.language, level)
    base_violations = base_lines = 0
    for para in wrapped:
        lines = ["".join(w for w in words) for _, words in para.blPara.lines]
        base_lines += len(lines)
        joined = "".join(lines)
        bound = cjk.never_split(joined)
        end = 0
        for line, nxt in pairwise(lines):
            end += len(line)
            if line and nxt and break_faults(joined, end - 1, end, lv, bound):
                base_violations += 1
    return {"paragraphs": len(paras), "chars": chars, "level": level, "width": width,
            "engine_s": statistics.median(engine), "baseline_s": statistics.median(base), "rounds": rounds,
            "round_ratios": sorted(e / b for e, b in zip(engine, base)),
            "quality": quality,
            "baseline_lines": base_lines, "baseline_violations": base_violations}


def _baseline(issue_dir: Path, fonts, out: Path) -> None:
    from reportlab.pdfgen import canvas

    from ..reading.source import read_issue

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


def _accelerated() -> bool:
    """Is reportlab's optional C accelerator (the rl_accel package, module _rl_accel) installed?"""
    import importlib.util

    return importlib.util.find_spec("_rl_accel") is not None


def main() -> int:
    from .._pure import COMPILED_MODULES, compiled_modules
    from ..fonts.fontset import FontSet

    fonts = FontSet.load(FONTS_CONFIG, search_dirs=[FONTS_CONFIG.parent])
    r = composer_bench(fonts)
    q = r["quality"]
    e, b = r["engine_s"], r["baseline_s"]
    print(f"composer: {r['paragraphs']} paragraphs of {COMPOSER_SAMPLE}, {r['chars']} characters, "
          f"{r['width']:g} pt column")
    built = len(compiled_modules())
    print(f"  engine   {e:.2f} s, {r['chars'] / e:,.0f} chars/s "
          f"({f'{built} of {len(COMPILED_MODULES)} composer modules compiled' if built else 'pure Python'}); "
          f"{q.lines} lines, "
          f"{q.violations} prohibition violations ({r['level']}), {q.emergency} emergency breaks, "
          f"{q.not_justified} lines not justified, {q.loose_lines} loose lines, "
          f"mean ratio {q.ratio_mean or 0:.3f}, max {q.ratio_max or 0:.2f}")
    for example in q.violation_examples:
        print(f"    {example}")
    print(f"  baseline {b:.2f} s, {r['chars'] / b:,.0f} chars/s (reportlab Paragraph wordWrap='CJK', "
          f"{'with' if _accelerated() else 'without'} its C accelerator rl_accel); "
          f"{r['baseline_lines']} lines, {r['baseline_violations']} prohibition violations ({r['level']})")
    spread = r["round_ratios"]
    print(f"  ratio engine/baseline {e / b:.2f} (time, median of {r['rounds']}; per round {spread[0]:.2f} to "
          f"{spread[-1]:.2f})")
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

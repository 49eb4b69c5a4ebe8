"""`make bench`, whole-build part: `typeset build` end to end against Typst, and a warm rebuild.

The issue is the 16-page repeated sample (bench_planner.sixteen_pages:
the Chinese sample's four pages four times over). Both sides run as a
night editor runs them, a fresh process per build, with the machine's
caches warm (fonts converted and parsed, the word dictionary made: what
any build after the first on a machine finds) and no build cache:

- typeset: `python -m typeset build ISSUE --no-cache` (read, compose,
  plan, draw, write every PDF, preflight), with the cores it finds;
- Typst (the `typst` package from PyPI, a bench-only dependency): the same
  body text, every paragraph of every article, set as one justified
  galley in the body face, size, leading, indent and column width, in a
  fresh Python process that imports typst and compiles to a PDF file.

Typst's galley is the least a layout engine must do with that text (no
grid, no planning, no display type, no preflight), so the ratio says what
the whole newspaper costs over setting its text with the fastest modern
typesetter. Rounds alternate the two sides; the medians are printed, with
typeset's own stage times from its timings.json.

Warm rebuild: one article of the issue changes (a clause added to a
sentence), and `typeset build` runs again with the build cache its
previous build left (build_cache.py), against a cold build (--no-cache) of
the same edited issue, both fresh processes, alternating each round.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import FONTS_CONFIG, LAYOUTS, PROJECT
from .bench_planner import SAMPLES, sixteen_pages

TYPST_RUN = r"""
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=sys.argv[3:], ignore_system_fonts=True)
"""


def galley_source(issue_dir: Path, fonts) -> tuple[str, list[str]]:
    """Typst markup setting every body paragraph of the issue as the layout's body style does, and
    the folders of the faces it names."""
    from ..reading.layout import find_layout, read_layout
    from ..reading.source import read_issue

    issue = read_issue(issue_dir)
    layout = read_layout(find_layout(issue.layout, issue.folder, LAYOUTS, issue.loc))
    style = layout.styles["body"]
    face = fonts.face_for(style.font, "中")
    latin = fonts.face_for(style.latin_font, "a")
    paras = [p.text for a in issue.articles.values() for p in a.body if p.kind == "para"]
    escaped = ["".join("\\" + c if c in "\\#*_`$<>@[]=-+/~\"'" else c for c in p) for p in paras]
    src = (f"#set page(width: {layout.grid.column_width + 20:g}pt, height: auto, margin: 10pt)\n"
           f'#set text(font: ("{fonts.family(latin)}", "{fonts.family(face)}"), size: {style.size:g}pt, lang: "zh")\n'
           f"#set par(justify: true, first-line-indent: (amount: {style.indent:g}em, all: true), "
           f"leading: {style.leading - style.size:g}pt)\n\n" + "\n\n".join(escaped) + "\n")
    folders = sorted({str(fonts.path(f).parent) for f in (face, latin)})
    return src, folders


def _run(cmd: list[str], **kw) -> float:
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - t
    if done.returncode:
        raise RuntimeError(f"{' '.join(cmd[:4])}... failed: {done.stderr[-1500:]}")
    return elapsed


def _typeset(issue: Path, out: Path, *flags: str) -> float:
    return _run([sys.executable, "-m", "typeset", "build", str(issue), "--out", str(out), *flags])


def edit_one_article(issue: Path, on: bool) -> None:
    """Add (on) or take back (off) a clause in the first sentence of the issue's first article."""
    md = sorted((issue / "articles").glob("*.md"))[0]
    text = md.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    clause = "，记者获悉"
    if on and clause not in body:
        at = body.index("。")
        body = body[:at] + clause + body[at:]
    elif not on:
        body = body.replace(clause, "", 1)
    md.write_text(head + "\n---\n" + body, encoding="utf-8")


def main(rounds: int = 3) -> int:
    import shutil

    from ..build_cache import BuildCache
    from ..fonts.fontset import FontSet

    try:
        import typst  # noqa: F401
    except ImportError:
        typst = None
    fonts = FontSet.load(FONTS_CONFIG, search_dirs=[FONTS_CONFIG.parent])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        issue = sixteen_pages(PROJECT / "issues" / SAMPLES[0], tmp / "issue")
        src, folders = galley_source(issue, fonts)
        (tmp / "galley.typ").write_text(src, encoding="utf-8")
        chars = sum(len(p) for p in src.split("\n\n")[1:])
        _typeset(issue, tmp / "warmup", "--no-cache")  # the machine's caches (fonts, words), once
        ours, theirs, stages = [], [], []
        for r in range(rounds):
            sides = ("ours", "typst") if r % 2 == 0 else ("typst", "ours")
            for side in sides:
                if side == "ours":
                    ours.append(_typeset(issue, tmp / "out", "--no-cache"))
                    timings = json.loads((tmp / "out" / issue.name / "timings.json").read_text(encoding="utf-8"))
                    stages.append(timings["stages_s"])
                elif typst is not None:
                    theirs.append(_run([sys.executable, "-c", TYPST_RUN, str(tmp / "galley.typ"),
                                        str(tmp / "galley.pdf"), *folders]))
        e = statistics.median(ours)
        mid = stages[ours.index(sorted(ours)[len(ours) // 2])]
        line = (f"build {issue.name}: 16 pages, {chars} characters of body text; typeset build (fresh process, "
                f"--jobs {len(os.sched_getaffinity(0))}, no build cache) {e:.2f} s "
                f"[{', '.join(f'{k} {v:.2f}' for k, v in mid.items())}]")
        if theirs:
            t = statistics.median(theirs)
            line += (f"; baseline Typst {typst_version()} galley of the same text (fresh process) {t:.2f} s; "
                     f"ratio typeset/Typst {e / t:.2f} (median of {rounds}, same run)")
        else:
            line += "; Typst not installed (pip install 'typeset[bench]'), not measured"
        print(line)

        _typeset(issue, tmp / "rebuild")  # the build the nightly rebuild starts from
        warm, cold = [], []
        for r in range(rounds):
            edit_one_article(issue, on=(r % 2 == 0))
            if r % 2 == 0:
                warm.append(_typeset(issue, tmp / "rebuild"))
                cold.append(_typeset(issue, tmp / "cold", "--no-cache"))
            else:
                cold.append(_typeset(issue, tmp / "cold", "--no-cache"))
                warm.append(_typeset(issue, tmp / "rebuild"))
        same = all((tmp / "rebuild" / issue.name / f).read_bytes() == (tmp / "cold" / issue.name / f).read_bytes()
                   for f in os.listdir(tmp / "cold" / issue.name) if f.endswith(".pdf"))
        w, c = statistics.median(warm), statistics.median(cold)
        print(f"rebuild after one article changed: warm (build cache) {w:.2f} s; baseline cold build {c:.2f} s; "
              f"ratio warm/cold {w / c:.2f} (median of {rounds}, same run); "
              f"same bytes as the cold build: {'yes' if same else 'NO'}")
        shutil.rmtree(BuildCache(issue, FONTS_CONFIG).folder, ignore_errors=True)  # a temporary issue's
    return 0


def typst_version() -> str:
    from importlib.metadata import version

    return version("typst")


if __name__ == "__main__":
    sys.exit(main())

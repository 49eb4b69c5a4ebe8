"""`make bench`, planner part: planning time per page for the samples and a 16-page issue.

The 16-page issue is the Chinese sample's four pages four times over (each
copy's articles renamed, its front page made an inside page, its jumps
pointing into its own copy), so it is real text on real templates, just
more of it. For each issue it prints the pages, the planner's solve time per
page (mean and worst, from the planner's own timings) and the whole layout
time (compose, plan, draw; no PDF). The baseline, measured in the same run,
is composing the same articles alone: the ratio says what planning and
drawing cost on top of setting the text. Run: `python -m typeset.tools.bench_planner`.
"""
from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .. import FONTS_CONFIG, PROJECT, lay_out

SAMPLES = ("2025-04-15-gongan", "2024-11-05-dispatch")
BASELINE_REF = "f7576281fc54faab2b804c4dcf4e93a42bf8cf89"  # the page-by-page planner with re-plans, before the issue-level one

# Run in a subprocess with a tree on PYTHONPATH: the planner's time on one issue, less composing.
PLANNER_TIMER = r"""
import json, sys, time
from pathlib import Path
# The tree on PYTHONPATH only: the editable install's finder would otherwise serve this checkout's
# modules for any name the tree measured lacks (typeset.planning.issue, typeset.fonts.fontset...).
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
import typeset
from typeset import FONTS_CONFIG
from typeset.context import Context
try:  # the tree measured may be this one or the baseline, from before the packages per stage
    from typeset.fonts.fontset import FontSet
except ImportError:
    from typeset.fonts import FontSet
try:  # where plan_issue lives: planning/issue.py now, pages.py before the issue-level planner
    import typeset.planning.issue as pages
except ImportError:
    import typeset.pages as pages
fonts = FontSet.load(FONTS_CONFIG, search_dirs=[FONTS_CONFIG.parent])
clock = {"plan": 0.0, "body": 0.0, "text": 0.0, "inside": False}
def timed(function, name):
    def run(*args, **kwargs):
        t = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            clock[name] += time.perf_counter() - t
    return run
compose_story, set_text, plan_issue = pages.compose_story, Context.set_text, pages.plan_issue
pages.compose_story = timed(compose_story, "body")
depth = [0]
def text_time(function):  # time setting text inside the planner, once however the calls nest
    def run(*args, **kwargs):
        if not clock["inside"] or depth[0]:
            return function(*args, **kwargs)
        depth[0] += 1
        t = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            depth[0] -= 1
            clock["text"] += time.perf_counter() - t
    return run
Context.set_text = text_time(set_text)
try:
    import typeset.articles.article as article
except ImportError:
    import typeset.article as article
if hasattr(article, "balanced"):  # display lines broken between words (jieba): text setting too
    article.balanced = text_time(article.balanced)
def planning(*args, **kwargs):
    clock["inside"] = True
    try:
        return timed(plan_issue, "plan")(*args, **kwargs)
    finally:
        clock["inside"] = False
pages.plan_issue = planning
out = []
for issue in sys.argv[1:]:
    clock.update(plan=0.0, body=0.0, text=0.0)
    built = typeset.lay_out(Path(issue), metrics=fonts)
    out.append({"planner_s": clock["plan"] - clock["text"], "with_display_s": clock["plan"] - clock["body"],
                "pages": len(built.pages), "worst_ms": max(p.score.get("solve_ms", 0.0) for p in built.pages),
                "fill": [p.score.get("fill") for p in built.pages]})
print(json.dumps(out))
"""


def sixteen_pages(sample: Path, out: Path, copies: int = 4) -> Path:
    """An issue of `copies` x the sample's pages, written under `out`."""
    folder = out / f"{sample.name}-x{copies}"
    folder.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(sample, folder)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    head, pages = text.split("pages:\n", 1)
    first = int(re.search(r"first_page: (\d+)", head).group(1))
    per_copy = pages.count("- template:")
    blocks = []
    for c in range(copies):
        block = pages if c == 0 else pages.replace("template: front", "template: inside")
        if c:
            block = re.sub(r"\[([^\]]*)\]", lambda m: "[" + ", ".join(
                f"{s.strip()}-{c}" for s in m.group(1).split(",")) + "]", block)
            for md in sorted((sample / "articles").glob("*.md")):
                body = md.read_text(encoding="utf-8")
                body = re.sub(r"continues_on: (\d+)", lambda m: f"continues_on: {int(m.group(1)) + c * per_copy}", body)
                (folder / "articles" / f"{md.stem}-{c}.md").write_text(body, encoding="utf-8")
        blocks.append(block)
    (folder / "issue.yaml").write_text(head + "pages:\n" + "".join(blocks), encoding="utf-8")
    assert first >= 1
    return folder


def measure(issue_dir: Path, fonts, rounds: int = 3) -> dict:
    from ..articles.article import compose_story
    from ..context import Context
    from ..reading.layout import find_layout, read_layout
    from ..reading.source import read_issue

    layout_s, compose_s, plans = [], [], []
    for _ in range(rounds):
        t = time.perf_counter()
        built = lay_out(issue_dir, metrics=fonts)
        layout_s.append(time.perf_counter() - t)
        plans.append([p.score.get("solve_ms", 0.0) for p in built.pages])
        issue = read_issue(issue_dir)
        layout = read_layout(find_layout(issue.layout, issue.folder, PROJECT / "layouts", issue.loc))
        ctx = Context(layout, fonts, issue.language)
        t = time.perf_counter()
        for article in issue.articles.values():
            compose_story(article, ctx)
        compose_s.append(time.perf_counter() - t)
    per_page = plans[-1]
    return {"pages": len(per_page), "plan_ms_mean": statistics.mean(per_page), "plan_ms_max": max(per_page),
            "layout_s": statistics.median(layout_s), "compose_s": statistics.median(compose_s),
            "fill": [p.score.get("fill") for p in built.pages], "rounds": rounds}


def main() -> int:
    from ..fonts.fontset import FontSet

    fonts = FontSet.load(FONTS_CONFIG, search_dirs=[FONTS_CONFIG.parent])
    with tempfile.TemporaryDirectory() as tmp:
        issues = [PROJECT / "issues" / name for name in SAMPLES]
        issues.append(sixteen_pages(PROJECT / "issues" / SAMPLES[0], Path(tmp)))
        for issue_dir in issues:
            r = measure(issue_dir, fonts)
            worst_fill = min(f for f in r["fill"] if f is not None)
            print(f"planner {issue_dir.name}: {r['pages']} pages; planning {r['plan_ms_mean']:.0f} ms a page "
                  f"(worst {r['plan_ms_max']:.0f} ms); layout {r['layout_s']:.2f} s "
                  f"({r['layout_s'] / r['pages'] * 1000:.0f} ms a page); baseline (composing alone) "
                  f"{r['compose_s']:.2f} s; ratio layout/compose {r['layout_s'] / r['compose_s']:.2f}; "
                  f"least fill {worst_fill:.1%} (median of {r['rounds']})")
    planner_bench(fonts)
    batch_bench()
    return 0


def baseline_tree(ref: str, into: Path) -> Path | None:
    """The project at git `ref`, with this tree's compiled composer where the sources are the same."""
    import subprocess

    tree = into / "baseline"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(PROJECT), "archive", ref], capture_output=True)
    if archive.returncode:
        return None
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    for so in (PROJECT / "typeset" / "text").glob("*.so"):
        source = so.name.split(".")[0] + ".py"
        ours, theirs = PROJECT / "typeset" / "text" / source, tree / "typeset" / "text" / source
        if theirs.exists() and ours.read_bytes() == theirs.read_bytes():
            shutil.copy2(so, tree / "typeset" / "text" / so.name)
    return tree


def time_planner(tree: Path, issues: list[Path]) -> list[dict]:
    import json
    import os
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(tree))
    result = subprocess.run([sys.executable, "-c", PLANNER_TIMER, *map(str, issues)], env=env, cwd=str(tree),
                            capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def planner_bench(fonts, rounds: int = 3) -> None:
    """The planner on the 16-page issue against BASELINE_REF's, then its scaling with pages."""
    with tempfile.TemporaryDirectory() as tmp:
        sixteen = sixteen_pages(PROJECT / "issues" / SAMPLES[0], Path(tmp))
        base = baseline_tree(BASELINE_REF, Path(tmp))
        ours, theirs = [], []
        for _ in range(rounds):
            ours.append(time_planner(PROJECT, [sixteen])[0])
            if base is not None:
                theirs.append(time_planner(base, [sixteen])[0])
        now = statistics.median(r["planner_s"] for r in ours)
        now_display = statistics.median(r["with_display_s"] for r in ours)
        worst = max(r["worst_ms"] for r in ours)
        line = (f"planner, {ours[0]['pages']}-page issue: {now * 1000:.0f} ms less composing "
                f"({now_display * 1000:.0f} ms with the display type it composes; worst page {worst:.0f} ms, "
                f"least fill {min(f for f in ours[0]['fill'] if f is not None):.1%})")
        before = statistics.median(r["planner_s"] for r in theirs) if theirs else 0.0
        if before > 0:
            before_display = statistics.median(r["with_display_s"] for r in theirs)
            line += (f"; baseline {BASELINE_REF[:8]} {before * 1000:.0f} ms ({before_display * 1000:.0f} ms; least "
                     f"fill {min(f for f in theirs[0]['fill'] if f is not None):.1%}); ratio {now / before:.3f} "
                     f"({now_display / before_display:.3f} with display type; median of {rounds}, same run)")
        else:
            line += f"; baseline {BASELINE_REF[:8]} not measured (not in this clone's git history, or its planner not found)"
        print(line)
        folders = [sixteen_pages(PROJECT / "issues" / SAMPLES[0], Path(tmp) / f"s{c}", copies=c) for c in (1, 2, 8)]
        scaled = time_planner(PROJECT, [folders[0], folders[1], sixteen, folders[2]])
        print("planner scaling: " + "; ".join(
            f"{r['pages']} pages {r['planner_s'] * 1000:.0f} ms ({r['planner_s'] * 1000 / r['pages']:.1f} ms a page, "
            f"worst {r['worst_ms']:.0f} ms)" for r in scaled))


def batch_bench() -> None:
    """Wall time of a batch build of both samples (PDFs, preflight and all) with one and two jobs."""
    import io

    from .. import FONTS_CONFIG as fonts, LAYOUTS
    from .batch import build_many

    issues = [PROJECT / "issues" / name for name in SAMPLES]
    times = {}
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            code = build_many(issues, Path(tmp), LAYOUTS, fonts, jobs=jobs, stream=io.StringIO())
            times[jobs] = time.perf_counter() - t
            assert code == 0, "the samples must build"
    print(f"batch build of both samples: --jobs 1 {times[1]:.1f} s, --jobs 2 {times[2]:.1f} s; "
          f"ratio {times[2] / times[1]:.2f}")


if __name__ == "__main__":
    sys.exit(main())

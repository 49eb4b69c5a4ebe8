"""The compiled composer and its pure-Python sources set every paragraph the same.

setup.py compiles the modules in typeset/_pure.py with Cython from the same
`.py` files, with C types from the `.pxd` files beside them; a C type, an
integer that no longer overflows into a long, or a float rounded differently
would change a line. So a subprocess composes the same paragraphs twice, once
with TYPESET_PURE=1 (the `.py` files) and once without (the `.so` files where
built), and the two digests of every composition's repr (floats and all) must
be equal: every body paragraph of both sample issues in every style of their
layout at three measures and two prohibition levels, then random mixes of
Chinese, marks, Latin words, digits and spaces with random options (item
path, hanging, punctuation styles, narrow measures). Both runs use one hash
seed, so a difference is the build's and not a set's order.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from typeset._pure import COMPILED_MODULES, compiled_path, stale_modules

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r'''
import hashlib, json, random, time
from typeset import FONTS_CONFIG, LAYOUTS, PROJECT
from typeset._pure import compiled_modules
from typeset.fonts.fontset import FontSet
from typeset.reading.layout import find_layout, read_layout
from typeset.model import Run
from typeset.reading.source import read_issue
from typeset.text import compose

start = time.perf_counter()
fonts = FontSet.load(FONTS_CONFIG, search_dirs=[FONTS_CONFIG.parent])
out = {"samples": [], "mixed": []}  # per composition: [what, digest of its repr or the error's type, error]


def record(part, what, *args, **options):
    try:
        got, err = hashlib.sha256(repr(compose(*args, **options)).encode()).hexdigest()[:16], ""
    except Exception as e:  # the same error in both builds is the same behaviour
        got, err = f"raised {type(e).__name__}", f"{type(e).__name__}: {e}"
    out[part].append((what, got, err))


texts, styles = [], []
for name in ("2025-04-15-gongan", "2024-11-05-dispatch"):
    issue = read_issue(PROJECT / "issues" / name)
    layout = read_layout(find_layout(issue.layout, issue.folder, LAYOUTS, issue.loc))
    cw = layout.grid.column_width
    paras = [p for a in issue.articles.values() for p in a.body if p.kind == "para"]
    texts += ["".join(r.text for r in p.runs) for p in paras]
    for sname, st in sorted(layout.styles.items()):
        styles.append((f"{layout.name} {sname}", st, cw))
        for w in (cw, cw * 0.83, cw * 1.6):
            for lv in ("strict", "basic"):
                for n, p in enumerate(paras):
                    record("samples", f"{name}: paragraph {n} in {sname} at {w:.2f} pt, level {lv}",
                           p.runs if hasattr(p, "runs") else (Run(p.text),), st, fonts, w, issue.language,
                           level=lv)

rng = random.Random(20250415)
MARKS = "，。、；：？！“”‘’《》（）—…·「」,.;:?!'\"()-"
OTHER = (" ", "  ", "\u3000", "-", "/", "https://example.com/a-b_c?d=1", "2025年4月15日", "GB/T 15834")
for case in range(1500):
    pieces = []
    for _ in range(rng.randint(1, 6)):
        kind = rng.random()
        if kind < 0.6:
            t = rng.choice(texts)
            a = rng.randrange(len(t))
            pieces.append(t[a:a + rng.randint(1, 60)])
        elif kind < 0.75:
            pieces.append("".join(rng.choice(MARKS) for _ in range(rng.randint(1, 3))))
        elif kind < 0.9:
            pieces.append(str(rng.randrange(10 ** rng.randint(1, 8))))
        else:
            pieces.append(rng.choice(OTHER))
    text = "".join(pieces)
    cuts = [0, *sorted(rng.randrange(len(text) + 1) for _ in range(rng.randint(0, 2))), len(text)]
    runs = [Run(text[a:b], rng.random() < 0.3) for a, b in zip(cuts, cuts[1:]) if a < b] or [Run(text)]
    sname, st, cw = rng.choice(styles)
    w = round(cw * rng.choice((0.15, 0.5, 0.83, 1.0, 1.6, 3.0)), 2)
    odd = rng.random() < 0.15  # odd lines narrower, as beside a photo
    language = rng.choice(("zh-Hans", "zh-Hant", "en"))
    options = dict(level=rng.choice(("strict", "gb", "basic")), hanging=rng.random() < 0.3,
                   punctuation=rng.choice((None, "fullwidth", "kaiming", "halfwidth", "none")),
                   justify_last=rng.random() < 0.2, indent=rng.random() < 0.7,
                   normalise_text=rng.random() < 0.8)
    record("mixed", f"random case {case}: compose({runs!r}, <{sname}>, {w}{' (odd lines x0.7)' if odd else ''}, "
           f"{language!r}, **{options!r})",
           runs, st, fonts, (lambda n, w=w: w * (0.7 if n % 2 else 1.0)) if odd else w, language, **options)
out.update(compiled=compiled_modules(), seconds=round(time.perf_counter() - start, 1))
print(json.dumps(out))
'''


def _start(pure: bool) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "TYPESET_PURE"}
    env["PYTHONHASHSEED"] = "0"
    if pure:
        env["TYPESET_PURE"] = "1"
    return subprocess.Popen([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def runs() -> dict[str, dict]:
    """The script's results, {"pure": ..., "compiled": ...}: the two run side by side (about 45 s each)."""
    procs = {"pure": _start(True), "compiled": _start(False)}
    outputs = {name: proc.communicate(timeout=900) for name, proc in procs.items()}
    for name, proc in procs.items():
        assert proc.returncode == 0, f"the {name} run failed:\n{outputs[name][1]}"
    return {name: json.loads(out.splitlines()[-1]) for name, (out, _) in outputs.items()}


def test_no_compiled_module_is_stale():
    assert not stale_modules(), ("compiled modules older than their .py/.pxd, shadowing the edit: "
                                 f"{stale_modules()}; rebuild with `make setup` or `pip install -e .`")


def _same(runs: dict[str, dict], part: str) -> None:
    """Assert both runs composed `part` alike; a failure names the first composition that differs, and how."""
    pure, compiled = runs["pure"][part], runs["compiled"][part]
    assert len(pure) == len(compiled) > 0
    differ = [(p, c) for p, c in zip(pure, compiled) if p[1] != c[1]]
    if differ:
        (what, p, p_err), (_, c, c_err) = differ[0]
        pytest.fail(f"{len(differ)} of {len(pure)} compositions differ between the compiled build and the .py "
                    f"sources; the first, {what}:\n  pure:     {p_err or p}\n  compiled: {c_err or c}")


def test_samples_compose_the_same_compiled_and_pure(runs):
    assert len(runs["pure"]["samples"]) > 10_000
    _same(runs, "samples")


def test_random_text_composes_the_same_compiled_and_pure(runs):
    _same(runs, "mixed")


def test_pure_mode_loads_the_sources(runs):
    assert runs["pure"]["compiled"] == [], "TYPESET_PURE=1 still loaded compiled modules"


def test_compiled_modules_are_loaded(runs):
    built = [m for m in COMPILED_MODULES if compiled_path(m)]
    if not built:
        pytest.skip("the build is pure Python (no compiled module: TYPESET_PURE=1 at install, no Cython or no C "
                    "compiler; .venv/install.log says which), so there is no compiled run to compare")
    assert runs["compiled"]["compiled"] == built, "a compiled module was built but its .py was loaded"

"""`make fonts`: convert every CFF face a fonts.yaml names, in parallel, before the first build needs it.

`python -m typeset.tools.warm_fonts [fonts/fonts.yaml]`. A build converts a face on first use
anyway (about a minute a face, fonts/cff.py); doing all of them at setup, side by side, keeps
that minute out of the first build and out of the tests' time limits.
"""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..fonts.cff import truetype_copy
from ..fonts.fontset import FontConfig, FontSet


def main(argv: list[str] | None = None) -> int:
    """Warm the cache for every CFF face of the fonts.yaml given (default: the project's)."""
    args = sys.argv[1:] if argv is None else argv
    config = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "fonts" / "fonts.yaml"
    fonts = FontSet(FontConfig.read(config))
    sources = fonts.cff_sources()
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, min(len(sources), os.cpu_count() or 1))) as pool:
        jobs = [pool.submit(truetype_copy, path, index, fonts.cache) for path, index in sources]
        for (path, index), job in zip(sources, jobs):
            print(f"{path.name}#{index} -> {job.result()}")
    print(f"{len(sources)} CFF face(s) ready in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The machine's cache folder: what is worth keeping between builds and costs too much to redo.

The fonts (fonts/cff.py: CFF faces converted to TrueType, once per machine; fonts/face_cache.py:
faces as reportlab parsed them), jieba's dictionary as SQLite (text/words.py) and the builds'
memos and files (build_cache.py) live under one folder, so one variable moves them all and one
`rm -rf` empties them. Everything in it is keyed by what it was made from: a stale entry is never
used, only made again.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping


def default_cache(env: Mapping[str, str] | None = None) -> Path:
    """$TYPESET_CACHE, else $XDG_CACHE_HOME/typeset, else ~/.cache/typeset."""
    env = os.environ if env is None else env
    if env.get("TYPESET_CACHE"):
        return Path(env["TYPESET_CACHE"]).expanduser()
    base = Path(env["XDG_CACHE_HOME"]).expanduser() if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "typeset"

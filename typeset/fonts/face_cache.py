"""Opened font faces kept between builds, so a build does not parse a multi-megabyte CJK face again.

reportlab's `TTFont` parses a face's tables into Python dictionaries
(cmap, widths, glyph offsets) every time it is made: about a tenth of a
second per CJK face, most of a small build's fixed cost. What it parses
depends only on the font file, so it is kept in the cache folder
(`cache_folder.default_cache()`: $TYPESET_CACHE or ~/.cache/typeset) under
`faces/`, one pickle per face, and a warm build loads that instead.

- The key is the face's entry in fonts.yaml, the file's path, size and
  modification time, the file the glyphs come from (a CFF face's
  TrueType copy, cff.py), reportlab's version and `VERSION` here: a new
  font package, a new reportlab or a new way of opening gives a new entry,
  never a stale one.
- The font file itself is not copied into the pickle: it is mapped from
  disk (mmap) when the face is loaded, and reportlab reads the glyph
  tables it subsets through that map, as it would from its own copy.
- Entries are written atomically; an unreadable or mismatched entry is a
  miss (the face is parsed as before and the entry written again), never
  an error. A read-only cache still works, it only saves nothing.
"""
from __future__ import annotations

import hashlib
import json
import mmap
import pickle
from array import array
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import Version
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

VERSION = 2
_NOT_KEPT = ("_ttf_data", "_pdfScale")  # the file's bytes (mapped again) and a lambda (made again)
# Read only to shape text (reportlab's HarfBuzz path, which typeset does not take): unpickled if asked for.
_DEFERRED = ("glyphToChar",)


class _CachedFace(TTFontFace):
    """reportlab's face, loaded from the cache: a table only shaping reads comes in on first use, and
    a table read from the file is kept (reportlab copies the whole glyf table of a CJK face, 15 MB,
    out of the file for every 256 glyphs it subsets: a dozen times a page)."""

    def get_table(self, tag):
        tables = self.__dict__.setdefault("_tables", {})
        if tag not in tables:
            tables[tag] = TTFontFace.get_table(self, tag)
        return tables[tag]

    def __getattr__(self, name: str):
        deferred = self.__dict__.get("_deferred")
        if name in _DEFERRED and deferred is not None:
            self.__dict__.update(pickle.loads(deferred))
            del self.__dict__["_deferred"]
            return self.__dict__[name]
        raise AttributeError(name)


class _Pairs:
    """reportlab's hmetrics, a list of (advance, left side bearing) per glyph, kept as two arrays:
    subsetting only indexes it (and int()s both), and two arrays load in no time where 65,535 tuples
    take 15 ms. Advances are doubles: past numberOfHMetrics reportlab stores the scaled float."""

    def __init__(self, pairs):
        self.first = array("d", (a for a, _ in pairs))
        self.second = array("q", (b for _, b in pairs))

    def __len__(self) -> int:
        return len(self.first)

    def __getitem__(self, i: int) -> tuple[int, int]:
        return self.first[i], self.second[i]


def key(spec, path: Path) -> str | None:
    """The cache key of a face: what it was asked for as, and the file it is read from."""
    try:
        stat = path.stat()
    except OSError:
        return None
    what = [VERSION, Version, spec.id, spec.family, spec.style, str(path.resolve()), stat.st_size,
            stat.st_mtime_ns]
    return hashlib.sha256(json.dumps(what).encode()).hexdigest()[:24]


def load(cache: Path, spec, path: Path):
    """(subfont index, TTFont) from the cache, or None on a miss."""
    k = key(spec, path)
    if k is None:
        return None
    try:
        with open(cache / "faces" / f"{spec.id}-{k}.pickle", "rb") as f:
            entry = pickle.load(f)
        source = Path(entry["source"])
        if source.stat().st_size != entry["size"]:
            return None
        with open(source, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, EOFError, KeyError, TypeError, ValueError, pickle.UnpicklingError, AttributeError, ImportError):
        return None
    face = _CachedFace.__new__(_CachedFace)
    face.__dict__.update(entry["face"])
    face._ttf_data = data
    per_em = face.unitsPerEm
    face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x: x * (1000 / per_em))  # as reportlab
    ttf = TTFont.__new__(TTFont)
    ttf.__dict__.update(entry["font"])
    ttf.face = face
    ttf.state = WeakKeyDictionary()
    return entry["index"], ttf


def store(cache: Path, spec, path: Path, index: int, ttf) -> None:
    """Keep a freshly opened face; any failure to write only means the next build parses it again."""
    from ..atomic import atomic_write

    k = key(spec, path)
    if k is None:
        return
    face = {name: value for name, value in ttf.face.__dict__.items() if name not in _NOT_KEPT + _DEFERRED}
    face["_deferred"] = pickle.dumps({name: getattr(ttf.face, name) for name in _DEFERRED},
                                     protocol=pickle.HIGHEST_PROTOCOL)
    face["hmetrics"], face["glyphPos"] = _Pairs(ttf.face.hmetrics), array("q", ttf.face.glyphPos)
    font = {name: value for name, value in ttf.__dict__.items() if name not in ("face", "state")}
    source = Path(ttf.face.filename)
    try:
        entry = {"index": index, "source": str(source), "size": source.stat().st_size, "face": face, "font": font}
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        target = cache / "faces" / f"{spec.id}-{k}.pickle"
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as out:
            out.write(data)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass

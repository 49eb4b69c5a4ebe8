"""CFF-outline OpenType faces -> cached TrueType-outline copies that reportlab can embed.

reportlab's `TTFont` embeds only TrueType (glyf) outlines; the best free
Chinese faces (Debian's Noto Serif/Sans CJK collections) are CFF. This
module converts one face of such a file to quadratic TrueType outlines
with fontTools (cu2qu, at most 1 font unit of error: invisible at any
print size) and keeps the result in a cache outside the repository, so the
cost is paid once per machine and font version, not per build.

Contract:
- `truetype_copy(path, index, cache)` returns the path of a TrueType font
  equivalent to face `index` of `path`: same glyph ids, advance widths,
  cmap, names and vertical metrics, outlines converted. Only glyphs the
  face's cmap reaches (plus .notdef) get outlines; the others stay empty,
  since reportlab reaches glyphs only through the cmap. OpenType layout
  tables (GSUB, GPOS...) are dropped: reportlab does not shape text.
- The cache key is the SHA-256 of the font file, the face index and
  `CONVERTER_VERSION`, so an updated font package or converter gives a new
  entry and a stale one is never used. A file's digest is remembered in a
  small side file keyed by its size and mtime, so a warm lookup does not
  re-read 20 MB of font.
- Cache files are written to a temporary name and renamed into place:
  two builds converting at once, or one killed midway, never leave a
  truncated font behind.
- The conversion is deterministic: same input, same bytes.
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

CONVERTER_VERSION = 1
MAX_ERROR = 1.0  # font units; Noto CJK has 1000 per em, so 0.008 pt at 8 pt
_KEEP_TABLES = ("cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post")


def is_cff(font) -> bool:
    """True for a fontTools TTFont with PostScript (CFF/CFF2) outlines and no glyf table."""
    return "glyf" not in font and ("CFF " in font or "CFF2" in font)


def truetype_copy(path: Path, index: int, cache: Path) -> Path:
    """The cached TrueType conversion of face `index` of `path`, made now if missing."""
    path = Path(path)
    folder = Path(cache) / "fonts"
    digest = file_digest(path, folder)
    target = folder / f"{path.stem}-{index}-{digest[:16]}-v{CONVERTER_VERSION}.ttf"
    if target.is_file():
        return target
    data = convert(path, index)
    _write_atomically(target, data)
    return target


def convert(path: Path, index: int) -> bytes:
    """Face `index` of a CFF-outline font file as TrueType font bytes (deterministic)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(path), fontNumber=index, lazy=False, recalcTimestamp=False)
    if not is_cff(font):
        raise ValueError(f"{path} face {index} has no CFF outlines to convert")
    order = font.getGlyphOrder()
    reached = set(font.getBestCmap().values()) | {order[0]}
    outlines = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        if name in reached:
            # cubic -> quadratic; TrueType winds the other way round
            outlines[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()

    for tag in list(font.keys()):
        if tag not in _KEEP_TABLES and tag != "GlyphOrder":
            del font[tag]
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: reportlab needs none, and 65,535 'cidNNNNN' names are 1 MB
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    return buf.getvalue()


def file_digest(path: Path, folder: Path) -> str:
    """SHA-256 of the file, remembered per (path, size, mtime) in folder/digests.json."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    memo_file = folder / "digests.json"
    try:
        memo = json.loads(memo_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    if not isinstance(memo, dict):
        memo = {}
    digest = memo.get(key)
    if isinstance(digest, str) and len(digest) == 64:
        return digest
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    digest = memo[key] = h.hexdigest()
    try:
        _write_atomically(memo_file, json.dumps(memo, sort_keys=True, indent=0).encode())
    except OSError:
        pass  # a read-only cache still works; it only hashes again next time
    return digest


def _write_atomically(target: Path, data: bytes) -> None:
    from ..atomic import atomic_write

    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target) as out:
        out.write(data)

"""Opened faces kept between builds (face_cache.py): a warm load measures and embeds exactly as a
cold one, a changed font file or a broken entry is a miss, never a wrong face or an error."""
import datetime
import os
import shutil
from pathlib import Path

import pytest

from typeset.fonts import face_cache
from typeset.fonts.fontset import FontSet
from typeset.plan import PagePlan, TextRun
from typeset.render.pdf import render_pdf
from typeset.units import mm

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
pytestmark = pytest.mark.skipif(not FONT.is_file(), reason="fonts-liberation2 not installed")
TEXT = "Continued on Page 7: “quotes”, dashes — and ﬁ"


def config(folder: Path) -> Path:
    """A fonts.yaml with one role on a copy of the face in `folder` (so the test may touch the file)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FONT, folder / FONT.name)
    (folder / "fonts.yaml").write_text(
        "faces:\n  serif: {family: Liberation Serif, style: Regular, file: ./" + FONT.name + "}\n"
        "roles:\n  latin-serif: [serif]\n", encoding="utf-8")
    return folder / "fonts.yaml"


def load(cfg: Path, cache: Path) -> FontSet:
    return FontSet.load(cfg, roles=["latin-serif"], system=False, cache=cache)


def pdf_bytes(fonts: FontSet, path: Path) -> bytes:
    """The PDF drawn with this FontSet's own face (reportlab keeps one font per name per process:
    the one registered before is dropped, or it would draw and subset instead)."""
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics._fonts.pop(fonts._loaded("serif").ttf.fontName, None)
    pdfmetrics._dynFaceNames.pop(fonts._loaded("serif").ttf.face.name, None)
    fonts._loaded("serif").registered = ""
    fonts.register_pdf("serif")
    assert pdfmetrics.getFont(fonts._loaded("serif").ttf.fontName) is fonts._loaded("serif").ttf
    run = TextRun(20, 40, TEXT, "serif", 10)
    render_pdf([PagePlan(1, "t", 280, 400, mm(3), (run,))], fonts, path, title="t",
               created=datetime.date(2025, 4, 15))
    return path.read_bytes()


def test_a_warm_load_measures_and_embeds_as_a_cold_one(tmp_path):
    cfg, cache = config(tmp_path / "fonts"), tmp_path / "cache"
    cold = load(cfg, cache)
    assert len(list((cache / "faces").glob("serif-*.pickle"))) == 1
    warm = load(cfg, cache)
    assert isinstance(warm._loaded("serif").ttf.face, face_cache._CachedFace)
    assert not isinstance(cold._loaded("serif").ttf.face, face_cache._CachedFace)
    assert warm.advance("serif", TEXT, 10) == cold.advance("serif", TEXT, 10)
    assert warm.ascent("serif") == cold.ascent("serif")
    assert pdf_bytes(warm, tmp_path / "warm.pdf") == pdf_bytes(cold, tmp_path / "cold.pdf")


def test_a_changed_font_file_is_a_new_entry(tmp_path):
    cfg, cache = config(tmp_path / "fonts"), tmp_path / "cache"
    load(cfg, cache)
    font = cfg.parent / FONT.name
    stat = font.stat()
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a new version of the package
    fresh = load(cfg, cache)
    assert not isinstance(fresh._loaded("serif").ttf.face, face_cache._CachedFace)
    assert len(list((cache / "faces").glob("serif-*.pickle"))) == 2


@pytest.mark.parametrize("broken", [
    b"\x80\x05 not a pickle",
    b"ctypeset.gone\nPairs\n.",  # a class since moved to another module
])
def test_a_broken_entry_is_a_miss_and_is_written_again(tmp_path, broken):
    cfg, cache = config(tmp_path / "fonts"), tmp_path / "cache"
    load(cfg, cache)
    (entry,) = (cache / "faces").glob("serif-*.pickle")
    entry.write_bytes(broken)
    again = load(cfg, cache)
    assert not isinstance(again._loaded("serif").ttf.face, face_cache._CachedFace)
    assert again.advance("serif", TEXT, 10) > 0
    assert isinstance(load(cfg, cache)._loaded("serif").ttf.face, face_cache._CachedFace)  # rewritten

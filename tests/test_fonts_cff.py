"""CFF-outline faces: converted to TrueType once, cached by file digest, embedded as subsets with ToUnicode.

A tiny CFF font made here with fontTools keeps these tests fast and
independent of what is installed; the real Noto CJK faces are checked on
the samples (test_pdfx.py) and in test_fonts.py.
"""
import subprocess
import time

import pytest

from conftest import have
from typeset.cache_folder import default_cache
from typeset.fonts.cff import convert, file_digest, truetype_copy
from typeset.fonts.fontset import FontSet
from typeset.plan import PagePlan, TextRun
from typeset.render.pdf import render_pdf


def make_cff_font(path, family="Test CFF Sans"):
    """A CFF .otf with 'A' and 中 (drawn as boxes), and one glyph no cmap entry reaches."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fb = FontBuilder(1000, isTTF=False)
    order = [".notdef", "A", "uni4E2D", "unreached"]
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({ord("A"): "A", 0x4E2D: "uni4E2D"})
    strings = {}
    for name, (w, box) in {".notdef": (500, (50, 0, 450, 700)), "A": (600, (50, 0, 550, 700)),
                           "uni4E2D": (1000, (100, -80, 900, 800)), "unreached": (500, (0, 0, 100, 100))}.items():
        pen = T2CharStringPen(w, None)
        x0, y0, x1, y1 = box
        pen.moveTo((x0, y0))
        pen.curveTo((x0, y1 / 2), (x0, y1), (x1 / 2, y1))  # a curve, so cu2qu has work to do
        pen.lineTo((x1, y1))
        pen.lineTo((x1, y0))
        pen.closePath()
        strings[name] = pen.getCharString()
    fb.setupCFF(family.replace(" ", ""), {"FullName": family}, strings, {})
    fb.setupHorizontalMetrics({"A": (600, 50), "uni4E2D": (1000, 100), ".notdef": (500, 50), "unreached": (500, 0)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))
    return path


@pytest.fixture
def cff_font(tmp_path):
    return make_cff_font(tmp_path / "TestCFF.otf")


def test_conversion_keeps_glyphs_widths_and_cmap(cff_font):
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(convert(cff_font, 0)))
    assert "glyf" in font and "CFF " not in font
    order = font.getGlyphOrder()  # same glyph ids (post format 3: the names are not kept)
    assert len(order) == 4
    assert font.getBestCmap() == {ord("A"): order[1], 0x4E2D: order[2]}
    assert font["hmtx"][order[2]] == (1000, 100)
    glyf = font["glyf"]
    assert glyf[order[2]].numberOfContours == 1
    assert glyf[order[3]].numberOfContours == 0  # nothing reaches it: no work spent on it
    assert convert(cff_font, 0) == convert(cff_font, 0)  # deterministic bytes


def test_cache_is_keyed_by_content_and_reused(cff_font, tmp_path):
    cache = tmp_path / "cache"
    first = truetype_copy(cff_font, 0, cache)
    assert first.is_file() and first.parent == cache / "fonts"
    assert file_digest(cff_font, cache / "fonts")[:16] in first.name
    stamp = first.stat().st_mtime_ns
    assert truetype_copy(cff_font, 0, cache) == first and first.stat().st_mtime_ns == stamp
    # A changed font file (new package version) gets a new entry, never the stale one.
    make_cff_font(cff_font, family="Test CFF Sans")
    cff_font.write_bytes(cff_font.read_bytes() + b"\0\0\0\0")
    assert truetype_copy(cff_font, 0, cache) != first
    assert not list((cache / "fonts").glob(".*.tmp"))


def test_default_cache_follows_the_environment(tmp_path):
    assert default_cache({"TYPESET_CACHE": str(tmp_path)}) == tmp_path
    assert default_cache({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "typeset"


def test_a_cff_face_is_measured_embedded_and_extracted(cff_font, tmp_path):
    cfg = tmp_path / "fonts.yaml"
    cfg.write_text("faces:\n  t: {family: Test CFF Sans, file: TestCFF.otf}\nroles:\n  song: [t]\n",
                   encoding="utf-8")
    fs = FontSet.load(cfg, system=False, cache=tmp_path / "cache")
    assert fs.face_for("song", "中") == "t" and fs.face_for("song", "B") is None
    assert fs.advance("t", "中A", 10) == pytest.approx(16.0)
    assert fs.path("t") == cff_font  # reports name the real font file, not the cache
    out = tmp_path / "out.pdf"
    page = PagePlan(1, "t", 200, 100, 0, (TextRun(10, 40, "中A中", "t", 12),))
    render_pdf([page], fs, out, title="CFF", created=__import__("datetime").date(2025, 1, 1))
    if have("pdffonts"):
        rows = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                              check=True).stdout.splitlines()[2:]
        assert len(rows) == 1 and rows[0].split()[-5:-2] == ["yes", "yes", "yes"], rows
    if have("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "中A中" in text


def test_warm_cache_opens_fast(cff_font, tmp_path):
    cfg = tmp_path / "fonts.yaml"
    cfg.write_text("faces:\n  t: {family: Test CFF Sans, file: TestCFF.otf}\nroles:\n  song: [t]\n",
                   encoding="utf-8")
    FontSet.load(cfg, system=False, cache=tmp_path / "cache")
    start = time.perf_counter()
    FontSet.load(cfg, system=False, cache=tmp_path / "cache")
    assert time.perf_counter() - start < 0.5


def test_an_unwritable_cache_skips_the_face_with_a_note(cff_font, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    cfg = tmp_path / "fonts.yaml"
    cfg.write_text("faces:\n  t: {family: Test CFF Sans, file: TestCFF.otf}\n"
                   "  n: {family: Noto Sans, file: NotoSans-Regular.ttf}\nroles:\n  song: [t, n]\n",
                   encoding="utf-8")
    fs = FontSet.load(cfg, cache=blocker)
    assert fs.face_for("song", "A") == "n"
    assert any("cache" in note for note in fs.notes)

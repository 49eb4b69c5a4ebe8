"""The PDF backend on a hand-made PagePlan: embedded fonts, valid structure, exact text, same bytes, atomic."""
import datetime
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from conftest import have
from typeset.errors import BuildError
from typeset.fonts.fontset import FontSet
from typeset.plan import BoxItem, ImageItem, PagePlan, RuleItem, TextRun
from typeset.render.pdf import render_pdf
from typeset.units import Rect, mm

ROOT = Path(__file__).resolve().parent.parent
CHINESE = "中文报纸排版引擎：綦堃两位记者报道。"
LATIN = "The quick brown fox, typeset™"
DATE = datetime.date(2024, 11, 5)


@pytest.fixture(scope="module")
def fonts():
    try:
        return FontSet.load(ROOT / "fonts" / "fonts.yaml", roles=["song", "latin-serif"])
    except BuildError as e:
        pytest.skip(f"fonts not installed: {e}")


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "photo.jpg"
    grey = Image.effect_mandelbrot((900, 600), (-2, -1, 1, 1), 40)
    colour = Image.merge("RGB", (grey, grey.point(lambda v: 255 - v), grey.point(lambda v: v // 2)))
    colour.save(path, quality=90)
    return path


def plan(fonts, photo, folio=1, text=CHINESE):
    song = fonts.face_for("song", "中")
    serif = fonts.face_for("latin-serif", "T")
    items = (
        TextRun(20, 40, text, song, 10.5, article="a", role="body"),
        TextRun(20, 60, LATIN, serif, 9, char_space=0.2, article="a", role="body"),
        RuleItem(20, 70, 260, 70, width=0.5),
        BoxItem(Rect(20, 80, 100, 60), stroke=0.0, fill=0.85, width=0.75),
        ImageItem(Rect(140, 80, 120, 80), photo, (0, 0, 900, 600), article="a"),
    )
    return PagePlan(folio, "test", 280, 400, mm(3), items)


def render(fonts, pages, path):
    render_pdf(pages, fonts, path, title="Test 测试", author="typeset tests", created=DATE)


def test_pdf_structure_fonts_and_boxes(fonts, photo, tmp_path):
    out = tmp_path / "out.pdf"
    render(fonts, [plan(fonts, photo), plan(fonts, photo, 2)], out)
    if have("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    if have("pdffonts"):
        lines = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        rows = lines.splitlines()[2:]
        assert len(rows) == 2  # UMing CN and Noto Serif subsets, nothing else
        for row in rows:
            assert "Helvetica" not in row
            emb, sub, uni = row.split()[-5:-2]
            assert (emb, sub, uni) == ("yes", "yes", "yes"), row
    if have("pdfinfo"):
        info = subprocess.run(["pdfinfo", "-box", str(out)], capture_output=True, text=True, check=True).stdout
        b = mm(3)
        media = re.search(r"MediaBox:\s+([\d. ]+)", info).group(1).split()
        trim = re.search(r"TrimBox:\s+([\d. ]+)", info).group(1).split()
        bleed = re.search(r"BleedBox:\s+([\d. ]+)", info).group(1).split()
        assert [float(v) for v in media] == pytest.approx([0, 0, 280 + 2 * b, 400 + 2 * b], abs=0.01)
        assert [float(v) for v in trim] == pytest.approx([b, b, 280 + b, 400 + b], abs=0.01)
        assert bleed == media
        assert "Pages:           2" in info
        assert "CreationDate:    Tue Nov  5 00:00:00 2024" in info
    assert b"/Helvetica" not in out.read_bytes()


def test_text_comes_back_exactly_in_item_order(fonts, photo, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    out = tmp_path / "out.pdf"
    # More than 256 distinct characters: several font subsets in one run.
    many = "".join(bytes([0xB0 + i // 94, 0xA1 + i % 94]).decode("gb2312") for i in range(400))
    render(fonts, [plan(fonts, photo), plan(fonts, photo, 2, text=many)], out)
    doc = pdfium.PdfDocument(str(out))
    first = doc[0].get_textpage().get_text_range()
    assert CHINESE in first
    assert first.index(CHINESE) < first.index("The quick")
    assert "".join(doc[1].get_textpage().get_text_range().split()).startswith(many)
    doc.close()
    if have("pdftotext"):
        text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert CHINESE in text


def test_text_is_placed_at_plan_coordinates(fonts, photo, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    out = tmp_path / "out.pdf"
    render(fonts, [plan(fonts, photo)], out)
    page = pdfium.PdfDocument(str(out))[0]
    tp = page.get_textpage()
    b = mm(3)
    # The first character's box: left edge at x = 20 + bleed, baseline at y = 40 below the trim top.
    left, bottom, right, top = tp.get_charbox(0, loose=True)
    assert left == pytest.approx(20 + b, abs=1.0)
    height = page.get_height()
    baseline_pdf = height - (b + 40)
    assert bottom <= baseline_pdf + 0.5 and top > baseline_pdf + 5


def test_rendering_twice_gives_identical_bytes(fonts, photo, tmp_path):
    pages = [plan(fonts, photo), plan(fonts, photo, 2)]
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render(fonts, pages, a)
    render(fonts, pages, b)
    assert a.read_bytes() == b.read_bytes()


def test_a_failed_render_leaves_the_old_file_and_no_temp_file(fonts, photo, tmp_path):
    out = tmp_path / "issue.pdf"
    render(fonts, [plan(fonts, photo)], out)
    before = out.read_bytes()
    broken = plan(fonts, tmp_path / "missing.jpg", 2)
    with pytest.raises(BuildError):
        render(fonts, [plan(fonts, photo), broken], out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue.pdf", "photo.jpg"]


def test_a_glyph_the_face_lacks_is_an_error_not_a_blank_box(fonts, photo, tmp_path):
    out = tmp_path / "out.pdf"
    face = fonts.face_for("song", "中")
    lacking = next(c for c in "≒￣™" if fonts.missing(face, c))
    bad = PagePlan(1, "t", 200, 200, 0, (TextRun(10, 20, lacking, face, 10),))
    with pytest.raises(BuildError, match=f"U\\+{ord(lacking):04X}"):
        render(fonts, [bad], out)
    assert not out.exists() and list(tmp_path.iterdir()) == [photo]


def test_images_are_embedded_once_at_most_max_ppi(fonts, photo, tmp_path):
    if not have("pdfimages"):
        pytest.skip("pdfimages (poppler-utils) not installed")
    out = tmp_path / "out.pdf"
    render(fonts, [plan(fonts, photo), plan(fonts, photo, 2)], out)
    rows = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert len(rows) == 2
    assert len({row.split()[10] for row in rows}) == 1  # the same object on both pages
    cols = rows[0].split()
    assert cols[2] == "image" and cols[5] == "cmyk" and cols[8] == "jpeg"  # through the press profile
    assert int(cols[12]) <= 301 and int(cols[13]) <= 301  # x-ppi, y-ppi


def test_page_without_text_has_no_fonts(fonts, tmp_path):
    out = tmp_path / "out.pdf"
    render(fonts, [PagePlan(1, "t", 200, 200, 0, (RuleItem(0, 0, 200, 200),))], out)
    data = out.read_bytes()
    assert b"/FontFile2" not in data
    assert b"/Helvetica" not in data


def test_char_space_applies_to_its_own_run_only(fonts, tmp_path):
    """Tc is graphics state that outlives BT/ET: a later run without spacing must not inherit it."""
    pdfium = pytest.importorskip("pypdfium2")
    song = fonts.face_for("song", "中")
    runs = (TextRun(10, 20, "中中", song, 10, char_space=3), TextRun(10, 50, "中中", song, 10))
    out = tmp_path / "out.pdf"
    render(fonts, [PagePlan(1, "t", 200, 100, 0, runs)], out)
    tp = pdfium.PdfDocument(str(out))[0].get_textpage()
    lefts = [tp.get_charbox(i, loose=True)[0] for i in range(tp.count_chars())
             if tp.get_text_range(i, 1) == "中"]
    assert lefts[1] - lefts[0] == pytest.approx(13, abs=0.1)
    assert lefts[3] - lefts[2] == pytest.approx(10, abs=0.1)

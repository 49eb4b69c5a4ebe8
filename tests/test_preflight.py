"""The preflight: a PDF/X file the backend wrote passes; each broken rule, made by editing it, fails.

Every bad file is the good one with one thing changed (pikepdf), so each
test shows that exactly that rule is what the preflight catches.
"""
import datetime
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import have
from typeset.tools.cli import main
from typeset.errors import BuildError
from typeset.fonts.fontset import FontSet
from typeset.plan import BoxItem, ImageItem, PagePlan, RuleItem, TextRun
from typeset.preflight import Limits, preflight
from typeset.reading.print_settings import PrintSettings
from typeset.render.pdf import render_pdf
from typeset.units import Rect, mm

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fonts():
    try:
        return FontSet.load(ROOT / "fonts" / "fonts.yaml", roles=["song", "latin-serif"])
    except BuildError as e:
        pytest.skip(f"fonts not installed: {e}")


def write(fonts, path, settings=None, size=(1200, 800)):
    photo = path.parent / "photo.png"
    grey = Image.effect_mandelbrot(size, (-2, -1, 1, 1), 40)
    Image.merge("RGB", (grey, grey.point(lambda v: 255 - v), grey.point(lambda v: v // 3))).save(photo)
    song = fonts.face_for("song", "中")
    items = (TextRun(20, 40, "中文报纸排版", song, 10.5), RuleItem(20, 70, 260, 70),
             BoxItem(Rect(20, 80, 100, 60), stroke=0.0, fill=0.85),
             ImageItem(Rect(140, 80, 120, 80), photo, (0, 0, size[0], size[1])))
    render_pdf([PagePlan(1, "t", 280, 400, mm(3), items)], fonts, path, title="Preflight 测试",
               created=datetime.date(2025, 4, 15), settings=settings)
    return path


@pytest.fixture
def good(fonts, tmp_path):
    return write(fonts, tmp_path / "good.pdf")


def edited(good: Path, change) -> Path:
    out = good.with_name("bad.pdf")
    with pikepdf.open(good) as pdf:
        change(pdf)
        pdf.save(out)
    return out


def append_content(pdf, ops: bytes):
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(ops), prepend=False)


def rules(report):
    return {f.rule for f in report.errors}


def test_the_backend_output_passes(good):
    report = preflight(good, ink=have("gs"))
    assert report.passed, report.format()
    assert report.pdfx == "PDF/X-1a:2003"
    assert report.intent["identifier"] == "CGATS TR 002"
    assert all(f["embedded"] and f["subset"] and f["tounicode"] for f in report.fonts)
    assert {i["colour"] for i in report.images} == {"cmyk"}
    if have("gs"):
        assert 0 < report.ink[0]["max"] <= 240


def test_rgb_colour_fails(good):
    bad = edited(good, lambda pdf: append_content(pdf, b"q 1 0 0 rg 10 10 50 50 re f Q"))
    assert "rgb" in rules(preflight(bad, ink=False))


def test_an_rgb_image_fails(good):
    def to_rgb(pdf):
        for _, img in pdf.pages[0].resources.XObject.items():
            if img.get("/Subtype") == "/Image":
                img.write(b"\xff\x00\x00" * int(img.Width) * int(img.Height))
                img.ColorSpace = pikepdf.Name.DeviceRGB
                if "/Decode" in img:
                    del img["/Decode"]
    assert "rgb" in rules(preflight(edited(good, to_rgb), ink=False))


def test_a_font_that_is_not_embedded_fails(good):
    def add_helvetica(pdf):
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica))
        pdf.pages[0].resources.Font.Helv = font
        append_content(pdf, b"BT /Helv 12 Tf 20 20 Td (Hello) Tj ET")
    report = preflight(edited(good, add_helvetica), ink=False)
    assert "font-embedded" in rules(report)
    assert any("Helvetica" in f.message for f in report.errors)


def test_a_missing_trimbox_fails(good):
    def drop(pdf):
        del pdf.pages[0].obj["/TrimBox"]
    assert "trimbox" in rules(preflight(edited(good, drop), ink=False))


def test_a_trimbox_outside_the_bleedbox_fails(good):
    def widen(pdf):
        pdf.pages[0].obj.TrimBox = pikepdf.Array([-5, 0, 100, 100])
    assert {"trimbox", "bleedbox"} <= rules(preflight(edited(good, widen), ink=False))


def test_missing_pdfx_structure_fails(good):
    def strip(pdf):
        del pdf.Root["/OutputIntents"]
        del pdf.trailer.Info["/GTS_PDFXVersion"]
    assert {"gts-version", "output-intent"} <= rules(preflight(edited(good, strip), ink=False))


def test_transparency_fails_in_x1a(good):
    def alpha(pdf):
        pdf.pages[0].resources.ExtGState = pikepdf.Dictionary(Half=pikepdf.Dictionary(ca=0.5))
        append_content(pdf, b"q /Half gs 0 0 0 1 k 10 10 50 50 re f Q")
    assert "transparency" in rules(preflight(edited(good, alpha), ink=False))


@pytest.mark.skipif(not have("gs"), reason="Ghostscript not installed")
def test_ink_over_the_limit_fails(good):
    bad = edited(good, lambda pdf: append_content(pdf, b"q 1 1 1 1 k 100 100 200 200 re f Q"))
    report = preflight(bad, Limits(ink_limit=240))
    assert "ink" in rules(report) and report.ink[0]["max"] > 390


def test_low_resolution_warns_then_fails(fonts, tmp_path):
    low = write(fonts, tmp_path / "low.pdf", size=(120, 80))  # 120 pt wide: 72 ppi
    report = preflight(low, Limits(warn_ppi=150, min_ppi=100), ink=False)
    assert "ppi" in rules(report)
    report = preflight(low, Limits(warn_ppi=50, min_ppi=20), ink=False)
    assert report.passed


def test_pdfx4_has_xmp_and_passes(fonts, tmp_path):
    out = write(fonts, tmp_path / "x4.pdf", PrintSettings(pdfx="X-4"))
    report = preflight(out, expect="X-4", ink=False)
    assert report.passed, report.format()
    assert report.pdfx == "PDF/X-4"
    with pikepdf.open(out) as pdf:
        assert pdf.pdf_version == "1.6" or pdf.pdf_version <= "1.6"
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4<" in pdf.Root.Metadata.read_bytes()
    assert "gts-version" in rules(preflight(out, expect="X-1a", ink=False))


def test_crop_marks_sit_outside_the_bleed(fonts, tmp_path):
    out = write(fonts, tmp_path / "marks.pdf", PrintSettings(marks=True))
    report = preflight(out, ink=False)
    assert report.passed, report.format()
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0].obj
        media, bleed = [float(v) for v in page.MediaBox], [float(v) for v in page.BleedBox]
        assert media[2] - bleed[2] > 20 and bleed[0] - media[0] > 20  # room for the marks


def test_an_unreadable_file_is_one_error(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_text("not a pdf")
    report = preflight(bad)
    assert [f.rule for f in report.errors] == ["unreadable"]


def test_the_command_line(good, capsys):
    assert main(["preflight", "--no-ink", str(good)]) == 0
    out = capsys.readouterr().out
    assert "PDF/X-1a:2003" in out and "PASS" in out
    bad = edited(good, lambda pdf: append_content(pdf, b"q 0 1 0 RG 0 0 m 9 9 l S Q"))
    assert main(["preflight", "--no-ink", str(bad)]) == 2
    out = capsys.readouterr().out
    assert "FAIL" in out and "[rgb]" in out


# -- the ink check: bounded from the colours where it can be, rendered where it must --------------

def vector_page(fonts, path: Path) -> Path:
    """Black text, a rule and a grey tint: no image, so the colours bound the ink."""
    song = fonts.face_for("song", "中")
    items = (TextRun(20, 40, "中文报纸排版", song, 10.5), RuleItem(20, 70, 260, 70),
             BoxItem(Rect(20, 80, 100, 60), stroke=0.0, fill=0.85))
    render_pdf([PagePlan(1, "t", 280, 400, mm(3), items)], fonts, path, title="Ink",
               created=datetime.date(2025, 4, 15))
    return path


def test_a_black_and_grey_page_is_bounded_without_a_render(fonts, tmp_path, monkeypatch):
    page = vector_page(fonts, tmp_path / "v.pdf")
    import typeset.preflight.ink as ink

    monkeypatch.setattr(ink, "_render_ink", lambda *a: pytest.fail("a K-only page was rendered"))
    report = preflight(page, Limits(ink_limit=240))
    assert report.passed, report.format()
    assert report.ink == [{"page": 1, "max": 100.0, "bound": True}]
    assert "bounded from their colours" in report.format()


@pytest.mark.skipif(not have("gs"), reason="Ghostscript not installed")
@pytest.mark.parametrize("ops, over", [
    (b"q 1 1 1 1 k 100 100 120 120 re f Q", True),  # a 400% tint: over, found by the render
    (b"q 0 0 0 0.5 k 100 100 120 120 re f 0.6 0.6 0.6 1 k 0 0 0 0 re f Q", False),  # set, never painted
    (b"q 1 0 0 0 k 10 10 50 50 re f 0 1 0 0 k 100 100 50 50 re f 0 0 1 0 k 200 200 50 50 re f Q", False),
])
def test_a_bound_over_the_limit_is_rendered_and_the_render_decides(fonts, tmp_path, ops, over):
    bad = edited(vector_page(fonts, tmp_path / "v.pdf"), lambda pdf: append_content(pdf, ops))
    report = preflight(bad, Limits(ink_limit=240))
    assert ("ink" in rules(report)) is over, report.format()
    assert "mean" in report.ink[0]  # measured, not bounded


@pytest.mark.skipif(not have("gs"), reason="Ghostscript not installed")
def test_the_bound_is_never_below_what_the_render_measures(fonts, tmp_path):
    """The same verdicts as rendering every page: wherever the colours bound a page, Ghostscript's
    peak on that page is at most the bound (tints, overprinted black, a CMYK box in a form)."""
    from typeset.preflight import content, structure
    from typeset.preflight.ink import _render_ink

    ops = [b"q 0.2 0.1 0 0.3 k 30 30 200 100 re f 0 0 0 1 k 40 40 150 80 re f Q",
           b"q 0 0 0 0.4 k 0 0 400 400 re f Q",
           b"q 0.5 0.5 0 0 k 20 300 100 50 re f 0 0 0 0 k 0 0 0 0 re f Q"]
    for n, extra in enumerate(ops):
        page = edited(vector_page(fonts, tmp_path / f"v{n}.pdf"), lambda pdf: append_content(pdf, extra))
        report = preflight(page, Limits(ink_limit=400))
        with pikepdf.open(page) as pdf:
            bound = content.check(pdf, report, structure.check(pdf, report, None), Limits()).bound(1)
        measured = _render_ink(page, report, Limits(), tmp_path, [1])[1][0]
        assert bound is not None and measured <= bound, (extra, measured, bound)


def test_text_in_cyan_warns_and_black_text_does_not(good):
    assert not [f for f in preflight(good, ink=False).warnings if f.rule == "text-k"]
    cyan = edited(good, lambda pdf: append_content(pdf, b"q 1 0 0 0 k BT 10 10 Td (x) Tj ET Q"))
    assert [f.rule for f in preflight(cyan, ink=False).warnings if f.rule == "text-k"] == ["text-k"]
    set_not_painted = edited(good, lambda pdf: append_content(pdf, b"q BT 1 0 0 0 k ET 0 0 0 1 k BT (x) Tj ET Q"))
    assert not [f for f in preflight(set_not_painted, ink=False).warnings if f.rule == "text-k"]

"""Ads from the ad dummy, through issue.yaml, the planner, the page and report.json (fake metrics)."""
import re

import pytest
from PIL import Image

from minissue import ZH_BODY, write_issue
from typeset import BuildError, LAYOUTS, lay_out
from typeset.tools.cli import main
from typeset.reading.layout import read_layout
from typeset.fonts.metrics import FakeMetrics
from typeset.plan import ImageItem, TextRun

GRID = read_layout(LAYOUTS / "tabloid-zh.yaml").grid
PAGES = ("publication: 测试周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\ndate: 2025-04-15\nnumber: 1\n"
         "first_page: 1\npages:\n  - template: front\n    articles: [alpha]\n"
         "  - template: inside\n    articles: [beta, gamma]\n    ads:\n{ads}")
LONG = "\n\n".join(f"第{i}段。{ZH_BODY}" for i in range(6))


def ad_file(folder, name, columns, height_mm, *, off=1.0):
    """An ad image of the booked shape (times `off` in width, to make a wrong one)."""
    (folder / "ads").mkdir(exist_ok=True)
    w, h = GRID.span(columns) * off, height_mm * 72 / 25.4
    Image.new("CMYK", (round(w * 3), round(h * 3)), (0, 60, 90, 0)).save(folder / "ads" / name)


def issue_with_ads(tmp_path, ads: str, files=(("bank.jpg", 4, 60), ("phone.jpg", 3, 40))):
    folder = write_issue(tmp_path, issue_yaml=PAGES.format(ads=ads), articles={
        "beta": f"---\nheadline: 景中有“警” 游客畅游更安心\n---\n{LONG}\n",
        "gamma": f"---\nheadline: 联勤值守 精准防控\n---\n{LONG}\n"})
    for name, columns, height in files:
        ad_file(folder, name, columns, height)
    return folder


STACKED = "      - {file: ads/bank.jpg, columns: 4, height: 60mm}\n      - {file: ads/phone.jpg, columns: 3, height: 40mm}\n"


def test_stacked_ads_stand_at_the_foot_toward_the_outside_and_editorial_keeps_out(tmp_path):
    built = lay_out(issue_with_ads(tmp_path, STACKED), metrics=FakeMetrics())
    page = built.pages[1]  # folio 2: even, so the outside edge is the left
    ads = [i for i in page.items if isinstance(i, ImageItem) and i.article.startswith("ad ")]
    assert [a.file.name for a in ads] == ["bank.jpg", "phone.jpg"]
    bank, phone = ads
    assert abs(bank.frame.x - GRID.col_x(0)) < 0.01 and abs(phone.frame.x - GRID.col_x(0)) < 0.01
    assert abs(bank.frame.w - GRID.span(4)) < 0.01 and abs(bank.frame.h - 60 * 72 / 25.4) < 0.01
    assert phone.frame.y + phone.frame.h <= bank.frame.y + 0.01  # the smaller one stacked on the larger
    assert bank.frame.y + bank.frame.h <= GRID.line_y(GRID.lines) + 0.01  # standing at the foot
    assert bank.crop == (0, 0, *Image.open(bank.file).size)  # never cropped
    for item in page.items:  # no glyph of editorial inside an ad's box
        if isinstance(item, TextRun):
            for ad in ads:
                inside = ad.frame.x - 1 < item.x < ad.frame.x + ad.frame.w and ad.frame.y < item.y < ad.frame.y + ad.frame.h
                assert not inside, (item.text, item.article, ad.file.name)
    report = built.report["ads"]
    assert [(a["page"], a["file"], a["columns"], a["at"]) for a in report] == [
        (2, "bank.jpg", 4, "stacked"), (2, "phone.jpg", 3, "stacked")]
    assert all(0.9 < a["fill"] <= 1 and len(a["box_mm"]) == 4 for a in report)
    placed = {m.article for p in built.pages for m in p.modules}
    assert {"alpha", "beta", "gamma"} <= placed


def test_an_ad_at_a_fixed_place_stands_there(tmp_path):
    ads = "      - {file: ads/bank.jpg, columns: 4, height: 60mm, at: top-right}\n"
    built = lay_out(issue_with_ads(tmp_path, ads, files=(("bank.jpg", 4, 60),)), metrics=FakeMetrics())
    (bank,) = [i for i in built.pages[1].items if isinstance(i, ImageItem) and i.article.startswith("ad ")]
    assert abs(bank.frame.x - GRID.col_x(3)) < 0.01 and abs(bank.frame.y - GRID.line_y(2)) < 0.01  # under the folio


@pytest.mark.parametrize("ads, files, pattern", [
    # the file's shape is not the booked shape: scaled out of shape or cropped, never
    (STACKED, (("bank.jpg", 4, 60), ("phone.jpg", 2, 40)),
     r"issue\.yaml:\d+: error: ad phone\.jpg is \d+ x \d+ px \(width/height [\d.]+\) but is booked 3 columns x 40\.0 mm"),
    # wider than the page
    ("      - {file: ads/bank.jpg, columns: 9, height: 60mm}\n", (("bank.jpg", 4, 60),),
     r"issue\.yaml:\d+: error: page 2: ad bank\.jpg \(9 columns x \d+ lines\) does not fit the page's free area"),
    ("      - {file: ads/bank.jpg, columns: 4}\n", (("bank.jpg", 4, 60),),
     r"issue\.yaml:\d+: error: ad 1 of page 2 needs its height booked once"),
    ("      - {file: ads/bank.jpg, columns: 4, height: 60mm, at: middle}\n", (("bank.jpg", 4, 60),),
     r"issue\.yaml:\d+: error: 'at' of ad 1 of page 2 is text 'middle'"),
    ("      - {file: ads/missing.jpg, columns: 4, height: 60mm}\n", (),
     r"issue\.yaml:\d+: error: ad 'ads/missing\.jpg' does not exist"),
])
def test_a_bad_ad_is_a_file_line_error_and_nothing_is_written(tmp_path, capsys, ads, files, pattern):
    folder = issue_with_ads(tmp_path, ads, files=files)
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert re.search(pattern, err), err
    assert "Traceback" not in err and not (out / "mini").exists()


def test_ads_that_leave_no_room_for_the_articles_fail_naming_the_page(tmp_path):
    lines_mm = GRID.lines * GRID.leading * 25.4 / 72
    ads = f"      - {{file: ads/full.jpg, columns: 7, height: {lines_mm - 8:.1f}mm}}\n"
    folder = issue_with_ads(tmp_path, ads, files=(("full.jpg", 7, lines_mm - 8),))
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    assert any(re.match(r"page 2: its ads take the whole free area \(7 columns x \d+ lines\)", d.message)
               for d in err.value.diagnostics), err.value


@pytest.mark.parametrize("box", ["frame", "tint"])
def test_a_boxed_story_has_its_frame_or_tint_around_all_its_text(tmp_path, box):
    from typeset.plan import BoxItem

    folder = write_issue(tmp_path, articles={"beta": f"---\nheadline: 景中有“警” 游客畅游更安心\nbox: {box}\n---\n{ZH_BODY}\n"})
    built = lay_out(folder, metrics=FakeMetrics())
    page = built.pages[0]
    boxes = [i for i in page.items if isinstance(i, BoxItem)]
    (b,) = [b for b in boxes if b.rect.w < page.width]
    assert (b.stroke, b.fill) == ((0.0, None) if box == "frame" else (None, 0.9))
    runs = [i for i in page.items if isinstance(i, TextRun) and i.article == "beta"]
    assert runs and all(b.rect.x < r.x < b.rect.x + b.rect.w and b.rect.y < r.y < b.rect.y + b.rect.h for r in runs)
    assert page.items.index(b) < page.items.index(runs[0])  # behind the text


def test_an_unknown_box_is_a_file_line_error(tmp_path):
    folder = write_issue(tmp_path, articles={"beta": f"---\nheadline: 标题\nbox: shadow\n---\n{ZH_BODY}\n"})
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    (d,) = err.value.diagnostics
    assert d.loc.file.name == "beta.md" and d.loc.line == 3 and "'box'" in d.message and "frame, tint" in d.hint


def pdf_ad(path, columns, height_mm, rgb=False):
    """A one-page PDF ad of the booked size, its text in an embedded TrueType face."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("AdFace", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))
    w, h = GRID.span(columns), height_mm * 72 / 25.4
    c = Canvas(str(path), pagesize=(w, h), initialFontName="AdFace")
    c.setFillColorRGB(0.9, 0.2, 0.1) if rgb else c.setFillColorCMYK(0, 0.9, 0.9, 0)
    c.rect(0, 0, w, h, fill=1, stroke=0)
    c.setFillColorCMYK(0, 0, 0, 0)
    c.setFont("AdFace", 20)
    c.drawString(12, h / 2, "ON SALE TODAY")
    c.showPage()
    c.save()


def test_a_pdf_ad_is_placed_as_vector_content_with_its_fonts(tmp_path, real_fonts):
    import pikepdf

    from typeset import build

    folder = issue_with_ads(tmp_path, "      - {file: ads/phone.pdf, columns: 3, height: 40mm}\n", files=())
    (folder / "ads").mkdir()
    pdf_ad(folder / "ads" / "phone.pdf", 3, 40)
    out = tmp_path / "out"
    build(folder, out, metrics=real_fonts)
    with pikepdf.open(out / "mini" / "page-02.pdf") as pdf:
        forms = [x for x in pdf.pages[0].Resources.XObject.values() if x.get("/Subtype") == "/Form"]
        assert len(forms) == 1
        fonts = [str(f.BaseFont) for f in forms[0].Resources.Font.values()]
        assert any("DejaVuSans-Bold" in f for f in fonts) and all(f.FontDescriptor.get("/FontFile2") is not None
                                                                  for f in forms[0].Resources.Font.values())


def test_an_rgb_pdf_ad_fails_naming_the_ad(tmp_path, capsys):
    folder = issue_with_ads(tmp_path, "      - {file: ads/phone.pdf, columns: 3, height: 40mm}\n", files=())
    (folder / "ads").mkdir()
    pdf_ad(folder / "ads" / "phone.pdf", 3, 40, rgb=True)
    assert main(["build", str(folder), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert re.search(r"issue\.yaml:\d+: error: ad phone\.pdf is not fit for the press: .*RGB", err, re.I), err

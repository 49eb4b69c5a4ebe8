"""The samples with page furniture (issues/*-furniture): built for the press like the samples."""
import json

import pytest

from conftest import ISSUES
from typeset import build
from typeset.plan import BoxItem, ImageItem, TextRun


@pytest.fixture(scope="module")
def built(tmp_path_factory, real_fonts):
    out = tmp_path_factory.mktemp("furniture")
    return {name: (out / name, build(ISSUES / name, out, metrics=real_fonts))
            for name in ("2025-04-15-gongan-furniture", "2024-11-05-dispatch-furniture")}


def test_the_chinese_front_page_has_teasers_in_the_ear_and_a_vertical_headline(built):
    folder, result = built["2025-04-15-gongan-furniture"]
    front = result.pages[0]
    furniture = "".join(i.text for i in front.items if isinstance(i, TextRun) and i.article == "")
    starts = {}
    for page in result.pages:
        for m in page.modules:
            starts.setdefault(m.article, page.folio)
    for slug in ("anhui-yiqing", "jiaoshi-jie", "cansi"):
        assert f"详见第{starts[slug]}版" in furniture
    assert any(i.role == "headline" and i.article == "qiaoxi" and i.text in "﹁﹂" for i in front.items
               if isinstance(i, TextRun))  # the vertical headline's quotes in their vertical forms


def test_page_6_has_two_ads_and_a_tinted_and_a_framed_story(built):
    folder, result = built["2025-04-15-gongan-furniture"]
    page = next(p for p in result.pages if p.folio == 6)
    ads = sorted(i.file.name for i in page.items if isinstance(i, ImageItem) and i.article.startswith("ad "))
    assert ads == ["bank.jpg", "phone.pdf"]
    boxes = [i for i in page.items if isinstance(i, BoxItem)]
    assert {(b.stroke is None, b.fill) for b in boxes} >= {(True, 0.9), (False, None)}
    report = json.loads((folder / "report.json").read_text())
    assert [a["file"] for a in report["ads"]] == ["bank.jpg", "phone.pdf"]
    assert all(r["passed"] for r in report["preflight"].values())


def test_the_english_front_page_has_an_inside_box(built):
    folder, result = built["2024-11-05-dispatch-furniture"]
    text = "".join(i.text for i in result.pages[0].items if isinstance(i, TextRun) and i.article == "")
    assert "Inside" in text and text.count("Page2") == 3

"""The samples build into real PDFs that give every paragraph back exactly once and in order."""
import json
import re
import subprocess
import unicodedata

import pytest

from conftest import ISSUES, have
from typeset.articles.article import jump_head
from typeset.reading.source import read_issue

pdfium = pytest.importorskip("pypdfium2")
SAMPLES = ["2025-04-15-gongan", "2024-11-05-dispatch"]
JUMP = re.compile(r"\((?:下转|上接)第\d+版\)|Continued(?:on|from)Page\d+")  # matched after norm()


def norm(text: str) -> str:
    """Compare as a reader would: NFKC (full-width punctuation = ASCII), no whitespace, no hyphens."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\-‐\x02\ufffe]", "", text)  # pdfium marks a line-end hyphen as \x02


def module_texts(pdf_path, report, slug):
    """The text inside each of `slug`'s modules, in page order, read back from the PDF."""
    doc = pdfium.PdfDocument(str(pdf_path))
    texts = []
    for index, page in enumerate(report["pages"]):
        pdf_page = doc[index]
        height = pdf_page.get_height()
        bleed = (height * 25.4 / 72 - _trim_h(report, pdf_page)) / 2
        tp = pdf_page.get_textpage()
        for m in page["modules"]:
            if m["article"] != slug:
                continue
            x, y, w, h = (v * 72 / 25.4 for v in m["rect_mm"])
            b = bleed * 72 / 25.4
            # modules are a gutter apart: a margin under half a gutter catches no neighbour's text
            texts.append(tp.get_text_bounded(left=x + b - 3, bottom=height - (y + h + b) - 0.5,
                                             right=x + w + b + 3, top=height - (y + b) + 0.5))
    return texts


def _trim_h(report, pdf_page):
    box = pdf_page.get_trimbox()
    return (box[3] - box[1]) * 25.4 / 72


@pytest.mark.parametrize("name", SAMPLES)
def test_every_paragraph_exactly_once_in_order(built_samples, name):
    out, built = built_samples[name]
    report = json.loads((out / "report.json").read_text())
    issue = read_issue(ISSUES / name)
    for slug, article in issue.articles.items():
        texts = module_texts(out / "issue.pdf", report, slug)
        assert texts, f"{slug} placed nowhere"
        body = ""
        for text in texts:
            text = JUMP.sub("", norm(text))
            # the header and photo captions come first in each module, in drawing order
            furniture = [article.overline, article.headline, jump_head(article.headline), article.subtitle,
                         article.byline]
            for photo in article.photos:
                furniture += [photo.credit, photo.caption]
            for item in furniture:
                if item and text.startswith(norm(item)):
                    text = text[len(norm(item)):]
            body += text
        expected = "".join(norm(p.text) for p in article.body)
        assert body == expected, f"{name}/{slug}: body text differs from the article"


@pytest.mark.parametrize("name", SAMPLES)
def test_outputs_as_the_spec_says(built_samples, name):
    out, built = built_samples[name]
    issue = read_issue(ISSUES / name)
    assert (out / "issue.pdf").is_file() and (out / "report.json").is_file()
    for i in range(len(issue.pages)):
        assert (out / f"page-{issue.first_page + i:02d}.pdf").is_file()
    assert len(pdfium.PdfDocument(str(out / "issue.pdf"))) == len(issue.pages)
    report = json.loads((out / "report.json").read_text())
    assert [p["folio"] for p in report["pages"]] == [issue.first_page + i for i in range(len(issue.pages))]
    assert not list(out.parent.glob(f".{out.name}.staging-*")) and not list(out.parent.glob(f".{out.name}.old-*"))


@pytest.mark.skipif(not have("pdffonts"), reason="poppler-utils not installed")
@pytest.mark.parametrize("name", SAMPLES)
def test_every_font_embedded(built_samples, name):
    out, _ = built_samples[name]
    lines = subprocess.run(["pdffonts", str(out / "issue.pdf")], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert lines, "no fonts at all"
    for line in lines:
        # columns: name type encoding emb sub uni object ID
        assert line.split()[-5] == "yes", f"not embedded: {line}"
    assert not any("Helvetica" in line for line in lines)


@pytest.mark.skipif(not have("qpdf"), reason="qpdf not installed")
@pytest.mark.parametrize("name", SAMPLES)
def test_qpdf_check_clean(built_samples, name):
    out, _ = built_samples[name]
    subprocess.run(["qpdf", "--check", str(out / "issue.pdf")], capture_output=True, check=True)


def test_front_page_holds_its_four_articles_without_jumping(built_samples):
    out, built = built_samples["2025-04-15-gongan"]
    report = json.loads((out / "report.json").read_text())
    front = report["pages"][0]
    assert sorted(front["articles"]) == ["congtai", "dafeng", "qiaoxi", "xinjingwu"]
    jumped_from_front = [j for a in report["articles"].values() for j in a["jumps"] if j["from_page"] == 4]
    assert not jumped_from_front


def test_jump_lines_name_the_page_the_text_lands_on(built_samples):
    out, built = built_samples["2025-04-15-gongan"]
    report = json.loads((out / "report.json").read_text())
    doc = pdfium.PdfDocument(str(out / "issue.pdf"))
    for slug, info in report["articles"].items():
        for jump in info["jumps"]:
            to_index = jump["to_page"] - report["pages"][0]["folio"]
            from_index = jump["from_page"] - report["pages"][0]["folio"]
            assert slug in report["pages"][to_index]["articles"]
            assert f"下转第{jump['to_page']}版" in norm(doc[from_index].get_textpage().get_text_range())
            assert f"上接第{jump['from_page']}版" in norm(doc[to_index].get_textpage().get_text_range())


@pytest.mark.parametrize("name, slug, from_page, to_page, to_line, from_line", [
    ("2025-04-15-gongan", "anhui-yiqing", 5, 7, "(下转第7版)", "(上接第5版)"),
    ("2024-11-05-dispatch", "ocean-mission", 1, 2, "ContinuedonPage2", "ContinuedfromPage1"),
])
def test_the_lead_of_a_full_page_jumps_where_the_issue_says(built_samples, name, slug, from_page, to_page,
                                                           to_line, from_line):
    """Issue 4: the article does not fit its page and continues on its continues_on page; the
    text before the "continued on" line and after the "continued from" line joins into the
    article's text, every character once."""
    out, _ = built_samples[name]
    report = json.loads((out / "report.json").read_text())
    jumps = report["articles"][slug]["jumps"]
    assert [(j["from_page"], j["to_page"]) for j in jumps] == [(from_page, to_page)] and jumps[0]["lines_moved"] > 0
    first, second = module_texts(out / "issue.pdf", report, slug)
    first, second = norm(first), norm(second)
    assert first.endswith(to_line), first[-40:]
    article = read_issue(ISSUES / name).articles[slug]
    head = norm(jump_head(article.headline)) + from_line
    assert second.startswith(head), second[:60]
    before, after = first[: -len(to_line)], second[len(head):]
    body = "".join(norm(p.text) for p in article.body)
    assert before.endswith(body[: len(body) - len(after)][-30:])  # the first module ends where the body breaks
    assert body.endswith(after) and len(after) > 100  # ... and the continuation holds the rest, a real share


def test_same_input_same_bytes(built_samples, tmp_path):
    from typeset import build

    out, _ = built_samples["2024-11-05-dispatch"]
    build(ISSUES / "2024-11-05-dispatch", tmp_path)
    assert (tmp_path / "2024-11-05-dispatch" / "issue.pdf").read_bytes() == (out / "issue.pdf").read_bytes()


def test_front_page_holds_the_printed_pages_content(built_samples):
    """Issue 5: page 4 carries what the printed front page did: the masthead's fields (weekday and
    page count derived), the four articles whole, the photo and the imprint."""
    out, built = built_samples["2025-04-15-gongan"]
    doc = pdfium.PdfDocument(str(out / "page-04.pdf"))
    text = norm(doc[0].get_textpage().get_text_range())
    for field in ("公安周刊", "2025年4月15日星期二", "第853期", "本刊今日4版", "CN13-0079", "17-77",
                  "对党忠诚服务人民", "执法公正纪律严明"):
        assert norm(field) in text, field
    issue = read_issue(ISSUES / "2025-04-15-gongan")
    for slug in ("xinjingwu", "congtai", "dafeng", "qiaoxi"):
        article = issue.articles[slug]
        assert norm(article.headline.split()[0]) in text
        last = norm(article.body[-1].text)[-20:]
        assert last in text, f"{slug} does not end on page 4"
    imprint = (ISSUES / "2025-04-15-gongan" / "imprint.md").read_text(encoding="utf-8")
    first_line = next(line for line in imprint.splitlines() if line.strip() and not line.startswith("---"))
    assert norm(first_line)[:10] in text
    page = built.pages[0]
    assert [i for i in page.items if type(i).__name__ == "ImageItem"]  # the photo
    assert page.score["fill"] >= 0.97 and page.score["tombstones"] == 0


@pytest.mark.parametrize("name", SAMPLES)
def test_pages_full_without_tombstones(built_samples, name):
    """Issue 5: every page's free area at least 97% used (by the report), no two like-sized headlines
    side by side at one height, the lead story at the top left of its page."""
    out, built = built_samples[name]
    report = json.loads((out / "report.json").read_text())
    issue = read_issue(ISSUES / name)
    for page, plan in zip(report["pages"], built.pages):
        assert page["planner"]["fill"] >= 0.97, (page["folio"], page["planner"])
        assert page["planner"]["tombstones"] == 0, (page["folio"], page["planner"])
        own = [m for m in page["modules"] if m["article"] in issue.pages[page["folio"] - issue.first_page].articles]
        lead = min(own, key=lambda m: (issue.articles[m["article"]].priority, m["line"], m["column"]))
        assert (lead["column"], lead["line"]) == (0, min(m["line"] for m in page["modules"])), page["folio"]


@pytest.mark.parametrize("name", SAMPLES)
def test_report_html_shows_pages_modules_and_articles(built_samples, name):
    out, built = built_samples[name]
    html = (out / "report.html").read_text(encoding="utf-8")
    report = json.loads((out / "report.json").read_text())
    assert html.startswith("<!doctype html>") and html.count("<svg") == len(report["pages"])
    for page in report["pages"]:
        assert f"<b>page {page['folio']}</b>" in html and f"{page['planner']['fill']:.1%}" in html
        assert html.count(f'class=slug>{page["modules"][0]["article"]}<') >= 1
    for slug, info in report["articles"].items():
        assert f"{slug}</td>" in html
        for j in info["jumps"]:
            assert f"{j['from_page']} → {j['to_page']} ({j['lines_moved']} lines)" in html
    from typeset.reports.html import report_html

    assert report_html(report, built.pages) == report_html(report, built.pages)  # same report, same bytes

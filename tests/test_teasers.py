"""Front-page teasers (导读 / Inside): in the ear or a box, naming the page each article starts on."""
import re
import shutil

import pytest

from conftest import ISSUES
from minissue import write_issue
from typeset import BuildError, lay_out
from typeset.tools.cli import main
from typeset.fonts.metrics import FakeMetrics
from typeset.plan import TextRun


def sample_with(tmp_path, name, front_extra):
    folder = tmp_path / name
    shutil.copytree(ISSUES / name, folder)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    i = text.index("  - template: front\n")
    j = text.index("\n", text.index("articles:", i))
    (folder / "issue.yaml").write_text(text[:j + 1] + front_extra + text[j + 1:], encoding="utf-8")
    return folder


def runs_text(page):
    return "".join(i.text for i in page.items if isinstance(i, TextRun) and i.article == "")


@pytest.mark.parametrize("ear", [True, False])
def test_teasers_name_the_page_each_article_starts_on(tmp_path, ear):
    extra = "    teasers: [anhui-yiqing, jiaoshi-jie, cansi]\n" + ("    ear: teasers\n" if ear else "")
    built = lay_out(sample_with(tmp_path, "2025-04-15-gongan", extra), metrics=FakeMetrics())
    starts = {}
    for page in built.pages:
        for m in page.modules:
            starts.setdefault(m.article, page.folio)
    front = runs_text(built.pages[0])
    for slug in ("anhui-yiqing", "jiaoshi-jie", "cansi"):
        assert f"详见第{starts[slug]}版" in front, (slug, starts[slug])
    if not ear:  # the box is booked like an ad: no article's text inside it
        assert "导读" in front


def test_english_teasers_in_a_box(tmp_path, real_fonts):
    built = lay_out(sample_with(tmp_path, "2024-11-05-dispatch", "    teasers: [crew-1, artemis-media, disaster-declaration]\n"),
                    metrics=real_fonts)
    front = runs_text(built.pages[0])
    assert "Inside" in front and front.count("Page2") == 3


@pytest.mark.parametrize("extra, pattern", [
    ("    teasers: [no-such-story]\n", r"issue\.yaml:\d+: error: page 1 \(folio 4\) teases article 'no-such-story', "
                                     r"which this issue does not have"),
    ("    ear: weather\n", r"issue\.yaml:\d+: error: 'ear' of page 1 \(folio 4\) is text 'weather'"),
    ("    ear: teasers\n", r"issue\.yaml:\d+: error: 'ear' of page 1 \(folio 4\) holds the teasers, but the page has none"),
])
def test_bad_teasers_are_file_line_errors_and_nothing_is_written(tmp_path, capsys, extra, pattern):
    folder = sample_with(tmp_path, "2025-04-15-gongan", extra)
    assert main(["build", str(folder), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert re.search(pattern, err), err
    assert "Traceback" not in err and not (tmp_path / "out" / folder.name).exists()


def test_a_teaser_of_an_article_on_no_page_is_an_error(tmp_path):
    issue = ("publication: 测试周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\ndate: 2025-04-15\nnumber: 1\n"
             "first_page: 1\npages:\n  - template: front\n    articles: [alpha, beta]\n    teasers: [gamma]\n")
    folder = write_issue(tmp_path, issue_yaml=issue, articles={"gamma": "---\nheadline: 很长\n---\n" + "很长的正文。" * 20000})
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    assert any("the teaser of article 'gamma' points to no page" in d.message for d in err.value.diagnostics)


def test_an_ear_too_narrow_beside_a_wide_title_is_an_error(tmp_path):
    folder = sample_with(tmp_path, "2024-11-05-dispatch", "    teasers: [crew-1]\n    ear: teasers\n")
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    assert any("the ear beside the masthead title is" in d.message for d in err.value.diagnostics)


def test_an_article_pinned_to_the_ear_stands_beside_the_masthead_whole(tmp_path):
    issue = ("publication: 测试周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\ndate: 2025-04-15\nnumber: 1\n"
             "first_page: 1\npages:\n  - template: front\n    articles:\n      - alpha\n      - beta\n"
             "      - {article: tianqi, slot: ear}\n")
    folder = write_issue(tmp_path, issue_yaml=issue,
                         articles={"gamma": None, "tianqi": "---\nheadline: 今日天气\n---\n晴，12至22℃，东南风三级。\n"})
    built = lay_out(folder, metrics=FakeMetrics())
    (ear,) = [m for m in built.pages[0].modules if m.article == "tianqi"]
    assert ear.column == -1 and ear.units == (0, built.report["articles"]["tianqi"]["units"])
    runs = [i for i in built.pages[0].items if isinstance(i, TextRun) and i.article == "tianqi"]
    grid_top = min(m.rect.y for m in built.pages[0].modules if m.article != "tianqi")
    assert runs and all(r.y < grid_top for r in runs)  # in the masthead zone, above the articles
    assert "".join(r.text for r in runs if r.role == "body").startswith("晴，12至22")


def test_an_article_too_long_for_the_ear_is_an_error_naming_it(tmp_path):
    issue = ("publication: 测试周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\ndate: 2025-04-15\nnumber: 1\n"
             "first_page: 1\npages:\n  - template: front\n    articles: [alpha, {article: beta, slot: ear}]\n")
    long = "---\nheadline: 景中有“警”\n---\n" + "游客畅游更安心。" * 60 + "\n"
    folder = write_issue(tmp_path, issue_yaml=issue, articles={"gamma": None, "beta": long})
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    assert any(d.message.startswith("article 'beta' does not fit the ear beside the masthead")
               for d in err.value.diagnostics), err.value

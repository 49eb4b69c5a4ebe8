"""Jumps on fake metrics: text continues on later pages, once, and the lines name the real pages."""
import re

import pytest

from minissue import ZH_BODY, write_issue
from typeset import LAYOUTS, BuildError, lay_out
from typeset.fonts.metrics import FakeMetrics
from typeset.plan import TextRun

THREE_PAGES = ("publication: 测试周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\ndate: 2025-04-15\nnumber: 1\n"
               "first_page: 1\npages:\n  - template: front\n    articles: [alpha]\n"
               "  - template: inside\n    articles: []\n  - template: inside\n    articles: []\n")


def long_article(paragraphs: int, continues_on: str = "") -> str:
    body = "\n\n".join(f"第{i}段。{ZH_BODY}" for i in range(paragraphs))
    return f"---\nheadline: 很长的报道\npriority: 1\n{continues_on}---\n{body}\n"


def body_text(pages, slug):
    return "".join(i.text for p in pages for i in p.items
                   if isinstance(i, TextRun) and i.article == slug and i.role == "body")


def jump_lines(pages):
    """(folio, text) of every jump line, its runs (CJK and digits in different faces) joined."""
    lines: dict[tuple[int, float], str] = {}
    for p in pages:
        for i in p.items:
            if isinstance(i, TextRun) and i.role == "jump":
                lines[(p.folio, round(i.y, 1))] = lines.get((p.folio, round(i.y, 1)), "") + i.text
    return [(folio, text) for (folio, _), text in lines.items()]


def test_a_story_jumps_once_and_one_too_long_for_two_parts_is_an_error(tmp_path):
    """By default a story runs in two parts at most: text that would need a third fails loudly,
    naming the article, rather than jumping twice."""
    folder = write_issue(tmp_path, issue_yaml=THREE_PAGES,
                         articles={"alpha": long_article(100), "beta": None, "gamma": None})
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    messages = " ".join(d.message for d in err.value.diagnostics)
    assert "alpha" in messages and "characters would be lost" in messages


def test_jump_chain_over_three_pages_keeps_every_character_once(tmp_path):
    """A layout that allows two jumps (planner.max_jumps: 2) runs the same story over three pages."""
    folder = write_issue(tmp_path, issue_yaml=THREE_PAGES.replace("layout: tabloid-zh", "layout: twice.yaml"),
                         articles={"alpha": long_article(100), "beta": None, "gamma": None})
    layout = (LAYOUTS / "tabloid-zh.yaml").read_text(encoding="utf-8")
    (folder / "twice.yaml").write_text(layout.replace("max_jumps: 1", "max_jumps: 2"),
                                       encoding="utf-8")
    built = lay_out(folder, metrics=FakeMetrics())
    expected = "".join(p.text for p in built.issue.articles["alpha"].body)
    got = body_text(built.pages, "alpha")
    norm = lambda s: re.sub(r"\s", "", s).replace("，", ",")  # noqa: E731
    assert norm(got) == norm(expected.replace(",", "，"))
    jumps = built.report["articles"]["alpha"]["jumps"]
    assert [(j["from_page"], j["to_page"]) for j in jumps] == [(1, 2), (2, 3)]
    texts = jump_lines(built.pages)
    assert (1, "（下转第2版）") in texts and (2, "（上接第1版）") in texts
    assert (2, "（下转第3版）") in texts and (3, "（上接第2版）") in texts


FILLED_PAGE_2 = THREE_PAGES.replace("  - template: inside\n    articles: []\n  - template: inside",
                                    "  - template: inside\n    articles: [beta]\n  - template: inside", 1)


def test_jump_line_follows_the_continuation(tmp_path):
    """continues_on: 3 sends the rest past a page 2 that its own article fills, and both lines say so."""
    folder = write_issue(tmp_path, issue_yaml=FILLED_PAGE_2,
                         articles={"alpha": long_article(45, "continues_on: 3\n"),
                                   "beta": long_article(44).replace("很长的报道", "第二版的报道"), "gamma": None})
    built = lay_out(folder, metrics=FakeMetrics())
    texts = jump_lines(built.pages)
    assert (1, "（下转第3版）") in texts and (3, "（上接第1版）") in texts
    assert not any(folio == 2 and "alpha" in text for folio, text in texts)
    assert [(j["from_page"], j["to_page"]) for j in built.report["articles"]["alpha"]["jumps"]] == [(1, 3)]


def test_an_empty_page_before_continues_on_takes_the_continuation(tmp_path):
    """A page that would stay empty while a later one holds the continuation takes it instead, and
    the jump lines name the page it really went to."""
    folder = write_issue(tmp_path, issue_yaml=THREE_PAGES,
                         articles={"alpha": long_article(45, "continues_on: 3\n"), "beta": None, "gamma": None})
    built = lay_out(folder, metrics=FakeMetrics())
    texts = jump_lines(built.pages)
    assert (1, "（下转第2版）") in texts and (2, "（上接第1版）") in texts

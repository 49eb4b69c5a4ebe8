"""Issue-level planning on fake metrics: pages the editor leaves to the engine, jumps that fill
the page they land on, pages that cannot be held."""
import re
import shutil

import pytest

from conftest import ISSUES
from typeset import BuildError, lay_out
from typeset.metrics import FakeMetrics
from typeset.source import read_issue


def without_articles(tmp_path, name="2025-04-15-gongan"):
    """The sample with every page's article list removed: placing them is the engine's job."""
    folder = tmp_path / name
    shutil.copytree(ISSUES / name, folder)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    (folder / "issue.yaml").write_text(re.sub(r"    articles: \[.*\]\n", "", text), encoding="utf-8")
    return folder


def test_pages_left_to_the_engine_fill_most_important_first(tmp_path):
    folder = without_articles(tmp_path)
    built = lay_out(folder, metrics=FakeMetrics())
    issue = read_issue(folder)
    assert all(not p.articles for p in issue.pages)
    first_page = {}
    for page in built.pages:
        for m in page.modules:
            first_page.setdefault(m.article, page.folio)
    assert sorted(first_page) == sorted(issue.articles)  # every article placed, none dropped
    # Every page but the last is full; the last takes what is left, the issue's whole slack
    # (placing whole articles greedily, most important first, cannot spread it yet).
    for page in built.pages[:-1]:
        assert page.score["fill"] >= 0.97, (page.folio, page.score)
    assert built.pages[-1].score["fill"] >= 0.90, built.pages[-1].score
    # the most important articles open the issue: every lead story starts no later than
    # any story of the lowest importance
    by_priority = {}
    for slug, article in issue.articles.items():
        by_priority.setdefault(article.priority, []).append(first_page[slug])
    leads, least = by_priority[min(by_priority)], by_priority[max(by_priority)]
    assert max(leads) <= min(least) or sorted(leads) <= sorted(least)[: len(leads)]
    assert built.pages[0].modules[0].article in {s for s, a in issue.articles.items() if a.priority == 1}


def test_too_much_text_for_the_issue_is_reported_not_drawn(tmp_path):
    folder = without_articles(tmp_path)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    pages = text[text.index("pages:"):]
    (folder / "issue.yaml").write_text(text[:text.index("pages:")] + "pages:\n  - template: front\n",
                                       encoding="utf-8")
    assert "inside" in pages
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    messages = " ".join(d.message for d in err.value.diagnostics)
    assert "no page has room" in messages or "cannot hold" in messages


def test_sample_pages_are_full_and_the_front_page_whole():
    built = lay_out(ISSUES / "2025-04-15-gongan", metrics=FakeMetrics())
    for page in built.pages:
        assert page.score["fill"] >= 0.97, (page.folio, page.score)
    jumped = {j["from_page"] for a in built.report["articles"].values() for j in a["jumps"]}
    assert 4 not in jumped  # the front page (jumps: when_full) keeps its stories whole

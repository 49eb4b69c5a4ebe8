"""Issue-level planning on fake metrics: pages the editor leaves to the engine, jumps that fill
the page they land on, pages that cannot be held."""
import re
import shutil

import pytest

from conftest import ISSUES
from typeset import BuildError, lay_out
from typeset.fonts.metrics import FakeMetrics
from typeset.reading.source import read_issue


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
    # Every page but the last full: the engine may continue an article it placed on the next page,
    # so the slack gathers on the last page rather than in holes on every page.
    for page in built.pages[:-1]:
        assert page.score["fill"] >= 0.97, (page.folio, page.score)
    assert built.pages[-1].score["fill"] >= 0.9
    # and it continues each at most once
    assert all(len(a["jumps"]) <= 1 for a in built.report["articles"].values())
    # the most important articles open the issue: every lead story starts no later than
    # any story of the lowest importance
    by_priority = {}
    for slug, article in issue.articles.items():
        by_priority.setdefault(article.priority, []).append(first_page[slug])
    leads, least = by_priority[min(by_priority)], by_priority[max(by_priority)]
    assert max(leads) <= min(least) or sorted(leads) <= sorted(least)[: len(leads)]
    assert built.pages[0].modules[0].article in {s for s, a in issue.articles.items() if a.priority == 1}


def test_articles_named_on_no_page_are_held_over_when_no_page_has_room(tmp_path):
    """One front page for the whole sample's text, every article left to the engine: it places the
    most important it can, holds the rest over with a warning each, and report.json lists them."""
    folder = without_articles(tmp_path)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    (folder / "issue.yaml").write_text(text[:text.index("pages:")] + "pages:\n  - template: front\n",
                                       encoding="utf-8")
    built = lay_out(folder, metrics=FakeMetrics())
    issue = read_issue(folder)
    placed = {m.article for p in built.pages for m in p.modules}
    held = {h["article"]: h["chars"] for h in built.report["held_over"]}
    assert placed and held and not placed & set(held)
    assert placed | set(held) == set(issue.articles)
    warned = " ".join(d.message for d in built.diags.items if d.level == "warning")
    for slug in held:
        assert f"'{slug}'" in warned and "held over" in warned
    # most important first: no held-over article outranks a placed one
    assert max(issue.articles[s].priority for s in placed) <= max(issue.articles[s].priority for s in held)
    assert built.report["articles"][next(iter(held))]["jumps"] == []


def test_too_much_text_named_on_a_page_is_an_error(tmp_path):
    """An article named on a page is never held over: one the issue cannot hold fails the build."""
    folder = tmp_path / "gongan"
    shutil.copytree(ISSUES / "2025-04-15-gongan", folder)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    names = re.findall(r"articles: \[(.*)\]", text)
    (folder / "issue.yaml").write_text(text[:text.index("pages:")] + "pages:\n  - template: front\n"
                                       f"    articles: [{', '.join(names)}]\n", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    messages = " ".join(d.message for d in err.value.diagnostics)
    assert "cannot hold" in messages and "characters would be lost" in messages


def test_sample_pages_are_full_and_the_front_page_whole():
    built = lay_out(ISSUES / "2025-04-15-gongan", metrics=FakeMetrics())
    for page in built.pages:
        assert page.score["fill"] >= 0.97, (page.folio, page.score)
    jumped = {j["from_page"] for a in built.report["articles"].values() for j in a["jumps"]}
    assert 4 not in jumped  # the front page (jumps: when_full) keeps its stories whole


def test_a_pinned_slot_is_honoured(tmp_path):
    from typeset import LAYOUTS

    folder = tmp_path / "gongan"
    shutil.copytree(ISSUES / "2025-04-15-gongan", folder)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    text = text.replace("articles: [xinjingwu, congtai, dafeng, qiaoxi]",
                        "articles: [xinjingwu, {article: congtai, slot: lead}, dafeng, qiaoxi]")
    (folder / "issue.yaml").write_text(text, encoding="utf-8")
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    zh = (LAYOUTS / "tabloid-zh.yaml").read_text(encoding="utf-8")
    zh = zh.replace("    jumps: when_full\n",
                    "    jumps: when_full\n    slots: {lead: {column: 0, columns: 4, line: 0, lines: 40}}\n")
    (layouts / "tabloid-zh.yaml").write_text(zh, encoding="utf-8")
    (layouts / "tabloid-en.yaml").write_text((LAYOUTS / "tabloid-en.yaml").read_text(encoding="utf-8"))
    built = lay_out(folder, metrics=FakeMetrics(), layouts_dir=layouts)
    front = built.pages[0]
    top = 8  # the masthead's grid lines
    (congtai,) = [m for m in front.modules if m.article == "congtai"]
    assert (congtai.column, congtai.columns, congtai.line, congtai.lines) == (0, 4, top, 40)
    assert sorted(m.article for m in front.modules) == ["congtai", "dafeng", "qiaoxi", "xinjingwu"]
    cells = set()
    for m in front.modules:
        for c in range(m.column, m.column + m.columns):
            for ln in range(m.line, m.line + m.lines):
                assert (c, ln) not in cells
                cells.add((c, ln))
    assert front.score["slots"] == ["lead"]


def test_free_area_around_slots():
    from typeset.planning.slots import free_regions

    assert free_regions(7, 90, [(0, 0, 4, 40)]) == [(4, 0, 3, 40), (0, 40, 7, 50)]
    assert free_regions(7, 90, [(2, 10, 3, 20)]) == [(0, 0, 7, 10), (0, 10, 2, 20), (5, 10, 2, 20), (0, 30, 7, 60)]
    assert free_regions(7, 90, [(0, 0, 4, 40), (3, 30, 2, 20)]) is None  # overlapping slots
    assert free_regions(7, 90, [(6, 0, 2, 10)]) is None  # outside the area


def test_a_slot_the_template_lacks_is_an_error_naming_the_choices(tmp_path):
    folder = tmp_path / "gongan"
    shutil.copytree(ISSUES / "2025-04-15-gongan", folder)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    (folder / "issue.yaml").write_text(text.replace("[xinjingwu, congtai,", "[xinjingwu, {article: congtai, slot: top},"),
                                       encoding="utf-8")
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    (d,) = err.value.diagnostics
    assert "congtai" in d.message and "slot 'top'" in d.message and "slots of 'front': ear" in d.hint
    assert d.loc.file.name == "issue.yaml" and d.loc.line > 1

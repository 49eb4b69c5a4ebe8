"""Regional editions (issue.yaml `editions:`): each replaces pages by folio and shares the rest with the
base edition, planned once and written as the same bytes; jumps from shared pages still resolve, and an
edition that would cut a jump in half is an error. The sample: the Chinese issue with two city editions."""
import json
from pathlib import Path

import pytest

from minissue import write_issue
from test_jumps import FILLED_PAGE_2, THREE_PAGES, jump_lines, long_article
from typeset import BuildError, build, lay_out
from typeset.fonts.metrics import FakeMetrics
from typeset.tools.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2025-04-15-gongan-editions"


@pytest.fixture(scope="module")
def built_editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    return build(SAMPLE, out), out / SAMPLE.name


def test_every_edition_is_built_into_its_folder_sharing_the_base_pages_byte_for_byte(built_editions):
    built, out = built_editions
    assert [e.edition for e in built.editions] == ["shijiazhuang", "handan"]
    for edition in ("shijiazhuang", "handan"):
        folder = out / edition
        assert sorted(p.name for p in folder.glob("*.pdf")) == sorted(p.name for p in out.glob("*.pdf"))
        for shared in ("page-06.pdf", "page-07.pdf"):
            assert (folder / shared).read_bytes() == (out / shared).read_bytes()
        for own in ("page-04.pdf", "page-05.pdf", "issue.pdf"):  # its masthead, its page 5, its whole issue
            assert (folder / own).read_bytes() != (out / own).read_bytes()
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        assert report["edition"] == {"name": edition, "replaces": [5], "shared": [6, 7]}
        assert all(r["passed"] for r in report["preflight"].values())
    base = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(base["editions"]) == {"shijiazhuang", "handan"}
    pages = {p["folio"]: set(p["articles"]) for p in base["pages"]}
    assert pages[5] == {"danjiangkou", "gaosu-jiuzhu", "chunyun-jiuyuan", "zoushi-laoren", "malasong"}
    # an article named only on edition pages is not placed in the base edition
    assert not any("fanzha-wansun" in a for a in pages.values())
    handan = json.loads((out / "handan" / "report.json").read_text(encoding="utf-8"))
    assert {p["folio"]: set(p["articles"]) for p in handan["pages"]}[5] == {"danjiangkou", "malasong", "fanzha-wansun",
                                                                              "chunyun-jiuyuan", "gaosu-jiuzhu"}
    assert sorted(a["file"] for a in handan["ads"]) == ["bank.jpg", "phone.pdf"]


def test_shared_pages_are_planned_once_and_the_masthead_names_the_edition(built_editions):
    pdfium = pytest.importorskip("pypdfium2")
    built, out = built_editions
    for e in built.editions:
        assert e.shared == [6, 7]
        assert all(e.pages[k] is built.pages[k] for k in (2, 3))  # the base's own display lists
    for folder, name in ((out / "shijiazhuang", "石家庄版"), (out / "handan", "邯郸版"), (out, None)):
        pdf = pdfium.PdfDocument(folder / "page-04.pdf")
        text = pdf[0].get_textpage().get_text_range()
        pdf.close()
        assert "公安周" in text
        assert (name in text) if name else ("石家庄版" not in text and "邯郸版" not in text)


def _edition(yaml: str, replaces: str) -> str:
    return yaml + f"editions:\n  - name: city\n    masthead: {{edition: 城市版}}\n    pages:\n{replaces}"


def test_a_jump_between_shared_pages_still_resolves_in_the_edition(tmp_path):
    yaml = _edition(FILLED_PAGE_2, "      2:\n        template: inside\n        articles: [gamma]\n")
    folder = write_issue(tmp_path, issue_yaml=yaml,
                         articles={"alpha": long_article(45, "continues_on: 3\n"),
                                   "beta": long_article(44).replace("很长的报道", "第二版的报道"),
                                   "gamma": long_article(3).replace("很长的报道", "城市版的报道")})
    built = lay_out(folder, metrics=FakeMetrics())
    city = built.editions[0]
    assert [(j["from_page"], j["to_page"]) for j in city.report["articles"]["alpha"]["jumps"]] == [(1, 3)]
    assert (1, "（下转第3版）") in jump_lines(city.pages) and (3, "（上接第1版）") in jump_lines(city.pages)
    assert city.shared == [3] and city.pages[2] is built.pages[2]
    assert [set(m.article for m in p.modules) for p in city.pages][1] == {"gamma"}
    assert "beta" not in {m.article for p in city.pages for m in p.modules}


def test_an_edition_that_cuts_a_jump_in_half_is_an_error_and_nothing_is_written(tmp_path, capsys):
    yaml = _edition(FILLED_PAGE_2, "      3:\n        template: inside\n        articles: [gamma]\n")
    folder = write_issue(tmp_path, issue_yaml=yaml,
                         articles={"alpha": long_article(45, "continues_on: 3\n"),
                                   "beta": long_article(44).replace("很长的报道", "第二版的报道"),
                                   "gamma": long_article(3)})
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    [diag] = [d for d in err.value.diagnostics if d.level == "error"]
    assert "edition 'city' replaces page 3, but article 'alpha' jumps from page 1 to page 3" in diag.message
    assert diag.loc.file.name == "issue.yaml" and diag.loc.line == yaml.splitlines().index("      3:") + 1
    assert "replace page 1 in the edition too" in diag.hint


def test_bad_editions_are_reported_at_their_lines(tmp_path, capsys):
    pages = THREE_PAGES.replace("articles: [alpha]", "articles: [alpha, beta]")
    yaml = pages + ("editions:\n"
                    "  - name: City\n"                       # not a folder name
                    "    pages: {2: {template: inside, articles: [gamma]}}\n"
                    "  - name: east\n"
                    "    mastehad: {edition: 东部版}\n"          # unknown key
                    "    pages:\n"
                    "      9: {template: inside}\n"             # not a folio of the issue
                    "      2: {template: inside, articles: [beta]}\n"  # beta stands on shared page 1
                    "  - name: east\n"                           # a second edition of that name
                    "    pages: {3: {template: insde}}\n")
    folder = write_issue(tmp_path, issue_yaml=yaml)
    assert main(["build", str(folder), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    path = folder / "issue.yaml"
    line = {text.strip(): k + 1 for k, text in enumerate(yaml.splitlines())}
    assert f"{path}:{line['- name: City']}: error: edition name 'City' cannot be a folder name" in err
    assert f"{path}:{line['mastehad: {edition: 东部版}']}: error: unknown key 'mastehad' in edition 2" in err
    assert f"{path}:{line['9: {template: inside}']}: error: edition 'east' replaces page 9, which is not a folio" in err
    assert "article 'beta' is listed on page 1 (shared with the base edition)" in err
    assert f"{path}:{line['- name: east']}: error: two editions are named 'east'" in err  # the second one
    assert "Traceback" not in err and not (tmp_path / "out" / "mini").exists()


def test_a_rebuild_from_the_cache_writes_the_same_editions(tmp_path, built_editions, capsys):
    _, cold = built_editions
    out = tmp_path / "out"
    for _ in range(2):  # the second build takes every file from the build cache
        assert main(["build", str(SAMPLE), "--out", str(out)]) == 0
    for file in sorted(cold.rglob("*.pdf")):
        assert (out / SAMPLE.name / file.relative_to(cold)).read_bytes() == file.read_bytes(), file


def test_an_unnamed_article_the_base_placed_on_a_replaced_page_is_reported_not_dropped(tmp_path):
    two_pages = ("publication: 测试周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\ndate: 2025-04-15\nnumber: 1\n"
                 "first_page: 1\npages:\n  - template: front\n    articles: [alpha]\n"
                 "  - template: inside\n    articles: []\n")  # beta, named on no page, goes where there is room
    yaml = _edition(two_pages, "      1:\n        template: front\n        articles: [gamma]\n")
    folder = write_issue(tmp_path, issue_yaml=yaml, articles={"beta": long_article(2).replace("很长", "无名")})
    built = lay_out(folder, metrics=FakeMetrics())
    assert "beta" in built.report["pages"][0]["articles"]  # on page 1, next to alpha
    [warning] = [d for d in built.diags.warnings if "named on no page" in d.message]
    assert warning.message.startswith("edition 'city': article 'beta', named on no page, is on page 1")
    assert "beta" not in {m.article for p in built.editions[0].pages for m in p.modules}

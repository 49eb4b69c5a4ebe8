"""typeset.reading.source: issue folder -> model, and every kind of bad input reported with file, line, hint."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from typeset.errors import BuildError, Diagnostics
from typeset.reading.mdbody import parse_body
from typeset.model import Run
from typeset.reading.source import read_issue

ROOT = Path(__file__).resolve().parent.parent
GONGAN = ROOT / "issues" / "2025-04-15-gongan"
DISPATCH = ROOT / "issues" / "2024-11-05-dispatch"

ISSUE_YAML = """\
publication: Test Times
language: en
layout: tabloid-en
date: 2025-01-01
number: 7
pages:
  - template: front
    articles: [lead, second]
  - template: inside
    articles: [third]
"""
ARTICLES = {
    "lead": "---\nheadline: Lead story\npriority: 1\nphotos:\n  - file: images/p.png\n    caption: A photo\n---\nFirst.\n",
    "second": "---\nheadline: Second story\n---\nBody of two.\n",
    "third": "---\nheadline: Third story\n---\nBody of three.\n",
}


def make_issue(tmp_path: Path, issue_yaml: str = ISSUE_YAML, **articles: str | None) -> Path:
    """A minimal valid issue; pass slug=text to replace an article, slug=None to drop it."""
    folder = tmp_path / "2025-01-01-test"
    (folder / "articles").mkdir(parents=True)
    (folder / "images").mkdir()
    Image.new("RGB", (30, 20), "red").save(folder / "images" / "p.png")
    (folder / "issue.yaml").write_text(issue_yaml, encoding="utf-8")
    for slug, text in {**ARTICLES, **articles}.items():
        if text is not None:
            (folder / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")
    return folder


def read_ok(folder: Path):
    diags = Diagnostics()
    issue = read_issue(folder, diags)
    return issue, diags


def errors_of(folder: Path):
    with pytest.raises(BuildError) as info:
        read_issue(folder)
    assert all(d.level == "error" and d.hint for d in info.value.diagnostics)
    return info.value.diagnostics


def the_error(folder: Path, words: str, file: str, line: int):
    """The one error whose message contains `words`; check its file and line."""
    found = [d for d in errors_of(folder) if words in d.message]
    assert len(found) == 1, [d.format() for d in errors_of(folder)]
    diag = found[0]
    assert diag.loc.file.name == file, diag.format()
    assert diag.loc.line == line, diag.format()
    return diag


def photo_issue(tmp_path: Path, file: str) -> Path:
    lead = f"---\nheadline: Lead\nphotos:\n  - file: {file}\n---\nText.\n"
    return make_issue(tmp_path, lead=lead)


# -- the samples -------------------------------------------------------------------

def test_gongan_reads_cleanly():
    issue, diags = read_ok(GONGAN)
    assert diags.items == []
    assert (issue.name, issue.language, issue.layout) == ("2025-04-15-gongan", "zh-Hans", "tabloid-zh")
    assert (issue.date, issue.number, issue.first_page) == (dt.date(2025, 4, 15), 853, 4)
    assert len(issue.articles) == 20 and len(issue.pages) == 4
    assert list(issue.articles) == sorted(issue.articles)
    assert issue.pages[0].template == "front" and issue.pages[0].articles[0] == "xinjingwu"
    assert issue.pages[0].loc.line == 13 and issue.pages[3].loc.line == 19
    assert issue.masthead["slogan"] == ["对党忠诚 服务人民", "执法公正 纪律严明"]
    assert issue.is_chinese and len(issue.imprint) == 7
    assert issue.imprint[0].text == "省厅编审:杨江龙 0311-66990802"


def test_gongan_photo_and_subheads():
    issue, _ = read_ok(GONGAN)
    (photo,) = issue.articles["xinjingwu"].photos
    assert photo.caption == "图为石家庄市公安局新科侦支队民警分析研判线索。" and photo.credit == "资料图片"
    assert photo.file.is_absolute() and photo.file.name == "yanpan.png"
    assert (photo.width_px, photo.height_px) == (512, 512)
    assert photo.loc.file.name == "xinjingwu.md" and photo.loc.line == 7
    congtai = issue.articles["congtai"]
    assert (congtai.priority, congtai.continues_on) == (2, 7)
    subheads = [p for p in congtai.body if p.kind == "subhead"]
    assert [p.text for p in subheads] == ["文化浸润,警务工作添底蕴", "智慧赋能,指挥调度更精准", "立体巡防,提升安全保障力"]
    assert [p.loc.line for p in subheads] == [12, 16, 24]
    assert congtai.body[0].loc.line == 8 and congtai.body[0].kind == "para"
    assert congtai.field_locs["continues_on"].line == 6


def test_dispatch_reads_cleanly():
    issue, diags = read_ok(DISPATCH)
    assert diags.items == []
    assert issue.language == "en" and not issue.is_chinese
    assert len(issue.articles) == 9 and len(issue.pages) == 2 and issue.first_page == 1
    assert issue.pages[1].articles == ("crew-1", "minor-quake", "artemis-media", "disaster-declaration")
    quake = issue.articles["quake-socal"].photos[0]
    assert (quake.width_px, quake.height_px) == (1000, 872)


def test_english_lines_join_with_one_space():
    issue, _ = read_ok(DISPATCH)
    texts = [p.text for p in issue.articles["artemis-media"].body]
    assert "Rachel Kraft Headquarters, Washington 202-358-1100 rachel.h.kraft@nasa.gov" in texts


# -- the Markdown subset ---------------------------------------------------------------

def test_chinese_lines_join_without_space_and_bold(tmp_path):
    yaml = ISSUE_YAML.replace("language: en", "language: zh-Hans")
    body = "---\nheadline: 标题\n---\n第一行，\n  第二行**加粗**结束。\n\n### 小标题\n用 New\nYork 的**话\n"
    issue, diags = read_ok(make_issue(tmp_path, yaml, lead=body))
    paras = issue.articles["lead"].body
    assert paras[0].runs == (Run("第一行，第二行"), Run("加粗", bold=True), Run("结束。"))
    assert (paras[1].kind, paras[1].text, paras[1].loc.line) == ("subhead", "小标题", 7)
    assert paras[2].text == "用 New York 的**话"  # Latin words keep a space; unmatched ** kept
    (warning,) = diags.warnings
    assert "unmatched '**'" in warning.message and warning.loc.line == 9 and warning.hint


def test_subhead_ends_paragraph_and_other_markdown_is_literal(tmp_path):
    body = "---\nheadline: H\n---\n# Not a heading\n* not a list\n### Sub ###\nAfter **bold** and\n  more.\n"
    issue, diags = read_ok(make_issue(tmp_path, lead=body))
    paras = issue.articles["lead"].body
    assert [(p.kind, p.text) for p in paras] == [
        ("para", "# Not a heading * not a list"), ("subhead", "Sub"), ("para", "After bold and more.")]
    assert paras[2].runs[1] == Run("bold", bold=True)
    assert [p.loc.line for p in paras] == [4, 6, 7] and diags.items == []


def test_empty_body_is_a_warning(tmp_path):
    issue, diags = read_ok(make_issue(tmp_path, second="---\nheadline: Empty\n---\n\n"))
    assert issue.articles["second"].body == ()
    (warning,) = diags.warnings
    assert "no body text" in warning.message and warning.loc.file.name == "second.md"


def test_utf8_bom_is_tolerated(tmp_path):
    folder = make_issue(tmp_path)
    (folder / "articles" / "second.md").write_bytes(b"\xef\xbb\xbf" + ARTICLES["second"].encode())
    issue, _ = read_ok(folder)
    assert issue.articles["second"].headline == "Second story"


# -- a small valid issue ---------------------------------------------------------------

def test_minimal_issue_defaults_and_slots(tmp_path):
    yaml = ISSUE_YAML.replace("articles: [third]", "articles:\n      - {article: third, slot: lead}")
    issue, diags = read_ok(make_issue(tmp_path, yaml, extra="---\nheadline: On no page\n---\nText.\n"))
    assert diags.items == [] and issue.first_page == 1 and issue.masthead == {} and issue.imprint == ()
    assert issue.pages[1].articles == ("third",) and issue.pages[1].slots == {"third": "lead"}
    assert "extra" in issue.articles and issue.articles["second"].priority == 3
    assert issue.articles["second"].continues_on is None
    lead = issue.articles["lead"]
    assert (lead.photos[0].width_px, lead.photos[0].height_px, lead.photos[0].credit) == (30, 20, "")
    assert lead.field_locs["headline"].line == 2 and lead.loc.line == 1


def test_iso_string_date_and_free_masthead(tmp_path):
    yaml = ISSUE_YAML.replace("date: 2025-01-01", "date: '2025-01-02'") + "masthead:\n  any_thing: 3\n  lines: [a, b]\n"
    issue, _ = read_ok(make_issue(tmp_path, yaml))
    assert issue.date == dt.date(2025, 1, 2) and issue.masthead == {"any_thing": 3, "lines": ["a", "b"]}


def test_imprint_is_read_with_chinese_joining(tmp_path):
    yaml = ISSUE_YAML.replace("language: en", "language: zh-Hant") + "imprint: imprint.md\n"
    folder = make_issue(tmp_path, yaml)
    (folder / "imprint.md").write_text("編輯：\n張三\n\n地址\n", encoding="utf-8")
    issue, _ = read_ok(folder)
    assert [p.text for p in issue.imprint] == ["編輯：張三", "地址"] and issue.imprint[1].loc.line == 4


def test_exif_orientation_swaps_width_and_height(tmp_path):
    folder = photo_issue(tmp_path, "images/turned.jpg")
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (40, 10)).save(folder / "images" / "turned.jpg", exif=exif)
    issue, _ = read_ok(folder)
    photo = issue.articles["lead"].photos[0]
    assert (photo.width_px, photo.height_px) == (10, 40)


def test_warnings_and_errors_reach_the_callers_diagnostics(tmp_path):
    folder = make_issue(tmp_path, second="---\nheadline: Two\n---\n", third="---\nheadline: ''\n---\nx\n")
    diags = Diagnostics()
    with pytest.raises(BuildError):
        read_issue(folder, diags)
    assert len(diags.warnings) == 1 and len(diags.errors) == 1


# -- folders and YAML ------------------------------------------------------------------

def test_missing_folder(tmp_path):
    (diag,) = errors_of(tmp_path / "nope")
    assert "does not exist" in diag.message and "nope" in diag.message


def test_folder_is_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    (diag,) = errors_of(tmp_path / "file")
    assert "not a folder" in diag.message


def test_no_issue_yaml(tmp_path):
    folder = make_issue(tmp_path)
    (folder / "issue.yaml").unlink()
    (diag,) = errors_of(folder)
    assert "no issue.yaml" in diag.message and diag.loc.file.name == "issue.yaml"


def test_invalid_issue_yaml_is_reported_with_article_problems(tmp_path):
    folder = make_issue(tmp_path, ISSUE_YAML.replace("number: 7", "number: 7: 8"),
                        second="---\nheadline: [unclosed\n---\nx\n")
    diags = errors_of(folder)
    assert {(d.loc.file.name, d.loc.line) for d in diags} == {("issue.yaml", 5), ("second.md", 2)}
    assert all("invalid YAML" in d.message for d in diags)


def test_invalid_front_matter_yaml_has_file_line(tmp_path):
    folder = make_issue(tmp_path, third="---\nheadline: Ok\nbyline: a: b\n---\nx\n")
    diag = the_error(folder, "invalid YAML", "third.md", 3)
    assert "quote" in diag.hint


def test_front_matter_missing(tmp_path):
    diag = the_error(make_issue(tmp_path, third="Just text.\n"), "front matter", "third.md", 1)
    assert "'---'" in diag.hint


def test_front_matter_unterminated(tmp_path):
    diag = the_error(make_issue(tmp_path, third="---\nheadline: x\n\nBody\n"), "never closed", "third.md", 1)
    assert "'---'" in diag.hint


def test_front_matter_not_a_mapping(tmp_path):
    the_error(make_issue(tmp_path, third="---\n- a\n- b\n---\nx\n"), "key: value", "third.md", 2)


def test_undecodable_article(tmp_path):
    folder = make_issue(tmp_path)
    (folder / "articles" / "third.md").write_bytes(b"---\nheadline: x\n---\nok\nbad \xff\xfe\n")
    diag = the_error(folder, "UTF-8", "third.md", 5)
    assert "UTF-8" in diag.hint


# -- unknown keys, required fields, types -----------------------------------------------

@pytest.mark.parametrize("yaml, words, line, suggestion", [
    (ISSUE_YAML + "publicaton: x\n", "unknown key 'publicaton' in issue.yaml", 11, "publication"),
    (ISSUE_YAML.replace("articles: [third]", "articles: [third]\n    templat: x"), "unknown key 'templat'", 11, "template"),
    (ISSUE_YAML.replace("articles: [third]", "articles:\n      - {article: third, slt: a}"), "unknown key 'slt'", 11, "slot"),
])
def test_unknown_keys_in_issue_yaml(tmp_path, yaml, words, line, suggestion):
    diag = the_error(make_issue(tmp_path, yaml), words, "issue.yaml", line)
    assert f"did you mean '{suggestion}'" in diag.hint and "allowed keys:" in diag.hint


def test_unknown_key_in_front_matter(tmp_path):
    diag = the_error(make_issue(tmp_path, second="---\nheadline: x\nsubtitel: y\n---\nz\n"),
                     "unknown key 'subtitel'", "second.md", 3)
    assert "did you mean 'subtitle'" in diag.hint and "continues_on" in diag.hint


def test_unknown_key_in_photo(tmp_path):
    lead = "---\nheadline: L\nphotos:\n  - file: images/p.png\n    captoin: x\n---\nx\n"
    diag = the_error(make_issue(tmp_path, lead=lead), "unknown key 'captoin'", "lead.md", 5)
    assert "did you mean 'caption'" in diag.hint


@pytest.mark.parametrize("old, new, words, line", [
    ("publication: Test Times\n", "", "has no 'publication'", 1),
    ("language: en", "language: zh-hans", "language 'zh-hans' is not supported", 2),
    ("layout: tabloid-en\n", "", "has no 'layout'", 1),
    ("date: 2025-01-01", "date: 15 April", "'date' must be a date", 4),
    ("number: 7", "number: '853'", "'number' in issue.yaml must be a whole number", 5),
    ("number: 7\n", "", "has no 'number'", 1),
    ("number: 7", "number: 7\nfirst_page: 0", "'first_page' in issue.yaml must be a whole number", 6),
    ("number: 7", "number: 7\nmasthead: [a]", "'masthead' must be a mapping", 6),
    ("number: 7", "number: 7\nmasthead:\n  box: {a: 1}", "masthead field 'box'", 7),
    ("publication: Test Times", "publication: [a, b]", "'publication' in issue.yaml must be text", 1),
])
def test_issue_fields(tmp_path, old, new, words, line):
    diag = the_error(make_issue(tmp_path, ISSUE_YAML.replace(old, new)), words, "issue.yaml", line)
    if "language" in words:
        assert "did you mean 'zh-Hans'" in diag.hint and "zh-Hant" in diag.hint
    if "number" in words and "whole" in words:
        assert "a number" in diag.hint or "number such as" in diag.hint


@pytest.mark.parametrize("pages, words, line", [
    ("pages: []\n", "'pages' must be a non-empty list", 6),
    ("first_page: 2\n", "has no 'pages'", 1),
    ("pages:\n  - articles: [lead]\n", "has no 'template'", 7),
    ("pages:\n  - template: front\n    articles: lead\n", "'articles' of page 1 must be a list", 8),
    ("pages:\n  - front\n", "page 1 must be a mapping", 7),
])
def test_pages_shape(tmp_path, pages, words, line):
    yaml = ISSUE_YAML.split("pages:")[0] + pages
    the_error(make_issue(tmp_path, yaml), words, "issue.yaml", line)


def test_page_names_missing_article(tmp_path):
    yaml = ISSUE_YAML.replace("articles: [third]", "articles:\n      - thrid")
    diag = the_error(make_issue(tmp_path, yaml), "names article 'thrid'", "issue.yaml", 11)
    assert "page 2 names article 'thrid' but" in diag.message and "articles/thrid.md does not exist" in diag.message
    assert "did you mean 'third'" in diag.hint and "create articles/thrid.md" in diag.hint


def test_page_names_missing_article_with_folio(tmp_path):
    yaml = ISSUE_YAML.replace("number: 7", "number: 7\nfirst_page: 4").replace("[third]", "[third, gone]")
    diag = the_error(make_issue(tmp_path, yaml), "'gone'", "issue.yaml", 11)
    assert diag.message.startswith("page 2 (folio 5) names article 'gone'")


def test_article_on_two_pages(tmp_path):
    yaml = ISSUE_YAML.replace("articles: [third]", "articles:\n      - third\n      - lead")
    diag = the_error(make_issue(tmp_path, yaml), "'lead' is listed", "issue.yaml", 12)
    assert "line 8" in diag.message and "line 12" in diag.message and "continues_on" in diag.hint


def test_article_twice_on_one_page(tmp_path):
    yaml = ISSUE_YAML.replace("[third]", "[third, third]")
    the_error(make_issue(tmp_path, yaml), "'third' is listed twice on page 2", "issue.yaml", 10)


def test_slot_given_twice(tmp_path):
    yaml = ISSUE_YAML.replace("[lead, second]", "[{article: lead, slot: top}, {article: second, slot: top}]")
    the_error(make_issue(tmp_path, yaml), "slot 'top'", "issue.yaml", 8)


def test_bad_slug(tmp_path):
    diag = the_error(make_issue(tmp_path, Bad_Name="---\nheadline: x\n---\ny\n"), "not a valid slug", "Bad_Name.md", 0)
    assert "lowercase" in diag.hint


@pytest.mark.parametrize("front, words, line", [
    ("byline: x\n", "has no 'headline'", 2),
    ("headline: '  '\n", "'headline' in the front matter of articles/second.md is empty", 2),
    ("headline: x\npriority: 0\n", "'priority'", 3),
    ("headline: x\npriority: high\n", "'priority'", 3),
    ("headline: x\ncontinues_on: next\n", "'continues_on'", 3),
    ("headline: x\nbyline: yes\n", "'byline' in the front matter of articles/second.md must be text", 3),
    ("headline: x\nphotos: images/p.png\n", "'photos' must be a list", 3),
    ("headline: x\nphotos:\n  - images/p.png\n", "photo 1 of articles/second.md must be a mapping", 4),
    ("headline: x\nphotos:\n  - caption: c\n", "has no 'file'", 4),
])
def test_article_fields(tmp_path, front, words, line):
    diag = the_error(make_issue(tmp_path, second=f"---\n{front}---\nBody.\n"), words, "second.md", line)
    if "whole number" in diag.message:
        assert "number such as" in diag.hint


@pytest.mark.parametrize("front, words", [
    ("headline: x\ncontinues_on: 9\n", "continues_on: 9 is not a page of this issue"),
    ("headline: x\ncontinues_on: 1\n", "continues_on the same page"),
])
def test_continues_on_a_page_it_cannot_use_warns(tmp_path, front, words):
    """Not an error: the article may fit; if it jumps it goes to the next page with room."""
    from typeset.errors import Diagnostics

    diags = Diagnostics()
    read_issue(make_issue(tmp_path, second=f"---\n{front}---\nBody.\n"), diags)
    (warning,) = [d for d in diags.warnings if words in d.message]
    assert warning.loc.file.name == "second.md" and warning.loc.line == 3


def test_all_problems_are_reported_at_once(tmp_path):
    folder = make_issue(tmp_path, ISSUE_YAML + "colour: red\n",
                        second="---\nbyline: x\n---\ny\n", third="---\nheadline: x\nprio: 1\n---\ny\n")
    assert len(errors_of(folder)) == 3


# -- photos and the imprint -----------------------------------------------------------

def test_photo_missing(tmp_path):
    diag = the_error(photo_issue(tmp_path, "images/q.png"), "does not exist", "lead.md", 4)
    assert "images/q.png" in diag.message and "did you mean 'p.png'" in diag.hint


def test_photo_path_escaping_folder(tmp_path):
    diag = the_error(photo_issue(tmp_path, "../../etc/passwd"), "outside the issue folder", "lead.md", 4)
    assert "copy the file into the issue folder" in diag.hint


def test_photo_path_absolute(tmp_path):
    diag = the_error(photo_issue(tmp_path, "/etc/passwd"), "is absolute", "lead.md", 4)
    assert "relative" in diag.hint


def test_photo_symlink_escaping_folder(tmp_path):
    outside = tmp_path / "outside.png"
    Image.new("RGB", (5, 5)).save(outside)
    folder = photo_issue(tmp_path, "images/link.png")
    (folder / "images" / "link.png").symlink_to(outside)
    the_error(folder, "outside the issue folder", "lead.md", 4)


def test_photo_dotdot_inside_folder_is_fine(tmp_path):
    issue, _ = read_ok(photo_issue(tmp_path, "images/../images/p.png"))
    assert issue.articles["lead"].photos[0].file == (tmp_path / "2025-01-01-test/images/p.png").resolve()


def test_photo_not_an_image(tmp_path):
    folder = photo_issue(tmp_path, "images/x.png")
    (folder / "images" / "x.png").write_bytes(b"this is not a png at all" * 10)
    diag = the_error(folder, "cannot read image 'images/x.png'", "lead.md", 4)
    assert "re-export" in diag.hint


def test_photo_truncated_png(tmp_path):
    folder = photo_issue(tmp_path, "images/t.png")
    Image.effect_noise((64, 64), 50).save(folder / "images" / "full.png")
    data = (folder / "images" / "full.png").read_bytes()
    (folder / "images" / "t.png").write_bytes(data[: len(data) // 2])
    the_error(folder, "cannot read image 'images/t.png'", "lead.md", 4)


def test_photo_is_a_folder(tmp_path):
    folder = photo_issue(tmp_path, "images")
    the_error(folder, "is not a file", "lead.md", 4)


def test_photo_decompression_bomb(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    folder = photo_issue(tmp_path, "images/p.png")  # 30 x 20 = 600 pixels: over 2x the limit
    diag = the_error(folder, "too large", "lead.md", 4)
    assert "scale the image down" in diag.hint
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 500)  # over the limit, under 2x: a warning made an error
    the_error(folder, "too large", "lead.md", 4)


def test_imprint_missing(tmp_path):
    folder = make_issue(tmp_path, ISSUE_YAML + "imprint: imprint.md\n")
    the_error(folder, "imprint file 'imprint.md' does not exist", "issue.yaml", 11)


def test_imprint_outside(tmp_path):
    folder = make_issue(tmp_path, ISSUE_YAML + "imprint: ../imprint.md\n")
    the_error(folder, "outside the issue folder", "issue.yaml", 11)


def test_samples_are_not_modified_by_reading(tmp_path):
    copy = tmp_path / GONGAN.name
    shutil.copytree(GONGAN, copy)
    read_issue(copy)
    assert sorted(p.name for p in copy.rglob("*")) == sorted(p.name for p in GONGAN.rglob("*"))


# -- property: the Markdown subset loses and duplicates no text --------------------------

@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab中文 *#\t")), max_size=12), max_size=8),
       st.booleans())
def test_body_parsing_keeps_every_character(lines, chinese):
    diags = Diagnostics()
    paras = parse_body(lines, 1, Path("x.md"), chinese, diags)

    def chars(text: str) -> str:  # what must survive: all but whitespace, '*' and '#'
        return "".join(c for c in text if not c.isspace() and c not in "*#")

    assert chars("".join(p.text for p in paras)) == chars("".join(lines))
    assert all(p.runs and all(r.text for r in p.runs) for p in paras)
    assert all(d.level == "warning" for d in diags.items)


def test_page_without_articles_is_allowed(tmp_path):
    yaml = ISSUE_YAML + "  - template: inside\n  - template: inside\n    articles:\n"
    issue, diags = read_ok(make_issue(tmp_path, yaml))
    assert [p.articles for p in issue.pages[2:]] == [(), ()] and diags.items == []

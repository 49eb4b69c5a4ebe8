"""What reaches the press is what was written (issue 16, the input half).

Characters that are no text (control characters, lone surrogates,
noncharacters), files that cannot be read or decoded, and display lines over
their style's max_lines each get a `file:line: level: message` with a hint,
never silence and never a traceback.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from minissue import ZH_BODY, write_issue
from typeset import LAYOUTS, lay_out
from typeset.tools.cli import main
from typeset.errors import BuildError, Diagnostics
from typeset.fonts.metrics import FakeMetrics
from typeset.reading.source import read_issue

ROOT = Path(__file__).resolve().parent.parent
ISSUE_WITH_IMPRINT = ("publication: 测试周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\ndate: 2025-04-15\nnumber: 1\n"
                      "first_page: 1\nimprint: imprint.md\npages:\n  - template: front\n    articles: [alpha, beta]\n"
                      "  - template: inside\n    articles: [gamma]\n")


def build(capsys, folder: Path, out: Path) -> tuple[int, str]:
    status = main(["build", str(folder), "--out", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err


def errors_of(folder: Path) -> list:
    with pytest.raises(BuildError) as info:
        read_issue(folder)
    found = info.value.diagnostics
    assert all(d.level == "error" and d.hint for d in found), [d.format() for d in found]
    return found


def one(diags, words: str, file: str, line: int):
    found = [d for d in diags if words in d.message]
    assert len(found) == 1, [d.format() for d in diags]
    assert (found[0].loc.file.name, found[0].loc.line) == (file, line), found[0].format()
    assert found[0].hint
    return found[0]


# -- 1. control characters: dropped, with one warning per file -------------------------------

def test_control_characters_in_the_body_are_dropped_with_one_warning(tmp_path):
    beta = "---\nheadline: 景中有警\n---\n近年来，我省公安机关。\n\n统筹\x00高质量\x00发展\x07和\x00安全。\n"
    built = lay_out(write_issue(tmp_path, articles={"beta": beta}), metrics=FakeMetrics())
    diag = one(built.diags.warnings, "control characters dropped", "beta.md", 6)
    assert "U+0000 (3 times, first on line 6)" in diag.message and "U+0007 (on line 6)" in diag.message
    assert built.issue.articles["beta"].body[1].text == "统筹高质量发展和安全。"


def test_control_characters_in_front_matter_raw_or_escaped(tmp_path):
    # A raw NUL in front matter used to stop the build as invalid YAML; an escaped one
    # ("\0" in a double-quoted value) went through silently. Both are dropped and named.
    beta = ("---\nheadline: 景中有\x00警\nsubtitle: \"副题\\a文字\"\nphotos:\n  - file: images/p.png\n"
            "    caption: \"图为\\x1b民警\"\n---\n正文\x1f。\n")
    diags = Diagnostics()
    issue = read_issue(write_issue(tmp_path, articles={"beta": beta}), diags)
    diag = one(diags.warnings, "control characters dropped", "beta.md", 2)
    for part in ("U+0000 (on line 2)", "U+0007 (on line 3)", "U+001B (on line 6)", "U+001F (on line 8)"):
        assert part in diag.message, diag.message
    beta = issue.articles["beta"]
    assert (beta.headline, beta.subtitle, beta.photos[0].caption, beta.body[0].text) == (
        "景中有警", "副题文字", "图为民警", "正文。")


def test_a_vertical_tab_still_separates_words(tmp_path):
    issue_yaml = ("publication: Test\nlanguage: en\nlayout: tabloid-en\ndate: 2025-01-01\nnumber: 1\n"
                  "pages:\n  - template: front\n    articles: [alpha]\n")
    alpha = "---\nheadline: Lead\n---\nNew\x0bYork and\x0cBoston.\n"
    diags = Diagnostics()
    issue = read_issue(write_issue(tmp_path, issue_yaml=issue_yaml, articles={"alpha": alpha, "beta": None,
                                                                             "gamma": None}), diags)
    assert issue.articles["alpha"].body[0].text == "New York and Boston."
    diag = one(diags.warnings, "control characters dropped", "alpha.md", 4)
    assert "U+000B (on line 4; read as a space)" in diag.message


def test_control_characters_in_issue_yaml_and_imprint(tmp_path):
    folder = write_issue(tmp_path, issue_yaml=ISSUE_WITH_IMPRINT.replace("publication: 测试周刊",
                                                                         "publication: \"测试\\0周刊\""))
    (folder / "imprint.md").write_text("编辑\x08：张三\n", encoding="utf-8")
    diags = Diagnostics()
    issue = read_issue(folder, diags)
    assert issue.publication == "测试周刊" and issue.imprint[0].text == "编辑：张三"
    one(diags.warnings, "control characters dropped: U+0000", "issue.yaml", 1)
    one(diags.warnings, "control characters dropped: U+0008", "imprint.md", 1)


def test_clean_text_gives_no_warning(tmp_path):
    diags = Diagnostics()
    read_issue(write_issue(tmp_path, articles={"beta": "---\nheadline: 标题\n---\n正文\t有\r\n制表符。\r\n"}), diags)
    assert not [d for d in diags.items if "control" in d.message]


# -- 2. not characters: lone surrogates and noncharacters are errors ------------------------------

def test_a_lone_surrogate_in_a_headline_fails_cleanly(tmp_path, capsys):
    folder = write_issue(tmp_path, articles={"beta": "---\nheadline: \"景中有\\ud800警\"\n---\n正文。\n"})
    out = tmp_path / "out"
    status, err = build(capsys, folder, out)
    assert status == 2, err
    assert "beta.md:2: error: U+D800 in 'headline' is a lone surrogate" in err, err
    assert not list(out.rglob("*.pdf"))


def test_noncharacters_name_the_code_point_the_field_and_the_line(tmp_path):
    beta = ("---\nheadline: 景中有警\nsubtitle: \"副题\\U0001FFFE\"\nphotos:\n  - file: images/p.png\n"
            "    caption: 图为\ufdd0民警\n---\n正文。\n\n第二段\uffff文字\uffff。\n")
    folder = write_issue(tmp_path, articles={"beta": beta},
                         issue_yaml=ISSUE_WITH_IMPRINT.replace("publication: 测试周刊", "publication: \"测试\\uFDEF\""))
    (folder / "imprint.md").write_text("编辑：张三\n\n校对\U0010FFFF\n", encoding="utf-8")
    found = errors_of(folder)
    one(found, "U+1FFFE in 'subtitle' is a noncharacter", "beta.md", 3)
    one(found, "U+FDD0 in 'photos[1].caption' is a noncharacter", "beta.md", 6)
    one(found, "U+FFFF in the body is a noncharacter (reserved, never printed) (2 times)", "beta.md", 10)
    one(found, "U+FDEF in 'publication' is a noncharacter", "issue.yaml", 1)
    one(found, "U+10FFFF in the imprint is a noncharacter", "imprint.md", 3)


def test_partial_reading_goes_on_with_the_replacement_character(tmp_path):
    folder = write_issue(tmp_path, articles={"beta": "---\nheadline: \"标题\\udfff\"\n---\n正文。\n"})
    diags = Diagnostics()
    issue = read_issue(folder, diags, partial=True)
    assert issue.articles["beta"].headline == "标题\ufffd"
    one(diags.errors, "U+DFFF in 'headline' is a lone surrogate", "beta.md", 2)


def test_an_escaped_surrogate_pair_is_the_character_it_encodes(tmp_path):
    folder = write_issue(tmp_path, articles={"beta": "---\nheadline: \"标题\\ud840\\udc00\"\n---\n正文。\n"})
    issue = read_issue(folder, Diagnostics())
    assert issue.articles["beta"].headline == "标题\U00020000"


@pytest.mark.parametrize("where", ["issue.yaml", "articles/beta.md", "imprint.md"])
def test_invalid_utf8_names_the_byte_offset_and_line(tmp_path, where):
    folder = write_issue(tmp_path, issue_yaml=ISSUE_WITH_IMPRINT)
    (folder / "imprint.md").write_text("编辑：张三\n\n校对：李四\n", encoding="utf-8")
    path = folder / where
    data = path.read_bytes()
    cut = data.index(b"\n", data.index(b"\n") + 1) + 1  # the start of line 3
    path.write_bytes(data[:cut] + b"ab\xff" + data[cut:])
    diag = one(errors_of(folder), "is not valid UTF-8", path.name, 3)
    assert f"byte 0xff at offset {cut + 2}" in diag.message


def test_a_utf16_file_says_so(tmp_path):
    folder = write_issue(tmp_path)
    path = folder / "articles" / "beta.md"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    diag = one(errors_of(folder), "beta.md is saved as UTF-16, not UTF-8", "beta.md", 1)
    assert "UTF-8" in diag.hint


# -- 3. display lines over the style's max_lines -----------------------------------------------

def test_a_headline_over_max_lines_warns_once(tmp_path):
    long = "景中有警游客畅游更安心" * 27  # ~300 characters: many lines at any width
    folder = write_issue(tmp_path, articles={"beta": f"---\nbyline: □ 韩超\nheadline: {long}\n---\n{ZH_BODY}\n"})
    built = lay_out(folder, metrics=FakeMetrics())
    diag = one(built.diags.warnings, "the headline of beta is set in", "beta.md", 3)
    assert "more than the 2 its style allows (max_lines: 2)" in diag.message
    assert "shorten the headline, or raise max_lines" in diag.hint


def test_a_short_headline_gives_no_max_lines_warning(tmp_path):
    built = lay_out(write_issue(tmp_path), metrics=FakeMetrics())
    assert not [d for d in built.diags.warnings if "max_lines" in d.message]


def test_other_display_blocks_over_max_lines_warn_too(tmp_path):
    folder = write_issue(tmp_path, issue_yaml=(
        "publication: 测试周刊\nlanguage: zh-Hans\nlayout: narrow.yaml\ndate: 2025-04-15\nnumber: 1\n"
        "pages:\n  - template: front\n    articles: [alpha, beta]\n  - template: inside\n    articles: [gamma]\n"),
        articles={"gamma": f"---\noverline: {'为应对极端大风雨雪和降温天气' * 6}——\nheadline: 联勤值守\n---\n{ZH_BODY}\n"})
    layout = (LAYOUTS / "tabloid-zh.yaml").read_text(encoding="utf-8")
    old = "overline: {font: kai, latin: latin-serif, size: 12pt,"
    assert old in layout
    (folder / "narrow.yaml").write_text(layout.replace(old, old + " max_lines: 1,"), encoding="utf-8")
    built = lay_out(folder, metrics=FakeMetrics())
    diag = one(built.diags.warnings, "the overline of gamma is set in", "gamma.md", 2)
    assert "(max_lines: 1)" in diag.message


# -- 4. files that cannot be read ---------------------------------------------------------------

def test_issue_yaml_that_is_a_folder(tmp_path, capsys):
    folder = write_issue(tmp_path)
    (folder / "issue.yaml").unlink()
    (folder / "issue.yaml").mkdir()
    status, err = build(capsys, folder, tmp_path / "out")
    assert status == 2 and "issue.yaml: error: " in err and "issue.yaml is a folder, not a file" in err, err


def test_article_that_is_a_folder(tmp_path, capsys):
    folder = write_issue(tmp_path)
    (folder / "articles" / "beta.md").unlink()
    (folder / "articles" / "beta.md").mkdir()
    status, err = build(capsys, folder, tmp_path / "out")
    assert status == 2 and "articles/beta.md is a folder, not a file" in err, err


def test_imprint_that_is_a_folder(tmp_path):
    folder = write_issue(tmp_path, issue_yaml=ISSUE_WITH_IMPRINT)
    (folder / "imprint.md").mkdir()
    diag = one(errors_of(folder), "imprint file 'imprint.md' is not a file but a folder", "issue.yaml", 7)
    assert "did you mean" not in diag.hint


_UNREADABLE = {  # what is made unreadable -> what the message must say
    "article": ("articles/beta.md", 0o000, "beta.md: error: cannot read"),
    "issue.yaml": ("issue.yaml", 0o000, "issue.yaml: error: cannot read"),
    "imprint": ("imprint.md", 0o000, "imprint.md: error: cannot read"),
    "articles folder": ("articles", 0o000, "articles: error: cannot read the folder"),
    "articles folder not searchable": ("articles", 0o444, "alpha.md: error: cannot read"),
    "images folder": ("images", 0o000, "cannot read photo 'images/p.png'"),
    "issue folder": (".", 0o600, "mini: error: cannot read"),
}


def _unprivileged() -> list[str]:
    """A command prefix that runs without root's right to read anything (and a skip if none)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root and no setpriv to drop privileges: permissions cannot be tested")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_unreadable_files_are_errors_not_tracebacks():
    prefix = _unprivileged()
    base = Path(tempfile.mkdtemp(prefix="typeset-perm-"))
    try:
        base.chmod(0o777)
        cases = {}
        for name, (what, mode, _) in _UNREADABLE.items():
            root = base / name.replace(" ", "-")
            folder = write_issue(root, issue_yaml=ISSUE_WITH_IMPRINT)
            (folder / "imprint.md").write_text("编辑：张三\n", encoding="utf-8")
            for p in [root, *root.rglob("*")]:
                p.chmod(0o777 if p.is_dir() else 0o666)
            cases[name] = (folder, folder / what, mode)
        for folder, target, mode in cases.values():
            target.chmod(mode)
        script = ("import io, json, sys, traceback, contextlib\nfrom typeset.tools.cli import main\nres = {}\n"
                  "for name, folder, out in json.loads(sys.argv[1]):\n"
                  "    err = io.StringIO()\n"
                  "    with contextlib.redirect_stderr(err):\n"
                  "        try:\n            status = main(['build', folder, '--out', out])\n"
                  "        except BaseException:\n            status = -1\n            traceback.print_exc()\n"
                  "    res[name] = [status, err.getvalue()]\nprint(json.dumps(res))\n")
        args = [[name, str(folder), str(base / "out")] for name, (folder, _, _) in cases.items()]
        env = {**os.environ, "HOME": str(base), "PYTHONPATH": str(ROOT)}
        proc = subprocess.run([*prefix, sys.executable, "-c", script, json.dumps(args)], cwd=base,
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        results = json.loads(proc.stdout)
        for name, (_, _, words) in _UNREADABLE.items():
            status, err = results[name]
            assert "Traceback" not in err, (name, err)
            assert status == 2 and words in err, (name, err)
            assert "hint: " in err, (name, err)
        assert "does not exist" not in results["articles folder"][1]  # no follow-on noise
        assert not list((base / "out").rglob("*.pdf"))
    finally:
        base.chmod(0o777)
        for top, dirs, _ in os.walk(base):  # open each folder before the walk goes into it
            for d in dirs:
                os.chmod(os.path.join(top, d), 0o777)
        shutil.rmtree(base, ignore_errors=True)

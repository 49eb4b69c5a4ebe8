"""Bad input at the command line: one clear message naming the file, exit 2, nothing written."""
import pytest

from minissue import write_issue
from typeset.tools.cli import main


def run(capsys, folder, out):
    status = main(["build", str(folder), "--out", str(out)])
    captured = capsys.readouterr()
    return status, captured.err


def test_minimal_issue_builds(tmp_path, capsys):
    folder = write_issue(tmp_path)
    status, err = run(capsys, folder, tmp_path / "out")
    assert status == 0, err
    assert (tmp_path / "out" / "mini" / "issue.pdf").is_file()
    assert (tmp_path / "out" / "mini" / "page-02.pdf").is_file()


CASES = {
    "invalid yaml": (dict(issue_yaml="publication: [unclosed\nlanguage: zh-Hans\n"), "issue.yaml"),
    "unknown layout": (dict(issue_yaml="publication: 周刊\nlanguage: zh-Hans\nlayout: broadsheet-xx\n"
                                       "date: 2025-04-15\nnumber: 1\npages:\n  - template: front\n"
                                       "    articles: [alpha]\n"), "issue.yaml:3"),
    "unknown template": (dict(issue_yaml="publication: 周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\n"
                                         "date: 2025-04-15\nnumber: 1\npages:\n  - template: back\n"
                                         "    articles: [alpha, beta, gamma]\n"), "issue.yaml:7"),
    "article on two pages": (dict(issue_yaml="publication: 周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\n"
                                             "date: 2025-04-15\nnumber: 1\npages:\n  - template: front\n"
                                             "    articles: [alpha, beta]\n  - template: inside\n"
                                             "    articles: [beta, gamma]\n"), "issue.yaml"),
    "page names a missing article": (dict(issue_yaml="publication: 周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\n"
                                                     "date: 2025-04-15\nnumber: 1\npages:\n  - template: front\n"
                                                     "    articles: [alpha, beta, gamma, nosuch]\n"), "issue.yaml"),
    "missing headline": (dict(articles={"beta": "---\nbyline: x\n---\n正文。\n"}), "beta.md"),
    "unknown key": (dict(articles={"beta": "---\nheadline: 标题\nheadlne: 错\n---\n正文。\n"}), "beta.md:3"),
    "photo missing": (dict(articles={"beta": "---\nheadline: 标题\nphotos:\n  - file: images/none.png\n---\n正文。\n"}),
                      "beta.md"),
    "photo outside the issue": (dict(articles={"beta": "---\nheadline: 标题\nphotos:\n  - file: ../../x.png\n---\n正文。\n"}),
                                "beta.md"),
    "no font has the character": (dict(articles={"beta": "---\nheadline: 标题\n---\n正文\U0010fffd。\n"}), "beta.md:4"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(tmp_path, capsys, case):
    kwargs, where = CASES[case]
    folder = write_issue(tmp_path, **kwargs)
    out = tmp_path / "out"
    status, err = run(capsys, folder, out)
    assert status == 2, err
    assert where in err, err
    assert "Traceback" not in err
    assert not list(out.rglob("*.pdf")) and not list(out.rglob("report.json"))


def test_unreadable_image(tmp_path, capsys):
    folder = write_issue(tmp_path)
    (folder / "images" / "p.png").write_bytes(b"not an image at all")
    status, err = run(capsys, folder, tmp_path / "out")
    assert status == 2 and "p.png" in err and "alpha.md" in err


def test_failed_build_leaves_previous_output_intact(tmp_path, capsys):
    folder = write_issue(tmp_path)
    out = tmp_path / "out"
    assert run(capsys, folder, out)[0] == 0
    before = (out / "mini" / "issue.pdf").read_bytes()
    (folder / "articles" / "beta.md").write_text("---\nbyline: no headline\n---\n正文。\n", encoding="utf-8")
    assert run(capsys, folder, out)[0] == 2
    assert (out / "mini" / "issue.pdf").read_bytes() == before


def test_text_that_fits_nowhere_fails_loudly(tmp_path, capsys):
    long = "很长的文章。" * 3000
    folder = write_issue(tmp_path, articles={"gamma": f"---\nheadline: 太长\n---\n{long}\n"})
    status, err = run(capsys, folder, tmp_path / "out")
    assert status == 2
    assert "gamma" in err and "characters" in err


def test_a_failed_build_still_shows_its_warnings(tmp_path, capsys):
    long = "很长的文章。" * 3000
    folder = write_issue(tmp_path, articles={"gamma": f"---\nheadline: 太长\n---\n{long}\n",
                                             "beta": "---\nheadline: 标题\n---\n正文。**没有结束\n"})
    status, err = run(capsys, folder, tmp_path / "out")
    assert status == 2
    assert "warning" in err and "beta.md" in err  # the unmatched ** found while reading
    assert err.strip().endswith("1 error(s); nothing was written")

"""Vertical headlines (竖题): top to bottom in the module's last column, clreq's vertical forms."""
import re

import pytest

from minissue import ZH_BODY, write_issue
from typeset import BuildError, lay_out
from typeset.tools.cli import main
from typeset.fonts.metrics import FakeMetrics
from typeset.plan import TextRun

ARTICLE = "---\nheadline: {headline}\nheadline_direction: vertical\nsubtitle: ——追记一位校长\n---\n" + ZH_BODY * 4 + "\n"


def built_with(tmp_path, headline):
    folder = write_issue(tmp_path, articles={"beta": ARTICLE.format(headline=headline)})
    return lay_out(folder, metrics=FakeMetrics())


def headline_runs(built):
    page = built.pages[0]
    return [i for i in page.items if isinstance(i, TextRun) and i.article == "beta" and i.role == "headline"]


def test_a_vertical_headline_runs_down_the_modules_last_column(tmp_path):
    built = built_with(tmp_path, "蚕丝吐尽，春未老")
    runs = headline_runs(built)
    assert "".join(r.text for r in runs) == "蚕丝吐尽︐春未老"  # the comma in its vertical form
    ys = [r.y for r in runs]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)  # top to bottom, one character a step
    (module,) = [m for m in built.pages[0].modules if m.article == "beta"]
    assert module.columns >= 2
    grid = built.layout.grid
    last = grid.col_x(module.column + module.columns - 1)
    assert all(last <= r.x and r.x + r.size <= last + grid.column_width + 0.01 for r in runs)
    body = [i for i in built.pages[0].items if isinstance(i, TextRun) and i.article == "beta" and i.role == "body"]
    assert body and all(not (b.x >= last and b.y < max(ys)) for b in body)  # no body beside the headline
    subtitle = [i for i in built.pages[0].items if isinstance(i, TextRun) and i.article == "beta" and i.role == "subtitle"]
    assert subtitle and all(s.x < last for s in subtitle)  # the rest of the headline group stays horizontal


def test_digits_stand_upright_side_by_side_and_latin_turns(tmp_path):
    runs = headline_runs(built_with(tmp_path, "全市12个街道 启动APEC周"))
    assert [r.text for r in runs if r.text == "12"] == ["12"] and next(r for r in runs if r.text == "12").angle == 0
    (apec,) = [r for r in runs if r.text == "APEC"]
    assert apec.angle == 90


def test_a_vertical_headline_on_an_english_layout_is_an_error(tmp_path, capsys):
    issue = ("publication: Test\nlanguage: en\nlayout: tabloid-en\ndate: 2025-04-15\nnumber: 1\n"
             "first_page: 1\npages:\n  - template: front\n    articles: [alpha]\n")
    folder = write_issue(tmp_path, issue_yaml=issue, articles={
        "alpha": "---\nheadline: Launch today\nheadline_direction: vertical\n---\nText of the story.\n",
        "beta": None, "gamma": None})
    assert main(["build", str(folder), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert re.search(r"alpha\.md:3: error: article 'alpha' asks for a vertical headline, which only a Chinese layout "
                     r"sets", err), err
    assert not (tmp_path / "out" / "mini").exists()


def test_an_unknown_direction_is_a_file_line_error(tmp_path):
    folder = write_issue(tmp_path, articles={"beta": "---\nheadline: 标题\nheadline_direction: diagonal\n---\n正文。\n"})
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    (d,) = err.value.diagnostics
    assert d.loc.line == 3 and "headline_direction" in d.message and "vertical" in d.hint

"""Headlines across more columns than their body (通栏 / 破栏: headline_span in front matter)."""
import re

import pytest

from minissue import ZH_BODY, write_issue
from typeset import BuildError, lay_out
from typeset.fonts.metrics import FakeMetrics
from typeset.plan import TextRun

BODY = "\n\n".join(ZH_BODY for _ in range(4))


def built_with(tmp_path, span):
    alpha = f"---\nheadline: 机制牵引　体系重塑\nheadline_span: {span}\nsubtitle: 我省推动公安工作提质增效\npriority: 1\n---\n{BODY}\n"
    return lay_out(write_issue(tmp_path, articles={"alpha": alpha}, photo=False), metrics=FakeMetrics())


@pytest.mark.parametrize("span, columns", [("page", 7), (4, 4)])
def test_the_headline_group_stands_across_the_columns_above_the_body(tmp_path, span, columns):
    built = built_with(tmp_path, span)
    page, grid = built.pages[0], built.layout.grid
    heads = [i for i in page.items if isinstance(i, TextRun) and i.article == "alpha" and i.role in ("headline", "subtitle")]
    body = [i for i in page.items if isinstance(i, TextRun) and i.article == "alpha" and i.role == "body"]
    (module,) = [m for m in page.modules if m.article == "alpha"]
    assert heads and body and max(h.y for h in heads) < min(b.y for b in body)  # above the body
    left, right = grid.col_x(0), grid.col_x(0) + grid.span(columns)
    assert all(left - 0.01 <= h.x and h.x + len(h.text) * h.size <= right + 0.01 for h in heads)
    if columns == 7:  # centred across the page, as the headline style says
        line = [h for h in heads if h.role == "headline"]
        middle = (min(h.x for h in line) + max(h.x + len(h.text) * h.size for h in line)) / 2
        assert abs(middle - (left + right) / 2) < grid.column_width
    assert module.line >= 2  # the module starts under the band


def test_a_bad_span_and_a_span_on_no_page_are_errors(tmp_path):
    with pytest.raises(BuildError) as err:
        built_with(tmp_path / "a", 1)
    assert any("headline_span" in d.message and d.loc.line == 3 for d in err.value.diagnostics)
    alpha = f"---\nheadline: 标题\nheadline_span: page\n---\n{BODY}\n"
    issue = ("publication: 测试周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\ndate: 2025-04-15\nnumber: 1\n"
             "first_page: 1\npages:\n  - template: front\n    articles: [beta]\n")
    folder = write_issue(tmp_path / "b", issue_yaml=issue, articles={"alpha": alpha, "gamma": None})
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    assert any(re.search(r"article 'alpha' spans its headline over its page but is named on no page", d.message)
               for d in err.value.diagnostics)

"""The masthead: the issue's fields derived and set, or the layout's logo in place of the title."""
import pytest
from PIL import Image

from minissue import write_issue
from typeset import LAYOUTS, BuildError, lay_out
from typeset.errors import Loc
from typeset.fonts.metrics import FakeMetrics


def layouts_with_logo(tmp_path, logo: str):
    folder = tmp_path / "layouts"
    folder.mkdir()
    zh = (LAYOUTS / "tabloid-zh.yaml").read_text(encoding="utf-8")
    assert "    masthead: {lines: 8}" in zh
    (folder / "tabloid-zh.yaml").write_text(zh.replace("    masthead: {lines: 8}",
                                                       f"    masthead: {{lines: 8, logo: {logo}}}"), encoding="utf-8")
    return folder


def test_masthead_fields_are_derived(tmp_path):
    built = lay_out(write_issue(tmp_path), metrics=FakeMetrics())
    text = "".join(i.text for i in built.pages[0].items if getattr(i, "role", "") in ("masthead", "masthead_info"))
    assert "测试周刊" in text and "星期" in text and f"本刊今日{len(built.pages)}版" in text


def test_a_logo_the_layout_names_replaces_the_title(tmp_path):
    layouts = layouts_with_logo(tmp_path, "logo.png")
    Image.new("RGB", (800, 200), (0, 0, 0)).save(layouts / "logo.png")
    built = lay_out(write_issue(tmp_path / "issue"), metrics=FakeMetrics(), layouts_dir=layouts)
    page = built.pages[0]
    (logo,) = [i for i in page.items if type(i).__name__ == "ImageItem" and i.file.name == "logo.png"]
    assert abs(logo.frame.w / logo.frame.h - 4.0) < 0.01 and logo.crop == (0, 0, 800, 200)
    assert logo.frame.y + logo.frame.h <= min(m.rect.y for m in page.modules)  # in the masthead zone
    assert not [i for i in page.items if getattr(i, "role", "") == "masthead"]  # no title text beside it


def test_a_logo_that_cannot_be_read_names_the_layout_line(tmp_path):
    layouts = layouts_with_logo(tmp_path, "missing.png")
    with pytest.raises(BuildError) as err:
        lay_out(write_issue(tmp_path / "issue"), metrics=FakeMetrics(), layouts_dir=layouts)
    (d,) = err.value.diagnostics
    path = layouts / "tabloid-zh.yaml"
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "missing.png" in t)
    assert d.loc == Loc(path, line) and "logo" in d.message and d.hint

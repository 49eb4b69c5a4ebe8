"""Layouts: the shipped ones load with sane grids; a broken one names its file and line."""
import pytest

from typeset import LAYOUTS
from typeset.errors import BuildError, Loc
from typeset.reading.layout import STYLE_ROLES, find_layout, read_layout


@pytest.mark.parametrize("name", ["tabloid-zh", "tabloid-en"])
def test_shipped_layouts_load(name):
    layout = read_layout(LAYOUTS / f"{name}.yaml")
    assert {"front", "inside"} <= set(layout.templates)
    assert set(STYLE_ROLES) <= set(layout.styles)
    grid = layout.grid
    assert grid.left >= 0 and grid.left + grid.width <= layout.width
    assert grid.top + grid.height <= layout.height
    assert "masthead" in layout.templates["front"].zones and "folio" in layout.templates["inside"].zones


def test_chinese_grid_is_whole_characters():
    layout = read_layout(LAYOUTS / "tabloid-zh.yaml")
    grid, size = layout.grid, layout.styles["body"].size
    assert grid.column_width / size == int(grid.column_width / size)
    assert grid.gutter / size == int(grid.gutter / size)


def test_baselines_step_by_the_leading():
    grid = read_layout(LAYOUTS / "tabloid-zh.yaml").grid
    assert grid.baseline(5) - grid.baseline(4) == pytest.approx(grid.leading)


def broken(tmp_path, old, new):
    text = (LAYOUTS / "tabloid-zh.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_unknown_key_names_file_and_line(tmp_path):
    path = broken(tmp_path, "  bleed: 3mm", "  bleed: 3mm\n  blead: 3mm")
    with pytest.raises(BuildError) as err:
        read_layout(path)
    d = err.value.diagnostics[0]
    assert d.loc == Loc(path, line_of(path, "blead")) and "blead" in d.message


def test_bad_length(tmp_path):
    path = broken(tmp_path, "width: 270mm", "width: wide")
    with pytest.raises(BuildError) as err:
        read_layout(path)
    assert err.value.diagnostics[0].loc.line == line_of(path, "width: wide")


def test_grid_wider_than_the_page(tmp_path):
    path = broken(tmp_path, "column_width: 11em", "column_width: 20em")
    with pytest.raises(BuildError) as err:
        read_layout(path)
    assert "column grid" in err.value.diagnostics[0].message


def test_missing_style(tmp_path):
    text = (LAYOUTS / "tabloid-zh.yaml").read_text(encoding="utf-8")
    path = tmp_path / "nocap.yaml"
    path.write_text("\n".join(l for l in text.splitlines() if not l.startswith("  caption:")), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        read_layout(path)
    assert any("caption" in d.message for d in err.value.diagnostics)


def test_unknown_layout_lists_the_shipped_ones(tmp_path):
    with pytest.raises(BuildError) as err:
        find_layout("broadsheet", tmp_path, LAYOUTS, Loc(tmp_path / "issue.yaml", 3))
    d = err.value.diagnostics[0]
    assert d.loc.line == 3 and "tabloid-zh" in d.hint


def test_bad_kinsoku_level(tmp_path):
    path = broken(tmp_path, "kinsoku: strict", "kinsoku: lax")
    with pytest.raises(BuildError) as err:
        read_layout(path)
    assert "kinsoku" in err.value.diagnostics[0].message


@pytest.mark.parametrize("old, new, needle, word", [
    ("    tombstone: 150 ", "    tombstone: -5 ", "tombstone: -5", "tombstone"),
    ("    leg: 3", "    legs: 3", "legs: 3", "legs"),
    ("  lead_photo: under_headline", "  lead_photo: left", "lead_photo: left", "lead_photo"),
    ("  hole_tolerance: 0.03", "  hole_tolerance: 3", "hole_tolerance: 3", "hole_tolerance"),
    ("  leg_lines: [12, 45%]", "  leg_lines: [12, 145%]", "leg_lines: [12, 145%]", "leg_lines"),
    ("    jumps: when_full", "    jumps: never", "jumps: never", "jumps"),
    ("  max_jumps: 1", "  max_jumps: once", "max_jumps: once", "max_jumps"),
    ("  photo_depth: [0.6, 1.6]", "  photo_depth: [1.2, 1.6]", "photo_depth: [1.2, 1.6]", "photo_depth"),
    ("  photo_depth: [0.6, 1.6]", "  photo_depth: 0.6", "photo_depth: 0.6", "photo_depth"),
])
def test_bad_planner_settings_name_the_line(tmp_path, old, new, needle, word):
    path = broken(tmp_path, old, new)
    with pytest.raises(BuildError) as err:
        read_layout(path)
    (d,) = err.value.diagnostics
    assert d.loc == Loc(path, line_of(path, needle)) and word in d.message and d.hint


def test_planner_settings_are_read():
    p = read_layout(LAYOUTS / "tabloid-zh.yaml").planner
    assert p.w("tombstone") == 150 and p.headline_space == 3 and p.min_leg == 12 and p.max_leg == 0.45
    assert p.max_jumps == 1 and p.photo_depth == (0.6, 1.6)
    assert read_layout(LAYOUTS / "tabloid-zh.yaml").templates["front"].jumps == "when_full"

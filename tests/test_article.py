"""Article modules on fake metrics: headline sizes, run-in datelines, photos on the grid."""
from dataclasses import replace
from pathlib import Path

import pytest

from minissue import ZH_BODY, write_issue
from typeset import LAYOUTS
from typeset.articles.article import compose_story, header_blocks
from typeset.articles.geometry import photo_blocks, photo_columns
from typeset.context import Context
from typeset.reading.layout import read_layout
from typeset.fonts.metrics import FakeMetrics
from typeset.reading.source import read_issue


@pytest.fixture
def ctx():
    return Context(read_layout(LAYOUTS / "tabloid-zh.yaml"), FakeMetrics(), "zh-Hans")


def article(tmp_path, front_matter: str, slug="beta"):
    folder = write_issue(tmp_path, articles={slug: f"---\n{front_matter}---\n{ZH_BODY}\n\n{ZH_BODY}\n"})
    return read_issue(Path(folder)).articles[slug]


def test_headline_takes_the_largest_size_that_sets_one_line(tmp_path, ctx):
    a = article(tmp_path, "headline: 景中有警游客畅游更安心\npriority: 1\n")  # 12 characters
    story = compose_story(a, ctx)
    width = ctx.layout.grid.span(4)
    head = next(b for b in header_blocks(story, 4, ctx) if b.role == "headline")
    assert len(head.lines) == 1
    size = head.style.size
    bigger = [s for s in ctx.style("headline").sizes if s > size]
    assert all(12 * s * (1 + ctx.style("headline").tracking) > width for s in bigger)


def test_headline_block_takes_whole_grid_lines(tmp_path, ctx):
    a = article(tmp_path, "overline: 为应对极端大风天气——\nheadline: 联勤值守 精准防控\nsubtitle: ——副题\n")
    for block in header_blocks(compose_story(a, ctx), 3, ctx):
        assert block.height * ctx.layout.grid.leading >= len(block.lines) * block.style.leading - 0.01


def test_two_part_headline_keeps_a_full_width_gap(tmp_path, ctx):
    a = article(tmp_path, "headline: 机制牵引 体系重塑\n")
    head = next(b for b in header_blocks(compose_story(a, ctx), 7, ctx) if b.role == "headline")
    assert "".join(g.text for line in head.lines for g in line.glyphs) == "机制牵引\u3000体系重塑"


def test_dateline_byline_runs_in(tmp_path, ctx):
    a = article(tmp_path, "headline: 标题\nbyline: 本报讯 (张哲)\n")
    story = compose_story(a, ctx)
    assert not any(b.role == "byline" for b in header_blocks(story, 3, ctx))
    first = "".join(g.text for g in story.units[0].lines[0].glyphs)
    assert first.startswith("本报讯")


def test_ordinary_byline_stands_under_the_headline(tmp_path, ctx):
    a = article(tmp_path, "headline: 标题\nbyline: □ 韩超\n")
    assert any(b.role == "byline" for b in header_blocks(compose_story(a, ctx), 3, ctx))


def test_photo_spans_most_of_a_wide_module_on_whole_grid_lines(tmp_path, ctx):
    a = article(tmp_path, "headline: 标题\nphotos:\n  - file: images/p.png\n    caption: 图为民警。\n")
    from PIL import Image

    Image.new("RGB", (1500, 1000), (120, 140, 160)).save(a.photos[0].file)
    big = replace(a, photos=(replace(a.photos[0], width_px=1500, height_px=1000),))
    story = compose_story(big, ctx)
    assert photo_columns(story, 1, ctx) == 1 and photo_columns(story, 2, ctx) == 2
    assert photo_columns(story, 6, ctx) == 4
    # The 300 x 200 picture spans no more than prints at the layout's warning resolution (150 ppi):
    small = compose_story(a, ctx)
    assert ctx.layout.grid.span(photo_columns(small, 6, ctx)) <= 300 * 72 / 150 or photo_columns(small, 6, ctx) == 1
    (pb,) = photo_blocks(story, 3, ctx, 40)
    width = ctx.layout.grid.span(photo_columns(story, 3, ctx))
    assert pb.image_lines == int(width / 1.5 / ctx.layout.grid.leading)  # the 1500x1000 picture, 3:2
    assert pb.caption is not None and pb.caption.height >= 1


@pytest.mark.parametrize("headline, head", [
    ("机制牵引 体系重塑 科技赋能", "机制牵引"),
    ("景中有“警” 游客畅游更安心", "景中有“警”"),
    ("为群众挽损8万元", "为群众挽损8万元"),
    ("刚刚！安徽最新疫情通报！透露肥西2名确诊病例状况！", "刚刚！安徽最新疫情通报！"),
    ("问题在哪？答案在这里", "问题在哪？"),
    ("啊！好", "啊！好"),
    ("NASA: new mission", "NASA"),
    ("Space shuttle Atlantis set for launch", "Space shuttle Atlantis set for launch"),
])
def test_jump_head_is_the_headline_short_form(headline, head):
    from typeset.articles.article import jump_head

    assert jump_head(headline) == head


def test_lead_photo_beside_the_headline_when_the_layout_says_so(tmp_path, ctx):
    from typeset.articles.geometry import column_starts, header_columns
    from typeset.drawing.module import draw_module
    from typeset.planning.planner import Module

    a = article(tmp_path, "headline: 机制牵引 体系重塑\npriority: 1\nphotos:\n  - file: images/p.png\n"
                          "    caption: 图为民警。\n")
    beside = Context(replace(ctx.layout, planner=replace(ctx.layout.planner, lead_photo="beside_headline")),
                     FakeMetrics(), "zh-Hans")
    story = compose_story(a, beside)
    span = photo_columns(story, 5, beside)
    assert header_columns(story, 5, beside) == 5 - span >= 2
    head, starts = column_starts(story, 5, beside, 40)
    (pb,) = photo_blocks(story, 5, beside, 40)
    assert starts[:span] == [pb.height + 1] * span  # the photo's columns start at the top
    assert starts[span:] == [head] * (5 - span)  # the others under the headline group
    items = draw_module(story, Module(0, 5, 0, 60), beside).items
    grid = beside.layout.grid
    image = next(i for i in items if type(i).__name__ == "ImageItem")
    headline = [i for i in items if getattr(i, "role", "") == "headline"]
    assert image.frame.y == grid.line_y(0)
    assert headline and min(r.x for r in headline) >= grid.col_x(span) - 0.01  # right of the photo
    assert min(r.y for r in headline) < image.frame.y + image.frame.h  # beside it, not under it
    # without the setting, or for a story that is not the lead, the photo stands under the headline
    assert header_columns(compose_story(a, ctx), 5, ctx) == 5


def test_photo_on_top_puts_the_headline_under_it(tmp_path, ctx):
    from PIL import Image

    from typeset.articles.geometry import column_starts, top_fits
    from typeset.drawing.module import draw_module
    from typeset.planning.planner import Module

    a = article(tmp_path, "headline: 机制牵引 体系重塑\nphotos:\n  - file: images/p.png\n    caption: 图为民警。\n")
    Image.new("RGB", (1500, 1000), (120, 140, 160)).save(a.photos[0].file)
    big = replace(a, photos=(replace(a.photos[0], width_px=1500, height_px=1000),))
    story = compose_story(big, ctx)
    assert top_fits(story, 3, ctx) and not top_fits(compose_story(a, ctx), 3, ctx)  # 300 px is too few
    head, starts = column_starts(story, 3, ctx, 40, mode="top")
    (pb,) = photo_blocks(story, 3, ctx, 40, mode="top")
    assert photo_columns(story, 3, ctx, "top") == 3 and starts == [pb.height + 1 + head] * 3
    items = draw_module(story, Module(0, 3, 0, 80, "top"), ctx).items
    image = next(i for i in items if type(i).__name__ == "ImageItem")
    headline = [i for i in items if getattr(i, "role", "") == "headline"]
    assert image.frame.y == ctx.layout.grid.line_y(0) and image.frame.w == ctx.layout.grid.span(3)
    assert min(r.y for r in headline) > image.frame.y + image.frame.h  # the headline stands under the photo


def test_headline_sizes_fall_with_priority(tmp_path, ctx):
    # In the widest module, a lead's headline takes the scale's top; each priority level below
    # starts `headline_step` sizes further down, so a minor story never outshouts the lead.
    sizes = ctx.style("headline").sizes
    step = ctx.layout.planner.headline_step
    got = []
    for priority in (1, 2, 3):
        a = article(tmp_path / str(priority), f"headline: 景中有警\npriority: {priority}\n", slug=f"p{priority}")
        head = next(b for b in header_blocks(compose_story(a, ctx), 7, ctx) if b.role == "headline")
        got.append(head.style.size)
    assert got == [sizes[0], sizes[step], sizes[2 * step]]


def test_a_module_holds_its_photo_even_when_the_text_beside_it_is_short(tmp_path, ctx):
    from PIL import Image

    from typeset.articles.geometry import column_starts, required_lines

    folder = write_issue(tmp_path, articles={"tiny": "---\nheadline: 短讯\nphotos:\n  - file: images/p.png\n"
                                                     "    caption: 图为民警。\n---\n短短一句。\n"})
    a = read_issue(Path(folder)).articles["tiny"]
    Image.new("RGB", (1500, 1000), (120, 140, 160)).save(a.photos[0].file)
    story = compose_story(replace(a, photos=(replace(a.photos[0], width_px=1500, height_px=1000),)), ctx)
    for columns in (3, 5, 7):  # the photo spans some columns; one line of text sits in another
        _, starts = column_starts(story, columns, ctx, 40)
        assert required_lines(story, columns, ctx, 97) >= max(starts)  # photo, caption and the space below

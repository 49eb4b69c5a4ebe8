"""The text-dump backend: one stable line per display-list item, for golden tests.

Numbers are rounded to 0.1 pt so a diff shows layout changes, not float
noise; the format is line-oriented so `git diff` of a golden file reads
like a review of the page. Each number is first snapped to a millionth of
a point (`_f`): fake metrics put many positions exactly on a .x5 tie, where
two ways of summing the same widths (left to right, or as differences of
suffix sums) land a hair either side and would round apart.
"""
from __future__ import annotations

from ..plan import BoxItem, ImageItem, PagePlan, RuleItem, TextRun


def _f(x: float, digits: int = 1) -> str:
    """x rounded to `digits` decimals, the same for any float within 5e-7 of one value (see above)."""
    return f"{round(x, 6):.{digits}f}"


def dump_plan(page: PagePlan) -> str:
    out = [f"page {page.folio} {page.template} {_f(page.width)}x{_f(page.height)} bleed {_f(page.bleed)}"]
    for m in page.modules:
        out.append(f"module {m.article} col {m.column}+{m.columns} line {m.line}+{m.lines} "
                   f"body_lines {m.body_lines} overset {m.overset_chars}")
    for item in page.items:
        out.append(_item(item))
    return "\n".join(out) + "\n"


def dump_plans(pages: list[PagePlan]) -> str:
    return "".join(dump_plan(p) for p in pages)


def _item(item) -> str:
    if isinstance(item, TextRun):
        cs = f" cs {_f(item.char_space, 2)}" if item.char_space else ""
        cs += f" angle {item.angle:g}" if item.angle else ""
        return (f"text {_f(item.x)} {_f(item.y)} {item.face} {_f(item.size)}{cs} "
                f"[{item.article or '-'}/{item.role or '-'}] {item.text}")
    if isinstance(item, ImageItem):
        f = item.frame
        return f"image {_f(f.x)} {_f(f.y)} {_f(f.w)}x{_f(f.h)} {item.file.name} crop {item.crop} [{item.article}]"
    if isinstance(item, RuleItem):
        return f"rule {_f(item.x1)} {_f(item.y1)} {_f(item.x2)} {_f(item.y2)} w {_f(item.width, 2)}"
    if isinstance(item, BoxItem):
        r = item.rect
        return f"box {_f(r.x)} {_f(r.y)} {_f(r.w)}x{_f(r.h)} stroke {item.stroke} fill {item.fill}"
    raise TypeError(f"unknown plan item {item!r}")

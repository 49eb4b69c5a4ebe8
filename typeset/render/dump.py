"""The text-dump backend: one stable line per display-list item, for golden tests.

Numbers are rounded to 0.1 pt so a diff shows layout changes, not float
noise; the format is line-oriented so `git diff` of a golden file reads
like a review of the page.
"""
from __future__ import annotations

from ..plan import BoxItem, ImageItem, PagePlan, RuleItem, TextRun


def dump_plan(page: PagePlan) -> str:
    out = [f"page {page.folio} {page.template} {page.width:.1f}x{page.height:.1f} bleed {page.bleed:.1f}"]
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
        cs = f" cs {item.char_space:.2f}" if item.char_space else ""
        cs += f" angle {item.angle:g}" if item.angle else ""
        return (f"text {item.x:.1f} {item.y:.1f} {item.face} {item.size:.1f}{cs} "
                f"[{item.article or '-'}/{item.role or '-'}] {item.text}")
    if isinstance(item, ImageItem):
        f = item.frame
        return f"image {f.x:.1f} {f.y:.1f} {f.w:.1f}x{f.h:.1f} {item.file.name} crop {item.crop} [{item.article}]"
    if isinstance(item, RuleItem):
        return f"rule {item.x1:.1f} {item.y1:.1f} {item.x2:.1f} {item.y2:.1f} w {item.width:.2f}"
    if isinstance(item, BoxItem):
        r = item.rect
        return f"box {r.x:.1f} {r.y:.1f} {r.w:.1f}x{r.h:.1f} stroke {item.stroke} fill {item.fill}"
    raise TypeError(f"unknown plan item {item!r}")

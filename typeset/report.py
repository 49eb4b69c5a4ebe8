"""report.json: what the engine decided and warned about, for editors and nightly jobs.

Per page the articles placed and their modules (grid units and mm); per
article any jump and overset text; all warnings with their source places.
Keys are sorted and floats rounded so the report is byte-stable.
"""
from __future__ import annotations

import json

from .errors import Diagnostics
from .model import Issue
from .pages import Jump
from .plan import PagePlan

MM = 25.4 / 72


def make_report(issue: Issue, layout_name: str, pages: list[PagePlan], jumps: list[Jump],
                diags: Diagnostics, fonts_used: dict[str, str]) -> dict:
    by_article: dict[str, dict] = {}
    for j in jumps:
        by_article.setdefault(j.article, {"jumps": [], "overset_chars": 0})["jumps"].append(
            {"from_page": j.from_page, "to_page": j.to_page, "lines_moved": j.lines})
    return {
        "issue": issue.name,
        "publication": issue.publication,
        "date": issue.date.isoformat(),
        "layout": layout_name,
        "pages": [
            {
                "folio": p.folio,
                "template": p.template,
                "articles": [m.article for m in p.modules],
                "modules": [
                    {"article": m.article, "column": m.column, "columns": m.columns, "line": m.line,
                     "lines": m.lines, "body_lines": m.body_lines,
                     "rect_mm": [round(v * MM, 1) for v in (m.rect.x, m.rect.y, m.rect.w, m.rect.h)]}
                    for m in p.modules
                ],
            }
            for p in pages
        ],
        "articles": by_article,
        "fonts": fonts_used,
        "warnings": [d.as_json() for d in diags.items if d.level != "error"],
    }


def report_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

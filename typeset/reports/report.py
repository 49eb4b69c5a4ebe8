"""report.json: what the engine decided and warned about, for editors and nightly jobs.

Per page the articles placed and their modules (grid units and mm); per
article any jump and overset text, and the quality of its set text
(quality.py: lines, prohibition violations, adjustment ratios, loose
lines, compressed marks, hyphenations, fallback characters, emergency
breaks); the same totals for the whole issue under "quality", page
furniture included; all warnings with their source places.
Keys are sorted and floats rounded so the report is byte-stable.
"""
from __future__ import annotations

import json

from ..errors import Diagnostics
from ..model import Issue
from ..planning.issue import IssuePlan
from ..plan import PagePlan
from .quality import Quality
from ..text import cjk

MM = 25.4 / 72


def make_report(issue: Issue, layout_name: str, pages: list[PagePlan], plan: IssuePlan,
                diags: Diagnostics, fonts_used: dict[str, str], *,
                quality: dict[str, Quality] | None = None, level: str | None = None) -> dict:
    """The report as plain data. `quality` is Context.quality (article slug -> Quality,
    "" for text outside articles) and `level` the prohibition level it was checked at."""
    by_article: dict[str, dict] = {}

    def entry(slug: str) -> dict:
        return by_article.setdefault(slug, {"jumps": [], "overset_chars": 0})

    for j in plan.jumps:
        entry(j.article)["jumps"].append({"from_page": j.from_page, "to_page": j.to_page, "lines_moved": j.lines})
    for slug, units in plan.units.items():
        entry(slug)["units"] = units  # the modules' "units" ranges cover 0..units once each
    report = {
        "issue": issue.name,
        "publication": issue.publication,
        "date": issue.date.isoformat(),
        "layout": layout_name,
        "pages": [
            {
                "folio": p.folio,
                "template": p.template,
                "articles": [m.article for m in p.modules],
                # the planner's score and terms; its solve time goes to timings.json (report.json is byte-stable)
                "planner": {k: v for k, v in p.score.items() if k != "solve_ms"},
                "modules": [
                    {"article": m.article, "column": m.column, "columns": m.columns, "line": m.line,
                     "lines": m.lines, "body_lines": m.body_lines, "units": list(m.units),
                     "rect_mm": [round(v * MM, 1) for v in (m.rect.x, m.rect.y, m.rect.w, m.rect.h)]}
                    for m in p.modules
                ],
            }
            for p in pages
        ],
        "articles": by_article,
        # articles named on no page that no page had room for: not printed in this issue
        "held_over": [{"article": slug, "chars": chars} for slug, chars in plan.held_over],
        "ads": plan.ads,  # each ad: page, file, booking, box on the page (mm), share of the box it fills
        "fonts": fonts_used,
        "warnings": [d.as_json() for d in diags.items if d.level != "error"],
    }
    if quality is not None:
        total = Quality()
        for slug in sorted(quality):
            total = total + quality[slug]
            if slug:
                entry(slug)["quality"] = quality[slug].as_json()
        for slug in issue.articles:
            entry(slug).setdefault("quality", Quality().as_json())  # an article with no text set
        # the level the text was checked at: the layout's, for Chinese; "none" for other languages
        kinsoku = cjk.level_for(issue.language, level or "strict").name
        report["quality"] = total.as_json() | {"kinsoku": kinsoku}
    return report


def add_print(report: dict, photos: list[dict], preflights: list, diags: Diagnostics) -> None:
    """Add what the print stage found: each placed photo (ppi, colour, ink) and the preflight
    of every PDF written; refresh the warnings, which the preflight may have added to."""
    report["photos"] = photos
    report["preflight"] = {r.file.name: {"pdfx": r.pdfx, "passed": r.passed,
                                         "errors": len(r.errors), "warnings": len(r.warnings),
                                         **({"ink": r.ink, "intent": r.intent} if r.ink else {})}
                           for r in preflights}
    report["warnings"] = [d.as_json() for d in diags.items if d.level != "error"]


def timings_json(pages: list[PagePlan], clock=None) -> str:
    """Where the build's time went: machine-dependent, so not in report.json. `stages_s`: wall seconds
    per stage of the build process (clock.py); `work_s`: seconds of work per stage done in worker
    processes (drawing and preflight on several cores); `planner_ms`: each page's planning."""
    data: dict = {}
    if clock is not None:
        data["stages_s"] = {name: round(s, 3) for name, s in clock.ordered()}
        data["work_s"] = {name: round(s, 3) for name, s in sorted(clock.worked.items())}
        data["total_s"] = round(clock.total(), 3)
    data["planner_ms"] = {str(p.folio): p.score.get("solve_ms") for p in pages}
    return json.dumps(data, indent=2) + "\n"


def report_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

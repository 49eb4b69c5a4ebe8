"""report.html: what the engine decided, for a night editor to read at a glance.

Written beside report.json from the same data, no script and no network:
per page a thumbnail of the page plan (every module's outline with its
article, coloured per article, over the preview PNG when one has been
rendered), the planner's fill, blank and score terms; per article its
modules, body lines, jumps, text quality and warnings; the issue's warnings
last. Deterministic: the same report gives the same bytes.
"""
from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

from ..plan import PagePlan

THUMB_W = 260  # px: a page thumbnail's width
MM = 72 / 25.4


def report_html(report: dict, pages: list[PagePlan], previews: Path | None = None) -> str:
    """The page as a string; `previews`, if given, is the folder whose page-NN.png files back the thumbnails."""
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(report['publication'])} {escape(report['date'])} — typeset report</title>",
           f"<style>{STYLE}</style></head><body>",
           f"<h1>{escape(report['publication'])} <small>{escape(report['date'])} · {escape(report['issue'])} · "
           f"layout {escape(report['layout'])}</small></h1>"]
    quality = report.get("quality", {})
    if quality:
        out.append(f"<p class=sum>{quality.get('lines', 0)} lines set · {quality.get('violations', 0)} prohibition "
                   f"violations ({escape(str(quality.get('kinsoku', '')))}) · {quality.get('emergency', 0)} emergency "
                   f"breaks · {len(report.get('warnings', []))} warnings</p>")
    out.append('<section class=pages>')
    for page, plan in zip(report["pages"], pages):
        out.append(_page(page, plan, previews))
    out.append("</section><h2>Articles</h2><table><tr><th>article</th><th>page: module (column+columns, "
               "line+lines)</th><th>body lines</th><th>jumps</th><th>quality</th><th>warnings</th></tr>")
    placed: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    for page in report["pages"]:
        for m in page["modules"]:
            placed.setdefault(m["article"], []).append(
                f"{page['folio']}: {m['column']}+{m['columns']}, {m['line']}+{m['lines']}")
            lines[m["article"]] = lines.get(m["article"], 0) + m["body_lines"]
    for slug, info in sorted(report["articles"].items()):
        jumps = "; ".join(f"{j['from_page']} → {j['to_page']} ({j['lines_moved']} lines)" for j in info["jumps"])
        q = info.get("quality", {})
        warns = [w for w in report.get("warnings", []) if w.get("file") and Path(w["file"]).stem == slug]
        out.append(f"<tr><td><span class=sw style='background:{_colour(slug)}'></span>{escape(slug)}</td>"
                   f"<td>{escape(' / '.join(placed.get(slug, ['not placed'])))}</td><td>{lines.get(slug, 0)}</td>"
                   f"<td>{escape(jumps) or '—'}</td><td>{q.get('lines', 0)} lines, {q.get('violations', 0)} "
                   f"violations, mean ratio {q.get('ratio_mean') or 0:.2f}</td>"
                   f"<td>{'<br>'.join(escape(w['message']) for w in warns) or '—'}</td></tr>")
    out.append("</table><h2>Warnings</h2>")
    warnings = report.get("warnings", [])
    out.append("<ul>" + "".join(
        f"<li class={escape(w['level'])}><code>{escape(_where(w))}</code> {escape(w['message'])}"
        + (f"<br><small>{escape(w['hint'])}</small>" if w.get("hint") else "") + "</li>" for w in warnings)
        + "</ul>" if warnings else "<p>none</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _page(page: dict, plan: PagePlan, previews: Path | None) -> str:
    scale = THUMB_W / plan.width
    h = plan.height * scale
    png = previews / f"page-{page['folio']:02d}.png" if previews else None
    parts = [f'<figure><svg viewBox="0 0 {THUMB_W} {h:.1f}" width="{THUMB_W}" height="{h:.0f}" role="img" '
             f'aria-label="page {page["folio"]}"><rect width="100%" height="100%" fill="#fff" stroke="#999"/>']
    if png is not None and png.exists():
        parts.append(f'<image href="{escape(png.parent.name + "/" + png.name)}" width="{THUMB_W}" height="{h:.1f}" '
                     'opacity="0.55"/>')
    for m in page["modules"]:
        x, y, w, hh = (v * MM * scale for v in m["rect_mm"])
        colour = _colour(m["article"])
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{hh:.1f}" fill="{colour}" '
                     f'fill-opacity="0.25" stroke="{colour}" stroke-width="1.5"/>'
                     f'<text x="{x + 3:.1f}" y="{y + 11:.1f}" class=slug>{escape(m["article"])}</text>')
    parts.append("</svg>")
    planner = page.get("planner", {})
    terms = ", ".join(f"{escape(k)} {v:g}" for k, v in sorted(planner.get("terms", {}).items()))
    parts.append(f"<figcaption><b>page {page['folio']}</b> ({escape(page['template'])}) · fill "
                 f"{planner.get('fill', 0):.1%} · blank {planner.get('holes', 0)} column-lines · tombstones "
                 f"{planner.get('tombstones', 0)} · score {planner.get('score', 0):g}<br><small>{terms}</small>"
                 "</figcaption></figure>")
    return "".join(parts)


def _colour(slug: str) -> str:
    """A stable colour per article, so a continuation wears its article's colour on another page."""
    hue = int(hashlib.sha256(slug.encode("utf-8")).hexdigest()[:4], 16) % 360
    return f"hsl({hue}, 70%, 45%)"


def _where(w: dict) -> str:
    if not w.get("file"):
        return ""
    return f"{Path(w['file']).name}:{w['line']}" if w.get("line") else Path(w["file"]).name


STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}h1 small{color:#666;font-weight:normal}
.pages{display:flex;flex-wrap:wrap;gap:1.2em}figure{margin:0;width:260px}figcaption{font-size:12px}
.slug{font:9px sans-serif;fill:#000}table{border-collapse:collapse;margin-top:.5em}
td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top;font-size:13px}
.sw{display:inline-block;width:10px;height:10px;margin-right:5px}li.warning{color:#8a4b00}li.error{color:#b00}
.sum{color:#444}"""

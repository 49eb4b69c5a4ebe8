"""`typeset check ISSUE_DIR`: every problem an issue has, at once, without writing a PDF.

A layout editor minutes before deadline wants the whole list, not one
error per run, in the `file:line: level: message` form editors and CI
annotate. The check runs the engine's own stages, so it finds exactly what
a build would: the issue format (source.py), the layout (layout.py), fonts
and glyph coverage (every text composed), images (read, resolution at
their placed size), and whether each page can hold its articles (the
planner). Stages that depend on a failed one cannot run; the independent
ones still do: a broken issue.yaml does not hide a broken layout.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import FONTS_CONFIG, LAYOUTS, lay_out
from ..errors import BuildError, Diagnostic


@dataclass
class CheckResult:
    issue: Path
    diagnostics: list[Diagnostic]
    pages: int = 0  # pages planned, when the check got that far

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.level == "warning")


def check_issue(issue_dir: Path, *, layouts_dir: Path = LAYOUTS, fonts_config: Path = FONTS_CONFIG,
                metrics=None) -> CheckResult:
    """Run every stage short of writing PDFs; collect what each finds."""
    issue_dir = Path(issue_dir)
    try:
        built = lay_out(issue_dir, layouts_dir=layouts_dir, metrics=metrics, fonts_config=fonts_config)
    except BuildError as err:
        found = list(err.diagnostics)
        found += _layout_problems(issue_dir, layouts_dir, found)
        found += _glyph_problems(issue_dir, layouts_dir, fonts_config, metrics, found)
        return CheckResult(issue_dir, found)
    return CheckResult(issue_dir, [d for d in built.diags.items if d.level != "info"], len(built.pages))


def _layout_problems(issue_dir: Path, layouts_dir: Path, found: list[Diagnostic]) -> list[Diagnostic]:
    """The layout's own problems when the issue failed before the layout was read."""
    from ..reading.layout import find_layout, read_layout
    from ..errors import Loc
    from ..reading.yamlsafe import load_yaml

    try:
        data = load_yaml(issue_dir / "issue.yaml")
        name = data.get("layout") if isinstance(data, dict) else None
        if not isinstance(name, str):
            return []
        path = find_layout(name, issue_dir, layouts_dir, Loc(issue_dir / "issue.yaml"))
        if any(d.loc is not None and d.loc.file == path for d in found):
            return []  # the build got as far as the layout and reported it
        read_layout(path)
    except BuildError as err:
        return [d for d in err.diagnostics if d not in found]
    except Exception:  # an unreadable issue.yaml is reported already; nothing more to learn here
        return []
    return []


def _glyph_problems(issue_dir: Path, layouts_dir: Path, fonts_config: Path, metrics,
                    found: list[Diagnostic]) -> list[Diagnostic]:
    """Characters no font can draw, in the articles that could be read, when the build stopped before
    composing them (an error elsewhere in the issue)."""
    from ..context import Context
    from ..errors import Diagnostics
    from ..reading.layout import find_layout, read_layout
    from ..reading.source import read_issue

    if any("no font can draw" in d.message for d in found):
        return []  # the build composed the text and said so already
    try:
        issue = read_issue(issue_dir, partial=True)
        layout = read_layout(find_layout(issue.layout, issue.folder, layouts_dir, issue.loc))
        if metrics is None:
            from ..fonts.fontset import FontSet

            metrics = FontSet.load(fonts_config, search_dirs=[fonts_config.parent])
    except Exception:  # the issue or layout is too broken to compose anything: reported above
        return []
    diags = Diagnostics()
    ctx = Context(layout, metrics, issue.language, diags)
    for slug, article in sorted(issue.articles.items()):
        texts = [(getattr(article, f), layout.styles["headline"], article.field_locs.get(f, article.loc))
                 for f in ("overline", "headline", "subtitle", "byline") if getattr(article, f, None)]
        for text, style, loc in texts:
            ctx.set_text(text, style, layout.grid.column_width, loc, what=f"the front matter of {slug}", record=False)
        for para in article.body:
            ctx.set_text(para.runs, layout.styles["body"], layout.grid.column_width, para.loc,
                         what=f"article {slug}", record=False)
    return [d for d in diags.errors if d not in found]


def format_result(result: CheckResult, as_json: bool = False) -> str:
    if as_json:
        return json.dumps({"issue": str(result.issue), "errors": result.errors, "warnings": result.warnings,
                           "pages": result.pages, "diagnostics": [d.as_json() for d in result.diagnostics]},
                          ensure_ascii=False, indent=2, sort_keys=True)
    lines = [d.format() for d in result.diagnostics]
    verdict = "ready to build" if not result.errors else "not buildable"
    pages = f"{result.pages} pages planned, " if result.pages else ""
    lines.append(f"typeset check {result.issue}: {pages}{result.errors} error(s), {result.warnings} warning(s): "
                 f"{verdict}")
    return "\n".join(lines)


def add_parser(sub) -> None:
    from .options import add_sources

    p = sub.add_parser("check", help="list every problem of an issue at once, without writing PDFs")
    p.add_argument("issue", type=Path, nargs="+", help="the issue folder(s)")
    add_sources(p)
    p.add_argument("--json", action="store_true", help="print the findings as JSON")


def run(args) -> int:
    """Exit 0 when every issue would build (warnings allowed), 2 when any has an error."""
    import sys

    results = [check_issue(issue, layouts_dir=args.layouts, fonts_config=args.fonts) for issue in args.issue]
    for result in results:
        print(format_result(result, args.json), file=sys.stdout)
    return 0 if all(r.errors == 0 for r in results) else 2

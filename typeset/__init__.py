"""typeset: newspaper issues (Markdown + YAML) in, print-ready tabloid PDF pages out.

`build()` is the whole pipeline, readable top to bottom:

    issue folder + layout --read--> Issue, Layout
    articles --compose (itemize, break, set)--> stories of grid lines
    stories + page templates --plan--> modules on each page, jumps
    modules --draw--> PagePlan display lists
    PagePlan --render--> issue.pdf, page-NN.pdf (on --jobs processes), preflight, report.json
"""
from __future__ import annotations

import os as _os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from . import _pure

# The composer may be compiled (setup.py); TYPESET_PURE=1 runs its .py sources instead (_pure.py says why).
if _os.environ.get("TYPESET_PURE") == "1":
    _pure.install_source_finder()
else:
    _pure.warn_if_stale()

from .clock import Clock
from .errors import BuildError, Diagnostics, Loc, fail
from .fonts.metrics import Metrics
from .plan import PagePlan

PROJECT = Path(__file__).resolve().parent.parent
LAYOUTS = PROJECT / "layouts"
FONTS_CONFIG = PROJECT / "fonts" / "fonts.yaml"


@dataclass
class Built:
    """What a build decided: the pages' display lists, the report and the diagnostics."""

    issue: object
    pages: list[PagePlan]
    report: dict
    diags: Diagnostics
    metrics: Metrics
    layout: object = None  # the Layout; its print_settings say what the PDF must be
    edition: str = ""  # a regional edition's name (its folder, OUT/<issue>/<edition>/); "" for the base edition
    editions: list["Built"] = field(default_factory=list)  # the base edition's regional editions, laid out
    shared: list[int] = field(default_factory=list)  # an edition's folios whose pages are the base's own


class Session(Protocol):
    """What a caller that builds the same issue again and again (typeset watch) keeps between builds."""

    def prepare(self, layout, roles: set[str]) -> tuple[Metrics, dict | None, dict | None]:
        """The fonts for this layout, and the composition and planner memos to use (context.py)."""


def lay_out(issue_dir: Path, *, layouts_dir: Path = LAYOUTS, metrics: Metrics | None = None,
            fonts_config: Path = FONTS_CONFIG, progress: Callable[[str], None] | None = None,
            session: Session | None = None, clock: Clock | None = None) -> Built:
    """Read, compose, plan and draw an issue, without writing anything.

    `progress`, if given, is called with the name of each stage as it starts
    (batch builds show it per issue). `session`, if given, supplies fonts and
    cross-build memos once the layout is known, so a rebuild redoes only what
    changed (watch.py). `clock`, if given, gets the time of each stage (clock.py)."""
    diags = Diagnostics()
    try:
        return _lay_out(Path(issue_dir), Path(layouts_dir), metrics, fonts_config, diags, progress or _quiet,
                        session, clock or Clock())
    except BuildError as err:
        # A failed build still shows the warnings found before it failed, first.
        warnings = [d for d in diags.warnings if d not in err.diagnostics]
        raise BuildError(warnings + err.diagnostics) from None


def _quiet(stage: str) -> None:
    pass


def _lay_out(issue_dir: Path, layouts_dir: Path, metrics: Metrics | None, fonts_config: Path,
             diags: Diagnostics, progress: Callable[[str], None], session: Session | None, clock: Clock) -> Built:
    from .context import Context
    from .reading.layout import find_layout, read_layout
    from .drawing.pages import draw_pages
    from .planning.issue import plan_issue
    from .reports.report import make_report
    from .reading.source import read_issue

    progress("reading")
    with clock.stage("read"):
        issue = read_issue(issue_dir, diags)
        layout = read_layout(find_layout(issue.layout, issue.folder, layouts_dir,
                                         issue.field_locs.get("layout", issue.loc)))
        _check_templates(issue, layout)
    # A plain build memoises its own compositions too: the planner sets each headline at every width
    # and size it tries, four times in five one it set before (context.py; a hit is a fresh copy).
    memo, plan_memo = {}, None
    with clock.stage("fonts"):
        if session is not None:
            metrics, memo, plan_memo = session.prepare(layout, layout.font_roles())
        elif metrics is None:
            from .fonts.fontset import FontSet

            metrics = FontSet.load(fonts_config, search_dirs=[fonts_config.parent], roles=layout.font_roles())
    ctx = Context(layout, metrics, issue.language, diags, memo=memo, plan_memo=plan_memo, clock=clock)
    progress("composing and planning")
    with clock.stage("plan"):  # composing inside it counts as "compose" (Context.set_text)
        plan = plan_issue(issue, ctx)
    ctx.diags.check()
    progress("drawing")
    with clock.stage("draw"):
        pages = draw_pages(issue, ctx, plan.drafts, plan.jumps)
        from .render.images import check_resolution

        check_resolution(pages, layout.print_settings, ctx.diags)  # a photo too small fails before writing
    ctx.diags.check()
    laid = _lay_out_editions(issue, layout, ctx, plan, pages, clock)
    with clock.stage("report"):
        report = make_report(issue, layout.name, pages, plan, ctx.diags, _faces_used(pages, metrics),
                             quality=ctx.quality, level=ctx.level)
        editions = []
        for ed, e, own in laid:
            e_report = make_report(e.issue, layout.name, e.pages, e.plan, own, _faces_used(e.pages, metrics),
                                   quality=e.quality, level=ctx.level)
            e_report["edition"] = {"name": ed.name, "replaces": sorted(ed.pages), "shared": e.shared}
            editions.append(Built(e.issue, e.pages, e_report, own, metrics, layout, edition=ed.name, shared=e.shared))
        if editions:
            report["editions"] = {e.edition: e.report["edition"] for e in editions}
    return Built(issue, pages, report, ctx.diags, metrics, layout, editions=editions)


def _lay_out_editions(issue, layout, ctx, plan, pages: list[PagePlan], clock: Clock) -> list[tuple]:
    """Each regional edition from the base's plan: its own pages planned, the others shared
    (planning/editions.py); what an edition found goes into the build's diagnostics, naming it.
    Each as (Edition, EditionLayout, the diagnostics its report shows: its own and the base's)."""
    from dataclasses import replace

    from .planning.editions import lay_out_edition, merge_diagnostics

    for ed in issue.editions:
        _check_templates(replace(issue, pages=tuple(ed.pages.values())), layout)
    out = []
    with clock.stage("plan"):
        for ed in issue.editions:
            e = lay_out_edition(issue, ed, plan, pages, ctx)
            merge_diagnostics(ed, e.diags, ctx.diags)
            out.append((ed, e))
    ctx.diags.check()  # an edition that breaks a jump, or whose page does not fit: nothing is written
    return [(ed, e, Diagnostics([d for d in ctx.diags.items if not d.message.startswith("edition '")
                                 or d.message.startswith(f"edition '{ed.name}': ")])) for ed, e in out]


def build(issue_dir: Path, out_dir: Path = Path("output"), **options) -> Built:
    """Build an issue into OUT/<issue>/: issue.pdf, page-NN.pdf, report.json, report.html, timings.json.

    `jobs` (default: the cores) is how many processes draw and preflight the
    PDF files (render/write.py); the bytes are the same whatever it is.
    `clock` (clock.py), if given, gets the time of each stage. With `cache`
    (True, the command line's default, or a build_cache.BuildCache to use),
    what the previous build of the issue left in the cache folder is reused
    where nothing it depends on changed (build_cache.py): a rebuild composes,
    plans, draws and checks only what changed, and writes the bytes a cold
    build writes.

    Nothing is written unless every page was built without error and the
    preflight passes on the PDFs written (PDF/X, fonts, colour, ink, ppi).
    The output folder is a transaction (render/publish.py): everything is
    written into a staging folder beside it and swapped in whole, under a
    lock, so no file of an earlier build survives and a failure, a full disk
    or a second build at the same time never leaves a mix of old and new.
    """
    import shutil

    from .render.output import write_build
    from .render.publish import locked, new_stage, output_error, prepare_out, swap_in

    progress = options.get("progress") or _quiet
    jobs = options.pop("jobs", None)
    clock = options.setdefault("clock", Clock())
    cache = options.pop("cache", None)
    if cache is True:
        from .build_cache import BuildCache

        cache = BuildCache(issue_dir, options.get("fonts_config", FONTS_CONFIG), metrics=options.pop("metrics", None))
    if cache:
        options["session"] = cache  # the previous build's memos and the fonts (build_cache.py)
    prepare_out(Path(out_dir))  # an unusable --out fails now, not after the layout
    target = Path(out_dir) / Path(issue_dir).resolve().name  # the issue's name is its folder's
    with locked(target):  # a second build into the same folder fails now, naming this one
        try:
            built = lay_out(issue_dir, **options)
            progress("writing PDFs and preflight")
            stage = new_stage(target)
            try:
                write_build(built, stage, target, jobs=jobs, cache=cache or None, clock=clock)
                swap_in(stage, target)
            except OSError as err:
                raise output_error(err, f"write the build of {built.issue.name} into {target}", target) from None
            finally:
                shutil.rmtree(stage, ignore_errors=True)
        except BuildError:
            if cache:
                cache.finish(ok=False)
            raise
        if cache:
            cache.finish(ok=True)
    return built


def _check_templates(issue, layout) -> None:
    diags = Diagnostics()
    for spec in issue.pages:
        if spec.template not in layout.templates:
            diags.error(f"template '{spec.template}' is not defined by layout '{layout.name}'", spec.loc,
                        f"templates in {layout.file.name}: {', '.join(sorted(layout.templates))}")
            continue
        slots = dict(layout.templates[spec.template].slots)
        if "masthead" in layout.templates[spec.template].zones:
            slots["ear"] = None  # the ear beside the masthead title (teasers.py): a slot of every front template
        for slug, slot in sorted(spec.slots.items()):
            if slot == "ear" and spec.ear == "teasers":
                diags.error(f"article '{slug}' is pinned to the ear, which holds the teasers (ear: teasers)",
                            spec.loc, "put the article or the teasers in the ear, not both")
            if slot not in slots:
                diags.error(f"article '{slug}' is pinned to slot '{slot}', which template '{spec.template}' "
                            f"of layout '{layout.name}' does not have", spec.loc,
                            f"slots of '{spec.template}': {', '.join(sorted(slots)) or 'none'} "
                            f"(a template names its slots in {layout.file.name})")
    diags.check()


def _faces_used(pages: list[PagePlan], metrics) -> dict[str, str]:
    faces = sorted({item.face for page in pages for item in page.items if hasattr(item, "face")})
    family = getattr(metrics, "family", lambda f: f)
    return {face: family(face) for face in faces}


__all__ = ["build", "lay_out", "Built", "BuildError", "Loc", "fail"]

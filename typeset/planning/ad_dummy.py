"""A page's ads from issue.yaml to boxes on the grid: sized, checked against their files, placed.

issue.yaml books each ad by width in columns and a height (source.py
reads it into `model.Ad`). Here the booking meets the layout: the box is
the columns' span (gutters between them included) by the booked height,
taking whole grid lines; the file must have the box's shape, for an ad is
never scaled out of shape beyond 2% nor cropped (the ad desk sends it
back); then ads.py places the boxes (fixed or pyramid-stacked).
"""
from __future__ import annotations

import math

from ..context import Context
from .pages import PageDraft
from .ads import Booking, Placed, ad_area, place_ads

MM = 25.4 / 72
TOLERANCE = 0.02  # an ad may be scaled this much to fill its box, no more


def ad_dummy(spec, draft: PageDraft, ctx: Context, issue) -> list[Placed]:
    """The page's ads placed (and its teaser box, when its teasers are not in the ear); an error for
    each that does not fit its box or the page."""
    grid = ctx.layout.grid
    lines = grid.lines - draft.top - draft.bottom
    bookings = []
    for index, ad in enumerate(getattr(spec, "ads", ())):
        width = grid.span(ad.columns) if ad.columns <= grid.columns else 0.0
        height = ad.height if ad.height else ad.lines * grid.leading
        box_lines = ad.lines or max(1, math.ceil(height / grid.leading - 0.01))
        name = str(ad.file.name)
        if width and ad.width_px and ad.height_px:
            shape, booked = ad.width_px / ad.height_px, width / height
            if abs(shape / booked - 1) > TOLERANCE:
                fitting = width / shape
                ctx.diags.error(
                    f"ad {name} is {ad.width_px} x {ad.height_px} px (width/height {shape:.2f}) but is booked "
                    f"{ad.columns} columns x {height * MM:.1f} mm ({width * MM:.1f} x {height * MM:.1f} mm, "
                    f"width/height {booked:.2f}): it would have to be scaled out of shape or cropped", ad.loc,
                    f"ask the ad desk for a file of the booked size, or book the file's shape: {ad.columns} "
                    f"columns x {fitting * MM:.1f} mm")
                continue
        if ad.file.suffix.lower() == ".pdf" and _press_problems(ad, name, ctx):
            continue
        bookings.append(Booking(name, ad.columns, box_lines, ad.at, index, ad.file, height, ad.width_px,
                                ad.height_px))
    ads = getattr(spec, "ads", ())
    bookings = _headline_bands(spec, issue, ctx) + bookings  # 通栏/破栏 headlines first: they take the top
    if spec.teasers and spec.ear != "teasers":  # the teaser box is booked like an ad, at the top right
        from ..drawing.teasers import TEASER_COLUMNS, box_lines, teasers

        bookings.append(Booking("teasers", TEASER_COLUMNS, box_lines(teasers(issue, spec.teasers), ctx,
                                                                     spec.loc), "top-right", len(ads)))
    placed, problems = place_ads(bookings, grid.columns, lines, draft.folio)
    for booking, problem in problems:
        if booking.name.startswith("headline:"):
            ctx.diags.error(f"page {draft.folio}: the headline of {booking.name[9:]} across {booking.columns} columns "
                            f"has no room at the top of the page", spec.loc, "span fewer columns, or move an ad")
        elif booking.index < len(ads):
            ctx.diags.error(f"page {draft.folio}: {problem}", ads[booking.index].loc,
                            "book it smaller, move it with `at:`, or put it on another page")
        else:
            ctx.diags.error(f"page {draft.folio}: {problem.replace('ad teasers', 'the teaser box', 1)}", spec.loc,
                            "tease fewer articles, give them shorter summaries, or put them in the ear (ear: teasers)")
    if placed and ad_area(placed) >= lines * grid.columns:
        ctx.diags.error(f"page {draft.folio}: its ads take the whole free area ({grid.columns} columns x {lines} "
                        "lines), leaving no room for its articles", spec.loc, "move an ad or an article")
    return placed


def _headline_bands(spec, issue, ctx: Context) -> list[Booking]:
    """A band at the top of the page for each story named on it whose headline group spans more
    columns than its body (`headline_span`: the page, or N columns from the left); the story's module
    then sets no headline group of its own (geometry.spans_over)."""
    from ..articles.article import Story, header_blocks

    grid = ctx.layout.grid
    bands = []
    for slug in spec.articles:
        article = issue.articles.get(slug)
        if article is None or not article.headline_span:
            continue
        columns = grid.columns if article.headline_span < 0 else min(article.headline_span, grid.columns)
        blocks = header_blocks(Story(slug, article, ()), columns, ctx)
        bands.append(Booking(f"headline:{slug}", columns, sum(b.height for b in blocks) + 1, "top-left",
                             10_000 + len(bands)))
    return bands


def _press_problems(ad, name: str, ctx: Context) -> bool:
    """Preflight a PDF ad on its own (colour spaces, transparency, its images' resolution), before it is
    placed: an RGB or transparent ad fails the build naming the ad, not just the page it is on."""
    import pikepdf

    from ..preflight import Limits, Report
    from ..preflight.content import check
    from ..preflight.structure import fonts

    settings = ctx.layout.print_settings
    report = Report(ad.file)
    with pikepdf.open(ad.file) as pdf:
        check(pdf, report, settings.pdfx, Limits.from_settings(settings))
        fonts(pdf, report)
    errors = [f for f in report.findings if f.level == "error"]
    for f in errors:
        ctx.diags.error(f"ad {name} is not fit for the press: {f.message} [{f.rule}]", ad.loc,
                        f"ask the ad desk for a PDF/{settings.pdfx} ad: CMYK (or grey) only, fonts embedded, "
                        "no transparency")
    return bool(errors)


def ad_report(draft: PageDraft, ctx: Context) -> list[dict]:
    """Each placed ad for report.json: its page, file, booking, box on the page (mm) and how much of
    the box the ad fills (its booked height over the box's whole grid lines)."""
    grid = ctx.layout.grid
    out = []
    for ad in draft.ads:
        b = ad.booking
        if b.file is None:
            continue  # the teaser box, not an ad
        box = (grid.col_x(ad.column), grid.line_y(draft.top + ad.line), grid.span(b.columns), b.lines * grid.leading)
        out.append({"page": draft.folio, "file": b.name, "columns": b.columns, "lines": b.lines,
                    "at": b.at or "stacked", "box_mm": [round(v * MM, 1) for v in box],
                    "fill": round(min(1.0, b.height / box[3]), 3)})
    return out

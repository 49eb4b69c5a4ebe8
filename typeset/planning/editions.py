"""Lay out a regional edition (reading/editions.py) from the base edition's plan: only its own pages are planned.

The base edition is planned first, whole. An edition then takes the base's
page drafts as they are for every page it shares, and plans each page it
replaces on its own (plan_issue on a one-page issue at that folio: the
page's own template, articles and ads). So a shared page is planned once,
for all editions; drawing it again for the edition gives the same display
list (the same stories in the same modules), hence the same bytes, unless
what it draws depends on the edition: the masthead of the front page with
the edition's fields, a teaser naming a page the edition replaced.

Jumps: the base's jumps between shared pages hold in every edition (the
pages keep their folios). A jump from a shared page to a page the edition
replaces, or from such a page to a shared one, would leave half an article
in the edition: that is an error naming the edition, the article and the
pages, and the build writes nothing. An edition's own page must hold its
articles (it cannot jump; a story that does not fit is overset, an error).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from ..context import Context
from ..errors import Diagnostic, Diagnostics
from ..model import Edition, Issue
from ..plan import PagePlan
from .issue import IssuePlan, plan_issue


@dataclass
class EditionLayout:
    """An edition laid out: its issue (the base's with its pages and masthead), its pages' display lists,
    its plan (for its report), the folios it shares with the base, and what it found to say."""

    issue: Issue
    pages: list[PagePlan]
    plan: IssuePlan
    shared: list[int]
    diags: Diagnostics
    quality: dict


def lay_out_edition(issue: Issue, edition: Edition, base: IssuePlan, base_pages: list[PagePlan],
                    ctx: Context) -> EditionLayout:
    """Plan the pages `edition` replaces, take the base's drafts for the others, and draw the edition."""
    from ..drawing.pages import draw_pages

    diags = Diagnostics()
    # Its own context: its diagnostics and quality apart; the base's compositions and records shared, so a
    # story of a shared page is neither composed nor counted again.
    quality = copy.deepcopy({slug: q for slug, q in ctx.quality.items() if slug == "" or slug in _slugs(issue, edition)})
    ectx = replace(ctx, diags=diags, quality=quality, _reported=set(), cache=ctx.cache, _recorded=dict(ctx._recorded))
    pages = tuple(edition.pages.get(issue.first_page + k, spec) for k, spec in enumerate(issue.pages))
    articles = {**issue.articles, **edition.articles}
    ed_issue = replace(issue, pages=pages, masthead=edition.masthead, articles=articles, editions=())
    drafts, units, ads = list(base.drafts), dict(base.units), [a for a in base.ads if a["page"] not in edition.pages]
    for folio, spec in sorted(edition.pages.items()):
        own = {slug: articles[slug] for slug in spec.articles if slug in articles}
        one = plan_issue(replace(ed_issue, first_page=folio, pages=(spec,), articles=own), ectx)
        drafts[folio - issue.first_page] = one.drafts[0]
        units.update(one.units)
        ads += one.ads
    jumps = _jumps(edition, base, diags)
    _left_out(issue, edition, base, diags)
    if diags.errors:
        return EditionLayout(ed_issue, [], IssuePlan(drafts, jumps), [], diags, quality)
    drawn = draw_pages(ed_issue, ectx, drafts, jumps)
    shared = [p.folio for p, b in zip(drawn, base_pages) if p.folio not in edition.pages and p == b]
    # a shared page is the base's own display list: one object, drawn into the same bytes
    drawn = [base_pages[k] if p.folio in shared else p for k, p in enumerate(drawn)]
    plan = IssuePlan(drafts, jumps, held_over=[], units={s: n for s, n in units.items() if s in _slugs(ed_issue)},
                     ads=sorted(ads, key=lambda a: a["page"]))
    return EditionLayout(ed_issue, drawn, plan, shared, diags, quality)


def _jumps(edition: Edition, base: IssuePlan, diags: Diagnostics) -> list:
    """The base's jumps that hold in the edition; one that crosses between a shared page and a replaced one
    is an error."""
    kept = []
    for j in base.jumps:
        gone = (j.from_page in edition.pages, j.to_page in edition.pages)
        if gone == (False, False):
            kept.append(j)
        elif gone != (True, True):
            mine, other = (j.to_page, j.from_page) if gone[1] else (j.from_page, j.to_page)
            diags.error(f"edition '{edition.name}' replaces page {mine}, but article '{j.article}' jumps from page "
                        f"{j.from_page} to page {j.to_page} in the base edition: page {other}, which the edition "
                        "shares, would print half of it", edition.pages[mine].loc,
                        f"replace page {other} in the edition too, or let '{j.article}' fit without a jump in the base "
                        "edition (fewer articles on its page, or no continues_on)")
    return kept


def _left_out(issue: Issue, edition: Edition, base: IssuePlan, diags: Diagnostics) -> None:
    """An article named on no page that the base edition placed on a page the edition replaces is not in the
    edition: say so, never drop it silently."""
    named = _slugs(issue) | set(edition.articles)
    for draft in base.drafts:
        if draft.folio in edition.pages:
            for story, _, _ in draft.placed:
                if story.slug not in named:
                    diags.warning(f"article '{story.slug}', named on no page, is on page {draft.folio} of the base "
                                  f"edition, which edition '{edition.name}' replaces: the edition does not print it",
                                  edition.pages[draft.folio].loc,
                                  f"name '{story.slug}' on a page, or on the edition's page {draft.folio}")


def merge_diagnostics(edition: Edition, found: Diagnostics, into: Diagnostics) -> None:
    """Add what the edition found and the base did not, naming the edition, to the build's diagnostics."""
    for d in found.items:
        if d not in into.items:
            into.items.append(Diagnostic(d.level, f"edition '{edition.name}': {d.message}", d.loc, d.hint))


def _slugs(issue: Issue, edition: Edition | None = None) -> set[str]:
    pages = issue.pages if edition is None else tuple(edition.pages.get(issue.first_page + k, spec)
                                                      for k, spec in enumerate(issue.pages))
    return {slug for spec in pages for slug in spec.articles}

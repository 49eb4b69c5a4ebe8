"""What every built issue must show, as small checks shared by the issue tests.

Each `check_*` takes a `typeset.Built` (or anything shaped like one: `.pages`
with `.folio`, `.items`, `.modules`, `.score`; `.report`; `.diags.items`;
`.issue.pages` / `.issue.articles`; `.layout.wording`) and raises
AssertionError saying what is wrong, so it reads the same in any test and
can be tried on a deliberately broken copy (tests/test_issue_properties.py
does, once per check, so that no check passes whatever it is given).

The promises checked, and why they matter to an editor:
- nothing lost: every character of every article is printed exactly once,
  or the article (named on no page) is held over and reported; text set
  twice or silently dropped is the worst thing a newspaper build can do;
- one jump at most: a story cut into three parts across three pages is
  unreadable; readers follow one "continued on" line, not two;
- full pages: a page left part blank while text that could fill it jumps
  past it to a later page is a planning failure; a page may only stay short
  when its stories really are short of text, and then says so;
- true jump lines: "continued on page N" must send the reader to the page
  where the text goes on, which must say where it came from.
"""
from __future__ import annotations

import re
from collections import defaultdict

FULL = 0.97  # share of a page's free area that must not stay blank


def _folios(built) -> list[int]:
    return [p.folio for p in built.pages]


def _named(built) -> set[str]:
    return {slug for spec in built.issue.pages for slug in spec.articles}


def _modules(built) -> dict[str, list[tuple[int, object]]]:
    """slug -> [(folio, ModuleInfo)] in page order."""
    out: dict[str, list[tuple[int, object]]] = defaultdict(list)
    for page in built.pages:
        for m in page.modules:
            out[m.article].append((page.folio, m))
    return out


def _pattern(template: str) -> re.Pattern:
    """A layout's jump wording ('（下转第{page}版）', 'Continued on Page {page}') as a regex over text
    with its whitespace removed: the page number is the group."""
    before, after = template.replace(" ", "").split("{page}")
    return re.compile(re.escape(before) + r"(\d+)" + re.escape(after))


def jump_lines(built) -> dict[tuple[str, int], dict[str, list[int]]]:
    """(article, folio) -> {"to": [N, ...], "from": [P, ...]}: the "continued on page N" and "continued
    from page P" lines of that article on that page, read off the drawn text. A line may be set as
    several runs (a glyph run per script or per word), so an article's jump runs on a page are
    joined in drawing order before they are read."""
    wording = built.layout.wording
    to_re, from_re = _pattern(wording["jump_to"]), _pattern(wording["jump_from"])
    text: dict[tuple[str, int], str] = defaultdict(str)
    for page in built.pages:
        for item in page.items:
            if getattr(item, "role", "") == "jump":
                text[(item.article, page.folio)] += re.sub(r"\s", "", item.text)
    return {key: {"to": [int(n) for n in to_re.findall(t)], "from": [int(n) for n in from_re.findall(t)]}
            for key, t in text.items()}


def _jumps(built) -> list[tuple[str, int, int]]:
    """(article, from page, to page) of every jump the report lists."""
    return [(slug, j["from_page"], j["to_page"]) for slug, entry in built.report.get("articles", {}).items()
            for j in entry.get("jumps", [])]


def _warnings(built) -> list[str]:
    return [d.message for d in built.diags.items if d.level == "warning"]


def short_of_text(built, folio: int) -> bool:
    """Did the build warn that page `folio` is short of text (the only excuse for a page left under 97%)?"""
    return any(m.startswith(f"page {folio} ") and "short of text" in m for m in _warnings(built))


# -- the checks -------------------------------------------------------------------------------------

def check_nothing_lost(built) -> None:
    """Every article's body units are placed exactly once, or it is held over (named on no page).

    Uses `ModuleInfo.units` = (first, end) into the article's whole list of body units,
    `report["articles"][slug]["units"]` = that list's length, and `report["held_over"]`. For each
    article the modules' ranges, in order, must run 0..units without gap or overlap; a held-over
    article has no module, is named on no page, and a warning names it; a named article is never
    held over. A module's overset_chars is 0 unless it ends in a "continued on" line (its rest is
    set on another page), and only a module that does not hold the article's last unit may.
    """
    missing = []
    if "held_over" not in built.report:
        missing.append('report["held_over"]')
    if any(not hasattr(m, "units") for p in built.pages for m in p.modules):
        missing.append("ModuleInfo.units")
    articles = built.report.get("articles", {})
    modules = _modules(built)
    if any("units" not in articles.get(slug, {}) for slug in modules):
        missing.append('report["articles"][slug]["units"]')
    lines = jump_lines(built)
    # overset text is allowed only where the module sends it on: this part needs no new field
    for slug, placed in modules.items():
        for folio, m in placed:
            if m.overset_chars and not lines.get((slug, folio), {}).get("to"):
                raise AssertionError(f"article '{slug}' loses {m.overset_chars} characters on page {folio}: "
                                     f"its module there is overset and ends in no jump line")
    named = _named(built)
    for slug in built.issue.articles:
        if slug in named and slug not in modules:
            raise AssertionError(f"article '{slug}' is named on a page but placed on none")
    if missing:
        raise AssertionError("cannot check that every unit is placed once: the build has no " + ", ".join(missing)
                             + " (the planner that records unit ranges and held-over articles)")
    held = {h["article"]: h["chars"] for h in built.report["held_over"]}
    warnings = _warnings(built)
    for slug, chars in held.items():
        if slug in named:
            raise AssertionError(f"article '{slug}' is named on a page but was held over")
        if slug in modules:
            raise AssertionError(f"article '{slug}' is held over and also placed on page(s) "
                                 f"{sorted({f for f, _ in modules[slug]})}")
        if not any(f"'{slug}'" in w for w in warnings):
            raise AssertionError(f"article '{slug}' is held over ({chars} characters) without a warning naming it")
    for slug in built.issue.articles:
        if slug in held:
            continue
        if slug not in modules:
            raise AssertionError(f"article '{slug}' is neither placed nor held over: its text is lost")
        total = articles[slug]["units"]
        spans = sorted((tuple(m.units), folio) for folio, m in modules[slug])
        at = 0
        for (first, end), folio in spans:
            if first != at:
                what = "are lost" if first > at else "are set twice"
                raise AssertionError(f"article '{slug}': units {min(at, first)}-{max(at, first)} {what} "
                                     f"(page {folio} starts at unit {first}; modules {spans})")
            if end <= first and total:
                raise AssertionError(f"article '{slug}': an empty module on page {folio} (units {first}-{end})")
            at = end
        if at != total:
            raise AssertionError(f"article '{slug}': units {at}-{total} of {total} are placed nowhere "
                                 f"(modules {spans})")
        for folio, m in modules[slug]:
            sends = bool(lines.get((slug, folio), {}).get("to"))
            if sends and m.units[1] == total:
                raise AssertionError(f"article '{slug}' on page {folio} says it continues, but holds its last unit")
            if not sends and m.units[1] != total:
                raise AssertionError(f"article '{slug}' on page {folio} stops at unit {m.units[1]} of {total} "
                                     f"without a jump line")


def check_one_jump(built) -> None:
    """No story jumps more than once: at most one jump in the report, modules on at most two pages,
    and a story on two pages jumps from the first to the second; and a jump moves at least the
    layout's min_jump_lines."""
    pages_of = {slug: sorted({f for f, _ in placed}) for slug, placed in _modules(built).items()}
    least = getattr(getattr(getattr(built, "layout", None), "planner", None), "min_jump_lines", 0)
    for slug, entry in built.report.get("articles", {}).items():
        jumps = entry.get("jumps", [])
        short = [j for j in jumps if j["lines_moved"] < least]
        if short:  # three lines continued on another page read as a mistake
            raise AssertionError(f"article '{slug}' moves {short[0]['lines_moved']} lines to page "
                                 f"{short[0]['to_page']}, fewer than min_jump_lines ({least})")
        if len(jumps) > 1:
            route = " -> ".join([str(jumps[0]["from_page"])] + [str(j["to_page"]) for j in jumps])
            raise AssertionError(f"article '{slug}' jumps {len(jumps)} times (pages {route})")
    for slug, folios in pages_of.items():
        if len(folios) > 2:
            raise AssertionError(f"article '{slug}' is set on {len(folios)} pages: {folios}")
        jumps = [(f, t) for s, f, t in _jumps(built) if s == slug]
        if len(folios) == 2 and jumps != [tuple(folios)]:
            raise AssertionError(f"article '{slug}' is set on pages {folios} but the report's jumps are {jumps}")
        if len(folios) == 1 and jumps:
            raise AssertionError(f"article '{slug}' is set on page {folios[0]} only but the report says it "
                                 f"jumps {jumps}")


def check_full_pages(built) -> None:
    """Every page but the last is at least 97% full, unless the build warned that the page is short
    of text; and even then no article placed on an earlier page jumps to a page after it (that text
    should have filled this page first)."""
    jumps = _jumps(built)
    for page in built.pages[:-1]:
        fill = page.score.get("fill", 0.0) if page.score else 0.0
        if fill >= FULL:
            continue
        past = [(s, f, t) for s, f, t in jumps if f < page.folio < t]
        passing = ("; text jumps past it: " + ", ".join(f"'{s}' from page {f} to {t}" for s, f, t in past)
                   if past else "")
        if not short_of_text(built, page.folio):
            raise AssertionError(f"page {page.folio} is {100 * fill:.1f}% full and the build did not warn that it is "
                                 f"short of text{passing} (warnings: "
                                 f"{[w for w in _warnings(built) if w.startswith('page ')]})")
        if past:
            raise AssertionError(f"page {page.folio} is {100 * fill:.1f}% full (short of text){passing}")


def check_jump_lines(built) -> None:
    """Jump lines name the page the text lands on, both ways, and agree with the report.

    For each "continued on page N" line of article X on page P: N is a later page of the issue, X
    is set on N, and X's part there carries "continued from page P"; each "continued from" line
    has its "continued on" line; each jump in the report has both lines."""
    lines = jump_lines(built)
    folios = set(_folios(built))
    placed = {(slug, f) for slug, mods in _modules(built).items() for f, _ in mods}
    for (slug, page), found in lines.items():
        if len(found["to"]) > 1:
            raise AssertionError(f"article '{slug}' has {len(found['to'])} 'continued on' lines on page {page}: "
                                 f"{found['to']}")
        for target in found["to"]:
            if target not in folios or target <= page:
                raise AssertionError(f"article '{slug}' on page {page} says it continues on page {target}, "
                                     f"which is not a later page of the issue {sorted(folios)}")
            if (slug, target) not in placed:
                raise AssertionError(f"article '{slug}' on page {page} says it continues on page {target}, "
                                     f"but it is not set there")
            if page not in lines.get((slug, target), {}).get("from", []):
                raise AssertionError(f"article '{slug}' continues from page {page} on page {target}, but page "
                                     f"{target} does not say 'continued from page {page}' "
                                     f"(it says {lines.get((slug, target))})")
        for source in found["from"]:
            if page not in lines.get((slug, source), {}).get("to", []):
                raise AssertionError(f"article '{slug}' on page {page} says it is continued from page {source}, "
                                     f"but page {source} does not send it here ({lines.get((slug, source))})")
    for slug, source, target in _jumps(built):
        if lines.get((slug, source), {}).get("to") != [target]:
            raise AssertionError(f"the report has '{slug}' jump from page {source} to {target}, but page {source} "
                                 f"says {lines.get((slug, source))}")
    reported = {(s, f, t) for s, f, t in _jumps(built)}
    for (slug, page), found in lines.items():
        for target in found["to"]:
            if (slug, page, target) not in reported:
                raise AssertionError(f"'{slug}' jumps from page {page} to {target} but the report does not list it")


def check_failure_names(err, slugs) -> None:
    """A failed build says what did not fit: one of its errors names an article of the issue (in the
    message itself, not only in the file path the diagnostic points at)."""
    errors = [d for d in err.diagnostics if d.level == "error"] or err.diagnostics
    for d in errors:
        if any(re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", d.message) for s in slugs):
            return
    raise AssertionError("the build failed without naming an article that did not fit: "
                         + " | ".join(d.message for d in errors))


def check_over_capacity(outcome, unnamed, slugs) -> None:
    """An issue with more text than its pages hold either fails naming what did not fit, or builds
    with only articles named on no page held over (each with a warning), and no character lost."""
    from typeset import BuildError

    if isinstance(outcome, BuildError):
        check_failure_names(outcome, slugs)
        return
    held = [h["article"] for h in outcome.report.get("held_over", [])]
    named_held = [s for s in held if s not in set(unnamed)]
    if named_held:
        raise AssertionError(f"articles named on a page were held over: {named_held}")
    check_nothing_lost(outcome)


DISPLAY_ROLES = ("headline", "overline", "subtitle", "subhead", "caption", "jump_head")


def display_widows(built) -> list[tuple]:
    """Lines of wrapped display text (headline, overline, subtitle, subhead, caption, jump head) at most
    a quarter as wide as the line above them, as a reader sees them on the page."""
    from typeset.plan import TextRun

    found = []
    for page in built.pages:
        rows: dict = {}
        for item in page.items:
            if isinstance(item, TextRun) and item.role in DISPLAY_ROLES and not item.angle:
                rows.setdefault((item.article, item.role), {}).setdefault(round(item.y, 1), []).append(item)
        for (article, role), by_y in rows.items():
            lines = sorted(by_y.items())
            for (y0, above), (y1, below) in zip(lines, lines[1:]):
                if y1 - y0 > 2 * max(r.size for r in below):
                    continue  # not the next line of the same block
                wide = max(r.x + len(r.text) * r.size for r in above) - min(r.x for r in above)
                narrow = max(r.x + len(r.text) * r.size for r in below) - min(r.x for r in below)
                if narrow <= wide / 4:
                    found.append((page.folio, article, role, "".join(r.text for r in below)))
    return found


def check_no_display_widows(built) -> None:
    """No wrapped display line a quarter as wide as the one above it (display.py keeps them out)."""
    found = display_widows(built)
    if found:
        raise AssertionError(f"{len(found)} display line(s) left short: {found[:5]}")

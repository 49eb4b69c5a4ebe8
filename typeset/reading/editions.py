"""issue.yaml `editions:`: regional editions that replace a few pages of the issue and share the rest.

A newspaper's editions (a city page, the ads of a zone) share most pages
with the base edition and replace a few. Each edition names the pages it
replaces by folio, each a page entry like those of `pages:` (its own
template, articles and ads), and its own masthead fields, set over the
issue's (`edition: 石家庄版` shows in the masthead's dateline bar):

    editions:
      - name: shijiazhuang          # its output folder: OUT/<issue>/shijiazhuang/
        masthead: {edition: 石家庄版}
        pages:
          5:                        # the folio it replaces
            template: inside
            articles: [chunyun-jiuyuan, zoushi-laoren]
            ads:
              - {file: ads/phone.pdf, columns: 3, height: 40mm}

An article named on an edition's page must not stand on a page that
edition shares (it would be printed twice); an article named only on
edition pages is not part of the base edition (nor placed by it on a page
with room). Every problem is reported at its line of issue.yaml with a
hint, like the rest of the file.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import Loc
from ..model import Article, Edition, PageSpec
from .yamlsafe import YMap, check_keys, describe, get_text

EDITION_KEYS = ("name", "masthead", "pages")
NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
RESERVED = ("preview",)  # folders the output folder has already


def read_editions(reader, data: YMap, path: Path, first_page: int, pages: tuple[PageSpec, ...],
                  articles: dict[str, Article], known: set[str], masthead: dict
                  ) -> tuple[tuple[Edition, ...], dict[str, Article]]:
    """The editions issue.yaml declares, and the base edition's articles (those named only on edition pages
    left out). `reader` is source.py's reader: its page entries and masthead fields are read the same way."""
    items = data.get("editions")
    if items is None:
        return (), articles
    diags = reader.diags
    example = "write '- name: city' with 'pages:' below it, each '5:' (a folio) followed by a page entry"
    if not isinstance(items, list) or not items:
        diags.error(f"'editions' must be a list of editions, not {describe(items)}", Loc(path, data.line_of("editions")),
                    example)
        return (), articles
    last = first_page + len(pages) - 1
    on_base = {slug for spec in pages for slug in spec.articles}
    editions: list[Edition] = []
    for i, item in enumerate(items):
        loc = Loc(path, items.line_of(i))
        if not isinstance(item, YMap):
            diags.error(f"edition {i + 1} must be a mapping, not {describe(item)}", loc, example)
            continue
        check_keys(diags, item, EDITION_KEYS, path, f"edition {i + 1}")
        name = get_text(diags, item, "name", path, f"edition {i + 1}", required=True)
        if name and (not NAME.match(name) or name in RESERVED):
            diags.error(f"edition name '{name}' cannot be a folder name of the output", Loc(path, item.line_of("name")),
                        "use lowercase letters, digits, '-' and '_' (e.g. shijiazhuang)" +
                        (f"; '{name}' is taken by the issue's own folder" if name in RESERVED else ""))
            name = ""
        if name in {e.name for e in editions}:
            diags.error(f"two editions are named '{name}'", Loc(path, item.line_of("name")),
                        "give every edition its own name: it is its output folder")
            name = ""
        replaced = _pages(reader, item, path, name or f"edition {i + 1}", first_page, last, pages, known)
        own = {**masthead, **reader._masthead(item, path)}
        named = {slug: articles[slug] for spec in replaced.values() for slug in spec.articles if slug in articles}
        if name and replaced:
            editions.append(Edition(name, replaced, own, named, loc))
    only_editions = {slug for e in editions for slug in e.articles} - on_base
    return tuple(editions), {slug: a for slug, a in articles.items() if slug not in only_editions}


def _pages(reader, item: YMap, path: Path, name: str, first_page: int, last: int, pages: tuple[PageSpec, ...],
           known: set[str]) -> dict[int, PageSpec]:
    """The pages an edition replaces, by folio; an article of them must not stand on a page it shares."""
    diags = reader.diags
    entries = item.get("pages")
    hint = f"write 'pages:' with a folio from {first_page} to {last} ('5:'), and the page entry under it"
    if not isinstance(entries, YMap) or not entries:
        diags.error(f"edition '{name}' replaces no pages" if entries is None else
                    f"'pages' of edition '{name}' must map folios to pages, not {describe(entries)}",
                    Loc(path, item.line_of("pages") if "pages" in item else item.line), hint)
        return {}
    folios = [f for f in entries if isinstance(f, int) and not isinstance(f, bool) and first_page <= f <= last]
    for folio in entries:
        if folio not in folios:
            diags.error(f"edition '{name}' replaces page {folio!r}, which is not a folio of this issue "
                        f"({first_page}-{last})", Loc(path, entries.line_of(folio)), hint)
    # what it shares: an article there may not be named on its own pages too
    seen = {slug: (f"page {first_page + k} (shared with the base edition)", spec.loc.line if spec.loc else 0)
            for k, spec in enumerate(pages) if first_page + k not in folios for slug in spec.articles}
    out: dict[int, PageSpec] = {}
    for folio in sorted(folios):
        spec = reader.page_entry(entries[folio], path, f"page {folio} of edition '{name}'",
                                 Loc(path, entries.line_of(folio)), known, seen)
        if spec is not None:
            out[folio] = spec
    return out

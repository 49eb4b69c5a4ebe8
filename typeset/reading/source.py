"""Issue folder -> `model.Issue`, exactly per docs/spec issue-format.md.

Contract:
- `read_issue(folder, diags=None)` reads `issue.yaml`, every `articles/*.md`
  (sorted by name; slug = file stem, also those on no page), their photos
  and the optional imprint, keeping the `Loc` (file, line) of everything.
- Every problem found is collected, each with its file, line and a hint, and
  raised together as one `BuildError` at the end, so the user sees all of
  them at once. Only a missing folder or issue.yaml stops at once.
- If `diags` is given, every diagnostic (warnings too) is also appended to it;
  warnings never stop the read.
- Photos are checked to lie inside the issue folder and opened with Pillow
  (header only, decompression-bomb guard on) to store their size after
  EXIF orientation. Text is kept as written; the body's Markdown subset is
  parsed by `mdbody`. The layout name is only stored.
- Characters that are no text are taken out on the way in, from every file
  (issue.yaml, articles, the imprint) and from every YAML value (escapes such
  as "\\0" or "\\ud800"): C0/C1 control characters other than tab, newline
  and CR are dropped (vertical tab and form feed, which separate words, become
  a space), with one warning per file naming each (U+XXXX), how often and the
  line of its first; a lone surrogate or a noncharacter (U+FDD0..U+FDEF,
  U+xFFFE, U+xFFFF) is an error naming the code point and the field, and is
  replaced by U+FFFD so that `partial` readers go on safely. A UTF-16
  surrogate pair written as two escapes ("\\ud83d\\ude00") is the character it
  encodes.
- A file that cannot be read (permissions, a folder where a file should be)
  is an error naming it, never an exception.
"""
from __future__ import annotations

import datetime as _dt
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from ..errors import BuildError, Diagnostics, Loc, fail
from .mdbody import parse_body
from ..model import Ad, Article, Issue, PageSpec, Paragraph, Photo
from ..units import parse_length
from .yamlsafe import YList, YMap, check_keys, decode_utf8, describe, did_you_mean, get_int, get_text, load_yaml

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
ISSUE_KEYS = ("publication", "language", "layout", "date", "number", "first_page", "masthead", "imprint", "pages",
              "editions")
PAGE_KEYS = ("template", "articles", "ads", "teasers", "ear")
AD_KEYS = ("file", "columns", "height", "lines", "at")
AD_POSITIONS = ("bottom-left", "bottom-right", "bottom", "top-left", "top-right")
SLOT_KEYS = ("article", "slot")
ARTICLE_KEYS = ("overline", "headline", "subtitle", "byline", "priority", "continues_on", "photos", "box",
                "summary", "headline_direction", "headline_span")
BOXES = ("frame", "tint")
PHOTO_KEYS = ("file", "caption", "credit")
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
IMAGE_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "GIF", "BMP", "JPEG2000")  # no EPS: it runs Ghostscript
_QUARTER_TURNS = (5, 6, 7, 8)  # EXIF orientations that swap width and height


def read_issue(folder: Path, diags: Diagnostics | None = None, *, partial: bool = False) -> Issue:
    """Read the issue folder; raise BuildError listing every problem found.

    With `partial` (for `typeset check`), an issue.yaml that parses gives back
    what could be read despite errors elsewhere (they are in `diags`), so the
    checks that need only the articles can still run.
    """
    folder = Path(folder)
    issue_yaml = folder / "issue.yaml"
    try:
        if not folder.exists():
            raise fail(f"issue folder {folder} does not exist", Loc(folder), "check the path given to typeset build")
        if not folder.is_dir():
            raise fail(f"{folder} is not a folder", Loc(folder), "give the issue folder, the one holding issue.yaml")
        if not issue_yaml.is_file():
            if issue_yaml.exists() or issue_yaml.is_symlink():
                what = "a folder" if issue_yaml.is_dir() else "a link to nothing" if not issue_yaml.exists() else \
                    "not a regular file"
                raise fail(f"{issue_yaml} is {what}, not a file", Loc(issue_yaml),
                           "issue.yaml must be a plain text file in the issue folder")
            raise fail(f"{folder} has no issue.yaml", Loc(issue_yaml),
                       "an issue folder holds issue.yaml, articles/*.md and images/; is this the right folder?")
    except OSError as exc:  # a folder the build may not look into
        raise fail(f"cannot read {folder}: {exc.strerror or exc}", Loc(folder), _PERMISSION_HINT) from None
    own = Diagnostics()
    try:
        return _Reader(folder, own, partial=partial).read()
    finally:
        if diags is not None:
            diags.items.extend(own.items)


@dataclass
class _Reader:
    folder: Path
    diags: Diagnostics
    chinese: bool = False
    partial: bool = False
    articles_listed: bool = True  # False when articles/ could not be listed (reported once)

    # -- issue.yaml ---------------------------------------------------------
    def read(self) -> Issue:
        path = self.folder / "issue.yaml"
        chars = _Chars(path)
        text = self._text(path, chars)
        data = None if text is None else self._mapping(
            path, text, 1, "issue.yaml must be 'key: value' lines (publication:, language:, ...)")
        fields = _clean_yaml(data, chars) if data is not None else []
        chars.report(self.diags, lambda line: _field_at(fields, line, "issue.yaml"))
        language = self._language(data, path) if data is not None else ""
        self.chinese = language.startswith("zh")
        articles, known = self._articles()
        if data is None:  # issue.yaml is unusable; the articles' problems are reported with it
            self.diags.check()
        where = "issue.yaml"
        check_keys(self.diags, data, ISSUE_KEYS, path, where)
        first_page = get_int(self.diags, data, "first_page", path, where, default=1)
        fields = dict(
            publication=get_text(self.diags, data, "publication", path, where, required=True),
            layout=get_text(self.diags, data, "layout", path, where, required=True),
            date=self._date(data, path), number=get_int(self.diags, data, "number", path, where, None, required=True),
            masthead=self._masthead(data, path), imprint=self._imprint(data, path),
        )
        pages = self._pages(data, path, first_page, known)
        self._check_jumps(articles, pages, first_page)
        from .editions import read_editions  # the regional editions: pages that replace some of these

        editions, articles = read_editions(self, data, path, first_page, pages, articles, known, fields["masthead"])
        if not self.partial:
            self.diags.check()
        return Issue(
            folder=self.folder.resolve(), name=self.folder.resolve().name, language=language,
            first_page=first_page, pages=pages, articles=articles, loc=Loc(path),
            field_locs={k: Loc(path, data.line_of(k)) for k in data}, editions=editions, **fields,
        )

    def _mapping(self, path: Path, text: str | None, first_line: int, what: str) -> YMap | None:
        """Load YAML that must be a mapping; None if it is not (reported). Empty YAML is an empty mapping."""
        try:
            data = load_yaml(path, text, first_line)
        except BuildError as exc:
            self.diags.items.extend(exc.diagnostics)
            return None
        if data is None:
            data = YMap()
            data.line = first_line
        if not isinstance(data, YMap):
            self.diags.error(what, Loc(path, first_line), "see the issue format: each line is 'key: value'")
            return None
        return data

    def _language(self, data: YMap, path: Path) -> str:
        lang = get_text(self.diags, data, "language", path, "issue.yaml", required=True)
        if lang and lang not in LANGUAGES:
            self.diags.error(f"language '{lang}' is not supported", Loc(path, data.line_of("language")),
                             did_you_mean(lang, LANGUAGES) + "use one of " + ", ".join(LANGUAGES))
        return lang if lang in LANGUAGES else ""

    def _date(self, data: YMap, path: Path) -> _dt.date:
        v = data.get("date")
        if isinstance(v, _dt.datetime):
            return v.date()
        if isinstance(v, _dt.date):
            return v
        if isinstance(v, str):
            try:
                return _dt.date.fromisoformat(v.strip())
            except ValueError:
                pass
        what = "issue.yaml has no 'date'" if v is None else f"'date' must be a date, not {describe(v)}"
        self.diags.error(what, Loc(path, data.line_of("date")), "write the issue date as date: YYYY-MM-DD, e.g. 2025-04-15")
        return _dt.date(1970, 1, 1)

    def _masthead(self, data: YMap, path: Path) -> dict:
        m = data.get("masthead")
        if m is None:
            return {}
        if not isinstance(m, YMap):
            self.diags.error(f"'masthead' must be a mapping of fields, not {describe(m)}", Loc(path, data.line_of("masthead")),
                             "write fields indented under masthead:, e.g. '  serial: CN 13-0079'")
            return {}
        out: dict = {}
        for key, v in m.items():
            if isinstance(v, _dt.date):
                v = v.isoformat()
            scalar = isinstance(v, (str, int, float)) and not isinstance(v, bool)
            if isinstance(key, str) and scalar:
                out[key] = v
            elif isinstance(key, str) and isinstance(v, list) and all(
                    isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in v):
                out[key] = [str(x) for x in v]
            else:
                self.diags.error(f"masthead field '{key}' must be text, a number or a list of text, not {describe(v)}",
                                 Loc(path, m.line_of(key)),
                                 "quote the value, or write a list such as [first line, second line]")
        return out

    # -- pages --------------------------------------------------------------
    def _pages(self, data: YMap, path: Path, first_page: int, known: set[str]) -> tuple[PageSpec, ...]:
        pages = data.get("pages")
        if not isinstance(pages, list) or not pages:
            self.diags.error(("issue.yaml has no 'pages'" if pages is None else
                              f"'pages' must be a non-empty list of pages, not {describe(pages)}"),
                             Loc(path, data.line_of("pages")),
                             "list the pages in order, each as '- template: front' with 'articles: [slug, ...]' below it")
            return ()
        seen: dict[str, tuple[str, int]] = {}
        out = []
        for i, entry in enumerate(pages):
            name = f"page {i + 1}" + (f" (folio {first_page + i})" if first_page != 1 else "")
            spec = self.page_entry(entry, path, name, Loc(path, pages.line_of(i)), known, seen)
            if spec is not None:
                out.append(spec)
        return tuple(out)

    def page_entry(self, entry: Any, path: Path, name: str, loc: Loc, known: set[str],
                   seen: dict[str, tuple[str, int]]) -> PageSpec | None:
        """One page entry (of `pages:`, or a page an edition replaces, editions.py); None if unusable."""
        if not isinstance(entry, YMap):
            self.diags.error(f"{name} must be a mapping, not {describe(entry)}", loc,
                             "write each page as '- template: inside' with 'articles: [...]' below it")
            return None
        check_keys(self.diags, entry, PAGE_KEYS, path, f"{name} of issue.yaml")
        template = get_text(self.diags, entry, "template", path, name, required=True)
        slugs, slots = self._page_articles(entry, path, name, known, seen)
        teasers, ear = self._teasers(entry, path, name, known)
        return PageSpec(template, tuple(slugs), slots, loc, self._ads(entry, path, name), teasers, ear)

    def _teasers(self, entry: YMap, path: Path, name: str, known: set[str]) -> tuple[tuple[str, ...], str]:
        """The page's `teasers:` (slugs of articles of this issue) and what its `ear:` holds."""
        teasers = entry.get("teasers", [])
        if not isinstance(teasers, list) or not all(isinstance(t, str) for t in teasers):
            self.diags.error(f"'teasers' of {name} must be a list of article names, not {describe(teasers)}",
                             Loc(path, entry.line_of("teasers")), "write teasers: [slug, slug]")
            teasers = []
        for i, slug in enumerate(teasers):
            if slug not in known:
                self.diags.error(f"{name} teases article '{slug}', which this issue does not have",
                                 Loc(path, teasers.line_of(i)),
                                 did_you_mean(slug, sorted(known)) + "tease an article of articles/")
        ear = entry.get("ear", "")
        if ear not in ("", "teasers"):
            self.diags.error(f"'ear' of {name} is {describe(ear)}", Loc(path, entry.line_of("ear")),
                             "the ear beside the masthead holds the teasers: write ear: teasers")
            ear = ""
        if ear and not teasers:
            self.diags.error(f"'ear' of {name} holds the teasers, but the page has none",
                             Loc(path, entry.line_of("ear")), "list them: teasers: [slug, slug]")
            ear = ""
        return tuple(teasers), ear

    def _ads(self, entry: YMap, path: Path, name: str) -> tuple[Ad, ...]:
        """The page's `ads:` as booked; each problem reported at its line."""
        items = entry.get("ads")
        if items is None:
            return ()
        example = "write each ad as '- file: ads/bank.jpg' with 'columns: 4' and 'height: 90mm' (or 'lines: 24')"
        if not isinstance(items, list):
            self.diags.error(f"'ads' of {name} must be a list, not {describe(items)}", Loc(path, entry.line_of("ads")),
                             example)
            return ()
        ads = []
        for i, item in enumerate(items):
            where, loc = f"ad {i + 1} of {name}", Loc(path, items.line_of(i))
            if not isinstance(item, YMap):
                self.diags.error(f"{where} must be a mapping, not {describe(item)}", loc, example)
                continue
            check_keys(self.diags, item, AD_KEYS, path, where)
            file = get_text(self.diags, item, "file", path, where, required=True)
            columns = get_int(self.diags, item, "columns", path, where, None, required=True)
            height, lines = self._ad_height(item, path, where, loc)
            at = item.get("at")
            if at is not None and at not in AD_POSITIONS:
                self.diags.error(f"'at' of {where} is {describe(at)}", Loc(path, item.line_of("at")),
                                 f"use one of {', '.join(AD_POSITIONS)}, or leave it out to stack the ad")
                at = None
            target = self._inside(file, Loc(path, item.line_of("file")), "ad") if file else None
            if target is not None and target.suffix.lower() == ".pdf":
                size = self._pdf_ad_size(target, file, Loc(path, item.line_of("file")))
            else:
                size = self._image_size(target, file, Loc(path, item.line_of("file"))) if target else None
            if size is None or columns is None or not (height or lines):
                continue
            ads.append(Ad(target, columns, height, lines, at, *size, loc=loc))
        return tuple(ads)

    def _pdf_ad_size(self, target: Path, value: str, loc: Loc) -> tuple[int, int] | None:
        """A PDF ad's trim box (else media box), in hundredths of a point; it must have one page."""
        import pikepdf

        try:
            with pikepdf.open(target) as pdf:
                pages = len(pdf.pages)
                box = pdf.pages[0].obj.get("/TrimBox") or pdf.pages[0].mediabox if pages else None
                w, h = (abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))) if box else (0, 0)
        except (pikepdf.PdfError, OSError, ValueError) as exc:
            self.diags.error(f"cannot read PDF ad '{value}': {exc}", loc, "ask the ad desk for the file again")
            return None
        if pages != 1 or not w or not h:
            self.diags.error(f"PDF ad '{value}' has {pages} pages" if pages != 1 else f"PDF ad '{value}' has no size",
                             loc, "an ad is a one-page PDF (or a JPEG, PNG or TIFF)")
            return None
        return round(w * 100), round(h * 100)

    def _ad_height(self, item: YMap, path: Path, where: str, loc: Loc) -> tuple[float, int]:
        """The booked height: a length (`height: 90mm`) or body grid lines (`lines: 24`), one of them."""
        if ("height" in item) == ("lines" in item):
            self.diags.error(f"{where} needs its height booked once: 'height:' (90mm, 3.5in, 240pt) or 'lines:'",
                             loc, "give one of height: or lines:")
            return 0.0, 0
        if "lines" in item:
            return 0.0, get_int(self.diags, item, "lines", path, where, 0) or 0
        try:
            height = parse_length(item["height"])
        except ValueError as exc:
            self.diags.error(f"'height' of {where}: {exc}", Loc(path, item.line_of("height")),
                             "write a length such as 90mm, 3.5in or 240pt")
            return 0.0, 0
        if height <= 0:
            self.diags.error(f"'height' of {where} must be more than 0", Loc(path, item.line_of("height")),
                             "write a length such as 90mm")
            return 0.0, 0
        return height, 0

    def _page_articles(self, entry: YMap, path: Path, name: str, known: set[str],
                       seen: dict[str, tuple[str, int]]) -> tuple[list[str], dict[str, str]]:
        items = entry.get("articles") or []  # a page may name no articles: the engine fills it
        slugs: list[str] = []
        slots: dict[str, str] = {}
        if not isinstance(items, list):
            self.diags.error(f"'articles' of {name} must be a list, not {describe(items)}", Loc(path, entry.line_of("articles")),
                             "write articles: [slug-one, slug-two] (the names of files in articles/ without .md)")
            return slugs, slots
        for j, item in enumerate(items):
            loc = Loc(path, items.line_of(j))
            slug, slot = self._page_item(item, path, name, loc)
            if slug is None:
                continue
            if slug not in known and self.articles_listed:
                md = self.folder / "articles" / f"{slug}.md"
                if _is_dir(md):
                    self.diags.error(f"{name} names article '{slug}' but {md} is a folder, not a file", loc,
                                     f"articles/{slug}.md must be the article's Markdown file; move the folder away")
                    continue
                self.diags.error(f"{name} names article '{slug}' but {md} does not exist", loc,
                                 did_you_mean(slug, known) + f"create articles/{slug}.md or remove '{slug}' from the page")
            elif slug in seen:
                other, line = seen[slug]
                twice = f"twice on {name}" if other == name else f"on {other} (line {line}) and on {name}"
                self.diags.error(f"article '{slug}' is listed {twice} (line {loc.line})",
                                 loc, "list each article once; to continue it on another page, set continues_on in its front matter")
            else:
                seen[slug] = (name, loc.line)
                slugs.append(slug)
                if slot is not None:
                    self._add_slot(slots, slug, slot, name, loc)
        return slugs, slots

    def _page_item(self, item: Any, path: Path, name: str, loc: Loc) -> tuple[str | None, str | None]:
        if isinstance(item, (str, int)) and not isinstance(item, bool):
            return str(item).strip(), None
        if isinstance(item, YMap):
            where = f"an article entry of {name}"
            check_keys(self.diags, item, SLOT_KEYS, path, where)
            slug = get_text(self.diags, item, "article", path, where, required=True)
            slot = get_text(self.diags, item, "slot", path, where, required=True)
            return (slug or None), (slot or None)
        self.diags.error(f"an article of {name} must be a name or {{article: slug, slot: name}}, not {describe(item)}", loc,
                         "write the article's file name without .md, e.g. congtai")
        return None, None

    def _add_slot(self, slots: dict[str, str], slug: str, slot: str, name: str, loc: Loc) -> None:
        taken = [s for s, n in slots.items() if n == slot]
        if taken:
            self.diags.error(f"slot '{slot}' on {name} is given to both '{taken[0]}' and '{slug}'", loc,
                             "give each article its own slot, or leave the slot out and let the engine place it")
        slots[slug] = slot

    def _check_jumps(self, articles: dict[str, Article], pages: tuple[PageSpec, ...], first_page: int) -> None:
        if not pages:  # already reported; no folio range to check against
            return
        last = first_page + len(pages) - 1
        placed = {slug: first_page + i for i, p in enumerate(pages) for slug in p.articles}
        for slug, art in articles.items():
            to = art.continues_on
            loc = art.field_locs.get("continues_on", art.loc)
            if to is not None and not first_page <= to <= last:
                # A warning, not an error: the article may fit, and if it jumps it
                # goes to the next page with room; a nightly build should not stop here.
                self.diags.warning(f"continues_on: {to} is not a page of this issue (folios {first_page}-{last}); "
                                   f"if the article jumps it goes to the next page with room", loc,
                                   f"use a folio from {first_page} to {last}, or remove continues_on")
            elif to is not None and placed.get(slug) == to:
                self.diags.warning(f"article '{slug}' is placed on page {to} and continues_on the same page; "
                                   f"if it jumps it goes to the next page with room", loc,
                                   "continue it on a later page, or remove continues_on")

    # -- articles -----------------------------------------------------------
    def _articles(self) -> tuple[dict[str, Article], set[str]]:
        adir = self.folder / "articles"
        if not adir.is_dir():
            self.diags.error(f"{self.folder} has no articles/ folder", Loc(adir),
                             "put one Markdown file per article in articles/<slug>.md")
            return {}, set()
        articles: dict[str, Article] = {}
        known: set[str] = set()
        try:
            files = sorted(p for p in adir.iterdir() if p.name.endswith(".md"))
        except OSError as exc:
            self.diags.error(f"cannot read the folder {adir}: {exc.strerror or exc}", Loc(adir), _PERMISSION_HINT)
            self.articles_listed = False
            return {}, set()
        for md in files:
            try:
                regular = md.is_file()
            except OSError as exc:
                self.diags.error(f"cannot read {md}: {exc.strerror or exc}", Loc(md), _PERMISSION_HINT)
                known.add(md.stem)
                continue
            if md.name.startswith(".") or not regular:
                continue  # hidden editor/OS files, folders named *.md
            known.add(md.stem)
            if not SLUG.match(md.stem):
                self.diags.error(f"article file name '{md.name}' is not a valid slug", Loc(md),
                                 "rename it to lowercase letters, digits, '-' and '_' (starting with a letter or digit)")
                continue
            art = self._article(md)
            if art is not None:
                articles[md.stem] = art
        return articles, known

    def _text(self, path: Path, chars: _Chars) -> str | None:
        """The file's text, decoded and scrubbed into `chars`; None if it cannot be read (reported)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            hint = ("it is a folder: put the file in its place" if isinstance(exc, IsADirectoryError) else
                    _PERMISSION_HINT if isinstance(exc, PermissionError) else
                    "check that the file exists and is readable")
            self.diags.error(f"cannot read {path}: {exc.strerror or exc}", Loc(path), hint)
            return None
        try:
            text = decode_utf8(data, path)
        except BuildError as exc:
            self.diags.items.extend(exc.diagnostics)
            return None
        return chars.scrub(text)

    def _lines(self, path: Path, chars: _Chars) -> list[str] | None:
        text = self._text(path, chars)
        return None if text is None else [line.rstrip("\r") for line in text.split("\n")]

    def _front_matter(self, path: Path, lines: list[str]) -> tuple[YMap, int] | None:
        hint = "start the file with a line '---', then 'headline: ...', then a line '---' before the body"
        if not lines or lines[0].rstrip() != "---":
            self.diags.error(f"{path.name} does not start with front matter ('---' on line 1)", Loc(path, 1), hint)
            return None
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
        if end is None:
            self.diags.error("the front matter opened on line 1 is never closed", Loc(path, 1),
                             "add a line '---' after the last field and before the body")
            return None
        meta = self._mapping(path, "\n".join(lines[1:end]), 2, "the front matter must be 'key: value' lines")
        return None if meta is None else (meta, end + 1)

    def _article(self, path: Path) -> Article | None:
        chars = _Chars(path)
        fields: list[tuple[int, str]] = []
        body_from = 0  # the first line of the body, once known

        def field_at(line: int) -> str:
            return "the body" if body_from and line >= body_from else _field_at(fields, line, "the front matter")

        try:
            lines = self._lines(path, chars)
            front = self._front_matter(path, lines) if lines is not None else None
            if front is None:
                return None
            body_from = front[1] + 1
            fields = _clean_yaml(front[0], chars)
            return self._article_from(path, lines, *front)
        finally:
            chars.report(self.diags, field_at)

    def _article_from(self, path: Path, lines: list[str], meta: YMap, body_at: int) -> Article:
        where = f"the front matter of articles/{path.name}"
        check_keys(self.diags, meta, ARTICLE_KEYS, path, where)
        body = parse_body(lines[body_at:], body_at + 1, path, self.chinese, self.diags)
        if not body:
            self.diags.warning(f"article '{path.stem}' has no body text", Loc(path, body_at),
                               "write the article's paragraphs after the closing '---' line")
        locs = {k: Loc(path, meta.line_of(k)) for k in meta}
        locs["body"] = Loc(path, body_at + 1)

        def text(key: str, required: bool = False) -> str:
            return get_text(self.diags, meta, key, path, where, required)

        direction = text("headline_direction") or "horizontal"
        if direction not in ("horizontal", "vertical"):
            self.diags.error(f"'headline_direction' in {where} is '{direction}'", locs["headline_direction"],
                             "use vertical (竖题, a Chinese headline top to bottom) or horizontal (the default)")
            direction = "horizontal"
        span = meta.get("headline_span", 0)
        if span == "page":
            span = -1
        elif span != 0 and (not isinstance(span, int) or isinstance(span, bool) or span < 2):
            self.diags.error(f"'headline_span' in {where} is {describe(span)}", locs["headline_span"],
                             "write page (通栏, across the page) or a number of columns of 2 or more (破栏)")
            span = 0
        box = text("box")
        if box and box not in BOXES:
            self.diags.error(f"'box' in {where} is '{box}'", locs["box"],
                             f"use one of {', '.join(BOXES)} (a rule frame, or a light tint behind the story)")
            box = ""

        return Article(
            slug=path.stem, headline=text("headline", required=True), loc=Loc(path, 1),
            overline=text("overline"), subtitle=text("subtitle"), byline=text("byline"),
            priority=get_int(self.diags, meta, "priority", path, where, 3),
            continues_on=get_int(self.diags, meta, "continues_on", path, where, None),
            photos=self._photos(meta, path), body=body, field_locs=locs, box=box, summary=text("summary"),
            headline_direction=direction, headline_span=span,
        )

    # -- photos and the imprint ----------------------------------------------
    def _photos(self, meta: YMap, path: Path) -> tuple[Photo, ...]:
        items = meta.get("photos")
        if items is None:
            return ()
        if not isinstance(items, list):
            self.diags.error(f"'photos' must be a list, not {describe(items)}", Loc(path, meta.line_of("photos")),
                             "write each photo as '- file: images/x.jpg' with caption: and credit: below it")
            return ()
        photos = []
        for i, entry in enumerate(items):
            where, loc = f"photo {i + 1} of articles/{path.name}", Loc(path, items.line_of(i))
            if not isinstance(entry, YMap):
                self.diags.error(f"{where} must be a mapping with file:, not {describe(entry)}", loc,
                                 "write '- file: images/x.jpg' (caption: and credit: are optional)")
                continue
            check_keys(self.diags, entry, PHOTO_KEYS, path, where)
            file = get_text(self.diags, entry, "file", path, where, required=True)
            caption, credit = get_text(self.diags, entry, "caption", path, where), get_text(self.diags, entry, "credit", path, where)
            target = self._inside(file, Loc(path, entry.line_of("file")), "photo") if file else None
            size = self._image_size(target, file, Loc(path, entry.line_of("file"))) if target else None
            if size is not None:
                photos.append(Photo(target, caption, credit, loc, *size))
        return tuple(photos)

    def _inside(self, value: str, loc: Loc, what: str) -> Path | None:
        """Resolve `value` relative to the issue folder; None (reported) unless an existing file inside it."""
        hint = "copy the file into the issue folder (e.g. images/) and give its path relative to the folder"
        if Path(value).is_absolute() or value.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", value):
            self.diags.error(f"{what} path '{value}' is absolute", loc, hint)
            return None
        try:
            root = self.folder.resolve()
            target = (root / value).resolve()
        except (OSError, RuntimeError, ValueError) as exc:
            self.diags.error(f"{what} path '{value}' cannot be resolved: {exc}", loc, hint)
            return None
        if not target.is_relative_to(root):
            self.diags.error(f"{what} '{value}' lies outside the issue folder {self.folder}", loc, hint)
            return None
        try:
            regular, exists, folder = target.is_file(), target.exists(), target.is_dir()
        except OSError as exc:  # a folder on the way that may not be looked into
            self.diags.error(f"cannot read {what} '{value}': {exc.strerror or exc}", loc, _PERMISSION_HINT)
            return None
        if not regular:
            state = "is not a file but a folder" if folder else "is not a file" if exists else "does not exist"
            try:
                siblings = [p.name for p in target.parent.iterdir() if p.name != target.name]
            except OSError:  # no such folder, or not readable: no suggestion then
                siblings = []
            self.diags.error(f"{what} '{value}' {state} ({self.folder / value})", loc,
                             did_you_mean(target.name, siblings) + "check the file name, or add the file")
            return None
        return target

    def _image_size(self, target: Path, value: str, loc: Loc) -> tuple[int, int] | None:
        """Width and height after EXIF orientation, reading only the header; None (reported) if unreadable."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(target, formats=IMAGE_FORMATS) as img:
                    img.verify()  # cheap structural check, no decoding; must come right after open
                with Image.open(target, formats=IMAGE_FORMATS) as img:
                    w, h = img.size
                    orientation = img.getexif().get(0x0112, 1)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            self.diags.error(f"image '{value}' is too large to open safely: {exc}", loc,
                             "scale the image down (a newspaper photo rarely needs more than 50 megapixels)")
            return None
        except Exception as exc:  # Pillow raises many types (OSError, SyntaxError, ...) for broken files
            self.diags.error(f"cannot read image '{value}': {exc}", loc,
                             "re-export the image as JPEG, PNG or TIFF; the file may be truncated or not an image")
            return None
        return (h, w) if orientation in _QUARTER_TURNS else (w, h)

    def _imprint(self, data: YMap, path: Path) -> tuple[Paragraph, ...]:
        value = get_text(self.diags, data, "imprint", path, "issue.yaml")
        if not value or self._inside(value, Loc(path, data.line_of("imprint")), "imprint file") is None:
            return ()
        chars = _Chars(self.folder / value)
        lines = self._lines(self.folder / value, chars)
        chars.report(self.diags, lambda line: "the imprint")
        paras = parse_body(lines, 1, self.folder / value, self.chinese, self.diags) if lines is not None else ()
        if lines is not None and not paras:
            self.diags.warning(f"imprint file {value} is empty", Loc(self.folder / value),
                               "write the imprint text, or remove 'imprint:' from issue.yaml")
        return paras


# -- characters that are no text (see the module contract) ------------------------------------

_PERMISSION_HINT = "check the permissions: the user running the build must be able to read it"
_AS_SPACE = "\x0b\x0c"  # vertical tab (a line break in Word) and form feed separate words
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOT_CHARS = "\ud800-\udfff\ufdd0-\ufdef" + "".join(chr(p << 16 | 0xFFFE) + chr(p << 16 | 0xFFFF) for p in range(17))
_BAD = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_NOT_CHARS}]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


class _Chars:
    """What one file's text lost on the way in; `report` makes the diagnostics, once per file."""

    def __init__(self, path: Path):
        self.path = path
        self.dropped: dict[str, list[int]] = {}  # control character -> [times, line of the first]
        self.bad: list[tuple[int, str, str]] = []  # (line, not-character, field or "" to look up by line)

    def scrub(self, text: str, line: int | None = None, field: str = "") -> str:
        """`text` without control characters, with U+FFFD for each not-character.

        Without `line`, `text` is a whole file and lines are counted in it;
        with it, `text` is the value of `field`, which stands on `line`.
        """
        if _BAD.search(text) is None:
            return text
        if _PAIR.search(text):  # "\\ud83d\\ude00" in YAML: the pair is one character
            text = _PAIR.sub(lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text)
        out: list[str] = []
        pos = counted = 0
        at = line or 1
        for m in _BAD.finditer(text):
            if line is None:
                at += text.count("\n", counted, m.start())
                counted = m.start()
            out.append(text[pos:m.start()])
            pos = m.end()
            ch = m.group()
            if _CONTROL.match(ch):
                self.dropped.setdefault(ch, [0, at])[0] += 1
                out.append(" " if ch in _AS_SPACE else "")
            else:
                self.bad.append((at, ch, field))
                out.append("\ufffd")
        out.append(text[pos:])
        return "".join(out)

    def report(self, diags: Diagnostics, field_at) -> None:
        """One warning naming every control character dropped; an error per not-character and field."""
        if self.dropped:
            order = sorted(self.dropped.items(), key=lambda kv: (kv[1][1], kv[0]))
            parts = []
            for ch, (times, line) in order:
                bits = [f"{times} times, first on line {line}" if times > 1 else f"on line {line}"]
                if ch in _AS_SPACE:
                    bits.append("read as a space")
                parts.append(f"U+{ord(ch):04X} ({'; '.join(bits)})")
            diags.warning("control characters dropped: " + ", ".join(parts), Loc(self.path, order[0][1][1]),
                          "these invisible characters come from copying out of another program or a broken export; "
                          "the text is set without them: delete them from the file to silence this")
        found: dict[tuple[str, str], list[int]] = {}
        for line, ch, field in self.bad:
            found.setdefault((ch, field or field_at(line)), [0, line])[0] += 1
        for (ch, field), (times, line) in found.items():
            more = f" ({times} times)" if times > 1 else ""
            if "\ud800" <= ch <= "\udfff":
                diags.error(f"U+{ord(ch):04X} in {field} is a lone surrogate (half of a UTF-16 pair), "
                            f"not a character{more}", Loc(self.path, line),
                            "the text was converted badly, or escaped as \\uD8xx without its second half: "
                            "write the character itself, or delete it")
            else:
                diags.error(f"U+{ord(ch):04X} in {field} is a noncharacter (reserved, never printed){more}",
                            Loc(self.path, line),
                            "it is left by a faulty conversion or an editor's internal marker: "
                            "delete it, and check the text around it")


def _clean_yaml(root: Any, chars: _Chars) -> list[tuple[int, str]]:
    """Scrub every text value of a loaded YAML tree in place (see `_Chars.scrub`).

    Returns (line, field) for every key and list item, parents before children,
    for `_field_at`; a field is named by its path, e.g. 'photos[1].caption'.
    """
    fields: list[tuple[int, str]] = []

    def walk(value: Any, line: int, name: str) -> Any:
        if isinstance(value, str):
            return chars.scrub(value, line, f"'{name}'")
        if isinstance(value, (YMap, YList)):
            keys = list(value) if isinstance(value, YMap) else range(len(value))
            for key in keys:
                at = value.line_of(key)
                sub = f"{name}[{key + 1}]" if isinstance(value, YList) else f"{name}.{key}" if name else str(key)
                fields.append((at, f"'{sub}'"))
                value[key] = walk(value[key], at, sub)
        return value

    walk(root, getattr(root, "line", 1), "")
    return fields


def _field_at(fields: list[tuple[int, str]], line: int, default: str) -> str:
    """The field written on `line`: the last key or item that starts on it or before it."""
    best, best_line = default, 0
    for at, name in fields:
        if best_line <= at <= line:
            best, best_line = name, at
    return best


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False

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
"""
from __future__ import annotations

import datetime as _dt
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from .errors import BuildError, Diagnostics, Loc, fail
from .mdbody import parse_body
from .model import Article, Issue, PageSpec, Paragraph, Photo
from .yamlsafe import YMap, check_keys, decode_utf8, describe, did_you_mean, get_int, get_text, load_yaml

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
ISSUE_KEYS = ("publication", "language", "layout", "date", "number", "first_page", "masthead", "imprint", "pages")
PAGE_KEYS = ("template", "articles")
SLOT_KEYS = ("article", "slot")
ARTICLE_KEYS = ("overline", "headline", "subtitle", "byline", "priority", "continues_on", "photos")
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
    if not folder.exists():
        raise fail(f"issue folder {folder} does not exist", Loc(folder), "check the path given to typeset build")
    if not folder.is_dir():
        raise fail(f"{folder} is not a folder", Loc(folder), "give the issue folder, the one holding issue.yaml")
    if not (folder / "issue.yaml").is_file():
        raise fail(f"{folder} has no issue.yaml", Loc(folder / "issue.yaml"),
                   "an issue folder holds issue.yaml, articles/*.md and images/; is this the right folder?")
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

    # -- issue.yaml ---------------------------------------------------------
    def read(self) -> Issue:
        path = self.folder / "issue.yaml"
        data = self._mapping(path, None, 1, "issue.yaml must be 'key: value' lines (publication:, language:, ...)")
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
        if not self.partial:
            self.diags.check()
        return Issue(
            folder=self.folder.resolve(), name=self.folder.resolve().name, language=language,
            first_page=first_page, pages=pages, articles=articles, loc=Loc(path),
            field_locs={k: Loc(path, data.line_of(k)) for k in data}, **fields,
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
            loc = Loc(path, pages.line_of(i))
            if not isinstance(entry, YMap):
                self.diags.error(f"{name} must be a mapping, not {describe(entry)}", loc,
                                 "write each page as '- template: inside' with 'articles: [...]' below it")
                continue
            check_keys(self.diags, entry, PAGE_KEYS, path, f"{name} of issue.yaml")
            template = get_text(self.diags, entry, "template", path, name, required=True)
            slugs, slots = self._page_articles(entry, path, name, known, seen)
            out.append(PageSpec(template, tuple(slugs), slots, loc))
        return tuple(out)

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
            if slug not in known:
                md = self.folder / "articles" / f"{slug}.md"
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
        for md in sorted(adir.glob("*.md")):
            if md.name.startswith(".") or not md.is_file():
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

    def _lines(self, path: Path) -> list[str] | None:
        try:
            text = decode_utf8(path.read_bytes(), path)
        except OSError as exc:
            self.diags.error(f"cannot read {path}: {exc.strerror or exc}", Loc(path), "check the file's permissions")
            return None
        except BuildError as exc:
            self.diags.items.extend(exc.diagnostics)
            return None
        return [line.rstrip("\r") for line in text.split("\n")]

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
        lines = self._lines(path)
        front = self._front_matter(path, lines) if lines is not None else None
        if front is None:
            return None
        meta, body_at = front
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

        return Article(
            slug=path.stem, headline=text("headline", required=True), loc=Loc(path, 1),
            overline=text("overline"), subtitle=text("subtitle"), byline=text("byline"),
            priority=get_int(self.diags, meta, "priority", path, where, 3),
            continues_on=get_int(self.diags, meta, "continues_on", path, where, None),
            photos=self._photos(meta, path), body=body, field_locs=locs,
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
        if not target.is_file():
            state = "is not a file" if target.exists() else "does not exist"
            try:
                siblings = [p.name for p in target.parent.iterdir()]
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
        lines = self._lines(self.folder / value)
        paras = parse_body(lines, 1, self.folder / value, self.chinese, self.diags) if lines is not None else ()
        if lines is not None and not paras:
            self.diags.warning(f"imprint file {value} is empty", Loc(self.folder / value),
                               "write the imprint text, or remove 'imprint:' from issue.yaml")
        return paras

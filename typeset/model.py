"""The issue as the editors wrote it: Issue, Article, Paragraph, Run, Photo.

Frozen data read by `source.py`; every element keeps the `Loc` (file, line)
it came from so any later stage can point the user at the exact spot.
Text is stored as written except for joining the lines of a paragraph;
script normalisation (full-width punctuation) belongs to the text stage.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Loc


@dataclass(frozen=True)
class Run:
    """A stretch of text with one emphasis; `bold` comes from **...**."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (kind "para") or a `### ` subhead (kind "subhead")."""

    runs: tuple[Run, ...]
    loc: Loc
    kind: str = "para"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Photo:
    file: Path  # absolute, resolved, checked to lie inside the issue folder
    caption: str
    credit: str
    loc: Loc
    width_px: int = 0  # read by source.py through Pillow, after EXIF orientation
    height_px: int = 0

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width_px / self.height_px if self.height_px else 1.5


@dataclass(frozen=True)
class Article:
    slug: str
    headline: str
    loc: Loc  # the .md file, line 1
    overline: str = ""
    subtitle: str = ""
    byline: str = ""
    priority: int = 3
    continues_on: int | None = None
    photos: tuple[Photo, ...] = ()
    body: tuple[Paragraph, ...] = ()
    field_locs: dict[str, Loc] = field(default_factory=dict, compare=False, hash=False)
    box: str = ""  # "frame": a rule around the module; "tint": a light grey behind it; "": neither
    summary: str = ""  # one line for a front-page teaser (else its first sentence)
    headline_direction: str = "horizontal"  # or "vertical": 竖题, zh layouts only (vertical.py)
    headline_span: int = 0  # columns its headline group spans over its body (通栏/破栏); -1: the page; 0: its own


@dataclass(frozen=True)
class Ad:
    """One ad of a page entry in issue.yaml, as booked: the file, its width in the layout's columns and
    its height (in points, or in body grid lines), optionally where it stands."""

    file: Path  # absolute, checked to lie inside the issue folder
    columns: int
    height: float = 0.0  # booked height in points (0 when booked in lines)
    lines: int = 0  # booked height in body grid lines (0 when booked as a length)
    at: str | None = None  # bottom-left, bottom-right, bottom, top-left, top-right; None: stacked
    width_px: int = 0
    height_px: int = 0
    loc: Loc | None = None


@dataclass(frozen=True)
class PageSpec:
    """One entry of issue.yaml `pages`: a template and the article slugs on it."""

    template: str
    articles: tuple[str, ...]
    slots: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # slug -> slot
    loc: Loc | None = None
    ads: tuple[Ad, ...] = ()  # the ad dummy: placed before the articles (planning/ad_dummy.py)
    teasers: tuple[str, ...] = ()  # slugs teased on this page (front page 导读), with the page they start on
    ear: str = ""  # what the masthead's ear (报眼) holds: "teasers", or "" (nothing)


@dataclass(frozen=True)
class Edition:
    """A regional edition (issue.yaml `editions:`, reading/editions.py): the pages it puts in place of the
    base edition's, by folio, and its masthead fields over the issue's. Every other page it shares."""

    name: str  # its output folder, OUT/<issue>/<name>/
    pages: dict[int, PageSpec] = field(hash=False)  # folio -> the page that replaces the base's
    masthead: dict = field(default_factory=dict, hash=False)  # the issue's fields with the edition's over them
    articles: dict[str, "Article"] = field(default_factory=dict, compare=False, hash=False)  # on its own pages only
    loc: Loc | None = None


@dataclass(frozen=True)
class Issue:
    folder: Path
    name: str  # the folder name: output goes to OUT/<name>/
    publication: str
    language: str  # "zh-Hans" | "zh-Hant" | "en"
    layout: str  # a layout name or a path ending in .yaml
    date: _dt.date
    number: int
    first_page: int
    pages: tuple[PageSpec, ...]
    articles: dict[str, Article] = field(compare=False, hash=False)  # slug -> Article
    masthead: dict = field(default_factory=dict, compare=False, hash=False)
    imprint: tuple[Paragraph, ...] = ()
    loc: Loc | None = None  # issue.yaml
    field_locs: dict[str, Loc] = field(default_factory=dict, compare=False, hash=False)
    editions: tuple[Edition, ...] = ()  # regional editions besides this, the base edition

    @property
    def is_chinese(self) -> bool:
        return self.language.startswith("zh")

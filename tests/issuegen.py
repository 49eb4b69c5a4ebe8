"""Random but reproducible newspaper issues for property tests, and two fixed issues from bug reports.

`make_issue(root, seed, **overrides)` writes an issue folder (issue.yaml,
articles/*.md, images/) whose text is real news text: the sentences and
paragraphs of the sample issues of the same language (issues/2025-04-15-gongan
for Chinese, issues/2024-11-05-dispatch for English), redrawn into stories of
random length. Every random choice comes from one `random.Random(seed)`, so a
seed names one issue for good; a failing seed can be rebuilt and looked at
with `typeset build`.

Why generated issues: the samples are two issues the planner was tuned on.
Editors' issues differ in page count, story count, length, photos, stories
named on no page and `continues_on`; the properties the planner promises
(nothing lost, at most one jump, full pages, jump lines that name the right
page) must hold for all of them, not only for the two it was tuned on.

`capacity_chars(language)` says roughly how much body text a page holds, so a
test can sort issues into "fits comfortably" (the build must succeed and fill
its pages) and "over capacity" (the build may fail, but must say what did not
fit, or hold over articles named on no page, never lose text).

The property checks themselves are in tests/issueprops.py.
"""
from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {"zh-Hans": ROOT / "issues" / "2025-04-15-gongan", "en": ROOT / "issues" / "2024-11-05-dispatch"}
LAYOUT = {"zh-Hans": "tabloid-zh", "en": "tabloid-en"}
# The free photos of shared/photos (beside the checkout, as in CI), else those the samples carry.
PHOTOS = next((p for p in (ROOT.parent / "shared" / "photos", Path("/work/shared/photos")) if p.is_dir()),
              ROOT / "issues" / "2025-04-15-gongan" / "images")
PHOTO_FILES = ("astronaut.png", "camera.png", "chelsea.png", "coffee.png", "hubble_deep_field.jpg", "rocket.jpg")
MIN_CHARS, MAX_CHARS = 300, 6000

# -- how much body text a page holds --------------------------------------------------------------
#
# Body characters (as the engine counts them: no spaces) per column-line of a page's free area
# (the grid less masthead or folio line), headlines, bylines, photos and the space between modules
# taken out. Measured by `measure_density` (below; run `python tests/issuegen.py` to measure again
# after a layout change): generated inside pages of 2 to 6 stories, a third with a photo, holding
# twice what fits, every story free to continue on the next page; body characters set on the
# overflowing page over its area x its fill. The planner of commit f757628 gave, over 20 pages each
# (two runs, the measuring issues' lengths drawn with different DENSITY):
#   tabloid-zh (7 columns x 97 lines, 11 characters a column-line): mean 7.9, lower quartile 6.6-7.0
#   tabloid-en (5 columns x 98 lines, ~26 characters a body line):  mean 18.1-18.6, lower quartile 15.5-17.0
# (the samples' full pages: zh 5.0-7.4, en 13.3-18.2). DENSITY is about the lower quartile: a page
# of six stories with photos holds less than the mean, so "fits in 90% of capacity" must not
# count on the mean.
DENSITY = {"zh-Hans": 6.6, "en": 17.0}


@lru_cache(maxsize=None)
def _grid(language: str) -> tuple[int, int, dict[str, int]]:
    """(columns, grid lines, {template: lines its zones take}) of the language's layout."""
    from typeset import LAYOUTS
    from typeset.reading.layout import read_layout

    layout = read_layout(LAYOUTS / f"{LAYOUT[language]}.yaml")
    zones = {name: sum(z.lines for z in t.zones.values()) for name, t in layout.templates.items()}
    return layout.grid.columns, layout.grid.lines, zones


def page_area(language: str, template: str = "inside") -> int:
    """Column-lines of a page's free area: columns x (grid lines less masthead or folio zone).
    The imprint band (auto height) is not counted; generated issues have no imprint."""
    columns, lines, zones = _grid(language)
    return columns * (lines - zones[template])


def capacity_chars(language: str, template: str = "inside") -> int:
    """Roughly the body characters (no spaces) one page of this template holds: its free area in
    column-lines x the measured density (DENSITY). A rough number: a page of six stories with
    photos holds less, a page of two long stories more."""
    return int(page_area(language, template) * DENSITY[language])


def issue_capacity(gen: "GenIssue") -> int:
    """Body characters the issue's pages hold, by capacity_chars of each page's template."""
    return sum(capacity_chars(gen.language, "front" if i == 0 else "inside") for i in range(len(gen.pages)))


def total_chars(gen: "GenIssue") -> int:
    """Body characters of all the issue's articles (named on a page or not), no spaces."""
    return sum(gen.chars.values())


def fits(gen: "GenIssue", share: float = 0.9) -> bool:
    """Does the issue's text fit in `share` of its pages' capacity?"""
    return total_chars(gen) <= share * issue_capacity(gen)


# -- the description of a written issue -----------------------------------------------------------

@dataclass
class GenIssue:
    """What make_issue wrote, for the tests to compare the build against."""

    folder: Path
    language: str
    pages: list[list[str]]  # slugs named on each page, in page order
    unnamed: list[str]  # slugs named on no page
    continues_on: dict[str, int]  # slug -> folio written as continues_on
    chars: dict[str, int]  # slug -> body characters, counted as the engine does (no whitespace)
    first_page: int = 1
    seed: int | None = None
    photos: dict[str, int] = field(default_factory=dict)  # slug -> number of photos
    priority: dict[str, int] = field(default_factory=dict)

    @property
    def folios(self) -> list[int]:
        return [self.first_page + i for i in range(len(self.pages))]

    @property
    def slugs(self) -> list[str]:
        return [s for page in self.pages for s in page] + list(self.unnamed)

    def describe(self) -> str:
        """One line for a failing test's message: enough to know which issue it was."""
        per_page = "/".join(str(len(p)) for p in self.pages)
        return (f"{self.folder.name}: {self.language}, {len(self.pages)} pages from {self.first_page} "
                f"(stories {per_page}), unnamed {self.unnamed}, continues_on {self.continues_on}, "
                f"{total_chars(self)} chars of capacity {issue_capacity(self)}")


# -- the text the issues are made of --------------------------------------------------------------

@dataclass(frozen=True)
class Corpus:
    """The sample articles of one language, cut up: sentences in reading order, and the rest."""

    sentences: tuple[tuple[str, bool], ...]  # (sentence, ends a paragraph), all articles in a row
    paragraphs: tuple[str, ...]
    headlines: tuple[str, ...]
    subheads: tuple[str, ...]
    captions: tuple[str, ...]
    credits: tuple[str, ...]
    bylines: tuple[str, ...]
    overlines: tuple[str, ...]
    subtitles: tuple[str, ...]


_ZH_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”’」』\"]*|$)")
_RUN_IN = ("本报讯", "新华社", "中新社", "中新网")


_ABBREVIATIONS = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr", "Mrs",
                  "Ms", "Dr", "Jr", "Sr", "St", "No", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Inc", "Co", "vs"}


def sentences_of(paragraph: str, language: str) -> list[str]:
    """A paragraph's sentences. English ones end at . ! ? before a capital or a digit, but not
    after an abbreviation (Aug., Jr.), an initial (R.) or a dotted one (a.m., U.S.)."""
    if language.startswith("zh"):
        return [s.strip() for s in _ZH_SENTENCE.findall(paragraph) if s.strip()]
    out, start = [], 0
    for m in re.finditer(r"[.!?][\"”’)]*\s+(?=[“\"(A-Z0-9])", paragraph):
        word = paragraph[:m.start() + 1].split()[-1].strip("“\"(")
        bare = word.rstrip(".")
        if word.endswith(".") and (bare in _ABBREVIATIONS or "." in bare or (len(bare) == 1 and bare.isupper())):
            continue
        out.append(paragraph[start:m.end()].strip())
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def _front_matter(path: Path) -> tuple[dict, list[str]]:
    text = path.read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta) or {}, body.split("\n")


@lru_cache(maxsize=None)
def corpus(language: str, only: tuple[str, ...] | None = None) -> Corpus:
    """The sample issue's articles (all, or the slugs in `only`), cut into sentences and fields."""
    sentences, paragraphs, heads, subs, caps, credits, bylines, overs, subtitles = ([] for _ in range(9))
    joiner = "" if language.startswith("zh") else " "
    for md in sorted((SAMPLES[language] / "articles").glob("*.md")):
        if only is not None and md.stem not in only:
            continue
        meta, lines = _front_matter(md)
        heads.append(str(meta["headline"]))
        for key, pool in (("overline", overs), ("subtitle", subtitles)):
            if meta.get(key):
                pool.append(str(meta[key]))
        if meta.get("byline") and not str(meta["byline"]).startswith(_RUN_IN):
            bylines.append(str(meta["byline"]))
        for photo in meta.get("photos") or []:
            if photo.get("caption"):
                caps.append(str(photo["caption"]))
            if photo.get("credit"):
                credits.append(str(photo["credit"]))
        block: list[str] = []
        for line in lines + [""]:
            if line.startswith("### "):
                subs.append(line[4:].strip())
            elif line.strip():
                block.append(line.strip())
                continue
            if block:
                para = joiner.join(block)
                paragraphs.append(para)
                # contact lines and "-end-" of a press release are no sentences to redraw
                parts = [x for x in sentences_of(para, language) if "@" not in x and "http" not in x
                         and (language.startswith("zh") or " " in x)]
                if not parts:
                    block = []
                    continue
                sentences += [(s, i == len(parts) - 1) for i, s in enumerate(parts)]
                block = []
    return Corpus(tuple(sentences), tuple(paragraphs), tuple(heads), tuple(subs), tuple(caps), tuple(credits),
                  tuple(bylines), tuple(overs), tuple(subtitles))


def count_chars(text: str) -> int:
    """Characters as the engine counts a body: no whitespace, no Markdown markers."""
    return len(re.sub(r"\s", "", text.replace("**", "")))


class _Writer:
    """Draws text for one issue from the corpus with the issue's random generator."""

    def __init__(self, rng: random.Random, language: str, corp: Corpus | None = None):
        self.rng, self.language = rng, language
        self.zh = language.startswith("zh")
        self.corpus = corp or corpus(language)
        self.used_heads: set[str] = set()

    def body(self, target: int, subheads: bool | None = None) -> list[str]:
        """Paragraphs (and '### ' subheads) of about `target` characters: consecutive sentences of the
        samples from a random place on, paragraphs of realistic length (zh 60-300 characters, en
        250-900), broken where the sample breaks them or at the length drawn."""
        rng, sents = self.rng, self.corpus.sentences
        i = rng.randrange(len(sents))
        paras: list[str] = []
        para: list[str] = []
        total = 0
        lo, hi = (60, 300) if self.zh else (250, 900)
        want = rng.randint(lo, hi)
        with_subheads = subheads if subheads is not None else (target >= 1500 and rng.random() < 0.3)
        next_sub = rng.randint(900, 1600) if self.zh else rng.randint(1500, 2600)
        while total < target:
            sentence, ends = sents[i % len(sents)]
            i += 1
            n = count_chars(sentence)
            if para and total + n > max(target * 1.08, target + 120) and total >= MIN_CHARS:
                break  # one more sentence would overshoot much: stop a little short instead
            para.append(sentence)
            total += n
            size = count_chars("".join(para))
            if size >= want or (ends and size >= lo and rng.random() < 0.5):
                paras.append(("" if self.zh else " ").join(para))
                para, want = [], rng.randint(lo, hi)
                if with_subheads and total >= next_sub and total < target * 0.85:
                    sub = self.subhead()
                    paras.append("### " + sub)
                    total += count_chars(sub)
                    next_sub = total + (rng.randint(900, 1600) if self.zh else rng.randint(1500, 2600))
        if para:
            paras.append(("" if self.zh else " ").join(para))
        return paras

    def _cut(self, lo: int, hi: int) -> str:
        """A piece of a real sentence: lo-hi Chinese characters, or lo-hi English words."""
        rng = self.rng
        for _ in range(50):
            sentence = rng.choice(self.corpus.sentences)[0]
            sentence = sentence.strip("“”\"'‘’ ")
            if self.zh:
                n = rng.randint(lo, hi)
                cut = re.split(r"[。！？!?]", sentence)[0][:n].rstrip("，,、；;：:（(“\"")
                cut = cut.lstrip("，,、；;：:）)”\" ")
                if len(cut) >= lo:
                    return cut
            else:
                words = sentence.split()
                n = rng.randint(lo, hi)
                if len(words) >= lo:
                    cut = " ".join(words[:n]).rstrip(",.;:!?\"”’(“")
                    if len(cut.split()) >= lo:
                        return cut[0].upper() + cut[1:]
        return self.corpus.headlines[0]

    def headline(self) -> str:
        """A real headline of the samples, or a cut of a real sentence (8-20 characters / 4-10 words);
        not one used already in this issue unless the samples run out."""
        rng = self.rng
        for _ in range(20):
            if rng.random() < 0.4:
                head = rng.choice(self.corpus.headlines)
            else:
                head = self._cut(8, 20) if self.zh else self._cut(4, 10)
                if self.zh and rng.random() < 0.3 and len(head) >= 10:
                    k = rng.randint(4, len(head) - 4)  # a two-part headline: 机制牵引 体系重塑
                    head = head[:k] + " " + head[k:]
            if head not in self.used_heads:
                break
        self.used_heads.add(head)
        return head

    def subhead(self) -> str:
        rng = self.rng
        if self.corpus.subheads and rng.random() < 0.6:
            return rng.choice(self.corpus.subheads)
        return self._cut(6, 14) if self.zh else self._cut(3, 6)

    def caption(self) -> str:
        rng = self.rng
        if self.corpus.captions and rng.random() < 0.7:
            return rng.choice(self.corpus.captions)
        return ("图为" + self._cut(10, 24) + "。") if self.zh else (self._cut(6, 14) + ".")

    def credit(self) -> str:
        pool = list(self.corpus.credits) + (["资料图片", "本报记者 摄"] if self.zh else ["File photo", "NASA"])
        return self.rng.choice(pool)


def _article_md(fields: dict, paragraphs: list[str]) -> str:
    meta = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{meta}---\n" + "\n\n".join(paragraphs) + "\n"


def _issue_yaml(language: str, first_page: int, number: int, pages: list[list[str]],
                publication: str | None = None) -> str:
    zh = language.startswith("zh")
    head = {
        "publication": publication or ("公安周刊" if zh else "The Daily Dispatch"),
        "language": language, "layout": LAYOUT[language], "date": "2025-04-15", "number": number,
        "first_page": first_page,
        "masthead": ({"serial": "CN 13-0079", "postal_code": "17-77",
                      "slogan": ["对党忠诚 服务人民", "执法公正 纪律严明"]}
                     if zh else {"slogan": ["News you can use"]}),
    }
    text = yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=1000)
    text += "pages:\n"
    for i, slugs in enumerate(pages):
        text += f"  - template: {'front' if i == 0 else 'inside'}\n    articles: [{', '.join(slugs)}]\n"
    return text


def _copy_photo(folder: Path, name: str) -> str:
    (folder / "images").mkdir(exist_ok=True)
    if not (folder / "images" / name).exists():
        found = next((p for p in (PHOTOS / name, *(ROOT / "issues").glob(f"*/images/{name}")) if p.is_file()),
                     ROOT / "issues" / "2025-04-15-gongan" / "images" / "astronaut.png")  # square, as camera.png
        shutil.copy(found, folder / "images" / name)
    return f"images/{name}"


def _split(rng: random.Random, budget: float, n: int) -> list[int]:
    """`budget` characters shared among n stories by random weights, each kept within 300-6,000."""
    weights = [rng.gammavariate(1.5, 1.0) for _ in range(n)]
    total = sum(weights)
    return [int(min(MAX_CHARS, max(MIN_CHARS, budget * w / total))) for w in weights]


# -- random issues ----------------------------------------------------------------------------------

def make_issue(root: Path, seed: int, *, language: str | None = None, pages: int | None = None,
               stories: int | list[int] | None = None, lengths: list[list[int]] | tuple[int, int] | None = None,
               load: float | None = None, photos: bool | float | None = None, unnamed: int | None = None,
               unnamed_lengths: list[int] | None = None, continues: int | None = None,
               first_page: int | None = None, name: str | None = None) -> GenIssue:
    """Write a random issue to root/<name> (default gen-<seed>) and describe it.

    Random choices, each fixed by a keyword:
    - language: zh-Hans (layout tabloid-zh) or en (tabloid-en);
    - pages: 2-12 (the first of template front, the others inside); first_page 1, or 2-8 (a supplement);
    - stories: 2-6 a page (an int for every page, or a list per page; 0 writes `articles: []`);
    - lengths: body characters of each story, 300-6,000. By default the issue's text is `load` x its
      pages' capacity (load 0.35-1.3, so about half the issues fit in 90% of capacity and the rest
      do not), shared among pages with +-40% jitter and among a page's stories by random weights.
      A (lo, hi) pair draws each story's length uniformly instead; a list of lists (one list a page)
      fixes them, and with them the pages and stories;
    - photos: about a third of stories get one photo (True: all, False: none, or a probability);
    - unnamed: 0-3 stories named on no page (300-3,000 characters, or unnamed_lengths);
    - continues: 0-3 stories (not on the last page) given continues_on a later folio.
    One story a page may be the lead (priority 1), the others get 2-4.
    """
    rng = random.Random(seed)
    language = language or rng.choice(("zh-Hans", "en"))
    n_pages = pages if pages is not None else len(lengths) if isinstance(lengths, list) else rng.randint(2, 12)
    first = first_page if first_page is not None else (1 if rng.random() < 0.7 else rng.randint(2, 8))
    if isinstance(lengths, list):
        counts = [len(x) for x in lengths]
    elif stories is None:
        counts = [rng.randint(2, 6) for _ in range(n_pages)]
    elif isinstance(stories, int):
        counts = [stories] * n_pages
    else:
        counts = list(stories)
    assert len(counts) == n_pages, "one story count per page"
    load = load if load is not None else rng.uniform(0.35, 1.3)
    if isinstance(lengths, list):
        page_lengths = [list(x) for x in lengths]
    elif isinstance(lengths, tuple):
        page_lengths = [[rng.randint(*lengths) for _ in range(k)] for k in counts]
    else:
        page_lengths = [_split(rng, capacity_chars(language, "front" if i == 0 else "inside") * load
                               * rng.uniform(0.6, 1.4), k) for i, k in enumerate(counts)]
    n_unnamed = unnamed if unnamed is not None else rng.choice((0, 0, 1, 1, 2, 3))
    photo_p = 1 / 3 if photos is None else float(photos)

    folder = Path(root) / (name or f"gen-{seed}")
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "articles").mkdir(parents=True)
    (folder / "images").mkdir()
    writer = _Writer(rng, language)
    folios = [first + i for i in range(n_pages)]
    gen = GenIssue(folder, language, [], [], {}, {}, first, seed)

    def article(slug: str, length: int, lead: bool) -> None:
        fields: dict = {}
        roll = rng.random()
        if roll < 0.12 and writer.corpus.overlines:
            fields["overline"] = rng.choice(writer.corpus.overlines)
        fields["headline"] = writer.headline()
        if 0.12 <= roll < 0.25 and writer.corpus.subtitles:
            fields["subtitle"] = rng.choice(writer.corpus.subtitles)
        if rng.random() < 0.5 and writer.corpus.bylines:
            fields["byline"] = rng.choice(writer.corpus.bylines)
        fields["priority"] = 1 if lead else rng.randint(2, 4)
        if rng.random() < photo_p:
            fields["photos"] = [{"file": _copy_photo(folder, rng.choice(PHOTO_FILES)), "caption": writer.caption(),
                                 "credit": writer.credit()}]
        paras = writer.body(length)
        (folder / "articles" / f"{slug}.md").write_text(_article_md(fields, paras), encoding="utf-8")
        gen.chars[slug] = sum(count_chars(p[4:] if p.startswith("### ") else p) for p in paras)
        gen.photos[slug] = len(fields.get("photos", []))
        gen.priority[slug] = fields["priority"]

    for i, lengths_here in enumerate(page_lengths):
        lead = rng.random() < 0.7
        slugs = [f"p{folios[i]}-{chr(ord('a') + k)}" for k in range(len(lengths_here))]
        for k, (slug, length) in enumerate(zip(slugs, lengths_here)):
            article(slug, length, lead and k == 0)
        gen.pages.append(slugs)
    extra = unnamed_lengths or [rng.randint(MIN_CHARS, 3000) for _ in range(n_unnamed)]
    for k, length in enumerate(extra):
        slug = f"extra-{k + 1}"
        article(slug, length, False)
        gen.unnamed.append(slug)
    n_cont = continues if continues is not None else rng.choice((0, 0, 1, 2, 3))
    movable = [(i, s) for i, page in enumerate(gen.pages[:-1]) for s in page]
    for i, slug in rng.sample(movable, min(n_cont, len(movable))):
        to = rng.choice(folios[i + 1:])
        gen.continues_on[slug] = to
        md = folder / "articles" / f"{slug}.md"
        md.write_text(md.read_text(encoding="utf-8").replace("---\n", f"---\ncontinues_on: {to}\n", 1),
                      encoding="utf-8")
    (folder / "issue.yaml").write_text(_issue_yaml(language, first, 800 + seed % 200, gen.pages), encoding="utf-8")
    return gen


# -- the issues of two bug reports ------------------------------------------------------------------

def _add_article(gen: GenIssue, folder: Path, slug: str, page: int | None, fields: dict, paras: list[str],
                 photo: str | None, credit: str, writer) -> None:
    """Write one article of a fixed issue and record it in `gen` (`page` None: named on no page)."""
    if photo:
        fields["photos"] = [{"file": _copy_photo(folder, photo), "caption": writer.caption(), "credit": credit}]
    (folder / "articles" / f"{slug}.md").write_text(_article_md(fields, paras), encoding="utf-8")
    gen.chars[slug] = sum(count_chars(p[4:] if p.startswith("### ") else p) for p in paras)
    gen.photos[slug] = 1 if photo else 0
    gen.priority[slug] = fields["priority"]
    if page is None:
        gen.unnamed.append(slug)
    else:
        gen.pages[page].append(slug)


def english_62k(root: Path, *, pages: int = 5, scale: float = 0.9) -> GenIssue:
    """A tester's English issue: 5 pages of tabloid-en, 12 government-release-like articles (the NASA,
    FEMA and news texts of the English sample redrawn, with release overlines and dated bylines),
    10 photos; pages 4 and 5 are listed with `articles: []`, kept for the continuations (four
    articles have continues_on 4 or 5); one article is named on no page.

    The tester saw the old planner fail it with "page 5 cannot hold its articles ... 19 grid lines too
    many", and, given a sixth page (`pages=6`), cut three stories into three parts. The bodies are
    drawn to `scale` x about 62,000 characters counted with spaces; at the default 0.9 (about 47,000
    as the engine counts, without spaces; about 59,000 with spaces, headlines and captions) the
    planner of commit f757628 fails it exactly as the tester saw: "page 5 cannot hold its articles
    (...): 19 grid lines too many". At 1.0 it fails by 54 lines: that issue is over capacity (the
    bodies alone take 2,016 of the 5 pages' 2,400 column-lines, before 12 headline groups and 10
    photos), and a clear error is the right answer there.
    """
    rng = random.Random(62000)
    folder = Path(root) / ("english-62k" if pages == 5 else f"english-62k-{pages}p")
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "articles").mkdir(parents=True)
    writer = _Writer(rng, "en")
    # (slug, page index or None, priority, characters with spaces, photo, continues_on page index)
    plan = [
        ("ocean-satellite", 0, 1, 7400, "rocket.jpg", 3),
        ("crew-arrival", 0, 2, 5600, "astronaut.png", None),
        ("disaster-florida", 0, 3, 4300, None, None),
        ("quake-advisory", 0, 3, 3600, "camera.png", None),
        ("recovery-test", 1, 2, 6900, "coffee.png", 4),
        ("deep-field", 1, 3, 5200, "hubble_deep_field.jpg", None),
        ("launch-window", 1, 3, 4700, "rocket.jpg", 4),
        ("station-cargo", 1, 4, 3900, "chelsea.png", None),
        ("grant-program", 2, 2, 6300, "camera.png", 4),
        ("wildfire-aid", 2, 3, 5400, "coffee.png", None),
        ("media-accreditation", 2, 4, 4500, "astronaut.png", None),
        ("student-challenge", None, 3, 4200, None, None),
    ]
    gen = GenIssue(folder, "en", [[] for _ in range(pages)], [], {}, {}, 1, None)
    releases = ["MEDIA ADVISORY M23-0{}".format(rng.randint(10, 99)), "NEWS RELEASE", "FOR IMMEDIATE RELEASE"]
    for k, (slug, page, priority, spaced, photo, cont) in enumerate(plan):
        # drawn without spaces: about 17% of English body text is spaces (61,966 with them, 52,475 without)
        paras = writer.body(int(spaced * 0.8282 * scale), subheads=spaced > 6000)
        fields: dict = {"overline": releases[k % 3], "headline": writer.headline(),
                        "byline": f"Jul {rng.randint(1, 28)}, 2023", "priority": priority}
        if cont is not None:
            fields["continues_on"] = cont + 1
            gen.continues_on[slug] = cont + 1
        _add_article(gen, folder, slug, page, fields, paras, photo, "NASA" if k % 2 else "FEMA", writer)
    (folder / "issue.yaml").write_text(_issue_yaml("en", 1, 1203, gen.pages, "The Federal Register Weekly"),
                                       encoding="utf-8")
    return gen


POLICE = ("xinjingwu", "congtai", "dafeng", "qiaoxi", "gaosu-jiuzhu", "chunyun-jiuyuan", "zoushi-laoren",
          "fanzha-wansun", "zhanjiang-xiaofang")


def chinese_13(root: Path) -> GenIssue:
    """A tester's Chinese issue: 6 pages of tabloid-zh, 13 law-and-police reports (the police reports
    of the Chinese sample redrawn), one named on no page, two (on pages 2 and 3) with continues_on 6.

    The tester saw the old planner leave page 5 48% full while three stories jumped past it to page
    6. The planner of commit f757628 leaves this rebuild's page 5 48.4% full while two stories jump
    from pages 2 and 3 past it to page 6 (it jumps past a page only to a continues_on, and the
    report says two articles have one).
    """
    rng = random.Random(13)
    folder = Path(root) / "chinese-13"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "articles").mkdir(parents=True)
    writer = _Writer(rng, "zh-Hans", corpus("zh-Hans", POLICE))
    # (slug, page index or None, priority, characters, photo, continues_on page index)
    plan = [
        ("jingwu-gaige", 0, 1, 3400, "camera.png", None),
        ("lvyou-jingwu", 0, 2, 1900, None, None),
        ("lianqin-zhishou", 0, 3, 1300, None, None),
        ("guifan-zhifa", 1, 1, 3600, None, 5),
        ("gaosu-jiuzhu", 1, 2, 2300, "coffee.png", None),
        ("chunyun-jiuyuan", 1, 3, 2100, None, None),
        ("zhaohui-laoren", 2, 2, 3400, None, 5),
        ("fanzha-wanzun", 2, 3, 2400, None, None),
        ("xiaofang-yingjiu", 2, 3, 1800, "chelsea.png", None),
        ("jiaojing-chaji", 3, 2, 2200, None, None),
        ("qinqian-fangfan", 4, 2, 2200, "rocket.jpg", None),
        ("zhian-xunfang", 5, 2, 900, None, None),
        ("falv-yuanzhu", None, 3, 1700, None, None),
    ]
    gen = GenIssue(folder, "zh-Hans", [[] for _ in range(6)], [], {}, {}, 1, None)
    for slug, page, priority, chars, photo, cont in plan:
        paras = writer.body(chars, subheads=chars >= 3000)
        fields: dict = {"headline": writer.headline(),
                        "byline": "□ " + rng.choice(["韩超", "刘璇", "田春雷", "高翔"]), "priority": priority}
        if cont is not None:
            fields["continues_on"] = cont + 1
            gen.continues_on[slug] = cont + 1
        _add_article(gen, folder, slug, page, fields, paras, photo, "资料图片", writer)
    (folder / "issue.yaml").write_text(_issue_yaml("zh-Hans", 1, 861, gen.pages), encoding="utf-8")
    return gen


# -- measuring DENSITY ------------------------------------------------------------------------------

def built_once(make, root: Path, metrics):
    """key -> (GenIssue, Built or BuildError), `make(root, key)` writing the issue: each one written
    and built once, however many tests ask (the issue tests' module fixtures)."""
    from typeset import BuildError, lay_out

    cache: dict = {}

    def get(key):
        if key not in cache:
            gen = make(root, key)
            try:
                cache[key] = (gen, lay_out(gen.folder, metrics=metrics))
            except BuildError as err:
                cache[key] = (gen, err)
        return cache[key]

    return get


def measure_density(root: Path, language: str, metrics, seeds=range(20)) -> dict[str, float]:
    """Body characters per column-line of full generated pages: what DENSITY records.

    Each measuring issue has two inside pages: the first names 2-6 stories (a third with a photo)
    of two pages' worth of text, every one with continues_on the second page, which names none, so
    the first page overflows whatever its stories. One measurement is the body characters set on
    that page over its area times its fill (what the page holds once full, even if the planner
    left part of it blank); pages where no story jumped are skipped. Returns the mean, the median
    and the lower quartile over `seeds`."""
    from typeset import BuildError, lay_out

    found = []
    for seed in seeds:
        rng = random.Random(seed)
        k = 2 + seed % 5
        gen = make_issue(root, 10_000 + seed, language=language, pages=2, stories=[k, 0], unnamed=0, continues=0,
                         first_page=1, lengths=[_split(rng, 2.0 * page_area(language) * DENSITY[language], k), []],
                         name=f"density-{language}-{seed}")
        for slug in gen.pages[0]:
            md = gen.folder / "articles" / f"{slug}.md"
            md.write_text(md.read_text(encoding="utf-8").replace("---\n", "---\ncontinues_on: 2\n", 1),
                          encoding="utf-8")
        yml = gen.folder / "issue.yaml"
        yml.write_text(yml.read_text(encoding="utf-8").replace("template: front", "template: inside"), encoding="utf-8")
        try:
            built = lay_out(gen.folder, metrics=metrics)
        except BuildError:
            continue
        page = built.pages[0]
        if not any(a["jumps"] for a in built.report["articles"].values()):
            continue
        body = sum(len(it.text.replace(" ", "")) for it in page.items if getattr(it, "role", "") == "body")
        found.append(body / (page.score["area"] * page.score["fill"]))
    found.sort()
    return {"mean": sum(found) / len(found), "median": found[len(found) // 2], "lower_quartile": found[len(found) // 4],
            "pages": len(found)}


if __name__ == "__main__":
    import sys
    import tempfile

    sys.path.insert(0, str(ROOT))
    import typeset
    from typeset.fonts.fontset import FontSet

    fonts = FontSet.load(typeset.FONTS_CONFIG, search_dirs=[typeset.FONTS_CONFIG.parent])
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("zh-Hans", "en"):
            found = measure_density(Path(tmp), lang, fonts)
            print(lang, {k: round(v, 2) for k, v in found.items()}, "recorded", DENSITY[lang])

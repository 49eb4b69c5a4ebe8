"""PNG previews of planned pages, optionally with the planner's decisions drawn over them.

    typeset preview ISSUE_DIR [--page N] [--overlay] [--out DIR] [--dpi 96]

writes OUT/<issue>/preview/page-NN.png and, with --overlay, page-NN-overlay.png.

Why draw the PagePlan with Pillow rather than rasterise the PDF: the PDF/X
build (font subsetting, CMYK photos, Ghostscript preflight) takes seconds,
and the watch loop (watch.py) must show an edit in well under one. The
display list already holds every glyph's face, size and position, so
drawing it is the same picture at preview resolution: each character is
placed at the x the PDF would give it (the face's advance from the same
Metrics, plus the run's `char_space`), photos in RGB, cropped as planned.

The overlay is a separate translucent layer in magenta (modules, jumps,
score), cyan (column and baseline grid) and orange (warnings), colours no
page content uses (text and rules are black, photos are CMYK-safe). Output
is deterministic: the same plan gives the same PNG bytes (no timestamps,
items drawn in plan order, labels in sorted order).
"""
from __future__ import annotations

import argparse
import io
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..errors import BuildError
from ..plan import BoxItem, ImageItem, PagePlan, RuleItem, TextRun

DPI = 96
MAGENTA, CYAN, ORANGE = (230, 0, 170), (0, 170, 230), (255, 110, 0)


class Renderer:
    """Draws PagePlans; keeps Pillow fonts and scaled photos between pages and rebuilds."""

    def __init__(self, metrics, dpi: float = DPI):
        self.metrics, self.scale = metrics, dpi / 72.0
        self._fonts: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}
        self._photos: dict[tuple, Image.Image] = {}
        self._advance: dict[tuple[str, str], float] = {}
        self._glyphs: dict[tuple[str, float, str], tuple] = {}
        self._runs: dict = {}  # (face, size, text, char_space) -> (mask, dx, dy); see _run_mask

    def trim(self) -> None:
        """Bound the run cache in a long watch session: past 50,000 runs (several issues' worth), start over."""
        if len(self._runs) > 50_000:
            self._runs.clear()

    # -- the page -------------------------------------------------------------

    def page(self, page: PagePlan) -> Image.Image:
        s = self.scale
        im = Image.new("RGB", (round(page.width * s), round(page.height * s)), "white")
        draw = ImageDraw.Draw(im)
        for item in page.items:
            if isinstance(item, TextRun):
                self._text(im, item)
            elif isinstance(item, RuleItem):
                grey = round(255 * item.grey)
                draw.line([(item.x1 * s, item.y1 * s), (item.x2 * s, item.y2 * s)], fill=(grey,) * 3,
                          width=max(1, round(item.width * s)))
            elif isinstance(item, BoxItem):
                r = item.rect
                fill = None if item.fill is None else (round(255 * item.fill),) * 3
                outline = None if item.stroke is None else (round(255 * item.stroke),) * 3
                draw.rectangle([r.x * s, r.y * s, (r.x + r.w) * s, (r.y + r.h) * s], fill=fill, outline=outline,
                               width=max(1, round(item.width * s)))
            elif isinstance(item, ImageItem):
                r = item.frame
                im.paste(self._photo(item), (round(r.x * s), round(r.y * s)))
        return im

    def _text(self, im: Image.Image, run: TextRun) -> None:
        mask, dx, dy = self._run_mask(run)
        if mask is None:
            return
        if run.angle:  # turned clockwise about the run's origin: turn its offset from the origin with it
            a = math.radians(run.angle)
            w, h = mask.size
            corners = [(dx + cx * w, dy + cy * h) for cx in (0, 1) for cy in (0, 1)]
            turned = [(x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)) for x, y in corners]
            mask = mask.rotate(-run.angle, expand=True)
            dx, dy = round(min(x for x, _ in turned)), round(min(y for _, y in turned))
        im.paste(0, (round(run.x * self.scale) + dx, round(run.y * self.scale) + dy), mask)

    def _run_mask(self, run: TextRun):
        """The run's glyphs as one mask, and its offset from the run's origin in pixels.

        One character at a time, at the x the PDF gives it: justified CJK lines
        carry char_space (PDF Tc), which Pillow's own layout knows nothing of.
        Glyphs are rasterised once per face, size and character, and whole runs
        are kept too (the previous build's), so redrawing a page after an edit
        pastes a few hundred lines rather than thousands of characters. A run
        is always drawn through its mask, cached or not: the pixels never
        depend on what was drawn before.
        """
        key = (run.face, run.size, run.text, run.char_space)
        hit = self._runs.get(key)
        if hit is None:
            s, x, placed = self.scale, 0.0, []
            for ch in run.text:
                if not ch.isspace():
                    glyph, gx, gy = self._glyph(run.face, run.size, ch)
                    if glyph is not None:
                        placed.append((glyph, round(x * s) + gx, gy))
                x += self._width(run.face, ch) * run.size + run.char_space
            if not placed:
                hit = (None, 0, 0)
            else:
                left, top = min(p[1] for p in placed), min(p[2] for p in placed)
                right = max(p[1] + p[0].width for p in placed)
                bottom = max(p[2] + p[0].height for p in placed)
                mask = Image.new("L", (right - left, bottom - top), 0)
                for glyph, gx, gy in placed:
                    mask.paste(255, (gx - left, gy - top), glyph)
                hit = (mask, left, top)
            self._runs[key] = hit
        return hit

    def _glyph(self, face: str, size: float, ch: str):
        key = (face, size, ch)
        glyph = self._glyphs.get(key)
        if glyph is None:
            font = self._font(face, size)
            left, top, right, bottom = font.getbbox(ch, anchor="ls")
            if right <= left or bottom <= top:
                glyph = (None, 0, 0)
            else:
                mask = Image.new("L", (right - left, bottom - top), 0)
                ImageDraw.Draw(mask).text((-left, -top), ch, font=font, fill=255, anchor="ls")
                glyph = (mask, left, top)
            self._glyphs[key] = glyph
        return glyph

    def _width(self, face: str, ch: str) -> float:
        w = self._advance.get((face, ch))
        if w is None:
            w = self._advance[(face, ch)] = self.metrics.advance(face, ch, 1.0)
        return w

    def _font(self, face: str, size: float) -> ImageFont.FreeTypeFont:
        px = max(1, round(size * self.scale))
        font = self._fonts.get((face, px))
        if font is None:
            loaded = getattr(self.metrics, "_loaded", None)  # FontSet: the face's file and index in a collection
            index = getattr(loaded(face), "index", 0) if loaded else 0
            font = self._fonts[(face, px)] = ImageFont.truetype(str(self.metrics.path(face)), px, index=index)
        return font

    def _photo(self, item: ImageItem) -> Image.Image:
        s, r = self.scale, item.frame
        size = (max(1, round(r.w * s)), max(1, round(r.h * s)))
        key = (item.file, item.file.stat().st_mtime_ns, item.crop, size)
        photo = self._photos.get(key)
        if photo is None:
            with Image.open(item.file) as src:
                src = ImageOps.exif_transpose(src)
                if src.mode not in ("RGB", "L"):
                    src = src.convert("RGB")
                photo = src.crop(item.crop).resize(size, Image.Resampling.LANCZOS).convert("RGB")
            self._photos[key] = photo
        return photo

    # -- the overlay ----------------------------------------------------------

    def overlay(self, page: PagePlan, base: Image.Image, grid, report: dict | None = None,
                warnings: list[str] = ()) -> Image.Image:
        """`base` with the grid, modules, jumps, score and `warnings` drawn over it (see module docstring)."""
        s = self.scale
        layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        top, bottom = grid.line_y(0) * s, grid.line_y(grid.lines) * s
        for c in range(grid.columns):  # column bands
            x = grid.col_x(c) * s
            draw.rectangle([x, top, x + grid.column_width * s, bottom], fill=CYAN + (28,))
        for n in range(grid.lines):  # the baseline of every grid line
            y = round(grid.baseline(n) * s)
            draw.line([(grid.left * s, y), ((grid.left + grid.width) * s, y)], fill=CYAN + (70,), width=1)
        small = self._label_font(9)
        jumps = (report or {}).get("articles", {})
        for m in page.modules:
            r = m.rect
            box = [r.x * s, r.y * s, (r.x + r.w) * s - 1, (r.y + r.h) * s - 1]
            draw.rectangle(box, outline=MAGENTA + (220,), width=max(2, round(1.5 * s)))
            article_jumps = jumps.get(m.article, {}).get("jumps", [])
            onward = [j for j in article_jumps if j.get("from_page") == page.folio]
            over = f"  {m.overset_chars} chars overset" if m.overset_chars and not onward else ""
            width = box[2] - box[0] - 4
            # Labels stand at the module's foot, in the blank line that parts it from the next module,
            # stacking upwards, so they never cover a headline.
            step = 1.3 * getattr(small, "size", 12)
            labels = [f"{m.article}  {m.columns} col x {m.lines} lines  at c{m.column} l{m.line}  "
                      f"body {m.body_lines} lines{over}"]
            labels += [f"<< continued from p.{j['from_page']}" for j in article_jumps if j.get("to_page") == page.folio]
            labels += [f"continues on p.{j['to_page']} >>  {j.get('lines_moved', '?')} lines, {m.overset_chars} chars"
                       for j in onward]
            for n, text in enumerate(labels):
                _label(draw, (box[0] + 2, box[3] - 2 - step * (n + 1)), text, small, MAGENTA, width)
        score = page.score or {}
        terms = "  ".join(f"{k} {v:g}" for k, v in sorted(score.get("terms", {}).items()))
        head = (f"p.{page.folio} {page.template}  score {score.get('score', '-')}  "
                f"fill {100 * score.get('fill', 0):.1f}%  holes {score.get('holes', '-')}  "
                f"tombstones {score.get('tombstones', '-')}  terms:  {terms or 'none'}")
        _label(draw, (4 * s, 4 * s), head, self._label_font(11), MAGENTA, base.width - 8 * s)
        font = self._label_font(10)
        y = bottom + 4
        for text in warnings:  # below the type area, over the imprint or the margin
            y = _label(draw, (grid.left * s, y), "! " + text, font, ORANGE, grid.width * s)
        return Image.alpha_composite(base.convert("RGBA"), layer).convert("RGB")

    def _label_font(self, pt: float) -> ImageFont.ImageFont:
        """A face for overlay labels: the layout's sans (it draws the slugs and any Chinese in a warning)."""
        px = max(8, round(pt * self.scale))
        key = ("overlay", px)
        if key not in self._fonts:
            font = None
            for role in ("hei", "latin-sans", "song", "latin-serif"):
                try:
                    font = self._font(self.metrics.primary(role), pt)
                    break
                except (BuildError, KeyError, OSError):  # the role is not in this font set
                    continue
            self._fonts[key] = font or ImageFont.load_default(px)
        return self._fonts[key]


def _label(draw: ImageDraw.ImageDraw, at: tuple[float, float], text: str, font, colour,
           width: float | None = None) -> float:
    """White text on a translucent `colour` tag, wrapped at `width` pixels between its
    fields (two spaces apart), else between characters; returns the y below the tag."""
    x, y = at
    lines: list[str] = []
    for field in text.split("  "):
        for piece in _wrap(draw, field, font, width - 6) if width else [field]:
            if lines and width and draw.textlength(lines[-1] + "  " + piece, font=font) <= width - 6:
                lines[-1] += "  " + piece
            else:
                lines.append(piece)
    for line in lines:
        _, _, right, bottom = draw.textbbox((x + 3, y + 2), line, font=font)
        draw.rectangle([x, y, right + 3, bottom + 2], fill=colour + (165,))
        draw.text((x + 3, y + 2), line, font=font, fill=(255, 255, 255, 255))
        y = bottom + 3
    return y + 1


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> list[str]:
    out, line = [], ""
    for ch in text:
        if line and draw.textlength(line + ch, font=font) > width:
            out.append(line)
            line = ch.lstrip()
        else:
            line += ch
    return out + [line] if line else out


def page_warnings(page: PagePlan, diags) -> list[str]:
    """The warnings about this page: about an article with a module on it, or naming the page."""
    slugs = {m.article for m in page.modules}
    out = []
    for d in getattr(diags, "warnings", diags):
        stem = d.loc.file.stem if d.loc and d.loc.file else ""
        if stem in slugs or f"page {page.folio} " in d.message:
            where = f"{d.loc.file.name}:{d.loc.line}: " if d.loc and d.loc.line else ""
            out.append(f"{where}{d.message}")
    return sorted(set(out))


def png_bytes(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", compress_level=1)  # fast; the same pixels give the same bytes
    return buf.getvalue()


def write_png(im: Image.Image, path: Path) -> None:
    """Write to a temporary name and rename: a browser polling the folder never reads half a file.
    (No fsync: a preview is redrawn on the next build, it need not survive a power cut.)"""
    import os

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(png_bytes(im))
    os.replace(tmp, path)


def write_previews(built, folder: Path, *, pages: set[int] | None = None, overlay: bool = False,
                   renderer: Renderer | None = None, dpi: float = DPI) -> list[Path]:
    """Render the built pages (all, or the folios in `pages`) into `folder`; returns the files written."""
    renderer = renderer or Renderer(built.metrics, dpi)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for page in built.pages:
        if pages is not None and page.folio not in pages:
            continue
        im = renderer.page(page)
        path = folder / f"page-{page.folio:02d}.png"
        write_png(im, path)
        written.append(path)
        if overlay:
            over = renderer.overlay(page, im, built.layout.grid, built.report, page_warnings(page, built.diags))
            path = folder / f"page-{page.folio:02d}-overlay.png"
            write_png(over, path)
            written.append(path)
    return written


# -- command line -------------------------------------------------------------

def add_parser(sub) -> None:
    from .options import add_out, add_sources

    p = sub.add_parser("preview", help="render an issue's pages to PNG, optionally with the layout overlay")
    p.add_argument("issue", type=Path, help="the issue folder (holding issue.yaml)")
    p.add_argument("--page", type=int, action="append", help="only this folio (repeatable)")
    p.add_argument("--overlay", action="store_true", help="also write page-NN-overlay.png: grid, modules, score")
    add_out(p)
    p.add_argument("--dpi", type=float, default=DPI, help=f"resolution (default {DPI})")
    add_sources(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from .. import lay_out
    from ..errors import BuildError

    try:
        built = lay_out(args.issue, layouts_dir=args.layouts, fonts_config=args.fonts)
    except BuildError as err:
        for diag in err.diagnostics:
            print(diag.format(), file=sys.stderr)
        print("typeset: nothing was rendered", file=sys.stderr)
        return 2
    for diag in built.diags.warnings:
        print(diag.format(), file=sys.stderr)
    folios = {p.folio for p in built.pages}
    wanted = set(args.page) if args.page else None
    if wanted and wanted - folios:
        print(f"typeset: no page {', '.join(map(str, sorted(wanted - folios)))} in this issue "
              f"(pages {min(folios)}-{max(folios)})", file=sys.stderr)
        return 2
    folder = args.out / built.issue.name / "preview"
    written = write_previews(built, folder, pages=wanted, overlay=args.overlay, dpi=args.dpi)
    print(f"typeset: {len(written)} preview(s) -> {folder}/")
    return 0

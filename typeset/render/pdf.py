"""PDF backend: PagePlans -> one print PDF, through a reportlab canvas.

Contract:
- One PDF page per PagePlan; the media box is the trim plus the bleed on
  every side, with TrimBox and BleedBox set on every page. Plan coordinates
  (trim top-left origin, y down) are shifted by the bleed and flipped here
  and nowhere else.
- Text is drawn in the face the plan names, registered through the FontSet,
  so every font is an embedded TrueType subset with a ToUnicode map (text
  extracts exactly, in item order). The canvas's initial font is one of
  those faces, so no page refers to a non-embedded Helvetica. A run with a
  character its face cannot draw is an error (reportlab would silently
  draw a blank box).
- Vector colour is K-only CMYK (grey g -> 0 0 0 1-g): newspaper black.
  Photos go through `images.prepare_for_pdf` (crop, downsample, colour).
- Output is deterministic: invariant mode, CreationDate/ModDate from
  `created`, so the same plans give the same bytes.
- The file is written atomically (`atomic.atomic_write`): on any failure the
  previous file at `path` stays untouched and no temporary file is left.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import io
from pathlib import Path
from typing import Iterator, Sequence

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..errors import fail
from ..fonts import FontSet
from ..images import prepare_for_pdf
from ..plan import BoxItem, ImageItem, PagePlan, RuleItem, TextRun
from .atomic import atomic_write

PDF_VERSION = (1, 4)  # PDF/X-1a:2003 is PDF 1.4


def render_pdf(
    pages: Sequence[PagePlan],
    fonts: FontSet,
    path: Path,
    *,
    title: str,
    author: str = "",
    created: _dt.date,
    max_ppi: float = 300,
    jpeg_quality: int | None = 92,
) -> None:
    """Write `pages` to `path`. Photos are embedded as JPEG at `jpeg_quality`
    (4:4:4, baseline), or losslessly (Flate) when it is None."""
    if not pages:
        raise ValueError("render_pdf needs at least one page")
    path = Path(path)
    initial = _initial_font(pages, fonts)
    stamp = _pdf_date(created)
    images: dict[tuple, ImageReader] = {}
    with _binary_streams(), atomic_write(path) as out:
        canvas = Canvas(
            out,
            pagesize=_media_size(pages[0]),
            invariant=1,
            pageCompression=1,
            pdfVersion=PDF_VERSION,
            initialFontName=initial,
        )
        canvas.setDateFormatter(lambda *_: stamp)
        canvas.setTitle(title)
        canvas.setAuthor(author)
        canvas.setSubject("")
        canvas.setCreator("typeset")
        for page in pages:
            _draw_page(canvas, page, fonts, images, max_ppi, jpeg_quality)
            canvas.showPage()
        canvas.save()


def _media_size(page: PagePlan) -> tuple[float, float]:
    return (page.width + 2 * page.bleed, page.height + 2 * page.bleed)


def _pdf_date(created: _dt.date) -> str:
    if isinstance(created, _dt.datetime):
        if created.tzinfo is not None:
            created = created.astimezone(_dt.timezone.utc)
        return created.strftime("D:%Y%m%d%H%M%S+00'00'")
    return created.strftime("D:%Y%m%d000000+00'00'")


def _initial_font(pages: Sequence[PagePlan], fonts: FontSet) -> str:
    """A registered, embeddable face for the canvas's initial state (never Helvetica).

    A TrueType font is 'dynamic' to reportlab: it writes no initial Tf into
    the page, so the face is only embedded if some text actually uses it.
    """
    for page in pages:
        for item in page.items:
            if isinstance(item, TextRun):
                return fonts.register_pdf(item.face)
    loaded = fonts.faces()
    if not loaded:
        raise ValueError("render_pdf needs a FontSet with at least one loaded face")
    return fonts.register_pdf(loaded[0])


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    # reportlab wraps every stream (pages, fonts, images) in ASCII85 by
    # default: 25% larger files for nothing in a binary PDF. The switch is
    # process-wide in reportlab, so it is set only while we write.
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class _Pen:
    """Current fill, stroke, line width and character spacing of one page.

    Each is set only when it changes. Character spacing (Tc) is graphics
    state that outlives the text object, so it must be tracked across runs:
    a run without spacing after one with spacing has to reset it to 0.
    """

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.fill: float | None = None
        self.stroke: float | None = None
        self.width: float | None = None
        self.char_space = 0.0  # the PDF default at the start of every page

    def set_fill(self, grey: float) -> None:
        if grey != self.fill:
            self.canvas.setFillColorCMYK(0, 0, 0, 1 - grey)
            self.fill = grey

    def set_stroke(self, grey: float, width: float) -> None:
        if grey != self.stroke:
            self.canvas.setStrokeColorCMYK(0, 0, 0, 1 - grey)
            self.stroke = grey
        if width != self.width:
            self.canvas.setLineWidth(width)
            self.width = width


def _draw_page(canvas: Canvas, page: PagePlan, fonts: FontSet, images: dict, max_ppi: float,
               jpeg_quality: int | None) -> None:
    b = page.bleed
    media_w, media_h = _media_size(page)
    canvas.setPageSize((media_w, media_h))
    canvas.setBleedBox((0, 0, media_w, media_h))
    canvas.setTrimBox((b, b, b + page.width, b + page.height))
    top = b + page.height  # plan y=0 in PDF coordinates

    pen = _Pen(canvas)
    for item in page.items:
        if isinstance(item, TextRun):
            _draw_text(canvas, pen, fonts, item, b + item.x, top - item.y, page.folio)
        elif isinstance(item, RuleItem):
            pen.set_stroke(item.grey, item.width)
            canvas.line(b + item.x1, top - item.y1, b + item.x2, top - item.y2)
        elif isinstance(item, BoxItem):
            r = item.rect
            if item.fill is not None:
                pen.set_fill(item.fill)
            if item.stroke is not None:
                pen.set_stroke(item.stroke, item.width)
            canvas.rect(b + r.x, top - r.bottom, r.w, r.h,
                        stroke=int(item.stroke is not None), fill=int(item.fill is not None))
        elif isinstance(item, ImageItem):
            r = item.frame
            reader = _image(images, item, max_ppi, jpeg_quality)
            canvas.drawImage(reader, b + r.x, top - r.bottom, width=r.w, height=r.h)
        else:
            raise TypeError(f"page {page.folio}: cannot draw {type(item).__name__}")


def _draw_text(canvas: Canvas, pen: _Pen, fonts: FontSet, run: TextRun, x: float, y: float,
               folio: int) -> None:
    missing = fonts.missing(run.face, run.text)
    if missing:
        codes = ", ".join(f"U+{ord(c):04X} {c}" for c in missing)
        raise fail(f"page {folio}: face {run.face} has no glyph for {codes}",
                   hint="the layout must choose faces with FontSet.face_for")
    pen.set_fill(0.0)
    text = canvas.beginText()
    text.setFont(fonts.register_pdf(run.face), run.size)
    if run.char_space != pen.char_space:
        text.setCharSpace(run.char_space)
        pen.char_space = run.char_space
    text.setTextOrigin(x, y)
    text.textOut(run.text)
    canvas.drawText(text)


def _image(cache: dict, item: ImageItem, max_ppi: float, jpeg_quality: int | None) -> ImageReader:
    # The same photo at the same crop and size is prepared (and embedded) once.
    key = (item.file, item.crop, item.frame.w, item.frame.h)
    reader = cache.get(key)
    if reader is None:
        im = prepare_for_pdf(item.file, item.crop, item.frame.w, item.frame.h, max_ppi)
        if jpeg_quality is None:
            reader = ImageReader(im)
        else:
            # Baseline JPEG, no metadata, 4:4:4: the same pixels give the same
            # bytes, and reportlab embeds them as they are (DCTDecode).
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=jpeg_quality, subsampling=0, optimize=False, progressive=False)
            buf.seek(0)
            reader = ImageReader(buf)
        cache[key] = reader
    return reader

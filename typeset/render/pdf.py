"""PDF backend: PagePlans -> one print PDF (PDF/X-1a:2003 or PDF/X-4), through a reportlab canvas.

Contract:
- One PDF page per PagePlan; the BleedBox is the trim plus the bleed on
  every side, the TrimBox the trim, the MediaBox the bleed box (plus room
  for crop and registration marks when the layout asks for them). Plan
  coordinates (trim top-left origin, y down) are shifted and flipped here
  and nowhere else.
- PDF/X structure (output intent with the printer's profile, GTS keys,
  XMP for X-4, trailer ID) comes from `pdfx.py`, per the layout's
  `PrintSettings`; the preflight (typeset/preflight) checks the result.
- Text is drawn in the face the plan names, registered through the FontSet,
  so every font is an embedded TrueType subset with a ToUnicode map (text
  extracts exactly, in item order). The canvas's initial font is one of
  those faces, so no page refers to a non-embedded Helvetica. A run with a
  character its face cannot draw is an error (reportlab would silently
  draw a blank box).
- Vector colour is K-only CMYK (grey g -> 0 0 0 1-g): newspaper black;
  100% black (text, rules) overprints, tints knock out. Photos go through
  `images.prepare_for_pdf` (crop, downsample, CMYK or grey through the
  profile, ink limited) and are embedded as CMYK or grey only.
- Output is deterministic: invariant mode, CreationDate/ModDate from
  `created`, the trailer ID a digest of the file, so the same plans give
  the same bytes.
- The file is written atomically (`atomic.atomic_write`): on any failure the
  previous file at `path` stays untouched and no temporary file is left.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import io
import math
from pathlib import Path
from typing import Iterator, Sequence

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .colour import PhotoColour, jpeg_within
from ..errors import Loc, fail
from ..fonts.fontset import FontSet
from .images import effective_ppi, prepare_for_pdf
from ..plan import BoxItem, ImageItem, PagePlan, RuleItem, TextRun
from ..reading.print_settings import PrintSettings
from . import pdfx
from ..atomic import atomic_write
from .pdf_ad import draw_pdf_ad


def render_pdf(
    pages: Sequence[PagePlan],
    fonts: FontSet,
    path: Path,
    *,
    title: str,
    author: str = "",
    created: _dt.date,
    settings: PrintSettings | None = None,
    max_ppi: float | None = None,
    jpeg_quality: int | None = 92,
    photo_cache: dict | None = None,
) -> list[dict]:
    """Write `pages` to `path` as PDF/X per `settings` (default: X-1a on newsprint).

    Photos are embedded as JPEG at `jpeg_quality` (4:4:4, baseline), or
    losslessly (Flate) when it is None, at most `max_ppi` (default: the
    settings'). Returns one entry per placed photo: page, article, file,
    effective ppi, colour source and peak ink after conversion.
    Calls that share `photo_cache` (a dict, same settings) convert each
    photo once: a build writes every page twice (issue.pdf and page-NN.pdf).
    """
    if not pages:
        raise ValueError("render_pdf needs at least one page")
    settings = settings or PrintSettings()
    profile = _read_profile(settings)
    path = Path(path)
    initial = _initial_font(pages, fonts)
    stamp = _pdf_date(created)
    state = _Render(PhotoColour.from_settings(settings), max_ppi or settings.max_ppi, jpeg_quality, settings,
                    photo_cache)
    buf = io.BytesIO()
    with _binary_streams():
        canvas = Canvas(
            buf,
            pagesize=_media_size(pages[0], settings),
            invariant=1,
            pageCompression=1,
            pdfVersion=settings.pdf_version,
            initialFontName=initial,
            enforceColorSpace="cmyk",
        )
        canvas.setDateFormatter(lambda *_: stamp)
        pdfx.apply(canvas, settings, profile, title=title, author=author, stamp=stamp,
                   iso_date=_iso_date(created))
        for page in pages:
            _draw_page(canvas, page, fonts, state)
            canvas.showPage()
        canvas.save()
    data = pdfx.finish(buf.getvalue())
    with atomic_write(path) as out:
        out.write(data)
    return state.photos


class _Render:
    """What one render_pdf call carries from page to page: converted photos and their report."""

    def __init__(self, colour: PhotoColour, max_ppi: float, jpeg_quality: int | None, settings: PrintSettings,
                 cache: dict | None):
        self.colour, self.max_ppi, self.jpeg_quality, self.settings = colour, max_ppi, jpeg_quality, settings
        self.images: dict[tuple, tuple[bytes | object, dict]] = {} if cache is None else cache
        self.photos: list[dict] = []
        self.forms: dict = {}  # PDF ads made into form XObjects of this document (pdf_ad.py)


def _read_profile(settings: PrintSettings) -> bytes:
    try:
        return Path(settings.profile).read_bytes()
    except OSError as e:
        raise fail(f"cannot read the output profile: {e.strerror or e}", Loc(Path(settings.profile)),
                   "set print.profile in the layout to the printer's CMYK .icc file, "
                   "or run `make profile` to rebuild the default one") from None


def _iso_date(created: _dt.date) -> str:
    if isinstance(created, _dt.datetime):
        if created.tzinfo is not None:
            created = created.astimezone(_dt.timezone.utc)
        return created.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return created.strftime("%Y-%m-%dT00:00:00+00:00")


def _margin(page: PagePlan, settings: PrintSettings) -> float:
    """From the media box edge to the trim: the bleed, plus room for marks outside it."""
    return page.bleed + (pdfx.MARKS_SPACE if settings.marks else 0.0)


def _media_size(page: PagePlan, settings: PrintSettings) -> tuple[float, float]:
    m = _margin(page, settings)
    return (page.width + 2 * m, page.height + 2 * m)


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
    """Current fill, stroke, line width, character spacing and overprint of one page.

    Each is set only when it changes. Character spacing (Tc) is graphics
    state that outlives the text object, so it must be tracked across runs:
    a run without spacing after one with spacing has to reset it to 0.
    Overprint is on exactly while the colour in use is 100% black: solid
    black text and rules print over photos and tints (no white halo when the
    plates shift on the press), while a grey tint knocks out what is under it.
    """

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.fill: float | None = None
        self.stroke: float | None = None
        self.width: float | None = None
        self.char_space = 0.0  # the PDF default at the start of every page
        self.overprint = False  # likewise

    def set_fill(self, grey: float) -> None:
        if grey != self.fill:
            self.canvas.setFillColorCMYK(0, 0, 0, 1 - grey)
            self.fill = grey
        self._overprint(grey == 0.0)

    def set_stroke(self, grey: float, width: float) -> None:
        if grey != self.stroke:
            self.canvas.setStrokeColorCMYK(0, 0, 0, 1 - grey)
            self.stroke = grey
        if width != self.width:
            self.canvas.setLineWidth(width)
            self.width = width
        self._overprint(grey == 0.0)

    def _overprint(self, on: bool) -> None:
        if on != self.overprint:
            pdfx.overprint(self.canvas, on)
            self.overprint = on


def _draw_page(canvas: Canvas, page: PagePlan, fonts: FontSet, state: _Render) -> None:
    settings = state.settings
    m = _margin(page, settings)
    media_w, media_h = _media_size(page, settings)
    canvas.setPageSize((media_w, media_h))
    trim = (m, m, m + page.width, m + page.height)
    canvas.setBleedBox((trim[0] - page.bleed, trim[1] - page.bleed, trim[2] + page.bleed, trim[3] + page.bleed))
    canvas.setTrimBox(trim)
    top = m + page.height  # plan y=0 in PDF coordinates

    pen = _Pen(canvas)
    for item in page.items:
        if isinstance(item, TextRun):
            _draw_text(canvas, pen, fonts, item, m + item.x, top - item.y, page.folio)
        elif isinstance(item, RuleItem):
            pen.set_stroke(item.grey, item.width)
            canvas.line(m + item.x1, top - item.y1, m + item.x2, top - item.y2)
        elif isinstance(item, BoxItem):
            r = item.rect
            if item.fill is not None:
                pen.set_fill(item.fill)
            if item.stroke is not None:
                pen.set_stroke(item.stroke, item.width)
            if item.fill is not None and item.fill != 0.0:
                pen._overprint(False)  # a tint knocks out, whatever the stroke
            canvas.rect(m + r.x, top - r.bottom, r.w, r.h,
                        stroke=int(item.stroke is not None), fill=int(item.fill is not None))
        elif isinstance(item, ImageItem) and is_pdf_ad(item):
            r = item.frame  # a PDF ad: vector content, as the ad desk made it
            draw_pdf_ad(canvas, item.file, m + r.x, top - r.bottom, r.w, r.h, state.forms)
        elif isinstance(item, ImageItem):
            r = item.frame
            reader = _image(state, item, page.folio)
            canvas.drawImage(reader, m + r.x, top - r.bottom, width=r.w, height=r.h)
        else:
            raise TypeError(f"page {page.folio}: cannot draw {type(item).__name__}")
    if settings.marks:
        pdfx.draw_marks(canvas, trim, page.bleed)


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
    if run.angle:  # turned clockwise about the origin (PDF y runs up: the text's x axis to (cos, -sin))
        a = math.radians(run.angle)
        text.setTextTransform(math.cos(a), -math.sin(a), math.sin(a), math.cos(a), x, y)
    else:
        text.setTextOrigin(x, y)
    text.textOut(run.text)
    canvas.drawText(text)


def convert_photos(items: Sequence[ImageItem], settings: PrintSettings, cache: dict,
                   max_ppi: float | None = None, jpeg_quality: int | None = 92) -> dict:
    """Convert these placed photos into `cache` as render_pdf would with the same arguments (keyed as it
    keys them), so a build converts each once before drawing its files on several processes
    (write.py); returns `cache`."""
    state = _Render(PhotoColour.from_settings(settings), max_ppi or settings.max_ppi, jpeg_quality, settings,
                    cache)
    for item in items:
        if not is_pdf_ad(item):
            _converted(state, item)
    return cache


def is_pdf_ad(item: ImageItem) -> bool:
    """A placed PDF (an ad as the ad desk made it) is drawn as vector content, not converted as a photo."""
    return item.file.suffix.lower() == ".pdf"


def _image(state: _Render, item: ImageItem, folio: int) -> ImageReader:
    """The photo converted for the press, embedded once per crop and size; its report entry per placement."""
    reader, info = _converted(state, item)
    if isinstance(reader, bytes):
        reader = ImageReader(io.BytesIO(reader))  # a reader is used up by one document; the bytes are not
    state.photos.append({"page": folio, "article": item.article, "file": item.file.name,
                         "ppi": round(effective_ppi(item.crop, item.frame.w, item.frame.h), 1), **info})
    return reader


def _converted(state: _Render, item: ImageItem) -> tuple[bytes | ImageReader, dict]:
    """The photo cropped, downsampled and separated for the press (once per crop and size), and its report."""
    key = (item.file, item.crop, item.frame.w, item.frame.h)
    cached = state.images.get(key)
    if cached is None:
        prepared = prepare_for_pdf(item.file, item.crop, item.frame.w, item.frame.h, state.max_ppi,
                                   state.colour)
        im, peak = prepared.image, prepared.max_ink
        if state.jpeg_quality is None:
            reader = ImageReader(im)
        else:
            # Baseline JPEG, 4:4:4, checked once decoded (colour.jpeg_within).
            # reportlab embeds the bytes as they are (DCTDecode; Pillow writes
            # CMYK inverted with an Adobe marker, reportlab's /Decode [1 0 ...]
            # undoes it).
            data, peak = jpeg_within(im, state.settings.ink_limit, state.jpeg_quality)
            reader = data
        info = {"colour": "cmyk" if im.mode == "CMYK" else "gray", "source": prepared.source,
                "max_ink": peak, "ink_limited": prepared.limited or peak < prepared.max_ink,
                "pixels": list(im.size)}
        cached = state.images[key] = (reader, info)
    return cached

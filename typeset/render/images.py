"""Photos through Pillow: open (EXIF-oriented, any mode), crop to a frame, convert for the press.

Contract:
- `open_image` returns a loaded image in one of the modes RGB, L or CMYK,
  after EXIF orientation; alpha is flattened onto white (newsprint has no
  transparency), 16-bit grey is scaled to 8-bit L. Pixel dimensions it
  reports are the ones layout crops in (`plan.ImageItem.crop`).
- Decompression bombs are refused before decoding (`max_pixels`).
- `prepare_for_pdf` is the single place where colour conversion happens
  (`PhotoColour`, colour.py): RGB goes to CMYK through the printer's output
  profile, from the photo's embedded ICC profile (sRGB when it has none);
  grey stays grey (DeviceGray prints on the black plate only), and so does
  an RGB photo whose pixels are all neutral; CMYK is converted only when it
  carries a profile other than the printer's. Total ink is re-checked after
  conversion and held under the layout's limit. A mono page (`photos:
  grey`) gets grey.
- Everything is deterministic: the same file and arguments give the same pixels.
Unreadable images raise `BuildError` (file as location) with a hint.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .colour import PhotoColour
from ..errors import Loc, fail

# Pillow's own decompression-bomb threshold, which source.py also applies when
# it reads photo sizes: a hostile or broken file cannot exhaust memory.
MAX_PIXELS = 89_478_485
# Raster formats only: Pillow's EPS plugin would run Ghostscript on the file.
IMAGE_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "GIF", "BMP", "JPEG2000")


def open_image(path: Path, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Open, check the size before decoding, apply EXIF orientation, normalise the mode."""
    return _open(Path(path), max_pixels)[0]


@dataclass(frozen=True)
class Prepared:
    """A photo ready to embed (mode CMYK or L) and what the preparation found."""

    image: Image.Image
    source: str  # the colour source used: "embedded ICC profile", "sRGB (assumed)", "grey", ...
    max_ink: float  # highest total ink of any pixel, percent (100 for grey: the black plate only)
    limited: bool  # True when pixels over the ink limit were brought under it


_SWAPS_AXES = {5, 6, 7, 8}  # EXIF orientations that turn the image a quarter turn


def _open(path: Path, max_pixels: int, need=None) -> tuple[Image.Image, tuple[int, int], bytes | None]:
    """The oriented, mode-normalised image, its full oriented size and its embedded ICC profile.

    `need(full_w, full_h)` may return the oriented size the caller needs at
    least; a JPEG is then decoded at 1/2, 1/4 or 1/8 scale when that still
    gives enough pixels (DCT scaling: much faster for big photos, and the
    result is still downsampled with LANCZOS afterwards).
    """
    try:
        with warnings.catch_warnings():
            # Our own limit is checked below; Pillow's warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=IMAGE_FORMATS) as im:
                w, h = im.size
                if w * h > max_pixels:
                    raise fail(f"image is {w} x {h} pixels, more than the limit of {max_pixels:,}",
                               Loc(path), "scale the photo down before adding it to the issue")
                swap = im.getexif().get(0x0112) in _SWAPS_AXES
                full = (h, w) if swap else (w, h)
                wanted = need(*full) if need is not None and im.format == "JPEG" else None
                if wanted:
                    im.draft(im.mode, (wanted[1], wanted[0]) if swap else wanted)
                im.load()
                icc = im.info.get("icc_profile") or None
                ImageOps.exif_transpose(im, in_place=True)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError) as e:
        raise fail(f"cannot read image: {e}", Loc(path),
                   "check that the file exists and is a JPEG, PNG or TIFF photo") from None
    mode = im.mode
    im = _normalise_mode(im, path)
    # A profile describes the pixels as stored: only keep it if the mode was kept.
    return im, full, (icc if im.mode == mode else None)


def _normalise_mode(im: Image.Image, path: Path) -> Image.Image:
    mode = im.mode
    if mode in ("RGB", "L", "CMYK"):
        return im
    if mode == "1":
        return im.convert("L")
    if mode.startswith("I;16") or mode == "I":
        # 16-bit grey (I;16 from PNG/TIFF, or I when Pillow widens it): 0..65535 -> 0..255
        return im.convert("I").point(lambda v: v / 257).convert("L")
    if mode == "F":
        return im.convert("L")
    if mode == "P" and "transparency" not in im.info:
        return im.convert("RGB")
    if mode in ("RGBA", "RGBa", "LA", "La", "PA", "P"):
        # Newsprint has no transparency: flatten onto the paper's white.
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(white, rgba)
        return flat.convert("L" if mode in ("LA", "La") else "RGB")
    try:
        return im.convert("RGB")  # YCbCr, HSV...
    except ValueError:
        raise fail(f"image mode {mode} is not supported", Loc(path),
                   "save the photo as an RGB, greyscale or CMYK JPEG, PNG or TIFF") from None


def crop_box(w_px: int, h_px: int, frame_aspect: float) -> tuple[int, int, int, int]:
    """The largest box of aspect `frame_aspect` (width / height) centred in a w x h image."""
    if w_px <= 0 or h_px <= 0 or frame_aspect <= 0:
        raise ValueError(f"crop_box needs positive sizes, got {w_px} x {h_px}, aspect {frame_aspect}")
    if w_px / h_px > frame_aspect:  # image wider than the frame: trim left and right
        cw = max(1, min(w_px, round(h_px * frame_aspect)))
        left = (w_px - cw) // 2
        return (left, 0, left + cw, h_px)
    ch = max(1, min(h_px, round(w_px / frame_aspect)))
    top = (h_px - ch) // 2
    return (0, top, w_px, top + ch)


def prepare_for_pdf(path: Path, crop: tuple[int, int, int, int] | None, frame_w_pt: float,
                    frame_h_pt: float, max_ppi: float = 300, colour: PhotoColour | None = None) -> Prepared:
    """Crop, downsample to at most `max_ppi` at the placed size (LANCZOS), convert for the press.

    `crop` is (left, top, right, bottom) in oriented pixels of the full
    image; None crops about the centre to the frame's aspect. Never upsamples.
    `colour` converts (default: CMYK through the default newsprint profile).
    """
    path = Path(path)
    max_w = max(1, round(frame_w_pt / 72 * max_ppi))
    max_h = max(1, round(frame_h_pt / 72 * max_ppi))

    def need(full_w: int, full_h: int) -> tuple[int, int] | None:
        l, t, r, b = crop or crop_box(full_w, full_h, frame_w_pt / frame_h_pt)
        if not (0 <= l < r <= full_w and 0 <= t < b <= full_h):
            return None  # reported below
        k = max(max_w / (r - l), max_h / (b - t))  # the crop must keep at least max_w x max_h
        return (math.ceil(full_w * k), math.ceil(full_h * k)) if k < 1 else None

    im, (full_w, full_h), icc = _open(path, MAX_PIXELS, need)
    if crop is None:
        crop = crop_box(full_w, full_h, frame_w_pt / frame_h_pt)
    l, t, r, b = crop
    if not (0 <= l < r <= full_w and 0 <= t < b <= full_h):
        raise fail(f"crop box {tuple(crop)} lies outside the {full_w} x {full_h} image", Loc(path))
    cw, ch = r - l, b - t
    scale = min(max_w / cw, max_h / ch)
    if scale < 1:
        # Resample the crop region straight to its final size; the box is in
        # the decoded image's pixels (fractional when the JPEG was decoded at
        # a reduced scale), so the output size never depends on that scale.
        sx, sy = im.width / full_w, im.height / full_h
        size = (max(1, round(cw * scale)), max(1, round(ch * scale)))
        im = im.resize(size, Image.Resampling.LANCZOS, box=(l * sx, t * sy, r * sx, b * sy))
    elif (l, t, r, b) != (0, 0, full_w, full_h):
        im = im.crop((l, t, r, b))  # no reduced decode happens when no downsampling is needed
    colour = colour or PhotoColour()
    out, source, max_ink, limited = colour.convert(im, icc, path)
    return Prepared(out, source, max_ink, limited)


def effective_ppi(crop: tuple[int, int, int, int], frame_w_pt: float, frame_h_pt: float) -> float:
    """Pixels per inch of the cropped source at its placed size (the lower of the two axes)."""
    l, t, r, b = crop
    return min((r - l) / (frame_w_pt / 72), (b - t) / (frame_h_pt / 72))


def check_resolution(pages, settings, diags) -> list[dict]:
    """Effective ppi of every placed photo, against the layout's print settings.

    Below `settings.min_ppi` is an error (the press would print visible
    pixels), below `warn_ppi` a warning; both name the photo, its article
    and page. Runs before anything is written, so a photo too small fails
    the build cleanly. Returns one entry per placement for the report.
    """
    from ..plan import ImageItem

    found = []
    for page in pages:
        for item in page.items:
            if not isinstance(item, ImageItem) or item.file.suffix.lower() == ".pdf":
                continue  # a PDF ad is vector content: the preflight checks the images inside it
            ppi = effective_ppi(item.crop, item.frame.w, item.frame.h)
            found.append({"page": page.folio, "article": item.article, "file": item.file.name,
                          "ppi": round(ppi, 1)})
            where = f"photo {item.file.name} ({item.article}, page {page.folio})"
            size = f"{item.frame.w / 72 * 25.4:.0f} x {item.frame.h / 72 * 25.4:.0f} mm"
            if ppi < settings.min_ppi:
                diags.error(f"{where} has {ppi:.0f} ppi at {size}, below the minimum of {settings.min_ppi:g}",
                            Loc(item.file), "use a larger photo, or give it fewer columns")
            elif ppi < settings.warn_ppi:
                diags.warning(f"{where} has {ppi:.0f} ppi at {size}, below {settings.warn_ppi:g}",
                              Loc(item.file), "a larger photo would print sharper")
    return found

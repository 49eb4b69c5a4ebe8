"""Photo colour for the press: RGB -> CMYK through the printer's profile, ink held under the limit.

`PhotoColour(profile, ink_limit, photos)` is made once per render (no
module-level state); it keeps the printer profile and the LittleCMS
transforms it built, keyed by the source profile's bytes, so ten photos
from one camera cost one transform.

Rules (why each):
- RGB is converted with the perceptual intent (photos: keep the relations
  between colours rather than clipping the out-of-gamut ones) from the
  photo's embedded ICC profile, or sRGB when it has none (what an untagged
  photo almost always is). An embedded profile LittleCMS cannot read is
  treated as absent rather than failing a night's build.
- Grey stays grey: an L image, or an RGB image whose pixels are all neutral
  (a greyscale scan saved as RGB), becomes DeviceGray, which prints on the
  black plate only; a CMYK rendering of it would smear neutral grey over
  four plates that the press never registers perfectly.
- CMYK is already for some press: converted only when it embeds a profile
  that differs from the printer's.
- Ink: the profile was built with the limit, but its tables interpolate
  (a 240% profile gave 243% peaks), so the total is measured after
  conversion and C, M and Y are scaled down where it is over, keeping K
  (the detail). The result is measured again and returned.
- `photos: grey` (a mono page) gives grey for every photo.
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageMath

from ..errors import Loc, fail

NEUTRAL_TOLERANCE = 2  # levels of 255 an RGB channel may differ from the others in a "grey" photo


class PhotoColour:
    def __init__(self, profile: Path | None = None, ink_limit: float = 240.0, photos: str = "cmyk"):
        from ..reading.print_settings import DEFAULT_PROFILE

        self.profile_path = Path(profile or DEFAULT_PROFILE)
        self.ink_limit = float(ink_limit)
        self.photos = photos
        self._printer: ImageCms.ImageCmsProfile | None = None
        self._printer_bytes = b""
        self._transforms: dict[tuple[str, bytes], tuple] = {}  # (mode, source profile) -> (transform, name)

    @classmethod
    def from_settings(cls, settings) -> "PhotoColour":
        return cls(settings.profile, settings.ink_limit, settings.photos)

    def convert(self, im: Image.Image, icc: bytes | None, path: Path) -> tuple[Image.Image, str, float, bool]:
        """(image in CMYK or L, colour source used, max total ink %, whether ink was limited)."""
        if im.mode == "L":
            return im, "grey", _grey_ink(im), False
        if self.photos == "grey":
            rgb = im if im.mode == "RGB" else im.convert("RGB")
            grey = rgb.convert("L")
            return grey, "grey (mono page)", _grey_ink(grey), False
        if im.mode == "RGB" and _is_neutral(im):
            grey = im.convert("L")
            return grey, "grey (neutral RGB)", _grey_ink(grey), False
        if im.mode == "CMYK":
            if icc and icc != self._printer_data():
                out, source = self._apply(im, icc, "CMYK", path)
            else:
                out, source = im, "CMYK as supplied"
        else:
            out, source = self._apply(im if im.mode == "RGB" else im.convert("RGB"), icc, "RGB", path)
        out, limited = limit_ink(out, self.ink_limit)
        return out, source, total_ink(out), limited

    # -- profiles and transforms --------------------------------------------

    def _printer_data(self) -> bytes:
        if not self._printer_bytes:
            try:
                self._printer_bytes = self.profile_path.read_bytes()
                self._printer = ImageCms.ImageCmsProfile(io.BytesIO(self._printer_bytes))
            except (OSError, ImageCms.PyCMSError) as e:
                raise fail(f"cannot read the output profile {self.profile_path}: {e}", Loc(self.profile_path),
                           "set print.profile in the layout to the printer's CMYK .icc file, "
                           "or run `make profile` to rebuild the default one") from None
        return self._printer_bytes

    def _apply(self, im: Image.Image, icc: bytes | None, mode: str, path: Path) -> tuple[Image.Image, str]:
        """`im` through the transform from its profile to the printer's, and the source's name."""
        self._printer_data()
        key = (mode, icc or b"")
        if key not in self._transforms:
            self._transforms[key] = self._build(mode, icc, path)
        transform, source = self._transforms[key]
        return (ImageCms.applyTransform(im, transform) if transform else im), source

    def _build(self, mode: str, icc: bytes | None, path: Path):
        source, name = None, "embedded ICC profile"
        if icc:
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            except (OSError, ImageCms.PyCMSError):
                name = "sRGB (embedded profile unreadable)"
        if source is None:
            if mode != "RGB":  # a CMYK photo with an unreadable profile: taken as it is
                return None, "CMYK as supplied (embedded profile unreadable)"
            source, name = ImageCms.createProfile("sRGB"), name if icc else "sRGB (assumed)"
        try:
            return ImageCms.buildTransform(source, self._printer, mode, "CMYK",
                                           renderingIntent=ImageCms.Intent.PERCEPTUAL), name
        except ImageCms.PyCMSError as e:
            raise fail(f"cannot convert the photo to the printer's CMYK: {e}", Loc(path),
                       "save the photo as sRGB without an embedded profile") from None


def total_ink(im: Image.Image) -> float:
    """Highest C+M+Y+K of any pixel of a CMYK image, in percent (0..400)."""
    if im.mode != "CMYK":
        raise ValueError(f"total_ink needs a CMYK image, not {im.mode}")
    c, m, y, k = im.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    return round(total.getextrema()[1] * 100 / 255, 1)


def limit_ink(im: Image.Image, limit: float) -> tuple[Image.Image, bool]:
    """Scale C, M, Y down where C+M+Y+K is over `limit` percent, keeping K; (image, changed)."""
    if im.mode != "CMYK" or total_ink(im) <= limit:
        return im, False
    c, m, y, k = im.split()
    cap = limit * 255 / 100
    # f = (cap - K) / (C+M+Y) where the total is over the cap, 1 elsewhere
    factor = ImageMath.lambda_eval(
        lambda a: a["min"](a["float"](a["cap"] - a["k"]) / a["max"](a["c"] + a["m"] + a["y"], 1), 1.0),
        c=c, m=m, y=y, k=k, cap=cap)
    scaled = [ImageMath.lambda_eval(lambda a: a["float"](a["v"]) * a["f"], v=ch, f=factor).convert("L")
              for ch in (c, m, y)]  # float -> 8 bit truncates: never over the cap
    return Image.merge("CMYK", (*scaled, k)), True


def _grey_ink(im: Image.Image) -> float:
    """Ink of a grey image on the black plate: 100% for black (0), 0 for white."""
    return round((255 - im.getextrema()[0]) * 100 / 255, 1)


def _is_neutral(im: Image.Image) -> bool:
    r, g, b = im.split()
    return all(ImageChops.difference(a, b_).getextrema()[1] <= NEUTRAL_TOLERANCE for a, b_ in ((r, g), (g, b)))


def jpeg_within(im: Image.Image, limit: float, quality: int) -> tuple[bytes, float]:
    """JPEG bytes of `im` whose *decoded* pixels stay under `limit` total ink; (bytes, peak ink).

    JPEG's quantisation rings at edges: a photo held at 240% comes back with
    a few pixels at 244%, and the RIP sees the decoded pixels, not ours. So
    the encoded result is decoded and measured, and the ink brought down by
    the overshoot (plus one) until it fits: deterministic, usually one pass.
    Baseline, 4:4:4, no metadata: the same pixels give the same bytes.
    """
    target = limit
    for _ in range(6):
        held, _changed = limit_ink(im, target)
        buf = io.BytesIO()
        held.save(buf, "JPEG", quality=quality, subsampling=0, optimize=False, progressive=False)
        data = buf.getvalue()
        if im.mode != "CMYK":
            return data, _grey_ink(im) if im.mode == "L" else 0.0
        with Image.open(io.BytesIO(data)) as back:
            peak = total_ink(back.convert("CMYK"))
        if peak <= limit:
            return data, peak
        target -= peak - limit + 1
    raise ValueError(f"cannot hold the photo under {limit}% ink after JPEG compression")

"""Total ink per page: bounded from the colours a page sets, or measured on Ghostscript's separations.

Most newspaper pages are black text and grey tints: the content walk
(content.py) sees every colour a page sets, and the ink at any point of
the page is at most the sum over the four plates of the most each plate
gets anywhere (overprint or not: a point's ink on a plate is one painted
object's). When that bound is within the limit, the page passes without
a render: it cannot be over. Only a page with an image, a shading,
transparency, a colour space other than Device CMYK/Gray, or a bound
over the limit is rendered and measured, so the verdicts are the ones a
render of every page gives, at a fraction of the cost.

Ghostscript renders each page's trim area to `tiff32nc` (8 bits each of
C, M, Y, K per pixel, overprint honoured) at `Limits.ink_dpi`; the highest
C+M+Y+K of any cell is the page's peak total area coverage. At 36 dpi a
cell is 0.7 mm square: ink limits are judged over areas, not single
pixels of a JPEG's ringing, which is also how press preflight tools do it.
The mean coverage is reported too (what the page costs in ink).

Ghostscript missing is a warning, not an error: the structural checks
still run, and `make setup` installs it.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageMath, ImageStat

from . import Limits, Report

TIMEOUT = 120  # seconds for one file: a stuck Ghostscript must not hang a nightly build


class InkBound:
    """Per page, the most of each plate (C, M, Y, K, 0..1) any colour the page sets puts down, and
    what makes the colours alone no bound (an image, a shading...), from the content walk."""

    def __init__(self) -> None:
        self.plates: dict[int, list[float]] = {}
        self.raster: dict[int, str] = {}  # page -> why it must be rendered to be measured

    def page(self, page: int) -> None:
        self.plates.setdefault(page, [0.0, 0.0, 0.0, 1.0])  # the initial colour is black

    def colour(self, page: int, space: str | None, values: list[float]) -> None:
        """A colour set in `space` ("cmyk", "gray"; None is the initial DeviceGray)."""
        if space in ("gray", None) and len(values) == 1:
            cmyk = [0.0, 0.0, 0.0, 1.0 - values[0]]
        elif space == "cmyk" and len(values) == 4:
            cmyk = values
        else:
            self.unknown(page, f"colour in a {space or 'unknown'} space")
            return
        plates = self.plates.setdefault(page, [0.0, 0.0, 0.0, 1.0])
        for i, v in enumerate(cmyk):
            plates[i] = max(plates[i], min(1.0, max(0.0, v)))

    def unknown(self, page: int, why: str) -> None:
        self.raster.setdefault(page, why)

    def bound(self, page: int) -> float | None:
        """The page's highest possible total ink in percent, or None if only a render can tell."""
        if page in self.raster:
            return None
        return round(sum(self.plates.get(page, [0.0, 0.0, 0.0, 1.0])) * 100, 1)


def check_ink(path: Path, report: Report, limits: Limits, tmp_dir: Path | None = None,
              bound: InkBound | None = None, measured_before: dict[int, tuple[float, float]] | None = None) -> None:
    """Check the total ink of every page: from `bound` (the content walk's) where it is within the
    limit, else by rendering the file's separations with Ghostscript and measuring them.

    `tmp_dir`: where the rendered pages go while they are measured (a build passes its staging
    folder, so a build killed meanwhile leaves nothing outside it for the next build to miss).
    `measured_before`: page -> (peak, mean) of a page drawn exactly so before (a rebuild's cache,
    render/write.py), not rendered again."""
    pages = range(1, report.pages + 1)
    known = {p: bound.bound(p) for p in pages} if bound is not None else {}
    needs = [p for p in pages if known.get(p) is None or known[p] > limits.ink_limit]  # only a render can tell
    measured = {p: v for p, v in (measured_before or {}).items() if p in needs}
    render = [p for p in needs if p not in measured]
    if render:
        measured.update(_render_ink(path, report, limits, tmp_dir, render))
    for page in pages:
        if page in measured:
            peak, mean = measured[page]
            report.ink.append({"page": page, "max": peak, "mean": mean})
            if peak > limits.ink_limit:
                report.error("ink", f"total ink reaches {peak:.0f}%, over the limit of {limits.ink_limit:g}%", page)
        elif page not in needs:
            report.ink.append({"page": page, "max": known[page], "bound": True})


def _render_ink(path: Path, report: Report, limits: Limits, tmp_dir: Path | None,
                pages: list[int]) -> dict[int, tuple[float, float]]:
    """Ghostscript's separations of `pages` of the file: page -> (peak, mean) total ink in percent."""
    gs = shutil.which("gs")
    if gs is None:
        report.warning("ink", "Ghostscript (gs) is not installed: total ink was not checked")
        return {}
    with tempfile.TemporaryDirectory(prefix="typeset-ink-", dir=tmp_dir) as tmp:
        out = Path(tmp) / "page-%04d.tif"
        cmd = [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dUseTrimBox", "-sDEVICE=tiff32nc",
               f"-r{limits.ink_dpi:g}", "-dOverprint=/enable", f"-sOutputFile={out}",
               f"-sPageList={','.join(map(str, pages))}", str(path)]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            report.error("ink", f"Ghostscript took more than {TIMEOUT} s to render the pages")
            return {}
        if run.returncode != 0:
            report.error("ink", f"Ghostscript cannot render the file: {(run.stderr or run.stdout).strip()[:300]}")
            return {}
        # The files are numbered in the order rendered, which is the page list's
        return {page: _coverage(tif) for page, tif in zip(pages, sorted(Path(tmp).glob("page-*.tif")))}


def _coverage(tif: Path) -> tuple[float, float]:
    """(peak, mean) total ink of a CMYK TIFF, in percent."""
    with Image.open(tif) as im:
        im = im.convert("CMYK")
        c, m, y, k = im.split()
        mean = sum(ImageStat.Stat(im).mean) * 100 / 255
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    peak = total.getextrema()[1] * 100 / 255
    return round(peak, 1), round(mean, 1)

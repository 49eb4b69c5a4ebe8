"""Total ink per page, from Ghostscript's CMYK separations.

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


def check_ink(path: Path, report: Report, limits: Limits, tmp_dir: Path | None = None) -> None:
    """Render the file's separations with Ghostscript and check the total ink of every page.

    `tmp_dir`: where the rendered pages go while they are measured (a build passes its staging
    folder, so a build killed meanwhile leaves nothing outside it for the next build to miss)."""
    gs = shutil.which("gs")
    if gs is None:
        report.warning("ink", "Ghostscript (gs) is not installed: total ink was not checked")
        return
    with tempfile.TemporaryDirectory(prefix="typeset-ink-", dir=tmp_dir) as tmp:
        out = Path(tmp) / "page-%04d.tif"
        cmd = [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dUseTrimBox", "-sDEVICE=tiff32nc",
               f"-r{limits.ink_dpi:g}", "-dOverprint=/enable", f"-sOutputFile={out}", str(path)]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            report.error("ink", f"Ghostscript took more than {TIMEOUT} s to render the pages")
            return
        if run.returncode != 0:
            report.error("ink", f"Ghostscript cannot render the file: {(run.stderr or run.stdout).strip()[:300]}")
            return
        for number, tif in enumerate(sorted(Path(tmp).glob("page-*.tif")), 1):
            peak, mean = _coverage(tif)
            report.ink.append({"page": number, "max": peak, "mean": mean})
            if peak > limits.ink_limit:
                report.error("ink", f"total ink reaches {peak:.0f}%, over the limit of {limits.ink_limit:g}%", number)


def _coverage(tif: Path) -> tuple[float, float]:
    """(peak, mean) total ink of a CMYK TIFF, in percent."""
    with Image.open(tif) as im:
        im = im.convert("CMYK")
        c, m, y, k = im.split()
        mean = sum(ImageStat.Stat(im).mean) * 100 / 255
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    peak = total.getextrema()[1] * 100 / 255
    return round(peak, 1), round(mean, 1)

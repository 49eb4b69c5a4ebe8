"""A layout's `print:` section: what the press expects of the PDF.

Every number here is the printer's (ink limit, minimum resolution), so it
lives in the layout, never in code; the defaults suit coldset newsprint:

    print:
      pdfx: X-1a                  # X-1a (PDF/X-1a:2003, the default) or X-4 (PDF/X-4)
      profile: default            # or the printer's CMYK output profile, a path
                                  # relative to the layout file
      identifier: CGATS TR 002    # OutputConditionIdentifier (required with a profile of your own)
      condition: Coldset newsprint (CGATS TR 002)
      registry: http://www.color.org
      ink_limit: 240%             # total area coverage; photos are held under it
      warn_ppi: 150               # effective resolution of a placed photo: warn below
      min_ppi: 100                # ... fail below
      max_ppi: 300                # photos are downsampled to this at their placed size
      photos: cmyk                # cmyk, or grey for a mono page
      marks: false                # crop and registration marks outside the bleed
      box_tint: 10%               # the K tint behind a story with `box: tint`

`read_print` reports every problem with the layout file and line and a
hint, and checks that the profile is a CMYK output profile.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostics, Loc
from .yamlsafe import YMap

PROFILES = Path(__file__).resolve().parents[2] / "profiles"
DEFAULT_PROFILE = PROFILES / "newsprint-tr002.icc"
DEFAULT_IDENTIFIER = "CGATS TR 002"

# PDF/X flavour -> (GTS_PDFXVersion, GTS_PDFXConformance or "", highest PDF version allowed)
PDFX = {
    "X-1a": ("PDF/X-1a:2003", "PDF/X-1a:2003", (1, 4)),
    "X-4": ("PDF/X-4", "", (1, 6)),
}
KEYS = ("pdfx", "profile", "identifier", "condition", "registry", "ink_limit", "warn_ppi", "min_ppi",
        "max_ppi", "photos", "marks", "box_tint")


@dataclass(frozen=True)
class PrintSettings:
    pdfx: str = "X-1a"
    profile: Path = DEFAULT_PROFILE
    identifier: str = DEFAULT_IDENTIFIER
    condition: str = "Coldset newsprint (CGATS TR 002)"
    registry: str = "http://www.color.org"
    ink_limit: float = 240.0  # percent total area coverage
    warn_ppi: float = 150.0
    min_ppi: float = 100.0
    max_ppi: float = 300.0
    photos: str = "cmyk"  # cmyk | grey
    marks: bool = False
    box_tint: float = 10.0  # percent K behind a story with `box: tint` (light, so body text stays legible)

    @property
    def version(self) -> str:
        """GTS_PDFXVersion, e.g. 'PDF/X-1a:2003'."""
        return PDFX[self.pdfx][0]

    @property
    def conformance(self) -> str:
        return PDFX[self.pdfx][1]

    @property
    def pdf_version(self) -> tuple[int, int]:
        return PDFX[self.pdfx][2]


def read_print(section: object, layout_file: Path, diags: Diagnostics) -> PrintSettings:
    """The `print:` section of a layout (None or absent: the defaults)."""
    if section is None:
        return PrintSettings()
    if not isinstance(section, YMap):
        diags.error("layout section 'print' must be a mapping", Loc(layout_file), "see layouts/tabloid-zh.yaml")
        return PrintSettings()
    loc = lambda key: Loc(layout_file, section.line_of(key))  # noqa: E731
    for key in section:
        if key not in KEYS:
            diags.error(f"unknown key '{key}' in print", loc(key), f"allowed keys: {', '.join(KEYS)}")
    values: dict = {}
    pdfx = section.get("pdfx", "X-1a")
    if pdfx not in PDFX:
        diags.error(f"print.pdfx is {pdfx!r}", loc("pdfx"), "use X-1a (PDF/X-1a:2003) or X-4 (PDF/X-4)")
    else:
        values["pdfx"] = pdfx
    for key in ("identifier", "condition", "registry"):
        if key in section:
            if not isinstance(section[key], str) or not section[key].strip():
                diags.error(f"print.{key} must be a text", loc(key))
            else:
                values[key] = section[key].strip()
    profile = section.get("profile", "default")
    if profile != "default":
        if not isinstance(profile, str) or not profile:
            diags.error("print.profile must be a file name or 'default'", loc("profile"))
        else:
            path = (layout_file.parent / profile).expanduser().resolve()
            problem = check_profile(path)
            if problem:
                diags.error(f"print.profile: {problem}", loc("profile"),
                            "name the CMYK output profile (.icc) the printer supplied, relative to the layout")
            values["profile"] = path
            if "identifier" not in section:
                diags.error("print.profile names a profile of your own but no identifier", loc("profile"),
                            "add identifier: the printer's OutputConditionIdentifier, e.g. WAN-IFRAnewspaper26v5")
    for key in ("ink_limit", "warn_ppi", "min_ppi", "max_ppi"):
        if key in section:
            number = _number(section[key])
            if number is None or number <= 0 or (key == "ink_limit" and number > 400):
                diags.error(f"print.{key} is {section[key]!r}", loc(key),
                            "a percentage such as 240%" if key == "ink_limit" else "a number of pixels per inch")
            else:
                values[key] = number
    if "box_tint" in section:
        number = _number(section["box_tint"])
        if number is None or not 0 < number <= 30:
            diags.error(f"print.box_tint is {section['box_tint']!r}", loc("box_tint"),
                        "a light percentage of K such as 10% (above 30% body text on it reads poorly)")
        else:
            values["box_tint"] = number
    photos = section.get("photos", "cmyk")
    if photos not in ("cmyk", "grey"):
        diags.error(f"print.photos is {photos!r}", loc("photos"), "use cmyk, or grey for a mono page")
    else:
        values["photos"] = photos
    if "marks" in section:
        if not isinstance(section["marks"], bool):
            diags.error("print.marks must be true or false", loc("marks"))
        else:
            values["marks"] = section["marks"]
    settings = PrintSettings(**values)
    if not settings.min_ppi <= settings.warn_ppi <= settings.max_ppi:
        diags.error("print: min_ppi <= warn_ppi <= max_ppi does not hold", Loc(layout_file, section.line),
                    f"now {settings.min_ppi:g}, {settings.warn_ppi:g}, {settings.max_ppi:g}")
    return settings


def check_profile(path: Path) -> str:
    """'' if `path` is a CMYK output (printer) ICC profile, else what is wrong with it."""
    try:
        with open(path, "rb") as f:
            head = f.read(128)
    except OSError as e:
        return f"cannot read {path}: {e.strerror or e}"
    if len(head) < 128 or head[36:40] != b"acsp":
        return f"{path} is not an ICC profile"
    if head[16:20] != b"CMYK" or head[12:16] != b"prtr":
        return (f"{path} is a {head[16:20].decode('latin-1').strip()} {head[12:16].decode('latin-1')} profile, "
                "not a CMYK output (printer) profile")
    return ""


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().rstrip("%").strip())
        except ValueError:
            return None
    return None

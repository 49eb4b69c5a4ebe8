"""Layouts: `layouts/<name>.yaml` -> Layout (page, column grid, baseline grid, styles, templates).

The grid is the heart of a newspaper page: columns of a fixed width and a
baseline grid of one body leading. Everything downstream speaks in grid
units (column index, line index) and asks the Grid for points. For Chinese
layouts the column width and gutter are given in body em, so that columns
hold a whole number of characters (字数对齐); the type area is centred
between the left and right margins.

Every problem names the layout file and line; the reader collects them all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostics, Loc, fail
from ..text import LEVELS, PUNCTUATION_STYLES
from .planner_settings import PlannerSettings, read_planner
from .print_settings import PrintSettings, read_print
from .style import Style
from ..units import parse_length
from .yamlsafe import YMap, load_yaml

STYLE_ROLES = (
    "body", "headline", "overline", "subtitle", "byline", "subhead", "caption",
    "credit", "jump", "jump_head", "folio", "masthead", "masthead_info", "imprint",
)
ZONES = ("masthead", "folio", "imprint")
TEMPLATE_JUMPS = ("allowed", "when_full")
WORDING = ("jump_to", "jump_from", "folio", "pages_today", "issue_number", "serial", "postal_code")


@dataclass(frozen=True)
class Grid:
    """Columns and baseline grid of the type area, in points (top-left origin)."""

    left: float
    top: float
    columns: int
    column_width: float
    gutter: float
    lines: int
    leading: float
    body_size: float

    @property
    def width(self) -> float:
        return self.columns * self.column_width + (self.columns - 1) * self.gutter

    @property
    def height(self) -> float:
        return self.lines * self.leading

    def col_x(self, column: int) -> float:
        return self.left + column * (self.column_width + self.gutter)

    def span(self, columns: int) -> float:
        """Width of `columns` adjacent columns including the gutters between them."""
        return columns * self.column_width + (columns - 1) * self.gutter

    def line_y(self, line: int) -> float:
        """Top of grid line `line` (0 = top of the type area)."""
        return self.top + line * self.leading

    def baseline(self, line: int) -> float:
        """Baseline of a body line in grid line `line`: the body's em box centred in the line."""
        return self.line_y(line) + (self.leading - self.body_size) / 2 + self.body_size * 0.88


@dataclass(frozen=True)
class Zone:
    """A fixed zone of a template: grid lines at the top (masthead, folio) or foot (imprint)."""

    name: str
    lines: int  # 0 = as many as its content needs ("auto")
    logo: Path | None = None  # masthead: an image set in place of the title (path from the layout file)
    logo_px: tuple[int, int] = (0, 0)  # its width and height in pixels


@dataclass(frozen=True)
class Slot:
    """A rectangle of a template's free area (grid units, line 0 = the first line below the
    masthead or folio) that an issue can pin an article to: `- {article: x, slot: lead}`."""

    name: str
    column: int
    columns: int
    line: int
    lines: int
    loc: Loc


@dataclass(frozen=True)
class PageTemplate:
    name: str
    zones: dict[str, Zone]
    loc: Loc
    # "allowed": an article with continues_on may jump when that makes the better page;
    # "when_full": articles on this page jump only when the page cannot hold them (a front page
    # that keeps its stories whole, as the editor planned it).
    jumps: str = "allowed"
    slots: dict[str, Slot] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    name: str
    file: Path
    width: float
    height: float
    bleed: float
    grid: Grid
    column_rules: bool
    styles: dict[str, Style]
    templates: dict[str, PageTemplate]
    wording: dict[str, str]
    text: dict = field(default_factory=dict)
    planner: PlannerSettings = field(default_factory=PlannerSettings)
    print_settings: PrintSettings = field(default_factory=PrintSettings)  # the `print:` section

    def font_roles(self) -> set[str]:
        """The font roles the styles name (regular and bold, CJK and Latin): the faces a build loads."""
        roles = set()
        for s in self.styles.values():
            roles |= {s.font, s.latin_font, s.bold_font or s.font, s.bold_latin_font or s.latin_font}
        return roles


def find_layout(name: str, issue_folder: Path, layouts_dir: Path, loc: Loc) -> Path:
    """A name means layouts_dir/<name>.yaml; a value ending in .yaml is a path in the issue folder."""
    if name.endswith((".yaml", ".yml")):
        path = (issue_folder / name).resolve()
        hint = "the path is relative to the issue folder"
    else:
        path = layouts_dir / f"{name}.yaml"
        shipped = sorted(p.stem for p in layouts_dir.glob("*.yaml"))
        hint = f"layouts available: {', '.join(shipped) or 'none'}"
    if not path.is_file():
        raise fail(f"layout '{name}' does not exist (looked for {path})", loc, hint)
    return path


def read_layout(path: Path) -> Layout:
    data = load_yaml(path)
    diags = Diagnostics()
    if not isinstance(data, YMap):
        raise fail("a layout must be a YAML mapping", Loc(path, 1), "see layouts/tabloid-zh.yaml")
    _keys(data, {"name", "page", "grid", "text", "styles", "templates", "wording", "print", "planner"}, path, diags,
          "layout")
    page = _section(data, "page", path, diags)
    grid_d = _section(data, "grid", path, diags)
    styles_d = _section(data, "styles", path, diags)
    templates_d = _section(data, "templates", path, diags)
    wording_d = data.get("wording") or {}
    diags.check()

    _keys(page, {"width", "height", "bleed", "margin_top", "margin_bottom", "margin_left", "margin_right"},
          path, diags, "page")
    length = lambda m, k, em=None, default=None: _length(m, k, path, diags, em, default)  # noqa: E731
    width, height = length(page, "width"), length(page, "height")
    bleed = length(page, "bleed", default=0.0)
    mt, mb = length(page, "margin_top"), length(page, "margin_bottom")
    ml, mr = length(page, "margin_left"), length(page, "margin_right")

    styles = {name: _style(name, sd, path, diags) for name, sd in styles_d.items()}
    for role in STYLE_ROLES:
        if role not in styles:
            diags.error(f"layout has no style '{role}'", Loc(path, styles_d.line), f"add styles.{role}")
    diags.check()

    body = styles["body"]
    _keys(grid_d, {"columns", "column_width", "gutter", "column_rules"}, path, diags, "grid")
    columns = grid_d.get("columns")
    if not isinstance(columns, int) or columns < 1:
        diags.error("grid.columns must be a whole number >= 1", Loc(path, grid_d.line_of("columns")))
        columns = 1
    gutter = length(grid_d, "gutter", em=body.size)
    area_w = width - ml - mr
    if "column_width" in grid_d:
        col_w = length(grid_d, "column_width", em=body.size)
    else:
        col_w = (area_w - (columns - 1) * gutter) / columns
    lines = int((height - mt - mb) // body.leading)
    diags.check()
    grid_w = columns * col_w + (columns - 1) * gutter
    if grid_w > area_w + 0.01 or col_w <= 0:
        raise fail(f"the column grid is {grid_w:.1f}pt wide but the margins leave {area_w:.1f}pt",
                   Loc(path, grid_d.line), "narrow the columns or gutter, or the margins")
    grid = Grid(left=ml + (area_w - grid_w) / 2, top=mt, columns=columns, column_width=col_w,
                gutter=gutter, lines=lines, leading=body.leading, body_size=body.size)

    _text_options(data.get("text") or YMap(), path, diags)
    print_settings = read_print(data.get("print"), path, diags)
    templates = {n: _template(n, t, path, diags) for n, t in templates_d.items()}
    planner = read_planner(data.get("planner"), path, diags)
    wording = {k: str(v) for k, v in wording_d.items()}
    for key in WORDING:
        if key not in wording:
            diags.error(f"layout has no wording '{key}'", Loc(path, data.line_of("wording")), f"add wording.{key}")
    diags.check()
    return Layout(name=str(data.get("name", path.stem)), file=path, width=width, height=height, bleed=bleed,
                  grid=grid, column_rules=bool(grid_d.get("column_rules", False)), styles=styles,
                  templates=templates, wording=wording, text=dict(data.get("text") or {}),
                  print_settings=print_settings, planner=planner)


# The levels and punctuation styles are the rows of text/cjk.py's tables (named once, there).
TEXT_OPTIONS = {"kinsoku": LEVELS, "punctuation": PUNCTUATION_STYLES,
                "hanging": (True, False), "normalise_punctuation": (True, False),
                "run_in_bylines": None}  # None: checked apart


def _text_options(text: YMap, path: Path, diags: Diagnostics) -> None:
    if not isinstance(text, YMap):
        diags.error("layout section 'text' must be a mapping", Loc(path, 0))
        return
    _keys(text, set(TEXT_OPTIONS), path, diags, "text")
    run_in = text.get("run_in_bylines", [])
    if not isinstance(run_in, list) or not all(isinstance(x, str) and x for x in run_in):
        diags.error("text.run_in_bylines must be a list of byline beginnings, such as [本报讯]",
                    Loc(path, text.line_of("run_in_bylines")))
    for key, allowed in TEXT_OPTIONS.items():
        if allowed is not None and key in text and text[key] not in allowed:
            diags.error(f"text.{key} is {text[key]!r}", Loc(path, text.line_of(key)),
                        f"use one of: {', '.join(map(str, allowed))}")


def _section(data: YMap, key: str, path: Path, diags: Diagnostics) -> YMap:
    value = data.get(key)
    if not isinstance(value, YMap):
        diags.error(f"layout section '{key}' is missing or not a mapping", Loc(path, data.line_of(key)),
                    "see layouts/tabloid-zh.yaml for the sections a layout has")
        return YMap()
    return value


def _keys(m: YMap, allowed: set[str], path: Path, diags: Diagnostics, where: str) -> None:
    for key in m:
        if key not in allowed:
            diags.error(f"unknown key '{key}' in {where}", Loc(path, m.line_of(key)),
                        f"allowed keys: {', '.join(sorted(allowed))}")


def _length(m: YMap, key: str, path: Path, diags: Diagnostics, em=None, default=None) -> float:
    if key not in m:
        if default is not None:
            return default
        diags.error(f"'{key}' is missing", Loc(path, getattr(m, "line", 0)), f"add {key}: with a length like 12mm")
        return 1.0
    try:
        return parse_length(m[key], em)
    except ValueError as e:
        diags.error(f"'{key}': {e}", Loc(path, m.line_of(key)))
        return 1.0


STYLE_KEYS = {"font", "latin", "bold_font", "bold_latin", "size", "leading", "sizes", "max_lines", "align",
              "indent", "tracking", "hyphenate"}
HYPHENATED_ROLES = ("body", "caption", "imprint")  # running text; display lines keep whole words


def _style(name: str, sd: object, path: Path, diags: Diagnostics) -> Style:
    if not isinstance(sd, YMap):
        diags.error(f"style '{name}' must be a mapping", Loc(path, 0))
        return Style(name, "song", "latin-serif", 9, 12)
    _keys(sd, STYLE_KEYS, path, diags, f"style '{name}'")
    sizes = tuple(_length(YMap({"s": s}), "s", path, diags) for s in (sd.get("sizes") or []))
    size = _length(sd, "size", path, diags) if "size" in sd or not sizes else sizes[0]
    leading = _length(sd, "leading", path, diags, em=size) if "leading" in sd else round(size * 1.2, 2)
    align = sd.get("align", "justify")
    if align not in ("justify", "left", "center", "right"):
        diags.error(f"style '{name}': align must be justify, left, center or right", Loc(path, sd.line_of("align")))
    font = str(sd.get("font", ""))
    if not font:
        diags.error(f"style '{name}' names no font role", Loc(path, sd.line), "add font: song (or hei, kai, ...)")
    return Style(name=name, font=font, latin_font=str(sd.get("latin", font)), size=size, leading=leading,
                 bold_font=str(sd.get("bold_font", "")), bold_latin_font=str(sd.get("bold_latin", "")),
                 align=align, indent=float(sd.get("indent", 0)), tracking=float(sd.get("tracking", 0)),
                 sizes=sizes, max_lines=int(sd.get("max_lines", 0)),
                 hyphenate=bool(sd.get("hyphenate", name in HYPHENATED_ROLES)))


def _template(name: str, td: object, path: Path, diags: Diagnostics) -> PageTemplate:
    zones: dict[str, Zone] = {}
    if not isinstance(td, YMap):
        diags.error(f"template '{name}' must be a mapping", Loc(path, 0))
        return PageTemplate(name, zones, Loc(path, 0))
    _keys(td, set(ZONES) | {"jumps", "slots"}, path, diags, f"template '{name}'")
    jumps = td.get("jumps", "allowed")
    if jumps not in TEMPLATE_JUMPS:
        diags.error(f"template '{name}': jumps is {jumps!r}", Loc(path, td.line_of("jumps")),
                    f"use one of: {', '.join(TEMPLATE_JUMPS)}")
        jumps = "allowed"
    for zname in ZONES:
        zd = td.get(zname)
        if zd is None:
            continue
        lines = zd.get("lines", "auto") if isinstance(zd, dict) else "auto"
        if lines != "auto" and (not isinstance(lines, int) or lines < 1):
            diags.error(f"template '{name}': {zname}.lines must be a whole number or auto",
                        Loc(path, td.line_of(zname)))
            lines = 1
        logo, logo_px = (_logo(name, zd, path, diags) if zname == "masthead" and isinstance(zd, dict)
                         else (None, (0, 0)))
        zones[zname] = Zone(zname, 0 if lines == "auto" else lines, logo, logo_px)
    return PageTemplate(name, zones, Loc(path, td.line), jumps, _slots(name, td.get("slots"), path, diags))


def _logo(template: str, zd: YMap, path: Path, diags: Diagnostics) -> tuple[Path | None, tuple[int, int]]:
    """The masthead's logo image, if the layout names one: checked readable here, not at render time."""
    value = zd.get("logo")
    if value is None:
        return None, (0, 0)
    loc = Loc(path, zd.line_of("logo") if isinstance(zd, YMap) else 0)
    file = (path.parent / str(value)).resolve()
    try:
        from PIL import Image

        with Image.open(file) as img:
            size = img.size
    except Exception as exc:  # Pillow raises many types for a missing or broken file
        diags.error(f"template '{template}': masthead logo '{value}' cannot be read: {exc}", loc,
                    "give a PNG, JPEG or TIFF path relative to the layout file, or leave logo out to set the title")
        return None, (0, 0)
    return file, size


SLOT_KEYS = ("column", "columns", "line", "lines")


def _slots(template: str, sd: object, path: Path, diags: Diagnostics) -> dict[str, Slot]:
    """A template's named slots; each a mapping of whole grid units."""
    if sd is None:
        return {}
    if not isinstance(sd, YMap):
        diags.error(f"template '{template}': slots must map a name to {{column, columns, line, lines}}",
                    Loc(path, 0), "slots: {lead: {column: 0, columns: 4, line: 0, lines: 40}}")
        return {}
    slots = {}
    for name, rect in sd.items():
        loc = Loc(path, sd.line_of(name))
        values = [rect.get(k) if isinstance(rect, dict) else None for k in SLOT_KEYS]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values) or values[0] < 0 \
                or values[2] < 0 or values[1] < 1 or values[3] < 1:
            diags.error(f"template '{template}': slot '{name}' needs whole numbers column >= 0, columns >= 1, "
                        "line >= 0, lines >= 1", loc, "slots: {lead: {column: 0, columns: 4, line: 0, lines: 40}}")
            continue
        slots[str(name)] = Slot(str(name), *values, loc)
    return slots

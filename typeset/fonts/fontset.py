"""Font roles, discovery, per-character fallback and metrics (`FontSet`).

`fonts/fonts.yaml` names *faces* (family + file name hint) and *roles*
(chains of faces). `FontSet.load` finds each face by file name (the given
search dirs, then the config's own folder, then the system font folders,
indexed by one `os.walk` per FontSet), checks the family in the font's name
table (a .ttc subfont is chosen by that name, never by index) and opens it
with reportlab's `TTFont`, which serves both the metrics and the embedding:
the widths layout measures with are exactly the widths the PDF declares.
A CFF-outline face (Noto Serif/Sans CJK) is opened through its cached
TrueType conversion (cff.py: same glyph ids, widths and cmap), made once
per machine and font version in the cache folder (~/.cache/typeset).

Contract:
- `face_for(role, ch)` is the first face of the chain whose cmap has every
  code point of `ch`, or None; a character no face has is the caller's
  error to report (reportlab would silently draw a blank box).
- A face that cannot be found or opened is skipped with a line in `notes`;
  a requested role none of whose faces opens is a `BuildError` pointing at
  the role's line in fonts.yaml, with an `apt-get install` hint.
- The first loadable face of each requested role opens at `load`; the rest
  of a chain opens on first use (most text never needs the fallbacks).
- Face ids are the keys of `faces:` in fonts.yaml: stable and readable in
  text dumps ("uming-cn", "noto-serif-bold").
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import Diagnostics, Loc, fail
from ..reading.yamlsafe import YList, YMap, check_keys, did_you_mean, get_text, load_yaml

SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path("~/.local/share/fonts").expanduser(),
    Path("~/.fonts").expanduser(),
)
FONT_EXTENSIONS = (".ttf", ".ttc", ".otf", ".otc")
_FACE_KEYS = ("family", "style", "file", "package", "id")


@dataclass(frozen=True)
class FaceSpec:
    """One face as fonts.yaml describes it."""

    id: str
    family: str
    file: str
    loc: Loc
    style: str = ""
    package: str = ""


@dataclass(frozen=True)
class FontConfig:
    """fonts.yaml parsed: faces by id and roles as chains of face ids."""

    path: Path
    faces: dict[str, FaceSpec]
    roles: dict[str, tuple[str, ...]]
    role_locs: dict[str, Loc]

    @classmethod
    def read(cls, path: Path) -> "FontConfig":
        path = Path(path)
        top = load_yaml(path)
        diags = Diagnostics()
        if not isinstance(top, YMap):
            raise fail(f"{path.name} must be a mapping with faces: and roles:", Loc(path, 1),
                       "see fonts/README.md")
        check_keys(diags, top, ("faces", "roles"), path, path.name)
        faces: dict[str, FaceSpec] = {}
        face_map = top.get("faces") or YMap()
        if not isinstance(face_map, YMap):
            diags.error("faces: must be a mapping of face ids", Loc(path, top.line_of("faces")))
            face_map = YMap()
        for fid, entry in face_map.items():
            spec = _face_spec(str(fid), entry, face_map.line_of(fid), path, diags)
            if spec:
                faces[spec.id] = spec
        roles: dict[str, tuple[str, ...]] = {}
        role_locs: dict[str, Loc] = {}
        role_map = top.get("roles")
        if not isinstance(role_map, YMap) or not role_map:
            diags.error("no roles: mapping", Loc(path, top.line_of("roles")),
                        "add roles: with at least one role, e.g. song: [uming-cn]")
            role_map = YMap()
        for role, chain_yaml in role_map.items():
            role = str(role)
            loc = role_locs[role] = Loc(path, role_map.line_of(role))
            if not isinstance(chain_yaml, YList) or not chain_yaml:
                diags.error(f"role '{role}' must be a non-empty list of faces", loc, "e.g. song: [uming-cn, wqy-zenhei]")
                continue
            chain = []
            for i, entry in enumerate(chain_yaml):
                line = chain_yaml.line_of(i)
                if isinstance(entry, str):
                    if entry not in faces:
                        diags.error(f"role '{role}': unknown face '{entry}'", Loc(path, line),
                                    did_you_mean(entry, faces) + "define it under faces:")
                        continue
                    chain.append(entry)
                    continue
                spec = _face_spec(None, entry, line, path, diags)  # inline {family, file, ...}
                if spec is None:
                    continue
                old = faces.get(spec.id)
                if old and (old.family, old.file, old.style) != (spec.family, spec.file, spec.style):
                    spec = replace(spec, id=f"{spec.id}-{_slug(Path(spec.file).stem)}")
                faces.setdefault(spec.id, spec)
                chain.append(spec.id)
            roles[role] = tuple(chain)
        diags.check()
        return cls(path, faces, roles, role_locs)


def _face_spec(fid: str | None, entry, line: int, path: Path, diags: Diagnostics) -> FaceSpec | None:
    where = f"face '{fid}'" if fid else "an inline face"
    if not isinstance(entry, YMap):
        diags.error(f"{where} must be a mapping such as {{family: ..., file: ...}}", Loc(path, line))
        return None
    check_keys(diags, entry, _FACE_KEYS, path, where)
    family = get_text(diags, entry, "family", path, where, required=True)
    file = get_text(diags, entry, "file", path, where, required=True)
    style = get_text(diags, entry, "style", path, where)
    package = get_text(diags, entry, "package", path, where)
    if not family or not file:
        return None
    fid = fid or get_text(diags, entry, "id", path, where) or _slug(f"{family} {style}")
    return FaceSpec(fid, family, file, Loc(path, line), style, package)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class _Face:
    """A loaded face: reportlab's TTFont plus caches (per character)."""

    def __init__(self, spec: FaceSpec, path: Path, index: int, ttf):
        self.spec, self.path, self.index, self.ttf = spec, path, index, ttf
        self.cmap = ttf.face.charToGlyph  # code point -> glyph id
        self.char_widths = ttf.face.charWidths  # code point -> width in 1/1000 em
        self.default_width = ttf.face.defaultWidth
        self.ascent = ttf.face.ascent / 1000.0
        self.widths: dict[str, float] = {}  # character -> em
        self.registered = ""

    def has(self, text: str) -> bool:
        # reportlab draws U+00A0 as the space glyph (code 32), so NBSP is
        # covered by any face with a space.
        codes = set(map(ord, text))
        if 0xA0 in codes:
            codes.discard(0xA0)
            codes.add(0x20)
        return self.cmap.keys() >= codes  # a set comparison in C: the PDF backend asks once per run

    def width(self, ch: str) -> float:
        w = self.widths.get(ch)
        if w is None:
            code = 0x20 if ch == "\u00a0" else ord(ch)
            w = self.widths[ch] = self.char_widths.get(code, self.default_width) / 1000.0
        return w


class FontSet:
    """Implements `typeset.fonts.metrics.Metrics` on real faces; see the module docstring."""

    def __init__(self, config: FontConfig, search_dirs: Sequence[Path] = (), *, system: bool = True,
                 cache: Path | None = None):
        from ..cache_folder import default_cache

        self.config = config
        self.cache = Path(cache) if cache is not None else default_cache()
        dirs = [Path(d) for d in search_dirs] + [config.path.parent]
        if system:
            dirs += list(SYSTEM_FONT_DIRS)
        self.search_dirs = tuple(dict.fromkeys(d.resolve() for d in dirs))
        self.notes: list[str] = []
        self._index: dict[str, Path] | None = None
        self._faces: dict[str, _Face | None] = {}  # id -> face, None = tried and skipped
        self._why: dict[str, str] = {}  # id -> why it was skipped
        self._roles: set[str] = set()
        self._face_for: dict[tuple[str, str], str | None] = {}

    @classmethod
    def load(cls, config: Path, search_dirs: Sequence[Path] = (), roles: Iterable[str] | None = None,
             *, system: bool = True, cache: Path | None = None) -> "FontSet":
        """Read fonts.yaml and open the first loadable face of each role asked for (default: all)."""
        fs = cls(FontConfig.read(Path(config)), search_dirs, system=system, cache=cache)
        wanted = list(fs.config.roles) if roles is None else list(roles)
        # Config order, not the caller's (often a set): notes and load order stay deterministic.
        order = {r: i for i, r in enumerate(fs.config.roles)}
        for role in sorted(set(wanted), key=lambda r: (order.get(r, len(order)), r)):
            fs._require(role)
        return fs

    # -- the Metrics protocol ------------------------------------------------

    def face_for(self, role: str, ch: str) -> str | None:
        key = (role, ch)
        try:
            return self._face_for[key]
        except KeyError:
            pass
        self._require(role)
        found = None
        for fid in self.config.roles[role]:
            face = self._face(fid)
            if face is not None and face.has(ch):
                found = fid
                break
        self._face_for[key] = found
        return found

    def advance(self, face: str, text: str, size: float) -> float:
        f = self._loaded(face)
        return sum(map(f.width, text)) * size

    def ascent(self, face: str) -> float:
        return self._loaded(face).ascent

    # -- reports and backends ------------------------------------------------

    def family(self, face: str) -> str:
        spec = self._loaded(face).spec
        return f"{spec.family} {spec.style}" if spec.style else spec.family

    def path(self, face: str) -> Path:
        return self._loaded(face).path

    def missing(self, face: str, text: str) -> list[str]:
        """Characters of `text` the face has no glyph for, each once, in order."""
        f = self._loaded(face)
        return list(dict.fromkeys(c for c in text if not f.has(c)))

    def faces(self) -> list[str]:
        """Ids of the faces opened so far, in the order they were opened."""
        return [fid for fid, f in self._faces.items() if f is not None]

    def chain(self, role: str) -> tuple[str, ...]:
        return self.config.roles[role]

    def primary(self, role: str) -> str:
        """The first face of the role's chain that loads (a skipped face is no fallback's yardstick)."""
        self._require(role)
        return next((f for f in self.chain(role) if self._face(f) is not None), self.chain(role)[0])

    def register_pdf(self, face: str) -> str:
        """Register the face with reportlab (once per process) and return its font name."""
        from reportlab.pdfbase import pdfmetrics

        f = self._loaded(face)
        if not f.registered:
            name = f.ttf.fontName
            # Not getFont(): for an unknown name it searches every AFM file on
            # the system (Ghostscript brings hundreds: seconds per face).
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(f.ttf)
            # A name already registered is the same file and subfont: the
            # name carries a digest of both.
            f.registered = name
        return f.registered

    def fingerprint(self) -> str:
        """A digest of what these fonts measure and draw: fonts.yaml and every font file it names that
        is installed (path, size, modification time). A build cache keys its entries by it."""
        h = hashlib.sha256(self.config.path.read_bytes())
        for fid, spec in sorted(self.config.faces.items()):
            try:
                stat = (path := self._find(spec.file)).stat()
                h.update(f"{fid}|{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
            except (_Skip, OSError):
                h.update(f"{fid}|missing".encode())
        return h.hexdigest()

    def cff_sources(self) -> list[tuple[Path, int]]:
        """(file, subfont index) of every face in the config with CFF outlines that is installed:
        what `python -m typeset.tools.warm_fonts` converts ahead of time (`make fonts`)."""
        found = []
        for spec in self.config.faces.values():
            try:
                path = self._find(spec.file)
                index, cff = _pick_subfont(path, spec)
            except _Skip:
                continue
            if cff:
                found.append((path, index))
        return found

    # -- loading -------------------------------------------------------------

    def _require(self, role: str) -> None:
        if role in self._roles:
            return
        if role not in self.config.roles:
            raise fail(f"unknown font role {role!r}", Loc(self.config.path),
                       f"roles in this file: {', '.join(self.config.roles)}")
        if not any(self._face(fid) is not None for fid in self.config.roles[role]):
            chain = self.config.roles[role]
            packages = sorted({self.config.faces[f].package for f in chain if self.config.faces[f].package})
            why = "; ".join(f"{fid}: {self._why.get(fid, '?')}" for fid in chain)
            raise fail(f"font role {role!r}: none of its faces could be loaded ({why})",
                       self.config.role_locs.get(role, Loc(self.config.path)),
                       f"apt-get install {' '.join(packages)}" if packages
                       else "install one of its fonts or put it in the fonts/ folder")
        self._roles.add(role)

    def _loaded(self, fid: str) -> _Face:
        f = self._face(fid) if fid in self.config.faces else None
        if f is None:
            raise KeyError(f"face {fid!r} is not in {self.config.path.name} or could not be opened")
        return f

    def _face(self, fid: str) -> _Face | None:
        if fid in self._faces:
            return self._faces[fid]
        spec = self.config.faces[fid]
        face = None
        try:
            face = self._open(spec)
        except _Skip as e:
            self._why[fid] = str(e)
            self.notes.append(f"font face {fid} ({spec.family}, {spec.file}) skipped: {e}")
        self._faces[fid] = face
        return face

    def _open(self, spec: FaceSpec) -> _Face:
        from . import face_cache

        path = self._find(spec.file)
        cached = face_cache.load(self.cache, spec, path)  # a warm build: no parsing (face_cache.py)
        if cached is not None:
            return _Face(spec, path, *cached)
        face = self._parse(spec, path)
        face_cache.store(self.cache, spec, path, face.index, face.ttf)
        return face

    def _parse(self, spec: FaceSpec, path: Path) -> _Face:
        index, cff = _pick_subfont(path, spec)
        from reportlab.pdfbase.ttfonts import TTFont

        digest = hashlib.sha1(f"{path}#{index}".encode()).hexdigest()[:8]
        source, subfont = path, index
        if cff:
            from .cff import truetype_copy

            try:
                source, subfont = truetype_copy(path, index, self.cache), 0
            except OSError as e:
                raise _Skip(f"cannot convert its CFF outlines into the cache {self.cache}: {e}") from None
            except Exception as e:  # fontTools raises assorted errors on a broken font
                raise _Skip(f"cannot convert the CFF outlines of {path}: {e}") from None
        try:
            ttf = TTFont(f"typeset-{spec.id}-{digest}", str(source), subfontIndex=subfont, validate=0)
        except Exception as e:  # reportlab raises TTFError and assorted struct errors
            raise _Skip(f"reportlab cannot open {source}: {e}") from None
        return _Face(spec, path, index, ttf)

    def _find(self, name: str) -> Path:
        if "/" in name:
            p = Path(name).expanduser()
            p = p if p.is_absolute() else self.config.path.parent / p
            if p.is_file():
                return p
            raise _Skip(f"{p} does not exist")
        if self._index is None:
            self._index = _index_fonts(self.search_dirs)
        p = self._index.get(name) or self._index.get(name.lower())
        if p is None:
            raise _Skip(f"no file {name} in {', '.join(str(d) for d in self.search_dirs)}")
        return p


class _Skip(Exception):
    """A face that cannot be used; becomes a note, not an error."""


def _index_fonts(dirs: Sequence[Path]) -> dict[str, Path]:
    """File name (and its lower-case form) -> first path found, dirs in order, sorted walk."""
    index: dict[str, Path] = {}
    seen: set[str] = set()
    for top in dirs:
        if not top.is_dir():
            continue
        for root, subdirs, files in os.walk(top, followlinks=True):
            real = os.path.realpath(root)
            if real in seen:  # a symlink loop or a folder reached twice
                subdirs[:] = []
                continue
            seen.add(real)
            subdirs.sort()
            for name in sorted(files):
                if name.lower().endswith(FONT_EXTENSIONS):
                    index.setdefault(name, Path(root) / name)
                    index.setdefault(name.lower(), Path(root) / name)
    return index


def _pick_subfont(path: Path, spec: FaceSpec) -> tuple[int, bool]:
    """Index of the (sub)font whose family (nameID 1/16) and style (2/17) match, and whether it is CFF."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    want_family, want_style = spec.family.casefold(), spec.style.casefold()
    found: list[str] = []
    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            coll = TTCollection(str(path), lazy=True)
            fonts, closer = list(coll.fonts), coll
        else:
            font = TTFont(str(path), lazy=True)
            fonts, closer = [font], font
    except (TTLibError, OSError, AssertionError) as e:
        raise _Skip(f"fontTools cannot read {path}: {e}") from None
    try:
        for i, font in enumerate(fonts):
            names = font["name"].names if "name" in font else []
            families = {r.toUnicode() for r in names if r.nameID in (1, 16)}
            styles = {r.toUnicode().casefold() for r in names if r.nameID in (2, 17)}
            found.append(" / ".join(sorted(families)))
            if want_family in {f.casefold() for f in families} and (not want_style or want_style in styles):
                if "glyf" not in font and "CFF " not in font:
                    raise _Skip(f"{path} has neither TrueType nor CFF outlines")
                return i, "glyf" not in font
    finally:
        closer.close()
    style = f" style {spec.style!r}" if spec.style else ""
    raise _Skip(f"{path} has no family {spec.family!r}{style} (it has: {'; '.join(found)})")

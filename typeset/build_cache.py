"""What a build of an issue leaves for the next build of it, so a rebuild redoes only what changed.

A night editor rebuilds the issue every time a late story lands; most of
it is as it was. `typeset watch` keeps its memos in memory between
rebuilds; a nightly job is a new process each time, so this keeps the same
things on disk, in the cache folder (`cache_folder.default_cache()`: $TYPESET_CACHE
or ~/.cache/typeset) under `builds/<issue>/`:

- the composition memo and the page planner's memo (context.py `memo`,
  `plan_memo`): the very `Generations` the watch session passes to
  `lay_out` as its `Session`, so only edited paragraphs are broken again
  and only pages whose stories changed shape are planned again;
- each PDF file the build wrote, with its photo report and preflight
  report, keyed by a digest of everything drawn on it (render/write.py
  asks before drawing), so only files whose pages changed are drawn and
  checked again;
- each photo converted for the press, keyed by the photo file and its crop
  and size, so an unchanged photo is not converted again.

($TYPESET_BUILD_CACHE puts these somewhere else, e.g. a faster disk.)

Every key also holds a digest of typeset's own code, the layout file and
the fonts (fonts.yaml and the font files it names), so a change to any of
them starts afresh rather than reusing what it would have made otherwise.
After a build that succeeds, entries it did not use are dropped: the cache
stays the size of one issue; an issue's cache no build has used for
KEEP_DAYS is removed. A rebuild from the cache gives the bytes a
cold build gives (tests/test_build_cache.py). An unreadable entry is a
miss; a cache that cannot be written is a build without one.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

from .atomic import atomic_write

VERSION = 1
KEEP_DAYS = 14  # a build cache no build has used for this long is removed (yesterday's issues)


def builds_root() -> Path:
    """$TYPESET_BUILD_CACHE, else the cache folder's builds/ ($TYPESET_CACHE or ~/.cache/typeset)."""
    from .cache_folder import default_cache

    given = os.environ.get("TYPESET_BUILD_CACHE")
    return Path(given).expanduser() if given else default_cache() / "builds"


class Generations(dict):
    """This build's entries; a miss falls back to the previous build's and keeps what it finds there."""

    def __init__(self, old: dict | None = None):
        super().__init__()
        self.old = old if old is not None else {}
        self.misses = 0  # what this build had to compute: the measure of "redoes only what changed"

    def get(self, key, default=None):
        if key in self:
            return self[key]
        if key in self.old:
            value = self[key] = self.old[key]
            return value
        self.misses += 1
        return default

    def next(self, ok: bool) -> "Generations":
        """The memo for the next build: after a failed build nothing is dropped."""
        old = dict(self) if ok else {**self.old, **self}
        self.old = {}
        return Generations(old)


# What else decides the bytes: the PDF writer and its accelerator, the photo and PDF libraries, the
# font tables, the word segmenter, and Ghostscript (the ink a page is measured to have).
LIBRARIES = ("reportlab", "rl_accel", "pillow", "pikepdf", "fonttools", "jieba")


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of typeset's code as installed (sources and compiled modules) and of the versions of
    the libraries and Ghostscript it runs with: other code, other output."""
    import shutil
    import subprocess
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(f"{VERSION}".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            h.update(f"{name}=none".encode())
    gs = shutil.which("gs")
    try:
        h.update(subprocess.run([gs, "--version"], capture_output=True, timeout=10).stdout if gs else b"no gs")
    except (OSError, subprocess.SubprocessError):
        h.update(b"gs?")
    package = Path(__file__).resolve().parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".so", ".pxd", ".yaml")):
        h.update(str(path.relative_to(package)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


class BuildCache:
    """A `typeset.Session` whose memos come from the previous build of the issue, and the store of
    its PDF files and converted photos."""

    def __init__(self, issue_dir: Path, fonts_config: Path, *, root: Path | None = None, metrics=None):
        issue_dir = Path(issue_dir).resolve()
        name = hashlib.sha256(str(issue_dir).encode()).hexdigest()[:16]
        self.folder = (Path(root) if root is not None else builds_root()) / f"{issue_dir.name}-{name}"
        self.fonts_config, self.metrics = Path(fonts_config), metrics
        self.namespace = ""
        self.memo, self.plans = Generations(), Generations()
        self.used: set[str] = set()  # file and photo entries this build read or wrote
        self.files_drawn = 0  # PDF files this build had to draw (the rest came from the cache)
        self.work: dict[str, int] = {}  # what the build redid (finish): compositions, page plans, files

    # -- the Session protocol (typeset.lay_out) -------------------------------

    def prepare(self, layout, roles: set[str]):
        """The fonts, and the memos the previous build of this issue left with the same code, layout and fonts."""
        if self.metrics is None:
            from .fonts.fontset import FontSet

            self.metrics = FontSet.load(self.fonts_config, search_dirs=[self.fonts_config.parent], roles=roles)
        fonts = getattr(self.metrics, "fingerprint", None)
        h = hashlib.sha256(code_digest().encode())
        h.update(Path(layout.file).read_bytes())
        h.update((fonts() if fonts else f"{type(self.metrics).__name__}").encode())
        h.update(repr(sorted(roles)).encode())
        self.namespace = h.hexdigest()[:24]
        memos = self._read(f"memos-{self.namespace}")
        if isinstance(memos, tuple) and len(memos) == 2:
            self.memo, self.plans = Generations(memos[0]), Generations(memos[1])
        return self.metrics, self.memo, self.plans

    # -- PDF files and photos (render/write.py) ---------------------------------

    def key(self, *parts) -> str:
        """A content key in this build's namespace."""
        return hashlib.sha256(repr((self.namespace, parts)).encode()).hexdigest()[:32]

    def get(self, key: str):
        value = self._read(key)
        if value is not None:
            self.used.add(key)
        return value

    def put(self, key: str, value) -> None:
        self.used.add(key)
        self._write(key, value)

    def finish(self, ok: bool) -> None:
        """After the build: keep this build's memos, and drop what it did not use (if it succeeded)."""
        self.work = {"paragraphs_composed": self.memo.misses, "page_solves": self.plans.misses,
                     "files_drawn": self.files_drawn}
        self.memo, self.plans = self.memo.next(ok), self.plans.next(ok)
        if not ok or not self.namespace:
            return
        name = f"memos-{self.namespace}"
        self._write(name, (self.memo.old, self.plans.old))
        keep = {f"{k}.pickle" for k in self.used | {name}}
        try:
            for entry in self.folder.iterdir():
                if entry.name.endswith(".pickle") and entry.name not in keep:
                    entry.unlink(missing_ok=True)
            self._drop_stale()
        except OSError:
            pass

    def _drop_stale(self) -> None:
        """Remove the caches of issues no build has used for KEEP_DAYS: a nightly job builds a new
        issue folder every night, and last month's would otherwise stay on the disk for ever."""
        import shutil
        import time

        cutoff = time.time() - KEEP_DAYS * 86400
        for other in self.folder.parent.iterdir():
            if other != self.folder and other.is_dir() and other.stat().st_mtime < cutoff:
                shutil.rmtree(other, ignore_errors=True)

    def _read(self, name: str):
        try:
            with open(self.folder / f"{name}.pickle", "rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
            return None

    def _write(self, name: str, value) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with atomic_write(self.folder / f"{name}.pickle") as out:
                out.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass


def file_stamp(path: Path) -> tuple:
    """What a file drawn on a page is, for a key: its path, size and modification time."""
    try:
        stat = os.stat(path)
        return (str(path), stat.st_size, stat.st_mtime_ns)
    except OSError:
        return (str(path), None, None)

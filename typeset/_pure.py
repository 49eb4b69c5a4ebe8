"""The composer's optional compiled build: which modules, pure mode, and stale builds.

setup.py compiles the modules in COMPILED_MODULES with Cython (pure-Python
mode: the `.py` file is the only source, an optional `.pxd` beside it gives
C types). The compiled `.so` sits next to the `.py` and the import system
prefers it, so two things need care:

* Pure mode, to compare and to debug: with TYPESET_PURE=1 in the environment,
  `typeset/__init__.py` installs `SourceFinder`, which loads these modules
  from their `.py` files even where a `.so` exists, so a traceback, a
  profiler or pdb sees Python code, and tests/test_compiled.py can hold both
  builds to the same output.
* A stale build: a `.so` older than its `.py` or `.pxd` silently shadows the
  edit. `stale_modules()` finds them with a few stat calls, and importing
  typeset warns about them.

This module imports nothing but the standard library: setup.py reads
COMPILED_MODULES from it without importing the package (whose dependencies
may not be installed yet).
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys

COMPILED_MODULES: tuple[str, ...] = tuple(f"typeset.text.{name}" for name in (
    "kp_dp", "rows", "setter", "knuthplass", "junctions", "lines", "compose", "cjk",
    "chars", "latin", "breaks"))

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # holds the typeset package


def source_path(module: str) -> str:
    """The `.py` file of a listed module (typeset.text.cjk -> .../typeset/text/cjk.py)."""
    return os.path.join(_ROOT, *module.split(".")) + ".py"


def compiled_path(module: str) -> str | None:
    """The compiled file that an import of `module` would load, or None if there is none."""
    base = os.path.join(_ROOT, *module.split("."))
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:  # in the order the import system tries them
        if os.path.exists(base + suffix):
            return base + suffix
    return None


class SourceFinder:
    """A meta-path finder that loads the listed modules from their `.py` sources, never a `.so`."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in COMPILED_MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, source_path(fullname))


def install_source_finder() -> None:
    """Put SourceFinder first on sys.meta_path (once), before any listed module is imported."""
    if not any(isinstance(f, SourceFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, SourceFinder())


def compiled_modules() -> list[str]:
    """The listed modules currently imported (in sys.modules) from a compiled file."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return [name for name in COMPILED_MODULES
            if (getattr(sys.modules.get(name), "__file__", None) or "").endswith(suffixes)]


def stale_modules() -> list[str]:
    """The compiled files older than their module's `.py` or `.pxd`: an edit not rebuilt, shadowed by the `.so`.

    Cheap enough for every import of typeset: one listing of the folder,
    then two or three stat calls for each module that has a compiled file.
    """
    stale, listings = [], {}
    for name in COMPILED_MODULES:
        folder, _, base = source_path(name)[:-3].rpartition(os.sep)
        if folder not in listings:
            listings[folder] = set(os.listdir(folder))
        files = listings[folder]
        so = next((base + s for s in importlib.machinery.EXTENSION_SUFFIXES if base + s in files), None)
        if so is None:
            continue
        built = os.stat(os.path.join(folder, so)).st_mtime
        if any(src in files and os.stat(os.path.join(folder, src)).st_mtime > built
               for src in (base + ".py", base + ".pxd")):
            stale.append(os.path.join(folder, so))
    return stale


def warn_if_stale() -> None:
    """Warn, naming the files and the fix, when a compiled module is older than its source."""
    stale = stale_modules()
    if stale:
        import warnings

        files = ", ".join(os.path.relpath(s, _ROOT) for s in stale)
        warnings.warn(f"compiled composer modules older than their .py/.pxd source (the edit is not in effect): "
                      f"{files}; rebuild with `make setup` (or `pip install -e .`), or set TYPESET_PURE=1",
                      RuntimeWarning, stacklevel=3)


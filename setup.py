"""Build typeset, with the text composer compiled by Cython where that can be done.

pyproject.toml holds the project's metadata; this file only adds the
optional extensions. The modules listed in typeset/_pure.py are compiled in
Cython's pure-Python mode: the `.py` file stays the only source, a `.pxd`
beside it (optional) gives C types, and the `.so` built beside the `.py`
(also by `pip install -e .`) shadows it. The build is optional: with
TYPESET_PURE=1 set, without Cython, or without a C compiler and the Python
headers, one line says why and the package installs as pure Python, which
gives the same output, only slower. An error in a module or `.pxd` where a
compiler works fails the build instead: a broken build should not pass
unseen as a pure one.
"""
import functools
import os
import runpy
import shutil
import sysconfig
import tempfile

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
MODULES = runpy.run_path(os.path.join(HERE, "typeset", "_pure.py"))["COMPILED_MODULES"]
DIRECTIVES = {
    "language_level": 3,
    "annotation_typing": False,  # C types come from the .pxd files only: the annotations are not C-safe
    # boundscheck and wraparound stay on: the code indexes from the end (x[-1]).
}
# -ffp-contract=off: C must not fuse a*b+c into one rounding, so the floats match pure Python's bit for bit.
CFLAGS = ["-g0", "-ffp-contract=off"]  # -g0: no debug info, a quicker build; Python's own -O3 stays


def say(message: str) -> None:
    """One line to the build log (`pip install -v` and the Makefile show it)."""
    print(f"typeset: {message}", flush=True)


def cannot_compile(include_dir: str) -> str | None:
    """Why no extension can be built here (no Cython, no C compiler, no Python headers), or None."""
    if os.environ.get("TYPESET_PURE") == "1":
        return "TYPESET_PURE=1 is set"
    try:
        import Cython  # noqa: F401
    except ImportError:
        return "Cython is not installed"
    from distutils.ccompiler import new_compiler
    from distutils.errors import CCompilerError, DistutilsExecError
    from distutils.sysconfig import customize_compiler

    compiler = new_compiler()
    customize_compiler(compiler)
    with tempfile.TemporaryDirectory() as tmp:
        probe = os.path.join(tmp, "probe.c")
        with open(probe, "w") as f:
            f.write("#include <Python.h>\nint main(void) { return 0; }\n")
        try:
            compiler.compile([probe], output_dir=tmp, include_dirs=[include_dir])
        except (CCompilerError, DistutilsExecError, OSError) as err:  # no compiler, or no Python.h
            return f"no working C compiler with the Python headers ({err})"
    return None


class OptionalBuildExt(build_ext):
    """build_ext that cythonizes the composer when it can, and builds nothing (saying why) when it cannot."""

    def finalize_options(self):
        dist = self.distribution
        if not why_pure() and any(src.endswith(".py") for ext in dist.ext_modules for src in ext.sources):
            dist.ext_modules = cythonized(dist.ext_modules)  # before super(): cythonize makes new Extensions
        if self.parallel is None:
            self.parallel = os.cpu_count()  # the C files compile side by side
        super().finalize_options()

    def run(self):
        why = why_pure()
        if why:
            say(f"the text composer stays pure Python: {why}")
            old = [os.path.join(HERE, self.get_ext_filename(ext.name)) for ext in self.extensions]
            old = [f for f in old if self.inplace and os.path.exists(f)]
            for f in old:  # an old build beside the sources would shadow them
                os.remove(f)
            if old:
                say(f"removed the {len(old)} compiled modules of an earlier build")
            self.extensions = []  # nothing built, nothing to install
            return
        say(f"compiling the text composer with Cython ({len(self.extensions)} modules, reusing the unchanged)")
        super().run()

    def build_extension(self, ext):
        """Reuse the `.so` beside the source if it is newer than its C file (and this file).

        An editable install builds in a new temporary folder each time, so
        without this every `pip install -e .` would compile all the modules
        again (about a minute); cythonize rewrites a module's C file when
        its `.py` or `.pxd` changed, so a `.so` newer than it is current.
        """
        built = self.get_ext_fullpath(ext.name)
        beside = os.path.join(HERE, self.get_ext_filename(ext.name))  # the package is in the project folder
        newest = max(os.path.getmtime(f) for f in [*ext.sources, __file__])
        if self.editable_mode and os.path.exists(beside) and os.path.getmtime(beside) > newest:
            self.mkpath(os.path.dirname(built))
            self.copy_file(beside, built)
            return
        super().build_extension(ext)

    def copy_file(self, infile, outfile, *args, **kwargs):
        """Copy by renaming a new file over the old one (distutils writes into it).

        A process that has the old `.so` loaded (tests running while the
        composer is rebuilt) keeps it intact: rewriting it in place could
        crash that process.
        """
        if os.path.isdir(outfile):
            outfile = os.path.join(outfile, os.path.basename(infile))
        tmp = f"{outfile}.{os.getpid()}.tmp"
        shutil.copy2(infile, tmp)  # keeps the time: a reused .so stays as old as its build
        os.replace(tmp, outfile)
        return outfile, True


@functools.cache
def why_pure() -> str | None:
    """cannot_compile(), asked once per process."""
    return cannot_compile(sysconfig.get_paths()["include"])


def cythonized(exts: list[Extension]) -> list[Extension]:
    """The extensions with their .py sources translated to C (only those changed since the last time)."""
    from Cython.Build import cythonize

    try:
        return cythonize(exts, compiler_directives=DIRECTIVES, nthreads=os.cpu_count() or 1, quiet=True)
    except Exception:
        say("Cython could not compile the composer (errors above): fix them, or install with TYPESET_PURE=1")
        raise


def extensions() -> list[Extension]:
    return [Extension(name, [os.path.join(*name.split(".")) + ".py"], extra_compile_args=CFLAGS)
            for name in MODULES]


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})

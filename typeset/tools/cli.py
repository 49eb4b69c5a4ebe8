"""The command line that layout editors and nightly jobs call.

    typeset build ISSUE_DIR... [--out DIR] [--layouts DIR] [--fonts FILE] [--dump FILE] [--jobs N] [--timings]
                               [--no-cache] [--log-json] [--cluster local:N|tcp://HOST:PORT]
    typeset run NIGHT.yaml [--out DIR] [--log FILE] [--jobs N] [--cluster ...]  (run.py: a night's issues)
    typeset preflight FILE.pdf [--pdfx X-1a|X-4] [--ink-limit PCT] [--warn-ppi N] [--min-ppi N] [--no-ink] [--json]
    typeset preview ISSUE_DIR [--page N] [--overlay] [--out DIR]     (preview.py)
    typeset watch ISSUE_DIR [--port N]                               (watch.py)
    typeset check ISSUE_DIR... [--layouts DIR] [--fonts FILE] [--json]

Exit status: 0 built with no text lost; 2 bad input or text that did not
fit, with every reason on stderr as `file:line: level: message` and a
hint; never a traceback for a problem in the input.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import build
from . import check
from .options import add_out, add_sources
from ..errors import BuildError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="typeset", description="Newspaper issues in, print-ready PDF pages out.")
    parser.add_argument("--version", action="version", version=f"typeset {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build an issue folder into PDF pages and a report")
    b.add_argument("issue", type=Path, nargs="+", help="the issue folder(s) (each holding issue.yaml)")
    add_out(b)
    add_sources(b)
    b.add_argument("--dump", type=Path, help="also write the page plans as a text dump to this file (one issue)")
    b.add_argument("--jobs", type=int, help="worker processes (default: one per core): for one issue, to draw and "
                   "preflight its PDF files; for several, to build issues side by side")
    b.add_argument("--no-cache", action="store_true", help="build from scratch: do not reuse or keep what the "
                   "previous build of the issue composed, planned and drew (kept in $TYPESET_CACHE or ~/.cache/typeset)")
    b.add_argument("--timings", action="store_true", help="print the time each stage took (also in timings.json)")
    b.add_argument("--log-json", action="store_true", help="with several issues: one JSON object per event and result")
    b.add_argument("--cluster", help="build on Dask: local:N (a LocalCluster of N workers) or tcp://HOST:PORT (a "
                   "running scheduler); needs pip install 'typeset[cluster]' (tools/cluster.py)")
    _preflight_parser(sub)
    from .preview import add_parser as add_preview  # preview.py, watch.py: parser and handler
    from .watch import add_parser as add_watch

    add_preview(sub)
    add_watch(sub)
    check.add_parser(sub)
    from .run import add_parser as add_run

    add_run(sub)
    args = parser.parse_args(argv)
    if args.command in ("preview", "watch", "run"):
        return args.handler(args)
    if args.command == "preflight":
        return _preflight(args)
    if args.command == "check":
        return check.run(args)

    if len(args.issue) > 1 or args.log_json or args.cluster:
        if args.dump or args.timings:
            parser.error("--dump and --timings take one issue, built without --cluster")
        if args.cluster:
            from .cluster import check_address

            if problem := check_address(args.cluster):
                parser.error(f"--cluster: {problem[0]}; {problem[1]}")
        from .batch import build_many

        return build_many(args.issue, args.out, args.layouts, args.fonts, jobs=args.jobs, log_json=args.log_json,
                          cache=not args.no_cache, cluster=args.cluster)
    args.issue = args.issue[0]
    from ..clock import Clock

    clock = Clock()
    try:
        with _Progress(sys.stderr) as progress:
            built = build(args.issue, args.out, layouts_dir=args.layouts, fonts_config=args.fonts,
                          progress=progress, jobs=args.jobs, clock=clock, cache=not args.no_cache)
    except OSError as err:  # what build() did not turn into a BuildError: still one line, no traceback
        from ..render.publish import output_error

        err = output_error(err, f"build {args.issue}")
        print(err.diagnostics[0].format(), file=sys.stderr)
        print("typeset: 1 error(s); nothing was written", file=sys.stderr)
        return 2
    except BuildError as err:
        for diag in err.diagnostics:
            print(diag.format(), file=sys.stderr)
        errors = sum(1 for d in err.diagnostics if d.level == "error")
        print(f"typeset: {errors} error(s); nothing was written", file=sys.stderr)
        return 2
    for diag in built.diags.warnings:
        print(diag.format(), file=sys.stderr)
    if args.dump:
        from ..render.dump import dump_plans

        args.dump.write_text(dump_plans(built.pages), encoding="utf-8")
    out = args.out / built.issue.name
    jumps = sum(len(a["jumps"]) for a in built.report["articles"].values())
    editions = "".join(f"\n  edition {e.edition}: -> {out / e.edition}/issue.pdf" for e in built.editions)
    print(f"typeset: {len(built.pages)} pages, {jumps} jump(s) -> {out}/issue.pdf{editions}")
    if args.timings:
        print(clock.format(), file=sys.stderr)
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("typeset")
    except PackageNotFoundError:
        return "(not installed)"


class _Progress:
    """The stage a single build is at, on one line of a terminal (off when stderr is not a TTY)."""

    def __init__(self, stream):
        self.stream = stream
        self.live = stream.isatty()
        self.width = 0

    def __call__(self, stage: str) -> None:
        if self.live:
            text = f"typeset: {stage}..."
            self.stream.write("\r" + text.ljust(self.width))
            self.stream.flush()
            self.width = len(text)

    def __enter__(self) -> "_Progress":
        return self

    def __exit__(self, *exc) -> None:
        if self.live and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def _preflight_parser(sub) -> None:
    from ..reading.print_settings import PrintSettings

    d = PrintSettings()
    p = sub.add_parser("preflight", help="check a PDF for the press (PDF/X, fonts, colour, ink, ppi)")
    p.add_argument("pdf", type=Path, nargs="+", help="the PDF file(s) to check")
    p.add_argument("--pdfx", choices=("X-1a", "X-4"), help="demand this PDF/X flavour (default: what the file says)")
    p.add_argument("--ink-limit", type=float, default=d.ink_limit, help=f"total ink limit in %% (default {d.ink_limit:g})")
    p.add_argument("--warn-ppi", type=float, default=d.warn_ppi, help=f"warn below (default {d.warn_ppi:g})")
    p.add_argument("--min-ppi", type=float, default=d.min_ppi, help=f"fail below (default {d.min_ppi:g})")
    p.add_argument("--no-ink", action="store_true", help="skip the Ghostscript ink check")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def _preflight(args) -> int:
    """Exit 0 when every file passes (warnings allowed), 2 when any has an error."""
    import json

    from ..preflight import Limits, preflight

    limits = Limits(ink_limit=args.ink_limit, warn_ppi=args.warn_ppi, min_ppi=args.min_ppi)
    reports = [preflight(path, limits, expect=args.pdfx, ink=not args.no_ink) for path in args.pdf]
    if args.json:
        print(json.dumps([r.as_json() for r in reports], ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print("\n".join(r.format() for r in reports))
    return 0 if all(r.passed for r in reports) else 2


if __name__ == "__main__":
    sys.exit(main())

"""The command line that layout editors and nightly jobs call.

    typeset build ISSUE_DIR [--out DIR] [--layouts DIR] [--fonts FILE] [--dump FILE]

Exit status: 0 built with no text lost; 2 bad input or text that did not
fit, with every reason on stderr as `file:line: level: message` and a
hint; never a traceback for a problem in the input.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import FONTS_CONFIG, LAYOUTS, PROJECT, build
from .errors import BuildError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="typeset", description="Newspaper issues in, print-ready PDF pages out.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build an issue folder into PDF pages and a report")
    b.add_argument("issue", type=Path, help="the issue folder (holding issue.yaml)")
    b.add_argument("--out", type=Path, default=PROJECT / "output", help="output folder (default: output/)")
    b.add_argument("--layouts", type=Path, default=LAYOUTS, help="folder of layout YAML files")
    b.add_argument("--fonts", type=Path, default=FONTS_CONFIG, help="font configuration (fonts/fonts.yaml)")
    b.add_argument("--dump", type=Path, help="also write the page plans as a text dump to this file")
    args = parser.parse_args(argv)

    try:
        built = build(args.issue, args.out, layouts_dir=args.layouts, fonts_config=args.fonts)
    except BuildError as err:
        for diag in err.diagnostics:
            print(diag.format(), file=sys.stderr)
        errors = sum(1 for d in err.diagnostics if d.level == "error")
        print(f"typeset: {errors} error(s); nothing was written", file=sys.stderr)
        return 2
    for diag in built.diags.warnings:
        print(diag.format(), file=sys.stderr)
    if args.dump:
        from .render.dump import dump_plans

        args.dump.write_text(dump_plans(built.pages), encoding="utf-8")
    out = args.out / built.issue.name
    jumps = sum(len(a["jumps"]) for a in built.report["articles"].values())
    print(f"typeset: {len(built.pages)} pages, {jumps} jump(s) -> {out}/issue.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`typeset run NIGHT.yaml`: the night's issues, named in one file, built as one job.

A run file says what a nightly job builds and where it goes, so the job is a
file under version control rather than a shell line:

    issues:                 # issue folders or globs, relative to this file
      - issues/2025-04-15-gongan
      - issues/*-dispatch
    out: output/night       # the output folder (default: output/ in the current folder)
    log: output/night.jsonl # the JSON-lines log every event is appended to (default: OUT/run.jsonl)
    jobs: 4                 # optional: issues side by side in the local process pool
    cluster: local:2        # optional: build on Dask instead (cluster.py)

Flags on the command line override the file. The building itself is
batch.build_many, the same as `typeset build A B`: one failing issue does
not stop the others, and the exit status is 0 only if every issue built.
A bad run file is reported as `file:line: error: ...` with a hint, never
a traceback, and nothing is built.
"""
from __future__ import annotations

import glob
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError, Diagnostics, Loc
from ..reading.yamlsafe import YList, YMap, check_keys, describe, get_int, get_text, load_yaml
from .options import add_sources

KEYS = ("issues", "out", "log", "jobs", "cluster")


@dataclass(frozen=True)
class RunFile:
    """A run file as read: the issue folders in order, and the settings it gives (None: not given)."""

    file: Path
    issues: list[Path]
    out: Path | None
    log: Path | None
    jobs: int | None
    cluster: str | None


def read_run_file(path: Path) -> RunFile:
    """Read and check a run file; every problem in it at once, as one BuildError."""
    path = Path(path)
    if path.is_dir():
        raise BuildError(_diag(f"{path} is a folder, not a run file", Loc(path),
                               "give the NIGHT.yaml file that lists the issues"))
    root = load_yaml(path)
    diags = Diagnostics()
    if not isinstance(root, YMap):
        diags.error(f"a run file is a mapping with 'issues:', not {describe(root)}", Loc(path, 1),
                    "write 'issues:' followed by a list of issue folders, one '- path' a line")
        diags.check()
    check_keys(diags, root, KEYS, path, "the run file")
    base = path.resolve().parent
    issues = _issues(diags, root, path, base)
    out, log = (get_text(diags, root, key, path, "the run file") for key in ("out", "log"))
    jobs = get_int(diags, root, "jobs", path, "the run file", None)
    cluster = get_text(diags, root, "cluster", path, "the run file") or None
    if cluster:
        from .cluster import check_address

        problem = check_address(cluster)
        if problem:
            diags.error(problem[0], Loc(path, root.line_of("cluster")), problem[1])
    diags.check()
    return RunFile(path, issues, base / out if out else None, base / log if log else None, jobs, cluster)


def _diag(message: str, loc: Loc, hint: str):
    from ..errors import Diagnostic

    return Diagnostic("error", message, loc, hint)


def _issues(diags: Diagnostics, root: YMap, path: Path, base: Path) -> list[Path]:
    """The issue folders `issues:` names, globs expanded (sorted), each once, in the order written."""
    items = root.get("issues")
    if isinstance(items, str):
        items = YList([items])
        items.line = root.line_of("issues")
    if not isinstance(items, list) or not items:
        diags.error("the run file names no issues" if items in (None, []) else
                    f"'issues' in the run file must be a list of folders, not {describe(items)}",
                    Loc(path, root.line_of("issues") if "issues" in root else 1),
                    "add 'issues:' followed by one '- path/to/issue-folder' a line (globs such as issues/*-dispatch "
                    "work), relative to the run file")
        return []
    found: dict[Path, None] = {}
    for i, item in enumerate(items):
        loc = Loc(path, items.line_of(i))
        if not isinstance(item, str) or not item.strip():
            diags.error(f"item {i + 1} of 'issues' must be a folder path, not {describe(item)}", loc,
                        "write '- path/to/issue-folder', relative to the run file")
            continue
        pattern = str(base / item.strip())
        matches = sorted(glob.glob(pattern)) if glob.has_magic(item) else [pattern]
        folders = [Path(m) for m in matches if (Path(m) / "issue.yaml").is_file()]
        if not folders:
            what = "matches no issue folder" if glob.has_magic(item) else (
                "is not an issue folder (it has no issue.yaml)" if Path(pattern).is_dir() else "does not exist")
            diags.error(f"'{item}' {what}", loc,
                        f"paths are relative to the run file's folder ({base}); an issue folder holds issue.yaml")
        for folder in folders:
            found.setdefault(folder, None)
    return list(found)


def add_parser(sub) -> None:
    p = sub.add_parser("run", help="build the issues a run file (NIGHT.yaml) names: a log, progress and a summary")
    p.add_argument("night", type=Path, help="the run file: issues:, out:, log: (paths relative to it)")
    p.add_argument("--out", type=Path, help="output folder (overrides out: in the run file; default output/)")
    p.add_argument("--log", type=Path, help="JSON-lines log file (overrides log:; default OUT/run.jsonl)")
    p.add_argument("--jobs", type=int, help="issues built side by side in the local process pool (overrides jobs:)")
    p.add_argument("--cluster", help="build on Dask: local:N (a LocalCluster of N workers) or tcp://HOST:PORT "
                   "(a running scheduler); overrides cluster:. Needs the extra: pip install 'typeset[cluster]'")
    p.add_argument("--no-cache", action="store_true", help="build from scratch (local pool only)")
    p.add_argument("--log-json", action="store_true", help="one JSON object per event on stderr, not the display")
    add_sources(p)
    p.set_defaults(handler=run_command)


def run_command(args, stream=None) -> int:
    """Read the run file, then build its issues (batch.build_many); 2 on a bad run file, nothing built."""
    from .batch import build_many

    stream = stream or sys.stderr
    try:
        night = read_run_file(args.night)
        cluster = args.cluster or night.cluster
        if args.cluster:
            from .cluster import check_address

            problem = check_address(args.cluster)
            if problem:
                raise BuildError(_diag(f"--cluster: {problem[0]}", None, problem[1]))
    except BuildError as err:
        for diag in err.diagnostics:
            print(diag.format(), file=stream)
        print(f"typeset: {len(err.diagnostics)} error(s) in the run; nothing was built", file=stream)
        return 2
    out = args.out or night.out or Path("output")
    log = args.log or night.log or out / "run.jsonl"
    return build_many(night.issues, out, args.layouts, args.fonts, jobs=args.jobs or night.jobs,
                      log_json=args.log_json, stream=stream, cache=not args.no_cache, log=log, cluster=cluster,
                      table=True)

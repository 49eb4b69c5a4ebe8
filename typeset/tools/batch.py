"""Several issues at once: `typeset build A B C [--jobs N] [--log-json]`, for the nightly job.

Each issue builds in its own worker process (one per core by default), so a
night's issues take the time of the longest, not the sum. Workers report
each stage through a queue; on a terminal the parent draws a progress bar
per issue (rich), otherwise it prints plain lines, or one JSON object per
event with `--log-json` for a job's log collector. A worker never lets a
traceback out: an issue that fails is reported with its diagnostics, the
others go on, and the exit status says whether every issue built.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import queue as queue_module
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

STAGES = ("reading", "composing and planning", "drawing", "writing PDFs and preflight", "done")


def _build_one(issue: str, out: str, layouts: str, fonts: str, events, page_jobs: int = 1, cache: bool = True) -> dict:
    """Build one issue in a worker; return its outcome as plain data (never raise)."""
    from .. import build
    from ..errors import BuildError

    started = time.perf_counter()

    def progress(stage: str) -> None:
        events.put({"issue": issue, "stage": stage, "t": round(time.perf_counter() - started, 2)})

    try:
        built = build(Path(issue), Path(out), layouts_dir=Path(layouts), fonts_config=Path(fonts), progress=progress,
                      jobs=page_jobs, cache=cache)
    except BuildError as err:
        return {"issue": issue, "ok": False, "seconds": round(time.perf_counter() - started, 2),
                "diagnostics": [d.format() for d in err.diagnostics]}
    except Exception as exc:  # an engine bug: say so plainly, keep the other issues going
        return {"issue": issue, "ok": False, "seconds": round(time.perf_counter() - started, 2),
                "diagnostics": [f"{issue}: error: internal error {type(exc).__name__}: {exc}\n"
                                "    hint: this is a bug in typeset; please report it with the issue folder"]}
    progress("done")
    jumps = sum(len(a["jumps"]) for a in built.report["articles"].values())
    return {"issue": issue, "ok": True, "seconds": round(time.perf_counter() - started, 2),
            "pages": len(built.pages), "jumps": jumps, "out": str(Path(out) / built.issue.name),
            "diagnostics": [d.format() for d in built.diags.warnings]}


def build_many(issues: list[Path], out: Path, layouts: Path, fonts: Path, *, jobs: int | None = None,
               log_json: bool = False, stream=None, cache: bool = True) -> int:
    """Build every issue; 0 if all built, 2 if any failed (before anything is built when two would
    write the same output folder). The cores left over from the issue workers draw each issue's
    files (render/write.py); `cache`: reuse what each issue's previous build left (build_cache.py)."""
    stream = stream or sys.stderr
    clashes = _same_output(issues)
    if clashes:
        hint = "give the issue folders distinct names, or build them with different --out folders"
        for name, paths in clashes.items():
            message = f"{', '.join(str(p) for p in paths)} would all be written to {Path(out) / name}"
            print(json.dumps({"level": "error", "message": message, "hint": hint}, ensure_ascii=False) if log_json
                  else f"error: {message}\n    hint: {hint}", file=stream)
        if not log_json:
            print("typeset: nothing was built", file=stream)
        return 2
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(issues)))
    names = [str(i) for i in issues]
    fancy = not log_json and stream.isatty()
    manager = multiprocessing.Manager()
    events = manager.Queue()
    results: list[dict] = []
    from ..render.write import die_with_parent

    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=die_with_parent) as pool:
        page_jobs = max(1, (os.cpu_count() or 1) // jobs)
        futures = [pool.submit(_build_one, n, str(out), str(layouts), str(fonts), events, page_jobs, cache)
                   for n in names]
        show = _Bars(names, stream) if fancy else _Lines(stream, log_json)
        while not all(f.done() for f in futures):
            _drain(events, show, timeout=0.1)
        _drain(events, show, timeout=0)
        results = [f.result() for f in futures]
        show.close()
    manager.shutdown()
    for r in results:
        for line in r["diagnostics"]:
            print(json.dumps({"issue": r["issue"], "diagnostic": line}, ensure_ascii=False) if log_json else line,
                  file=stream)
        summary = (f"typeset: {r['issue']}: {r['pages']} pages, {r['jumps']} jump(s) in {r['seconds']} s -> "
                   f"{r['out']}/issue.pdf" if r["ok"] else f"typeset: {r['issue']}: failed; nothing was written")
        if log_json:
            print(json.dumps({k: v for k, v in r.items() if k != "diagnostics"}, ensure_ascii=False), file=stream)
        else:
            print(summary, file=stream)
    failed = sum(1 for r in results if not r["ok"])
    if not log_json:
        print(f"typeset: {len(results) - failed} of {len(results)} issue(s) built with {jobs} job(s)", file=stream)
    return 0 if failed == 0 else 2


def _same_output(issues: list[Path]) -> dict[str, list[Path]]:
    """Issue folders of one batch that share a name (an issue is written to OUT/<its folder's name>)."""
    by_name: dict[str, list[Path]] = {}
    for issue in issues:
        by_name.setdefault(Path(issue).resolve().name, []).append(Path(issue))
    return {name: paths for name, paths in sorted(by_name.items()) if len(paths) > 1}


def _drain(events, show, timeout: float) -> None:
    while True:
        try:
            event = events.get(timeout=timeout) if timeout else events.get_nowait()
        except (queue_module.Empty, EOFError, OSError):
            return
        show.update(event)
        timeout = 0


class _Lines:
    """One line per stage, plain or JSON: what a log file wants."""

    def __init__(self, stream, as_json: bool):
        self.stream, self.as_json = stream, as_json

    def update(self, event: dict) -> None:
        text = json.dumps(event, ensure_ascii=False) if self.as_json else f"{event['issue']}: {event['stage']} ({event['t']} s)"
        print(text, file=self.stream, flush=True)

    def close(self) -> None:
        pass


class _Bars:
    """A rich progress bar per issue, advancing stage by stage."""

    def __init__(self, names: list[str], stream):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("{task.fields[name]}"), BarColumn(), TextColumn("{task.description}"),
                                 TimeElapsedColumn(), console=Console(file=stream))
        self.tasks = {n: self.progress.add_task("waiting", total=len(STAGES), name=Path(n).name) for n in names}
        self.progress.start()

    def update(self, event: dict) -> None:
        stage = event["stage"]
        done = STAGES.index(stage) + 1 if stage in STAGES else 0
        self.progress.update(self.tasks[event["issue"]], completed=done, description=stage)

    def close(self) -> None:
        self.progress.stop()

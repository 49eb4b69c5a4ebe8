"""Several issues at once: `typeset build A B C [--jobs N] [--log-json]` and `typeset run NIGHT.yaml`.

Each issue builds in its own worker process (one per core by default), so a
night's issues take the time of the longest, not the sum; with a cluster
address the issues and their pages run on Dask instead (cluster.py). Either
way every event goes through one sink (run_log.py): the JSON-lines log, the
progress bars on a terminal, plain or JSON lines otherwise. A worker never
lets a traceback out: an issue that fails is reported with its diagnostics,
the others go on, and the exit status says whether every issue built.
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

from .run_log import STAGES, Events, diagnostic_events, summary_table

__all__ = ["build_many", "STAGES", "outcome", "failure"]


def outcome(issue: str, built, out: str, seconds: float) -> dict:
    """A built issue as plain data: what the summary, the log's `done` event and the exit status read."""
    jumps = sum(len(a["jumps"]) for a in built.report["articles"].values())
    return {"issue": issue, "ok": True, "seconds": round(seconds, 2), "pages": len(built.pages), "jumps": jumps,
            "editions": [e.edition for e in built.editions], "out": str(Path(out) / built.issue.name),
            "diagnostics": [d.format() for d in built.diags.warnings]}


def failure(issue: str, exc: BaseException, seconds: float) -> dict:
    """A failed issue as plain data: its diagnostics, or an internal error said plainly (never a traceback)."""
    from ..errors import BuildError

    if isinstance(exc, BuildError):
        lines = [d.format() for d in exc.diagnostics]
    else:  # an engine bug: say so plainly, keep the other issues going
        lines = [f"{issue}: error: internal error {type(exc).__name__}: {exc}\n"
                 "    hint: this is a bug in typeset; please report it with the issue folder"]
    return {"issue": issue, "ok": False, "seconds": round(seconds, 2), "diagnostics": lines}


def page_events(issue: str, built, t: float) -> list[dict]:
    """One `page` event per page planned: its folio, template and articles."""
    return [{"event": "page", "issue": issue, "folio": p["folio"], "template": p["template"],
             "articles": p["articles"], "t": round(t, 2)} for p in built.report["pages"]]


def finished_events(result: dict) -> list[dict]:
    """The last events of an issue: its warnings or errors, then `done` with the result."""
    level = "warning" if result["ok"] else "error"
    done = {"event": "done", **{k: v for k, v in result.items() if k != "diagnostics"}}
    return diagnostic_events(result["issue"], result["diagnostics"], level) + [done]


def _build_one(issue: str, out: str, layouts: str, fonts: str, events, page_jobs: int = 1, cache: bool = True) -> dict:
    """Build one issue in a worker; put its events on `events`; return its outcome as plain data (never raise)."""
    from .. import build

    started = time.perf_counter()

    def progress(stage: str) -> None:
        events.put({"event": "stage", "issue": issue, "stage": stage, "t": round(time.perf_counter() - started, 2)})

    events.put({"event": "start", "issue": issue, "pid": os.getpid()})
    try:
        built = build(Path(issue), Path(out), layouts_dir=Path(layouts), fonts_config=Path(fonts), progress=progress,
                      jobs=page_jobs, cache=cache)
    except Exception as exc:
        result = failure(issue, exc, time.perf_counter() - started)
    else:
        for event in page_events(issue, built, time.perf_counter() - started):
            events.put(event)
        progress("done")
        result = outcome(issue, built, out, time.perf_counter() - started)
    for event in finished_events(result):
        events.put(event)
    return result


def build_many(issues: list[Path], out: Path, layouts: Path, fonts: Path, *, jobs: int | None = None,
               log_json: bool = False, stream=None, cache: bool = True, log: Path | None = None,
               cluster: str | None = None, table: bool = False) -> int:
    """Build every issue; 0 if all built, 2 if any failed (before anything is built when two would
    write the same output folder, or the log cannot be written). The cores left over from the issue
    workers draw each issue's files (render/write.py); `cache`: reuse what each issue's previous build
    left (build_cache.py). `log`: the JSON-lines file every event is appended to; `cluster`: a Dask
    address (cluster.py) instead of the local pool; `table`: a summary table instead of a line an issue."""
    from ..errors import BuildError

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
    names = [str(i) for i in issues]
    started = time.perf_counter()
    try:
        with Events(names, stream, log=log, as_json=log_json) as events:
            if cluster:
                from .cluster import build_on_cluster

                results = build_on_cluster(names, out, layouts, fonts, cluster, events.emit)
                how = f"on {cluster}"
            else:
                jobs = max(1, min(jobs or os.cpu_count() or 1, len(issues)))
                results = _build_on_pool(names, out, layouts, fonts, jobs, cache, events.emit)
                how = f"with {jobs} job(s)"
    except BuildError as err:  # the log file or the cluster: nothing was built
        for diag in err.diagnostics:
            print(json.dumps(diag.as_json(), ensure_ascii=False) if log_json else diag.format(), file=stream)
        if not log_json:
            print("typeset: nothing was built", file=stream)
        return 2
    _report(results, stream, log_json, table, how, time.perf_counter() - started)
    return 0 if all(r["ok"] for r in results) else 2


def _build_on_pool(names: list[str], out: Path, layouts: Path, fonts: Path, jobs: int, cache: bool, emit) -> list[dict]:
    """The default backend: one spawned worker process per issue at a time, events through a queue."""
    from ..render.write import die_with_parent

    manager = multiprocessing.Manager()
    queue = manager.Queue()
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=die_with_parent) as pool:
            page_jobs = max(1, (os.cpu_count() or 1) // jobs)
            futures = [pool.submit(_build_one, n, str(out), str(layouts), str(fonts), queue, page_jobs, cache)
                       for n in names]
            while not all(f.done() for f in futures):
                _drain(queue, emit, timeout=0.1)
            _drain(queue, emit, timeout=0)
            return [f.result() for f in futures]
    finally:
        manager.shutdown()


def _report(results: list[dict], stream, log_json: bool, table: bool, how: str, seconds: float) -> None:
    """After the run: every diagnostic, then a line an issue (or the table), then the count."""
    if log_json:  # the events said it all; a result line an issue for collectors reading stderr
        for r in results:
            for line in r["diagnostics"]:
                print(json.dumps({"issue": r["issue"], "diagnostic": line}, ensure_ascii=False), file=stream)
            print(json.dumps({k: v for k, v in r.items() if k != "diagnostics"}, ensure_ascii=False), file=stream)
        return
    for r in results:
        for line in r["diagnostics"]:
            print(line, file=stream)
    built = sum(1 for r in results if r["ok"])
    if table:
        summary_table(results, stream, f"typeset: {built} of {len(results)} issue(s) built {how} in {seconds:.1f} s")
        return
    for r in results:
        print(f"typeset: {r['issue']}: {r['pages']} pages, {r['jumps']} jump(s) in {r['seconds']} s -> "
              f"{r['out']}/issue.pdf{_editions(r)}" if r["ok"] else f"typeset: {r['issue']}: failed; nothing was written",
              file=stream)
    print(f"typeset: {built} of {len(results)} issue(s) built {how}", file=stream)


def _editions(result: dict) -> str:
    """", editions: a, b" for an issue with regional editions (each in OUT/<issue>/<edition>/)."""
    return f", editions: {', '.join(result['editions'])}" if result.get("editions") else ""


def _same_output(issues: list[Path]) -> dict[str, list[Path]]:
    """Issue folders of one batch that share a name (an issue is written to OUT/<its folder's name>)."""
    by_name: dict[str, list[Path]] = {}
    for issue in issues:
        by_name.setdefault(Path(issue).resolve().name, []).append(Path(issue))
    return {name: paths for name, paths in sorted(by_name.items()) if len(paths) > 1}


def _drain(events, emit, timeout: float) -> None:
    while True:
        try:
            event = events.get(timeout=timeout) if timeout else events.get_nowait()
        except (queue_module.Empty, EOFError, OSError):
            return
        emit(event)
        timeout = 0

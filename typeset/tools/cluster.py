"""A night's builds on Dask (`--cluster local:N | tcp://HOST:PORT`): each issue a small graph of tasks.

    plan (read, compose, plan, draw the display lists)  ->  a task a page: page-NN.pdf drawn, its photos
    converted, preflighted  ->  assemble: issue.pdf from every page, with the photos the page tasks
    converted, preflighted with the ink check  ->  the client writes the files into the issue's staging
    folder and swaps it in (render/publish.py), as a local build; each regional edition (editions.py)
    draws its own pages and issue.pdf the same way, and takes the files of the pages it shares

Report paths name the issue folder as the workers read it: absolute.

An existing engine runs the graph (newspaper-practice.md): a `LocalCluster`
of N worker processes on this machine, or the workers of a running
scheduler. A task is a function of plain data, so a worker that dies takes
nothing with it: the scheduler runs its tasks again elsewhere, and each
task may be retried (`RETRIES`). The files are drawn by render/write.py's
own function from the same display lists and fonts, so their bytes are a
local build's. Workers read the issue folders, layouts and fonts at the
paths the client gives (absolute), so a cluster of several machines needs
them at the same paths (a shared or copied project folder); only the
client writes output.

Dask is an optional extra (`pip install 'typeset[cluster]'`); without it a
`--cluster` run says so and builds nothing.
"""
from __future__ import annotations

import contextlib
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from ..errors import BuildError, Diagnostic

RETRIES = 3  # attempts a task gets again after an error on its worker (a worker that dies is rescheduled too)
CONNECT_TIMEOUT = "5s"  # a scheduler that does not answer by then is reported, not waited for
INSTALL_HINT = "install the cluster extra: pip install 'typeset[cluster]' (Dask distributed), or build without --cluster"
_ADDRESS = re.compile(r"^(local:(?P<n>\d+)|tcp://(?P<host>[^:/\s]+|\[[0-9a-fA-F:]+\]):(?P<port>\d+))$")


def check_address(address: str) -> tuple[str, str] | None:
    """None if `address` is a cluster address; else (what is wrong, how to write one)."""
    m = _ADDRESS.match(address.strip())
    if m and (m["n"] is None or int(m["n"]) >= 1) and (m["port"] is None or 0 < int(m["port"]) < 65536):
        return None
    return (f"'{address}' is not a cluster address",
            "write local:N (a Dask LocalCluster of N workers on this machine) or tcp://HOST:PORT (a running "
            "Dask scheduler, e.g. tcp://10.0.0.5:8786)")


@contextlib.contextmanager
def connect(address: str):
    """A Dask client for `address`: a LocalCluster started (and stopped) here, or a running scheduler."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise BuildError(Diagnostic("error", "--cluster needs Dask, which is not installed", None,
                                    INSTALL_HINT)) from None
    address = address.strip()
    if address.startswith("local:"):
        import logging

        with LocalCluster(n_workers=int(address[6:]), threads_per_worker=1, processes=True, dashboard_address=":0",
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as err:
        raise BuildError(Diagnostic("error", f"cannot reach the Dask scheduler at {address}: {err}", None,
                                    "start it (dask scheduler) or check the address and port")) from None
    with client:
        yield client


def plan_task(issue: str, layouts: str, fonts: str) -> dict:
    """On a worker: lay the issue out (typeset.lay_out); its Built without the fonts, or its failure."""
    from .. import lay_out
    from ..clock import Clock
    from .batch import failure

    started, clock = time.perf_counter(), Clock()
    try:
        built = lay_out(Path(issue), layouts_dir=Path(layouts), fonts_config=Path(fonts), clock=clock)
    except Exception as exc:
        return failure(issue, exc, time.perf_counter() - started)
    roles = sorted(built.layout.font_roles())
    for b in (built, *built.editions):
        b.metrics = None  # the fonts stay on the workers (file_task opens them once a worker)
    return {"ok": True, "built": built, "roles": roles, "stages": dict(clock.seconds)}


def file_task(plan: dict, edition: int, index: int, fonts: str, *pages_done: dict) -> dict:
    """On a worker: draw and preflight file `index` of a planned issue (`edition` -1) or of its regional
    edition number `edition`; its bytes, its reports and the photos it converted. A page file (index >= 1)
    converts its own photos; issue.pdf (0), assembled from every page after their tasks (`pages_done`),
    takes the photos they converted."""
    from ..render.output import pdf_meta
    from ..render.write import write_one

    built = plan["built"] if edition < 0 else plan["built"].editions[edition]
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="typeset-task-"))
    known = {at: photo for done in pages_done if done.get("ok") for at, photo in done["photos"].items()}
    try:
        w, photos = write_one(built.pages, _fonts(fonts, plan["roles"]), folder, built.layout.print_settings,
                              pdf_meta(built.issue), index, known)
        return {"ok": True, "written": w, "data": (folder / w.name).read_bytes(),
                "photos": photos if index else {}, "seconds": time.perf_counter() - started}
    except Exception as exc:
        from .batch import failure

        return failure(str(built.issue.folder), exc, time.perf_counter() - started)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _fonts(config: str, roles: list[str]):
    """The fonts for `roles`, opened once per worker process and kept on the Dask worker for its next tasks."""
    from ..fonts.fontset import FontSet

    try:
        from dask.distributed import get_worker

        kept = get_worker().__dict__.setdefault("typeset_fonts", {})
    except (ImportError, ValueError):  # not on a worker (a direct call): open them for this task only
        kept = {}
    key = (config, tuple(roles))
    if key not in kept:
        kept[key] = FontSet.load(Path(config), search_dirs=[Path(config).parent], roles=roles)
    return kept[key]


def _file_jobs(built) -> list[tuple[int, int]]:
    """The files an issue's tasks draw, as (edition, file index): the base edition's (-1) every file, each
    regional edition's own (its issue.pdf and the pages it does not share with the base)."""
    from ..render.output import shared_files

    jobs = [(-1, i) for i in range(len(built.pages) + 1)]
    for k, e in enumerate(built.editions):
        shared = set(shared_files(e))
        jobs += [(k, i) for i in range(len(e.pages) + 1) if i not in shared]
    return jobs


def _put(folder: Path, files: dict, edition: int, count: int, given: dict) -> list:
    """Write the files of one edition (-1: the base) the workers drew into `folder`; their Written records
    in file order, with `given` (the shared ones, already there) in their places."""
    written = []
    for i in range(count):
        if i in given:
            written.append(given[i])
            continue
        done = files[(edition, i)]
        (folder / done["written"].name).write_bytes(done["data"])
        written.append(done["written"])
    return written


def build_on_cluster(names: list[str], out: Path, layouts: Path, fonts: Path, address: str, emit) -> list[dict]:
    """Build every issue on the cluster at `address`; the outcomes in `names` order (batch.py's plain data)."""
    with connect(address) as client:
        return _Night(client, names, Path(out).resolve(), str(Path(layouts).resolve()), str(Path(fonts).resolve()),
                      emit).run()


class _Night:
    """The client's side: submit each issue's plan, then its file tasks as the plan arrives, write each issue
    as its last file arrives, and say every step through `emit`."""

    def __init__(self, client, names: list[str], out: Path, layouts: str, fonts: str, emit):
        self.client, self.names, self.out, self.layouts, self.fonts, self.emit = client, names, out, layouts, fonts, emit
        self.token = secrets.token_hex(4)
        self.started: dict[str, float] = {}
        self.plans: dict[str, dict] = {}
        self.files: dict[str, dict[tuple[int, int], dict]] = {}  # issue -> (edition, file index) -> its file
        self.results: dict[str, dict] = {}
        self.what: dict[str, tuple] = {}  # task key -> (plan | file, issue, (edition, file index))

    def run(self) -> list[dict]:
        from dask.distributed import as_completed

        from ..render.publish import prepare_out

        prepare_out(self.out)
        tasks = as_completed()
        for name in self.names:
            self.started[name] = time.perf_counter()
            self.emit({"event": "start", "issue": name, "cluster": self.client.scheduler.address})
            self._stage(name, "reading")
            tasks.add(self._submit(("plan", name, (-1, -1)), plan_task, str(Path(name).resolve()), self.layouts, self.fonts))
        for future in tasks:
            kind, name, index = self.what[future.key]
            if name in self.results:
                continue  # the issue failed already
            try:
                value = future.result()
            except Exception as exc:  # the cluster gave up on the task (retries spent, workers lost)
                value = self._failed(name, exc)
            if not value["ok"]:
                self._finish(name, value)
            elif kind == "plan":
                self._planned(name, value, future, tasks)
            else:
                self.files[name][index] = value
                if len(self.files[name]) == len(_file_jobs(self.plans[name]["built"])):
                    self._write(name)
        return [self.results[n] for n in self.names]

    def _submit(self, what: tuple, fn, *args):
        kind, name, (edition, index) = what
        key = f"typeset-{kind}-{self.names.index(name)}-{edition}-{index}-{self.token}"
        self.what[key] = what
        return self.client.submit(fn, *args, key=key, retries=RETRIES, pure=False)

    def _planned(self, name: str, value: dict, future, tasks) -> None:
        from .batch import page_events

        self.plans[name], self.files[name] = value, {}
        for event in page_events(name, value["built"], self._t(name)):
            self.emit(event)
        self._stage(name, "drawing")
        # pages first, each converting its photos; then each edition's issue.pdf from them (plan -> pages ->
        # assemble, each file preflighted in its task)
        pages = {job: self._submit(("file", name, job), file_task, future, *job, self.fonts)
                 for job in _file_jobs(value["built"]) if job[1] > 0}
        for edition in (-1, *range(len(value["built"].editions))):
            before = [f for (e, i), f in pages.items() if e in (-1, edition)]  # an edition shares base pages
            tasks.add(self._submit(("file", name, (edition, 0)), file_task, future, edition, 0, self.fonts, *before))
        for f in pages.values():
            tasks.add(f)

    def _write(self, name: str) -> None:
        """Write the issue's files as a local build does: a staging folder, swapped in whole under its lock."""
        from ..clock import Clock
        from ..render.output import copy_shared, finish_build
        from ..render.publish import locked, new_stage, output_error, swap_in
        from .batch import failure, outcome

        self._stage(name, "writing PDFs and preflight")
        plan, files = self.plans[name], self.files[name]
        built = plan["built"]
        clock = Clock()
        for stage, seconds in plan["stages"].items():
            clock.work(stage, seconds)
        target = self.out / built.issue.name
        try:
            with locked(target):
                stage = new_stage(target)
                try:
                    written = _put(stage, files, -1, len(built.pages) + 1, {})
                    editions = {e.edition: _put(stage / e.edition, files, k, len(e.pages) + 1,
                                                copy_shared(e, written, stage))
                                for k, e in enumerate(built.editions)}
                    finish_build(built, written, stage, target, clock, editions)
                    swap_in(stage, target)
                except OSError as err:
                    raise output_error(err, f"write the build of {built.issue.name} into {target}", target) from None
                finally:
                    shutil.rmtree(stage, ignore_errors=True)
        except Exception as err:  # a BuildError (a preflight error, the disk), or an engine bug said plainly
            self._finish(name, failure(name, err, self._t(name)))
            return
        finally:
            del self.files[name]  # the files' bytes: written, or not to be; no longer held by the client
        self._stage(name, "done")
        self._finish(name, outcome(name, built, str(self.out), self._t(name)))

    def _failed(self, name: str, exc: BaseException) -> dict:
        from .batch import failure

        err = BuildError(Diagnostic("error", f"the cluster could not run a task of {name}: {type(exc).__name__}: "
                                    f"{exc}", None, "check the workers' logs; every worker must reach the issue "
                                    "folder, the layouts and the fonts at the same paths as this machine"))
        return failure(name, err, self._t(name))

    def _finish(self, name: str, result: dict) -> None:
        from .batch import finished_events

        result = {**result, "issue": name, "seconds": round(self._t(name), 2)}
        self.results[name] = result
        for event in finished_events(result):
            self.emit(event)

    def _stage(self, name: str, stage: str) -> None:
        self.emit({"event": "stage", "issue": name, "stage": stage, "t": round(self._t(name), 2)})

    def _t(self, name: str) -> float:
        return time.perf_counter() - self.started[name]

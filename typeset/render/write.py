"""Write a build's PDFs and preflight them: issue.pdf and every page-NN.pdf, on several cores.

Each file is one task: draw it (pdf.py), then preflight it (typeset/preflight).
issue.pdf gets every check, ink included; a page file repeats one of its
pages, so it gets the structural and content checks only, as before. The
tasks are independent, so they run on `jobs` worker processes, forked once
the pages are laid out: a worker starts with the pages, the open fonts and
the converted photos already in its memory, and nothing large is pickled
either way (a task returns its photo report, its preflight report and its
times). Photos are converted for the press first, each once, shared out
among the workers, so no two files' tasks convert the same photo.

Every file is made by the same function from the same data whatever the
job count or which worker takes it, so the bytes are the same with one job
or sixteen (tests/test_write_jobs.py). The results are taken in task order,
so the reports are too. The biggest task (issue.pdf) goes first, so it does
not start last and leave the other cores idle at the end.

With a build cache (build_cache.py, a rebuild), a file whose pages are
drawn as the previous build drew them is taken from the cache with its
reports, and only the others are drawn and checked; likewise photos.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..plan import ImageItem, PagePlan
from ..reading.print_settings import PrintSettings
from .pdf import convert_photos, is_pdf_ad, render_pdf


@dataclass(frozen=True)
class _Job:
    """What every task of one build draws from; a forked worker inherits it (never pickled)."""

    pages: Sequence[PagePlan]
    metrics: object
    stage: Path
    settings: PrintSettings
    meta: dict
    photos: dict
    inks: dict  # page of issue.pdf -> (peak, mean) ink measured before on the same drawing (a rebuild)


@dataclass(frozen=True)
class Written:
    """One file written and preflighted, and what it took."""

    name: str
    photos: list[dict]
    preflight: object  # preflight.Report
    seconds: dict[str, float]  # "write", "preflight"


def file_names(pages: Sequence[PagePlan]) -> list[str]:
    """issue.pdf, then one file per page named by its folio."""
    return ["issue.pdf"] + [f"page-{p.folio:02d}.pdf" for p in pages]


def default_jobs() -> int:
    """Worker processes for a build: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def write_pdfs(pages: Sequence[PagePlan], metrics, stage: Path, settings: PrintSettings, meta: dict,
               jobs: int | None = None, cache=None, clock=None, given: dict[int, Written] | None = None
               ) -> list[Written]:
    """Draw and preflight every file of the build into `stage`; one `Written` per file, in file order.
    `cache`: a build_cache.BuildCache to take unchanged files and photos from, and to keep new ones in.
    `clock` (clock.py): the photos' conversion counts as "photos". `given`: files already in `stage`
    (a regional edition's pages shared with the base edition, output.py), by index, not drawn again."""
    names = file_names(pages)
    done: dict[int, Written] = dict(given or {})
    keys = _file_keys(cache, names, pages, settings, meta) if cache else [None] * len(names)
    for i, key in enumerate(keys):
        if i in done:
            continue
        kept = cache.get(key) if key else None
        if isinstance(kept, tuple) and len(kept) == 4:
            data, photos, report, name = kept
            (Path(stage) / name).write_bytes(data)
            done[i] = Written(name, photos, report, {})
    tasks = [(i, name) for i, name in enumerate(names) if i not in done]
    if tasks:
        with clock.stage("photos") if clock is not None else contextlib.nullcontext():
            photos = _photos(pages if 0 in dict(tasks) else [pages[i - 1] for i, _ in tasks], settings, cache, jobs)
        # A page's ink depends on its drawing only: measured before (its page file's key), not again.
        inks = {k: v for k in range(1, len(names)) if cache and (v := cache.get(cache.key("ink", keys[k])))}
        job = _Job(tuple(pages), metrics, Path(stage), settings, dict(meta), photos, inks)
        for w, (i, name) in zip(_run(job, tasks, jobs), tasks):
            done[i] = w
            if cache is not None:
                cache.files_drawn += 1
                cache.put(keys[i], ((Path(stage) / name).read_bytes(), w.photos, w.preflight, name))
                for ink in w.preflight.ink if i == 0 else ():
                    if "mean" in ink:
                        cache.put(cache.key("ink", keys[ink["page"]]), (ink["max"], ink["mean"]))
    return [done[i] for i in range(len(names))]


def write_one(pages: Sequence[PagePlan], metrics, folder: Path, settings: PrintSettings, meta: dict,
              index: int, photos: dict | None = None) -> tuple[Written, dict]:
    """Draw and preflight file `index` of file_names(pages) into `folder`, alone in this process: what a
    cluster task does (tools/cluster.py). The same function as write_pdfs draws with, so the same bytes.
    `photos`: photos converted before (by the page files' tasks, for issue.pdf), not converted again.
    Returns the file's Written and the converted photos it placed."""
    wanted = pages if index == 0 else [pages[index - 1]]
    converted = _photos(wanted, settings, None, jobs=1, known=photos or {})
    job = _Job(tuple(pages), metrics, Path(folder), settings, dict(meta), converted, {})
    return _write(job, (index, file_names(pages)[index])), converted


def _run(job: _Job, tasks: list[tuple[int, str]], jobs: int | None) -> list[Written]:
    jobs = min(jobs or default_jobs(), len(tasks))
    if jobs <= 1:
        return [_write(job, task) for task in tasks]
    context = multiprocessing.get_context("fork")  # the workers start with the build in memory
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_adopt, initargs=(job,)) as pool:
        return list(pool.map(_write_adopted, tasks))


def _file_keys(cache, names: list[str], pages: Sequence[PagePlan], settings: PrintSettings, meta: dict) -> list[str]:
    """Each file's key: everything that decides its bytes. A page is what it draws (and the files it
    places); issue.pdf is its pages, a page file its page, both with the print settings and the
    document's metadata. Each page is read into its key once (the reading is most of the cost)."""
    from ..build_cache import file_stamp

    common = (_printing(settings), repr(sorted(meta.items())))
    drawn = [cache.key("page", repr((p.folio, p.width, p.height, p.bleed, p.items,
                                     sorted({file_stamp(i.file) for i in p.items if isinstance(i, ImageItem)}))))
             for p in pages]
    return [cache.key("file", name, *common, *(drawn if k == 0 else [drawn[k - 1]])) for k, name in enumerate(names)]


def _printing(settings: PrintSettings) -> str:
    """The print settings as a key: their values and the profile file they name (a printer's new
    profile under the old name separates photos and tags files differently)."""
    from ..build_cache import file_stamp

    return repr((settings, file_stamp(settings.profile)))


def _photos(pages: Sequence[PagePlan], settings: PrintSettings, cache, jobs: int | None, known: dict | None = None
            ) -> dict:
    """Every photo the pages place, converted for the press (pdf.convert_photos), on `jobs` processes:
    from the build cache where the same photo file was converted at the same crop and size before, or
    from `known` (photos converted for the same print settings by another task of the build)."""
    from ..build_cache import file_stamp

    photos: dict = {}
    keys, todo = {}, {}
    for page in pages:
        for item in page.items:
            if isinstance(item, ImageItem) and not is_pdf_ad(item):
                at = (item.file, item.crop, item.frame.w, item.frame.h)
                if at in keys or at in todo or at in photos:
                    continue
                if known and at in known:
                    photos[at] = known[at]
                    continue
                if cache is not None:
                    keys[at] = cache.key("photo", file_stamp(item.file), at[1:], _printing(settings))
                    kept = cache.get(keys[at])
                    if kept is not None:
                        photos[at] = kept
                        continue
                todo[at] = item
    items = list(todo.values())
    jobs = min(jobs or default_jobs(), len(items))
    if jobs <= 1:
        convert_photos(items, settings, photos)
    else:  # the biggest photos are the slow ones: deal them out round the workers
        items.sort(key=lambda i: -_size(i.file))
        chunks = [items[k::jobs] for k in range(jobs)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=die_with_parent) as pool:
            for done in pool.map(convert_photos, chunks, [settings] * jobs, [{}] * jobs):
                photos.update(done)
    for at in todo:
        if cache is not None and isinstance(photos[at][0], bytes):
            cache.put(keys[at], photos[at])
    return photos


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


_ADOPTED: list[_Job] = []  # in a worker process only: the job it was forked with (set by _adopt)


def _adopt(job: _Job) -> None:
    die_with_parent()
    _ADOPTED[:] = [job]


def die_with_parent() -> None:
    """In a worker: be killed when the build that started it dies (Linux prctl PR_SET_PDEATHSIG).

    A build killed on the night (a timeout, kill -9) must not leave workers drawing on into its
    staging folder while the next build clears it; without this they run to the end of their task."""
    import ctypes
    import multiprocessing
    import signal

    # The pid the build had when it started this worker, not os.getppid(): a build killed between the
    # fork and this line has already left the worker to init, whose pid getppid() would then give.
    started_by = multiprocessing.parent_process()
    parent = started_by.pid if started_by is not None else os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the worker still ends once its task is done and it finds the parent gone
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _write_adopted(task: tuple[int, str]) -> Written:
    return _write(_ADOPTED[0], task)


def _write(job: _Job, task: tuple[int, str]) -> Written:
    from ..preflight import Limits, preflight

    index, name = task
    pages = job.pages if index == 0 else [job.pages[index - 1]]
    t = time.perf_counter()
    photos = render_pdf(pages, job.metrics, job.stage / name, settings=job.settings, photo_cache=job.photos,
                        **job.meta)
    drawn = time.perf_counter()
    report = preflight(job.stage / name, Limits.from_settings(job.settings), expect=job.settings.pdfx,
                       ink=(index == 0), tmp_dir=job.stage, measured_before=job.inks)
    return Written(name, photos, report, {"write": drawn - t, "preflight": time.perf_counter() - drawn})

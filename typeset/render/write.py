"""Write a build's PDFs and preflight them: issue.pdf and every page-NN.pdf, on several cores.

Each file is one task: draw it (pdf.py), then preflight it (typeset/preflight).
issue.pdf gets every check, ink included; a page file repeats one of its
pages, so it gets the structural and content checks only, as before. The
tasks are independent, so they run on `jobs` worker processes, forked once
the pages are laid out: a worker starts with the pages, the open fonts and
the converted photos already in its memory, and nothing large is pickled
either way (a task returns its photo report, its preflight report and its
times). Photos are converted for the press once, in the parent, before
the fork, so no two workers convert the same photo.

Every file is made by the same function from the same data whatever the
job count or which worker takes it, so the bytes are the same with one job
or sixteen (tests/test_write_jobs.py). The results are taken in task order,
so the reports are too. The biggest task (issue.pdf) goes first, so it does
not start last and leave the other cores idle at the end.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..plan import PagePlan
from ..print_settings import PrintSettings
from .pdf import prepare_photos, render_pdf


@dataclass(frozen=True)
class _Job:
    """What every task of one build draws from; a forked worker inherits it (never pickled)."""

    pages: Sequence[PagePlan]
    metrics: object
    stage: Path
    settings: PrintSettings
    meta: dict
    photos: dict


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
               jobs: int | None = None) -> list[Written]:
    """Draw and preflight every file of the build into `stage`; one `Written` per file, in file order."""
    photos: dict = {}
    prepare_photos(pages, settings, photos)
    job = _Job(tuple(pages), metrics, Path(stage), settings, dict(meta), photos)
    tasks = list(enumerate(file_names(pages)))
    jobs = min(jobs or default_jobs(), len(tasks))
    if jobs <= 1:
        return [_write(job, task) for task in tasks]
    context = multiprocessing.get_context("fork")  # the workers start with the build in memory
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_adopt, initargs=(job,)) as pool:
        return list(pool.map(_write_adopted, tasks))


_ADOPTED: list[_Job] = []  # in a worker process only: the job it was forked with (set by _adopt)


def _adopt(job: _Job) -> None:
    _ADOPTED[:] = [job]


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
                       ink=(index == 0), tmp_dir=job.stage)
    return Written(name, photos, report, {"write": drawn - t, "preflight": time.perf_counter() - drawn})

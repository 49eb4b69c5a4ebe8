"""Everything a build writes into its staging folder: the PDFs, their preflight, and the reports.

render/publish.py makes the folder a transaction; this fills it. The PDF
files are drawn and preflighted by write.py (on several processes, from the
build cache where a file is as before); a preflight error fails the build
here, before report.json, so the staging folder is dropped and the previous
output stays. timings.json is written last, so it holds the reports' time.
"""
from __future__ import annotations

import copy
import shutil
from dataclasses import replace
from pathlib import Path

from ..preflight import report_build
from ..reports.report import add_print, report_json, timings_json
from ..reports.html import report_html
from .write import write_pdfs


def write_build(built, stage: Path, target: Path, *, jobs: int | None, cache, clock) -> None:
    """Write `built` (a typeset.Built) into `stage`, naming `target` (where it will be) in every message.
    Each regional edition goes into its own folder inside, `<edition>/`: the page files it shares with the
    base edition copied (the same bytes, drawn once), its own pages and its issue.pdf drawn."""
    meta = pdf_meta(built.issue)
    settings = built.layout.print_settings
    with clock.stage("write+preflight"):
        written = write_pdfs(built.pages, built.metrics, stage, settings, meta, jobs, cache, clock)
        editions = {}
        for e in built.editions:
            given = copy_shared(e, written, stage)
            editions[e.edition] = write_pdfs(e.pages, built.metrics, stage / e.edition, settings, meta, jobs, cache,
                                             clock, given)
    finish_build(built, written, stage, target, clock, editions)


def pdf_meta(issue) -> dict:
    """The PDF files' document metadata: the same for every backend that draws them."""
    return dict(title=f"{issue.publication} {issue.date.isoformat()}", created=issue.date)


def shared_files(edition) -> list[int]:
    """The files (indexes into write.file_names) of an edition that are the base edition's own: the page
    files of the pages it shares (its issue.pdf, all its pages in one, is always its own)."""
    return [k + 1 for k, page in enumerate(edition.pages) if page.folio in edition.shared]


def copy_shared(edition, written: list, stage: Path) -> dict:
    """Make the edition's folder in `stage` and copy into it the base edition's files it shares (already in
    `stage`); their Written records, by file index, for write_pdfs(given=...)."""
    folder = stage / edition.edition
    folder.mkdir()
    given = {}
    for i in shared_files(edition):
        w = written[i]
        shutil.copyfile(stage / w.name, folder / w.name)
        given[i] = replace(w, preflight=copy.copy(w.preflight))  # report_build names each copy's own folder
    return given


def finish_build(built, written: list, stage: Path, target: Path, clock, editions: dict | None = None) -> None:
    """The rest of a build once its PDFs are in `stage` (drawn here, or on a cluster and written by the
    client, tools/cluster.py): the preflight verdict, then report.json and report.html, for the base
    edition and each regional edition (`editions`: its name -> its Written files); timings.json last."""
    _finish_one(built, written, stage, target, clock)
    for e in built.editions:
        _finish_one(e, editions[e.edition], stage / e.edition, target / e.edition, clock)
        (stage / e.edition / "timings.json").write_text(timings_json(e.pages, None), encoding="utf-8")
    (stage / "timings.json").write_text(timings_json(built.pages, clock), encoding="utf-8")


def _finish_one(built, written: list, stage: Path, target: Path, clock) -> None:
    for w in written:
        for name, seconds in w.seconds.items():
            clock.work(name, seconds)
    reports = [w.preflight for w in written]
    report_build(reports, target, built.diags)
    with clock.stage("report"):
        add_print(built.report, written[0].photos, reports, built.diags)
        built.diags.check()  # a preflight error: the staging folder goes, the old output stays
        (stage / "report.json").write_text(report_json(built.report), encoding="utf-8")
        (stage / "report.html").write_text(report_html(built.report, built.pages, target / "preview"),
                                           encoding="utf-8")

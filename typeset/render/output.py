"""Everything a build writes into its staging folder: the PDFs, their preflight, and the reports.

render/publish.py makes the folder a transaction; this fills it. The PDF
files are drawn and preflighted by write.py (on several processes, from the
build cache where a file is as before); a preflight error fails the build
here, before report.json, so the staging folder is dropped and the previous
output stays. timings.json is written last, so it holds the reports' time.
"""
from __future__ import annotations

from pathlib import Path

from ..preflight import report_build
from ..reports.report import add_print, report_json, timings_json
from ..reports.html import report_html
from .write import write_pdfs


def write_build(built, stage: Path, target: Path, *, jobs: int | None, cache, clock) -> None:
    """Write `built` (a typeset.Built) into `stage`, naming `target` (where it will be) in every message."""
    meta = pdf_meta(built.issue)
    with clock.stage("write+preflight"):
        written = write_pdfs(built.pages, built.metrics, stage, built.layout.print_settings, meta, jobs, cache, clock)
    finish_build(built, written, stage, target, clock)


def pdf_meta(issue) -> dict:
    """The PDF files' document metadata: the same for every backend that draws them."""
    return dict(title=f"{issue.publication} {issue.date.isoformat()}", created=issue.date)


def finish_build(built, written: list, stage: Path, target: Path, clock) -> None:
    """The rest of a build once its PDFs are in `stage` (drawn here, or on a cluster and written by the
    client, tools/cluster.py): the preflight verdict, then report.json, report.html, timings.json."""
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
    (stage / "timings.json").write_text(timings_json(built.pages, clock), encoding="utf-8")

"""The PDF files are drawn and preflighted on several processes (render/write.py): the same bytes
whatever the job count, the same reports, and the time of every stage in timings.json."""
import json
from pathlib import Path

import pytest

from conftest import have
from typeset import build
from typeset.tools.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2025-04-15-gongan"


@pytest.mark.skipif(not have("gs"), reason="Ghostscript not installed")
def test_the_files_are_the_same_with_one_job_or_three(tmp_path, real_fonts):
    one = build(SAMPLE, tmp_path / "one", metrics=real_fonts, jobs=1)
    three = build(SAMPLE, tmp_path / "three", metrics=real_fonts, jobs=3)
    a, b = tmp_path / "one" / SAMPLE.name, tmp_path / "three" / SAMPLE.name
    pdfs = sorted(p.name for p in a.glob("*.pdf"))
    assert pdfs == ["issue.pdf"] + [f"page-{p.folio:02d}.pdf" for p in one.pages]
    assert pdfs == sorted(p.name for p in b.glob("*.pdf"))
    for name in pdfs + ["report.json"]:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert one.report["preflight"] == three.report["preflight"]
    assert all(r["passed"] for r in three.report["preflight"].values())


def test_timings_name_every_stage(tmp_path, real_fonts, capsys):
    out = tmp_path / "out"
    assert main(["build", str(SAMPLE), "--out", str(out), "--timings", "--jobs", "2"]) == 0
    timings = json.loads((out / SAMPLE.name / "timings.json").read_text(encoding="utf-8"))
    stages = timings["stages_s"]
    assert {"read", "fonts", "compose", "plan", "draw", "write+preflight", "report"} <= set(stages)
    assert set(timings["work_s"]) == {"write", "preflight"} and timings["work_s"]["write"] > 0
    # exclusive times: the stages add up to at most the whole build
    assert 0 < sum(stages.values()) <= timings["total_s"] + 1e-3
    assert "typeset: timings (s): read" in capsys.readouterr().err


ORPHAN = """
import multiprocessing, os, sys, time
from pathlib import Path
from typeset.render.write import die_with_parent

def worker(marker):
    time.sleep(0.5)  # the build that started this worker is killed meanwhile
    die_with_parent()
    Path(marker).write_text("drew on")

if __name__ == "__main__":
    multiprocessing.get_context("fork").Process(target=worker, args=(sys.argv[1],)).start()
    os._exit(0)  # the parent dies at once, before the worker asks to die with it
"""


def test_a_worker_whose_build_died_before_it_started_does_not_draw_on(tmp_path):
    """The race behind a killed build's orphaned workers: a build killed between forking a worker and
    the worker's die_with_parent() has already handed the worker to init. It must notice the build it
    was started by is gone (multiprocessing.parent_process(), not getppid(), which now names init) and
    end, not wait forever for tasks or draw on into a staging folder."""
    import subprocess
    import sys
    import time

    script, marker = tmp_path / "orphan.py", tmp_path / "marker"
    script.write_text(ORPHAN, encoding="utf-8")
    subprocess.run([sys.executable, str(script), str(marker)], check=True, cwd=Path(__file__).parent.parent)
    time.sleep(1.5)
    assert not marker.exists()

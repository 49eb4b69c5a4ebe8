"""`make bench`, nightly-run part: 20 issues built by `typeset run` on a Dask `local:2` against the local pool.

The night is 20 issue folders, copies of the two samples (ten each, under
distinct names) in a temporary folder, named by one run file. Both sides run
as the nightly job runs them, a fresh process each, `--no-cache` (a cluster
build never reads the build cache, so neither side does), into their own
output folders:

- the local pool: `typeset run NIGHT.yaml` (one worker process per core,
  the default backend);
- Dask: `typeset run NIGHT.yaml --cluster local:2`, a LocalCluster of two
  worker processes started for the run (its start counts), each issue a plan
  task and a task per file (tools/cluster.py).

Rounds alternate the two sides; the medians and their ratio, measured in
the same run, are printed. The outputs of both are compared byte for byte
(the PDFs), so the bench also says the cluster builds what the pool builds.
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import PROJECT

ISSUES = 20
SAMPLES = ("2025-04-15-gongan", "2024-11-05-dispatch")


def make_night(folder: Path, count: int = ISSUES) -> Path:
    """`count` copies of the samples under `folder`/issues, and the run file naming them all."""
    for k in range(count):
        name = SAMPLES[k % len(SAMPLES)]
        shutil.copytree(PROJECT / "issues" / name, folder / "issues" / f"{name}-{k:02d}")
    night = folder / "NIGHT.yaml"
    night.write_text("issues: [issues/*]\n", encoding="utf-8")
    return night


def run_once(night: Path, out: Path, cluster: str | None) -> float:
    """Seconds of one `typeset run` in a fresh process; a failed run stops the bench with its output."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "typeset", "run", str(night), "--out", str(out), "--log", str(out) + ".jsonl",
           "--no-cache"] + (["--cluster", cluster] if cluster else [])
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        sys.exit(f"bench_run: {' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return seconds


def same_pdfs(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob("*.pdf"))
    return bool(files) and files == sorted(p.relative_to(b) for p in b.rglob("*.pdf")) and all(
        (a / f).read_bytes() == (b / f).read_bytes() for f in files)


def main(rounds: int = 2, cluster: str = "local:2") -> int:
    with tempfile.TemporaryDirectory(prefix="typeset-bench-run-") as tmp:
        tmp = Path(tmp)
        night = make_night(tmp)
        pool, dask = [], []
        for r in range(rounds):
            sides = [("pool", None, pool), ("dask", cluster, dask)]
            for name, where, times in sides if r % 2 == 0 else reversed(sides):
                times.append(run_once(night, tmp / f"out-{name}", where))
        same = same_pdfs(tmp / "out-pool", tmp / "out-dask")
    p, d = statistics.median(pool), statistics.median(dask)
    print(f"run of {ISSUES} issues (the samples x{ISSUES // len(SAMPLES)}, --no-cache, fresh processes, "
          f"median of {rounds}): local pool {p:.1f} s ({ISSUES / p:.2f} issues/s), Dask {cluster} {d:.1f} s "
          f"({ISSUES / d:.2f} issues/s); Dask/pool time ratio {d / p:.2f}; same PDFs: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

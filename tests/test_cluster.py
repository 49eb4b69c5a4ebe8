"""Builds on Dask (tools/cluster.py): a real scheduler and workers on 127.0.0.1, started by the venv's
`dask scheduler` / `dask worker` commands in this test's own processes and torn down after. The files
built through them are byte for byte the files of a local build, also when a worker is killed mid-run."""
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from minissue import write_issue
from typeset.tools.cli import main

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed (pip install -e '.[cluster]')")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("2025-04-15-gongan", "2024-11-05-dispatch")
EDITIONS = "2025-04-15-gongan-editions"  # two regional editions replacing its page 5
DASK = Path(sys.executable).parent / "dask"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_worker(address: str, name: str, folder: Path) -> subprocess.Popen:
    """A worker without a nanny: the process started here is the worker, so killing it kills the worker."""
    return subprocess.Popen([str(DASK), "worker", address, "--name", name, "--nthreads", "1", "--no-nanny",
                             "--no-dashboard", "--local-directory", str(folder / name)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(processes: list[subprocess.Popen]) -> None:
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A scheduler and two workers on 127.0.0.1: (address, a client to watch them, folder, processes)."""
    folder = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    processes = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                   "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)]
    try:
        processes += [_start_worker(address, f"worker-{k}", folder) for k in (1, 2)]
        watcher = distributed.Client(address, timeout="30s")
        watcher.wait_for_workers(2, timeout=60)
        yield address, watcher, folder, processes
        watcher.close()
    finally:
        _stop(processes)


def _same_files(a: Path, b: Path, copied_from: Path | None = None) -> None:
    """The same PDF files and report.json in two output folders (`b` built from a copy of `a`'s issue
    at `copied_from`: its report names the copy's folder, put back before comparing)."""
    names = sorted(p.name for p in a.iterdir() if p.suffix == ".pdf")
    assert names and names == sorted(p.name for p in b.iterdir() if p.suffix == ".pdf")
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{b.name}/{name} differs"
    report = (b / "report.json").read_text(encoding="utf-8")
    if copied_from is not None:
        report = report.replace(str(copied_from), str(ROOT / "issues" / a.name))
        report = report.replace(f'"issue": "{b.name}"', f'"issue": "{a.name}"')
    assert (a / "report.json").read_text(encoding="utf-8") == report, f"{b.name}/report.json differs"


def test_both_samples_and_the_editions_built_on_the_scheduler_are_the_local_bytes(scheduler, built_samples,
                                                                                 tmp_path, capsys):
    from typeset import build

    address, watcher, _, _ = scheduler
    build(ROOT / "issues" / EDITIONS, tmp_path / "local")
    out = tmp_path / "cluster"
    code = main(["build", *(str(ROOT / "issues" / s) for s in (*SAMPLES, EDITIONS)), "--cluster", address,
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert f"3 of 3 issue(s) built on {address}" in capsys.readouterr().err
    for name in SAMPLES:
        _same_files(built_samples[name][0], out / name)
        assert not list(out.glob(f".{name}.staging-*"))  # written through a staging folder, swapped in
    for folder in ("", "shijiazhuang", "handan"):  # the base edition and each regional edition
        _same_files(tmp_path / "local" / EDITIONS / folder, out / EDITIONS / folder)
    # the pages ran as tasks on both workers, not in this process
    assert len(watcher.scheduler_info()["workers"]) == 2


def test_a_worker_killed_mid_run_still_ends_in_a_complete_identical_build(scheduler, built_samples, tmp_path, capsys):
    address, watcher, folder, processes = scheduler
    victim = _start_worker(address, "victim", folder)
    processes.append(victim)  # torn down with the others if the test fails before killing it
    watcher.wait_for_workers(3, timeout=60)
    victim_address = next(a for a, w in watcher.scheduler_info()["workers"].items() if w["name"] == "victim")
    issues = tmp_path / "issues"  # four issues, so that every worker gets tasks
    for name in SAMPLES:
        for copy in (name, f"{name}-b"):
            shutil.copytree(ROOT / "issues" / name, issues / copy)
    out, log = tmp_path / "out", tmp_path / "night.jsonl"
    (tmp_path / "NIGHT.yaml").write_text(f"issues: [issues/*]\nout: out\nlog: night.jsonl\ncluster: {address}\n")
    codes = []
    run = threading.Thread(target=lambda: codes.append(main(["run", str(tmp_path / "NIGHT.yaml")])))
    run.start()
    killed_with = None
    deadline = time.monotonic() + 120
    while run.is_alive() and time.monotonic() < deadline:
        busy = watcher.processing(workers=[victim_address]).get(victim_address, ())
        if busy:  # the victim is running a task of the night: kill it now
            killed_with = list(busy)
            victim.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    run.join(timeout=300)
    assert killed_with, "the victim worker never got a task"
    assert victim.wait(timeout=10) == -signal.SIGKILL
    assert codes == [0], capsys.readouterr().err
    for name in SAMPLES:
        for copy in (name, f"{name}-b"):
            _same_files(built_samples[name][0], out / copy, copied_from=issues / copy)
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert sum(1 for e in events if e["event"] == "done" and e["ok"]) == 4


def test_a_run_on_a_local_cluster_is_the_local_build(tmp_path, capsys):
    issue = write_issue(tmp_path / "issues")
    assert main(["build", str(issue), "--out", str(tmp_path / "local"), "--no-cache"]) == 0
    assert main(["build", str(issue), "--out", str(tmp_path / "dask"), "--cluster", "local:2", "--log-json"]) == 0
    _same_files(tmp_path / "local" / "mini", tmp_path / "dask" / "mini")
    done = [json.loads(line) for line in capsys.readouterr().err.splitlines() if '"event": "done"' in line]
    assert done and done[0]["ok"] and done[0]["pages"] == 2


def test_a_scheduler_that_is_not_there_is_a_clear_error(tmp_path, capsys):
    issue = write_issue(tmp_path / "issues")
    address = f"tcp://127.0.0.1:{_free_port()}"
    assert main(["build", str(issue), "--out", str(tmp_path / "out"), "--cluster", address]) == 2
    err = capsys.readouterr().err
    assert f"cannot reach the Dask scheduler at {address}" in err and "hint:" in err and "Traceback" not in err
    assert "nothing was built" in err and not (tmp_path / "out" / "mini").exists()


def test_without_dask_the_cluster_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    issue = write_issue(tmp_path / "issues")
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import dask.distributed now fails
    assert main(["build", str(issue), "--out", str(tmp_path / "out"), "--cluster", "local:1"]) == 2
    err = capsys.readouterr().err
    assert "--cluster needs Dask, which is not installed" in err and "pip install 'typeset[cluster]'" in err
    assert "Traceback" not in err


def test_a_bad_cluster_address_is_refused_before_anything_runs(tmp_path, capsys):
    issue = write_issue(tmp_path / "issues")
    with pytest.raises(SystemExit):
        main(["build", str(issue), "--cluster", "127.0.0.1:8786"])
    assert "is not a cluster address" in capsys.readouterr().err

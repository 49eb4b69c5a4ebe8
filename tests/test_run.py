"""`typeset run NIGHT.yaml` (tools/run.py): a night's issues from a run file, a JSON-lines log of every
event, a summary table, exit 0 only when every issue built; a bad run file is a clear error, not a traceback."""
import json
from pathlib import Path

from minissue import write_issue
from typeset.tools.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("2025-04-15-gongan", "2024-11-05-dispatch")


def _bad_issue(root: Path) -> Path:
    bad = write_issue(root).rename(root / "mini-bad")
    (bad / "issue.yaml").write_text((bad / "issue.yaml").read_text(encoding="utf-8").replace("layout:", "layuot:"),
                                    encoding="utf-8")
    return bad


def test_a_night_builds_the_good_issues_logs_every_event_and_fails_for_the_bad_one(tmp_path, capsys):
    _bad_issue(tmp_path / "night" / "incoming")
    night = tmp_path / "night" / "NIGHT.yaml"
    night.write_text("issues:\n" + "".join(f"  - {ROOT / 'issues' / s}\n" for s in SAMPLES) +
                     "  - incoming/*-bad\nout: from-the-file\nlog: logs/night.jsonl\n", encoding="utf-8")
    out = tmp_path / "out"  # --out overrides out: in the file; log: stays, relative to the file
    # --no-cache: the samples' cache entries stay cold for the tests that time a cold build (test_write_jobs.py)
    code = main(["run", str(night), "--out", str(out), "--jobs", "2", "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2  # one issue failed
    for name in SAMPLES:  # ... and the others were built all the same
        assert (out / name / "issue.pdf").stat().st_size > 0 and (out / name / "report.json").exists()
    assert not (out / "mini-bad").exists() and not (tmp_path / "night" / "from-the-file").exists()
    events = [json.loads(line) for line in (tmp_path / "night" / "logs" / "night.jsonl").read_text().splitlines()]
    issues = [str(ROOT / "issues" / s) for s in SAMPLES] + [str(tmp_path / "night" / "incoming" / "mini-bad")]
    for issue in issues:
        mine = [e for e in events if e["issue"] == issue]
        assert mine[0]["event"] == "start" and mine[-1]["event"] == "done"
        assert all("time" in e for e in mine) and mine[-1]["seconds"] >= 0
    done = {e["issue"]: e for e in events if e["event"] == "done"}
    assert [done[i]["ok"] for i in issues] == [True, True, False]
    assert all(done[i]["seconds"] > 0 and done[i]["pages"] >= 2 for i in issues[:2])
    pages = [e for e in events if e["event"] == "page" and e["issue"] == issues[0]]
    assert [p["folio"] for p in pages] == [4, 5, 6, 7] and all(p["articles"] for p in pages)
    assert any(e["event"] == "error" and "layuot" in e["diagnostic"] for e in events)
    assert any(e["event"] == "warning" and e["issue"] == issues[0] for e in events)
    # the summary table: a row an issue, the failed one marked
    assert "2 of 3 issue(s) built" in err and "FAILED" in err and "mini-bad" in err
    assert sum(1 for line in err.splitlines() if " built " in line and "│" in line) == 2


def _run_file(tmp_path: Path, text: str, capsys) -> tuple[int, str]:
    night = tmp_path / "NIGHT.yaml"
    night.write_text(text, encoding="utf-8")
    code = main(["run", str(night), "--out", str(tmp_path / "out")])
    return code, capsys.readouterr().err


def test_a_bad_run_file_names_its_file_and_line_and_builds_nothing(tmp_path, capsys):
    good = write_issue(tmp_path / "issues")
    code, err = _run_file(tmp_path, f"issues:\n  - {good}\n  - missing/folder\n  - nothing/*\n"
                                    "outt: elsewhere\ncluster: lokal:2\n", capsys)
    assert code == 2 and "Traceback" not in err
    night = tmp_path / "NIGHT.yaml"
    assert f"{night}:3: error: 'missing/folder' does not exist" in err
    assert f"{night}:4: error: 'nothing/*' matches no issue folder" in err
    assert f"{night}:5: error: unknown key 'outt'" in err and "did you mean 'out'?" in err
    assert f"{night}:6: error: 'lokal:2' is not a cluster address" in err and "tcp://HOST:PORT" in err
    assert "hint:" in err and "nothing was built" in err
    assert not (tmp_path / "out").exists()


def test_a_run_file_that_is_not_yaml_or_names_no_issues_or_not_a_folder(tmp_path, capsys):
    code, err = _run_file(tmp_path, "issues: [a, b\n", capsys)
    assert code == 2 and "NIGHT.yaml:2: error: invalid YAML" in err and "Traceback" not in err
    code, err = _run_file(tmp_path, "out: x\n", capsys)
    assert code == 2 and "the run file names no issues" in err and "hint: add 'issues:'" in err
    (tmp_path / "plain").mkdir()
    code, err = _run_file(tmp_path, "issues: plain\n", capsys)
    assert code == 2 and "'plain' is not an issue folder (it has no issue.yaml)" in err
    assert main(["run", str(tmp_path / "absent.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_a_log_file_that_cannot_be_written_fails_before_building(tmp_path, capsys):
    good = write_issue(tmp_path / "issues")
    (tmp_path / "blocker").write_text("a file, not a folder")
    code, err = _run_file(tmp_path, f"issues: [{good}]\nlog: blocker/night.jsonl\n", capsys)
    assert code == 2 and "cannot write the log file" in err and "nothing was built" in err
    assert not (tmp_path / "out" / "mini").exists()

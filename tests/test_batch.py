"""Batch builds: several issues in worker processes, a failure reported without stopping the others."""
import json
from pathlib import Path

from minissue import write_issue
from typeset.tools.cli import main


def test_several_issues_build_in_parallel_and_a_failure_is_reported(tmp_path, capsys):
    good = write_issue(tmp_path / "a")
    bad = write_issue(tmp_path / "b").rename(tmp_path / "b" / "mini-bad")  # distinct names: distinct folders
    (bad / "issue.yaml").write_text((bad / "issue.yaml").read_text(encoding="utf-8").replace("layout:", "layuot:"),
                                    encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", str(good), str(bad), "--out", str(out), "--jobs", "2", "--log-json"])
    assert code == 2  # not every issue built
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    results = {r["issue"]: r for r in lines if "ok" in r}
    assert results[str(good)]["ok"] and results[str(good)]["pages"] >= 1
    assert not results[str(bad)]["ok"]
    assert any("layuot" in e.get("diagnostic", "") for e in lines)  # the bad issue's reason, as JSON
    stages = [e["stage"] for e in lines if e.get("issue") == str(good) and "stage" in e]
    assert stages[0] == "reading" and stages[-1] == "done"
    assert (out / "mini" / "issue.pdf").exists()


def test_plain_lines_when_not_on_a_terminal(tmp_path, capsys):
    import shutil

    good = write_issue(tmp_path / "a")
    other = Path(shutil.copytree(good, tmp_path / "other"))
    assert main(["build", str(good), str(other), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert f"{good}: reading" in err and "2 of 2 issue(s) built with 1 job(s)" in err

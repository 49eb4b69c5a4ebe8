"""`typeset check`: every problem of an issue at once, in `file:line: level: message` form, no PDF written."""
import json
import shutil

from conftest import ISSUES
from typeset import LAYOUTS
from typeset.tools.check import check_issue, format_result
from typeset.tools.cli import main


def broken_issue(tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(ISSUES / "2025-04-15-gongan", folder)
    cansi = folder / "articles" / "cansi.md"
    cansi.write_text(cansi.read_text(encoding="utf-8").replace("headline:", "headlin:", 1), encoding="utf-8")
    mala = folder / "articles" / "malasong.md"
    mala.write_text(mala.read_text(encoding="utf-8").replace("priority: 2", "priority: high"), encoding="utf-8")
    dafeng = folder / "articles" / "dafeng.md"
    dafeng.write_text(dafeng.read_text(encoding="utf-8") + "\n陈\U0003134A\n", encoding="utf-8")
    return folder


def test_a_good_issue_is_ready_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "good"
    shutil.copytree(ISSUES / "2024-11-05-dispatch", folder)
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "2 pages planned, 0 error(s)" in out and "ready to build" in out
    assert not (folder / "output").exists() and not list(folder.rglob("*.pdf"))


def test_every_problem_at_once(tmp_path, capsys):
    folder = broken_issue(tmp_path)
    result = check_issue(folder)
    messages = [d.format() for d in result.diagnostics]
    text = "\n".join(messages)
    assert result.errors >= 4
    assert "cansi.md:3: error: unknown key 'headlin'" in text and "did you mean 'headline'" in text
    assert "malasong.md:3: error: 'priority'" in text
    # the missing glyph is found although the issue's format errors stop a build before composing
    assert "dafeng.md:" in text and "U+3134A" in text
    assert main(["check", str(folder)]) == 2
    out = capsys.readouterr().out
    assert out.count(": error: ") == result.errors and "not buildable" in out


def test_a_broken_layout_is_reported_beside_a_broken_issue(tmp_path):
    folder = broken_issue(tmp_path)
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    zh = (LAYOUTS / "tabloid-zh.yaml").read_text(encoding="utf-8").replace("  bleed: 3mm", "  bleed: lots", 1)
    (layouts / "tabloid-zh.yaml").write_text(zh, encoding="utf-8")
    text = format_result(check_issue(folder, layouts_dir=layouts))
    assert "tabloid-zh.yaml:" in text and "lots" in text and "cansi.md:3" in text


def test_json_output(tmp_path, capsys):
    folder = broken_issue(tmp_path)
    assert main(["check", "--json", str(folder)]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] >= 4 and all({"file", "line", "level", "message", "hint"} <= d.keys()
                                       for d in data["diagnostics"])

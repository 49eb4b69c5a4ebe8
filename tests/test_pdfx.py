"""Print-ready output on the real samples: PDF/X as poppler reads it, CMYK/grey photos only,
the Noto CJK faces embedded, a passing preflight, the same bytes twice, and safe writes."""
import json
import re
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ISSUES, ROOT, have
from minissue import write_issue
from test_samples import SAMPLES
from typeset.tools.cli import main
from typeset.preflight import Limits, preflight


def run(*cmd) -> str:
    return subprocess.run(list(cmd), capture_output=True, text=True, check=True).stdout


def pdfs(out: Path) -> list[Path]:
    return sorted(out.glob("*.pdf"))


@pytest.mark.skipif(not have("pdfinfo"), reason="poppler-utils not installed")
@pytest.mark.parametrize("name", SAMPLES)
def test_pdfinfo_names_the_pdfx_version(built_samples, name):
    out, _ = built_samples[name]
    for pdf in pdfs(out):
        info = run("pdfinfo", str(pdf))
        assert re.search(r"PDF subtype:\s+PDF/X-1a:2003\n", info), pdf
        assert re.search(r"PDF version:\s+1\.4\n", info)


@pytest.mark.skipif(not have("pdfimages"), reason="poppler-utils not installed")
@pytest.mark.parametrize("name", SAMPLES)
def test_pdfimages_shows_only_cmyk_or_grey(built_samples, name):
    out, _ = built_samples[name]
    rows = run("pdfimages", "-list", str(out / "issue.pdf")).splitlines()[2:]
    assert rows, "the sample has photos"
    assert {row.split()[5] for row in rows} <= {"cmyk", "gray"}, rows
    assert "cmyk" in {row.split()[5] for row in rows}


@pytest.mark.parametrize("name", SAMPLES)
def test_the_preflight_passes_on_every_file(built_samples, name):
    out, _ = built_samples[name]
    for pdf in pdfs(out):
        report = preflight(pdf, Limits(), expect="X-1a", ink=pdf.name == "issue.pdf" and have("gs"))
        assert report.passed, report.format()
    report = json.loads((out / "report.json").read_text())
    assert all(entry["passed"] for entry in report["preflight"].values())
    assert report["photos"] and all(p["colour"] in ("cmyk", "gray") and p["ppi"] >= 100 for p in report["photos"])
    assert all(p["max_ink"] <= 240 for p in report["photos"])


@pytest.mark.skipif(not have("pdffonts"), reason="poppler-utils not installed")
def test_chinese_body_and_headlines_are_noto_cjk_embedded(built_samples):
    out, _ = built_samples["2025-04-15-gongan"]
    rows = run("pdffonts", str(out / "issue.pdf")).splitlines()[2:]
    names = {row.split()[0].split("+", 1)[1] for row in rows}
    assert {"NotoSerifCJKsc-Regular", "NotoSansCJKsc-Bold"} <= names
    for row in rows:
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row  # embedded, subset, ToUnicode
    report = json.loads((out / "report.json").read_text())
    assert report["fonts"]["noto-serif-cjk-sc"] == "Noto Serif CJK SC Regular"


def test_chinese_sample_same_input_same_bytes(built_samples, tmp_path):
    from typeset import build

    out, _ = built_samples["2025-04-15-gongan"]
    build(ISSUES / "2025-04-15-gongan", tmp_path)
    for pdf in pdfs(out):
        assert (tmp_path / "2025-04-15-gongan" / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def _processes_naming(folder: Path, within: float) -> list[int]:
    """Pids of processes whose command line names `folder`, once none is left or `within` seconds pass."""
    deadline = time.monotonic() + within
    while True:
        found = []
        for cmd in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(folder).encode() in cmd.read_bytes():
                    found.append(int(cmd.parent.name))
            except OSError:
                pass
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_a_build_killed_halfway_leaves_the_previous_pdf_intact(tmp_path, capsys):
    folder = write_issue(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out)]) == 0
    target = out / "mini"
    before = {p.name: p.read_bytes() for p in pdfs(target)}
    (folder / "articles" / "gamma.md").write_text("---\nheadline: 改过的标题\n---\n新的正文。\n", encoding="utf-8")
    temp_before = set(Path(tempfile.gettempdir()).glob("typeset-ink-*"))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "typeset", "build", str(folder), "--out", str(out)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed = False
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        stages = list(out.glob(".mini.staging-*"))
        if stages and any(stage.iterdir() for stage in stages):  # writing has begun
            os.kill(proc.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.005)
    proc.wait()
    if not killed:
        pytest.skip("the build finished before it could be killed")
    # its worker processes (render/write.py) died with it, rather than writing on into its folder
    assert _processes_naming(folder, within=1.0) == []
    assert {p.name: p.read_bytes() for p in pdfs(target)} == before
    assert not list(target.glob(".*.tmp"))
    # the killed build's temporary files were inside its staging folder, not left in /tmp
    assert set(Path(tempfile.gettempdir()).glob("typeset-ink-*")) <= temp_before
    # the next build replaces the output and clears the dead build's staging folder
    assert main(["build", str(folder), "--out", str(out)]) == 0
    assert not list(out.glob(".mini.staging-*")) and not list(out.glob(".mini.old-*"))
    assert (target / "issue.pdf").read_bytes() != before["issue.pdf"]


def layout_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "layouts"
    folder.mkdir(exist_ok=True)
    text = (ROOT / "layouts" / "tabloid-zh.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "tabloid-zh.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return folder


@pytest.mark.parametrize("old,new,message", [
    ("profile: default", "profile: nosuch.icc", "cannot read"),
    ("pdfx: X-1a", "pdfx: X-3", "print.pdfx"),
    ("ink_limit: 240%", "ink_limit: lots", "print.ink_limit"),
    ("profile: default", "profile: srgb.icc", "not a CMYK output"),
    # a box tint dark enough to drown body text (or, as a colour, the ink limit) is refused at the layout
    ("ink_limit: 240%", "ink_limit: 240%\n  box_tint: 45%", "print.box_tint"),
])
def test_bad_print_settings_are_clear_errors(tmp_path, capsys, old, new, message):
    from PIL import ImageCms

    layouts = layout_with(tmp_path, old, new)
    (layouts / "srgb.icc").write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    folder = write_issue(tmp_path)
    status = main(["build", str(folder), "--out", str(tmp_path / "out"), "--layouts", str(layouts)])
    err = capsys.readouterr().err
    assert status == 2 and message in err and "tabloid-zh.yaml:" in err and "Traceback" not in err
    assert not list((tmp_path / "out").rglob("*.pdf"))


@pytest.mark.skipif(not have("pdfinfo"), reason="poppler-utils not installed")
def test_a_layout_can_ask_for_pdfx4(tmp_path, capsys):
    layouts = layout_with(tmp_path, "pdfx: X-1a", "pdfx: X-4")
    folder = write_issue(tmp_path)
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--layouts", str(layouts)]) == 0
    info = run("pdfinfo", str(tmp_path / "out" / "mini" / "issue.pdf"))
    assert re.search(r"PDF subtype:\s+PDF/X-4\n", info) and re.search(r"Metadata Stream:\s+yes", info)

"""What reaches the press is exactly the last good build: the output folder as a transaction, and every
failure of the output side a one-line error (render/publish.py, build(), batch, cli)."""
import errno
import io
import re
import time
import tracemalloc

import pytest

from minissue import ZH_BODY, write_issue
from typeset import BuildError, build, lay_out
from typeset.tools.batch import build_many
from typeset.tools.cli import _Progress, main
from typeset.fonts.metrics import FakeMetrics
from typeset.render.publish import locked

TWO_PAGES = ("publication: 测试周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\ndate: 2025-04-15\nnumber: 1\n"
             "first_page: 1\npages:\n  - template: front\n    articles: [alpha, beta]\n"
             "  - template: inside\n    articles: [gamma]\n")
ONE_PAGE = TWO_PAGES.split("  - template: inside")[0]


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_rebuild_with_fewer_pages_leaves_no_page_of_the_old_build(tmp_path, real_fonts):
    folder = write_issue(tmp_path, issue_yaml=TWO_PAGES)
    out = tmp_path / "out"
    build(folder, out, metrics=real_fonts)
    assert (out / "mini" / "page-02.pdf").exists()
    (folder / "issue.yaml").write_text(ONE_PAGE, encoding="utf-8")
    (folder / "articles" / "gamma.md").unlink()
    build(folder, out, metrics=real_fonts)
    assert sorted(p.name for p in (out / "mini").iterdir()) == [
        "issue.pdf", "page-01.pdf", "report.html", "report.json", "timings.json"]
    assert sorted(p.name for p in out.iterdir()) == [".mini.lock", "mini"]  # no staging or old folder left


def test_two_issues_of_one_batch_with_one_name_fail_before_anything_is_built(tmp_path):
    a = write_issue(tmp_path / "v1")
    b = write_issue(tmp_path / "v2")
    stream = io.StringIO()
    started = time.perf_counter()
    assert build_many([a, b], tmp_path / "out", tmp_path, tmp_path, stream=stream) == 2
    assert time.perf_counter() - started < 5
    text = stream.getvalue()
    assert f"{a}, {b} would all be written to {tmp_path / 'out' / 'mini'}" in text and "hint:" in text
    assert not (tmp_path / "out").exists()


def test_an_out_folder_under_a_file_is_a_one_line_error_before_any_work(tmp_path, capsys):
    folder = write_issue(tmp_path)
    (tmp_path / "file").write_text("not a folder")
    started = time.perf_counter()
    assert main(["build", str(folder), "--out", str(tmp_path / "file" / "out")]) == 2
    assert time.perf_counter() - started < 1.0  # before the fonts are loaded or anything is laid out
    err = capsys.readouterr().err
    assert f"{tmp_path / 'file'}: error: the output folder {tmp_path / 'file' / 'out'} cannot be made: " \
           f"{tmp_path / 'file'} is a file, not a folder" in err
    assert "Traceback" not in err


def test_a_full_disk_fails_in_one_line_and_keeps_the_previous_build(tmp_path, real_fonts, monkeypatch):
    folder = write_issue(tmp_path)
    out = tmp_path / "out"
    build(folder, out, metrics=real_fonts)
    before = files(out / "mini")
    import typeset.render.write as write

    real = write.render_pdf

    def full_disk(pages, metrics, path, **kw):
        if path.name.startswith("page-"):  # the first page file: a write that finds the disk full
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(pages, metrics, path, **kw)

    monkeypatch.setattr(write, "render_pdf", full_disk)  # forked workers inherit it
    with pytest.raises(BuildError) as err:
        build(folder, out, metrics=real_fonts, jobs=2)
    (d,) = err.value.diagnostics
    assert d.level == "error" and "the disk is full" in d.message and "mini" in d.message
    assert files(out / "mini") == before  # the previous output intact
    assert sorted(p.name for p in out.iterdir()) == [".mini.lock", "mini"]  # the staging folder gone


def test_a_second_build_into_the_same_folder_fails_naming_the_first(tmp_path):
    import os

    folder = write_issue(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with locked(out / "mini"):  # another build holds it
        with pytest.raises(BuildError) as err:
            build(folder, out, metrics=FakeMetrics())
    (d,) = err.value.diagnostics
    assert d.message == f"another build (pid {os.getpid()}) is writing {out / 'mini'}"
    assert not (out / "mini").exists()


def test_a_two_megabyte_paragraph_fails_within_a_second_and_little_memory(tmp_path):
    body = (ZH_BODY * 20000)[:2_000_000]
    folder = write_issue(tmp_path, articles={"gamma": f"---\nheadline: 太长的稿子\n---\n{body}\n"})
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(BuildError) as err:
        lay_out(folder, metrics=FakeMetrics())
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seconds < 1.0 and peak < 300 * 2**20, (seconds, peak)
    (d,) = [d for d in err.value.diagnostics if d.level == "error"]
    assert re.match(r"article 'gamma' has 2,000,000 characters, more than its pages could ever hold \(a story "
                    r"runs in at most 2 parts; a page holds about [\d,]+\)$", d.message), d.message
    assert d.loc.file.name == "gamma.md" and d.hint


def test_an_article_too_long_and_named_on_no_page_is_held_over_uncomposed(tmp_path):
    body = (ZH_BODY * 20000)[:2_000_000]
    issue = TWO_PAGES.replace("articles: [gamma]", "articles: []")
    folder = write_issue(tmp_path, issue_yaml=issue, articles={"gamma": f"---\nheadline: 太长的稿子\n---\n{body}\n"})
    started = time.perf_counter()
    built = lay_out(folder, metrics=FakeMetrics())
    assert time.perf_counter() - started < 2.0
    assert built.report["held_over"] == [{"article": "gamma", "chars": 2_000_000}]
    assert all(m.article != "gamma" for p in built.pages for m in p.modules)


def test_each_page_warning_names_the_page_entry_in_issue_yaml(tmp_path):
    folder = write_issue(tmp_path, issue_yaml=TWO_PAGES)
    built = lay_out(folder, metrics=FakeMetrics())
    short = [d for d in built.diags.warnings if d.message.startswith("page 2 ")]
    assert short, [d.message for d in built.diags.warnings]
    lines = (folder / "issue.yaml").read_text(encoding="utf-8").splitlines()
    assert all(lines[d.loc.line - 1].strip() == "- template: inside" for d in short)


def test_version_and_progress(capsys):
    with pytest.raises(SystemExit) as end:
        main(["--version"])
    assert end.value.code == 0 and re.fullmatch(r"typeset \S+\n", capsys.readouterr().out)

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    shown, quiet = Terminal(), io.StringIO()
    for stream in (shown, quiet):
        with _Progress(stream) as progress:
            progress("reading")
            progress("drawing")
    assert "typeset: reading..." in shown.getvalue() and "\rtypeset: drawing..." in shown.getvalue()
    assert shown.getvalue().endswith("\r") and quiet.getvalue() == ""

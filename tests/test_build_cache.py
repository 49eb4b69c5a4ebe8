"""Rebuilds from the build cache (build_cache.py): the bytes of a cold build, with only what changed
composed, planned, drawn and checked again."""
import shutil
from pathlib import Path

import pytest

from conftest import have
from typeset import FONTS_CONFIG, build
from typeset.build_cache import BuildCache
from typeset.tools.bench_build import edit_one_article  # a late correction: a clause added to one article

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2025-04-15-gongan"
pytestmark = pytest.mark.skipif(not have("gs"), reason="Ghostscript not installed")


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".pdf" or p.name == "report.json"}


def cached(issue: Path, root: Path, fonts) -> BuildCache:
    return BuildCache(issue, FONTS_CONFIG, root=root, metrics=fonts)


def test_a_rebuild_after_one_change_writes_what_a_cold_build_writes(tmp_path, real_fonts):
    issue = Path(shutil.copytree(SAMPLE, tmp_path / "issue"))
    root = tmp_path / "cache"
    first = cached(issue, root, real_fonts)
    build(issue, tmp_path / "warm", cache=first, jobs=2)
    pdfs = len(list((tmp_path / "warm" / "issue").glob("*.pdf")))
    assert first.files_drawn == pdfs  # nothing to reuse the first time

    edit_one_article(issue, on=True)
    again = cached(issue, root, real_fonts)
    build(issue, tmp_path / "warm", cache=again, jobs=2)
    cold = build(issue, tmp_path / "cold", metrics=real_fonts, jobs=2)
    assert outputs(tmp_path / "warm" / "issue") == outputs(tmp_path / "cold" / "issue")
    assert len(cold.pages) + 1 == pdfs
    assert 1 <= again.work["files_drawn"] < pdfs  # issue.pdf and the changed pages only
    # the edited article's paragraphs (and the headlines tried beside them), not the issue's
    assert 0 < again.work["paragraphs_composed"] < first.work["paragraphs_composed"] / 2
    assert again.work["page_solves"] < first.work["page_solves"]


def test_an_unchanged_rebuild_draws_nothing_and_a_broken_cache_changes_nothing(tmp_path, real_fonts):
    issue = Path(shutil.copytree(SAMPLE, tmp_path / "issue"))
    root = tmp_path / "cache"
    build(issue, tmp_path / "a", cache=cached(issue, root, real_fonts), jobs=1)
    again = cached(issue, root, real_fonts)
    build(issue, tmp_path / "b", cache=again, jobs=1)
    assert again.files_drawn == 0
    for entry in (root).rglob("*.pickle"):  # a disk that lost the cache's bytes
        entry.write_bytes(entry.read_bytes()[:10])
    broken = cached(issue, root, real_fonts)
    build(issue, tmp_path / "c", cache=broken, jobs=1)
    assert broken.files_drawn == len(list((tmp_path / "c" / "issue").glob("*.pdf")))
    assert outputs(tmp_path / "a" / "issue") == outputs(tmp_path / "b" / "issue") == outputs(tmp_path / "c" / "issue")


def test_another_layout_or_other_fonts_start_afresh(tmp_path, real_fonts):
    from typeset.reading.layout import find_layout, read_layout
    from typeset.reading.source import read_issue

    issue = read_issue(SAMPLE)
    layout = read_layout(find_layout(issue.layout, issue.folder, ROOT / "layouts", issue.loc))
    one = cached(SAMPLE, tmp_path, real_fonts)
    one.prepare(layout, {"song"})
    copy = tmp_path / "layout.yaml"
    copy.write_bytes(Path(layout.file).read_bytes() + b"\n# a designer's edit\n")
    other = cached(SAMPLE, tmp_path, real_fonts)
    other.prepare(read_layout(copy), {"song"})
    assert one.namespace != other.namespace
    third = cached(SAMPLE, tmp_path, real_fonts)
    third.prepare(layout, {"song", "hei"})
    assert third.namespace != one.namespace
    fourth = cached(SAMPLE, tmp_path, real_fonts)
    fourth.prepare(layout, {"song"})
    assert fourth.namespace == one.namespace


def test_a_cache_no_build_used_for_two_weeks_is_removed(tmp_path, real_fonts):
    import os
    import time

    from typeset.build_cache import KEEP_DAYS

    root = tmp_path / "cache"
    old, recent = root / "last-month-0123", root / "yesterday-4567"
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "x.pickle").write_bytes(b"")
    long_ago = time.time() - (KEEP_DAYS + 1) * 86400
    os.utime(old, (long_ago, long_ago))
    issue = Path(shutil.copytree(SAMPLE, tmp_path / "issue"))
    build(issue, tmp_path / "out", cache=cached(issue, root, real_fonts), jobs=1)
    assert not old.exists() and recent.exists()


def test_a_photo_replaced_under_its_own_name_is_drawn_again(tmp_path, real_fonts):
    """The cache keys a placed photo by its file's size and time as well as its name: the picture
    desk's better crop of the same photo, saved over it, is converted and drawn anew."""
    import os

    from PIL import Image

    issue = Path(shutil.copytree(SAMPLE, tmp_path / "issue"))
    root = tmp_path / "cache"
    build(issue, tmp_path / "warm", cache=cached(issue, root, real_fonts), jobs=1)
    photo = next(p for p in sorted((issue / "images").iterdir()) if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    with Image.open(photo) as im:
        im.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(photo)  # the same name, other pixels
    stat = photo.stat()
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    again = cached(issue, root, real_fonts)
    build(issue, tmp_path / "warm", cache=again, jobs=1)
    build(issue, tmp_path / "cold", metrics=real_fonts, jobs=1)
    assert again.work["files_drawn"] >= 2  # issue.pdf and the photo's page
    assert outputs(tmp_path / "warm" / "issue") == outputs(tmp_path / "cold" / "issue")

"""`make bench`, watch part: from saving a one-word change to the new preview being written.

The Chinese sample is copied to a temporary folder and watched as
`typeset watch` does (a Session and the watchfiles thread, no HTTP). After
one warm-up edit, each trial saves congtai.md with one word of its first
paragraph changed (a different word each time, so every trial composes its
paragraph afresh rather than finding it in the memo) and measures the wall
time from the save to the moment the rebuilt page's PNG is written. That
includes watchfiles noticing the change (it waits for 20 ms of quiet).

Two kinds of edit are timed: a word swapped for one of the same length
(the paragraph keeps its lines, so no page is planned again) and a word
inserted at the end of a paragraph (its page may be planned again, when
the paragraph gains a line). The baseline, measured in the same run, is a
cold `typeset.lay_out` of the same issue (fonts loaded, every paragraph
composed, every page planned; no PDF): what every save would cost without
the session's caches. Target: under 0.5 s. Run: `python -m typeset.tools.bench_watch`.
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from .. import PROJECT, lay_out
from .watch import Session, watch_changes

SAMPLE = PROJECT / "issues" / "2025-04-15-gongan"
ARTICLE = "articles/congtai.md"
WORD = "街区"  # in the first paragraph: 邯郸道历史文化街区纵跨...
SWAPS = ("景区", "城区", "园区", "片区", "社区", "老区")
END = "的游客。\n"  # the end of the same paragraph
INSERTS = ("和市民", "与学生", "及家人", "和朋友", "等群体")  # each added to what the last left


class Probe:
    """Saves an edit and waits for the rebuild it causes; records what the rebuild did."""

    def __init__(self, session: Session):
        self.session, self.landed = session, threading.Event()
        self.done_at = 0.0

    def on_build(self, session: Session) -> None:
        self.done_at = time.perf_counter()
        self.landed.set()

    def save(self, path: Path, old: str, new: str) -> tuple[float, dict]:
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        self.landed.clear()
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        saved = time.perf_counter()
        if not self.landed.wait(30):
            raise SystemExit("bench_watch: no rebuild within 30 s of the save")
        if self.session.errors:
            raise SystemExit("bench_watch: the rebuild failed:\n" + "\n".join(self.session.errors))
        return self.done_at - saved, dict(self.session.work)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="typeset-bench-watch-") as tmp:
        issue = Path(tmp) / SAMPLE.name
        shutil.copytree(SAMPLE, issue)
        started = time.perf_counter()
        lay_out(issue)
        cold = time.perf_counter() - started

        session = Session(issue, Path(tmp) / "out")
        session.rebuild()
        probe, stop = Probe(session), threading.Event()
        watcher = threading.Thread(target=watch_changes, args=(session, stop, probe.on_build), daemon=True)
        watcher.start()
        time.sleep(0.5)  # let the watcher settle before the first save
        article = issue / ARTICLE
        try:
            probe.save(article, WORD, SWAPS[0])  # warm-up: the first edit after the initial build
            swaps, current = [], SWAPS[0]
            for word in SWAPS[1:]:
                swaps.append(probe.save(article, current, word))
                current = word
            inserts, end = [], END
            for word in INSERTS:
                inserts.append(probe.save(article, end, end[:-2] + word + end[-2:]))
                end = end[:-2] + word + end[-2:]
        finally:
            stop.set()
            watcher.join(5)

    def line(label: str, trials: list[tuple[float, dict]]) -> float:
        times = [t for t, _ in trials]
        planned = sum(1 for _, w in trials if w.get("page_solves"))
        median = statistics.median(times)
        print(f"  {label}: median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f}, {len(times)} saves; "
              f"{planned} of them planned a page again; last: {trials[-1][1]})")
        return median

    print("watch: save of a one-word change in one article -> new preview PNG written (warm caches)")
    swap = line("word swapped, same length", swaps)
    insert = line("word inserted           ", inserts)
    print(f"  baseline: cold lay_out of the same issue (fonts, compose, plan; no PDF): {cold:.3f} s")
    print(f"  ratio cold / warm: {cold / swap:.1f}x (swap), {cold / insert:.1f}x (insert); "
          f"target under 0.5 s: {'met' if max(swap, insert) < 0.5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where a build's time goes: wall seconds per stage, for timings.json and `typeset build --timings`.

Stages nest (the planner composes text as it tries module widths), so the
clock keeps *exclusive* time: while "compose" runs inside "plan", the
seconds count for "compose" only, and the stages add up to the whole
build. Entering a stage that is already running (a composition that
composes) just goes on counting it. The clock is only read for the
report: nothing a build decides depends on it, so timings never change
the PDFs.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

# The order the stages are printed in; a stage not listed comes after these, in the order first seen.
STAGES = ("read", "fonts", "compose", "plan", "draw", "photos", "write+preflight", "report")


class Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}  # wall seconds per stage in this process (exclusive)
        self.worked: dict[str, float] = {}  # seconds of work per stage in worker processes
        self._stack: list[str] = []
        self._mark = time.perf_counter()
        self._start = self._mark

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Count the time inside the block for `name` (less what nested stages take)."""
        if name in self._stack:
            yield
            return
        self._switch()
        self._stack.append(name)
        try:
            yield
        finally:
            self._switch()
            self._stack.pop()

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def work(self, name: str, seconds: float) -> None:
        """Work done for `name` in a worker process: reported beside the wall times, not in them."""
        self.worked[name] = self.worked.get(name, 0.0) + seconds

    def _switch(self) -> None:
        now = time.perf_counter()
        if self._stack:
            self.add(self._stack[-1], now - self._mark)
        self._mark = now

    def total(self) -> float:
        return time.perf_counter() - self._start

    def ordered(self) -> list[tuple[str, float]]:
        rank = {name: i for i, name in enumerate(STAGES)}
        names = sorted(self.seconds, key=lambda n: (rank.get(n, len(rank)), list(self.seconds).index(n)))
        return [(n, self.seconds[n]) for n in names]

    def format(self) -> str:
        """One line: each stage's seconds and share, then the total."""
        parts = [f"{name} {s:.2f}" for name, s in self.ordered()]
        work = [f"{name} {s:.2f}" for name, s in sorted(self.worked.items())]
        return (f"typeset: timings (s): {', '.join(parts)}; total {self.total():.2f}"
                + (f" (work in the worker processes: {', '.join(work)})" if work else ""))

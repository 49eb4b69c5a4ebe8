"""What a night of builds tells its operator: every event once, to a JSON-lines log, a display and a table.

Whatever runs the issues (the local process pool in batch.py, a Dask cluster
in cluster.py), it reports each event as a plain dict through one `emit`
function: `start`, `stage`, `page` (one per page planned), `warning`,
`error` and `done` (with ok, pages, jumps and seconds). `Events` stamps each
with the wall-clock time, writes it as one JSON line to the run's log file
(flushed, so a log collector or `tail -f` sees it at once, and a run killed
halfway leaves every line it got to) and shows it: rich bars on a terminal,
plain lines otherwise, JSON lines on the stream with `--log-json`.

`summary_table` is the table printed at the end: one row per issue.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..errors import BuildError, Diagnostic, Loc

STAGES = ("reading", "composing and planning", "drawing", "writing PDFs and preflight", "done")


class Events:
    """The sink every event of a run goes through: the log file (if any) and the display."""

    def __init__(self, names: list[str], stream, *, log: Path | None, as_json: bool):
        self.file = _open_log(log) if log else None
        self.show = _Bars(names, stream) if (not as_json and stream.isatty()) else _Lines(stream, as_json)

    def emit(self, event: dict) -> None:
        event = {"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"), **event}
        if self.file is not None:
            self.file.write(json.dumps(event, ensure_ascii=False) + "\n")
            self.file.flush()
        self.show.update(event)

    def close(self) -> None:
        self.show.close()
        if self.file is not None:
            self.file.close()

    def __enter__(self) -> "Events":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _open_log(path: Path):
    """The log file, opened for appending before anything is built: a log that cannot be written fails
    the run at once, not after the night's work."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return open(path, "a", encoding="utf-8")
    except OSError as err:
        raise BuildError(Diagnostic("error", f"cannot write the log file {path}: {err.strerror or err}", Loc(Path(path)),
                                    "choose another log: path in the run file, or --log FILE")) from None


def diagnostic_events(issue: str, lines: list[str], level: str) -> list[dict]:
    """Formatted diagnostics of one issue as `warning`/`error` events."""
    return [{"event": level, "issue": issue, "diagnostic": line} for line in lines]


class _Lines:
    """One line per stage, plain or JSON: what a log collector reading stderr wants."""

    def __init__(self, stream, as_json: bool):
        self.stream, self.as_json = stream, as_json

    def update(self, event: dict) -> None:
        if self.as_json:
            text = json.dumps(event, ensure_ascii=False)
        elif event.get("event") == "stage":
            text = f"{event['issue']}: {event['stage']} ({event['t']} s)"
        else:
            return  # plain lines: the stages; warnings and results are printed at the end
        print(text, file=self.stream, flush=True)

    def close(self) -> None:
        pass


class _Bars:
    """A rich progress bar per issue, advancing stage by stage."""

    def __init__(self, names: list[str], stream):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("{task.fields[name]}"), BarColumn(), TextColumn("{task.description}"),
                                 TimeElapsedColumn(), console=Console(file=stream))
        self.tasks = {n: self.progress.add_task("waiting", total=len(STAGES), name=Path(n).name) for n in names}
        self.progress.start()

    def update(self, event: dict) -> None:
        stage = event.get("stage") if event.get("event") == "stage" else None
        if stage is None or event.get("issue") not in self.tasks:
            return
        done = STAGES.index(stage) + 1 if stage in STAGES else 0
        self.progress.update(self.tasks[event["issue"]], completed=done, description=stage)

    def close(self) -> None:
        self.progress.stop()


def summary_table(results: list[dict], stream, title: str) -> None:
    """One row per issue: built or failed, pages, jumps, warnings, seconds, where it went."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for name, justify in (("issue", "left"), ("result", "left"), ("pages", "right"), ("jumps", "right"),
                          ("warnings", "right"), ("seconds", "right"), ("output", "left")):
        table.add_column(name, justify=justify)
    for r in results:
        warnings = sum(1 for d in r["diagnostics"] if ": warning: " in d or d.startswith("warning: "))
        table.add_row(Path(r["issue"]).name, "built" if r["ok"] else "FAILED", str(r.get("pages", "-")),
                      str(r.get("jumps", "-")), str(warnings), f"{r['seconds']:.2f}",
                      r.get("out", "nothing written") + (f" (+ {', '.join(r['editions'])})" if r.get("editions") else ""))
    console = Console(file=stream, width=None if stream.isatty() else 132, highlight=False)
    console.print(table)

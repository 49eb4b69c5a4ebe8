"""Diagnostics: every problem the engine reports carries where it is and what to do.

A stage that finds bad input does not raise on the first problem; it adds a
`Diagnostic` to a `Diagnostics` collector so the user sees every problem at
once. `BuildError` is raised only at a stage boundary, when errors make the
next stage impossible; the command line turns it into `file:line: level:
message` lines on stderr and exit status 2, never a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Loc:
    """A place in a source file: the file and a 1-based line (0 = whole file)."""

    file: Path
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else f"{self.file}"


@dataclass(frozen=True)
class Diagnostic:
    level: str  # "error" | "warning" | "info"
    message: str
    loc: Loc | None = None
    hint: str = ""

    def format(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        text = f"{where}{self.level}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def as_json(self) -> dict:
        return {
            "level": self.level,
            "message": self.message,
            "file": str(self.loc.file) if self.loc else None,
            "line": self.loc.line if self.loc else None,
            "hint": self.hint or None,
        }


@dataclass
class Diagnostics:
    """Collects diagnostics across stages; `check()` raises if any is an error."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, loc: Loc | None = None, hint: str = "") -> None:
        self.items.append(Diagnostic("error", message, loc, hint))

    def warning(self, message: str, loc: Loc | None = None, hint: str = "") -> None:
        self.items.append(Diagnostic("warning", message, loc, hint))

    def info(self, message: str, loc: Loc | None = None, hint: str = "") -> None:
        self.items.append(Diagnostic("info", message, loc, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "warning"]

    def check(self) -> None:
        """Raise BuildError carrying all errors so far, if there are any."""
        if self.errors:
            raise BuildError(self.errors)


class BuildError(Exception):
    """Input the engine cannot build from; carries one or more diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def fail(message: str, loc: Loc | None = None, hint: str = "") -> BuildError:
    """Build (not raise) a one-diagnostic BuildError: `raise fail(...)`."""
    return BuildError(Diagnostic("error", message, loc, hint))

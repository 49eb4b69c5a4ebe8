"""Preflight: check a PDF against what a newspaper press needs, as an RIP operator would.

No free tool validates PDF/X (veraPDF does PDF/A), so this is the honest
substitute: the structural rules of PDF/X-1a:2003 and PDF/X-4 that can be
read from the file (structure.py: version, Info GTS keys, trailer ID,
output intent and its profile, XMP, page boxes, fonts, encryption,
JavaScript, forbidden filters), the colour and resolution of everything
the pages draw (content.py: no RGB, transparency only in X-4, effective
ppi of every placed image, K-only black text), and the ink a page puts on
paper (ink.py: bounded from the colours a page sets, and where that
bound says nothing, Ghostscript renders CMYK separations; the highest
total coverage must stay under the printer's limit).

`preflight(path, ...)` returns a `Report`; nothing here raises on a bad
PDF: an unreadable file is one error finding. `typeset preflight` prints
the report, and `typeset build` runs it on what it wrote and fails on errors.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PDFX_KINDS = ("X-1a", "X-4")


@dataclass(frozen=True)
class Finding:
    level: str  # "error" | "warning"
    rule: str  # a short name: "rgb", "font-embedded", "trimbox", ...
    message: str
    page: int | None = None  # 1-based

    def format(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{self.level}: {where}{self.message} [{self.rule}]"


@dataclass(frozen=True)
class Limits:
    """The printer's numbers the preflight checks against (the layout's `print:` section)."""

    ink_limit: float = 240.0
    warn_ppi: float = 150.0
    min_ppi: float = 100.0
    ink_dpi: float = 36.0  # Ghostscript resolution: ~0.7 mm cells, the scale at which ink limits are judged

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        return cls(settings.ink_limit, settings.warn_ppi, settings.min_ppi)


@dataclass
class Report:
    file: Path
    pdfx: str = ""  # GTS_PDFXVersion found, e.g. "PDF/X-1a:2003"
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)
    fonts: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    # per page: {"page", "max", "mean"} measured on a render, or {"page", "max", "bound": True} (ink.py)
    ink: list[dict] = field(default_factory=list)
    intent: dict = field(default_factory=dict)

    def error(self, rule: str, message: str, page: int | None = None) -> None:
        self.findings.append(Finding("error", rule, message, page))

    def warning(self, rule: str, message: str, page: int | None = None) -> None:
        self.findings.append(Finding("warning", rule, message, page))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def passed(self) -> bool:
        return not self.errors

    def format(self) -> str:
        lines = [f"preflight {self.file}: {self.pdfx or 'not PDF/X'}, {self.pages} page(s)"]
        if self.intent:
            lines.append(f"  output intent: {self.intent.get('identifier')} "
                         f"({self.intent.get('profile') or 'no embedded profile'})")
        if self.fonts:
            ok = all(f["embedded"] and f["subset"] and f["tounicode"] for f in self.fonts)
            names = {f["name"].split("+", 1)[-1] for f in self.fonts}
            lines.append(f"  fonts: {len(names)} faces in {len(self.fonts)} font objects"
                         + (", all embedded, subset, with ToUnicode" if ok else ""))
            faces: dict[tuple, int] = {}  # one line per face, however many subsets it was split into
            for f in self.fonts:
                key = (f["name"].split("+", 1)[-1], f["type"], f["embedded"], f["subset"], f["tounicode"])
                faces[key] = faces.get(key, 0) + 1
            for (name, kind, emb, sub, uni), n in sorted(faces.items()):
                subsets = f", {n} subsets" if n > 1 else ""
                lines.append(f"    {name} ({kind}{subsets}): embedded {_yn(emb)}, subset {_yn(sub)}, "
                             f"ToUnicode {_yn(uni)}")
        if self.images:
            spaces = sorted({i["colour"] for i in self.images})
            low = min(self.images, key=lambda i: i["ppi"])
            lines.append(f"  images: {len(self.images)} placed ({', '.join(spaces)}), "
                         f"lowest {low['ppi']:.0f} ppi (page {low['page']})")
        if self.ink:
            top = max(self.ink, key=lambda i: i["max"])
            measured = [i for i in self.ink if "mean" in i]
            bounded = len(self.ink) - len(measured)
            lines.append(f"  ink: highest total {top['max']:.0f}% (page {top['page']}"
                         + (", at most: from its colours" if top.get("bound") else "") + ")"
                         + (f", mean coverage {sum(i['mean'] for i in measured) / len(measured):.0f}% "
                            f"of {len(measured)} rendered page(s)" if measured else "")
                         + (f"; {bounded} page(s) bounded from their colours, not rendered" if bounded else ""))
        lines += [f"  {f.format()}" for f in self.findings]
        verdict = "PASS" if self.passed else "FAIL"
        lines.append(f"  {len(self.errors)} error(s), {len(self.warnings)} warning(s): {verdict}")
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {"file": self.file.name, "pdfx": self.pdfx, "pages": self.pages, "passed": self.passed,
                "findings": [{"level": f.level, "rule": f.rule, "message": f.message, "page": f.page}
                             for f in self.findings],
                "fonts": self.fonts, "images": self.images, "ink": self.ink, "intent": self.intent}


def _yn(flag: bool) -> str:
    return "yes" if flag else "NO"


def preflight(path: Path, limits: Limits | None = None, *, expect: str | None = None,
              ink: bool = True, tmp_dir: Path | None = None,
              measured_before: dict[int, tuple[float, float]] | None = None) -> Report:
    """Check `path`. `expect` ("X-1a" or "X-4") demands that flavour; None takes what the file says.
    `tmp_dir`: where the ink check's rendered pages go (the system's temporary folder by default).
    `measured_before`: the ink of pages measured on an earlier file where they were drawn the same
    (ink.check_ink)."""
    import pikepdf

    from . import content, structure
    from .ink import check_ink

    limits = limits or Limits()
    report = Report(Path(path))
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError, ValueError) as e:
        report.error("unreadable", f"cannot open as PDF: {e}")
        return report
    with pdf:
        kind = structure.check(pdf, report, expect)
        bound = content.check(pdf, report, kind, limits)
    if ink and report.pages:
        check_ink(Path(path), report, limits, tmp_dir, bound, measured_before)
    return report


__all__ = ["preflight", "Report", "Finding", "Limits", "PDFX_KINDS"]


def report_build(reports: list[Report], target: Path, diags) -> None:
    """Turn the preflight of the PDFs a build wrote (render/write.py: issue.pdf first, with every
    check; then the single-page files, without the ink check) into diagnostics naming each file's
    final place in `target`. Errors become errors; warnings other than resolution (already reported
    per photo at layout time) become warnings, from issue.pdf only (the page files repeat its pages).
    """
    from ..errors import Loc

    for i, report in enumerate(reports):
        report.file = target / report.file.name
        for f in report.findings:
            where = Loc(report.file)
            text = f"preflight: {'page ' + str(f.page) + ': ' if f.page else ''}{f.message} [{f.rule}]"
            if f.level == "error":
                diags.error(text, where, "the PDF is not fit for the press; run `typeset preflight` on it "
                            "and check the layout's print: settings")
            elif f.rule != "ppi" and i == 0:
                diags.warning(text, where)

"""Document-level PDF/X rules: version, Info, trailer ID, output intent, XMP, boxes, fonts, forbidden things.

Each rule is a few lines against pikepdf objects and adds a `Finding`;
what PDF/X-1a:2003 (ISO 15930-4) and PDF/X-4 (ISO 15930-7) require is
an error, house rules of this project (fonts subset, with ToUnicode, so
text can be searched and checked) are warnings.
"""
from __future__ import annotations

import re

import pikepdf

from . import Report

MAX_VERSION = {"X-1a": (1, 4), "X-4": (1, 6)}
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_FORBIDDEN_FILTERS = {"/LZWDecode": "LZW compression", "/JPXDecode": "JPEG 2000"}


def check(pdf: pikepdf.Pdf, report: Report, expect: str | None) -> str:
    """Run the structural rules; returns the flavour checked ("X-1a", "X-4" or "" when not PDF/X)."""
    report.pages = len(pdf.pages)
    info = pdf.trailer.get("/Info")
    info = info if isinstance(info, pikepdf.Dictionary) else pikepdf.Dictionary()
    version = _text(info.get("/GTS_PDFXVersion"))
    report.pdfx = version
    kind = "X-4" if version.startswith("PDF/X-4") else "X-1a" if version.startswith("PDF/X-1a") else ""
    if not version:
        report.error("gts-version", "Info has no GTS_PDFXVersion: the file does not claim to be PDF/X")
    elif not kind:
        report.error("gts-version", f"GTS_PDFXVersion {version!r} is not PDF/X-1a or PDF/X-4")
    if expect and kind and kind != expect:
        report.error("gts-version", f"the file is {version}, the layout asks for PDF/{expect}")
    kind = kind or expect or "X-1a"
    _version(pdf, report, kind)
    _info(info, report, kind)
    if "/ID" not in pdf.trailer or len(pdf.trailer.ID) != 2:
        report.error("trailer-id", "the trailer has no ID")
    _output_intent(pdf, report, kind)
    if kind == "X-4":
        _xmp(pdf, report, version)
    _forbidden(pdf, report)
    for number, page in enumerate(pdf.pages, 1):
        _boxes(page, number, report)
    _fonts(pdf, report)
    return kind


def _text(obj) -> str:
    if isinstance(obj, pikepdf.String):
        return str(obj)
    return ""


def _version(pdf: pikepdf.Pdf, report: Report, kind: str) -> None:
    try:
        have = tuple(int(v) for v in pdf.pdf_version.split("."))
    except ValueError:
        report.error("pdf-version", f"unreadable PDF version {pdf.pdf_version!r}")
        return
    if have > MAX_VERSION[kind]:
        want = ".".join(map(str, MAX_VERSION[kind]))
        report.error("pdf-version", f"PDF {pdf.pdf_version}: PDF/{kind} allows at most PDF {want}")


def _info(info: pikepdf.Dictionary, report: Report, kind: str) -> None:
    if kind == "X-1a" and _text(info.get("/GTS_PDFXConformance")) != "PDF/X-1a:2003":
        report.error("gts-conformance", "Info has no GTS_PDFXConformance (PDF/X-1a:2003)")
    if not _text(info.get("/Title")):
        report.error("info-title", "Info has no Title")
    for key in ("/CreationDate", "/ModDate"):
        if not _text(info.get(key)).startswith("D:"):
            report.error("info-dates", f"Info has no {key[1:]} as a PDF date")
    trapped = info.get("/Trapped")
    if trapped not in (pikepdf.Name.True_, pikepdf.Name.False_) and str(trapped) not in ("/True", "/False"):
        report.error("info-trapped", "Info Trapped must be /True or /False")


def _output_intent(pdf: pikepdf.Pdf, report: Report, kind: str) -> None:
    intents = pdf.Root.get("/OutputIntents")
    gts = [i for i in (intents or []) if isinstance(i, pikepdf.Dictionary) and i.get("/S") == "/GTS_PDFX"]
    if len(gts) != 1:
        report.error("output-intent", f"the catalog has {len(gts)} GTS_PDFX output intents; PDF/X needs exactly one")
        return
    intent = gts[0]
    identifier = _text(intent.get("/OutputConditionIdentifier"))
    report.intent = {"identifier": identifier, "condition": _text(intent.get("/OutputCondition")),
                     "registry": _text(intent.get("/RegistryName")), "profile": ""}
    if not identifier:
        report.error("output-intent", "the output intent has no OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        if kind == "X-4" or not report.intent["registry"]:
            report.error("output-profile", "the output intent embeds no DestOutputProfile")
        return
    try:
        data = profile.read_bytes()
    except (pikepdf.PdfError, AttributeError):
        report.error("output-profile", "DestOutputProfile is not a readable stream")
        return
    if len(data) < 128 or data[36:40] != b"acsp":
        report.error("output-profile", "DestOutputProfile is not an ICC profile")
        return
    space, cls = data[16:20].decode("latin-1").strip(), data[12:16].decode("latin-1")
    report.intent["profile"] = f"ICC {space} {cls}, {len(data) // 1024} KB"
    if space not in ("CMYK", "GRAY") or cls != "prtr":
        report.error("output-profile", f"DestOutputProfile is a {space} {cls} profile, not a CMYK output profile")
    if int(profile.get("/N", 0)) != {"CMYK": 4, "GRAY": 1}.get(space, -1):
        report.error("output-profile", "DestOutputProfile /N does not match its colour space")


def _xmp(pdf: pikepdf.Pdf, report: Report, version: str) -> None:
    meta = pdf.Root.get("/Metadata")
    if meta is None:
        report.error("xmp", "PDF/X-4 needs an XMP metadata stream in the catalog")
        return
    text = meta.read_bytes().decode("utf-8", "replace")
    found = re.search(r"<pdfxid:GTS_PDFXVersion>([^<]*)<", text)
    if not found:
        report.error("xmp", "the XMP has no pdfxid:GTS_PDFXVersion")
    elif found.group(1) != version:
        report.error("xmp", f"the XMP says {found.group(1)!r}, Info says {version!r}")
    for key in ("xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass", "xmp:CreateDate"):
        if f"<{key}>" not in text:
            report.error("xmp", f"the XMP has no {key}")


def _forbidden(pdf: pikepdf.Pdf, report: Report) -> None:
    if "/Encrypt" in pdf.trailer:
        report.error("encrypt", "the file is encrypted")
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        report.error("javascript", "the file has JavaScript")
    action = pdf.Root.get("/OpenAction")
    if isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/JavaScript":
        report.error("javascript", "the file opens with JavaScript")
    seen = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            filters = obj.get("/Filter")
            for f in (filters if isinstance(filters, pikepdf.Array) else [filters] if filters else []):
                if str(f) in _FORBIDDEN_FILTERS and str(f) not in seen:
                    seen.add(str(f))
                    report.error("filter", f"{_FORBIDDEN_FILTERS[str(f)]} ({f}) is not allowed in PDF/X")


def _box(page: pikepdf.Page, key: str):
    box = page.obj.get(key)
    if box is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _inside(inner, outer, tol: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def _boxes(page: pikepdf.Page, number: int, report: Report) -> None:
    media, trim, bleed = _box(page, "/MediaBox"), _box(page, "/TrimBox"), _box(page, "/BleedBox")
    if media is None:
        report.error("mediabox", "no MediaBox", number)
        return
    if trim is None:
        report.error("trimbox", "no TrimBox: the printer cannot know where the page is cut", number)
        return
    if "/ArtBox" in page.obj:
        report.error("trimbox", "both TrimBox and ArtBox: PDF/X allows only one", number)
    if not _inside(trim, media):
        report.error("trimbox", "the TrimBox is not inside the MediaBox", number)
    if bleed is not None:
        if not _inside(trim, bleed):
            report.error("bleedbox", "the TrimBox is not inside the BleedBox", number)
        if not _inside(bleed, media):
            report.error("bleedbox", "the BleedBox is not inside the MediaBox", number)


def fonts(pdf: pikepdf.Pdf, report: Report) -> None:
    """Every font the pages use must be embedded (also run on a PDF ad alone, planning/ad_dummy.py)."""
    _fonts(pdf, report)


def _fonts(pdf: pikepdf.Pdf, report: Report) -> None:
    """Every font any page or form uses: embedded (error if not), subset and ToUnicode (warnings)."""
    seen: dict[tuple, dict] = {}
    for number, page in enumerate(pdf.pages, 1):
        for font in _page_fonts(page.obj.get("/Resources"), set()):
            key = font.objgen if font.is_indirect else (id(font),)
            if key in seen:
                continue
            entry = seen[key] = _font_entry(font)
            name = entry["name"]
            if not entry["embedded"]:
                report.error("font-embedded", f"font {name} is not embedded", number)
            else:
                if not entry["subset"]:
                    report.warning("font-subset", f"font {name} is embedded whole, not as a subset", number)
                if not entry["tounicode"]:
                    report.warning("font-tounicode", f"font {name} has no ToUnicode map: its text cannot be "
                                   "extracted or checked", number)
    report.fonts = sorted(seen.values(), key=lambda e: e["name"])


def _page_fonts(resources, visited: set):
    if not isinstance(resources, pikepdf.Dictionary):
        return
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary):
        for _, font in fonts.items():
            if isinstance(font, pikepdf.Dictionary):
                yield font
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, pikepdf.Dictionary):
        for _, xo in xobjects.items():
            if isinstance(xo, pikepdf.Stream) and xo.get("/Subtype") == "/Form" and xo.objgen not in visited:
                visited.add(xo.objgen)
                yield from _page_fonts(xo.get("/Resources"), visited)


def _font_entry(font: pikepdf.Dictionary) -> dict:
    subtype = str(font.get("/Subtype", "/?"))[1:]
    name = str(font.get("/BaseFont", "/(unnamed)"))[1:]
    descriptor = font.get("/FontDescriptor")
    if subtype == "Type0":
        kids = font.get("/DescendantFonts")
        kid = kids[0] if isinstance(kids, pikepdf.Array) and len(kids) else pikepdf.Dictionary()
        descriptor = kid.get("/FontDescriptor")
    if subtype == "Type3":
        embedded = True  # glyphs are content streams in the font itself
    else:
        embedded = isinstance(descriptor, pikepdf.Dictionary) and any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return {"name": name, "type": subtype, "embedded": embedded,
            "subset": bool(_SUBSET.match(name)) or subtype == "Type3",
            "tounicode": "/ToUnicode" in font}

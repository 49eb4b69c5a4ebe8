"""A one-page PDF ad placed as vector content: its page as a form XObject, fonts and all.

reportlab cannot import a PDF page, and the PDF it writes is finished byte
by byte (pdfx.py: trailer ID over the file's own digest), so the ad is not
pasted in afterwards: its page is read with pikepdf and rebuilt as
reportlab objects inside the same document. The page's content streams
become the form's stream, its resources (fonts, images, colour spaces,
nested forms, ExtGStates) are copied object by object with their encoded
stream data as it is (an indirect object shared in the ad stays shared),
and the form is painted scaled from the ad's trim box (else media box) to
its frame on the page. Whether the ad may go to press (CMYK only, no
transparency in X-1a) is the preflight's to say, on the ad alone before
the build (planning/ad_dummy.py) and on the finished file after.
"""
from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pikepdf
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFfalse, PDFnull, PDFtrue


def page_box(path: Path) -> tuple[float, float, float, float]:
    """The ad page's trim box (else media box) as (x0, y0, x1, y1) in points."""
    with pikepdf.open(path) as pdf:
        return _box(pdf.pages[0])


def _box(page) -> tuple[float, float, float, float]:
    box = page.obj.get("/TrimBox") or page.mediabox
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


class _Raw:
    """A PDF token reportlab writes as it is (a string, in hex)."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


def draw_pdf_ad(canvas, path: Path, x: float, y: float, width: float, height: float, cache: dict) -> None:
    """Paint the ad at (x, y) (its lower-left corner, PDF coordinates), `width` x `height` points.
    `cache` (one per document) holds each ad's form once however often it is painted."""
    doc = canvas._doc
    key = ("pdf-ad", Path(path))
    if key not in cache:
        with pikepdf.open(path) as pdf:
            page = pdf.pages[0]
            box = _box(page)
            seen: dict = {}
            resources = page.obj.get("/Resources") or pikepdf.Dictionary()
            form = PDFStream(PDFDictionary({
                "Type": PDFName("XObject"), "Subtype": PDFName("Form"),
                "BBox": PDFArray([box[0], box[1], box[2], box[3]]),
                "Resources": _convert(resources, doc, seen),
            }), _content(page), filters=None)
            name = "ad" + hashlib.md5(str(Path(path)).encode()).hexdigest()[:12]
            doc.Reference(form, doc.getXObjectName(name))
        cache[key] = (name, box)
    name, box = cache[key]
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width / (box[2] - box[0]), height / (box[3] - box[1]))
    canvas.translate(-box[0], -box[1])
    canvas.doForm(name)
    canvas.restoreState()


def _content(page) -> bytes:
    """The page's drawing, its content streams decoded and joined (a form has one stream)."""
    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(s.read_bytes() for s in streams)


def _convert(obj, doc, seen: dict):
    """A pikepdf object as reportlab objects; indirect ones become (shared) indirect references."""
    if isinstance(obj, pikepdf.Stream):
        key = obj.objgen
        if key in seen:
            return seen[key]
        entries = {str(k)[1:]: _convert(v, doc, seen) for k, v in obj.items() if k != "/Length"}
        # Encoded data as it is: its /Filter stays in the dictionary, so reportlab adds none.
        stream = PDFStream(PDFDictionary(entries), obj.read_raw_bytes(), filters=[] if "/Filter" in obj else None)
        seen[key] = ref = doc.Reference(stream)
        return ref
    if isinstance(obj, pikepdf.Dictionary):
        key = obj.objgen if obj.is_indirect else None
        if key is not None and key in seen:
            return seen[key]
        converted = PDFDictionary({str(k)[1:]: _convert(v, doc, seen) for k, v in obj.items()})
        if key is None:
            return converted
        seen[key] = ref = doc.Reference(converted)
        return ref
    if isinstance(obj, pikepdf.Array):
        return PDFArray([_convert(v, doc, seen) for v in obj])
    if isinstance(obj, pikepdf.Name):
        return PDFName(str(obj)[1:])
    if isinstance(obj, pikepdf.String):
        return _Raw(b"<" + bytes(obj).hex().encode() + b">")
    if isinstance(obj, bool):
        return PDFtrue if obj else PDFfalse
    if isinstance(obj, (int, float)):
        return obj
    if isinstance(obj, Decimal):
        return float(obj)
    if obj is None:
        return PDFnull
    raise TypeError(f"cannot copy a {type(obj).__name__} from a PDF ad")

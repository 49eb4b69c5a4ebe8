"""PDF/X structure for a reportlab document: output intent, Info keys, XMP, trailer ID, marks.

reportlab knows nothing of PDF/X; what a press RIP checks is added here,
through reportlab's own document objects, so pdf.py stays a plain drawing
backend:

- the catalog gets one OutputIntent (`/S /GTS_PDFX`) with the layout's
  OutputConditionIdentifier, condition, registry and the CMYK output
  profile embedded as an ICC stream (`/N 4`);
- Info gets `GTS_PDFXVersion` (and `GTS_PDFXConformance` for X-1a),
  Title, CreationDate = ModDate (the issue date: nightly builds give the
  same bytes), `Trapped /False`;
- PDF/X-4 also gets an XMP metadata stream saying the same things, with
  the DocumentID/VersionID/RenditionClass that X-4 asks for;
- the trailer ID is [permanent, changing]: the first is a digest of the
  document's identity (title, date, PDF/X version), the second a digest of
  the finished file itself (`finish`), so it changes exactly when a byte
  does, and no random number is ever involved;
- black overprint: `overprint(canvas, on)` switches fill and stroke
  overprint (OPM 1) through reportlab's private ExtGState methods, the only
  way it offers.
"""
from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFInfo, PDFName, PDFStream, PDFString
from reportlab.pdfbase.pdfdoc import PDFZCompress

from ..reading.print_settings import PrintSettings

PRODUCER = "typeset (ReportLab)"
_CHANGING = b"0" * 32  # placeholder for the second trailer ID, filled in by `finish`


class _PDFXInfo(PDFInfo):
    """The Info dictionary with the PDF/X keys, dates given as text (the issue date)."""

    def __init__(self, settings: PrintSettings, stamp: str):
        super().__init__()
        self.settings, self.stamp = settings, stamp

    def format(self, document):
        d = {
            "Title": PDFString(self.title),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "CreationDate": PDFString(self.stamp),
            "ModDate": PDFString(self.stamp),
            "Trapped": PDFName("False"),
            "GTS_PDFXVersion": PDFString(self.settings.version),
        }
        if self.author:
            d["Author"] = PDFString(self.author)
        if self.settings.conformance:
            d["GTS_PDFXConformance"] = PDFString(self.settings.conformance)
        return PDFDictionary(d).format(document)


def apply(canvas, settings: PrintSettings, profile: bytes, *, title: str, author: str, stamp: str,
          iso_date: str) -> None:
    """Make the canvas's document a PDF/X document (call before drawing)."""
    doc = canvas._doc
    info = _PDFXInfo(settings, stamp)
    info.title, info.author, info.creator, info.producer = title, author, "typeset", PRODUCER
    doc.info = info

    icc = PDFStream(PDFDictionary({"N": 4}), profile, filters=[PDFZCompress])
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(settings.identifier),
        "OutputCondition": PDFString(settings.condition),
        "RegistryName": PDFString(settings.registry),
        "Info": PDFString(settings.condition),
        "DestOutputProfile": doc.Reference(icc),
    })
    catalog = doc.Catalog
    catalog.OutputIntents = PDFArray([doc.Reference(intent)])
    # Instance attribute: the keys reportlab's PDFCatalog writes, plus ours.
    catalog.__NoDefault__ = list(type(catalog).__NoDefault__) + ["OutputIntents"]
    permanent = identity(settings, title, iso_date)
    if settings.pdfx == "X-4":
        meta = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                         xmp(settings, title, author, iso_date, permanent), filters=[])
        catalog.Metadata = meta
    doc._ID = b"\n[<" + permanent.encode() + b"><" + _CHANGING + b">]\n"


def identity(settings: PrintSettings, title: str, iso_date: str) -> str:
    """32 hex digits naming the document (not its bytes): the first trailer ID and the XMP DocumentID."""
    return hashlib.md5(f"{title}\n{iso_date}\n{settings.version}".encode()).hexdigest()


def finish(data: bytes) -> bytes:
    """Fill in the changing trailer ID with a digest of the file (same length: offsets hold)."""
    at = data.rfind(b"<" + _CHANGING + b">]")
    if at < 0:
        raise ValueError("no trailer ID placeholder in the PDF")
    digest = hashlib.md5(data).hexdigest().encode()
    return data[: at + 1] + digest + data[at + 1 + len(_CHANGING):]


def _uuid(hex32: str) -> str:
    h = hex32
    return f"uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def xmp(settings: PrintSettings, title: str, author: str, iso_date: str, permanent: str) -> bytes:
    """The XMP packet PDF/X-4 requires; it repeats the Info keys exactly."""
    creator = (f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>\n"
               if author else "")
    text = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
{creator}<xmp:CreateDate>{iso_date}</xmp:CreateDate>
<xmp:ModifyDate>{iso_date}</xmp:ModifyDate>
<xmp:MetadataDate>{iso_date}</xmp:MetadataDate>
<xmp:CreatorTool>typeset</xmp:CreatorTool>
<pdf:Producer>{PRODUCER}</pdf:Producer>
<pdf:Trapped>False</pdf:Trapped>
<xmpMM:DocumentID>{_uuid(permanent)}</xmpMM:DocumentID>
<xmpMM:InstanceID>{_uuid(permanent)}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdfxid:GTS_PDFXVersion>{settings.version}</pdfxid:GTS_PDFXVersion>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return text.encode("utf-8")


def overprint(canvas, on: bool) -> None:
    """Fill and stroke overprint with OPM 1: 100% K prints over what is beneath, never knocks out."""
    canvas._setFillOverprint(on)
    canvas._setStrokeOverprint(on)
    canvas._setOverprintMask(on)


def draw_marks(canvas, trim: tuple[float, float, float, float], bleed: float, length: float = 14.17) -> None:
    """Crop marks at the four corners and registration targets at the middle of each side,
    all outside the bleed, in registration colour: 100% of all four plates, so every plate
    shows them (reportlab writes no Separation /All under enforceColorSpace='cmyk')."""
    x0, y0, x1, y1 = trim
    gap = bleed + 2.83  # 1 mm clear of the bleed
    canvas.saveState()
    canvas.setStrokeColorCMYK(1, 1, 1, 1)
    canvas.setLineWidth(0.25)
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            canvas.line(x + sx * gap, y, x + sx * (gap + length), y)  # horizontal, on the trim line
            canvas.line(x, y + sy * gap, x, y + sy * (gap + length))  # vertical
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    r = length / 4
    for px, py in ((cx, y0 - gap - 2 * r), (cx, y1 + gap + 2 * r), (x0 - gap - 2 * r, cy), (x1 + gap + 2 * r, cy)):
        canvas.circle(px, py, r, stroke=1, fill=0)
        canvas.line(px - 1.6 * r, py, px + 1.6 * r, py)
        canvas.line(px, py - 1.6 * r, px, py + 1.6 * r)
    canvas.restoreState()


MARKS_SPACE = 28.35  # points beyond the bleed for marks: 10 mm

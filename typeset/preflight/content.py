"""What the pages draw: colour spaces, transparency, images and their effective resolution, black text.

Each page's content stream (and every form XObject it paints, in its own
resources and matrix) is read operator by operator with the current
transformation matrix tracked through q/Q/cm, because an image's effective
resolution is its pixels divided by the size the CTM gives it on paper.

Rules: DeviceRGB (rg, RG, an RGB image or shading) is an error; so is any
device-independent colour (ICCBased, CalRGB, Lab) in X-1a, where
everything must already be separated; in X-4 an ICC or Lab colour is a
warning (the RIP converts it, the press may not like the result).
Transparency (a soft mask, constant alpha below 1, a blend mode other
than Normal, a transparency group) is an error in X-1a. An image below
`min_ppi` is an error, below `warn_ppi` a warning. Text filled with
C, M or Y ink is a warning: newspaper text is black on the K plate only.
"""
from __future__ import annotations

import math
from decimal import Decimal

import pikepdf

from . import Limits, Report
from .ink import InkBound

_RGB, _CMYK, _GREY = "rgb", "cmyk", "gray"
_PAINT_TEXT = {"Tj", "TJ", "'", '"'}
_DEVICE_COLOUR = {"k": _CMYK, "K": _CMYK, "g": _GREY, "G": _GREY}
# The operators the rules read. qpdf drops the rest (text positioning, paths, fonts: four in five of a
# newspaper page's operators) before Python sees them; "BI ID EI" keeps inline images.
_OPERATORS = ("q Q cm rg RG k K g G cs CS sc scn SC SCN gs sh Do BI ID EI " + " ".join(sorted(_PAINT_TEXT)))


def check(pdf: pikepdf.Pdf, report: Report, kind: str, limits: Limits) -> InkBound:
    """Check every page; return the most ink each page's colours can put down (ink.py)."""
    walker = _Walker(report, kind, limits)
    for number, page in enumerate(pdf.pages, 1):
        group = page.obj.get("/Group")
        if kind == "X-1a" and isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
            walker.flag("transparency", "the page is a transparency group", number)
        walker.walk(page.obj, page.obj.get("/Resources"), number, (1, 0, 0, 1, 0, 0), set())
    return walker.ink


def _mul(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


class _Walker:
    def __init__(self, report: Report, kind: str, limits: Limits):
        self.report, self.kind, self.limits = report, kind, limits
        self._said: set[tuple] = set()
        self._checked_images: dict[tuple, str] = {}
        self.ink = InkBound()

    def flag(self, rule: str, message: str, page: int, level: str = "error") -> None:
        """One finding per rule, message and page, however often the stream repeats it."""
        key = (rule, message, page)
        if key not in self._said:
            self._said.add(key)
            (self.report.error if level == "error" else self.report.warning)(rule, message, page)

    def walk(self, owner, resources, page: int, ctm, forms: set) -> None:
        resources = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()
        try:
            instructions = pikepdf.parse_content_stream(owner, _OPERATORS)
        except pikepdf.PdfError as e:
            self.flag("content", f"unreadable content stream: {e}", page)
            return
        stack = []
        fill = (None, None)  # (space kind, values)
        cmy_text = False  # does the fill put C, M or Y ink on text painted now (the text-k rule)
        stroke = _GREY  # the stroke's space kind (the ink bound needs it for SC/SCN)
        self.ink.page(page)
        self._type3(resources, page)
        for inst in instructions:
            if isinstance(inst, pikepdf.ContentStreamInlineImage):
                self._inline_image(inst.iimage, ctm, page)
                continue
            op = str(inst.operator)
            if op in _PAINT_TEXT:  # nine operators in ten: their operands (the text) are never read
                if cmy_text:
                    self.flag("text-k", "text is filled with C, M or Y ink, not black on the K plate only",
                              page, "warning")
                continue
            args = list(inst.operands)
            if op == "q":
                stack.append((ctm, fill, stroke))
            elif op == "Q" and stack:
                ctm, fill, stroke = stack.pop()
            elif op == "cm" and len(args) == 6:
                ctm = _mul(tuple(float(v) for v in args), ctm)
            elif op in ("rg", "RG"):
                self.flag("rgb", "DeviceRGB colour (rg/RG)", page)
                self.ink.unknown(page, "RGB colour")
                fill = (_RGB, None) if op == "rg" else fill
            elif op in _DEVICE_COLOUR:  # k K g G: a colour in DeviceCMYK or DeviceGray, fill or stroke
                space, values = _DEVICE_COLOUR[op], [float(v) for v in args]
                self.ink.colour(page, space, values)
                if op.islower():
                    fill = (space, values)
                else:
                    stroke = space
            elif op in ("cs", "CS") and args:
                kind = self._space(args[0], resources, page)
                if op == "cs":
                    fill = (kind, None)
                else:
                    stroke = kind
            elif op in ("sc", "scn", "SC", "SCN"):
                self.ink.colour(page, fill[0] if op in ("sc", "scn") else stroke,
                                [float(v) for v in args if isinstance(v, (int, float, Decimal))])
            elif op == "gs" and args:
                self._extgstate(resources, args[0], page)
            elif op == "sh" and args:
                self.ink.unknown(page, "a shading")
                shading = _lookup(resources, "/Shading", args[0])
                if isinstance(shading, pikepdf.Object) and "/ColorSpace" in shading:
                    self._classify(shading.ColorSpace, page)
            elif op == "Do" and args:
                self._xobject(resources, args[0], page, ctm, forms)
            cmy_text = fill[0] == _CMYK and bool(fill[1]) and any(v > 0 for v in fill[1][:3])

    def _type3(self, resources, page: int) -> None:
        """A Type 3 font's glyphs are content streams of their own, which may set colours or draw images."""
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary) and any(
                isinstance(f, pikepdf.Dictionary) and f.get("/Subtype") == "/Type3" for f in fonts.values()):
            self.ink.unknown(page, "a Type 3 font")

    # -- colour ---------------------------------------------------------------

    def _space(self, name, resources, page: int) -> str:
        if isinstance(name, pikepdf.Name) and str(name) in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
            return self._classify(name, page)
        space = _lookup(resources, "/ColorSpace", name)
        return self._classify(space if space is not None else name, page)

    def _classify(self, space, page: int) -> str:
        """The colour kind of a colour space object, flagging what PDF/X or the press forbids."""
        if isinstance(space, pikepdf.Name):
            s = str(space)
            if s in ("/DeviceRGB", "/RGB"):
                self.flag("rgb", "DeviceRGB colour space", page)
                return _RGB
            return {"/DeviceCMYK": _CMYK, "/CMYK": _CMYK, "/DeviceGray": _GREY, "/G": _GREY}.get(s, "other")
        if not isinstance(space, pikepdf.Array) or not len(space):
            return "other"
        family = str(space[0])
        if family == "/ICCBased":
            n = int(space[1].get("/N", 0))
            kind = {1: _GREY, 3: _RGB, 4: _CMYK}.get(n, "other")
            if kind == _RGB:
                self.flag("rgb", "ICC-based RGB colour", page, "error" if self.kind == "X-1a" else "warning")
            elif self.kind == "X-1a":
                self.flag("icc", "ICC-based colour is not allowed in PDF/X-1a", page)
            return kind
        if family in ("/CalRGB", "/Lab", "/CalGray"):
            level = "error" if self.kind == "X-1a" or family == "/CalRGB" else "warning"
            self.flag("rgb" if family == "/CalRGB" else "icc", f"{family[1:]} colour", page, level)
            return _RGB if family == "/CalRGB" else "other"
        if family == "/Indexed" and len(space) > 1:
            return self._classify(space[1], page)
        if family == "/Separation" and len(space) > 2:
            self._classify(space[2], page)
            return "separation"
        if family == "/DeviceN" and len(space) > 2:
            self._classify(space[2], page)
            return "devicen"
        if family == "/Pattern" and len(space) > 1:
            return self._classify(space[1], page)
        return "other"

    def _extgstate(self, resources, name, page: int) -> None:
        gs = _lookup(resources, "/ExtGState", name)
        if not isinstance(gs, pikepdf.Dictionary):
            return
        blending = _blending(gs)
        if blending:
            self.ink.unknown(page, "transparency")  # the colours set no longer bound the ink
        if self.kind == "X-1a":
            for what in blending:
                self.flag("transparency", what, page)

    # -- images and forms ------------------------------------------------------

    def _xobject(self, resources, name, page: int, ctm, forms: set) -> None:
        xo = _lookup(resources, "/XObject", name)
        if not isinstance(xo, pikepdf.Stream):
            return
        subtype = xo.get("/Subtype")
        if subtype == "/Image":
            self._image(xo, str(name)[1:], ctm, page)
        elif subtype == "/Form" and xo.objgen not in forms:
            matrix = tuple(float(v) for v in xo.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            group = xo.get("/Group")
            if self.kind == "X-1a" and isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
                self.flag("transparency", "a transparency group form", page)
            self.walk(xo, xo.get("/Resources") or resources, page, _mul(matrix, ctm), forms | {xo.objgen})

    def _image(self, xo: pikepdf.Stream, name: str, ctm, page: int) -> None:
        if xo.get("/ImageMask") is True:
            return  # a stencil: painted in the fill colour, which is checked where it is set
        self.ink.unknown(page, "an image")
        key = xo.objgen
        if key not in self._checked_images:
            space = xo.get("/ColorSpace")
            self._checked_images[key] = self._classify(space, page) if space is not None else "jpx"
            if "/SMask" in xo and self.kind == "X-1a":
                self.flag("transparency", f"image {name} has a soft mask", page)
        self._placed(name, int(xo.get("/Width", 0)), int(xo.get("/Height", 0)), self._checked_images[key], ctm, page)

    def _inline_image(self, image, ctm, page: int) -> None:
        obj = image.obj
        space = obj.get("/CS", obj.get("/ColorSpace"))
        kind = self._classify(space, page) if space is not None else "mask"
        if not obj.get("/IM", obj.get("/ImageMask", False)):
            self.ink.unknown(page, "an image")
        self._placed("inline", int(obj.get("/W", obj.get("/Width", 0))), int(obj.get("/H", obj.get("/Height", 0))),
                     kind, ctm, page)

    def _placed(self, name: str, width: int, height: int, kind: str, ctm, page: int) -> None:
        a, b, c, d, _, _ = ctm
        w_in, h_in = math.hypot(a, b) / 72, math.hypot(c, d) / 72
        if not (width and height and w_in and h_in):
            return
        ppi = min(width / w_in, height / h_in)
        self.report.images.append({"page": page, "name": name, "pixels": [width, height], "colour": kind,
                                   "ppi": round(ppi, 1), "size_mm": [round(w_in * 25.4, 1), round(h_in * 25.4, 1)]})
        if ppi < self.limits.min_ppi:
            self.flag("ppi", f"image {name} at {ppi:.0f} ppi, below the minimum of {self.limits.min_ppi:g}", page)
        elif ppi < self.limits.warn_ppi:
            self.flag("ppi", f"image {name} at {ppi:.0f} ppi, below {self.limits.warn_ppi:g}", page, "warning")


def _blending(gs: pikepdf.Dictionary) -> list[str]:
    """How this graphics state blends, one phrase each: a soft mask, alpha below 1, a blend mode
    other than Normal (none: it paints opaque)."""
    found = []
    smask = gs.get("/SMask")
    if smask is not None and smask != "/None":
        found.append("a soft mask (SMask) in the graphics state")
    found += [f"constant alpha {key[1:]} below 1" for key in ("/CA", "/ca") if key in gs and float(gs[key]) < 1]
    bm = gs.get("/BM")
    if bm is not None and not all(str(b) in ("/Normal", "/Compatible")
                                  for b in (bm if isinstance(bm, pikepdf.Array) else [bm])):
        found.append(f"blend mode {bm}")
    return found


def _lookup(resources, category: str, name):
    if not isinstance(resources, pikepdf.Dictionary):
        return None
    group = resources.get(category)
    if not isinstance(group, pikepdf.Dictionary):
        return None
    return group.get(str(name)) if isinstance(name, pikepdf.Name) else None

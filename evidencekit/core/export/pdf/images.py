"""Screenshots into the PDF without decoding them (part of the reportlab layer).

reportlab decodes every PNG and deflates the raw pixels again, and recognises JPEGs only by file
extension (the vault stores originals without one). Both formats can go into a PDF as they are:
a JPEG as a DCTDecode stream, a non-interlaced 8-bit grey or RGB PNG as its concatenated IDAT
data under FlateDecode with the PNG predictor. The pixels are the file's own, bit for bit, at a
fraction of the cost. Anything else (alpha, palettes, 16-bit, interlaced, other formats) goes
through reportlab's normal path.
"""

from __future__ import annotations

import logging
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, cast

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

log = logging.getLogger(__name__)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_CHUNK = 1 << 28


class _Document(Protocol):
    """What this module uses of the document a reportlab canvas writes to (as its type stubs
    would have it)."""

    idToObject: dict[str, pdfdoc.PDFObject]

    def getXObjectName(self, name: str) -> str: ...
    def Reference(self, obj: pdfdoc.PDFObject, name: str) -> object: ...
    def addForm(self, name: str, form: pdfdoc.PDFObject) -> None: ...


class _CanvasInternals(Protocol):
    """What this module uses of a reportlab canvas beyond its public API (and its type stubs):
    the document it writes to, and how drawImage registers an image object there."""

    _doc: _Document

    def _setXObjects(self, thing: pdfdoc.PDFObject) -> None: ...


# The name reportlab's drawImage gives an image file's object (not in the type stubs either).
_digester: Callable[[bytes], str] = getattr(pdfdoc, "_digester")


class _PassThroughImage(pdfdoc.PDFImageXObject):
    """An image XObject whose stream is the file's compressed data; with PNG predictor parms.

    The data is read from the file again when reportlab formats the object at save time, not
    held from the moment the image is drawn: reportlab keeps the whole document in memory until
    it saves, and this way each screenshot is in memory once (in the output), not twice.
    """

    # the stubs say str; reportlab writes the stream's bytes as they are, and these are binary
    streamContent: bytes  # type: ignore[assignment]

    def __init__(self, name: str, path: Path, kind: str) -> None:
        super().__init__(name, None)
        self.path = path
        self.kind = kind  # "png" or "jpeg"
        self.decode_parms: dict[str, int] | None = None
        self.streamContent = b""

    def _content(self) -> bytes:
        data = self.path.read_bytes()
        if self.kind == "png":
            parsed = _parse_png(data)
            if parsed is None:
                raise ValueError(f"{self.path} is no longer the PNG it was when it was drawn")
            return parsed[3]
        return data

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        self.streamContent = self._content()
        try:
            if self.decode_parms is None:
                return bytes(super().format(document))
            # PDFImageXObject.format builds the dictionary itself; rebuild it with DecodeParms.
            s = pdfdoc.PDFStream(content=self.streamContent)
            d = s.dictionary
            d["Type"] = pdfdoc.PDFName("XObject")
            d["Subtype"] = pdfdoc.PDFName("Image")
            d["Width"] = self.width
            d["Height"] = self.height
            d["BitsPerComponent"] = self.bitsPerComponent
            d["ColorSpace"] = pdfdoc.PDFName(self.colorSpace)
            d["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            # with /Filter as an array, DecodeParms must be a parallel array (poppler insists)
            d["DecodeParms"] = pdfdoc.PDFArray([pdfdoc.PDFDictionary(dict(self.decode_parms))])
            d["Length"] = len(self.streamContent)
            return bytes(s.format(document))
        finally:
            self.streamContent = b""


def _parse_png(data: bytes) -> tuple[int, int, int, bytes] | None:
    """(width, height, colours, IDAT data) of a PNG that can pass through, else None."""
    if not data.startswith(PNG_MAGIC):
        return None
    pos = 8
    idat: list[bytes] = []
    width = height = 0
    colors = 0
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        if length > MAX_CHUNK or pos + 12 + length > len(data):
            return None
        body = data[pos + 8 : pos + 8 + length]
        if ctype == b"IHDR":
            width, height, depth, color_type, comp, filt, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace != 0 or comp != 0 or filt != 0 or color_type not in (0, 2):
                return None
            colors = 1 if color_type == 0 else 3
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"IEND":
            break
        pos += 12 + length
    if not (width and height and colors and idat):
        return None
    return width, height, colors, b"".join(idat)


def _inflated_size(stream: bytes, limit: int) -> int:
    """How many bytes ``stream`` inflates to (counting stops past ``limit``), a megabyte at a time:
    the pixels are counted, never held (-1 for a damaged stream)."""
    d = zlib.decompressobj()
    n = 0
    data: bytes = stream
    try:
        while data and n <= limit:
            n += len(d.decompress(data, 1 << 20))
            data = d.unconsumed_tail
        while n <= limit and not d.eof:  # what the last call kept back
            chunk = d.decompress(b"", 1 << 20)
            if not chunk:
                break
            n += len(chunk)
    except zlib.error:
        return -1
    return n


def _png(name: str, path: Path, data: bytes) -> _PassThroughImage | None:
    parsed = _parse_png(data)
    if parsed is None:
        return None
    width, height, colors, stream = parsed
    # A truncated or corrupt stream would render as garbage: check it inflates to the right size.
    expected = (width * colors + 1) * height
    if _inflated_size(stream, expected + 1) != expected:
        return None
    obj = _PassThroughImage(name, path, "png")
    obj.width, obj.height = width, height
    obj.bitsPerComponent = 8
    obj.colorSpace = "DeviceGray" if colors == 1 else "DeviceRGB"
    obj.decode_parms = {"Predictor": 15, "Colors": colors, "BitsPerComponent": 8, "Columns": width}
    obj.mask = None
    return obj


def _jpeg(name: str, path: Path, data: bytes) -> _PassThroughImage | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    obj = _PassThroughImage(name, path, "jpeg")
    with open(path, "rb") as f:
        if not obj.loadImageFromJPEG(f):
            return None
    obj.streamContent = b""
    if obj.colorSpace == "DeviceCMYK":
        return None  # Adobe CMYK JPEGs need the inverted Decode array: leave them to reportlab
    if rl_config.useA85:
        return None  # reportlab would want the data ASCII85-encoded; let it do so
    return obj


def register_passthrough(canv: Canvas, path: Path) -> None:
    """Give ``canv`` an undecoded image object for ``path`` under the name reportlab's
    ``drawImage(str(path))`` looks up, so that drawImage reuses it instead of decoding the file.
    Does nothing (reportlab then reads the file itself) when the file cannot pass through."""
    src = str(path)
    internals = cast(_CanvasInternals, canv)
    doc = internals._doc
    name = _digester(f"{src}None".encode("utf-8"))
    reg = doc.getXObjectName(name)
    if doc.idToObject.get(reg) is not None:
        return
    obj = None
    try:
        data = path.read_bytes()
        obj = _png(name, path, data) or _jpeg(name, path, data)
        del data
    except (OSError, struct.error, ValueError) as e:
        log.info("image %s: reportlab will read it (%s)", path, e)
    if obj is not None:
        obj.name = name
        internals._setXObjects(obj)
        doc.Reference(obj, reg)
        doc.addForm(name, obj)

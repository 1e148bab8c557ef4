"""Each revision after the claimant's signature must be one document timestamp and nothing else.

pyHanko's diff policy lets a timestamp revision also change the document information, the XMP
metadata, add unreferenced objects or a DSS; a timestamp from any TSA key can be made by anyone,
so such a revision could carry edits that still "verify". Only what pyHanko's ``timestamp_pdf``
writes is accepted: the new signature field and its value, the field added to the form and to its
page's annotations, the modification date and the XMP dates, every byte of the revision
accounted for.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import BinaryIO

from evidencekit.core.integrity.pdf.pyhanko_adapter import (
    EmbeddedSignature,
    HistoricalResolver,
    PdfFileReader,
    XRefSectionType,
    generic,
    read_trailer,
)
from evidencekit.core.integrity.pdf.status import Problem, SignatureKind

_PDF_DATE = re.compile(r"D:\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2})?)?)?)?)?(Z|[+-]\d{2}'?(\d{2}'?)?)?")
_XMP_VOLATILE = re.compile(rb'((?:xmp:ModifyDate|xmp:MetadataDate|pdf:Producer|x:xmptk)=")[^"]*(")')
_PYHANKO_PRODUCER = re.compile(r"(?:; )?pyHanko [0-9][0-9A-Za-z.+-]*$")
_WS = b" \t\r\n\x0c\x00"
_OBJ_HEADER = re.compile(rb"(\d+)[ \t\r\n\x0c]+(\d+)[ \t\r\n\x0c]+obj")
_XREF = re.compile(rb"xref(?:\r\n|\r|\n)")
_XREF_SUBSECTION = re.compile(rb"(\d+) (\d+)(?:\r\n|\r|\n)")
_XREF_ROW = re.compile(rb"\d{10} \d{5} [nf](?:\r\n| \n| \r)")
_TRAILER = re.compile(rb"trailer[ \t\r\n\x0c]*")
_STARTXREF = re.compile(rb"[ \t\r\n\x0c]*startxref[ \t\r\n\x0c]+(\d+)[ \t\r\n\x0c]+%%EOF(?:\r\n|\r|\n)?")
_FIELD_KEYS = {"/FT", "/T", "/TU", "/Type", "/Subtype", "/F", "/Rect", "/P", "/V"}
_DOCTS_KEYS = {"/Type", "/Filter", "/SubFilter", "/ByteRange", "/Contents"}
_TRAILER_KEYS = {"/Root", "/Info", "/ID", "/Size", "/Prev"}

_Key = tuple[int, int]


def later_revision_problem(r: PdfFileReader, f: BinaryIO, sigs: Sequence[EmbeddedSignature]) -> Problem | None:
    """The first revision after the claimant's signature that is not a plain document timestamp.

    Args:
        r: pyHanko's reader over ``f``.
        f: the PDF, open for reading.
        sigs: the document's signatures in signing order (the first is the claimant's).

    Returns:
        None when every later revision is a document timestamp as pyHanko writes it, else what the
        first other one holds (the analysis stops there: what follows builds on it).

    Raises:
        Whatever pyHanko raises on a revision it cannot parse (the caller reports it).
    """
    if not sigs:
        return None
    first = sigs[0].revision
    by_rev: dict[int, list[EmbeddedSignature]] = {}
    for s in sigs:
        by_rev.setdefault(s.revision, []).append(s)
    prev_end = _range_end(sigs[0])
    for rev in range(first + 1, r.xrefs.total_revisions):
        label = f"revision {rev + 1}"
        here = by_rev.get(rev, [])
        if len(here) != 1 or here[0].kind is not SignatureKind.DOC_TIMESTAMP:
            return Problem("pdf.revision.not_timestamp", f"{label} was added after the signature and is not a "
                           "document timestamp", {"revision": rev + 1})
        ts = here[0]
        why = _tile_revision(r, f, rev, prev_end, _range_end(ts)) or _revision_objects(r, rev, ts)
        if why:
            return why.within(f"{label} (document timestamp {ts.field}): ", revision=rev + 1, field=ts.field)
        prev_end = _range_end(ts)
    return None


def _range_end(s: EmbeddedSignature) -> int:
    br = s.byte_range
    return br[2] + br[3]


def _tile_revision(r: PdfFileReader, f: BinaryIO, rev: int, start: int, end: int) -> Problem | None:
    """Every byte in [start, end) is an object of this revision, its xref table or its trailer."""
    meta = r.xrefs.get_xref_container_info(rev)
    data = r.xrefs.get_xref_data(rev)
    if meta.xref_section_type != XRefSectionType.STANDARD or data.xrefs_in_objstm or data.hybrid is not None:
        return Problem("pdf.revision.not_plain_update", "not written as a plain incremental update")
    if set(data.freed) - {0}:
        return Problem("pdf.revision.objects_deleted", "objects were deleted")
    if end <= start:
        return Problem("pdf.revision.bad_byte_range", "bad byte range")
    f.seek(start)
    buf = f.read(end - start)
    pos = 0

    def skip_ws(p: int) -> int:
        while p < len(buf) and buf[p] in _WS:
            p += 1
        return p

    objs = sorted((off, idnum, gen) for idnum, (gen, off) in data.standard_xrefs.items())
    for off, idnum, gen in objs:
        pos = skip_ws(pos)
        if start + pos != off:
            return Problem("pdf.revision.stray_bytes", "bytes that belong to no object")
        m = _OBJ_HEADER.match(buf, pos)
        if not m or (int(m.group(1)), int(m.group(2))) != (idnum, gen):
            return Problem("pdf.revision.object_misplaced", f"object {idnum} is not where the xref table says",
                           {"object": idnum})
        stream = io.BytesIO(buf)
        stream.seek(skip_ws(m.end()))
        generic.read_object(stream, generic.Reference(idnum, gen, r))
        pos = skip_ws(stream.tell())
        if buf[pos : pos + 6] != b"endobj":
            return Problem("pdf.revision.object_trailing_bytes", f"object {idnum} holds bytes after its value",
                           {"object": idnum})
        pos += 6
    pos = skip_ws(pos)
    if start + pos != meta.declared_startxref:
        return Problem("pdf.revision.bytes_before_xref", "bytes between the objects and the xref table")
    m = _XREF.match(buf, pos)
    if not m:
        return Problem("pdf.revision.no_xref", "no xref table where startxref points")
    pos = m.end()
    while (m := _XREF_SUBSECTION.match(buf, pos)) is not None:
        pos = m.end()
        for _ in range(int(m.group(2))):
            if not _XREF_ROW.match(buf, pos):
                return Problem("pdf.revision.malformed_xref", "a malformed xref table")
            pos += 20
    m = _TRAILER.match(buf, pos)
    if not m:
        return Problem("pdf.revision.no_trailer", "no trailer after the xref table")
    stream = io.BytesIO(buf)
    stream.seek(m.end())
    trailer = read_trailer(stream, r)
    m = _STARTXREF.match(buf, stream.tell())
    if not m or int(m.group(1)) != meta.declared_startxref or m.end() != len(buf):
        return Problem("pdf.revision.bytes_after_trailer", "bytes after the trailer")
    prev = r.get_historical_resolver(rev - 1).trailer_view
    if not isinstance(trailer, generic.DictionaryObject) or set(trailer) - _TRAILER_KEYS:
        return Problem("pdf.revision.trailer_entries", "the trailer was given new entries")
    for key in ("/Root", "/Info"):
        if trailer.raw_get(key) != prev.raw_get(key):
            return Problem("pdf.revision.trailer_changed", f"the trailer's {key} was changed", {"key": key})
    if "/ID" in prev and trailer.raw_get("/ID")[0] != prev.raw_get("/ID")[0]:
        return Problem("pdf.revision.document_id", "the document ID was changed")
    return None


def _ref_of(obj: generic.PdfObject) -> generic.Reference | None:
    return obj.reference if isinstance(obj, generic.IndirectObject) else None


def _key(ref: generic.Reference) -> _Key:
    return (ref.idnum, ref.generation)


def _revision_objects(r: PdfFileReader, rev: int, ts: EmbeddedSignature) -> Problem | None:
    """The objects a document-timestamp revision may write, and how each may differ."""
    old = r.get_historical_resolver(rev - 1)
    new = r.get_historical_resolver(rev)
    sig_ref = ts.dictionary_ref
    field_ref = ts.field_ref
    root_ref = _ref_of(new.trailer_view.raw_get("/Root"))
    info_ref = _ref_of(new.trailer_view.raw_get("/Info")) if "/Info" in new.trailer_view else None
    written = {(x.idnum, x.generation) for x in r.xrefs.explicit_refs_in_revision(rev)} - {(0, 65535)}
    checked: set[_Key] = set()

    def existed(ref: generic.Reference) -> bool:
        return r.xrefs.get_historical_ref(ref, rev - 1) is not None

    # the new field and its signature dictionary
    if existed(sig_ref) or existed(field_ref):
        return Problem("pdf.revision.reused_object", "the timestamp reuses an existing object")
    sig = new.get_object(sig_ref)
    if not isinstance(sig, generic.DictionaryObject) or set(sig) - _DOCTS_KEYS or \
            sig.get("/Type") != "/DocTimeStamp" or sig.get("/SubFilter") != "/ETSI.RFC3161":
        return Problem("pdf.revision.timestamp_dictionary",
                       "the timestamp's signature dictionary holds more than a timestamp")
    fld = new.get_object(field_ref)
    if not isinstance(fld, generic.DictionaryObject) or set(fld) - _FIELD_KEYS or fld.get("/FT") != "/Sig" or \
            _ref_of(fld.raw_get("/V")) != sig_ref:
        return Problem("pdf.revision.timestamp_field", "the timestamp field holds more than an invisible signature field")
    rect = [float(x) for x in fld.get("/Rect", [0, 0, 0, 0])]
    if len(rect) != 4 or (rect[0] != rect[2] and rect[1] != rect[3]):
        return Problem("pdf.revision.visible_field", "the timestamp field is visible on the page")
    checked |= {_key(sig_ref), _key(field_ref)}

    def same_except(ref: generic.Reference, allowed: set[str], what: str,
                    code: str) -> tuple[generic.DictionaryObject, generic.DictionaryObject, set[str]] | Problem:
        """Both versions of ``ref`` (a dictionary) and which keys differ; a Problem when more than
        ``allowed`` do."""
        a, b = old.get_object(ref), new.get_object(ref)
        if not isinstance(a, generic.DictionaryObject) or not isinstance(b, generic.DictionaryObject):
            return Problem("pdf.revision.object_type", f"{what} an object changed type", {"part": what})
        changed = {k for k in set(a) | set(b) if k not in a or k not in b or a.raw_get(k) != b.raw_get(k)}
        if changed - allowed:
            keys = ", ".join(sorted(changed - allowed))
            return Problem(code, f"{what} changed {keys}", {"keys": keys})
        return a, b, changed

    # the catalog: rewritten by pyHanko, its entries unchanged (the form and metadata by reference)
    if root_ref is None:
        return Problem("pdf.revision.catalog_not_indirect", "the catalog is not an indirect object")
    if _key(root_ref) in written:
        res = same_except(root_ref, set(), "the catalog", "pdf.revision.catalog_changed")
        if isinstance(res, Problem):
            return res
        checked.add(_key(root_ref))
    root = new.root
    # the form: one more field
    af_ref = _ref_of(root.raw_get("/AcroForm")) if "/AcroForm" in root else None
    if af_ref is None or _key(af_ref) not in written:
        return Problem("pdf.revision.field_not_in_form", "the timestamp field is not in the form")
    res = same_except(af_ref, {"/Fields", "/SigFlags"}, "the form", "pdf.revision.form_changed")
    if isinstance(res, Problem):
        return res
    a, b, _ = res
    if b.get("/SigFlags", 3) != 3 or not _one_more(a, b, "/Fields", field_ref, written, checked):
        return Problem("pdf.revision.form_fields", "the form's field list changed beyond the timestamp field")
    checked.add(_key(af_ref))
    # the page: one more annotation
    page_ref = _ref_of(fld.raw_get("/P")) if "/P" in fld else None
    if page_ref is not None and _key(page_ref) in written:
        res = same_except(page_ref, {"/Annots"}, "the page", "pdf.revision.page_changed")
        if isinstance(res, Problem):
            return res
        a, b, _ = res
        if not _one_more(a, b, "/Annots", field_ref, written, checked):
            return Problem("pdf.revision.page_annotations", "the page's annotations changed beyond the timestamp field")
        checked.add(_key(page_ref))
    # the document information: the modification date (and pyHanko's producer suffix)
    if info_ref is not None and _key(info_ref) in written:
        res = same_except(info_ref, {"/ModDate", "/Producer"}, "the document information", "pdf.revision.info_changed")
        if isinstance(res, Problem):
            return res
        a, b, changed = res
        if "/ModDate" in changed and not _PDF_DATE.fullmatch(str(b.get("/ModDate", ""))):
            return Problem("pdf.revision.modification_date", "the modification date is not a date")
        if "/Producer" in changed and _PYHANKO_PRODUCER.sub("", str(a.get("/Producer") or "")) != \
                _PYHANKO_PRODUCER.sub("", str(b.get("/Producer") or "")):
            return Problem("pdf.revision.info_changed", "the document information changed /Producer",
                           {"keys": "/Producer"})
        checked.add(_key(info_ref))
    # the XMP metadata: only its dates and producer
    md_ref = _ref_of(root.raw_get("/Metadata")) if "/Metadata" in root else None
    if md_ref is not None and _key(md_ref) in written:
        why = _xmp_dates_only(old, new, md_ref)
        if why:
            return why
        checked.add(_key(md_ref))
    extra = written - checked
    if extra:
        objects = ", ".join(f"{i} {g}" for i, g in sorted(extra)[:8])
        return Problem("pdf.revision.extra_objects", f"it also writes object(s) {objects}", {"objects": objects})
    return None


def _xmp_dates_only(old: HistoricalResolver, new: HistoricalResolver, md_ref: generic.Reference) -> Problem | None:
    """The XMP metadata stream at ``md_ref`` differs only in its dates and producer."""
    old_root = old.root
    if "/Metadata" not in old_root or _ref_of(old_root.raw_get("/Metadata")) != md_ref:
        return Problem("pdf.revision.xmp_replaced", "the XMP metadata was replaced")
    a_md, b_md = old.get_object(md_ref), new.get_object(md_ref)
    if not isinstance(a_md, generic.StreamObject) or not isinstance(b_md, generic.StreamObject):
        return Problem("pdf.revision.xmp_not_stream", "the XMP metadata is not a stream")
    if set(a_md) - {"/Length"} != set(b_md) - {"/Length"} or any(
            a_md.raw_get(k) != b_md.raw_get(k) for k in set(a_md) - {"/Length"}):
        return Problem("pdf.revision.xmp_dictionary", "the XMP metadata dictionary changed")
    if _XMP_VOLATILE.sub(rb"\1\2", a_md.data) != _XMP_VOLATILE.sub(rb"\1\2", b_md.data):
        return Problem("pdf.revision.xmp_changed", "the XMP metadata changed beyond its dates")
    return None


def _one_more(a: generic.DictionaryObject, b: generic.DictionaryObject, name: str, item: generic.Reference,
              written: set[_Key], checked: set[_Key]) -> bool:
    """``b[name]`` is ``a[name]`` with ``item`` appended (the array itself may be indirect and rewritten)."""

    def entries(d: generic.DictionaryObject) -> tuple[list[object], generic.Reference | None]:
        if name not in d:
            return [], None
        raw = d.raw_get(name)
        ref = _ref_of(raw)
        arr = raw.get_object()
        if not isinstance(arr, generic.ArrayObject):
            raise TypeError(f"{name} is not an array")
        return [x.reference if isinstance(x, generic.IndirectObject) else x for x in arr], ref

    old_l, old_ref = entries(a)
    new_l, new_ref = entries(b)
    if old_ref is not None and old_ref != new_ref:
        return False
    if new_ref is not None and _key(new_ref) in written:
        checked.add(_key(new_ref))
    return new_l == [*old_l, item]

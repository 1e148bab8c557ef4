"""One PDF out of several, written while it is read, with bookmarks.

The layout writes the bundle as a series of small PDFs (the front matter, a few exhibits at a
time, the back matter) because reportlab keeps a whole document in memory until it saves it.
:class:`Assembler` appends each part's pages to the bundle as soon as the part exists: it reads
the part with pyHanko's parser one object at a time, renumbers the references, writes the object
out and forgets it. What stays in memory between parts is an offset per object and a reference
per page, so a bundle of a thousand exhibits costs about what a bundle of ten does.

Subset font names are made unique across parts (each part's reportlab document starts its subset
tags again at ``AAAAAA``, and the PDF specification asks that different subsets in one file have
different tags).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Self

from evidencekit.core.integrity.pdf.pyhanko_adapter import PdfError, PdfFileReader, generic

from evidencekit.errors import ExportError

_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# A link a part makes to a page of the whole bundle (which it cannot reference itself): a URI
# action ``evidencekit-page:N`` (1-based) becomes a GoTo to that page here.
PAGE_LINK = "evidencekit-page:"
_TAGGED = re.compile(r"^/([A-Z]{6})\+")


@dataclass(frozen=True)
class Bookmark:
    """An entry of the bundle's outline: a title and the page (0-based) it opens."""

    title: str
    page: int
    children: tuple[Bookmark, ...] = ()
    open: bool = True


@dataclass
class _Out:
    f: IO[bytes]
    offsets: dict[int, int] = field(default_factory=dict)
    next_num: int = 1

    def reserve(self) -> int:
        n = self.next_num
        self.next_num += 1
        return n

    def write(self, num: int, obj: generic.PdfObject) -> None:
        self.offsets[num] = self.f.tell()
        self.f.write(b"%d 0 obj\n" % num)
        obj.write_to_stream(self.f)
        self.f.write(b"\nendobj\n")


def _ref(num: int) -> generic.IndirectObject:
    return generic.IndirectObject(num, 0, None)


def _subset_tag(n: int) -> str:
    letters = []
    for _ in range(6):
        n, r = divmod(n, 26)
        letters.append(chr(ord("A") + r))
    return "".join(reversed(letters))


class Assembler:
    """Writes the bundle PDF at ``out`` from parts appended in order.

    Use as a context manager: ``add`` each part, then ``finish``. Leaving the block without
    ``finish`` (an error, a cancel) removes the incomplete file.
    """

    def __init__(self, out: Path, pages: int = 0) -> None:
        """``pages``: the number of pages the parts will have, when known; links to pages
        (:data:`PAGE_LINK`) need it, since a link may point to a part not yet added."""
        self.path = Path(out)
        self._expected = pages
        self._slots: list[int] = []
        self._f: IO[bytes] | None = None
        self._out: _Out | None = None
        self._pages: list[int] = []
        self._pages_num = 0
        self._tags = 0
        self._finished = False

    def __enter__(self) -> Self:
        self._f = open(self.path, "wb", buffering=1 << 20)
        self._out = _Out(self._f)
        # the version a signature with embedded files and document timestamps needs
        self._f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self._pages_num = self._out.reserve()
        self._slots = [self._out.reserve() for _ in range(self._expected)]
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._f is not None
        self._f.close()
        if not self._finished:
            self.path.unlink(missing_ok=True)

    @property
    def pages(self) -> int:
        return len(self._pages)

    def add(self, part: Path) -> int:
        """Append every page of the PDF ``part`` (and what the pages use); returns their number.

        Raises:
            ExportError: the part cannot be read as a PDF.
        """
        assert self._out is not None, "use Assembler as a context manager"
        out = self._out
        try:
            with open(part, "rb") as fh:
                reader = PdfFileReader(fh, strict=False)
                numbers: dict[tuple[int, int], int] = {}
                queue: deque[generic.IndirectObject] = deque()
                tags: dict[str, str] = {}

                def ref(x: generic.IndirectObject) -> generic.IndirectObject:
                    key = (x.idnum, x.generation)
                    n = numbers.get(key)
                    if n is None:
                        n = numbers[key] = out.reserve()
                        queue.append(x)
                    return _ref(n)

                def copy(obj: generic.PdfObject) -> generic.PdfObject:
                    if isinstance(obj, generic.IndirectObject):
                        return ref(obj)
                    if isinstance(obj, generic.StreamObject):
                        d = {k: copy(v) for k, v in dict.items(obj) if k != "/Length"}
                        return generic.StreamObject(d, encoded_data=obj.encoded_data)
                    if isinstance(obj, generic.DictionaryObject):
                        link = self._page_link(obj)
                        if link is not None:
                            return link
                        d = {k: copy(v) for k, v in dict.items(obj)}
                        if dict.get(obj, "/Type") in ("/Font", "/FontDescriptor"):
                            self._retag(d, tags)
                        return generic.DictionaryObject(d)
                    if isinstance(obj, generic.ArrayObject):
                        return generic.ArrayObject([copy(v) for v in list.__iter__(obj)])
                    return obj

                pages = list(_pages_of(reader))
                start = len(self._pages)
                if self._slots and start + len(pages) > len(self._slots):
                    raise ValueError(f"more pages than the {len(self._slots)} announced")
                for i, (page_ref, _) in enumerate(pages):
                    # numbered first: a page is written only here, never via a reference
                    numbers[(page_ref.idnum, page_ref.generation)] = (
                        self._slots[start + i] if self._slots else out.reserve())
                for page_ref, page in pages:
                    d = {k: v for k, v in dict.items(page) if k != "/Parent"}
                    for key, value in _inherited(page).items():
                        d.setdefault(key, value)
                    num = numbers[(page_ref.idnum, page_ref.generation)]
                    page_obj = generic.DictionaryObject({k: copy(v) for k, v in d.items()})
                    page_obj["/Parent"] = _ref(self._pages_num)
                    out.write(num, page_obj)
                    self._pages.append(num)
                    while queue:
                        x = queue.popleft()
                        out.write(numbers[(x.idnum, x.generation)], copy(x.get_object()))
        except (OSError, PdfError, ValueError, KeyError) as e:
            raise ExportError(f"cannot assemble the bundle from {part.name}: {e}") from e
        return len(pages)

    def _page_link(self, obj: generic.DictionaryObject) -> generic.DictionaryObject | None:
        """A GoTo action for a URI action that names a bundle page, else None."""
        if dict.get(obj, "/S") != "/URI" or not self._slots:
            return None
        uri = dict.get(obj, "/URI")
        if isinstance(uri, bytes):
            uri = uri.decode("latin-1")
        if not isinstance(uri, str) or not uri.startswith(PAGE_LINK) or not uri[len(PAGE_LINK):].isdigit():
            return None
        page = min(max(int(uri[len(PAGE_LINK):]), 1), len(self._slots))
        return generic.DictionaryObject({
            "/S": generic.NameObject("/GoTo"),
            "/D": generic.ArrayObject([_ref(self._slots[page - 1]), generic.NameObject("/Fit")]),
        })

    def _retag(self, d: dict[str, generic.PdfObject], tags: dict[str, str]) -> None:
        for key in ("/BaseFont", "/FontName"):
            v = d.get(key)
            if not isinstance(v, str) or (m := _TAGGED.match(v)) is None:
                continue
            new = tags.get(m.group(1))
            if new is None:
                new = tags[m.group(1)] = _subset_tag(self._tags)
                self._tags += 1
            d[key] = generic.NameObject(f"/{new}+{v[8:]}")

    def finish(self, *, info: Mapping[str, str | dt.datetime], bookmarks: Sequence[Bookmark] = (), lang: str = "",
               doc_id: bytes = b"") -> None:
        """Write the page tree, the outline, the document information, the catalog and the
        cross-reference table; the file is complete after this."""
        assert self._out is not None and self._f is not None
        out = self._out
        if not self._pages:
            raise ExportError("the bundle has no pages")
        if self._slots and len(self._pages) != len(self._slots):
            raise ExportError(f"the bundle has {len(self._pages)} pages, not the {len(self._slots)} announced")
        out.write(self._pages_num, generic.DictionaryObject({
            "/Type": generic.NameObject("/Pages"),
            "/Kids": generic.ArrayObject([_ref(n) for n in self._pages]),
            "/Count": generic.NumberObject(len(self._pages)),
        }))
        catalog: dict[str, generic.PdfObject] = {
            "/Type": generic.NameObject("/Catalog"),
            "/Pages": _ref(self._pages_num),
            "/ViewerPreferences": generic.DictionaryObject({"/DisplayDocTitle": generic.BooleanObject(True)}),
        }
        if lang:
            catalog["/Lang"] = generic.TextStringObject(lang)
        if bookmarks:
            catalog["/Outlines"] = _ref(self._outline(bookmarks))
            catalog["/PageMode"] = generic.NameObject("/UseOutlines")
        root = out.reserve()
        out.write(root, generic.DictionaryObject(catalog))
        info_num = out.reserve()
        out.write(info_num, generic.DictionaryObject(
            {f"/{k}": (generic.pdf_date(v) if isinstance(v, dt.datetime) else generic.TextStringObject(v))
             for k, v in info.items() if v}
        ))
        ident = generic.ByteStringObject(doc_id or hashlib.md5(repr(info).encode()).digest())
        xref = self._f.tell()
        size = out.next_num
        lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
        for n in range(1, size):
            lines.append(b"%010d 00000 n \n" % out.offsets[n])
        self._f.write(b"".join(lines))
        self._f.write(b"trailer\n")
        generic.DictionaryObject({
            "/Size": generic.NumberObject(size),
            "/Root": _ref(root),
            "/Info": _ref(info_num),
            "/ID": generic.ArrayObject([ident, ident]),
        }).write_to_stream(self._f)
        self._f.write(b"\nstartxref\n%d\n%%%%EOF\n" % xref)
        self._f.flush()
        self._finished = True

    def _outline(self, marks: Sequence[Bookmark]) -> int:
        out = self._out
        assert out is not None
        root = out.reserve()
        first, last, count = self._outline_level(marks, root)
        out.write(root, generic.DictionaryObject({
            "/Type": generic.NameObject("/Outlines"),
            "/First": _ref(first),
            "/Last": _ref(last),
            "/Count": generic.NumberObject(count),
        }))
        return root

    def _outline_level(self, marks: Sequence[Bookmark], parent: int) -> tuple[int, int, int]:
        """Write one level of the outline; returns (first, last, visible count)."""
        out = self._out
        assert out is not None
        nums = [out.reserve() for _ in marks]
        visible = len(marks)
        for i, (m, num) in enumerate(zip(marks, nums, strict=True)):
            page = self._pages[min(max(m.page, 0), len(self._pages) - 1)]
            d: dict[str, generic.PdfObject] = {
                "/Title": generic.TextStringObject(m.title),
                "/Parent": _ref(parent),
                "/Dest": generic.ArrayObject([_ref(page), generic.NameObject("/Fit")]),
            }
            if i:
                d["/Prev"] = _ref(nums[i - 1])
            if i + 1 < len(nums):
                d["/Next"] = _ref(nums[i + 1])
            if m.children:
                first, last, count = self._outline_level(m.children, num)
                d["/First"], d["/Last"] = _ref(first), _ref(last)
                d["/Count"] = generic.NumberObject(count if m.open else -count)
                if m.open:
                    visible += count
            out.write(num, generic.DictionaryObject(d))
        return nums[0], nums[-1], visible


def _pages_of(reader: PdfFileReader) -> Iterator[tuple[generic.IndirectObject, generic.DictionaryObject]]:
    """The page objects of ``reader`` in order, with their references."""
    stack = [iter(list.__iter__(reader.root["/Pages"].raw_get("/Kids")))]
    seen: set[tuple[int, int]] = set()
    while stack:
        kid = next(stack[-1], None)
        if kid is None:
            stack.pop()
            continue
        if not isinstance(kid, generic.IndirectObject) or (kid.idnum, kid.generation) in seen:
            raise ValueError("malformed page tree")
        seen.add((kid.idnum, kid.generation))
        node = kid.get_object()
        if dict.get(node, "/Type") == "/Pages":
            stack.append(iter(list.__iter__(node.raw_get("/Kids"))))
        else:
            yield kid, node


def _inherited(page: generic.DictionaryObject) -> dict[str, generic.PdfObject]:
    """The inheritable attributes a page takes from its ancestors in the page tree."""
    found: dict[str, generic.PdfObject] = {}
    node = page
    for _ in range(64):
        parent = dict.get(node, "/Parent")
        if not isinstance(parent, generic.IndirectObject):
            break
        node = parent.get_object()
        for key in _INHERITED:
            if key in node and key not in page and key not in found:
                found[key] = dict.__getitem__(node, key)
    return found

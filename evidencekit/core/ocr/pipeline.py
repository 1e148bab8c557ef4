"""Screenshot → :class:`OcrResult`: the stages put together, one file or a batch in parallel.

The stages (each in its own module, each testable alone):

1. :func:`stages.decode` — PNG/JPEG/WebP/HEIC to RGB, decompression bombs refused;
2. :func:`segment.segment` — page background (theme), bubbles, text lines, bars;
3. layout — status bar, header, time separators, bubbles, input field told apart;
4. :func:`compose.prepare_region` — each region normalised to dark text on white, scaled, cut
   into lines and stacked into one composite image per screenshot;
5. one engine call per model (chi_sim, then chi_tra) for the composites of a few screenshots,
   each read as its own page; :func:`traditional_score` picks the script, region by region only
   a clearly surer reading differs;
6. :func:`text.lines_text` — CJK spaces removed, punctuation kept, lines joined;
7. time labels resolved, facts extracted and messages classified (``evidencekit.core.analysis``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import statistics
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from evidencekit.core.analysis.classify import classify, mark_misdirected
from evidencekit.core.analysis.facts import extract_facts
from evidencekit.core.analysis.timeparse import DATE_RE, looks_like_time_label, resolve_time_label
from evidencekit.core.models import EngineInfo, Fact, Label, Message, OcrResult
from evidencekit.core.ocr.compose import assign_lines, compose, prepare_region
from evidencekit.core.ocr.engine import OcrEngine, OcrLine, OcrWord
from evidencekit.core.ocr.script import script_scores, to_simplified, to_traditional
from evidencekit.core.ocr.segment import Region, assign_sides, segment, split_columns
from evidencekit.core.ocr.stages import decode, dominant_color, is_dark, to_array
from evidencekit.core.ocr.text import is_han, lines_text
from evidencekit.core.progress import CancelToken, Progress, Step, no_progress
from evidencekit.errors import Cancelled, EvidenceKitError, MissingDependencyError, OcrError

log = logging.getLogger(__name__)

#: Bump when the pipeline changes in a way that changes results (part of the cache key).
PIPELINE_VERSION = "2"

#: Text an input field shows before one types (the bottom of every screenshot).
_PLACEHOLDER = re.compile(
    r"^[+＋十]?\s*(短信|簡訊|简讯|信息|訊息|彩信|iMessage|Text\s*message|RCS.*|文字讯息|文字訊息|"
    r"发送短信|發送簡訊|输入|輸入|聊天|Message|SMS|短信/彩信|簡訊/多媒體訊息)\s*\W*$",
    re.IGNORECASE,
)


_LOOSE_TIME = re.compile(r"\d[:：]\d{2}|\d+\s*月\s*\d+\s*日|星期[一二三四五六日天]|今天|昨天|今日|昨日|[Yy]esterday|[Tt]oday")


@dataclass(frozen=True, slots=True)
class Layout:
    """A screenshot's regions sorted by role."""

    header: list[Region]
    body: list[Region]  # bubbles and the text lines between them, top to bottom
    theme: str


def layout(arr: np.ndarray) -> Layout:
    """Find the roles of the regions of a screenshot (H x W x 3 array).

    The status bar (the top few per cent) is dropped; the text above the first bubble is the
    header (split into pieces, icons left out; a time separator among it is recognised by its
    text later); of the text after the last bubble only a time stamp right under it is kept (the
    input field is not).
    """
    h, w = arr.shape[:2]
    bg = dominant_color(arr)
    regions = assign_sides(segment(arr, bg), w)
    min_h = max(6, int(h * 0.004))
    regions = [r for r in regions if r.kind == "bar" or r.bbox[3] >= min_h]
    # the status bar (clock, signal, battery): the top few per cent, never more than a bar's height
    status_limit = min(0.07 * h, 0.12 * w)
    # (a bubble there is a battery icon unless it is tall enough to hold text: cropped screenshots)
    kept = [r for r in regions if r.kind != "bar"
            and not (r.y1 <= status_limit and (r.kind == "text" or r.bbox[3] < 0.03 * h or r.bbox[2] < 0.12 * w))]
    bubbles = [i for i, r in enumerate(kept) if r.kind == "bubble"]
    if not bubbles:
        return Layout([], [r for r in kept if r.kind == "text"], "dark" if is_dark(bg) else "light")
    first, last = bubbles[0], bubbles[-1]
    header: list[Region] = []
    for r in kept[:first]:
        if r.kind == "text" and r.y1 < 0.3 * h:
            header.extend(split_columns(arr, r))
        else:
            header.append(r)
    header = _drop_icons(header, w)
    # text right under the last bubble may be its time stamp; the input field further down is not
    tail = [r for r in kept[last + 1:] if r.kind == "text" and r.y0 - kept[last].y1 < 0.03 * h]
    body = kept[first:last + 1] + tail
    # Text just above the first bubble may be its time separator: keep those lines in the header
    # list for now, they are told apart by their text after recognition.
    return Layout(header, body, "dark" if is_dark(bg) else "light")


def _drop_icons(header: list[Region], width: int) -> list[Region]:
    """Leave out the header's icons: the back arrow, call/menu buttons, the avatar circle."""
    texts = [r for r in header if r.kind == "text"]
    if not texts:
        return header
    min_h = min(r.bbox[3] for r in texts)
    out = []
    for r in header:
        x, _, w, h = r.bbox
        squarish = w <= 1.4 * h
        if r.kind == "text" and (x + w < 0.15 * width or x > 0.72 * width or (squarish and h > 1.6 * min_h)):
            continue
        out.append(r)
    return out


@dataclass(frozen=True, slots=True)
class _Pass:
    lang: str
    texts: list[str]
    confs: list[float]
    info: dict[str, Any]
    line_texts: list[list[str]]
    line_confs: list[list[float]]
    words: list[list[OcrWord]]


#: Above this :func:`traditional_score` the screenshot is taken as Traditional Chinese. On the
#: samples, re-rendered at 0.45x–1.7x, Simplified scored -24…+4.9 and Traditional +12.4…+39.
TRADITIONAL_SCORE = 8.0


def traditional_score(sim_words: list[OcrWord], tra_words: list[OcrWord]) -> float:
    """How much surer the Traditional model is than the Simplified one on the same text.

    Each model reads the other script's glyphs as its own characters, and confidently, so the
    plain mean confidence hardly separates them. The characters that differ between the scripts
    (还/還) separate them better: the wrong model is clearly less sure of exactly those. The
    score adds the two differences (Traditional minus Simplified) of mean confidence: over the
    words holding such characters, and over all words.
    """
    def conv(words: list[OcrWord], other: Any) -> list[float]:
        return [w.confidence for w in words
                if any(is_han(c) for c in w.text) and other(w.text) != w.text]

    def mean(xs: list[float]) -> float:
        return statistics.fmean(xs) if xs else 0.0

    sim_conv = conv(sim_words, to_traditional)
    tra_conv = conv(tra_words, to_simplified)
    d_conv = mean(tra_conv) - mean(sim_conv) if sim_conv and tra_conv else 0.0
    d_all = mean([w.confidence for w in tra_words]) - mean([w.confidence for w in sim_words])
    return d_conv + d_all


def read_image(img: Image.Image, *, engine: OcrEngine, reference_time: datetime | None = None,
               sha256: str = "", script_hint: str | None = None) -> OcrResult:
    """Read one decoded screenshot.

    Args:
        img: the screenshot.
        engine: the recogniser.
        reference_time: when the screenshot was taken (EXIF or file time, local); resolves
            "今天", "昨天", "星期三" and dates without a year.
        sha256: the original file's digest, copied into the result.
        script_hint: "zh-Hans" or "zh-Hant" to skip script detection.

    Returns:
        The messages in order, the header's sender, the full text and the engine record.

    Raises:
        MissingDependencyError: tesseract or its language data is missing.
        OcrError: the engine failed.
    """
    page = prepare_page(img)
    passes = _read_pages([page], engine, script_hint)[0]
    return _finish_page(page, passes, engine=engine, reference_time=reference_time, sha256=sha256,
                        script_hint=script_hint)



@dataclass(frozen=True, slots=True)
class Page:
    """A screenshot prepared for recognition: its layout and its regions as normalised images."""

    layout: Layout
    regions: list[Region]
    prepared: list[Image.Image]
    size: tuple[int, int]  # width, height of the screenshot


def prepare_page(img: Image.Image) -> Page:
    """Segment a screenshot and prepare each region for the engine (no recognition yet)."""
    arr = to_array(img)
    lay = layout(arr)
    bg = dominant_color(arr)
    regions = lay.header + lay.body
    prepared = [prepare_region(arr, r, bg) for r in regions]
    return Page(lay, regions, prepared, (arr.shape[1], arr.shape[0]))


def read_images(images: list[Image.Image], *, engine: OcrEngine, reference_times: list[datetime | None] | None = None,
                sha256s: list[str] | None = None, script_hint: str | None = None) -> list[OcrResult]:
    """Read several screenshots with one engine call per language for all of them: loading a
    Chinese model costs about as much as reading a screenshot, so it is paid once per batch.

    Args and Raises: as :func:`read_image`, one entry per image.
    """
    pages = [prepare_page(im) for im in images]
    refs = reference_times or [None] * len(pages)
    shas = sha256s or [""] * len(pages)
    all_passes = _read_pages(pages, engine, script_hint)
    return [_finish_page(pg, ps, engine=engine, reference_time=ref, sha256=sha, script_hint=script_hint)
            for pg, ps, ref, sha in zip(pages, all_passes, refs, shas, strict=True)]


def _read_pages(pages: list[Page], engine: OcrEngine, script_hint: str | None) -> list[list[_Pass]]:
    """Run the engine passes over several pages; per page, its passes.

    Each page gets its own composite image (its own layout analysis: a page's reading never
    depends on its neighbours); all pages go to the engine in one call per model, so the model
    is loaded once for the lot.
    """
    composites = [compose(pg.prepared) for pg in pages]
    first_lang = "chi_tra" if script_hint == "zh-Hant" else "chi_sim"
    langs = [first_lang]
    if script_hint is None:
        # Tell Simplified from Traditional by reading with both models (chi_sim reads Traditional
        # glyphs as Simplified characters, confidently: see traditional_score).
        langs.append("chi_tra")
    out: list[list[_Pass]] = [[] for _ in pages]
    todo = [i for i, (_, placed) in enumerate(composites) if placed]
    for lang in langs:
        recs = engine.recognise_many([composites[i][0] for i in todo], lang, psm=6) if todo else []
        by_page = dict(zip(todo, recs, strict=True))
        for i, pg in enumerate(pages):
            n = len(pg.prepared)
            rec = by_page.get(i)
            if rec is None:
                out[i].append(_Pass(lang, [""] * n, [0.0] * n, {}, [[] for _ in range(n)],
                                    [[] for _ in range(n)], [[] for _ in range(n)]))
            else:
                out[i].append(_from_recognition(rec.lines, rec.params, composites[i][1], n, lang))
    return out


def _finish_page(page: Page, passes: list[_Pass], *, engine: OcrEngine, reference_time: datetime | None,
                 sha256: str, script_hint: str | None) -> OcrResult:
    lay = page.layout
    regions = page.regions
    bubble_idx = [i for i, r in enumerate(regions) if r.kind == "bubble"]
    texts, script, langs = _choose(passes, bubble_idx, script_hint)
    main_pass = next(p for p in passes if p.lang == _main_lang(script, passes))
    confs = [max(p.confs[i] for p in passes if p.lang in langs[i]) for i in range(len(regions))]
    width, height = page.size

    n_head = len(lay.header)
    header_texts = texts[:n_head]
    messages: list[Message] = []
    sender_lines: list[str] = []
    current_label: str | None = None
    # a time separator above the first bubble was segmented with the header
    for k, t in enumerate(header_texts):
        if not t:
            continue
        if looks_like_time_label(t) or _LOOSE_TIME.search(t):
            # (a separator misread a little is still a separator, not part of the sender)
            current_label = _tidy_label(t)
        elif current_label is None:
            # the header is read with the thread's script; its lines (name, number) stay apart
            sender_lines.extend(ln for ln in _header_lines(main_pass, passes, k) if not _PLACEHOLDER.match(ln))
    body_texts = texts[n_head:]
    last_bubble = max((k for k, r in enumerate(lay.body) if r.kind == "bubble"), default=-1)
    prev: Region | None = None
    for k, (r, t) in enumerate(zip(lay.body, body_texts, strict=True)):
        i = n_head + k
        if r.kind == "text":
            if t and looks_like_time_label(t):
                label = _tidy_label(t)
                centre = r.bbox[0] + r.bbox[2] / 2
                off_centre = abs(centre - width / 2) > 0.12 * width
                if off_centre and prev is not None and prev.kind == "bubble" and messages \
                        and r.y0 - prev.y1 < 2.5 * r.bbox[3]:
                    # a time stamp under a bubble, on its side (Android, Samsung): that message's time
                    # a bare clock time takes its day from the separator above, if any
                    full = f"{current_label} {label}" if current_label and not DATE_RE.search(label) else label
                    messages[-1] = replace(messages[-1], time_label=label,
                                           sent_at=resolve_time_label(full, reference_time))
                else:
                    current_label = label
            prev = r
            continue
        prev = r
        if not t:
            continue
        if k == last_bubble and _PLACEHOLDER.match(t) and r.y1 > 0.8 * height:
            continue  # the input field at the bottom, not a message
        sent_at = resolve_time_label(current_label, reference_time) if current_label else None
        messages.append(Message(
            text=t,
            time_label=current_label,
            sent_at=sent_at,
            bbox=r.bbox,
            confidence=round(confs[i], 1),
            # "明天", "今日内" in a message mean relative to when it was sent, when that is known
            facts=tuple(extract_facts(t, _as_datetime(sent_at) or reference_time)),
            labels=tuple(classify(t)),
            side=r.side,
        ))
    if messages:
        relabelled = mark_misdirected([m.text for m in messages], [m.side for m in messages],
                                      [list(m.labels) for m in messages])
        messages = [replace(m, labels=tuple(ls)) for m, ls in zip(messages, relabelled, strict=True)]
    sender = _sender(sender_lines)
    params: dict[str, Any] = {
        "pipeline": PIPELINE_VERSION,
        "psm": 6,
        "passes": [p.lang for p in passes],
        "theme": lay.theme,
        "traineddata": passes[0].info.get("traineddata", {}),
    }
    for p in passes[1:]:
        params["traineddata"] = {**params["traineddata"], **p.info.get("traineddata", {})}
    lang_used = "+".join(dict.fromkeys(p.lang for p in passes))
    info = engine.info(lang_used, params)
    full = "\n".join(m.text for m in messages)
    if sender:
        full = sender + "\n" + full
    return OcrResult(sha256=sha256, engine=info, script=script, text=full, sender=sender,
                     messages=tuple(messages))


def _from_recognition(lines: tuple[OcrLine, ...], params: dict[str, Any], placed: Any, n: int,
                      lang: str) -> _Pass:
    by_region = assign_lines(lines, placed)
    texts: list[str] = []
    confs: list[float] = []
    line_texts: list[list[str]] = []
    line_confs: list[list[float]] = []
    words_by_region: list[list[OcrWord]] = []
    for i in range(n):
        ls: list[OcrLine] = by_region.get(i, [])
        texts.append(lines_text(ls))
        line_texts.append([lines_text([ln]) for ln in ls])
        line_confs.append([ln.confidence for ln in ls])
        words = [w for ln in ls for w in ln.words]
        words_by_region.append(words)
        confs.append(statistics.fmean(w.confidence for w in words) if words else 0.0)
    return _Pass(lang, texts, confs, dict(params), line_texts, line_confs, words_by_region)


def _choose(passes: list[_Pass], bubble_idx: list[int], hint: str | None) -> tuple[list[str], str, list[str]]:
    """Texts per region, the script, and which pass each region's text came from."""
    first = passes[0]
    if len(passes) == 1:
        script = hint or _script_of(first.texts, bubble_idx, first.lang)
        return first.texts, script, [first.lang] * len(first.texts)
    sim, tra = passes
    # Overall decision from the bubbles' words (see traditional_score); then per region only a
    # clearly surer reading differs.
    idx = bubble_idx or list(range(len(sim.texts)))
    score = traditional_score([w for i in idx for w in sim.words[i]], [w for i in idx for w in tra.words[i]])
    main, other = (tra, sim) if score > TRADITIONAL_SCORE else (sim, tra)
    texts = list(main.texts)
    langs = [main.lang] * len(texts)
    switched = 0
    for i in range(len(texts)):
        # only a clearly surer reading that lost nothing replaces the main one
        if other.confs[i] > main.confs[i] + 8.0 and len(other.texts[i]) >= 0.9 * len(main.texts[i]):
            texts[i] = other.texts[i]
            langs[i] = other.lang
            if i in bubble_idx:
                switched += 1
    script = "zh-Hant" if main.lang == "chi_tra" else "zh-Hans"
    if switched and switched * 3 >= len(bubble_idx):
        script = "mixed"
    return texts, script, langs


def _header_lines(main: _Pass, passes: list[_Pass], k: int) -> list[str]:
    """The header region's lines; a line without Chinese (a number) from the surer reading."""
    out = list(main.line_texts[k])
    for other in passes:
        if other is main or len(other.line_texts[k]) != len(out):
            continue
        for j, t in enumerate(out):
            alt = other.line_texts[k][j]
            if not any(is_han(c) for c in t) and not any(is_han(c) for c in alt) \
                    and other.line_confs[k][j] > main.line_confs[k][j]:
                out[j] = alt
    return out


def _main_lang(script: str, passes: list[_Pass]) -> str:
    langs = [p.lang for p in passes]
    if script == "zh-Hant" and "chi_tra" in langs:
        return "chi_tra"
    if "chi_sim" in langs:
        return "chi_sim"
    return langs[0]


def _script_of(texts: list[str], bubble_idx: list[int], lang: str) -> str:
    joined = "".join(texts[i] for i in bubble_idx)
    han, _, _ = script_scores(joined)
    if han == 0:
        return "latin" if joined.strip() else ("zh-Hant" if lang == "chi_tra" else "zh-Hans")
    return "zh-Hant" if lang == "chi_tra" else "zh-Hans"


def _as_datetime(iso: str | None) -> datetime | None:
    if not iso or "T" not in iso:
        return None
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


def _tidy_label(t: str) -> str:
    """A time separator as shown, with the stray marks tesseract adds around it removed."""
    t = re.sub(r"^[^\w\u4e00-\u9fff]+|[^\w\u4e00-\u9fff]+$", "", t)
    # "昨天下午3:05" → "昨天 下午3:05": the space the phone shows between date and time
    t = re.sub(r"(天|日|[一二三四五六])(?=(上午|下午|中午|晚上|凌晨|早上|\d{1,2}:))", r"\1 ", t)
    t = re.sub(r"(\d{4}/\d{1,2}/\d{1,2})(?=\S)", r"\1 ", t)
    return t.strip()


_SENDER_JUNK = re.compile(r"^[^\w\u4e00-\u9fff+]+|[^\w\u4e00-\u9fff]+$")


def _sender(lines: list[str]) -> str | None:
    """The thread's title (name and/or number) from the header lines."""
    parts: list[str] = []
    for ln in lines:
        t = _SENDER_JUNK.sub("", ln).strip()
        t = re.sub(r"\s*[>›〉]$", "", t)
        if not t:
            continue
        digits = sum(c.isdigit() for c in t)
        han = sum(is_han(c) for c in t)
        # an avatar's initial or an icon read as one stray letter is no title
        if digits < 3 and han == 0 and len(t) < 3:
            continue
        if han == 0 and digits == 0:
            continue
        parts.append(t)
    return " ".join(parts) if parts else None


# ---------------------------------------------------------------------------------------------
# files, cache, batches


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cache_key(sha256: str, engine: OcrEngine, reference_time: datetime | None) -> str:
    """Digest of the original + everything that changes the result."""
    parts = [sha256, engine.name, engine.version, PIPELINE_VERSION, repr(getattr(engine, "oem", "")),
             reference_time.isoformat() if reference_time else ""]
    try:
        tdir = engine.traineddata("chi_sim+chi_tra")  # type: ignore[attr-defined]
        parts.append(json.dumps(tdir, sort_keys=True))
    except (AttributeError, OSError):
        pass
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def recognise_file(path: str | Path, *, engine: OcrEngine | None = None, reference_time: datetime | None = None,
                   cache_dir: str | Path | None = None, script_hint: str | None = None) -> OcrResult:
    """Read one screenshot file.

    Args:
        path: the image file (never modified).
        engine: the recogniser; a :class:`TesseractEngine` by default.
        reference_time: when the screenshot was taken; by default the EXIF time, else the file's
            modification time (local time).
        cache_dir: where results are cached, keyed by the file's SHA-256 and the engine parameters.
        script_hint: skip script detection ("zh-Hans" / "zh-Hant").

    Returns:
        The reading.

    Raises:
        MissingDependencyError: tesseract or language data is missing.
        OcrError: the file is no readable image, or the engine failed.
    """
    if engine is None:
        engine = default_engine()
    sha, img, ref, cache_file, cached = _load(Path(path), engine, reference_time, cache_dir)
    if cached is not None:
        return cached
    result = read_image(img, engine=engine, reference_time=ref, sha256=sha, script_hint=script_hint)
    _store(cache_file, result)
    return result


def _load(path: Path, engine: OcrEngine, reference_time: datetime | None, cache_dir: str | Path | None
          ) -> tuple[str, Image.Image, datetime | None, Path | None, OcrResult | None]:
    """Digest, decoded image, reference time, cache file and cached result (if any) of a file."""
    try:
        sha = file_sha256(path)
    except OSError as e:
        raise OcrError(f"cannot read {path}: {e.strerror or e}") from e
    img = decode(path)
    if reference_time is None:
        reference_time = reference_time_of(path, img)
    cache_file: Path | None = None
    if cache_dir is not None:
        cache_file = Path(cache_dir) / f"{cache_key(sha, engine, reference_time)}.json"
        if cache_file.exists():
            try:
                cached = result_from_json(json.loads(cache_file.read_text(encoding="utf-8")))
                return sha, img, reference_time, cache_file, cached
            except (ValueError, KeyError, TypeError) as e:
                log.warning("ignoring unreadable OCR cache entry %s: %s", cache_file, e)
    return sha, img, reference_time, cache_file, None


def _store(cache_file: Path | None, result: OcrResult) -> None:
    if cache_file is None:
        return
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(result_to_json(result), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, cache_file)


def reference_time_of(path: Path, img: Image.Image | None = None) -> datetime:
    """When a screenshot was taken: EXIF DateTimeOriginal/DateTime if present, else the file's
    modification time (local)."""
    from evidencekit.core.media.sniff import exif_time_of

    if img is not None and (taken := exif_time_of(img)) is not None:
        return datetime.fromisoformat(taken)
    return datetime.fromtimestamp(path.stat().st_mtime)


def default_engine() -> OcrEngine:
    from evidencekit.core.ocr.tesseract import TesseractEngine

    return TesseractEngine()


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One file of a batch: its result, or the error that stopped it."""

    path: Path
    result: OcrResult | None
    error: EvidenceKitError | None = None


def _read_chunk(paths: list[str], engine: OcrEngine, refs: list[datetime | None], cache_dir: str | None,
                script_hint: str | None) -> list[dict[str, Any]]:
    """Read a few files with one engine call per model for all of them (in a worker process or
    in this one). Results travel back as JSON-able dicts: ``{"ok": result}``, ``{"error": msg}``
    or ``{"missing": msg}``."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    out: list[dict[str, Any]] = [{"error": "not read"} for _ in paths]
    todo: list[tuple[int, Image.Image, datetime | None, str, Path | None]] = []
    for i, (p, ref) in enumerate(zip(paths, refs, strict=True)):
        try:
            sha, img, ref2, cache_file, cached = _load(Path(p), engine, ref, cache_dir)
        except MissingDependencyError as e:
            return [{"missing": e.msg} for _ in paths]
        except EvidenceKitError as e:
            out[i] = {"error": e.msg}
            continue
        if cached is not None:
            out[i] = {"ok": result_to_json(cached)}
        else:
            todo.append((i, img, ref2, sha, cache_file))
    if not todo:
        return out
    try:
        results = read_images([t[1] for t in todo], engine=engine, reference_times=[t[2] for t in todo],
                              sha256s=[t[3] for t in todo], script_hint=script_hint)
    except MissingDependencyError as e:
        return [{"missing": e.msg} for _ in paths]
    except EvidenceKitError:
        if len(todo) == 1:
            raise
        # one image broke the shared call: read them one by one so the others still get read
        results = []
        for _, img, ref, sha, _ in todo:
            results.append(read_image(img, engine=engine, reference_time=ref, sha256=sha, script_hint=script_hint))
    for (i, _, _, _, cache_file), res in zip(todo, results, strict=True):
        _store(cache_file, res)
        out[i] = {"ok": result_to_json(res)}
    return out


def _read_chunk_safe(paths: list[str], engine: OcrEngine, refs: list[datetime | None], cache_dir: str | None,
                     script_hint: str | None) -> list[dict[str, Any]]:
    try:
        return _read_chunk(paths, engine, refs, cache_dir, script_hint)
    except MissingDependencyError as e:
        return [{"missing": e.msg} for _ in paths]
    except EvidenceKitError as e:
        return [{"error": e.msg} for _ in paths]


#: Screenshots per engine call in a batch: each is read as its own page, but the model is
#: loaded once per call (about 0.2 s of CPU saved per screenshot and model).
MAX_CHUNK = 8


def languages_needed(script_hint: str | None) -> tuple[str, ...]:
    """The language data a reading needs: one model when the script is given, both otherwise."""
    return {"zh-Hans": ("chi_sim",), "zh-Hant": ("chi_tra",)}.get(script_hint or "", ("chi_sim", "chi_tra"))


def chunk_size(total: int, workers: int) -> int:
    """Files per engine call: an even share per worker, at most :data:`MAX_CHUNK` (so progress
    keeps moving and cancelling stays quick)."""
    return max(1, min(MAX_CHUNK, -(-total // max(1, workers))))


def recognise_files(paths: Iterable[str | Path], *, engine: OcrEngine | None = None, workers: int = 2,
                    reference_times: dict[str, datetime] | None = None, cache_dir: str | Path | None = None,
                    progress: Progress = no_progress, cancel: CancelToken | None = None,
                    script_hint: str | None = None) -> Iterator[BatchItem]:
    """Read many screenshots in parallel processes (one tesseract thread each), in order.

    Files are read a few at a time per engine call (see :func:`chunk_size`).

    Args:
        paths: the files.
        engine: the recogniser (must be picklable); tesseract by default.
        workers: processes; 1 runs in this process (no pool).
        reference_times: per path (as given, str) the time the screenshot was taken.
        cache_dir: result cache (see :func:`recognise_file`).
        progress: called with a :class:`Step` after each file.
        cancel: stop early; raises :class:`Cancelled` at the next chunk boundary.
        script_hint: "zh-Hans" / "zh-Hant" to skip script detection.

    Yields:
        One :class:`BatchItem` per path, in the order given.

    Raises:
        MissingDependencyError: tesseract or its language data is missing (before any work).
        Cancelled: when ``cancel`` was set.
    """
    if engine is None:
        engine = default_engine()
    engine.check(languages_needed(script_hint))
    plist = [Path(p) for p in paths]
    total = len(plist)
    if total == 0:
        return
    refs = reference_times or {}
    cdir = str(cache_dir) if cache_dir is not None else None
    size = chunk_size(total, workers)
    chunks = [plist[i:i + size] for i in range(0, total, size)]

    def args(chunk: list[Path]) -> tuple[Any, ...]:
        return ([str(p) for p in chunk], engine, [refs.get(str(p)) for p in chunk], cdir, script_hint)

    done = 0
    if workers <= 1 or len(chunks) == 1:
        for chunk in chunks:
            if cancel is not None:
                cancel.raise_if_cancelled()
            for p, out in zip(chunk, _read_chunk_safe(*args(chunk)), strict=True):
                item = _to_item(p, out)
                done += 1
                progress(Step(done, total, p.name))
                yield item
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        futures: list[Future[list[dict[str, Any]]]] = []
        it = iter(chunks)

        def submit_next() -> None:
            # a bounded number of chunks in flight, so that cancel stops quickly
            c = next(it, None)
            if c is not None:
                futures.append(pool.submit(_read_chunk_safe, *args(c)))

        for _ in range(workers * 2):
            submit_next()
        try:
            for k, chunk in enumerate(chunks):
                fut = futures[k]
                while not fut.done():
                    if cancel is not None and cancel.cancelled:
                        raise Cancelled("OCR cancelled by the user")
                    wait([fut], timeout=0.2, return_when=FIRST_COMPLETED)
                if cancel is not None:
                    cancel.raise_if_cancelled()
                outs = fut.result()
                submit_next()
                for p, out in zip(chunk, outs, strict=True):
                    item = _to_item(p, out)
                    done += 1
                    progress(Step(done, total, p.name))
                    yield item
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def _to_item(path: Path, out: dict[str, Any]) -> BatchItem:
    if "missing" in out:
        raise MissingDependencyError(out["missing"])
    if "error" in out:
        return BatchItem(path, None, OcrError(out["error"]))
    return BatchItem(path, result_from_json(out["ok"]))


# ---------------------------------------------------------------------------------------------
# JSON


def result_to_json(r: OcrResult) -> dict[str, Any]:
    """An :class:`OcrResult` as plain JSON data (the shape ``evidencekit ocr --json`` prints)."""
    return {
        "sha256": r.sha256,
        "engine": {"name": r.engine.name, "version": r.engine.version, "languages": r.engine.languages,
                   "params": r.engine.params},
        "script": r.script,
        "text": r.text,
        "sender": r.sender,
        "messages": [message_to_json(m) for m in r.messages],
    }


def message_to_json(m: Message) -> dict[str, Any]:
    return {
        "text": m.text,
        "time_label": m.time_label,
        "sent_at": m.sent_at,
        "bbox": list(m.bbox),
        "confidence": m.confidence,
        "side": m.side,
        "facts": [{"kind": f.kind, "value": f.value, "text": f.text} for f in m.facts],
        "labels": [{"name": lb.name, "triggers": list(lb.triggers)} for lb in m.labels],
    }


def result_from_json(d: dict[str, Any]) -> OcrResult:
    """The inverse of :func:`result_to_json`.

    Raises:
        KeyError, TypeError, ValueError: the data is not such a result.
    """
    e = d["engine"]
    msgs = tuple(
        Message(
            text=m["text"],
            time_label=m.get("time_label"),
            sent_at=m.get("sent_at"),
            bbox=tuple(int(x) for x in m.get("bbox", (0, 0, 0, 0))),  # type: ignore[arg-type]
            confidence=float(m.get("confidence", 0.0)),
            facts=tuple(Fact(f["kind"], f["value"], f["text"]) for f in m.get("facts", [])),
            labels=tuple(Label(lb["name"], tuple(lb["triggers"])) for lb in m.get("labels", [])),
            side=m.get("side", ""),
        )
        for m in d["messages"]
    )
    return OcrResult(
        sha256=d["sha256"],
        engine=EngineInfo(e["name"], e["version"], e["languages"], dict(e.get("params", {}))),
        script=d["script"],
        text=d["text"],
        sender=d.get("sender"),
        messages=msgs,
    )


def simplified_text(r: OcrResult) -> str:
    """The result's text in Simplified characters (for search and rules)."""
    return to_simplified(r.text)


__all__ = [
    "BatchItem", "Layout", "Page", "cache_key", "chunk_size", "file_sha256", "layout", "prepare_page",
    "read_image", "read_images", "recognise_file",
    "recognise_files", "reference_time_of", "result_from_json", "result_to_json", "message_to_json",
    "simplified_text",
]

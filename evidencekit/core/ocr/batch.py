"""Files, the result cache and batches read in parallel worker processes.

Workers are started with the ``spawn`` method: a forked worker would inherit every descriptor
of the parent, the case lock among them, and a worker orphaned by a SIGKILL of the parent
would then hold the case locked. A spawned worker inherits nothing but its pipe. Each worker
runs its engine with one thread (see :mod:`evidencekit.core.ocr.rapid`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image

from evidencekit.core import scratch
from evidencekit.core.analysis.timeparse import reference_of
from evidencekit.core.media.files import open_regular
from evidencekit.core.models import OcrResult, ReferenceSource, ReferenceTime
from evidencekit.core.ocr.engine import OcrEngine
from evidencekit.core.ocr.read import PIPELINE_VERSION, default_engine, read_image, read_images, second_engine_for
from evidencekit.core.ocr.serialise import result_from_json, result_to_json
from evidencekit.core.ocr.stages import decode
from evidencekit.core.ocr.text import confusions_digest
from evidencekit.core.progress import CancelToken, Progress, Step, no_progress
from evidencekit.errors import Cancelled, EvidenceKitError, MissingDependencyError, OcrError

log = logging.getLogger(__name__)

#: Screenshots per engine call in a batch: their lines are recognised together (fuller
#: batches), and progress still moves and cancelling stays quick.
MAX_CHUNK = 8


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file, hex.

    Raises:
        OSError: it cannot be read; ``NotARegularFile`` when it is a named pipe, a device, a
            socket or a folder (never waited on).
    """
    h = hashlib.sha256()
    with open_regular(path) as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cache_key(sha256: str, engine: OcrEngine, reference_time: ReferenceTime | datetime | None,
              second: OcrEngine | None | str = "auto") -> str:
    """Digest of the original and everything that changes the result: the pipeline version, the
    confusion table's digest,
    the engine's fingerprint (its own account of version, models and parameters), the second
    engine's, and the reference time (and its source, when known: it is recorded in the result).

    Raises:
        MissingDependencyError: the engine is not installed (it cannot fingerprint itself).
    """
    helper = second_engine_for(engine) if second == "auto" else second
    ref = reference_of(reference_time)
    parts = [sha256, engine.name, engine.fingerprint_digest(), PIPELINE_VERSION, confusions_digest(),
             helper.fingerprint_digest() if isinstance(helper, OcrEngine) else "",
             ref.at.isoformat() if ref else ""]
    if ref is not None and ref.source != ReferenceSource.GIVEN:
        parts.append(str(ref.source))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def reference_time_of(path: Path, img: Image.Image | None = None) -> datetime:
    """When a screenshot was taken: EXIF DateTimeOriginal/DateTime if present, else the file's
    modification time (local)."""
    return reference_for(path, img).at


def reference_for(path: Path, img: Image.Image | None = None) -> ReferenceTime:
    """When a screenshot was taken, and from where: its EXIF DateTimeOriginal/DateTime if
    present, else the moment the phone wrote into its name, else the file's modification time
    (local), as the case reads it (:func:`~evidencekit.core.vault.ocr_runner.reference_time`)."""
    from evidencekit.core.media.sniff import exif_time_of

    if img is not None and (taken := exif_time_of(img)) is not None:
        return ReferenceTime(datetime.fromisoformat(taken), ReferenceSource.EXIF)
    return name_reference(path.name) or ReferenceTime(datetime.fromtimestamp(path.stat().st_mtime),
                                                      ReferenceSource.FILE_MTIME)


def name_reference(name: str) -> ReferenceTime | None:
    """The moment the phone wrote into a screenshot's file name ("Screenshot_2026-11-13-07-40-12…"),
    as a reference time; None when the name holds no moment (a day alone is none). The one rule for
    the case's readings and the ``ocr`` preview, after EXIF and before the file's time."""
    from evidencekit.core.analysis.timebasis import file_name_time

    named = file_name_time(name)
    return ReferenceTime(named[0], ReferenceSource.FILE_NAME) if named is not None and not named[1] else None


def recognise_file(path: str | Path, *, engine: OcrEngine | None = None,
                   reference_time: ReferenceTime | datetime | None = None,
                   cache_dir: str | Path | None = None, script_hint: str | None = None,
                   second: OcrEngine | None | str = "auto") -> OcrResult:
    """Read one screenshot file.

    Args:
        path: the image file (never modified).
        engine: the recogniser; :func:`default_engine` when not given.
        reference_time: when the screenshot was taken (a bare datetime: given by the caller);
            by default the EXIF time, else the file's modification time (local time).
        cache_dir: where results are cached, keyed by :func:`cache_key`.
        script_hint: "zh-Hans" / "zh-Hant" when known.
        second: see :func:`read.read_image`.

    Returns:
        The reading.

    Raises:
        MissingDependencyError: the engine is missing.
        OcrError: the file is no readable image, or the engine failed.
    """
    if engine is None:
        engine = default_engine()
    helper = second_engine_for(engine) if second == "auto" else second
    sha, img, ref, cache_file, cached = _load(Path(path), engine, reference_time, cache_dir, helper)
    if cached is not None:
        return cached
    result = read_image(img, engine=engine, reference_time=ref, sha256=sha, script_hint=script_hint, second=helper)
    _store(cache_file, result)
    return result


def _load(path: Path, engine: OcrEngine, reference_time: ReferenceTime | datetime | None,
          cache_dir: str | Path | None, helper: OcrEngine | None | str
          ) -> tuple[str, Image.Image, ReferenceTime | None, Path | None, OcrResult | None]:
    """Digest, decoded image, reference time, cache file and cached result (if any) of a file."""
    try:
        sha = file_sha256(path)
    except OSError as e:
        raise OcrError(f"cannot read {path}: {e.strerror or e}") from e
    img = decode(path)
    reference = reference_of(reference_time) or reference_for(path, img)
    cache_file: Path | None = None
    if cache_dir is not None:
        cache_file = Path(cache_dir) / f"{cache_key(sha, engine, reference, helper)}.json"
        if cache_file.exists():
            try:
                cached = result_from_json(json.loads(cache_file.read_text(encoding="utf-8")))
                return sha, img, reference, cache_file, cached
            except (ValueError, KeyError, TypeError) as e:
                log.warning("ignoring unreadable OCR cache entry %s: %s", cache_file, e)
    return sha, img, reference, cache_file, None


def _store(cache_file: Path | None, result: OcrResult) -> None:
    if cache_file is None:
        return
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(result_to_json(result), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, cache_file)


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One file of a batch: its result, or the error that stopped it."""

    path: Path
    result: OcrResult | None
    error: EvidenceKitError | None = None


def _read_chunk(paths: list[str], engine: OcrEngine, refs: list[ReferenceTime | datetime | None], cache_dir: str | None,
                script_hint: str | None, helper: OcrEngine | None) -> list[dict[str, Any]]:
    """Read a few files with their lines recognised together (in a worker process or in this
    one). Results travel back as JSON-able dicts: ``{"ok": result}``, ``{"error": msg}`` or
    ``{"missing": msg}``."""
    out: list[dict[str, Any]] = [{"error": "not read"} for _ in paths]
    todo: list[tuple[int, Image.Image, ReferenceTime | None, str, Path | None]] = []
    for i, (p, ref) in enumerate(zip(paths, refs, strict=True)):
        try:
            sha, img, ref2, cache_file, cached = _load(Path(p), engine, ref, cache_dir, helper)
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
                              sha256s=[t[3] for t in todo], script_hint=script_hint, second=helper)
    except MissingDependencyError as e:
        return [{"missing": e.msg} for _ in paths]
    except EvidenceKitError:
        if len(todo) == 1:
            raise
        # one image broke the shared call: read them one by one so the others still get read
        results = []
        for _, img, ref, sha, _ in todo:
            results.append(read_image(img, engine=engine, reference_time=ref, sha256=sha, script_hint=script_hint,
                                      second=helper))
    for (i, _, _, _, cache_file), res in zip(todo, results, strict=True):
        _store(cache_file, res)
        out[i] = {"ok": result_to_json(res)}
    return out


def _read_chunk_safe(paths: list[str], engine: OcrEngine, refs: list[ReferenceTime | datetime | None],
                     cache_dir: str | None,
                     script_hint: str | None, helper: OcrEngine | None) -> list[dict[str, Any]]:
    try:
        return _read_chunk(paths, engine, refs, cache_dir, script_hint, helper)
    except MissingDependencyError as e:
        return [{"missing": e.msg} for _ in paths]
    except EvidenceKitError as e:
        return [{"error": e.msg} for _ in paths]


def _worker_init() -> None:
    """One thread per worker for every numerical library (the workers are the parallelism); a
    worker ends with the process that started it."""
    for var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    _die_with_parent()


def _die_with_parent() -> None:
    """End this worker when the process that started it ends: a killed import would otherwise
    leave its workers reading on for minutes, for nobody (on Linux the kernel sends SIGKILL at
    once; elsewhere a thread looks every second)."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.pid is None:
        return
    ppid = parent.pid
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
                if os.getppid() != ppid:  # died before the call: no signal will come
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == ppid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real standard error.

    Spawned pools start that helper process on first use, handing it ``sys.stderr``'s file
    descriptor. A terminal app replaces ``sys.stderr`` with an object whose ``fileno()`` is -1
    (Textual captures prints), and starting the helper then fails with "bad value(s) in
    fds_to_keep": no screenshot would ever be read from the app. The helper is started here,
    once per process, with the process's original standard error (or nothing) instead.
    """
    from multiprocessing import resource_tracker

    def usable(stream: Any) -> bool:
        try:
            os.fstat(stream.fileno())
            return True
        except (AttributeError, OSError, ValueError):
            return False

    if usable(sys.stderr):
        return
    with _TRACKER_LOCK:
        saved = sys.stderr
        sys.stderr = sys.__stderr__ if usable(sys.__stderr__) else None
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


_TRACKER_LOCK = threading.Lock()


def chunk_size(total: int, workers: int) -> int:
    """Files per engine call: an even share per worker, at most :data:`MAX_CHUNK` (so progress
    keeps moving and cancelling stays quick)."""
    return max(1, min(MAX_CHUNK, -(-total // max(1, workers))))


def recognise_files(paths: Iterable[str | Path], *, engine: OcrEngine | None = None, workers: int = 2,
                    reference_times: Mapping[str, ReferenceTime | datetime] | None = None,
                    cache_dir: str | Path | None = None,
                    progress: Progress = no_progress, cancel: CancelToken | None = None,
                    script_hint: str | None = None, second: OcrEngine | None | str = "auto") -> Iterator[BatchItem]:
    """Read many screenshots in parallel processes (one engine thread each), in order.

    Args:
        paths: the files.
        engine: the recogniser (must be picklable); :func:`default_engine` when not given.
        workers: processes; 1 runs in this process (no pool).
        reference_times: per path (as given, str) the time the screenshot was taken, with
            where it came from (a bare datetime: given by the caller); by default each file's
            EXIF time, else its modification time.
        cache_dir: result cache (see :func:`recognise_file`).
        progress: called with a :class:`Step` after each file.
        cancel: stop early; raises :class:`Cancelled` at the next chunk boundary.
        script_hint: "zh-Hans" / "zh-Hant" when known.
        second: see :func:`read.read_image`.

    Yields:
        One :class:`BatchItem` per path, in the order given.

    Raises:
        MissingDependencyError: the engine is missing (before any work).
        Cancelled: when ``cancel`` was set.
    """
    if engine is None:
        engine = default_engine()
    engine.check()
    helper = second_engine_for(engine) if second == "auto" else second
    assert helper is None or isinstance(helper, OcrEngine)
    plist = [Path(p) for p in paths]
    total = len(plist)
    if total == 0:
        return
    scratch.sweep()  # pages a killed earlier run left in the temporary folder
    refs = reference_times or {}
    cdir = str(cache_dir) if cache_dir is not None else None
    size = chunk_size(total, workers)
    chunks = [plist[i:i + size] for i in range(0, total, size)]

    def args(chunk: list[Path]) -> tuple[Any, ...]:
        return ([str(p) for p in chunk], engine, [refs.get(str(p)) for p in chunk], cdir, script_hint, helper)

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
    ctx = multiprocessing.get_context("spawn")
    _start_resource_tracker()
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=ctx, initializer=_worker_init) as pool:
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

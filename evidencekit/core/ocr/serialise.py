"""An :class:`OcrResult` as plain JSON data and back: the shape ``evidencekit ocr --json`` prints,
the vault stores and the result cache keeps.

Readings stored by earlier versions lack the newer keys (``warnings``, ``review``,
``uncertain``, ``time_basis``); they read back with those empty.

A message whose time was resolved from a relative label carries ``time_basis``:
``{"rule": "relative_day" | "weekday" | "no_year" | "clock_only", "reference":
"2026-11-27T10:00:00", "source": "exif" | "file_name" | "file_mtime" | "given" | "user"}``.
"""

from __future__ import annotations

from typing import Any

from evidencekit.core.models import (
    EngineInfo,
    Fact,
    Label,
    Message,
    OcrResult,
    OcrWarning,
    ReferenceSource,
    ReviewMark,
    TimeBasis,
    TimeRule,
)


def result_to_json(r: OcrResult) -> dict[str, Any]:
    """An :class:`OcrResult` as plain JSON data."""
    return {
        "sha256": r.sha256,
        "engine": {"name": r.engine.name, "version": r.engine.version, "languages": r.engine.languages,
                   "params": r.engine.params},
        "script": r.script,
        "text": r.text,
        "sender": r.sender,
        "messages": [message_to_json(m) for m in r.messages],
        "warnings": [{"code": w.code, "text": w.text} for w in r.warnings],
    }


def message_to_json(m: Message) -> dict[str, Any]:
    """One message as plain JSON data."""
    out: dict[str, Any] = {
        "text": m.text,
        "time_label": m.time_label,
        "sent_at": m.sent_at,
        "bbox": list(m.bbox),
        "confidence": m.confidence,
        "side": m.side,
        "facts": [{"kind": f.kind, "value": f.value, "text": f.text} for f in m.facts],
        "labels": [{"name": lb.name, "triggers": list(lb.triggers)} for lb in m.labels],
    }
    if m.review:
        out["review"] = [{"line": r.line, "text": r.text, "second": r.second, "engine": r.engine,
                          "confidence": r.confidence} for r in m.review]
    if m.uncertain:
        out["uncertain"] = [list(s) for s in m.uncertain]
    if m.time_basis is not None:
        out["time_basis"] = {"rule": str(m.time_basis.rule), "reference": m.time_basis.reference,
                             "source": str(m.time_basis.source)}
    return out


def message_from_json(m: dict[str, Any]) -> Message:
    """The inverse of :func:`message_to_json`.

    Raises:
        KeyError, TypeError, ValueError: the data is not such a message.
    """
    return Message(
        text=m["text"],
        time_label=m.get("time_label"),
        sent_at=m.get("sent_at"),
        bbox=tuple(int(x) for x in m.get("bbox", (0, 0, 0, 0))),  # type: ignore[arg-type]
        confidence=float(m.get("confidence", 0.0)),
        facts=tuple(Fact(f["kind"], f["value"], f["text"]) for f in m.get("facts", [])),
        labels=tuple(Label(lb["name"], tuple(lb["triggers"])) for lb in m.get("labels", [])),
        side=m.get("side", ""),
        review=tuple(ReviewMark(int(r["line"]), str(r["text"]), str(r["second"]), str(r["engine"]),
                                float(r["confidence"])) for r in m.get("review", [])),
        uncertain=tuple((int(a), int(b)) for a, b in m.get("uncertain", [])),
        time_basis=basis_from_json(m.get("time_basis")),
    )


def basis_from_json(d: Any) -> TimeBasis | None:
    """A message's ``time_basis`` as :func:`message_to_json` writes it (None for none).

    Raises:
        KeyError, ValueError: the data is not such a basis.
    """
    if not d:
        return None
    return TimeBasis(TimeRule(d["rule"]), str(d["reference"]), ReferenceSource(d["source"]))


def result_from_json(d: dict[str, Any]) -> OcrResult:
    """The inverse of :func:`result_to_json`; also reads results stored by earlier versions.

    Raises:
        KeyError, TypeError, ValueError: the data is not such a result.
    """
    e = d["engine"]
    return OcrResult(
        sha256=d["sha256"],
        engine=EngineInfo(e["name"], e["version"], e["languages"], dict(e.get("params", {}))),
        script=d["script"],
        text=d["text"],
        sender=d.get("sender"),
        messages=tuple(message_from_json(m) for m in d["messages"]),
        warnings=tuple(OcrWarning(str(w["code"]), str(w["text"])) for w in d.get("warnings", [])),
    )

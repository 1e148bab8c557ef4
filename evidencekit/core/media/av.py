"""Recordings and videos probed for real before EvidenceKit calls them one.

Three readers are asked and must agree: ``mutagen`` (the container's header: length, codec, tags),
``ffprobe`` (streams and their parameters) and ``ffmpeg`` decoding the sound (how long the file
really plays) or the first video frames. A file whose header says it is a recording but from which
nothing decodes — a bare header, random bytes behind a magic number, a WAV claiming hours in 144
bytes — is kept as an unknown file with the reason, never as a recording. A recording that decodes
for less time than its header claims is a recording, cut short: its length is what decodes, and a
note says so.

Without ffmpeg, mutagen's header is checked against the file's size (no codec packs speech below
about 2 kbit/s), and a note says the recording was not decoded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from evidencekit.core.media import ffmpeg
from evidencekit.core.media.model import AvFacts
from evidencekit.core.media.notes import note

log = logging.getLogger(__name__)

MIN_PLAY_S = 0.05  # less than this decodes: nothing real is there
MIN_BITRATE = 2000  # bits per second: below any speech codec (AMR-NB 4.75 kbit/s, Opus 6 kbit/s)
_TAG_KEYS = ("title", "artist", "album", "date", "creation_time", "comment", "encoder", "location", "genre",
             "com.apple.quicktime.creationdate", "com.android.version", "major_brand")


@dataclass(frozen=True, slots=True)
class AvProbe:
    """The verdict on one file: its kind ("audio", "video" or "other" when nothing plays), its
    MIME type when the content says better than the magic number, the facts, the decoded
    envelope (for the waveform; not stored)."""

    kind: str
    mime: str | None
    facts: AvFacts
    envelope: ffmpeg.Envelope | None = None

    @property
    def reason(self) -> str:
        """Why a file is not playable (its first note)."""
        return self.facts.notes[0] if self.facts.notes else ""


def probe_av(path: Path, sniffed_kind: str, sniffed_mime: str) -> AvProbe:
    """Probe a file whose first bytes look like audio or video (see the module)."""
    notes: list[str] = []
    tools: list[str] = []
    mut = _mutagen(path, notes)
    if mut is not None:
        import mutagen

        tools.append(f"mutagen {mutagen.version_string}")
    declared = mut.get("length") if mut else None
    info: dict[str, Any] | None = None
    probe_error = ""
    if ffmpeg.available():
        tools.append(ffmpeg.version() or "ffprobe")
        try:
            info = ffmpeg.probe(path)
        except ValueError as e:
            probe_error = str(e)
    facts = _facts(mut, info)
    has_video = bool(info) and any(s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
                                   for s in (info or {}).get("streams", ()))
    has_audio = bool(info) and any(s.get("codec_type") == "audio" for s in (info or {}).get("streams", ()))
    if not ffmpeg.available():
        notes.append(note("av.no_ffmpeg"))
        return _without_ffmpeg(path, sniffed_kind, sniffed_mime, replace(facts, tools=tuple(tools)), declared, notes)
    if info is None:
        return AvProbe("other", "application/octet-stream",
                       replace(facts, playable=False, tools=tuple(tools),
                               notes=(note("av.not_playable", reason=probe_error or "no stream found"), *notes)))
    ff_dur = _float((info.get("format") or {}).get("duration"))
    declared = max(x for x in (declared, ff_dur, 0.0) if x is not None) or None
    if has_video:
        n, err = ffmpeg.video_frames_decode(path)
        if n == 0:
            return AvProbe("other", "application/octet-stream",
                           replace(facts, playable=False, tools=tuple(tools),
                                   notes=(note("av.no_frame", reason=err or "no data"), *notes)))
        env = ffmpeg.audio_envelope(path) if has_audio else None
        duration = declared
        if env is not None and env.seconds > MIN_PLAY_S and declared and env.seconds < declared * 0.9 - 1:
            notes.append(note("av.sound_short", seconds=f"{env.seconds:.1f}", declared=f"{declared:.1f}"))
        mime = sniffed_mime if sniffed_kind == "video" else "video/mp4"
        return AvProbe("video", mime, replace(facts, playable=True, duration_s=duration, tools=tuple(tools),
                                              notes=tuple(notes)), env)
    if not has_audio:
        return AvProbe("other", "application/octet-stream",
                       replace(facts, playable=False, tools=tuple(tools),
                               notes=(note("av.no_audio"), *notes)))
    env = ffmpeg.audio_envelope(path)
    if env is None or env.seconds < MIN_PLAY_S:
        why = (env.errors[0] if env and env.errors else "no sound decodes")
        return AvProbe("other", "application/octet-stream",
                       replace(facts, playable=False, tools=tuple(tools), declared_s=declared,
                               notes=(note("av.no_sound", reason=why), *notes)))
    if declared and env.seconds < declared * 0.9 - 1:
        notes.append(note("av.decoding_stops", seconds=f"{env.seconds:.1f}", declared=f"{declared:.1f}"))
    elif env.errors:
        notes.append(note("av.decoder_damage", reason=env.errors[0]))
    mime = sniffed_mime
    if sniffed_kind == "video":  # an MP4 or 3GP holding only sound: a phone's recording
        mime = "audio/3gpp" if "3gp" in sniffed_mime else "audio/mp4"
    # the container's length when the sound bears it out (decoders drop an encoder's priming
    # samples, a few ms); what decodes when the header claims more
    agree = declared is not None and abs(declared - env.seconds) <= max(1.0, 0.05 * declared)
    length = round(declared, 3) if agree and declared is not None else round(env.seconds, 3)
    return AvProbe("audio", mime, replace(facts, playable=True, duration_s=length,
                                          declared_s=None if agree or not declared else round(declared, 3),
                                          tools=tuple(tools), notes=tuple(notes)), env)


def _without_ffmpeg(path: Path, kind: str, mime: str, facts: AvFacts, declared: float | None,
                    notes: list[str]) -> AvProbe:
    size = path.stat().st_size
    if declared is None:
        if mime == "audio/amr" and size > 6:
            # AMR-NB frames are 20 ms; 12.2 kbit/s frames are 32 bytes: a lower bound on the length
            return AvProbe("audio", mime, replace(facts, playable=True, duration_s=None, notes=tuple(notes)))
        return AvProbe("other", "application/octet-stream",
                       replace(facts, playable=False,
                               notes=(note("av.no_reader"), *notes)))
    if declared * MIN_BITRATE / 8 > size * 1.05 + 1024:
        return AvProbe("other", "application/octet-stream",
                       replace(facts, playable=False, declared_s=declared,
                               notes=(note("av.header_claims", declared=f"{declared:.0f}", size=size), *notes)))
    return AvProbe(kind, mime, replace(facts, playable=True, duration_s=declared, notes=tuple(notes)))


def _mutagen(path: Path, notes: list[str]) -> dict[str, Any] | None:
    import mutagen

    try:
        f = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError, IndexError, KeyError, TypeError) as e:
        notes.append(note("av.mutagen", reason=f"{type(e).__name__}: {e or 'no details'}"))
        return None
    if f is None or f.info is None:
        return None
    out: dict[str, Any] = {"length": _float(getattr(f.info, "length", None)),
                           "sample_rate": getattr(f.info, "sample_rate", None),
                           "channels": getattr(f.info, "channels", None),
                           "bitrate": getattr(f.info, "bitrate", None),
                           "codec": getattr(f.info, "codec", "") or type(f.info).__name__.replace("Info", "").lower()}
    tags: dict[str, str] = {}
    try:
        for k, v in (f.tags or {}).items():
            key = str(k)
            text = str(v[0] if isinstance(v, list) and v else v)
            if len(text) < 200 and len(tags) < 12 and text.isprintable():
                tags[key] = text
    except (AttributeError, TypeError, ValueError):
        pass
    out["tags"] = tags
    return out


def _facts(mut: dict[str, Any] | None, info: dict[str, Any] | None) -> AvFacts:
    tags: dict[str, str] = dict((mut or {}).get("tags") or {})
    codec = str((mut or {}).get("codec") or "")
    rate = (mut or {}).get("sample_rate") or None
    channels = (mut or {}).get("channels") or None
    bitrate = (mut or {}).get("bitrate") or None
    container = width = height = fps = None
    if info:
        fmt = info.get("format") or {}
        container = fmt.get("format_name")
        bitrate = _int(fmt.get("bit_rate")) or bitrate
        for k, v in (fmt.get("tags") or {}).items():
            if k.lower() in _TAG_KEYS and isinstance(v, str) and len(tags) < 12:
                tags.setdefault(k.lower(), v[:200])
        for s in info.get("streams", ()):
            if s.get("codec_type") == "audio" and not codec.startswith(str(s.get("codec_name"))):
                codec = str(s.get("codec_name") or codec)
                rate = _int(s.get("sample_rate")) or rate
                channels = _int(s.get("channels")) or channels
            elif s.get("codec_type") == "audio":
                rate = _int(s.get("sample_rate")) or rate
                channels = _int(s.get("channels")) or channels
            elif s.get("codec_type") == "video" and width is None:
                width, height = _int(s.get("width")), _int(s.get("height"))
                fps = _rate(s.get("avg_frame_rate"))
                if not codec:
                    codec = str(s.get("codec_name") or "")
                else:
                    codec = f"{s.get('codec_name')} + {codec}"
    return AvFacts(playable=False, container=str(container or ""), codec=codec, sample_rate=_int(rate),
                   channels=_int(channels), bitrate=_int(bitrate), width=width, height=height, fps=fps, tags=tags)


def _float(v: object) -> float | None:
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return x if x == x and x >= 0 else None


def _int(v: object) -> int | None:
    try:
        return int(v)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return None


def _rate(v: object) -> float | None:
    if not isinstance(v, str) or "/" not in v:
        return None
    a, b = v.split("/", 1)
    try:
        return round(int(a) / int(b), 2) if int(b) else None
    except ValueError:
        return None

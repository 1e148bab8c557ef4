"""Generate a set of phone screenshots of SMS threads with their ground truth, from a seed.

    python samples/phonegen/gen.py --seed 101 --count 60 OUT_DIR

Each screenshot ``NNN-STYLE.png`` (or ``.jpg``) gets ``NNN-STYLE.json`` beside it, in the shape
of ``samples/*.json``::

    {"file": ..., "style": ..., "family": "ios", "theme": "dark", "script": "zh-Hant",
     "sender": "header title as shown, or null", "reference_time": "2026-...",
     "width": 1170, "height": 2532, "jpeg": null or [factor, quality],
     "messages": [{"text": ..., "time_label": ..., "side": "in"}], "sources": [...]}

The same seed always gives the same screenshots (one random generator, seeded). Styles:
today's three phone families (iOS, Android, MIUI-like with avatars) plus a chat-app layout with
avatars on both sides, a Samsung-like one (white bubbles on an off-white page), tall scrolling
captures, wallpaper backgrounds, timestamps beside bubbles, captures cropped to the messages (no
status bar, no header), Chinese/English threads with an English interface, long URLs, a large
system font, a notification banner over the top, and JPEG at several qualities and sizes; phone
widths from 720 to 1440 px; about a quarter of the threads in Traditional Chinese.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from phonegen import corpus, labels  # noqa: E402
from phonegen.render import Msg, Style, Thread, header_text, render  # noqa: E402

WIDTHS = [720, 750, 828, 1080, 1125, 1170, 1242, 1284, 1290, 1440]
FAMILIES = ["ios", "android", "miui", "chat", "samsung"]
#: The style variants; each screenshot takes one (and some take JPEG on top).
VARIANTS = ["plain", "tall", "wallpaper", "stamps-beside", "avatars", "cropped", "mixed-english", "long-urls",
            "large-font", "banner"]


def _style(rng: random.Random, variant: str, script: str) -> Style:
    family = rng.choice(FAMILIES)
    if variant == "avatars":
        family = rng.choice(["chat", "miui"])
    theme = rng.choice(["light", "light", "dark"])
    width = rng.choice(WIDTHS)
    if variant == "tall":
        width = rng.choice([1080, 1125, 1170, 1242, 1284])
    return Style(
        name=f"{family}-{variant}",
        family=family,
        theme=theme,
        width=width,
        font_scale=rng.uniform(1.3, 1.6) if variant == "large-font" else rng.uniform(0.95, 1.1),
        header=variant != "cropped",
        status=variant != "cropped",
        wallpaper=rng.randrange(3) if variant == "wallpaper" else None,
        stamps="beside" if variant == "stamps-beside" else ("under" if rng.random() < 0.12 else "separator"),
        banner=variant == "banner",
        english_ui=variant == "mixed-english",
        chip=rng.random() < 0.25,
        avatars=("both" if family == "chat" else "in") if (variant == "avatars" or family in ("chat", "miui")) else "none",
    )


def _sender(rng: random.Random, region: str) -> tuple[str, str | None]:
    if region == "tw":
        return rng.choice([(rng.choice(corpus.TW_INSTITUTIONS), corpus.phone(rng, "tw")),
                           (f"09{rng.randint(10, 99)}{rng.randint(100000, 999999)}", None)])
    if region == "hk":
        return rng.choice(corpus.HK_INSTITUTIONS), corpus.phone(rng, "hk")
    return rng.choice([(rng.choice(corpus.INSTITUTIONS), rng.choice(["95511", "10690360", "95188 8001", "4008-123-456"])),
                       (f"1069{rng.randint(10000000, 99999999)}", None), (f"1{rng.randint(3, 9)}{rng.randint(100000000, 999999999)}", None)])


def _kinds(rng: random.Random, variant: str) -> list[str]:
    n = rng.randint(14, 24) if variant == "tall" else rng.randint(2, 5)
    out = []
    for _ in range(n):
        r = rng.random()
        if variant == "mixed-english" and r < 0.4:
            out.append("english")
        elif r < 0.45:
            out.append("collection")
        elif r < 0.6:
            out.append("scam")
        elif r < 0.72:
            out.append("ordinary")
        else:
            out.append("reply")
    return out


def _label_format(rng: random.Random, t: datetime, ref: datetime, script: str, style: Style) -> labels.LabelFormat:
    fmts = labels.formats_for(t, ref, "en" if style.english_ui else script)
    if style.family == "ios":
        fmts = [f for f in fmts if "android" not in f.name] or fmts
    else:
        fmts = [f for f in fmts if "ios" not in f.name] or fmts
    return rng.choice(fmts)


def thread(rng: random.Random, style_variant: str) -> tuple[Style, Thread, datetime, list[str]]:
    """A random thread and the style it is shown in."""
    region = rng.choices(["cn", "tw", "hk"], weights=[75, 17, 8])[0]
    script = "zh-Hans" if region == "cn" else "zh-Hant"
    style = _style(rng, style_variant, script)
    sender, subtitle = _sender(rng, region)
    ref = datetime(2026, rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 22), rng.randint(0, 59))
    kinds = _kinds(rng, style_variant)
    # message times: going forward to "now", in a few bursts
    t = ref - timedelta(days=rng.choice([0, 1, 2, 4, 12, 40, 200]), hours=rng.randint(0, 10))
    times = []
    for _ in kinds:
        t = min(ref, t + timedelta(minutes=rng.choice([1, 2, 5, 30, 90, 600, 1500])))
        times.append(t)
    msgs: list[Msg] = []
    sources: list[str] = []
    last: datetime | None = None
    for kind, at in zip(kinds, times, strict=True):
        text = corpus.pick(rng, kind, region, long_url=style_variant == "long-urls" and kind == "collection")
        if style_variant == "long-urls" and kind != "reply" and rng.random() < 0.5:
            text = corpus.Text(text.text + " " + rng.choice(corpus.LONG_URLS), text.source, text.kind)
        body = corpus.to_traditional(text.text) if script == "zh-Hant" and kind != "english" else text.text
        side = "out" if kind == "reply" or (kind in ("ordinary", "english") and rng.random() < 0.4) else "in"
        label = None
        stamp = None
        new_block = last is None or (at - last) > timedelta(minutes=59)
        if style.stamps == "separator":
            if new_block:
                label = labels.format_label(at, _label_format(rng, at, ref, script, style))
        else:
            if last is None or at.date() != last.date():
                label = labels.day_label(at, ref, "en" if style.english_ui else script, rng.randrange(6))
            stamp = labels.clock24(at) if rng.random() < 0.7 else (labels.clock_en(at) if style.english_ui else
                                                                     labels.clock_android_cn(at))
        if label and script == "zh-Hant":
            label = labels.trad(label)
        if label and style.family == "ios" and not style.english_ui and rng.random() < 0.15:
            label = ("短信/彩信" if script == "zh-Hans" else "簡訊") + "\n" + label
        msgs.append(Msg(body, side, label, stamp))
        sources.append(text.source)
        last = at
    banner = None
    if style.banner:
        other = corpus.pick(rng, "collection", region)
        btext = corpus.to_traditional(other.text) if script == "zh-Hant" else other.text
        banner = (_sender(rng, region)[0], btext)
        sources.append(other.source)
    return style, Thread(sender, subtitle, script, msgs, banner), ref, sources


def generate(seed: int, count: int, out_dir: Path, *, jpeg_share: float = 0.35) -> list[dict[str, object]]:
    """Write ``count`` screenshots and their truth to ``out_dir``; returns the truths.

    Every variant comes round in turn; a share of the screenshots are saved as JPEG, downscaled
    and at one of several qualities, as screenshots forwarded through chat apps are."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    truths = []
    for i in range(count):
        variant = VARIANTS[i % len(VARIANTS)] if i < count - count % len(VARIANTS) else rng.choice(VARIANTS)
        style, th, ref, sources = thread(rng, variant)
        img, msgs = render(style, th, seed=rng.randrange(1 << 30))
        jpeg: tuple[float, int] | None = None
        name = f"{i:03d}-{style.name}"
        if rng.random() < jpeg_share:
            factor = rng.choice([1.0, 0.9, 0.75, 0.6]) if img.width >= 1000 else rng.choice([1.0, 0.9])
            quality = rng.choice([50, 60, 70, 80, 90])
            jpeg = (factor, quality)
            if factor != 1.0:
                img = img.resize((round(img.width * factor), round(img.height * factor)), Image.Resampling.LANCZOS)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=quality)
            fname = f"{name}.jpg"
            (out_dir / fname).write_bytes(buf.getvalue())
        else:
            fname = f"{name}.png"
            img.save(out_dir / fname, "PNG", compress_level=3)
        truth: dict[str, object] = {
            "file": fname, "style": style.name, "family": style.family, "theme": style.theme, "script": th.script,
            "sender": None if style.banner else header_text(style, th), "reference_time": ref.isoformat(timespec="seconds"),
            "width": img.width, "height": img.height, "jpeg": list(jpeg) if jpeg else None,
            "font_scale": round(style.font_scale, 2), "messages": msgs,
            "sources": sorted(set(sources)),
            "notes": "sender covered by a notification banner" if style.banner else "",
        }
        (out_dir / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        truths.append(truth)
    return truths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--jpeg-share", type=float, default=0.35)
    args = ap.parse_args(argv)
    truths = generate(args.seed, args.count, args.out, jpeg_share=args.jpeg_share)
    print(f"wrote {len(truths)} screenshots to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

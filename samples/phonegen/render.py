"""Draw an SMS thread as a phone screenshot in one of many styles, and say what it shows.

A :class:`Style` says how the phone draws (family, theme, size, font size, wallpaper, where
times go, avatars, a notification banner, a capture cropped to the messages). :func:`render`
returns the image and the ground truth of what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PIL import Image, ImageDraw, ImageFont

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
LATIN_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass(frozen=True)
class Palette:
    bg: str
    text_in: str
    bubble_in: str
    text_out: str
    bubble_out: str
    meta: str
    header_bg: str
    header_text: str
    accent: str
    rule: str


PALETTES: dict[tuple[str, str], Palette] = {
    ("ios", "light"): Palette("#FFFFFF", "#000000", "#E9E9EB", "#FFFFFF", "#34C759", "#8E8E93", "#F6F6F6",
                              "#000000", "#007AFF", "#D8D8D8"),
    ("ios", "dark"): Palette("#000000", "#FFFFFF", "#262628", "#FFFFFF", "#30B650", "#8E8E93", "#1C1C1E",
                             "#FFFFFF", "#0A84FF", "#38383A"),
    ("android", "light"): Palette("#FFFFFF", "#1F1F1F", "#F0F4F9", "#0B1D36", "#D3E3FD", "#5F6368", "#FFFFFF",
                                  "#1F1F1F", "#0B57D0", "#FFFFFF"),
    ("android", "dark"): Palette("#131314", "#E3E3E3", "#2D2F31", "#C2E7FF", "#004A77", "#9AA0A6", "#131314",
                                 "#E3E3E3", "#A8C7FA", "#131314"),
    ("miui", "light"): Palette("#F4F4F4", "#222222", "#FFFFFF", "#FFFFFF", "#3482FF", "#999999", "#F4F4F4",
                               "#111111", "#3482FF", "#E6E6E6"),
    ("miui", "dark"): Palette("#0E0E0E", "#D8D8D8", "#242424", "#FFFFFF", "#1F5FCC", "#777777", "#0E0E0E",
                              "#E8E8E8", "#4C8DFF", "#222222"),
    ("chat", "light"): Palette("#EDEDED", "#191919", "#FFFFFF", "#191919", "#95EC69", "#9B9B9B", "#EDEDED",
                               "#191919", "#576B95", "#D6D6D6"),
    ("chat", "dark"): Palette("#111111", "#D5D5D5", "#2C2C2C", "#0F0F0F", "#3EB575", "#6F6F6F", "#111111",
                              "#D5D5D5", "#7D90A9", "#1E1E1E"),
    ("samsung", "light"): Palette("#FAFAFA", "#000000", "#FFFFFF", "#FFFFFF", "#3E91FF", "#8A8A8A", "#FAFAFA",
                                  "#000000", "#3E91FF", "#FAFAFA"),
    ("samsung", "dark"): Palette("#000000", "#FAFAFA", "#252525", "#FFFFFF", "#1D5FC4", "#8A8A8A", "#000000",
                                 "#FAFAFA", "#5C9DFF", "#000000"),
}

WALLPAPERS = {"light": [("#F6D6C8", "#C9DDF2"), ("#E4F2E0", "#F9E7B8"), ("#D9D4F0", "#F2D3E2")],
              "dark": [("#1B2735", "#090A0F"), ("#2B1B2F", "#0B0B12"), ("#10302A", "#050807")]}


@dataclass(frozen=True)
class Style:
    """How a phone draws a thread."""

    name: str  # the style's id in the ground truth
    family: str  # ios, android, miui, chat, samsung
    theme: str  # light, dark
    width: int  # pixels
    font_scale: float = 1.0  # the system font size (1.3–1.6: large text)
    header: bool = True  # False: a capture cropped to the messages
    status: bool = True
    wallpaper: int | None = None  # index into WALLPAPERS[theme]
    stamps: str = "separator"  # separator (centred labels), beside (a time beside each bubble), under
    banner: bool = False  # a notification banner over the top
    english_ui: bool = False
    chip: bool = False  # separators on a pill
    avatars: str = "none"  # none, in (a round avatar beside received bubbles), both (square, both sides)


@dataclass
class Msg:
    text: str
    side: str  # in, out
    label: str | None = None  # a separator drawn above this message
    stamp: str | None = None  # a time drawn beside or under this bubble


@dataclass
class Thread:
    sender: str
    subtitle: str | None
    script: str
    messages: list[Msg]
    banner: tuple[str, str] | None = None  # (sender, text) of a notification shown over the top
    extra: dict[str, object] = field(default_factory=dict)


_FONTS: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def font(size: float, latin: bool = False) -> ImageFont.FreeTypeFont:
    key = ("latin" if latin else "cjk", max(6, int(round(size))))
    if key not in _FONTS:
        _FONTS[key] = (ImageFont.truetype(LATIN_PATH, key[1]) if latin else
                       ImageFont.truetype(FONT_PATH, key[1], index=0))
    return _FONTS[key]


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F


def tokens(text: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for ch in text:
        if is_cjk(ch) or ch == " ":
            if buf:
                out.append(buf)
                buf = ""
            out.append(ch)
        else:
            buf += ch
    if buf:
        out.append(buf)
    return out


NO_LINE_START = set("，。、；：？！）】」』”’,.;:?!)%")


def wrap(text: str, f: ImageFont.FreeTypeFont, max_w: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for tok in tokens(text):
        if f.getlength(cur + tok) <= max_w or (tok in NO_LINE_START and cur):
            cur += tok
            continue
        if cur.strip():
            lines.append(cur.rstrip())
        cur = tok.lstrip()
        while f.getlength(cur) > max_w:  # a long URL: broken by characters
            cut = len(cur)
            while cut > 1 and f.getlength(cur[:cut]) > max_w:
                cut -= 1
            lines.append(cur[:cut])
            cur = cur[cut:]
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


def _gradient(w: int, h: int, top: str, bottom: str) -> Image.Image:
    a = Image.new("RGB", (1, 2))
    a.putpixel((0, 0), Image.new("RGB", (1, 1), top).getpixel((0, 0)))
    a.putpixel((0, 1), Image.new("RGB", (1, 1), bottom).getpixel((0, 0)))
    return a.resize((w, h), Image.Resampling.BILINEAR)


def _wallpaper(s: Style, w: int, h: int, seed: int) -> Image.Image:
    top, bottom = WALLPAPERS[s.theme][s.wallpaper or 0]
    img = _gradient(w, h, top, bottom)
    d = ImageDraw.Draw(img)
    # soft shapes, as on a photo or a pattern wallpaper
    import random

    rng = random.Random(seed)
    for _ in range(14):
        r = rng.randint(w // 12, w // 4)
        x, y = rng.randint(-r, w), rng.randint(-r, h)
        c = img.getpixel((max(0, min(w - 1, x)), max(0, min(h - 1, y))))
        shade = tuple(max(0, min(255, v + rng.randint(-18, 18))) for v in c)  # type: ignore[union-attr]
        d.ellipse([x - r, y - r, x + r, y + r], fill=shade)
    return img


def _status(d: ImageDraw.ImageDraw, s: Style, p: Palette, k: float, w: int) -> float:
    clock = "9:41" if s.family == "ios" else "10:08"
    d.text((24 * k, 14 * k), clock, font=font(15 * k, latin=True), fill=p.header_text)
    x = w - 100 * k
    for i in range(4):
        h = (4 + 3 * i) * k
        d.rectangle([x + i * 6 * k, 26 * k - h, x + i * 6 * k + 4 * k, 26 * k], fill=p.header_text)
    d.text((x + 28 * k, 13 * k), "5G", font=font(13 * k, latin=True), fill=p.header_text)
    bx = w - 46 * k
    d.rounded_rectangle([bx, 14 * k, bx + 26 * k, 27 * k], radius=3 * k, outline=p.header_text, width=max(1, int(k)))
    d.rectangle([bx + 2 * k, 16 * k, bx + 20 * k, 25 * k], fill=p.header_text)
    return 44 * k


def _header(d: ImageDraw.ImageDraw, s: Style, t: Thread, p: Palette, k: float, w: int, top: float) -> float:
    if s.family == "ios":
        h = 96 * k
        d.rectangle([0, top - 44 * k, w, top + h], fill=p.header_bg)
        d.text((12 * k, top + 16 * k), "<", font=font(26 * k), fill=p.accent)
        cx, r = w / 2, 22 * k
        d.ellipse([cx - r, top + 6 * k, cx + r, top + 6 * k + 2 * r], fill="#A5A9B4")
        d.text((cx, top + 6 * k + r), t.sender[:1], font=font(18 * k), fill="#FFFFFF", anchor="mm")
        d.text((cx, top + 70 * k), t.sender + " >", font=font(13 * k), fill=p.header_text, anchor="mm")
        d.line([0, top + h, w, top + h], fill=p.rule, width=max(1, int(k / 2)))
        return top + h + 8 * k
    if s.family in ("android", "samsung"):
        h = 64 * k
        d.text((16 * k, top + 14 * k), "←", font=font(24 * k), fill=p.header_text)
        size = 20 if s.family == "android" else 22
        if t.subtitle:
            d.text((64 * k, top + 6 * k), t.sender, font=font(size * k), fill=p.header_text)
            d.text((64 * k, top + 34 * k), t.subtitle, font=font(13 * k), fill=p.meta)
        else:
            d.text((64 * k, top + 18 * k), t.sender, font=font(size * k), fill=p.header_text)
        for i, ch in enumerate(("☏", "…")):
            d.text((w - (70 - 34 * i) * k, top + 18 * k), ch, font=font(20 * k), fill=p.header_text)
        return top + h + 8 * k
    h = 70 * k if s.family == "miui" else 52 * k
    if s.family == "chat":
        d.rectangle([0, top - 44 * k, w, top + h], fill=p.header_bg)
    d.text((16 * k, top + (16 if s.family == "miui" else 10) * k), "<", font=font(24 * k), fill=p.header_text)
    d.text((w / 2, top + 22 * k), t.sender, font=font(18 * k), fill=p.header_text, anchor="mm")
    if t.subtitle and s.family == "miui":
        d.text((w / 2, top + 48 * k), t.subtitle, font=font(12 * k), fill=p.meta, anchor="mm")
    if s.family == "chat":
        d.text((w - 40 * k, top + 10 * k), "···", font=font(22 * k), fill=p.header_text)
    d.line([0, top + h, w, top + h], fill=p.rule, width=max(1, int(k / 2)))
    return top + h + 8 * k


def _banner(img: Image.Image, s: Style, t: Thread, k: float) -> None:
    assert t.banner is not None
    d = ImageDraw.Draw(img)
    w = img.width
    fill = "#F2F2F7" if s.theme == "light" else "#2C2C2E"
    ink = "#000000" if s.theme == "light" else "#FFFFFF"
    x0, y0, x1 = 8 * k, 10 * k, w - 8 * k
    d.rounded_rectangle([x0, y0, x1, y0 + 74 * k], radius=16 * k, fill=fill)
    d.rounded_rectangle([x0 + 12 * k, y0 + 12 * k, x0 + 36 * k, y0 + 36 * k], radius=6 * k, fill="#34C759")
    app = "Messages" if s.english_ui else ("信息" if t.script == "zh-Hans" else "訊息")
    d.text((x0 + 44 * k, y0 + 14 * k), app, font=font(12 * k), fill="#8E8E93")
    d.text((x0 + 44 * k, y0 + 32 * k), t.banner[0], font=font(14 * k), fill=ink)
    f = font(13 * k)
    text = t.banner[1]
    while f.getlength(text + "…") > x1 - x0 - 60 * k and len(text) > 1:
        text = text[:-1]
    d.text((x0 + 44 * k, y0 + 52 * k), text + "…", font=f, fill=ink)


def render(s: Style, t: Thread, *, seed: int = 0) -> tuple[Image.Image, list[dict[str, object]]]:
    """Draw ``t`` as ``s`` draws it. Returns the image and, per message, its text, time label
    (the stamp beside it, else the separator above it) and side."""
    p = PALETTES[(s.family, s.theme)]
    w = s.width
    k = w / 375
    body = font((17 if s.family == "ios" else 16) * k * s.font_scale)
    meta_f = font(12 * k * min(s.font_scale, 1.3))
    stamp_f = font(11 * k * min(s.font_scale, 1.3))
    line_h = body.size * 1.32
    pad_x, pad_y = (12 * k, 8 * k) if s.family == "ios" else (14 * k, 10 * k)
    avatar = 40 * k if s.avatars != "none" else 0
    max_text_w = w * (0.68 if s.family != "chat" else 0.6) - avatar
    height = 6000 + int(len(t.messages) * 400 * k * s.font_scale)
    img = _wallpaper(s, w, height, seed) if s.wallpaper is not None else Image.new("RGB", (w, height), p.bg)
    d = ImageDraw.Draw(img)
    y = 0.0
    if s.status:
        if s.family in ("ios", "chat") and s.header and s.wallpaper is None:
            d.rectangle([0, 0, w, 44 * k], fill=p.header_bg)
        y = _status(d, s, p, k, w)
    if s.header:
        y = _header(d, s, t, p, k, w, y)
    y += 10 * k
    truth: list[dict[str, object]] = []
    current: str | None = None
    prev_side: str | None = None
    for m in t.messages:
        if m.label:
            y += 10 * k
            for ln in m.label.split("\n"):
                tw = meta_f.getlength(ln)
                if s.chip or s.wallpaper is not None:
                    chip = "#00000030" if s.theme == "light" else "#FFFFFF26"
                    cfill = "#E3E3E6" if s.theme == "light" else "#2E2E30"
                    if s.wallpaper is None:
                        chip = cfill
                    else:
                        chip = "#DADADA" if s.theme == "light" else "#3A3A3C"
                    d.rounded_rectangle([w / 2 - tw / 2 - 10 * k, y - 3 * k, w / 2 + tw / 2 + 10 * k,
                                         y + meta_f.size + 5 * k], radius=9 * k, fill=chip)
                d.text((w / 2, y + meta_f.size / 2 + 1 * k), ln, font=meta_f, fill=p.meta, anchor="mm")
                y += meta_f.size * 1.35 + (6 * k if s.chip or s.wallpaper is not None else 0)
            y += 8 * k
            current = m.label.split("\n")[-1]
            prev_side = None
        lines = wrap(m.text, body, max_text_w)
        tw = max(body.getlength(ln) for ln in lines)
        bw = tw + 2 * pad_x
        bh = len(lines) * line_h + 2 * pad_y - (line_h - body.size) * 0.6
        if prev_side is not None:
            y += (2 if prev_side == m.side and s.family == "ios" else 8 if prev_side == m.side else 14) * k
        in_avatar = avatar if (s.avatars == "both" or (s.avatars == "in" and m.side == "in")) else 0
        if m.side == "in":
            x0 = 12 * k + (in_avatar + 6 * k if in_avatar else 4 * k)
        else:
            x0 = w - 16 * k - bw - (in_avatar + 6 * k if in_avatar else 0)
        radius = {"ios": 18, "android": 20, "miui": 10, "chat": 5, "samsung": 22}[s.family] * k
        fill = p.bubble_in if m.side == "in" else p.bubble_out
        d.rounded_rectangle([x0, y, x0 + bw, y + bh], radius=min(radius, bh / 2), fill=fill)
        if s.family == "ios":
            if m.side == "in":
                d.polygon([(x0 - 5 * k, y + bh), (x0 + 10 * k, y + bh - 14 * k), (x0 + 14 * k, y + bh)], fill=fill)
            else:
                d.polygon([(x0 + bw + 5 * k, y + bh), (x0 + bw - 10 * k, y + bh - 14 * k), (x0 + bw - 14 * k, y + bh)],
                          fill=fill)
        if s.family == "chat":  # the little arrow of a chat app's bubble
            ay = y + 14 * k
            if m.side == "in":
                d.polygon([(x0 - 6 * k, ay + 6 * k), (x0, ay), (x0, ay + 12 * k)], fill=fill)
            else:
                d.polygon([(x0 + bw + 6 * k, ay + 6 * k), (x0 + bw, ay), (x0 + bw, ay + 12 * k)], fill=fill)
        if in_avatar:
            ax = 12 * k if m.side == "in" else w - 12 * k - avatar
            colour = "#7FA7E8" if m.side == "in" else "#E8A87F"
            if s.avatars == "both":
                d.rounded_rectangle([ax, y, ax + avatar, y + avatar], radius=5 * k, fill=colour)
            else:
                d.ellipse([ax, y, ax + avatar, y + avatar], fill=colour)
            initial = t.sender[:1] if m.side == "in" else "我"
            d.text((ax + avatar / 2, y + avatar / 2), initial, font=font(16 * k), fill="#FFFFFF", anchor="mm")
        color = p.text_in if m.side == "in" else p.text_out
        ty = y + pad_y
        for ln in lines:
            d.text((x0 + pad_x, ty), ln, font=body, fill=color)
            ty += line_h
        if m.stamp and s.stamps == "beside":
            sw = stamp_f.getlength(m.stamp)
            sx = x0 + bw + 6 * k if m.side == "in" else x0 - 6 * k - sw
            d.text((sx, y + bh - stamp_f.size - 2 * k), m.stamp, font=stamp_f, fill=p.meta)
        truth.append({"text": m.text, "time_label": m.stamp or current, "side": m.side})
        y += bh
        prev_side = m.side
        if m.stamp and s.stamps == "under":
            y += 4 * k
            if m.side == "in":
                d.text((x0 + 6 * k, y), m.stamp, font=stamp_f, fill=p.meta)
            else:
                d.text((x0 + bw - 6 * k, y), m.stamp, font=stamp_f, fill=p.meta, anchor="ra")
            y += stamp_f.size * 1.3
            prev_side = None
    y += 24 * k
    if s.header:  # a whole screen: the input field at the bottom
        placeholder = "Text message" if s.english_ui else {"zh-Hans": "短信", "zh-Hant": "簡訊"}[t.script]
        field = p.bubble_in if s.family in ("android", "samsung") else None
        if field:
            d.rounded_rectangle([56 * k, y, w - 56 * k, y + 40 * k], radius=20 * k, fill=field)
        else:
            d.rounded_rectangle([56 * k, y, w - 16 * k, y + 36 * k], radius=18 * k, outline=p.rule, width=max(1, int(k)))
        d.text((72 * k, y + 8 * k), placeholder, font=font(16 * k), fill=p.meta)
        d.text((16 * k, y + 4 * k), "+", font=font(24 * k), fill=p.meta)
        y += 56 * k
    else:
        y -= 10 * k
    img = img.crop((0, 0, w, int(y)))
    if s.banner and t.banner:
        _banner(img, s, t, k)
    return img, truth


def header_text(s: Style, t: Thread) -> str | None:
    """The thread's title as the header shows it (None when the capture has no header)."""
    if not s.header:
        return None
    if t.subtitle and s.family in ("android", "samsung", "miui"):
        return f"{t.sender} {t.subtitle}"
    return t.sender


def now_label(t: datetime) -> str:
    return t.isoformat(timespec="seconds")

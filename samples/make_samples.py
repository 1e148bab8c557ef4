#!/usr/bin/env python3
"""Render the demo screenshots in ``samples/`` with their ground truth.

Every image is drawn from scratch with WenQuanYi Zen Hei (Debian ``fonts-wqy-zenhei``, TTC
subfont 0), so the samples need no network and are reproducible: run

    python samples/make_samples.py            # writes samples/*.png|jpg + *.json + the call sample

Each ``NAME.png`` (or ``.jpg``) has ``NAME.json`` beside it::

    {"file": "NAME.png", "style": "ios", "theme": "light", "script": "zh-Hans",
     "sender": "...", "reference_time": "2026-11-27T10:00:00",
     "messages": [{"text": "...", "time_label": "昨天 下午3:05", "side": "in"}, ...]}

``time_label`` is the separator shown above the message (``null`` when none was shown before it).
The texts are invented but written like real lender, collector and marketing messages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from phonegen.render import wrap  # line breaking as the generated sets do it (kinsoku, long URLs)

HERE = Path(__file__).resolve().parent
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
SAME_SIDE_GAP = 2  # points between two bubbles of the same sender (as on iOS)
REFERENCE_TIME = "2026-11-27T10:00:00"  # "today" for every sample: a Friday


@dataclass(frozen=True)
class Palette:
    bg: str
    text_in: str
    bubble_in: str
    text_out: str
    bubble_out: str
    meta: str  # time separators, status bar
    header_bg: str
    header_text: str
    accent: str
    rule: str


PALETTES: dict[tuple[str, str], Palette] = {
    ("ios", "light"): Palette("#FFFFFF", "#000000", "#E9E9EB", "#FFFFFF", "#34C759", "#8E8E93",
                              "#F6F6F6", "#000000", "#007AFF", "#D8D8D8"),
    ("ios", "dark"): Palette("#000000", "#FFFFFF", "#262628", "#FFFFFF", "#30B650", "#8E8E93",
                             "#1C1C1E", "#FFFFFF", "#0A84FF", "#38383A"),
    ("android", "light"): Palette("#FFFFFF", "#1F1F1F", "#F0F4F9", "#0B1D36", "#D3E3FD",
                                  "#5F6368", "#FFFFFF", "#1F1F1F", "#0B57D0", "#FFFFFF"),
    ("android", "dark"): Palette("#131314", "#E3E3E3", "#2D2F31", "#C2E7FF", "#004A77",
                                 "#9AA0A6", "#131314", "#E3E3E3", "#A8C7FA", "#131314"),
    ("miui", "light"): Palette("#F4F4F4", "#222222", "#FFFFFF", "#FFFFFF", "#3482FF", "#999999",
                               "#F4F4F4", "#111111", "#3482FF", "#E6E6E6"),
    ("miui", "dark"): Palette("#0E0E0E", "#D8D8D8", "#242424", "#FFFFFF", "#1F5FCC", "#777777",
                              "#0E0E0E", "#E8E8E8", "#4C8DFF", "#222222"),
}


@dataclass
class Msg:
    text: str
    time_label: str | None = None  # a separator drawn above this message
    side: str = "in"
    stamp: str | None = None  # a time stamp drawn under this bubble, on its side (Android style)


@dataclass
class Sample:
    name: str
    style: str
    theme: str
    script: str
    sender: str
    subtitle: str | None
    messages: list[Msg]
    width: int = 750
    scale: float = 2.0
    jpeg: tuple[float, int] | None = None  # (downscale factor, quality)
    notes: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def font(size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, int(round(size)), index=0)


def draw_status_bar(d: ImageDraw.ImageDraw, s: Sample, p: Palette, k: float, w: int) -> float:
    f = font(15 * k)
    clock = "9:41" if s.style == "ios" else "10:08"
    color = p.header_text
    d.text((24 * k, 14 * k), clock, font=f, fill=color)
    # signal bars + battery, drawn as shapes like on a phone
    x = w - 100 * k
    for i in range(4):
        h = (4 + 3 * i) * k
        d.rectangle([x + i * 6 * k, 26 * k - h, x + i * 6 * k + 4 * k, 26 * k], fill=color)
    d.text((x + 28 * k, 13 * k), "5G", font=font(13 * k), fill=color)
    bx = w - 46 * k
    d.rounded_rectangle([bx, 14 * k, bx + 26 * k, 27 * k], radius=3 * k, outline=color, width=max(1, int(k)))
    d.rectangle([bx + 2 * k, 16 * k, bx + 20 * k, 25 * k], fill=color)
    return 44 * k


def draw_header(d: ImageDraw.ImageDraw, img: Image.Image, s: Sample, p: Palette, k: float, top: float) -> float:
    w = img.width
    if s.style == "ios":
        h = 96 * k
        d.rectangle([0, 0, w, top + h], fill=p.header_bg)
        draw_status_bar(d, s, p, k, w)
        d.text((12 * k, top + 16 * k), "<", font=font(26 * k), fill=p.accent)
        cx = w / 2
        r = 22 * k
        d.ellipse([cx - r, top + 6 * k, cx + r, top + 6 * k + 2 * r], fill="#A5A9B4")
        d.text((cx, top + 6 * k + r), "👤" if False else s.sender[:1], font=font(18 * k), fill="#FFFFFF", anchor="mm")
        d.text((cx, top + 70 * k), s.sender + " >", font=font(13 * k), fill=p.header_text, anchor="mm")
        d.line([0, top + h, w, top + h], fill=p.rule, width=max(1, int(k / 2)))
        return top + h + 8 * k
    if s.style == "android":
        h = 64 * k
        draw_status_bar(d, s, p, k, w)
        d.text((16 * k, top + 14 * k), "←", font=font(24 * k), fill=p.header_text)
        if s.subtitle:
            d.text((64 * k, top + 6 * k), s.sender, font=font(20 * k), fill=p.header_text)
            d.text((64 * k, top + 34 * k), s.subtitle, font=font(13 * k), fill=p.meta)
        else:
            d.text((64 * k, top + 18 * k), s.sender, font=font(20 * k), fill=p.header_text)
        for i, ch in enumerate(("☏", "…")):
            d.text((w - (70 - 34 * i) * k, top + 18 * k), ch, font=font(20 * k), fill=p.header_text)
        return top + h + 8 * k
    # miui: centred title, number below, thin rule
    h = 70 * k
    draw_status_bar(d, s, p, k, w)
    d.text((16 * k, top + 16 * k), "<", font=font(24 * k), fill=p.header_text)
    d.text((w / 2, top + 22 * k), s.sender, font=font(18 * k), fill=p.header_text, anchor="mm")
    if s.subtitle:
        d.text((w / 2, top + 48 * k), s.subtitle, font=font(12 * k), fill=p.meta, anchor="mm")
    d.line([0, top + h, w, top + h], fill=p.rule, width=max(1, int(k / 2)))
    return top + h + 8 * k


def draw_input_bar(d: ImageDraw.ImageDraw, s: Sample, p: Palette, k: float, w: int, y: float) -> None:
    placeholder = {"zh-Hans": "短信", "zh-Hant": "簡訊"}[s.script]
    if s.style == "android":
        placeholder = {"zh-Hans": "短信", "zh-Hant": "簡訊"}[s.script]
        d.rounded_rectangle([56 * k, y, w - 56 * k, y + 40 * k], radius=20 * k, fill=p.bubble_in)
    else:
        d.rounded_rectangle([56 * k, y, w - 16 * k, y + 36 * k], radius=18 * k, outline=p.rule,
                            width=max(1, int(k)))
    d.text((72 * k, y + 8 * k), placeholder, font=font(16 * k), fill=p.meta)
    d.text((16 * k, y + 4 * k), "+", font=font(24 * k), fill=p.meta)


def render(s: Sample) -> tuple[Image.Image, list[dict[str, object]]]:
    k = s.scale
    p = PALETTES[(s.style, s.theme)]
    w = s.width
    body = font(17 * k if s.style == "ios" else 16 * k)
    meta_f = font(12 * k)
    # first pass: measure, to size the canvas
    max_text_w = w * (0.66 if s.style == "ios" else 0.68)
    pad_x, pad_y = (12 * k, 8 * k) if s.style == "ios" else (14 * k, 10 * k)
    line_h = body.size * 1.32
    blocks: list[tuple[str, object]] = []
    for m in s.messages:
        if m.time_label:
            blocks.append(("time", m))
        blocks.append(("msg", m))
    img = Image.new("RGB", (w, 4000), p.bg)
    d = ImageDraw.Draw(img)
    y = draw_header(d, img, s, p, k, 44 * k) + 10 * k
    truth: list[dict[str, object]] = []
    current_label: str | None = None
    prev_side = None
    for kind, m in blocks:
        assert isinstance(m, Msg)
        if kind == "time":
            y += 10 * k
            lines = m.time_label.split("\n") if m.time_label else []
            for ln in lines:
                d.text((w / 2, y + meta_f.size / 2), ln, font=meta_f, fill=p.meta, anchor="mm")
                y += meta_f.size * 1.35
            y += 8 * k
            # "短信/彩信" above "今天 上午9:12": the label is the line with the time
            current_label = lines[-1]
            prev_side = None
            continue
        lines = wrap(m.text, body, max_text_w)
        tw = max(body.getlength(ln) for ln in lines)
        if avatar_space := (44 * k if s.style == "miui" and m.side == "in" else 0):
            lines = wrap(m.text, body, max_text_w - avatar_space)
            tw = max(body.getlength(ln) for ln in lines)
        bw = tw + 2 * pad_x
        bh = len(lines) * line_h + 2 * pad_y - (line_h - body.size) * 0.6
        avatar = s.style == "miui" and m.side == "in"
        if m.side == "in":
            x0 = (16 + (44 if avatar else 0)) * k
        else:
            x0 = w - 16 * k - bw
        if prev_side is not None:
            y += (SAME_SIDE_GAP if prev_side == m.side else 12) * k
        radius = (18 if s.style != "miui" else 10) * k
        fill = p.bubble_in if m.side == "in" else p.bubble_out
        d.rounded_rectangle([x0, y, x0 + bw, y + bh], radius=radius, fill=fill)
        if s.style == "ios":  # the little tail
            if m.side == "in":
                d.polygon([(x0 - 5 * k, y + bh), (x0 + 10 * k, y + bh - 14 * k), (x0 + 14 * k, y + bh)], fill=fill)
            else:
                d.polygon([(x0 + bw + 5 * k, y + bh), (x0 + bw - 10 * k, y + bh - 14 * k),
                           (x0 + bw - 14 * k, y + bh)], fill=fill)
        if avatar:
            d.ellipse([12 * k, y, 48 * k, y + 36 * k], fill="#7FA7E8")
            d.text((30 * k, y + 18 * k), s.sender[:1], font=font(16 * k), fill="#FFFFFF", anchor="mm")
        color = p.text_in if m.side == "in" else p.text_out
        ty = y + pad_y
        for ln in lines:
            d.text((x0 + pad_x, ty), ln, font=body, fill=color)
            ty += line_h
        truth.append({"text": m.text, "time_label": m.stamp or current_label, "side": m.side})
        y += bh
        prev_side = m.side
        under = m.stamp or ("已送达" if s.extra.get("delivered") and m is s.messages[-1] and m.side == "out" else None)
        if under:
            y += 4 * k
            sf = font(11 * k)
            if m.side == "in":
                d.text((x0 + 6 * k, y), under, font=sf, fill=p.meta)
            else:
                d.text((x0 + bw - 6 * k, y), under, font=sf, fill=p.meta, anchor="ra")
            y += sf.size * 1.3
            prev_side = None
    y += 24 * k
    draw_input_bar(d, s, p, k, w, y)
    y += 56 * k
    img = img.crop((0, 0, w, int(y)))
    return img, truth


S_REMIND = [
    Msg("【招联金融】尊敬的客户，您尾号6217的借款本期应还金额1,286.50元，还款日为11月28日，请于当日20:00前确保还款账户余额充足。详询95786，退订回T。",
        "昨天 下午3:05"),
    Msg("【招联金融】您的借款已成功还款1,286.50元，感谢您的支持。查看账单请登录 https://m.zhaolian.example/bill 。",
        "今天 上午9:12"),
    Msg("好", None, "out"),
]

S_THREAT = [
    Msg("张先生，你在本平台的借款已逾期47天，欠款合计¥12,860元，今天下午6点前必须全额还清。", "星期三 下午3:05"),
    Msg("再不处理我们将联系你的家人、紧急联系人和你单位领导，让大家都知道你欠钱不还。"),
    Msg("你们这样骚扰我的家人是违法的，我会去投诉。", None, "out"),
    Msg("法务部已准备起诉材料，将向法院提起诉讼，后果自负，逾期记录将上报征信系统。", "今天 08:47"),
    Msg("明天安排催收人员上门走访，核实你的居住地址和工作单位。"),
]

S_MISSENT = [
    Msg("【安逸花】李建国先生，您在我司的借款已逾期，欠款3,560元，请尽快还款以免影响您的个人征信。如有疑问请致电4008-123-456。",
        "11月20日 09:12"),
    Msg("你好，我不是李建国，这个号码是我的，你们发错人了，请停止发送。", None, "out"),
    Msg("【安逸花】李建国先生，您的欠款仍未处理，我司将通知您的紧急联系人协助还款。", "11月25日 21:36"),
]

T_OVERDUE = [
    Msg("【玉山銀行】親愛的客戶您好，您尾號3381的信用卡帳款已逾期15天，應繳金額NT$8,420元，請儘速繳款。客服專線02-2182-1313。",
        "11月20日 09:12"),
    Msg("若您已繳款請忽略此通知，逾期未繳將影響您的信用紀錄。", None),
    Msg("我上週已經繳清了，請查明。", "昨天 下午3:05", "out"),
]

T_THREAT = [
    Msg("陳小姐，您的貸款已逾期兩個月，欠款共計3萬5千元，今天必須還款。", "星期三 下午3:05"),
    Msg("如果不還，我們會聯繫您的家人和公司主管，並到您家裡拜訪。"),
    Msg("本公司將委託律師提起訴訟，法院傳票會寄到您的戶籍地址。", "今天 上午8:30"),
]

T_MARKETING = [
    Msg("【富邦金控】好消息！信貸最高額度100萬，年利率最低2.88%起，線上申請最快當天撥款，立即申請：https://fubon.example/loan 回覆N拒收",
        "2026/11/18 下午2:14"),
    Msg("【富邦金控】您的信貸申請已受理，目前審核中，結果將以簡訊通知。", "昨天 上午11:02"),
]

S_MARKETING = [
    Msg("【360借条】恭喜您获得最高200000元借款额度，日息低至0.02%，3分钟到账，戳 https://u.360jt.example/a8K 立即领取，拒收请回复R",
        "2026/11/20 下午3:05"),
    Msg("【360借条】您的借款申请已提交，正在审核中，审核结果将短信通知您。", "星期三 10:41"),
    Msg("【360借条】审核通过！5,000元已放款至您尾号8890的银行卡，请注意查收。", "今天 09:30"),
]

S_JPEG = [
    Msg("【众安金融】您好，您在我司的借款已逾期3天，逾期金额2,150.00元，请今日内通过APP还款，以免产生更多罚息。", "昨天 下午7:45"),
    Msg("这是最后一次通知，拒不还款我们将把你的欠款信息通知你的通讯录联系人和单位同事。", "今天 上午10:03"),
    Msg("好的，我今天下午处理。", None, "out"),
]

T_JPEG = [
    Msg("【中國信託】您好，您尾號5520的帳戶本期應繳金額NT$12,300元，繳款截止日為11月28日，請準時繳款。", "昨天 下午4:20"),
    Msg("如已繳款請勿理會本訊息，謝謝。"),
    Msg("嗯", "今天 上午9:02", "out"),
]

S_STAMPS = [
    Msg("【平安普惠】尊敬的王女士，您的贷款本月15日应还款2,408.33元，请确保尾号0042的储蓄卡余额充足。客服95511",
        "11月15日", stamp="08:02"),
    Msg("【平安普惠】王女士，您的贷款已逾期12天，我司已将您的逾期信息报送央行征信，请立即处理。", None, stamp="09:30"),
    Msg("请问怎么申请延期还款？", None, "out", stamp="09:41"),
    Msg("OK", None, "out", stamp="09:42"),
]

S_IOS_TWO_LINE = [
    Msg("【微众银行】您的微粒贷借款本期应还1,050.00元，将于明日自动扣款，请保持尾号7788账户余额充足。", "短信/彩信\n昨天 下午6:20"),
    Msg("你好，这个账户已经还清了，请核实。", "今天 上午8:15", "out"),
]

SAMPLES = [
    Sample("ios-light-hans-reminder", "ios", "light", "zh-Hans", "106980095786", None, S_REMIND),
    Sample("ios-dark-hans-threat", "ios", "dark", "zh-Hans", "17123456789", None, S_THREAT),
    Sample("android-light-hans-missent", "android", "light", "zh-Hans", "安逸花", "95188 8001", S_MISSENT,
           width=720),
    Sample("android-dark-hant-overdue", "android", "dark", "zh-Hant", "玉山銀行", "0912-345-678", T_OVERDUE,
           width=720),
    Sample("ios-light-hant-threat", "ios", "light", "zh-Hant", "0987654321", None, T_THREAT),
    Sample("miui-light-hant-marketing", "miui", "light", "zh-Hant", "富邦金控", "+886 2 8751 1313", T_MARKETING,
           width=720),
    Sample("miui-dark-hans-marketing", "miui", "dark", "zh-Hans", "360借条", "10690360", S_MARKETING, width=720),
    Sample("android-light-hans-forwarded", "android", "light", "zh-Hans", "众安金融", "95069", S_JPEG,
           width=1080, scale=3.0, jpeg=(0.6, 60), notes="downscaled to 60 % and recompressed as JPEG q60"),
    Sample("ios-dark-hant-forwarded", "ios", "dark", "zh-Hant", "中國信託", None, T_JPEG,
           width=1170, scale=3.0, jpeg=(0.5, 70), notes="downscaled to 50 % and recompressed as JPEG q70"),
    Sample("android-light-hans-stamps", "android", "light", "zh-Hans", "95511", None, S_STAMPS, width=1080,
           scale=3.0, notes="time stamps under the bubbles, full-size 1080 px screenshot"),
    Sample("ios-light-hans-delivered", "ios", "light", "zh-Hans", "微众银行", None, S_IOS_TWO_LINE, width=1170,
           scale=3.0, extra={"delivered": True}, notes="two-line separator (短信/彩信), 已送达 under the reply"),
]


def make_call_sample(out: Path) -> None:
    """A few seconds of tone + noise standing in for a recorded collection call."""
    if shutil.which("ffmpeg") is None:
        print("ffmpeg not found: skipping the call sample", file=sys.stderr)
        return
    cmd = [
        "ffmpeg", "-y", "-loglevel", "error",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=4",
        "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.05:duration=4:seed=42",
        "-filter_complex", "amix=inputs=2:duration=shortest",
        "-ac", "1", "-ar", "16000", "-c:a", "aac", "-b:a", "24k", "-fflags", "+bitexact", "-flags:a", "+bitexact",
        "-metadata", "title=催收来电 17123456789", "-metadata", "date=2026-11-20",
        str(out),
    ]
    subprocess.run(cmd, check=True)


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else HERE
    out_dir.mkdir(parents=True, exist_ok=True)
    for s in SAMPLES:
        img, msgs = render(s)
        if s.jpeg:
            factor, quality = s.jpeg
            img = img.resize((int(img.width * factor), int(img.height * factor)), Image.Resampling.LANCZOS)
            fname = f"{s.name}.jpg"
            img.save(out_dir / fname, "JPEG", quality=quality)
        else:
            fname = f"{s.name}.png"
            img.save(out_dir / fname, "PNG", optimize=True)
        truth = {
            "file": fname,
            "style": s.style,
            "theme": s.theme,
            "script": s.script,
            "sender": f"{s.sender} {s.subtitle}" if s.subtitle else s.sender,  # as the header shows it
            "reference_time": REFERENCE_TIME,
            "notes": s.notes,
            "messages": msgs,
        }
        (out_dir / f"{s.name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                               encoding="utf-8")
        print(f"wrote {fname} ({img.width}x{img.height}, {len(msgs)} messages)")
    make_call_sample(out_dir / "call-2026-11-20.m4a")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""A small case without a vault: screenshots drawn with PIL, items, a signed custody chain."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from evidencekit.core.export.model import BundleInput, ExhibitInput
from evidencekit.core.integrity.hashing import digest_file
from evidencekit.core.integrity.identity import SigningIdentity, create_identity
from evidencekit.core.vault.exhibits import number_exhibits
from evidencekit.core.models import CaseMeta, EngineInfo, Item, LogEntry, Message, OcrResult, Respondent
from evidencekit.core.vault import custody

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
SENDER = "95188"
TEXTS = [
    "【某某消费金融】您的借款已逾期3天，请于今日22:00前还款，否则将联系您的紧急联系人。",
    "您好，我们将上门核实您的情况并通知您的单位，请尽快处理。身份证110101199003078515",
    "最后通知：再不还款将移交法务，影响征信。还款卡号6222021234567890128，联系人13812345678",
]


def draw_screenshot(path: Path, texts: list[str], *, size: tuple[int, int] = (540, 1170), seed: int = 0) -> list[
    tuple[int, int, int, int]
]:
    """A phone-like screenshot with one bubble per text; returns the bubble boxes."""
    im = Image.new("RGB", size, (245, 245, 245))
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, 24, index=0)
    d.rectangle([0, 0, size[0], 90], fill=(60, 90 + seed % 100, 140))
    d.text((20, 30), f"{SENDER}  #{seed}", fill=(255, 255, 255), font=font)
    y = 120
    boxes = []
    for t in texts:
        lines = [t[i : i + 18] for i in range(0, len(t), 18)]
        h = 36 * len(lines) + 20
        d.rounded_rectangle([20, y, size[0] - 60, y + h], 12, fill=(255, 255, 255), outline=(200, 200, 200))
        for j, ln in enumerate(lines):
            d.text((32, y + 10 + 36 * j), ln, fill=(20, 20, 20), font=font)
        boxes.append((20, y, size[0] - 80, h))
        y += h + 30
    im.save(path, format="PNG")
    return boxes


def make_input(
    tmp: Path,
    n: int = 3,
    *,
    identity: SigningIdentity | None = None,
    ocr: bool = True,
    groups: bool = True,
    size: tuple[int, int] = (540, 1170),
) -> BundleInput:
    identity = identity or create_identity("张三", now=NOW)
    store = tmp / "objects"
    store.mkdir(parents=True, exist_ok=True)
    exhibits: list[ExhibitInput] = []
    entries: list[LogEntry] = []
    prev = custody.GENESIS

    def log(action: str, item_id: int | None, sha: str | None, details: dict) -> LogEntry:
        nonlocal prev
        e = custody.make_entry(seq=len(entries) + 1, time=f"2026-11-2{len(entries) % 8}T01:00:00.000Z",
                               actor="zhang@laptop", action=action, item_id=item_id, sha256=sha,
                               details=details, prev_hash=prev, identity=identity)
        entries.append(e)
        prev = e.hash
        return e

    log("case_created", None, None, {"title": "测试案件"})
    for i in range(1, n + 1):
        p = store / f"shot{i}.png"
        texts = [TEXTS[(i + k) % len(TEXTS)] for k in range(2)]
        boxes = draw_screenshot(p, texts, size=size, seed=i)
        dg, sz = digest_file(p)
        day = 20 + i % 5
        hour = (23, 9, 14, 6)[i % 4]
        item = Item(
            id=i, sha256=dg.sha256, sm3=dg.sm3, size=sz, kind="image", mime="image/png",
            original_name=f"Screenshot_2026-11-{day}-{hour:02d}.png", original_path=f"/home/zhang/Pictures/s{i}.png",
            file_mtime=f"2026-11-{day}T{(hour - 8) % 24:02d}:05:00Z", exif_time=None,
            imported_at="2026-11-27T02:00:00.000Z", import_offset="+08:00", host="laptop", user="zhang",
            extraction_note="手机截图，经 USB 复制", title=f"催收短信截图 {i}",
            group_name="夜间短信" if groups and i in (2, 3) else "", position=i, width=size[0], height=size[1],
        )
        o = None
        if ocr:
            o = OcrResult(
                sha256=dg.sha256, engine=EngineInfo("tesseract", "5.3.0", "chi_sim"), script="zh-Hans",
                text="\n".join(texts), sender=SENDER,
                messages=tuple(
                    Message(text=t, time_label=f"{hour:02d}:{10 + k:02d}",
                            sent_at=f"2026-11-{day}T{hour:02d}:{10 + k:02d}:00", bbox=b, confidence=90.0, side="in")
                    for k, (t, b) in enumerate(zip(texts, boxes, strict=True))
                ),
            )
        e = log("item_imported", i, dg.sha256, {"sm3": dg.sm3, "batch": "b1" if i <= max(1, n // 2) else "b2"})
        exhibits.append(ExhibitInput(number="", item=item, original=p, ocr=o, custody=(e,),
                                     batch=e.details["batch"]))
    # exhibit numbers as the vault gives them (one rule: groups share a number)
    by_id = {ex.item.id: ex for ex in exhibits}
    numbered = [replace(by_id[it.id], number=no) for no, it in number_exhibits([ex.item for ex in exhibits])]
    meta = CaseMeta(title="张三诉某某消费金融催收骚扰", claimant_name="张三", claimant_phone="13900001111",
                    respondents=(Respondent("某某消费金融有限公司", (SENDER,)),), purpose="consumer_association",
                    language="zh-Hans", created_at="2026-11-20T01:00:00Z")
    return BundleInput(meta=meta, exhibits=tuple(numbered), log=tuple(entries), identity=identity)


def constructed_case_input(tmp_path: Path) -> BundleInput:
    """The constructed case's readings (``tests.core.analysis.casefixture``) on real screenshot
    files (their digests are what is signed)."""
    from tests.core.analysis import casefixture

    inp = make_input(tmp_path, 5, groups=False)
    exs = tuple(replace(ex, number=mine.number, ocr=replace(mine.ocr, sha256=ex.item.sha256) if mine.ocr else None,
                        item=replace(ex.item, original_name=mine.item.original_name, exif_time=mine.item.exif_time,
                                     file_mtime=mine.item.file_mtime, title=""))
                for ex, mine in zip(inp.exhibits, casefixture.exhibits(), strict=True))
    return replace(inp, meta=casefixture.META, exhibits=exs)

"""A redacted bundle searched for the numbers it masks: in the text, in the pixels (read back
with the real tesseract), in every file of the ZIP and in the PDF's inflated streams."""

from __future__ import annotations

import re
import subprocess
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from evidencekit.core.export import redact
from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.format import CUSTODY
from evidencekit.core.export.mask import Redactor
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.redact import ImageRedaction, Outcome, redact_image
from evidencekit.core.integrity.pdf import iter_attachments
from evidencekit.core.models import EngineInfo, Message, OcrResult
from evidencekit.core.ocr.engine import OcrEngine, OcrLine, OcrWord, Recognition
from tests.fakes.ocr import HauntedEngine as _Haunted
from tests.fakes.ocr import SpoiledEngine as _Faulty
from tests.core.export import fixtures
from tests.core.export.fixtures import NOW, SENDER, draw_screenshot, make_input

CLAIMANT = "13900001111"
RESPONDENT = "0912-555-168"  # a second number of the other side
KEEP = [SENDER, CLAIMANT, RESPONDENT]

# Each number form, as written, with the digits the redactor reports for it.
FORMS = [
    ("tw-landline", "(02)2345-6789", "0223456789"),
    ("tw-landline-fullwidth", "（02）2758－3941", "0227583941"),
    ("tw-landline-dashed", "02-2758-3941", "0227583941"),
    ("tw-landline-intl", "+886 2 2758 3941", "886227583941"),
    ("cn-landline-spaced", "021 6234 5678", "02162345678"),
    ("cn-landline-dashed", "0755-8612 3047", "075586123047"),
    ("cn-landline-bracketed", "(010)68945213", "01068945213"),
    ("cn-landline-7", "0571-8765432", "05718765432"),
    ("cn-landline-intl", "+86 21 6483 2957", "862164832957"),
    ("hk-spaced", "9123 4567", "91234567"),
    ("hk-dashed", "2867-3015", "28673015"),
    ("hk-intl", "+852 9137 4682", "85291374682"),
    ("cn-mobile", "13829476153", "13829476153"),
    ("cn-mobile-spaced", "138 2947 6153", "13829476153"),
    ("cn-mobile-dashed", "159-3721-8846", "15937218846"),
    ("cn-mobile-intl", "+86 186 5032 7419", "8618650327419"),
    ("tw-mobile", "0933-274-815", "0933274815"),
    ("tw-mobile-intl", "+886 912 638 407", "886912638407"),
    ("cn-id", "440305198807213514", "440305198807213514"),
    ("cn-id-x", "11010519850716302X", "11010519850716302X"),
    ("tw-id", "F128374659", "F128374659"),
    ("hk-id", "K538210(4)", "K5382104"),
    ("card", "6228480129375516273", "6228480129375516273"),
    ("card-grouped", "6228 4801 2937 5516 273", "6228480129375516273"),
]
NOT_NUMBERS = ["欠款3,200.00元", "請於2026-11-28 09:30前還款", "2026年11月28日", "逾期3天", "22:00前",
               "¥23456789", "金额12,800元", "20261128", "2026-01-15 1230", "第2345期", "客服热线021-62345678",
               "400-820-8820", "2026-11-20T01:00:00.000Z"]

# Screenshots: every form in Simplified and in Traditional Chinese, the kept numbers among them.
HANS = [
    "请拨打(02)2345-6789与公司电话021 6234 5678联系，或找陈先生0933-274-815。",
    "香港同事9123 4567或+852 9137 4682，身份证440305198807213514。",
    "请联系138 2947 6153或159-3721-8846，座机(010)68945213，还款卡号6228 4801 2937 5516 273。",
    "本人13900001111",
]
HANT = [
    "請撥打(02)2345-6789與公司電話021 6234 5678聯繫，或找陳先生+886 912 638 407。",
    "香港同事2867-3015，身分證F128374659，香港身份證K538210(4)，對方0912-555-168。",
    "請聯絡+86 186 5032 7419或0755-8612 3047，欠款3,200.00元，2026-11-28前還清。",
    "對方0912-555-168",
]
# The same number forms as HANT[2], HANS[2] and HANT[0], each said to be a third party's.
THIRD_PARTIES = [
    "你同事的電話+86 186 5032 7419和你老婆0755-8612 3047都有，欠款3,200.00元，2026-11-28前還清。",
    "你妈138 2947 6153、你哥159-3721-8846，你家座机(010)68945213，还款卡号6228 4801 2937 5516 273。",
    "你太太(02)2345-6789與你公司同事021 6234 5678，或找陳先生+886 912 638 407。",
]
SURVIVING_RUN = 6


def _digits(s: str) -> str:
    # as a reader searching the OCR would: O for 0, l for 1 and so on
    return re.sub(r"\D", "", s.translate(str.maketrans("OoIl|SB", "0011158")))


def _secrets(texts: list[str], red: Redactor) -> set[str]:
    return {_digits(s) for t in texts for s in red.sensitive(t)} - {""}


def _leaks(text: str, secrets: set[str]) -> list[str]:
    """The secrets of which ``SURVIVING_RUN`` consecutive digits are in ``text``: digit runs
    are read across spaces, dashes, brackets and line breaks (a number wraps in a table)."""
    runs = [_digits(r) for r in re.findall(r"\d[\d\s\-()+.（）－]*\d", text)]
    out = []
    for sec in sorted(secrets):
        n = min(SURVIVING_RUN, len(sec))
        if any(sec[i : i + n] in r for r in runs for i in range(len(sec) - n + 1)):
            out.append(sec)
    return out


def _read(engine: OcrEngine, paths: list[Path], lang: str, psm: int) -> list[str]:
    """What an engine reads in the images: the default engine, and tesseract too where it is
    installed (a number legible to either is a leak); ``lang`` gives the script, ``psm`` is kept
    for the callers' table of readings."""
    ims = [Image.open(p).convert("RGB") for p in paths]
    script = "zh-Hant" if lang == "chi_tra" else "zh-Hans"
    out = ["".join(w.text for ln in rec.lines for w in ln.words) for rec in engine.read_many(ims, script=script)]
    return out


def _shot(tmp: Path, name: str, texts: list[str], script: str) -> tuple[Path, OcrResult]:
    p = tmp / f"{name}.png"
    boxes = draw_screenshot(p, texts)
    ocr = OcrResult("0" * 64, EngineInfo("tesseract", "5", "chi_sim"), script, "\n".join(texts), SENDER,
                    tuple(Message(t, bbox=b, side="in") for t, b in zip(texts, boxes, strict=True)))
    return p, ocr


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("form", "secret"), [(f, s) for _, f, s in FORMS], ids=[i for i, _, _ in FORMS])
@pytest.mark.parametrize("context", ["请联系{}处理", "請聯絡{}，謝謝"], ids=["hans", "hant"])
def test_every_form_is_masked_in_text(form: str, secret: str, context: str) -> None:
    red = Redactor.for_case(KEEP)
    text = context.format(form)
    assert red.sensitive(text) == [secret]
    out = red.text(text)
    masked = out[text.index(form) :][: len(form)]
    assert out == text.replace(form, masked)  # only the number changed, and in its own shape
    shown = re.sub(r"[^0-9A-Za-z]", "", masked.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    assert len(shown) == (4 if form.startswith("6228") else 2), out  # all but the last 2 (a card's 4)
    assert secret.endswith(shown)
    assert not _leaks(out, {_digits(secret)})


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_amounts_dates_and_service_lines_are_left_alone(text: str) -> None:
    assert Redactor.for_case(KEEP).text(text) == text


@pytest.mark.parametrize("kept", ["95188", "13900001111", "139 0000 1111", "+86 139 0000 1111", "0912-555-168",
                                  "0912555168", "+886 912 555 168"])
def test_the_other_side_and_the_claimant_are_kept(kept: str) -> None:
    red = Redactor.for_case(KEEP)
    text = f"来电{kept}，另有13829476153"
    out = red.text(text)
    assert kept in out and "13829476153" not in out


def test_a_strangers_number_ending_like_a_kept_one_is_masked() -> None:
    red = Redactor.for_case(KEEP)
    assert red.sensitive("另有13812395188及0933-555-168") == ["13812395188", "0933555168"]


def test_the_reported_landlines_are_masked_to_their_last_two_digits() -> None:
    red = Redactor.for_case(KEEP)
    out = red.text("請撥打（02)2345-6789與公司電話021 6234 5678，香港9123 4567")
    assert out == "請撥打（**)****-**89與公司電話*** **** **78，香港**** **67"


# --- pixels, located by hand-made word boxes ---------------------------------------------------


def _rec(*lines: list[tuple[str, tuple[int, int, int, int]]]) -> Recognition:
    out = []
    for words in lines:
        ws = tuple(OcrWord(t, b, 90.0) for t, b in words)
        x0 = min(b[0] for _, b in words)
        out.append(OcrLine(ws, (x0, words[0][1][1], max(b[0] + b[2] for _, b in words) - x0, words[0][1][3])))
    return Recognition(tuple(out), "zh-Hant")


def test_a_number_inside_a_longer_word_is_found_and_only_its_part_is_boxed() -> None:
    # tesseract's reading of the reported bubble: the landline, Chinese text and the start of
    # the next number in one word
    rec = _rec([("請撥打", (0, 0, 72, 24)), ("(02)2345-6789與公司電話021", (80, 0, 300, 24))],
               [("6234", (0, 36, 48, 24)), ("5678", (60, 36, 48, 24)), ("聯繫", (110, 36, 48, 24))])
    st = redact._stream(rec)
    runs = [r for sec in ("0223456789", "02162345678") for r in redact._find(st, sec)]
    assert len(runs) == 2
    boxes = redact._boxes(rec, st, runs, (100, 1000))
    # the start of the long word (the landline) and its end (021), and the two groups after it
    long_word = sorted(b for b, partial in boxes if b[1] == 1000)
    assert len(long_word) == 1 and long_word[0][0] == 180  # from the bracket on
    assert {(b[0], b[1]) for b, _ in boxes} >= {(100, 1036), (160, 1036)}
    assert all(b[0] < 210 or b[0] >= 100 for b, _ in boxes)


def test_digits_far_apart_are_not_one_number() -> None:
    rec = _rec([("9123", (0, 0, 48, 24)), ("，香港身份證", (50, 0, 140, 24)), ("4567", (200, 0, 48, 24))])
    assert redact._find(redact._stream(rec), "91234567") == []
    rec = _rec([("138", (0, 0, 36, 24)), ("2947", (40, 0, 48, 24)), ("或", (90, 0, 24, 24))],
               [("6153", (0, 36, 48, 24))])
    assert len(redact._find(redact._stream(rec), "13829476153")) == 1  # wrapped onto the next line


# --- pixels, with the real tesseract ---------------------------------------------------------


@pytest.fixture(scope="module")
def engine() -> OcrEngine:
    from evidencekit.core.ocr.pipeline import default_engine

    return default_engine()


@pytest.mark.tesseract
def test_redacted_screenshots_read_back_without_the_numbers(tmp_path: Path, engine: OcrEngine) -> None:
    red = Redactor.for_case(KEEP)
    outs = []
    secrets: set[str] = set()
    for name, texts, script in (("hans", HANS, "zh-Hans"), ("hant", HANT, "zh-Hant")):
        src, ocr = _shot(tmp_path, name, texts, script)
        secrets |= _secrets(texts, red)
        out = tmp_path / f"{name}-redacted.png"
        assert redact_image(src, ocr, red, out, engine=engine).outcome is Outcome.MASKED
        outs.append(out)
    assert len(secrets) == 16
    # tesseract's default page segmentation (3) reads little but the title bar among black
    # boxes; 6 (one block) and 11 (sparse text) read the bubbles
    seen = ["", ""]
    for lang, psm in (("chi_sim", 3), ("chi_sim", 6), ("chi_tra", 11)):
        for i, text in enumerate(_read(engine, outs, lang, psm)):
            assert not _leaks(text, secrets), (lang, psm, text)
            seen[i] += "|" + _digits(text)
    # the kept numbers are still there to be read
    assert SENDER in seen[0] and CLAIMANT in seen[0]
    assert SENDER in seen[1] and _digits(RESPONDENT) in seen[1]


@pytest.mark.tesseract
def test_a_number_the_ocr_text_missed_is_found_in_the_pixels(tmp_path: Path, engine: OcrEngine) -> None:
    src, ocr = _shot(tmp_path, "s", ["请联系(02)2345-6789处理", "对方17123456789"], "zh-Hans")
    # the reading lost the number of the first bubble; the second holds a kept number that
    # shares eight digits with it
    ocr = replace(ocr, messages=(replace(ocr.messages[0], text="请联系处理"), ocr.messages[1]))
    red = Redactor.for_case([*KEEP, "17123456789"])
    out = tmp_path / "r.png"
    assert redact_image(src, ocr, red, out, engine=engine).outcome is Outcome.MASKED
    [text] = _read(engine, [out], "chi_sim", 6)
    assert "17123456789" in _digits(text)
    assert not _leaks(text.replace("17123456789", ""), {"0223456789"}), text


def _glue(rec: Recognition) -> Recognition:
    # Words run together as tesseract reads a tightly set line: a word with digits starts a new
    # one after text without digits or right after digits, anything else is glued on.
    # "請撥打", "(02)2345-6789與公司電話021", "6234", "5678聯繫".
    def digits(t: str) -> bool:
        return bool(re.search(r"\d", t))

    lines = []
    for ln in rec.lines:
        groups: list[list[OcrWord]] = []
        for w in ln.words:
            g = groups[-1] if groups else []
            if g and not (digits(w.text) and (digits(g[-1].text) or not any(digits(x.text) for x in g))):
                g.append(w)
            else:
                groups.append([w])
        words = []
        for g in groups:
            x0, y0 = min(w.bbox[0] for w in g), min(w.bbox[1] for w in g)
            x1, y1 = max(w.bbox[0] + w.bbox[2] for w in g), max(w.bbox[1] + w.bbox[3] for w in g)
            words.append(OcrWord("".join(w.text for w in g), (x0, y0, x1 - x0, y1 - y0), 90.0))
        lines.append(OcrLine(tuple(words), ln.bbox))
    return replace(rec, lines=tuple(lines))


def _shift(rec: Recognition) -> Recognition:
    # boxes that miss the words: blacking them out leaves the numbers readable
    def moved(w: OcrWord) -> OcrWord:
        return OcrWord(w.text, (w.bbox[0] + 400, w.bbox[1] + 300, w.bbox[2], w.bbox[3]), w.confidence)

    return replace(rec, lines=tuple(OcrLine(tuple(moved(w) for w in ln.words), ln.bbox) for ln in rec.lines))


REPORTED = ["請撥打(02)2345-6789與公司電話021 6234 5678聯繫", "请拨打(02)2345-6789与公司电话021 6234 5678联系"]


def _wide_shot(tmp: Path, texts: list[str]) -> tuple[Path, OcrResult]:
    """A landscape screenshot, one line per bubble."""
    from PIL import ImageDraw, ImageFont

    im = Image.new("RGB", (900, 80 + 80 * len(texts)), (245, 245, 245))
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(fixtures.FONT, 24, index=0)
    d.text((20, 20), SENDER, fill=(20, 20, 20), font=font)
    boxes = []
    for k, t in enumerate(texts):
        y = 70 + 80 * k
        d.rounded_rectangle([20, y, 860, y + 56], 12, fill=(255, 255, 255), outline=(200, 200, 200))
        d.text((32, y + 14), t, fill=(20, 20, 20), font=font)
        boxes.append((20, y, 840, 56))
    p = tmp / "wide.png"
    im.save(p)
    return p, OcrResult("0" * 64, EngineInfo("tesseract", "5", "chi_tra"), "zh-Hant", "\n".join(texts), SENDER,
                        tuple(Message(t, bbox=b, side="in") for t, b in zip(texts, boxes, strict=True)))


@pytest.mark.tesseract
def test_a_number_run_into_chinese_text_is_blacked_out(tmp_path: Path, engine: OcrEngine) -> None:
    # The reported screenshot: tesseract read "(02)2345-6789與公司電話021" as one word, whose
    # digits are not part of any one number; "6234" and "5678" were found, so the landline
    # stayed readable in the image.
    from evidencekit.core.ocr.tesseract import TesseractEngine

    engine = TesseractEngine()  # the reported case: tesseract's word grouping
    red = Redactor.for_case(KEEP)
    src, ocr = _wide_shot(tmp_path, REPORTED)
    with Image.open(src) as im:
        [rec] = engine.read_many([im.convert("RGB").crop((20, 70, 860, 126))], script="zh-Hant")
    assert "(02)2345-6789與公司電話021" in [w.text for ln in _glue(rec).lines for w in ln.words]
    out = tmp_path / "r.png"
    assert redact_image(src, ocr, red, out, engine=_Faulty(engine, _glue)).outcome is Outcome.MASKED
    for lang, psm in (("chi_tra", 6), ("chi_sim", 11)):
        [text] = _read(engine, [out], lang, psm)
        assert not _leaks(text, _secrets(REPORTED, red)), (lang, text)
    # blacked out, not repainted: the start and the end of each line are as they were
    with Image.open(out) as a, Image.open(src) as b:
        for x, y, _w, h in (m.bbox for m in ocr.messages):
            for box in ((x, y, x + 50, y + h), (x + 620, y, x + 840, y + h)):
                assert ImageChops.difference(a.crop(box).convert("RGB"), b.crop(box).convert("RGB")).getbbox() is None


@pytest.mark.tesseract
def test_what_is_still_legible_after_blacking_out_is_repainted(tmp_path: Path, engine: OcrEngine) -> None:
    red = Redactor.for_case(KEEP)
    src, ocr = _shot(tmp_path, "s", HANT[:2], "zh-Hant")
    out = tmp_path / "r.png"
    faulty = _Faulty(engine, _shift)
    assert redact_image(src, ocr, red, out, engine=faulty).outcome is Outcome.MASKED
    assert faulty.calls >= 3  # read again, repainted, read once more
    [text] = _read(engine, [out], "chi_tra", 11)
    assert not _leaks(text, _secrets(HANT[:2], red)), text
    with Image.open(out) as a, Image.open(src) as b:
        for m in ocr.messages:
            x, y, w, h = m.bbox
            diff = ImageChops.difference(a.crop((x, y, x + w, y + h)).convert("L"),
                                         b.crop((x, y, x + w, y + h)).convert("L"))
            assert 1 - diff.histogram()[0] / (w * h) > 0.5  # repainted


def test_an_image_whose_numbers_stay_legible_is_withheld(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, ocr = _shot(tmp_path, "s", ["请联系13829476153处理"], "zh-Hans")
    got = redact_image(src, ocr, Redactor.for_case(KEEP), tmp_path / "r.png", engine=_Haunted())
    assert got.outcome is Outcome.STILL_LEGIBLE and got.outcome.withheld

    # and the bundle leaves it out
    monkeypatch.setattr(redact, "word_engine", _Haunted)
    inp = make_input(tmp_path / "in", 1)
    res = export_bundle(inp, tmp_path / "r.pdf", ExportOptions(now=NOW, redact=True))
    assert any("withheld" in w for w in res.warnings)
    images = subprocess.run(["pdfimages", "-list", str(res.pdf_path)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) == 2  # header only


def test_without_a_box_for_a_message_holding_a_number_and_no_engine_the_image_is_withheld(tmp_path: Path) -> None:
    src, ocr = _shot(tmp_path, "s", ["请联系13829476153处理", "您好"], "zh-Hans")
    ocr = replace(ocr, messages=(replace(ocr.messages[0], bbox=(0, 0, 0, 0)), ocr.messages[1]))
    assert redact_image(src, ocr, Redactor.for_case(KEEP), tmp_path / "r.png") == ImageRedaction(Outcome.NOT_LOCATED)


# --- the whole bundle ----------------------------------------------------------------------


# The file's own bookkeeping, which no reader searches for a number: the cross-reference tables
# (ten-digit byte offsets: "0000075586 00000 n" once held six digits of a masked number, by the
# chance of where the objects fell), where the last table begins, the signed byte ranges, lengths.
_FILE_STRUCTURE = re.compile(r"\bxref\s+(?:\d+\s+\d+\s+(?:\d{10}\s+\d{5}\s+[nf]\s*)*)+|\bstartxref\s+\d+"
                             r"|/ByteRange\s*\[[\d\s]*\]|/(?:Length1?|Size|Prev|XRefStm)\s+\d+")


def _pdf_readings(pdf: Path, skip: set[bytes]) -> list[str]:
    """The PDF as a reader searching it would see it: every stream, inflated where it is Flate-
    compressed (object streams hold the dictionaries, bookmarks and metadata), and what lies
    between the streams, each also without the zero bytes of UTF-16 text strings and with its
    hex text strings decoded. Streams in ``skip``, the signature's DER and the font programs
    (glyph outlines, with the character set listed in code order: "0123456789") are left out."""
    raw = pdf.read_bytes()
    parts = []
    pos = 0
    for m in re.finditer(rb"(?<!end)stream\r?\n", raw):
        end = raw.find(b"endstream", m.end())
        head = raw[pos : m.start()]
        parts.append(head)
        data = raw[m.end() : end]
        try:
            data = zlib.decompressobj().decompress(data)
        except zlib.error:
            pass
        font = re.search(rb"/Length1\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b", head[head.rfind(b" obj"):])
        if data not in skip and not font:
            parts.append(data)
        pos = end
    parts.append(raw[pos:])
    out = []
    for blob in parts:
        s = re.sub(r"/Contents\s*<[0-9A-Fa-f]*>", "", blob.decode("latin-1"))
        s = _FILE_STRUCTURE.sub(" ", s)
        out += [s, s.replace("\x00", "")]
        for h in re.findall(r"<(?:FEFF|feff)([0-9A-Fa-f\s]*)>", s):
            out.append(bytes.fromhex(re.sub(r"\s", "", h)).decode("utf-16-be", "replace"))
    return out


@pytest.mark.tesseract
def test_a_redacted_export_searched_for_the_masked_numbers(tmp_path: Path, engine: OcrEngine,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # screenshots 1 (Simplified) and 2 (Traditional) with every kind of number, in the pixels,
    # in their OCR text and in the titles and notes of the items
    # every number said to be somebody else's: a number a message gives as the sender's own
    # (a callback line, the account to pay into) stays visible, see test_redaction.py
    monkeypatch.setattr(fixtures, "TEXTS", THIRD_PARTIES)
    inp = make_input(tmp_path / "in", 2, groups=False)
    red = Redactor.for_case(KEEP)
    notes = {1: "卡号6228 4801 2937 5516 273，联系人138-2947-6153", 2: "證人+852 9137 4682，身分證F128374659"}
    exhibits = []
    for ex in inp.exhibits:
        it = replace(ex.item, title=f"催收短信 {notes[ex.item.id]}", extraction_note=notes[ex.item.id],
                     proves=f"证明对方联系了(02)2345-6789及{notes[ex.item.id]}", source="手机 13829476153")
        assert ex.ocr is not None
        ocr = replace(ex.ocr, script="zh-Hant" if ex.item.id == 2 else "zh-Hans")
        exhibits.append(replace(ex, item=it, ocr=ocr))
    inp = replace(inp, meta=replace(inp.meta, respondents=(replace(inp.meta.respondents[0],
                                                                   numbers=(SENDER, RESPONDENT)),)),
                  exhibits=tuple(exhibits))
    secrets = _secrets([*fixtures.TEXTS, *notes.values(), "(02)2345-6789", "13829476153"], red)
    assert len(secrets) == 11

    res = export_bundle(inp, tmp_path / "r.pdf", ExportOptions(now=NOW, redact=True, make_zip=True))
    assert not res.warnings
    assert res.zip_path is not None

    # the PDF's text
    text = subprocess.run(["pdftotext", str(res.pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert not _leaks(text, secrets)
    flat = re.sub(r"\s", "", text)
    assert CLAIMANT in flat and SENDER in flat  # kept: the claimant's own number, the sender's
    assert "**89" in text  # masked, not dropped

    # every stream of the PDF, inflated, but the embedded custody log (masked by the custody
    # code, checked by its own tests)
    custody = {data for key, data, _ in iter_attachments(res.pdf_path) if key == CUSTODY and data}
    assert custody
    readings = _pdf_readings(res.pdf_path, custody)
    assert len(readings) > 20
    for reading in readings:
        assert not _leaks(reading, secrets), reading[:500]

    # every file of the ZIP but custody.jsonl; the images read back with tesseract
    images = []
    with zipfile.ZipFile(res.zip_path) as z:
        for name in z.namelist():
            if name.endswith(CUSTODY):
                continue
            data = z.read(name)
            if name.endswith(".pdf"):
                (tmp_path / "in-zip.pdf").write_bytes(data)
                for reading in _pdf_readings(tmp_path / "in-zip.pdf", custody):
                    assert not _leaks(reading, secrets), (name, reading[:500])
                continue
            if name.endswith(".png"):
                images.append(tmp_path / name.replace("/", "_"))
                images[-1].write_bytes(data)
                continue
            assert not _leaks(data.decode("utf-8", "replace"), secrets), name
    assert len(images) == 2
    for lang, psm in (("chi_sim", 6), ("chi_tra", 11)):
        for read in _read(engine, images, lang, psm):
            assert not _leaks(read, secrets), (lang, read)

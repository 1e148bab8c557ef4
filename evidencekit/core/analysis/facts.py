"""Facts in one message: phone numbers, amounts, dates and times, URLs, institutions, card tails
and the names of the people addressed."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import phonenumbers

from evidencekit.core.analysis.timeparse import find_times
from evidencekit.core.models import Fact

# Chinese service numbers phonenumbers does not know as such.
_SERVICE = re.compile(
    r"(?<![\d\-])("
    r"(?:400|800)[\- ]?\d{3}[\- ]?\d{4}"  # 400-820-8820, 4008-123-456 handled below
    r"|(?:400|800)\d[\- ]?\d{3}[\- ]?\d{3}"
    r"|106\d{5,17}"  # SMS gateway sender numbers
    r"|95\d{3,4}"  # bank / insurer hotlines: 95588, 95786
    r"|96\d{3,4}"
    r"|12\d{3}"  # government hotlines: 12315, 12378, 12363
    r"|10086|10010|10000"
    r")(?![\d\-])"
)
#: Currency marks written before an amount (longest first where one is the start of another).
_CUR_BEFORE = (r"NT\$|NTD|TWD|新台幣|新台币|台幣|台币|HK\$|HKD|港幣|港币|US\$|USD|RMB|CNY|人民币|人民幣|¥|￥|\$")
#: Currency words written after an amount.
_CUR_AFTER = r"港元|港幣|港币|美元|新台幣|新台币|台幣|台币|人民币|人民幣|元|块|塊|圆|圓|RMB|CNY|HKD|TWD|NTD|USD"
_AMOUNT = re.compile(
    rf"(?P<cur>{_CUR_BEFORE})?\s*"
    # a number is read whole, separators and all: never from the middle of another number
    # ("1.058.33元" is one amount, not "33元"); a space inside it ("1,05 8.33") is not bridged
    r"(?<![\d.,])(?<!\d )(?P<num>\d+(?:[.,]\d+)*)(?![\d])"
    r"\s*(?P<mult>[万萬千仟百佰亿億](?:[零一二两兩三四五六七八九\d]?[千仟百佰])?)?"
    rf"\s*(?P<unit>{_CUR_AFTER})?"
)
_CN_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_MULT = {"万": 10_000, "萬": 10_000, "千": 1_000, "仟": 1_000, "百": 100, "佰": 100, "亿": 10**8, "億": 10**8}
_URL = re.compile(
    r"(?:(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|(?<![A-Za-z0-9@.])[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:com|cn|net|org|cc|top|xyz|vip|me|tw|hk|io|app|example)"
    r"(?:/[A-Za-z0-9\-._~/?#=&%+]*)?)"
)
_BRACKET = re.compile(r"[【\[［]([^】\]］]{2,20})[】\]］]")
_INSTITUTION = re.compile(
    r"([\u4e00-\u9fff]{2,8}?(?:银行|銀行|消费金融|消費金融|金融|小额贷款|小額貸款|信托|信託|保险|保險|金控|"
    r"证券|證券|借条|借條|花呗|花唄|白条|白條|分期|钱包|錢包|贷|貸)(?:股份)?(?:有限)?(?:公司|集团|集團)?)"
)
_CARD_TAIL = re.compile(r"(?:尾号|尾號|末四位|后四位|後四位|末4位|尾数|尾數)\s*(?:为|為|是)?\s*[:：]?\s*(\d{3,4})")
_SURNAMES = set(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田董袁潘"
    "于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫閆段雷侯"
    "龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章"
    "鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂翁游池蓝藍洪简簡"
)
_NAME = re.compile(r"([\u4e00-\u9fff]{1,3}?)(先生|女士|小姐|同学|同學|阿姨|老师|老師)")
_BAD_NAME_PREFIX = ("尊敬", "亲爱", "親愛", "客户", "客戶", "用户", "用戶", "本人", "借款")


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def phone_facts(text: str) -> list[Fact]:
    out: list[Fact] = []
    spans: list[tuple[int, int]] = []
    for m in _SERVICE.finditer(text):
        out.append(Fact("phone", _digits(m.group(1)), m.group(1)))
        spans.append(m.span(1))
    for region in ("CN", "TW", "HK"):
        for pm in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            if any(a < pm.end and pm.start < b for a, b in spans):
                continue
            if not _plausible_phone_context(text, pm.start, pm.end):
                continue
            num = phonenumbers.format_number(pm.number, phonenumbers.PhoneNumberFormat.E164)
            out.append(Fact("phone", num, pm.raw_string))
            spans.append((pm.start, pm.end))
    order = {f.text: text.find(f.text) for f in out}
    return sorted(out, key=lambda f: order[f.text])


def _plausible_phone_context(text: str, start: int, end: int) -> bool:
    # not an amount ("12,860元") nor part of a card number or URL
    after = text[end:end + 1]
    before = text[max(0, start - 1):start]
    if after in ("元", "块", "塊", "万", "萬", "%", ".") or before in ("$", "¥", "￥", "/", "."):
        return False
    return True


def parse_number(token: str) -> Decimal | None:
    """The value of a number as written with thousands and decimal separators, either way round.

    ``1,058.33`` and ``1.058,33`` are both 1058.33; ``12,860`` is 12860; ``8,50`` is 8.5;
    ``1286.50`` is 1286.5. A misread separator is undone where the grouping shows it:
    ``1.058.33`` and ``1,058,33`` (every group of three but the last) are 1058.33.

    Returns:
        The value, or None when the separators make no sense as a number.
    """
    parts = re.split(r"([.,])", token)
    groups, seps = parts[0::2], parts[1::2]
    if not all(g.isdigit() for g in groups):
        return None
    if not seps:
        return Decimal(token)
    head, middle, last = groups[0], groups[1:-1], groups[-1]

    def thousands(gs: list[str]) -> bool:
        return 1 <= len(head) <= 3 and all(len(g) == 3 for g in gs)

    if len(set(seps)) == 2:
        # both marks: the last one is the decimal mark, the other groups thousands
        dec = seps[-1]
        if dec in seps[:-1] or not thousands(middle):
            return None
        return Decimal(head + "".join(middle) + "." + last)
    sep = seps[0]
    if len(seps) == 1:
        if sep == "," and len(last) == 3:
            return Decimal(head + last)  # 12,860
        return Decimal(head + "." + last)  # 1286.50, 8,50
    if thousands(middle + [last]):
        return Decimal(head + "".join(middle) + last)  # 1,234,567
    if thousands(middle) and len(last) <= 2:
        return Decimal(head + "".join(middle) + "." + last)  # 1.058.33: a thousands mark misread
    return None


def _amount_value(num: str, mult: str | None) -> Decimal | None:
    v = parse_number(num)
    if v is None:
        return None
    if mult:
        v *= _MULT[mult[0]]
        if len(mult) > 1:  # 3萬5千: the trailing digit and its multiplier
            d, m2 = mult[1:-1], mult[-1]
            if d:
                v += (_CN_DIGIT[d] if d in _CN_DIGIT else int(d)) * _MULT[m2]
    return v


def currency_of(before: str | None, after: str | None) -> str:
    """The ISO 4217 code of an amount's currency marks; ``$`` alone (a dollar of no stated
    country) stays ``$``; no mark but 元/块 is the yuan."""
    c = (before or "").strip().upper()
    u = (after or "").strip().upper()
    if c in ("NT$", "NTD", "TWD", "新台幣", "新台币", "台幣", "台币") or u in ("新台幣", "新台币", "台幣", "台币", "TWD", "NTD"):
        return "TWD"
    if c in ("HK$", "HKD", "港幣", "港币") or u in ("港元", "港幣", "港币", "HKD"):
        return "HKD"
    if c in ("US$", "USD") or u in ("美元", "USD"):
        return "USD"
    if c == "$":
        return "$"
    return "CNY"


def amount_facts(text: str) -> list[Fact]:
    """Amounts of money: a number with a currency mark before or after it (¥, ￥, 元, NT$, HK$,
    US$, $, 人民币, 港元...), thousands and decimal separators either way round, 万/千 multipliers.
    Value ``"1058.33 CNY"``; the text as shown."""
    out: list[Fact] = []
    for m in _AMOUNT.finditer(text):
        cur, num, mult, unit = m.group("cur"), m.group("num"), m.group("mult"), m.group("unit")
        if not (cur or unit):
            continue
        if mult and not unit and not cur:
            continue
        value = _amount_value(num, mult)
        if value is None:
            continue
        # "3萬5千元": a trailing Chinese-numeral part after the multiplier
        tail = re.match(r"([一二两兩三四五六七八九\d])([千仟百佰])(元|块|塊)?", text[m.end("mult") if mult else m.end():])
        shown = m.group(0).strip()
        if mult and tail and not unit:
            d = tail.group(1)
            value += (_CN_DIGIT[d] if d in _CN_DIGIT else int(d)) * _MULT[tail.group(2)]
            shown = text[m.start():m.end() + tail.end()].strip()
        out.append(Fact("amount", f"{value:.2f} {currency_of(cur, unit)}", shown))
    return out


def url_facts(text: str) -> list[Fact]:
    out = []
    for m in _URL.finditer(text):
        u = m.group(0).rstrip(".,;:!?)'\"")
        if re.fullmatch(r"[\d.]+", u):  # 0.02 etc.
            continue
        value = u if re.match(r"https?://", u) else "http://" + u
        out.append(Fact("url", value, u))
    return out


def institution_facts(text: str) -> list[Fact]:
    out: list[Fact] = []
    seen: set[str] = set()
    for m in _BRACKET.finditer(text):
        name = m.group(1).strip()
        if name not in seen:
            out.append(Fact("institution", name, m.group(0)))
            seen.add(name)
    for m in _INSTITUTION.finditer(text):
        name = m.group(1)
        # trim leading words that are not part of a name ("您在本平台的借贷" is no institution)
        name = re.sub(r"^.*?(?:在|的|是|于|於|向|从|從|通过|通過|致电|致電|登录|登錄)", "", name)
        if len(name) < 3 or name in seen or any(name in s for s in seen):
            continue
        if name.endswith(("贷", "貸")) and len(name) < 4:
            continue
        out.append(Fact("institution", name, name))
        seen.add(name)
    return out


def card_tail_facts(text: str) -> list[Fact]:
    return [Fact("card_tail", m.group(1), m.group(0)) for m in _CARD_TAIL.finditer(text)]


def person_names(text: str) -> list[str]:
    """Names of people addressed with a title (李建国先生, 陈小姐)."""
    out: list[str] = []
    for m in _NAME.finditer(text):
        name = m.group(1)
        # start the name at a surname
        idx = next((i for i, c in enumerate(name) if c in _SURNAMES), None)
        if idx is None:
            continue
        name = name[idx:]
        if any(name.startswith(p) for p in _BAD_NAME_PREFIX):
            continue
        if name not in out:
            out.append(name)
    return out


def date_facts(text: str, reference: datetime | None) -> list[Fact]:
    return [Fact("date", t.value, t.text) for t in find_times(text, reference)]


def extract_facts(text: str, reference_time: datetime | None = None) -> list[Fact]:
    """All facts of one message, grouped by kind.

    Args:
        text: the message.
        reference_time: resolves 今天/昨天/星期三 and dates without a year.

    Returns:
        Facts (kind, normalised value, text as shown): phone, amount, date, url, institution,
        card_tail, person.
    """
    urls = url_facts(text)
    # phone numbers and amounts inside a URL are not facts of their own
    masked = text
    for u in urls:
        masked = masked.replace(u.text, " " * len(u.text))
    facts = phone_facts(masked) + amount_facts(masked) + date_facts(masked, reference_time) + urls
    facts += institution_facts(text) + card_tail_facts(text)
    facts += [Fact("person", n, n) for n in person_names(text)]
    return facts

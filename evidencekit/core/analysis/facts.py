"""Facts in one message: phone numbers, amounts, dates and times, URLs, institutions, card tails
and the names of the people addressed."""

from __future__ import annotations

import re
from datetime import datetime

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
_AMOUNT = re.compile(
    r"(?P<cur>¥|￥|RMB\s*|CNY\s*|NT\$\s*|HK\$\s*|US\$\s*|\$\s*|人民币\s*|人民幣\s*|新台幣\s*|台幣\s*|港幣\s*|港币\s*)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s*(?P<mult>[万萬千仟百佰亿億](?:[零一二两兩三四五六七八九\d]?[千仟百佰])?)?"
    r"\s*(?P<unit>元|块|塊|圆|圓|港元|美元|人民币|人民幣)?"
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


def _amount_value(num: str, mult: str | None) -> float:
    v = float(num.replace(",", ""))
    if mult:
        base = _MULT[mult[0]]
        v *= base
        if len(mult) > 1:  # 3萬5千: the trailing digit and its multiplier
            d, m2 = mult[1:-1], mult[-1]
            if d:
                v += (_CN_DIGIT.get(d) if d in _CN_DIGIT else int(d)) * _MULT[m2]  # type: ignore[operator]
    return v


def _currency(cur: str | None, unit: str | None) -> str:
    c = (cur or "").strip()
    if c.startswith("NT") or c in ("新台幣", "台幣"):
        return "TWD"
    if c.startswith("HK") or c == "港幣" or c == "港币" or unit == "港元":
        return "HKD"
    if c.startswith("US") or unit == "美元":
        return "USD"
    return "CNY"


def amount_facts(text: str) -> list[Fact]:
    out: list[Fact] = []
    for m in _AMOUNT.finditer(text):
        cur, num, mult, unit = m.group("cur"), m.group("num"), m.group("mult"), m.group("unit")
        if not (cur or unit):
            continue
        if mult and not unit and not cur:
            continue
        # "3萬5千元": a trailing Chinese-numeral part after the multiplier
        tail = re.match(r"([一二两兩三四五六七八九\d])([千仟百佰])(元|块|塊)?", text[m.end("mult") if mult else m.end():])
        shown = m.group(0).strip()
        value = _amount_value(num, mult)
        if mult and tail and not unit:
            value += (_CN_DIGIT.get(tail.group(1)) or int(tail.group(1))) * _MULT[tail.group(2)]
            shown = text[m.start():m.end() + tail.end()].strip()
        out.append(Fact("amount", f"{value:.2f} {_currency(cur, unit)}", shown))
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

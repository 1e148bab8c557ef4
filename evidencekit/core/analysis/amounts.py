"""Money in messages: which amount is demanded, which the person paid, which is somebody else's
debt, in which currency; and totals per lender and currency.

Amounts come in as plain values (:class:`Amount`: number, currency, the words as shown and where),
so any parser can supply them; :func:`find_amounts` is the one used when none is given. A bare
``$`` is a currency only when the case says which dollar is meant (``dollar=``): never guessed as
USD. ``元`` is CNY unless the case says otherwise (``yuan="TWD"`` for a Taiwan case).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from evidencekit.core.analysis.textnorm import to_simplified


class AmountRole(StrEnum):
    """What an amount is to the claimant."""

    DEMANDED = "demanded"  # asked of the person: due, overdue, owed
    PAID = "paid"  # the person paid it (a receipt, or their own reply)
    THIRD_PARTY_DEBT = "third_party_debt"  # another person's debt (a mis-sent notice)
    OTHER = "other"  # a credit line offered, a loan paid out, a fee quoted


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount as found in a message.

    Attributes:
        value: the number (exact decimal).
        currency: ISO 4217 (CNY, HKD, TWD, USD), or None when the text does not say.
        text: the words as shown ("NT$8,420", "3萬5千元").
        start: where ``text`` starts in the message.
        end: where it ends.
    """

    value: Decimal
    currency: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RoledAmount:
    """An amount and what it is, with the words that decided it (as shown; empty when none did)."""

    amount: Amount
    role: AmountRole
    basis: str = ""


# ----------------------------------------------------------------------------- finding amounts

_PREFIX = {
    "¥": "CNY", "￥": "CNY", "rmb": "CNY", "cny": "CNY", "人民币": "CNY", "人民幣": "CNY",
    "hk$": "HKD", "hkd": "HKD", "港币": "HKD", "港幣": "HKD",
    "nt$": "TWD", "ntd": "TWD", "twd": "TWD", "新台币": "TWD", "新台幣": "TWD", "台币": "TWD", "台幣": "TWD",
    "us$": "USD", "usd": "USD",
}
_SUFFIX = {"港元": "HKD", "港币": "HKD", "港幣": "HKD", "美元": "USD", "美金": "USD", "新台币": "TWD", "新台幣": "TWD",
           "台币": "TWD", "台幣": "TWD", "人民币": "CNY", "人民幣": "CNY"}
_YUAN = ("元", "块", "塊", "圆", "圓", "蚊")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

_PREFIX_RE = "|".join(sorted((re.escape(p) for p in _PREFIX), key=len, reverse=True))
_SUFFIX_RE = "|".join(sorted(_SUFFIX, key=len, reverse=True)) + "|" + "|".join(_YUAN)
# digits, possibly spaced out ("2 8 0 0") or with thousands separators
_NUM = r"\d(?:\d|\s(?=\d)|\s?[,，]\s?(?=\d\s?\d\s?\d))*(?:\s?\.\s?\d(?:\s?\d)?)?"
# a mixed or Chinese-numeral amount: 3萬5千, 1.2万, 五千, 两万三千
_CN = r"[\d.零〇一二两兩三四五六七八九十拾百佰千仟万萬亿億壹贰貳叁參肆伍陆陸柒捌玖]+"
_AMOUNT = re.compile(
    rf"(?P<pre>{_PREFIX_RE}|\$)?\s*(?P<num>{_NUM}(?:\s*[万萬亿億千仟](?:[零一二两兩三四五六七八九\d][千仟百佰]?)?)?|{_CN})"
    rf"\s*(?P<suf>{_SUFFIX_RE})?",
    re.IGNORECASE,
)


def _cn_number(s: str) -> Decimal | None:
    """3萬5千 → 35000, 1.2万 → 12000, 两万三千 → 23000, 五千 → 5000, 三千二 → 3200, 一万二 → 12000."""
    total = Decimal(0)
    section = Decimal(0)
    digit: Decimal | None = None
    num = ""
    last_unit = ""  # the unit just before a trailing digit ("三千二": 千)
    for ch in s + "$":
        if ch.isdigit() or ch == ".":
            num += ch
            continue
        if num:
            try:
                digit = Decimal(num)
            except InvalidOperation:
                return None
            num = ""
        if ch in _CN_DIGITS:
            digit = Decimal(_CN_DIGITS[ch])
        elif ch in _CN_UNITS:
            section += (digit if digit is not None else Decimal(1)) * _CN_UNITS[ch]
            digit, last_unit = None, ch
        elif ch in _BIG:
            total += (section + (digit or 0)) * _BIG[ch]
            section, digit, last_unit = Decimal(0), None, ch
        elif ch == "$":
            if digit is not None:
                # "3萬5" means 3萬5千 and "三千二" 3200: a lone digit after a unit counts one unit down
                section += digit * _NEXT_DOWN.get(last_unit, 1)
            total += section
        elif ch in "零〇":
            last_unit = ""
        else:
            return None
    return total


_NEXT_DOWN = {"万": 1000, "萬": 1000, "亿": 10_000_000, "億": 10_000_000, "千": 100, "仟": 100, "百": 10, "佰": 10,
              "十": 1, "拾": 1}


def _value(num: str) -> Decimal | None:
    plain = re.sub(r"[\s,，]", "", num)
    if re.fullmatch(r"\d+(?:\.\d+)?", plain):
        return Decimal(plain)
    return _cn_number(plain)


# Full-width digits and marks ("１３５２．４０"), and letters typed or read for digits inside a number
# ("¥3,0O8.00", "3,2l0.00", "2O5O.00"): read as the digits they stand for, one character for one, so
# every position in the view is the same in the message.
_WIDE = str.maketrans("０１２３４５６７８９．，＄￥", "0123456789.,$¥")
_NUMBER_TOKEN = re.compile(r"(?<![A-Za-z])\d[\dOoIl,.]*[\dOoIl](?![A-Za-z])")
_LOOKALIKE = str.maketrans("OoIl", "0011")


def _digits_view(text: str) -> str:
    """The message with full-width digits made plain and look-alike letters inside numbers read as
    digits; the same length as the message."""
    view = text.translate(_WIDE)
    return _NUMBER_TOKEN.sub(lambda m: m.group(0).translate(_LOOKALIKE)
                             if sum(ch.isdigit() for ch in m.group(0)) >= 2 else m.group(0), view)


# Cents after 元 / 块 / 蚊: "元陆角贰分", "蚊五毫", "块六"
_CN_CENT = "零〇一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
# ("块零九分": no jiao, nine fen; "1602块4还挂起的": four jiao)
_CENTS = re.compile(rf"[零〇](?P<f0>[{_CN_CENT}\d])分|"
                    rf"(?P<j>[{_CN_CENT}\d])(?:(?P<ju>[角毛毫])(?:(?P<f>[{_CN_CENT}\d])分?)?|(?=[，,。.！!？?\s都唔不还還就]|$))")


def _digit(ch: str) -> int:
    return int(ch) if ch.isdigit() else _CN_DIGITS[ch]


def find_amounts(text: str, *, yuan: str = "CNY", dollar: str | None = None) -> list[Amount]:
    """Amounts of money in a message (a number with a currency sign or word before or after it).

    Args:
        text: the message as shown.
        yuan: the currency ``元``/``块`` means (CNY; TWD in a Taiwan case).
        dollar: the currency a bare ``$`` means, when the case says; None leaves it unknown.

    Returns:
        The amounts in text order. Numbers with neither a sign nor a unit (days, card tails,
        percentages) are not amounts.
    """
    out: list[Amount] = []
    original, text = text, _digits_view(text)
    for m in _AMOUNT.finditer(text):
        pre, num, suf = m.group("pre"), m.group("num"), m.group("suf")
        if not (pre or suf) or not re.search(r"\d|[一二两兩三四五六七八九十百千万萬壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]", num):
            continue
        after = text[m.end():m.end() + 1]
        if after in ("%", "％") or (not pre and suf is None):
            continue
        value = _value(num)
        if value is None or value == 0:
            continue
        currency: str | None
        p = (pre or "").lower()
        if p in _PREFIX:
            currency = _PREFIX[p]
        elif p == "$":
            currency = dollar
        elif suf and suf in _SUFFIX:
            currency = _SUFFIX[suf]
        else:
            # (蚊 is the region's yuan as 元 is: Hong Kong dollars in Hong Kong, yuan in Guangdong's
            # Cantonese: "一千蚊今朝已经喺APP过咗数" in a mainland case)
            currency = yuan
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        end = start + len(text[start:m.end()].rstrip())
        cents = _CENTS.match(text, end) if suf in _YUAN and "." not in num else None
        if cents:
            if cents.group("f0"):
                value += Decimal(_digit(cents.group("f0"))) / 100
            else:
                value += Decimal(_digit(cents.group("j"))) / 10 + Decimal(_digit(cents.group("f")) if cents.group("f") else 0) / 100
            end = cents.end()
        out.append(Amount(value, currency, original[start:end], start, end))
    out += _bare_amounts(text, out, yuan)
    out = [a if a.text == original[a.start:a.end] else Amount(a.value, a.currency, original[a.start:a.end], a.start, a.end)
           for a in out]
    return sorted((a for a in out if not _approximate(original, a)), key=lambda a: a.start)


# "几千块", "两千多块", "3万多", "借唔到一蚊": a rough sum or a figure of speech, not an amount
_ROUGH_BEFORE = re.compile(r"(?:几|幾|数|數|上|好几|好幾)$")
_ROUGH_AFTER = re.compile(r"^(?:多|几(?!时|点|号)|幾(?!時|点|點|號)|來|来|左右|上下)")  # ("4,760幾時搞掂": when)
_NOT_A_CENT = re.compile(r"(?:到|唔到|不到|冇|没有?|少|差|短)$")  # ("少一塊錢": not a cent short)


def _approximate(text: str, a: Amount) -> bool:
    before, after = text[max(0, a.start - 2):a.start], text[a.end:a.end + 2]
    if _ROUGH_CN.search(text[max(0, a.start - 1):a.end]):
        return True  # "两三百块", "三四千"
    # "几千块" is read as "千块": a rough word before a bare unit
    if (_ROUGH_BEFORE.search(before) and a.text[:1] in "十百千万萬拾佰仟") or _ROUGH_AFTER.match(after):
        return True
    # "两千多块": the unit after the rough word
    if re.match(r"^[多几幾]", text[a.end - 1:a.end + 1]) or re.search(r"[多几幾][块塊蚊元]$", a.text):
        return True
    # "借唔到一蚊", "一蚊都唔少得", "一块钱也不能少": not a dollar, a figure of speech
    return a.value == 1 and (_NOT_A_CENT.search(before) is not None
                             or re.match(r"(?:钱|錢)?(?:都|也)", text[a.end:a.end + 3]) is not None)


# Amounts written without a currency: "2k", "1.2w", "300w", "最高20万", "一千也行", and plain numbers
# right after words of money ("还8,800", "这笔1058.33", "最低500").
_MULTIPLIER = {"k": 1000, "w": 10_000, "万": 10_000, "萬": 10_000, "千": 1000, "仟": 1000}
# (Latin letters and digits only around them: a Chinese character is a word character to `\w`, and
# "欠款1.2w", "还8,800" follow one)
_BARE_MUL = re.compile(r"(?<![A-Za-z0-9_.])(?P<num>\d+(?:\.\d+)?)\s*(?P<mul>[kKwW](?![a-zA-Z])|[万萬千仟])"
                       r"(?P<tail>\d(?![\d.]))?")
# Cantonese slang for exact sums: 撇 a thousand, 嚿水 / 舊水 a hundred ("入3撇先", "兩撇", "三十舊水";
# convention 22: an exact amount)
_SLANG = re.compile(r"(?<![\d.一二两兩三四五六七八九十])(?P<num>\d{1,3}|[一二两兩三四五六七八九十]{1,3})\s*(?P<mul>撇(?!一?捺)|(?:嚿|舊|旧)水)")
_SLANG_MULTIPLIER = {"撇": 1000, "嚿水": 100, "舊水": 100, "旧水": 100}
# a Chinese numeral of a hundred or more, plain or capital ("两千零五十", "壹仟贰佰捌拾")
_CN_NUMERAL = "零〇一二两兩三四五六七八九十百千万萬壹贰貳叁參肆伍陆陸柒捌玖拾佰仟"
_BARE_CN = re.compile(rf"(?<![\d{_CN_NUMERAL}])(?P<num>[一二两兩三四五六七八九十壹贰貳叁參肆伍陆陸柒捌玖拾][{_CN_NUMERAL}]*?"
                      rf"[百千万萬佰仟][{_CN_NUMERAL}]*)(?![{_CN_NUMERAL}])")
_BARE_NUM = re.compile(r"(?<![A-Za-z0-9_.$¥￥/:-])(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d{1,2})?|\d+\.\d{1,2}|\d{3,7})(?![A-Za-z0-9_.%％/:*＊-])")
# a lender's name right before the sum ("…贷5230", "…钱8430")
_LENDER_BEFORE = re.compile(r"(?:贷|钱)的?\s*$")
# "两三百", "三四千": a rough sum
_ROUGH_CN = re.compile(r"[一二两兩三四五六七八九]{2}[十百千万萬]")
# a sum with its cents ("2671.15", "1260.5") in a message about money is money
_WITH_CENTS = re.compile(r"\d{2,7}\.\d{1,2}")
_SAME_IN_BRACKETS = re.compile(r"[^（(]?[（(]")
_CONTACT_BEFORE = re.compile(r"(?:qq|微信|wechat|whatsapp|line|电话|热线|tel|号码|工号|编号|单号|尾号)\s*(?:号)?\s*[:：]?\s*$", re.IGNORECASE)
_MONEY_BEFORE = re.compile(
    r"(?:还|欠|金额|借|转了?|最低|这笔|这一笔|那笔|那一笔|本金|余数|拿出|欠款|应还|需还|额度|最高|满|剩|共|合计|结清|恢复原金额|追讨|付|缴|繳|"
    r"把|你那|那|剩下的?|仲差|还差|为了|违约金|罚息|滞纳金|本息|费用|"
    # a payment or a sum named ("收到1500", "已汇款9600", "奖金2400", "房租1800", "减免200"), a lender's name ("…贷5230")
    r"收到|收咗|汇款?|汇了|奖金|房租|减免|打个折|一共|总共|总数|总额|剩余|差|服务费|手续费|费|"
    # the person's payment to a lender they name ("我刚还了盛泰1000")
    r"(?:还|缴|转|汇)了[^\d，。,!！?？\s]{2,4}|"
    # an instalment of a plan ("首期818.60晚一天")
    r"首期|头期|每期|末期|尾期|月供|第[一二三四五六七八九十\d]{1,2}期|(?:这|那|嗰|彼|该)期|"
    # "富臨條數4150": the debt's sum named as the account
    r"条数|"
    # a floor on the sum ("今天最少1500", "至少兩千")
    r"最少|至少|"
    # a transfer named ("已經網上過咗1500去康裕戶口", "今晚十點前過數2000")
    r"过咗|转咗|畀咗|俾咗|过数|入数|入咗|入了|"
    # "第二笔3000", "凑齐5212", "月租2300", "仲有815" (a sum still owed), "本來5840" (the sum a fee is added to)
    r"笔|凑齐|凑够|月租|租金|仲有|还有|本来|原本|原来|(?:说|讲)好?的|加起来|加埋|合起来|"
    # a transfer pressed for in the collector's words ("今天先打1000", "俾500先")
    # ... or fetched, wanted ("今天拿6340出來", "今日要4880")
    r"(?:先|今天|今日|马上|立刻|赶紧|现在)(?:打|拿|要|收|汇|入|转)|俾|畀|上少|"
    r"outstanding|amount|pay|of|owes?(?: us| me)?|owing)\s*[^\d，。,!！?？\s]{0,2}\s*$", re.IGNORECASE)
# a bare number pressed for right after it: "1260今天不到账", "3200 赶紧还", "1066还上"
_MONEY_AFTER = re.compile(r"^\s*(?:今天|今日|今晚|明天|马上|赶紧|尽快)?(?:不|都|已经?)?(?:到账|还(?!有|是|在)|转(?:过来|了)?|结清|过数|交|缴)|"
                          # "5480不还是吧", "3490再不缴", "2750拖到现在", "8430今日不找", "5230已经上报法务",
                          # "3980今天下午五点前不到账", "4120.55一分不能少"
                          r"^\s*(?:再|都|还|仍|仲|又)?(?:不|没|冇|唔|勿|无)(?:还|找|缴|给|俾|到账|处理|交|清|搞掂|搞定)|^\s*(?:已经?|还在|一直|若|再|都)?(?:拖|赖|逾期|上报|移交)|"
                          # "4250一日未还", "1680这周不结清", "2286.6礼拜五前勿还", "762.2少一分", "10430一蚊都唔少得"
                          r"^\s*(?:一日|一天|这周|本周|下周|这礼拜|今个礼拜|下礼拜|下星期|这个?月|月底|月尾|(?:礼拜|星期|周)[一二三四五六日天])(?:前|之前)?(?:再)?(?:不|没|冇|唔|勿|未|无)(?:还|清|结清|到账|缴|交)|"
                          # "1750月尾前清晒", "2300下礼拜前要还清": a date to pay it by
                          r"^\s*(?:这周|本周|下周|这礼拜|今个礼拜|下礼拜|下星期|月底|月尾|(?:礼拜|星期|周)[一二三四五六日天])(?:之)?前(?:要|必须|一定要)?(?:还|清|结清|还清|缴|交|过数|到账)|"
                          r"^\s*(?:少一分|一蚊)|"
                          r"^\s*(?:今天|今日|今仔日|今晚|明天|听日)(?:先|最后|下午|中午|晚上|之前|前|内|必须|不|唔|没|冇|未|一定|可以|能不能|得唔得|处理|拿出来|拿来)|"
                          # "3860今日五點前過數", "2500聽日三點之前": a time to pay it by
                          r"^\s*(?:今天|今日|今晚|明天|听日)?[^，,。！？!?\d]{0,4}[\d一二三四五六七八九十两]{1,2}点(?:钟|半)?(?:前|之前)|^\s*一分(?:都|也)?(?:不|唔)|"
                          r"^\s*(?:的事|这个数|的账单|账单)|^\s*(?:仲|还|都)?(?:未|没|冇)(?:见到|看到|收到)|^\s*(?:一次性|一次)(?:结清|还清)|"
                          # the person's payment, said done where it was made ("1000已经在安信达APP上还了",
                          # "1000刚通过APP还了", "2000已經在超商繳了", "1500已經FPS過咗去盈信戶口")
                          r"^\s*(?:(?:已经?|刚刚?|刚才|头先|啱啱)(?:在|通过|用|经|喺)?|在|通过|喺)[^，,。！？!?\d]{0,10}?"
                          r"(?:还了|缴了|还咗|缴咗|付了|付咗|转了|转咗|汇了|汇咗|过咗|还清了|缴清了)|"
                          # a payment acknowledged: "1000收到了", "1360已经入咗数"
                          r"^\s*(?:已经?)?(?:头先|啱啱|刚刚|刚才)?(?:fps|转数快|网上|网银)?(?:收到|收咗|入账|入(?:咗)?数|入咗|过(?:咗|了)数|汇(?:了|咗|过去|款)|转账|转咗)|^\s*有看到|^\s*看到了|"
                          # "4800我凑一下": the person gathering the sum asked for
                          r"^\s*我?(?:凑|筹|想办法凑)|"
                          # a sum the collector adds its fee to ("4120再加我們的外訪費500，一共4620")
                          r"^\s*(?:再)?加(?:上|埋)?[^，,。\d]{0,6}(?:费|违约金|罚息|利息)|"
                          # "2,220.60什么时候到？"
                          r"^\s*(?:今天|今日|今晚|明天|马上|赶紧|尽快)?(?:一定要|必须|得|要)?(?:处理|准备好|安排|到位|搞掂|搞定|带上|带来|带过来)|"
                          # "1500唔夠": a sum found too little is still a sum
                          r"^\s*(?:块|蚊|元)?(?:钱)?(?:根本|远远|都|也|还|仲)?(?:不够|唔够)|"
                          r"^\s*(?:什么时候|啥时候|几时|何时)(?:能)?(?:到|还|转|给|清|结|搞掂|搞定|处理)|"
                          # "4100的账", "1,980 outstanding"
                          r"^\s*(?:的|嘅)(?:账|帐|债|数)(?!户|戶|号|號)|^\s*(?:outstanding|overdue|owing|owed|due\b)", re.IGNORECASE)
# a bare number that is a clause of its own ("陈女士，3650，今晚八点前。", "2980，今天。") is the sum in a
# message about money (not a code: "验证码，482913，")
_ALONE_BEFORE = re.compile(r"(?:^|[，,。！!？?\n])\s*$")
_ALONE_AFTER = re.compile(r"\s*(?:[，,。！!？?\n]|$)")  # (matched at the number's end: no "^")
_FIGURES = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?")
_GROUPED = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d{1,2})?")
_CODE = re.compile(r"验证码|校验码|动态码|密码|code|otp", re.IGNORECASE)
# a group of digits next to another across one space or dash ("3157 6620", "138-1234-5678"): part of
# a phone or account number written in groups; a sum is never split so
_GROUP_BEFORE = re.compile(r"\d{2,}[ \-]$")
_GROUP_AFTER = re.compile(r"[ \-]\d{2,}")
_NOT_MONEY_AFTER = re.compile(r"\s*(?:天|日|期|个|個|号|號|月(?!底|初|中|尾)|年(?!底|初)|小时|小時|分钟|分鐘|次|位|人|条|條|岁|歲|点|點|楼|樓|室|秒|份|米|步|字|多人|公里|张|張|笔|筆|"
                              r"分(?!期)|倍|折|星|斤|度|克|kg|km|cm)", re.IGNORECASE)


def _bare_amounts(text: str, found: Sequence[Amount], yuan: str) -> list[Amount]:
    taken = [(a.start, a.end) for a in found]
    out: list[Amount] = []

    whole = _simple(text).lower()
    about_money = bool(_COLLECTING.search(whole) or _PRESSING.search(whole)) and not _CODE.search(whole)

    def free(a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in taken)

    for m in _SLANG.finditer(text):
        if free(*m.span()) and (unit := _value(m.group("num"))):
            out.append(Amount(unit * _SLANG_MULTIPLIER[m.group("mul")], yuan, m.group(0), *m.span()))
            taken.append(m.span())
    for pattern in (_BARE_MUL, _BARE_CN, _BARE_NUM):
        for m in pattern.finditer(text):
            a, b = m.span()
            if not free(a, b) or _NOT_MONEY_AFTER.match(text, b) or text[b:b + 1] in ("%", "％"):
                continue
            before = to_simplified(text[max(0, a - 8):a])
            if _CONTACT_BEFORE.search(before):
                continue  # "客服QQ 2287741": a number to call or add, not a sum
            if pattern is not _BARE_CN and (_GROUP_BEFORE.search(text, 0, a) or _GROUP_AFTER.match(text, b)):
                continue  # "请即致電3157 6620處理": a group of a phone number written in groups, not a sum
            if pattern is _BARE_NUM and not (_MONEY_BEFORE.search(before) or _LENDER_BEFORE.search(before)
                                             or (about_money and _WITH_CENTS.fullmatch(m.group("num")))
                                             # "接电话！3240.60，躲是躲不脱的": a sum with its cents, a clause of its own
                                             or (_WITH_CENTS.fullmatch(m.group("num")) and _ALONE_BEFORE.search(text, 0, a)
                                                 and _ALONE_AFTER.match(text, b))
                                             # "3,300" grouped in thousands, in a message about money
                                             or (about_money and _GROUPED.fullmatch(m.group("num")))
                                             or _MONEY_AFTER.match(to_simplified(text[b:b + 16]))
                                             or (about_money and _ALONE_BEFORE.search(text, 0, a)
                                                 and _ALONE_AFTER.match(text, b))):
                continue
            if pattern is not _BARE_NUM and re.search(r"(?:第|前|后|後)$", before):
                continue
            num = m.group("num")
            if pattern is _BARE_CN and (_ROUGH_CN.search(num) or (not about_money and not re.search("[千万萬仟]", num))):
                continue  # "两三百" is rough; "打一百通" is no sum unless the message is about money
            if pattern is _BARE_NUM and _SAME_IN_BRACKETS.match(text, max(0, a - 2), a) and any(
                    x.end >= a - 2 and x.value == _value(num) for x in [*found, *out]):
                continue  # "壹万叁仟伍佰元整（13500.00）": the same sum again in figures
            if pattern is _BARE_MUL:
                mul = m.group("mul").lower()
                value: Decimal | None = Decimal(num) * _MULTIPLIER[mul]
                if m.group("tail"):  # "3万2": 32000, a lone digit after the unit counts one unit down
                    value = (value or Decimal(0)) + int(m.group("tail")) * _MULTIPLIER[mul] // 10
            else:
                value = _value(num)
            if value is None or value == 0:
                continue
            out.append(Amount(value, yuan, text[a:b], a, b))
            taken.append((a, b))
    return out


def amounts_from_facts(text: str, facts: Iterable[tuple[str, str]]) -> list[Amount]:
    """Amounts from another parser's output: (``"1234.50 CNY"``, words as shown) pairs, e.g. the
    ``amount`` facts of a message. Each is located in ``text`` (in order, so repeated amounts get
    their own places).

    Args:
        text: the message as shown.
        facts: (value with currency, words as shown).

    Returns:
        The amounts; one whose words are not in the text is placed at (-1, -1).
    """
    out: list[Amount] = []
    pos = 0
    for value, shown in facts:
        parts = value.split()
        try:
            number = Decimal(parts[0])
        except (InvalidOperation, IndexError):
            continue
        currency = parts[1] if len(parts) > 1 else None
        at = text.find(shown, pos)
        if at < 0:
            at = text.find(shown)
        start, end = (at, at + len(shown)) if at >= 0 else (-1, -1)
        if at >= 0:
            pos = end
        out.append(Amount(number, currency, shown, start, end))
    return out


# ----------------------------------------------------------------------------- roles

_PAID = re.compile(
    # first, so that it is taken whole: a receipt names the payment right before the amount
    # ("已收到您缴款新台币2,000元", "已收到你嘅还款HK$1,500")
    r"(?<![未没])(?:已收到|已收妥|(?:已收|收到|收妥)(?=您|你|阁下))(?:您|你|阁下)?(?:的|嘅)?(?:还款|缴款|缴纳|缴付|缴交|付款|支付|供款|款项|转账|汇款)(?:的|之)?(?:金额)?"
    r"(?:为|共|合共|人民币|新台币|港币|港元|:|：)?|"
    # "已收到你9月15日還款HK$1,500", "已收妥你HK$3,000還款", the collector's "收到你1500": the
    # receipt's words around a dated payment, or right before the sum
    r"(?<![未没])(?:已收到|已收妥)(?:您|你|阁下)(?:的|嘅|之)?[^，。！？!?]{1,14}?(?:还款|缴款|付款|供款)(?:金额)?(?:为|共|人民币|新台币|港币|港元)?|"
    r"(?<![未没])(?:已经?)?(?:收到|收妥|收咗)(?:您|你|阁下)(?:的|嘅)?$|"
    r"(?:感谢|多谢|谢谢)(?:您|你|阁下)?(?:的|嘅)?(?:还款|缴款|付款|供款)(?:金额)?(?:人民币|新台币|港币|港元)?|"
    r"(?<![未没])(?:您|你|阁下)?已(?:成功)?(?:还款|缴款|付款|供款|缴付|缴交)(?:金额)?(?:人民币|新台币|港币|港元)?|"
    # "本行已於115年11月13日14:02收到您信用卡繳款新臺幣5,000元": received on a day
    r"(?<![未没])已于[^，。！？!?]{1,20}?收到(?:您|你|阁下)(?:的|之)?[^，。！？!?]{0,6}?(?:还款|缴款|付款|供款|款项|转账|汇款)(?:金额)?(?:为|共|人民币|新台币|港币|港元)?|"
    # "您已还清剩余欠款2,418.60元": settled, the sum named after what it settled
    r"(?<![未没])(?:您|你|阁下)已(?:经)?(?:成功)?(?:还清|结清|缴清)(?:剩余|全部|所有)?(?:的)?(?:欠款|借款|款项|本息|贷款|账款)?(?:金额)?(?:人民币|新台币|港币|港元)?|"
    # "收到你还的500", "阁下于5月3日缴付之HK$2,000": the person's payment named as such
    r"(?<![未没])收到(?:您|你|阁下)(?:还|缴|转|付|汇)(?:的|嘅|来的|过来的)|"
    r"(?:缴付|还款|缴款|付款|供款|转账)之|"
    # a payment scorned as too small: "妳僅繳5,000元無效", "你才还500" (paid, only not enough)
    r"(?:(?<![不要])仅|(?<![不要])只|才)(?:缴|还|付|汇|转)(?:了|咗)?(?=$)|"
    # the person's payment named by the collector: "你还的2000元不算数", "你哋转嚟嘅1500"
    r"(?:你|您|妳|你哋)(?:已经|已|上次|之前|前几天)?(?:还|缴|付|转|汇|打)(?:了|咗)?(?:来|过来|嚟|过嚟)?(?:(?:的|嘅)(?:那|那个|嗰)?|那|那个|嗰)(?=$)|"
    # a dated account entry: "您于04-08 14:22还款612.50元", "12月1日向蓉易贷还款2000.00元",
    # "已成功向“禾苗借”还款" (a date followed by 前 is a deadline, not an entry)
    r"(?:(?<![请将须需应必得要])(?<!请您|请你)于|已(?:成功)?)\s*[\d:：/\-年月日时点分\s]{2,20}(?<![前])(?:还款|缴款|缴付|付款|转账)(?!日|期)|"
    r"(?:(?:账户|卡)[\d月日年:：/\-\s]{0,14}|已(?:成功)?)向\S{1,10}?(?:还款|缴款|付款|转账|支付)(?!日|期)|"
    r"received (?:your |the )?(?:re)?payment(?: of)?|(?:re)?payment (?:has been |was )?received|"
    r"thank you for your (?:re)?payment(?: of)?|"
    r"已成功还款|还款成功|成功还款|已还款|已还|已归还|已入账|已收到|已扣款|扣款成功|成功扣款|已自动扣|自动扣缴|已缴|已缴清|已缴费"
    r"|缴款成功|已结清|已支付|支付成功|已转账|转账|我已经?还了?|我还了|我已经?转|还了|已经还清|已付|我付了|已汇|汇了|还过"
    r"|已于.{0,12}(?:缴款|还款|支付|转账)|扣款金额|已汇款|汇款了|received your payment|payment received|you paid"
    r"|have paid|已收(?:您|你|阁下)(?!的?(?:申请|资料|文件|投诉))"
    # the last payment named in a settlement notice: "已全数清还（最后还款HK$2,140）"
    r"|(?<=[（(])最后(?:一笔|一期)?还款(?!日|期限|时间)"
    # the collector's bare "收到一千。还差2900…"
    r"|^收到$|^收咗$"
    # the person's own account debited: a bank's "储蓄卡…快捷支付支出3,860.00元" is their payment
    r"|(?:快捷支付|网上支付|网银|转账|代扣|扣款|消费)?支出(?:人民币)?"
)
# the person's own words for having paid ("我琴日已經過數"): said by a lender, 过数 is a loan paid out
_PAID_MINE = re.compile(r"过数|过咗数|入数|入咗数|转咗|转了|刚转|还清了|还完了|结清了|还晒|全数转账|全部还清|i paid|i have paid|i've paid|paid|transferred"
                        # "已通过APP还款1,000.00元", "已经用微信转账", "已于11月18日向快易花结清全部借款"
                        r"|(?<![未没])已(?:经)?[^，,。；;！!？?]{0,12}(?:还款|还了|还清|结清|缴款|缴了|缴付|付款|付了|支付|转账|汇款|汇了)"
                        r"|还咗|缴咗|付咗|畀咗|俾咗|还了|入咗(?!数)|汇咗|汇了|(?<![未没再要会])缴了"
                        # "我啱啱FPS过咗HK$1,500" (Cantonese 过数 without 数), "我今天先汇5000到…的户口"
                        r"|过咗(?!期|数)|(?:今天|今日|刚刚?|啱啱|已经?)(?:先)?汇(?![^，。]{0,8}(?:吗|嗎|好吗))"
                        # "已转1000元到…还款账户", "我頭先FPS咗HK$2,000俾盛峰" (a transfer's name, then 咗)
                        r"|(?<![未没])已经?(?:转|汇|付|还|缴)(?!款日|账户)|(?<![a-z])(?:fps|payme|转数快|网银|支付宝|微信)咗"
                        # "已先繳3,000元", "喺寫字樓交咗HK$4,000"
                        r"|(?<![未没])已经?先(?:转|汇|付|还|缴)|交咗"
                        # "八千匯過去了": sent across
                        r"|(?:转|汇|打)过去(?:了|咗)")
# a fee beside the principal ("应还3,150元（含逾期费50元）", "另计违约金NT$300"): part of the debt, not
# a demand of its own
_FEE = re.compile(r"逾期费|违约金|滞纳金|罚息|服务费|手续费|管理费|催收费|追收费|处理费|行政费|委外费|作业费|利息|附加费|外访费|跟进费|上门费|出勤费|车马费|late fee|"
                  r"penalty|service fee|handling fee|collection fee|admin(?:istration)? fee|interest")
_DEMANDED = re.compile(
    r"应还|待还|需还|需要还|欠款|尚欠|欠你|欠我们|欠的|欠了|欠下|拖欠|逾期金额|逾期款|逾期本金|应缴|最低应缴|账单金额|账单|还款额|本息|"
    r"合计|共计|总计|累计|罚息|违约金|滞纳金|还清|请还|请于|立即还|尽快还|必须还|必须|马上还|还款|缴款|缴纳|供款|限你|"
    r"利息|本金|剩余|结清|处理|支付|转入|打到|转到|打款|本期金额|还款金额|本期|金额|追讨|追收|本票|逾期费|欠|还|"
    r"一共要|总共要|一共|总共|要缴|须缴|需缴|缴付|即系|即是|总额|总数|"
    # what is left to pay, and a sum that must arrive: "剩下的1700", "就剩760了", "2400不到账"
    r"剩下|就剩|还剩|还差|仲差|不到账|未到账|唔到账|未见到|没见到|冇见到|唔见到|没看到|未看到|recover|unpaid|"
    # a first part pressed for ("頭期先繳NT$2,000"), a floor in Hokkien ("上少五千")
    r"先缴|上少$|"
    # "全額48,600元仍須於11/17前繳清": a sum to be paid in full by a day
    r"缴清|缴足|付清|须于|需于|"
    # "您尚有NT$3,480未缴", "尚餘NT$3,260" (not a fee's "物业费尚余")
    r"尚有|(?<!费)尚余|仍欠|未缴|未还|未付|未清|"
    # "2460.20一天不清", "762.2少一分", "10430一蚊都唔少得"
    r"不清|唔清|少一分|一蚊都|"
    # a claim, the account of it, a minimum right before the sum: "被申索$18,300", "4100的账", "最低1580"
    r"申索|索偿|的账|的帐|嘅数|最低$|最少$|至少$|"
    # a debit the lender will take on its date ("691.13元将于后天扣款", "NT$3,280將於5/5自動扣款")
    r"(?:将于|将在|会于|预计于?)[^，。！？!?]{0,12}?(?:自动)?(?:扣款|扣缴|扣账)|"
    # the sum agreed, asked after ("说好的2000呢？", "剛才電話講的6480")
    r"(?:说|讲)好?的$|"
    r"outstanding|overdue|past due|is due|due|minimum|owe|pay|settle|remaining|"
    # "这笔2,350": the sum in question, the one asked for
    r"这一笔|那一笔|这笔|那笔"
)
# a receipt names the amount first: "还款1,000元已入账", "您的还款人民币2,000元已收到"
# ("已扣除服务费" is a deduction from a loan paid out, not a payment)
_PAID_AFTER = re.compile(r"^.{0,3}(?:已入账|已收到|已收妥|已到账|已扣(?!除)|已经?还|已经?缴|成功|已经?结清|(?:has been |was |is )?received"
                         # the collector's "四千收到了", "HK$2,000收咗"
                         r"|收到(?:了|啦|咗|喇)|收咗|有看到|看到了(?![吗没])"
                         # "剩余2980已由家属代还", "餘款NT$13,640已全數繳清"
                         r"|已由\S{0,6}代(?:还|缴|付)|已经?(?:全数|全部|全额)?(?:缴清|还清|付清)"
                         # "剩余1480.60已在APP还清", "1360已经入咗数"
                         r"|已经?(?:在|用|通过)[^，,。；;]{0,8}?(?:还清|缴清|付清|还款(?!日)|缴款(?!日)|支付)|已经?入(?:咗)?数|已经?入账)")
_OTHER = re.compile(r"(?:话费|电费|水费|燃气费|物业费|电信)(?:账|帐)单(?:金额)?|"  # first: "话费账单68.00元" is a bill, not 账单's debt
                    r"(?<!欠款)(?<!贷款)(?<!借款)(?<!应还)(?<!待还)(?<!剩)(?<!账单)(?<!还)(?<!清还)(?<!缴清)余额|(?:拨款|分期|可借|借款|到账|放款|批核|退款|理赔|增值|提现|贷款)(?:金额|额)|额度|可借|最高|备用金|放款|已放款|到账|打入|存入|获批|批核|借款金额|领取|奖励|红包|优惠|免息|预估|借款申请"
                    r"|到账金额|发放|服务费|手续费|抵扣券|券|月供低至|可以做到|低至|拨款|撥款|fee|limit|credited|borrow up to|up to"
                    # what was borrowed, a threshold ("我只借了5000", "借款满1000可用", "超过5万即可立案")
                    r"|借了|只借|满|超过"
                    # a loan paid into the person's account, approved ("HK$25,000已转入你指定户口")
                    r"|已转入|已汇入|已存入|已拨入|approved"
                    # bills, fees and scams' charges are not a loan's debt
                    r"|水费|电费|燃气费|话费|月费|电信费|保费|保险费|隧道费|关税|运费|保证金|验资费|解冻|仲裁费|诉讼费|律师费|理赔|退款|工资"
                    r"|(?:mobile|phone|electricity|water|gas) bill(?: of)?|(?<!card )(?<!credit )(?<!loan )(?<![a-z])bill(?: of| for [a-z]{3,9} is| is)|"
                    # a parcel's duty or postage ("unpaid duty of HK$18.50")
                    r"(?<![a-z])(?:duty|postage|customs)(?: of| fee)?|验证费|附加费|核贷(?:金额)?|物业费|罚锾|罚款|罚单")
# a charge named right after the sum ("500元验资费", "HK$12手续费", "HKD 1,800 processing fee"): the
# name says what the sum is, whatever verb asks for it (a loan's own fees are 逾期费, 违约金: not here)
_CHARGE_AFTER = re.compile(r"^.{0,2}?(?:\S{0,2}(?:服务费|手续费|验资费|验资|行政费|解冻金|保证金|解冻费|工本费|运费|关税|月费|话费|"
                           r"仲裁费|诉讼费|律师费|券)|(?:\w+ )?(?:processing|handling|service|admin|release|customs) fee)")
# a total that takes a charge in ("含委外服务费共3,720.60元", "剩下的加上服务费共2,220.60"): the sum is the
# whole debt, not the charge (two charges added up, "诉讼费加律师费一共4,500", stay what they are)
_CHARGE_IN = r"(?:含|包含|包括|连同?|加上|加埋|加)[^，,。）)]{0,8}(?:费|费用|息|金)"
_TOTAL_WITH_CHARGE = re.compile(_CHARGE_IN + r"(?:在内)?[^，,。]{0,4}?(?:合?共|合计|一共|总共|共计|总计|是|系|係|为)$"
                                # "剩下的加手续费NT$3,980": what is left with the charge on it
                                r"|(?:剩下|剩余|余下|余数|余款|其余|尾数|尾款)的?(?:再)?(?:加|连)[^，,。]{0,6}(?:费|息|金)$")
# ... or in the clause before ("NT$6,350加處理費500，共NT$6,850", "剩7840加處理費500，共8340")
_TOTAL_AFTER_CHARGE = re.compile(_CHARGE_IN + r"\s*(?:nt\$|hk\$|\$|¥)?[\d,.]*\s*(?:元|块|蚊)?[，,]\s*(?:合?共|合计|一共|总共|共计|总计|总数|即系|即是)$")
# ... or says so right after it ("2,160.40元（含服务费）")
_CHARGE_INCLUDED = re.compile(r"^[（(]?" + _CHARGE_IN)
# a loan paid out is not a payment by the person: "您的借款8,000.00元已到账"
_LOAN_IN = re.compile(r"借款|放款|贷款|资金|拨款|额度")
# ... nor the person's pay reaching their account ("9月份薪資NT$52,360已入帳")
_INCOME = re.compile(r"薪资|薪水|工资|奖金|花红|退税|salary|wages")
# "若已缴款请忽略" says nothing about this amount
_IF_PAID = re.compile(r"(?:如|若|如果)(?:您)?已(?:经)?(?:还款|缴款|缴费|支付|还清).{0,4}(?:请忽略|请勿理会)?")
# the message as a whole presses for money: an amount with no cue of its own is then demanded
# a debt late or chased ("逾期", "拖", "仲差", "overdue")
_OVERDUE_WORDS = r"逾期|欠|催|追|拖|赖|到期|过期|过咗期|仲差|未收到|迟咗|迟了|unpaid|overdue|owe|past due|is due|arrears|late"
_OVERDUE = re.compile(_OVERDUE_WORDS)
_COLLECTING = re.compile(_OVERDUE_WORDS + r"|还款|还钱|应还|应缴|不还|唔还|未还|未缴|未付|没付|没缴|没还|清偿|条数|清还|搞掂|outstanding|due|settle|repay")
# no debt word, but pressure on the sum: a deadline, a transfer ordered, the credit record or a visit
# held over the person ("两千三都凑不齐？今天不转", "HKD 2,750. Today.", "为了七百块把信用报告弄成这样")
_PRESSING = re.compile(r"今天|今日|今晚|今儿|聽日|听日|明天|之前|马上|赶紧|转过来|过数|入数|凑|拿不出|也行|就好|表个态|剩下|剩余|尾款|到账|"
                       r"(?:什么时候|啥时候|几时|何时)(?:能)?(?:到|还|转|清|结|搞掂|搞定)|"
                       r"准备好|听晚|聽晚|带上|带过来|若无准时|要么|看着办|最后一个?晚上|"
                       r"征信|联征|zx|信用报告|人行|黑名单|环联|外访|上门|别怪|"
                       # a sum not to be short by a cent, or threatened over if left unpaid ("少一分",
                       # "這週日前沒處理", "5120不繳就直接送地院"); a court's or a lawyer's paper over it
                       # ("执行阶段", "支付命令", "Small Claims", "Solicitors")
                       r"少一分|一分(?:都|也)?不能少|不缴|没缴|不处理|没处理|唔处理|了断|"
                       r"执行|判决|起诉|诉讼|支付命令|本票|传票|仲裁|法务|律师函|律师信|"
                       r"today|tonight|tomorrow|deadline|excuses|your call|by \d|field officer|by (?:mon|tue|wed|thu|fri|sat|sun)|"
                       r"final notice|small claims|tribunal|solicitors|writ|summons|credit reference|reported to")
# ... unless the message offers or pays out money, or reports a card's or account's movement: its sums
# are limits, loans approved or disbursed, spends and balances
_NOTICE = re.compile(r"额度|审批|审核|核准|批核|批复|获批|已批|批咗|批出|批到|可以批|下款|放款|拨款|拨入|拨付|已到账|当天到账|即可到账|到账后|秒到|发放|"
                     r"余额|消费|签账|收入|话费|申请|预审|退税|退款|秒下|能下|急用钱|周转|利息好谈|月息|套现|高达|"
                     r"congratulations|approved|pre-approved|pre-selected|credit line|spent|top-up|cash line|refund")
# the person promising to pay later: "今个月先还HK$1,000，下个月再还"
# (and offering what they will pay: "今晚把1066还上", "只还本金8000", "本金4600我一次性还清")
_PROMISE = re.compile(r"(?<!头)(?<!已)(?<!已经)先(?:还|缴|付|转|给|俾|畀)(?![了咗过])|再还|会还|下个月|下月|发工资(?![了咗])|出粮(?![了咗])|will pay|分.{0,3}期(?!$|的$|[\dnhk$¥]|股份|公司)|(?<![刚已])还上(?![了咗])|只还|一次性|愿意还|(?:可以|能)(?:每个?月|每期|每周|先)?还|每个?月(?:最多|只能)?还"
                      # a payment the person will make later today ("一千我下午三点前转", "我下晡會去超商繳",
                      # "禮拜五我會先匯五千"): other until paid (convention 16)
                      r"|(?:下午|下晡|晚上|晚点|等下|等一下|稍后|待会|今晚|明天|听日|点前|前)(?:会|就)?(?:先)?(?:去[^，。！？!?]{0,6}?)?(?:转|汇|还|缴|入|付)(?![了咗过])"
                      r"|(?<![不唔])(?:会|就会)(?:先)?(?:去[^，。！？!?]{0,6}?)?(?:转|汇|还|缴|入|付)(?![了咗过])")
# someone who owes speaking for themself in a message the person received ("我每個月最多還三千",
# "我明天先还两千"): their promise is theirs as the person's is (not a collector's "我们")
_ME = re.compile(r"我(?!们|哋|司|方|行|这边)")  # the writer as themself, not a firm's "我们", "我司"
_I_PAY = re.compile(r"(?<![你您他她])" + _ME.pattern + r"[^，。！？!?]{0,10}(?:还|缴|转|付)")
# what is left, named by the person, with no payment of it said ("已转3000 截图发你了 剩下1380.6下礼拜一";
# not "剩下的864.20刚还清了")
_REST_BEFORE = re.compile(r"(?:剩下|其余|余下|剩余)的?$")
_DONE_AFTER = re.compile(r"(?:还清|缴清|付清|结清|还|缴|付|转|汇)(?:了|咗)")
# the person saying, in another clause, that the payment is made ("我先还1000，已经在APP里还了")
_DONE_ELSEWHERE = re.compile(r"(?<![未没])已经?[^，。！？!?]{0,10}(?:还了|还款了|转了|付了|还咗|转咗|过咗数|入咗数|操作了|操作咗|办好了|搞掂了|搞定了)"
                             # its proof sent with it ("今仔日先繳NT$3,000，收據附上")
                             r"|(?:收据|截图|入数纸|凭证|回单|明细|记录)(?:截图)?(?:已|有)?(?:附上|发你|发给|拍照|拍了|传|在这|在此|佇遮|伫遮|喺度|喺呢度)")
# the collector telling the person what to do with the sum: "今晚把2680还了", "先把那3千还了吧" (a
# "还了" that is an order, not a payment; "你已经把1000转过来了" is one)
_ORDER_BEFORE = re.compile(r"(?<!已)(?<!已经)(?:把|将)[^把将已，。]{0,4}$")
_DONE_BEFORE = re.compile(r"已经?(?:把|将)[^把将，。]{0,4}$")
_ORDER_AFTER = re.compile(r"^[^，。]{0,3}?(?:还|转|结清|清|交|缴|付|处理|搞掂|俾|畀|拿来|拿过来|拿出来|打过来)")
_CLAUSE = re.compile(r"[，,。；;！!？?\n]")
# the collector scorning a part payment, which repeats what the person paid: "才五千？", "两千就想打发？",
# "三千蚊当食生菜咩？", "5k is a start" (the hand counts record no sum there, 39 lines to 7)
_SCORNED_BEFORE = re.compile(r"^(?:就|只|才|得)$")
_SCORNED_AFTER = re.compile(r"^(?:块|蚊|元)?(?:钱)?(?:就想|就以为|就当|当食|都好意思|is a start|is not enough|isn't enough|won't cut it)")
# ... or said to be the end of it, asked or thought ("还了五百就完事了？", "别以为还了一千就没事了",
# "匯兩千就叫我們別打？"; not the sum that would end it: "今天还2000就完了", "唔見到HK$2,650 就叫啲手足上嚟")
_DONE_WITH = re.compile(r"^(?:块|蚊|元)?(?:钱)?就(?:完了|完事|没事|冇事|了事|算了|够了|清静|收工|叫)")
_PAID_SCORNED_BEFORE = re.compile(r"(?:还|缴|转|汇|给|俾|畀)(?:了|咗)$")
# a sum that would settle the debt, offered ("一次過還HK$3,800就當清數", "畀返兩撇就當搞掂今期"),
# unless asked in scorn ("還兩千就當冇事？")
_SETTLES_AFTER = re.compile(r"^(?:块|蚊|元)?(?:钱)?就(?:当|算)(?:清数|搞掂|搞定|两清|结清|了结|清|数)")
# (a question to the end of its clause: "還兩千就當冇事？", "匯兩千就叫我們別打？")
_ASKED = re.compile(r"[^，,。！!？?]*[？?]")
# a first part to be sent now, right before the sum ("先匯", "今仔日先轉", "先入", "先打個"), and to whom it
# goes ("…給妳", "…予你")
_FIRST_PART = re.compile(r"先(?:汇|转|入|打|收|俾|畀|给)(?:个|返)?$")
_TO_YOU = re.compile(r"^\s*(?:块|元|蚊)?(?:给|予|畀|俾|过去给)(?:你|您|妳)")
# the collector turning down a sum offered: "一千不够，今晚至少两千", "一千五唔够": neither asked
# nor said to be paid
_TOO_LITTLE_AFTER = re.compile(r"^(?:块|蚊|元)?(?:钱)?(?:根本|远远|都|也|还|仲)?(?:不够|唔够|不足|冇用|没用)")
# a loan applied for is no payment, whatever "received" says
_APPLIED = re.compile(r"申请|application")


def _squeeze(words: str) -> str:
    """The words without spaces, but one space kept between two Latin words: the English cues
    ("payment received", "past due", "will pay") are written with it."""
    kept = re.sub(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z])", "\x00", words)
    return re.sub(r"\s", "", kept).replace("\x00", " ")


def _simple(text: str) -> str:
    """Simplified, an account spelled as the cues spell it: opencc writes 轉帳, 入帳 as 转帐, 入帐, the
    cues 转账, 入账."""
    return to_simplified(text).replace("转帐", "转账").replace("入帐", "入账")


def _clause(text: str, a: Amount) -> tuple[str, str]:
    """The words of the amount's clause before it and after it (Simplified, no spaces)."""
    start = max((m.end() for m in _CLAUSE.finditer(text, 0, max(a.start, 0))), default=0)
    stop = _CLAUSE.search(text, a.end)
    end = stop.start() if stop else len(text)
    before = _simple(_squeeze(text[start:a.start]))
    after = _simple(_squeeze(text[a.end:end]))
    return before, after


def _nearest(pattern: re.Pattern[str], before: str, after: str) -> tuple[int, str] | None:
    """The cue closest to the amount: distance (before counts first) and the words."""
    best: tuple[int, str] | None = None
    for m in pattern.finditer(before):
        d = len(before) - m.end()
        if best is None or d < best[0]:
            best = (d, m.group(0))
    for m in pattern.finditer(after):
        d = m.start() + 2  # a cue after the amount counts a little less than one before it
        if best is None or d < best[0]:
            best = (d, m.group(0))
    return best


def assign_roles(text: str, amounts: Sequence[Amount], *, from_claimant: bool = False,
                 others_debt: bool = False) -> list[RoledAmount]:
    """Decide what each amount in a message is.

    Args:
        text: the message as shown.
        amounts: its amounts (from :func:`find_amounts` or another parser).
        from_claimant: the message is the person's own reply ("我已经还了3000元": paid).
        others_debt: the message is about somebody else's debt (a notice addressed to another
            name, or asking the reader to pass a debt on): its demanded amounts are theirs.

    Returns:
        One :class:`RoledAmount` per amount, in the order given.
    """
    out: list[RoledAmount] = []
    whole = _simple(text).lower()
    collecting = bool(_COLLECTING.search(whole))
    notice = bool(_NOTICE.search(whole))
    # a loan approved or offered, with "还款" only as its terms ("分24期还款"): nothing is overdue
    offer = notice and not _OVERDUE.search(whole)
    pressing = not notice and bool(_PRESSING.search(whole))
    # an instalment plan for a debt already owed: its balance and its instalments are what the
    # person is to pay (not a new loan's terms)
    plan = bool(_PLAN.search(whole))
    # a new loan paid out (not a repayment that reached the lender: "您本次还款1000.00元已到账")
    receipt = bool(_REPAID.search(whole))
    loan_out = offer and not from_claimant and not receipt
    for a in amounts:
        before, after = _clause(text, a)
        before, after = _IF_PAID.sub("", before.lower()), _IF_PAID.sub("", after.lower())
        charge_in_total = bool(_TOTAL_WITH_CHARGE.search(before) or _CHARGE_INCLUDED.match(after))
        cues = [(c, role) for c, role in ((_nearest(_PAID, before, after), AmountRole.PAID),
                                          (_nearest(_DEMANDED, before, after), AmountRole.DEMANDED),
                                          (_nearest(_OTHER, before, after), AmountRole.OTHER))
                if c and not (charge_in_total and role is AmountRole.OTHER)]
        paid_after = _PAID_AFTER.match(after)
        # a promise to pay later speaks of the amounts of its own clause only: "我已经还了1000元，
        # 剩下的下个月还" states a payment made
        promise = _nearest(_PROMISE, before, after) if from_claimant or _I_PAY.search(before + after) else None
        paid_cue = _nearest(_PAID, before, after) or (_nearest(_PAID_MINE, before, after) if from_claimant else None)
        asked = bool(_ASKED.match(text, a.end))
        if not from_claimant and (settle := _SETTLES_AFTER.match(after)) and not asked:
            # "一次過還HK$3,800就當清數": the sum that would settle the debt, offered: what to pay
            role, basis = AmountRole.DEMANDED, settle.group(0)
        elif not from_claimant and (_TOO_LITTLE_AFTER.match(after) or _SCORNED_AFTER.match(after) or (
                _SCORNED_BEFORE.match(before) and text[a.end:a.end + 1] in "？?") or (
                _DONE_WITH.match(after) and (asked or _PAID_SCORNED_BEFORE.search(before)))):
            # a sum offered and turned down, or a part payment scorned ("还了一千就想清静？", "才三千？"):
            # no sum asked, and the payment is the person's word and the receipt, not the scorn
            role, basis = AmountRole.OTHER, before + after[:4]
        elif not from_claimant and (first := _FIRST_PART.search(before)) and not (
                _TO_YOU.match(after) or _ME.search(before) or _CHARGE_AFTER.match(after)):
            # the collector asking a first part now ("今仔日先匯三千", "先入HK$2,000", "阮遮先收3,000"),
            # not someone close sending one ("先匯一萬給妳", "我先匯兩萬予你")
            role, basis = AmountRole.DEMANDED, first.group(0)
        elif not from_claimant and _ORDER_BEFORE.search(before) and _ORDER_AFTER.match(after):
            role, basis = AmountRole.DEMANDED, _ORDER_BEFORE.search(before).group(0)  # type: ignore[union-attr]
        elif _DONE_BEFORE.search(before) and _ORDER_AFTER.match(after):
            role, basis = AmountRole.PAID, _DONE_BEFORE.search(before).group(0)  # type: ignore[union-attr]
        elif _CHARGE_AFTER.match(after) and not charge_in_total:
            role, basis = AmountRole.OTHER, _CHARGE_AFTER.match(after).group(0)  # type: ignore[union-attr]
        elif paid_after and _paid_in(paid_after.group(0), before, loan_out):
            # a loan paid out, or the person's pay, reaching their account: no repayment
            role, basis = AmountRole.OTHER, paid_after.group(0)
        elif paid_after and not _APPLIED.search(before):
            role, basis = AmountRole.PAID, paid_after.group(0)
        elif from_claimant and (rest := _REST_BEFORE.search(before)) and not (
                _PAID.search(after) or _PAID_MINE.search(after) or _PAID_AFTER.match(after) or _DONE_AFTER.search(after)):
            role, basis = AmountRole.OTHER, rest.group(0)
        elif promise and promise[1].startswith("先") and paid_cue is None and (done := _DONE_ELSEWHERE.search(whole)):
            # "我先还1000，已经在APP里还了": the part the person paid first, said done
            role, basis = AmountRole.PAID, done.group(0)
        elif promise and (paid_cue is None or promise[0] <= paid_cue[0]):
            role, basis = AmountRole.OTHER, promise[1]
        elif from_claimant and paid_cue:
            role, basis = AmountRole.PAID, paid_cue[1]
        elif from_claimant and (later := _PROMISE.search(whole + "。")):
            # "可以分12期吗？我现在一个月只能拿出三千": the whole reply is about paying later
            # (its end is no sum's: "能不能分几期" is asked, "富林分期3,000" before a sum is a name)
            role, basis = AmountRole.OTHER, later.group(0)
        elif not cues:
            # an instalment named ("首期818.60晚一天…"): of a plan for a debt, not a new loan's terms
            due = None if from_claimant or offer else _INSTALMENT_BEFORE.search(before)
            if from_claimant:
                role = AmountRole.PAID
            elif due:
                role = AmountRole.DEMANDED
            else:
                # a sum called out as a clause of its own ("2720.2，你自己晓得轻重") in a message that
                # is no notice: the sum the collector wants
                # (figures alone: "一千二，" or "3860块，" in a relative's or a shop's message is a price told)
                alone = (not notice and bool(_FIGURES.fullmatch(a.text)) and text[a.end:a.end + 1] not in "？?"
                         and bool(_ALONE_BEFORE.search(text, 0, a.start) and _ALONE_AFTER.match(text, a.end)))
                role = AmountRole.DEMANDED if (collecting and not offer) or pressing or alone else AmountRole.OTHER
            basis = due.group(0) if due else ""
        else:
            # the nearest cue; of two ending as near, the longer says more ("拨款金额" over "金额")
            (dist, basis), role = min(cues, key=lambda c: (c[0][0], -len(c[0][1])))
            # "剩余待还2,400元" after a payment: the nearer cue wins; a receipt's paid cue beats a
            # generic "还款" the same distance away
        if (role is AmountRole.DEMANDED and not from_claimant and not plan and receipt
                and _BALANCE.search(before[-12:]) and not _ASKS.search(whole)):
            # "已收到您繳款2,000元，尚欠3,120元。": a receipt states the balance left, it asks for
            # nothing (a balance not asked for is other: convention 12); "請於10/20前繳清剩餘…" asks
            role = AmountRole.OTHER
        elif plan and not from_claimant and role is AmountRole.OTHER and (sums := _PLAN_SUM.search(before)):
            role, basis = AmountRole.DEMANDED, sums.group(0)
        elif loan_out and role is AmountRole.DEMANDED and (paid_out := _DISBURSED.search(whole)):
            # a new loan paid out names its first instalment: its terms, nothing owed yet (convention 24)
            role, basis = AmountRole.OTHER, paid_out.group(0)
        elif role is AmountRole.OTHER and not from_claimant and (
                total := _TOTAL_AFTER_CHARGE.search(_simple(text[max(0, a.start - 24):a.start]).lower())):
            # "NT$6,350加處理費500，共NT$6,850": the whole with the charge on it, in a clause of its own
            role, basis = AmountRole.DEMANDED, total.group(0)
        out.append(RoledAmount(a, role, basis))
    out = _fees_apart(text, out)
    # a plan's instalments add up to its balance, and each is what the person is to pay on its
    # date (convention 15): not parts of a total
    out = _minimum_apart(text, out if plan and not from_claimant else _parts_of_total(out))
    if others_debt:
        # somebody else's debt: what would be demanded, and what is owed, due or paid out to them
        # (the minimum beside their balance, the parts of their total, their loan disbursed)
        out = [RoledAmount(r.amount, AmountRole.THIRD_PARTY_DEBT, r.basis) if _their_debt(r) else r for r in out]
    return out


def _paid_in(received: str, before: str, loan_out: bool) -> bool:
    """Whether a sum said to have arrived ("…已到账", "…已入账") is money paid to the person — a
    loan paid out ("您的借款8,000.00元已到账"), their pay ("薪資NT$52,360已入帳") — not a repayment."""
    if received.endswith("已到账"):
        return bool(_LOAN_IN.search(before + received))
    return received.endswith("已入账") and (loan_out or bool(_INCOME.search(before)))


# a repayment that reached the lender ("您本次还款1000.00元已到账"): a receipt, not a loan paid out
_REPAID = re.compile(r"还款[^，。]{0,14}(?:已到账|已入账|成功)|已收到|(?<![a-z])(?:payment|repayment) (?:of|received)")
# the balance left, by its words ("尚欠", "剩余待还", "餘額", "remaining balance"); words that ask for it
_BALANCE = re.compile(r"尚欠|尚余|尚有|仍欠|剩余|剩下|余额|余数|(?<![a-z])(?:outstanding|remaining)(?![a-z])")
_ASKS = re.compile(r"请|待还|逾期|征信|今日|今天|尽快|马上|立即|务必|必须|须于|需于|之内|(?<![a-z])(?:please|pay (?:by|before|within)|within|by \d)(?![a-z])")
# an instalment named right before a sum ("首期818.60", "第一期1,840")
_INSTALMENT_BEFORE = re.compile(r"(?:首期|头期|每期|末期|尾期|月供|第[一二三四五六七八九十\d]{1,2}期(?:款项?|租金)?)\s*$")
# A plan for a debt owed ("剩余2,286.40元分4期", "餘額HK$6,860.00分7期", "协商分期已核准…分8期"), and
# the words of its sums ("每期571.60元", "餘額HK$6,860.00")
_PLAN = re.compile(r"(?:欠款|尚欠|仍欠|结欠|余额|剩余|剩馀|尾款|协商|还款方案|还款计划|还款安排)[^。！？!?]{0,24}(?<!可)(?<!可以)分\s?[\d一二两三四五六七八九十]{1,2}\s?期"  # (not an offer: "可分12期")
                   # a plan for what is owed, made: "协商分期已成立", "剩余款项分期已核准"
                   r"|(?:协商|剩余款项|剩余欠款|欠款|尾款)(?:分期|还款)(?:方案|计划|安排)?[^。！？!?，,]{0,4}(?:已成立|已核准|已批准|已生效|已获批)"
                   # "分期協商已成立", "还款协商已完成"
                   r"|(?:分期|还款|债务)协商(?:已经?)?(?:成立|完成|达成|核准|生效)"
                   # "分期协商申请已通过", "已与我司达成分期还款协议", "还款安排已确认", "协商已核准"
                   r"|(?:协商|还款)[^。！？!?，,]{0,6}(?:申请|协议|方案|安排|计划)(?:已经?)?(?:通过|核准|办理|确认|成立|生效)"
                   r"|达成[^。！？!?，,]{0,4}(?:分期|还款)[^。！？!?，,]{0,2}协议")
# a plan's sum by its name ("每期", "余额") or by its date ("7/25缴NT$1,800", "8月20日前还")
_PLAN_SUM = re.compile(r"(?:每期|余额|剩余|首期|末期|每月|最后一期|第[\d一二三四五六七八九十]{1,2}期)(?:应还|应缴|还款|缴款|缴纳|金额|缴|还|供|为)?[^，,。费息]{0,3}$"  # (not "每期手续费")
                       r"|(?:\d{1,2}/\d{1,2}|\d{1,2}月\d{1,2}[日号]?)前?各?(?:应还|应缴|还款|缴款|缴纳|缴|还|供)[^，,。费息]{0,2}$")

# paid out to them, or what they borrowed ("你弟在我们这借了1万5")
_DISBURSED = re.compile(r"放款|到账|发放|拨款|已放款|借了|借咗|借嘅|借的|disbursed|credited")


def _their_debt(r: RoledAmount) -> bool:
    if r.role is AmountRole.DEMANDED:
        return True
    return r.role is AmountRole.OTHER and (r.basis == "minimum" or r.basis.startswith("part of")
                                           or bool(_DISBURSED.search(to_simplified(r.basis).lower())))


def _fees_apart(text: str, roled: list[RoledAmount]) -> list[RoledAmount]:
    """A demanded amount named as a fee (its nearest words "逾期费", "违约金", "服务费") beside a
    demanded amount that is not one is part of that debt, not a demand of its own: other. A
    collector's own charge is other even alone ("我哋嘅追收費$800你仲未俾", "阮的處理費NT$300猶未收著"):
    it is no sum of the lender's debt (convention 24), and the latest sum demanded is not it."""
    def fee(r: RoledAmount) -> str:
        # the fee's name right before the amount ("含逾期费50元", "連逾期費HK$200"), not the rest
        # with the fee on it ("剩下的连处理费2426.40")
        before = _clause(text, r.amount)[0].lower()
        if _TOTAL_WITH_CHARGE.search(before):
            return ""
        found = _FEE.findall(before[-6:])
        return found[-1] if found else ""

    def own_charge(r: RoledAmount) -> str:
        # named right before the sum or right after it ("处理费200", "$450追收費")
        before, after = (part.lower() for part in _clause(text, r.amount))
        if _TOTAL_WITH_CHARGE.search(before):
            return ""  # "剩下连作业费NT$4,250": the rest with the charge on it
        found = _OWN_CHARGE_BEFORE.search(before) or _OWN_CHARGE_AFTER.match(after)
        return found.group("charge") if found else ""

    demanded = [r for r in roled if r.role is AmountRole.DEMANDED]
    fees = {id(r): fee(r) for r in demanded}
    own = {id(r): charge for r in demanded if (charge := own_charge(r))}
    if not any(not f for f in fees.values()) or all(not f for f in fees.values()):
        fees = {}
    fees.update(own)
    return [RoledAmount(r.amount, AmountRole.OTHER, fees[id(r)]) if fees.get(id(r)) else r for r in roled]


# a collector's own charge (not a lender's late fee, which is part of the debt)
_OWN_CHARGE = r"(?P<charge>(?:追收|处理|催收|外访|上门|跟进|出勤|车马|委外(?:处理|服务)?|作业)费|collection fee|handling fee)"
_OWN_CHARGE_BEFORE = re.compile(_OWN_CHARGE + r"(?:是|为|係|系|:|：)?$")
_OWN_CHARGE_AFTER = re.compile(r"^(?:的|嘅)?" + _OWN_CHARGE)


_MINIMUM = re.compile(r"最(?:低|少)(?:可)?(?:还款|应还|应缴|缴款|供款|还款额|应缴金额|还款金额|还)?(?:额|金额)?(?:为|:|：)?$|"
                      r"minimum(?: payment| amount)?(?: due)?(?: of| is|:)?$")


def _minimum_apart(text: str, roled: list[RoledAmount]) -> list[RoledAmount]:
    """A minimum payment named beside the full balance demanded ("应还3,260.00元，最低还款326.00元")
    is not the demand: the balance is; the minimum is other (unless it is all that is asked)."""
    demanded = [r for r in roled if r.role is AmountRole.DEMANDED]
    minimum = {id(r) for r in demanded if _MINIMUM.search(_clause(text, r.amount)[0].lower())}
    if not minimum or not any(id(r) not in minimum for r in demanded):
        return roled
    top = max(r.amount.value for r in demanded if id(r) not in minimum)
    return [RoledAmount(r.amount, AmountRole.OTHER, "minimum") if id(r) in minimum and r.amount.value < top else r
            for r in roled]


def _parts_of_total(roled: list[RoledAmount]) -> list[RoledAmount]:
    """Amounts that add up to a demanded total named right before or after them ("NT$4,120加上違約金
    NT$300，一共要繳NT$4,420", "应还2,341.15元，其中本金2,000元、利息341.15元") are its parts, not
    demands of their own: other."""
    out = list(roled)

    def parts_of(total: RoledAmount, run: list[int]) -> bool:
        for n in range(2, len(run) + 1):
            parts = [roled[j] for j in run[:n]]
            if any(r.role is AmountRole.PAID or r.amount.currency != total.amount.currency for r in parts):
                return False
            if sum(r.amount.value for r in parts) == total.amount.value:
                for j in run[:n]:
                    out[j] = RoledAmount(roled[j].amount, AmountRole.OTHER, "part of " + total.amount.text)
                return True
        return False

    for k, total in enumerate(roled):
        if total.role is AmountRole.DEMANDED and not parts_of(total, list(range(k - 1, -1, -1))):
            parts_of(total, list(range(k + 1, len(roled))))
    return out


_FIRST_DUE = re.compile(r"(?:首期|第一期|第1期|本期|下一期|下期|first instal+ment|next instal+ment)[^，,。；;]{0,6}$")


def due_first(text: str, roled: Sequence[RoledAmount]) -> RoledAmount | None:
    """Of the sums a message demands, the instalment due first when it names a schedule
    ("剩余2,218.60元分3期，首期818.60元于2月20日前还款，后两期每期700.00元"): what the person is
    asked to pay next, which the last sum written is not. None when no such instalment is named.

    Args:
        text: the message.
        roled: its amounts, as :func:`assign_roles` gives them.
    """
    return next((r for r in roled if r.role is AmountRole.DEMANDED
                 and _FIRST_DUE.search(_clause(text, r.amount)[0].lower())), None)


# ----------------------------------------------------------------------------- totals

@dataclass(frozen=True, slots=True)
class AmountEntry:
    """One amount of the case, with where it comes from.

    Attributes:
        amount: the amount and its role.
        lender: who the message is from or about (a respondent's name), "" when unknown.
        exhibit: the bundle number of the exhibit it is in ("3", "1-2").
        message_index: the message's index within that exhibit's reading.
        contact: the index of the contact it is in, among the case's contacts (the rows of an
            export share one exhibit and have no message index), when known.
        by: who wrote it (the respondent, else the sender's number: :func:`~.parties.sender_label`),
            when that is not ``lender`` itself: a collector demanding the lender's debt, an unlisted
            number naming it; "" for the lender's own.
    """

    amount: RoledAmount
    lender: str = ""
    exhibit: str = ""
    message_index: int | None = None
    contact: int | None = None
    by: str = ""


@dataclass(frozen=True, slots=True)
class AmountTotal:
    """The largest amount of one role, lender and currency, and every amount behind it.

    The same debt is quoted in many messages (reminder, overdue notice, threat): adding them up
    would count one debt many times. So ``largest`` is the figure to report for a demand, and
    ``sum`` only for payments, which are separate events.
    """

    lender: str
    currency: str | None
    role: AmountRole
    largest: Decimal
    sum: Decimal
    count: int
    exhibits: tuple[str, ...]


def totals(entries: Iterable[AmountEntry]) -> list[AmountTotal]:
    """Totals per lender, currency and role, in order of first appearance.

    Currencies are never added together; an amount of unknown currency has its own line.

    Args:
        entries: the case's amounts.

    Returns:
        One :class:`AmountTotal` per (lender, currency, role).
    """
    groups: dict[tuple[str, str | None, AmountRole], list[AmountEntry]] = {}
    for e in entries:
        key = (e.lender, e.amount.amount.currency, e.amount.role)
        groups.setdefault(key, []).append(e)
    out = []
    for (lender, currency, role), es in groups.items():
        values = [e.amount.amount.value for e in es]
        exhibits = tuple(dict.fromkeys(e.exhibit for e in es if e.exhibit))
        out.append(AmountTotal(lender, currency, role, max(values), sum(values, Decimal(0)), len(es), exhibits))
    return out


def format_amount(value: Decimal, currency: str | None) -> str:
    """An amount for a document: "HK$3,280.00", "NT$8,420", "¥12,860.00", "USD 50.00", "$5 (currency unknown)"."""
    q = value.quantize(Decimal("0.01"))
    num = f"{q:,.2f}" if q != q.to_integral() or currency in (None, "CNY", "HKD", "USD") else f"{q:,.0f}"
    sign = {"CNY": "¥", "HKD": "HK$", "TWD": "NT$", "USD": "US$"}.get(currency or "")
    if sign:
        return f"{sign}{num}"
    return f"{num} ({currency})" if currency else f"{num} (?)"

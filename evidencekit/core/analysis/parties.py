"""Who a message is from, and which institutions it names.

A screenshot's header shows a sender ("安逸花 95188 8001", "106980095786", "中國信託"); a message
signs itself ("【招联金融】") and names institutions ("您在恒信消费金融的借款"), among them banks
that are only where the money should go ("开户行：建设银行"): the payee's bank is no respondent.
The case lists its respondents (``CaseMeta.respondents``: names and numbers); each contact is
attributed to one of them by number, then by name, then by the message's signature, so that what
they did can be counted per respondent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from evidencekit.core.analysis.textnorm import to_simplified
from evidencekit.core.media.numbers import number_key as exported_key
from evidencekit.core.models import Respondent

_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})

# How an institution's name ends.
_KIND = (r"(?:网络小额贷款|網絡小額貸款|網路小額貸款|小额贷款|小額貸款|消费金融|消費金融|商业银行|商業銀行|银行|銀行|信托|信託|"
         r"保险|保險|证券|證券|金控|金融|资产管理|資產管理|信息咨询|信息諮詢|資訊諮詢|融资担保|融資擔保|担保|擔保|"
         r"借条|借條|花呗|花唄|白条|白條|钱包|錢包|财务|財務|律师事务所|律師事務所|律所|贷(?!款)|貸(?!款))")  # (a name ends in 贷, not the word 贷款: "子女以后贷款")
_COMPANY = r"(?:股份)?(?:有限)?(?:责任)?(?:公司|集团|集團)?"
# Words a name never starts with: what stands before a name in a sentence.
_BEFORE = re.compile(r"^.*(?:在|的|是|于|於|向|从|從|由|经|經|被|把|将|將|与|與|和|及|或|给|給|到|至|往|自|对|對|"
                     r"通过|通過|致电|致電|登录|登錄|联系|聯繫|聯絡|关注|關注|下载|下載|使用|选择|選擇|委托|委託|"
                     r"开户行|開戶行|开户银行|開戶銀行|收款行|收款银行|收款銀行|户名|戶名|您|你|我司|本|贵|貴|请|請|该|該|此|"
                     r"已|为|為|向您|感谢|感謝|欢迎|歡迎|欠|拖欠|嘅|喺|係|系|代表|"
                     # "受易享贷委托": acting for the lender named after it
                     r"受)")
_KIND_RE = re.compile(_KIND + _COMPANY)
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff（）()]")
_BRACKET = re.compile(r"[【\[［]\s*([^】\]］]{2,24}?)\s*[】\]］]")
# Where money is to be sent: the bank named after these is the payee's, not a party of the case.
_PAYEE = re.compile(r"(?:开户行|開戶行|开户银行|開戶銀行|收款行|收款银行|收款銀行|收款账户|收款帳戶|收款账号|收款帳號|"
                    r"转账至|轉帳至|转账到|轉帳到|转入|轉入|汇款至|匯款至|汇入|匯入|打款至|打款到|户名|戶名|账户|帳戶|账号|帳號)"
                    r"[：:\s]*[^。；;，,]{0,12}$")
# Not names: words ending like an institution that are ordinary words.
_NOT_INSTITUTION = {"金融", "银行", "銀行", "借贷", "借貸", "网贷", "網貸", "信贷", "信貸", "小贷", "小貸", "消费金融",
                    "消費金融", "贷", "貸", "催收", "财务", "財務", "担保", "擔保", "保险", "保險", "网络贷", "房贷", "房貸",
                    "车贷", "車貸", "网络小额贷款", "小额贷款", "小額貸款", "律所", "征信", "分期", "还款", "还贷", "還貸",
                    "逾期贷", "借款", "放贷", "放貸", "高利贷", "高利貸", "消费贷", "消費貸", "信用贷", "信用貸"}
# Legal-form and trade words dropped to compare names ("恒信消费金融有限公司" and "【恒信消费】").
_FORM = re.compile(r"[（(][^）)]*[）)]|股份|有限|责任|責任|公司|集团|集團|网络|網絡|網路|科技|信息咨询|信息諮詢|資訊諮詢|"
                   r"资产管理|資產管理|服务|服務|小额贷款|小額貸款|消费金融|消費金融|商业银行|商業銀行|金融|银行|銀行|"
                   r"融资担保|融資擔保|担保|擔保|律师事务所|律師事務所|\s")


@dataclass(frozen=True, slots=True)
class Mention:
    """An institution a message names.

    Attributes:
        name: as written, without the words before it ("招联金融", "建设银行").
        start: where it starts in the message.
        signature: the message signs with it (【招联金融】): it is the sender.
        payee: it is where money is to be paid (a bank after "开户行"): not a party.
    """

    name: str
    start: int
    signature: bool = False
    payee: bool = False


def institutions(text: str) -> list[Mention]:
    """The institutions a message names, each once, in order.

    Args:
        text: the message as shown.

    Returns:
        The mentions: signatures first where they are, then names found by how they end
        ("…银行", "…消费金融", "…小额贷款有限公司"), trimmed of the words before them.
    """
    out: list[Mention] = []
    seen: set[str] = set()
    for m in _BRACKET.finditer(text):
        name = m.group(1).strip()
        if name and not re.fullmatch(r"[\d\s\-+]+", name) and name not in seen:
            seen.add(name)
            out.append(Mention(name, m.start(1), signature=True))
    for m in _KIND_RE.finditer(text):
        # the name runs left from how it ends over Chinese characters (and brackets: "云贷宝（深圳）"),
        # at most 14 of them, then loses the words before it
        start = m.start()
        while start > 0 and m.start() - start < 14 and _NAME_CHAR.match(text[start - 1]):
            start -= 1
        raw = text[start:m.end()]
        trimmed = _BEFORE.sub("", raw)
        start += len(raw) - len(trimmed)
        name = trimmed.strip("（）() ")
        if len(name) < 3 or name in _NOT_INSTITUTION or to_simplified(name) in _NOT_INSTITUTION:
            continue
        if any(name in s or s in name for s in seen):
            continue
        if re.match(r"[\u4e00-\u9fff]?(?:的|之)", name):
            continue
        payee = bool(_PAYEE.search(text[max(0, start - 20):start]))
        seen.add(name)
        out.append(Mention(name, start, payee=payee))
    out.sort(key=lambda x: x.start)
    return out


def named_institutions(text: str) -> list[str]:
    """The institutions a message names that may be a party: signatures and names, never the
    payee's bank."""
    return [m.name for m in institutions(text) if not m.payee]


# ------------------------------------------------------------------ senders and respondents


def digits(s: str) -> str:
    return re.sub(r"\D", "", s.translate(_FULLWIDTH))


# What a phone shows under a number it has no name for: where the number is from, and its carrier
# ("江苏 苏州", "江苏苏州", "广东深圳 移动", "香港"): Chinese words only, no more than a few.
_LOCATION_LINE = re.compile(r"[\u4e00-\u9fff]{2,10}")


def split_sender(sender: str) -> tuple[str, str]:
    """A sender line as (name, number): "安逸花 95188 8001" → ("安逸花", "95188 8001"),
    "106980095786" → ("", "106980095786"), "中國信託" → ("中國信託", ""). A number followed by
    the place the phone says it is from ("171 5678 1234 江苏苏州", a header's second line joined
    to the first) is that number: ("", "171 5678 1234")."""
    tokens = " ".join(sender.split()).split(" ")
    number = re.compile(r"[+(]?\d[\d\-()]*")
    # the number first, then only a place (or carrier) in Chinese words: no name
    lead = 0
    while lead < len(tokens) and number.fullmatch(tokens[lead]):
        lead += 1
    rest = tokens[lead:]
    if (lead and len(digits("".join(tokens[:lead]))) >= 7 and 0 < len(rest) <= 2
            and all(_LOCATION_LINE.fullmatch(t) for t in rest) and len("".join(rest)) <= 10):
        return "", " ".join(tokens[:lead])
    k = len(tokens)
    while k > 0 and number.fullmatch(tokens[k - 1]):
        k -= 1
    return " ".join(tokens[:k]).strip(), " ".join(tokens[k:]).strip()


def same_number(a: str, b: str) -> bool:
    """Whether two numbers are the same, written with or without a country code, trunk 0 or
    spaces; a short one (a service number) only when equal."""
    da, db = digits(a), digits(b)
    if len(da) < 3 or len(db) < 3:
        return False
    if da == db:
        return True
    short, long_ = sorted((da.lstrip("0"), db.lstrip("0")), key=len)
    return len(short) >= 7 and long_.endswith(short) and len(long_) - len(short) <= 5


def core_name(name: str) -> str:
    """A name without its legal form and trade words, in Simplified script, for comparing:
    "恒信消费金融有限公司" → "恒信", "云贷宝（深圳）网络小额贷款有限公司" → "云贷宝"."""
    return _FORM.sub("", to_simplified(name))


def same_institution(a: str, b: str) -> bool:
    """Whether two written names can be the same institution ("【恒信消费】", "恒信消费金融有限公司")."""
    sa, sb = to_simplified(a).strip(), to_simplified(b).strip()
    if not sa or not sb:
        return False
    if sa == sb or (len(sa) >= 3 and sa in sb) or (len(sb) >= 3 and sb in sa):
        return True
    ca, cb = core_name(sa), core_name(sb)
    if len(ca) < 2 or len(cb) < 2:
        return False
    return ca == cb or (len(ca) >= 2 and cb.startswith(ca)) or (len(cb) >= 2 and ca.startswith(cb))


def respondent_by_number(number: str, respondents: Sequence[Respondent]) -> str:
    """The respondent one of whose numbers is ``number`` ("" when none); a sender ID with no
    digits ("#YuFung", Hong Kong's registered senders) is one of its numbers written alike."""
    if not digits(number):
        key = number.strip().casefold()
        return next((r.name for r in respondents if key and any(n.strip().casefold() == key for n in r.numbers)), "")
    for r in respondents:
        if any(same_number(number, n) for n in r.numbers):
            return r.name
        if same_number(number, r.name):
            return r.name
    return ""


def respondent_by_name(name: str, respondents: Sequence[Respondent]) -> str:
    """The respondent called ``name`` or something close to it ("" when none)."""
    if not name.strip():
        return ""
    for r in respondents:
        if same_institution(name, r.name):
            return r.name
    return ""


def attribute(counterpart: str, text: str, respondents: Sequence[Respondent]) -> str:
    """The respondent a message or call is from: the one it is from in its own right
    (:func:`sender_respondent`: its number, its name, its signature, whom it says it is).

    A message from a number nobody listed that only names a respondent as the one owed ("你在诚汇
    的2400元到底还不还？", "…你欠富信HK$12,000") is not from that respondent: a lender is not
    answerable for what an unknown mobile says about its debt. It stays its own sender (its number);
    whom it collects for is kept apart (:func:`acts_for_named`), for a stop request's reach and for
    whose debt its amounts are, never as its identity.

    Args:
        counterpart: the sender line or number as shown.
        text: the message ("" for a call).
        respondents: the case's respondents.

    Returns:
        The respondent's name as the case writes it, or "" when none fits.
    """
    return sender_respondent(counterpart, text, respondents)


def acts_for_named(text: str, respondents: Sequence[Respondent], lenders: Iterable[str] = ()) -> str:
    """Whom a message collects for when its sender is none of the respondents: the respondent it
    names as owed ("你在诚汇的2400元" → 诚汇消费金融), preferring the known lenders. What the sender
    acts for, not who it is (:func:`attribute`).

    Args:
        text: the received message.
        respondents: the case's respondents.
        lenders: the names of those known to be lenders (any respondent when none are given).

    Returns:
        The respondent's name, or "".
    """
    ls = [name for name in lenders if any(r.name == name for r in respondents)]
    return lender_named(text, respondents, ls or [r.name for r in respondents]) if text.strip() else ""


def sender_respondent(counterpart: str, text: str, respondents: Sequence[Respondent]) -> str:
    """The respondent a message or call says it is from: by the number shown, by the name shown,
    by the message's signature ("【鼎诚资产】", a sign-off "Swift Recovery Services"), by whom it
    says it is ("我是正達資產管理的專員"), in that order. An institution it only names as the one
    owed ("積欠華信銀行信用卡款", "受易享贷委托") is not its sender: see :func:`acts_for_named`.

    Args:
        counterpart: the sender line or number as shown.
        text: the message ("" for a call).
        respondents: the case's respondents.

    Returns:
        The respondent's name as the case writes it, or "" when none fits.
    """
    name, number = split_sender(counterpart)
    found = respondent_by_number(number or counterpart, respondents)
    if found:
        return found
    found = respondent_by_name(name, respondents)
    if found:
        return found
    for m in institutions(text):
        if m.signature:
            found = respondent_by_name(m.name, respondents)
            if found:
                return found
    return respondent_introduced(text, respondents) or respondent_signed_off(text, respondents)


# What may stand before a sign-off's name ("— Swift Recovery Services", "Regards, …").
_SIGN_OFF_LEAD = re.compile(r"^(?:[\s\-–—~:：,，]|best regards|regards|thanks|thank you|sincerely)*", re.IGNORECASE)
# What may follow it: its legal form, a department, a closing ("Ltd.", "股份有限公司", "催收部 敬上").
_SIGN_OFF_REST = re.compile(r"(?:[\s.,，、]|services?|ltd|limited|co|company|group|team|department|dept|"
                            r"[（(][^）)]*[）)]|股份|有限|责任|公司|集团|客服|团队|催收部|法务部|敬上|敬启|谨启|启)*$",
                            re.IGNORECASE)
# Where a message's last sentence starts.
_SENTENCE_END = re.compile(r"[.!?。！？\n]")


def respondent_signed_off(text: str, respondents: Sequence[Respondent]) -> str:
    """The respondent whose name a message ends with, as a letter ends with its sender's name
    ("… will visit your office tomorrow. Swift Recovery Services", "…盡快處理。正達資產管理敬上"),
    and nothing else after it than its legal form or a closing: "… Fortune Credit will call you"
    names Fortune Credit, it is not signed by it.

    Args:
        text: a received message.
        respondents: the case's respondents.

    Returns:
        The respondent's name as the case writes it, or "" when the message ends with none.
    """
    body = text.strip().rstrip(".!。！ ")
    cut = max((m.end() for m in _SENTENCE_END.finditer(body)), default=0)
    if cut == 0:
        return ""  # one sentence: a name at its end is what it is about, not a sign-off
    tail = to_simplified(_SIGN_OFF_LEAD.sub("", body[cut:]).strip()).casefold()
    for r in respondents:
        for name in dict.fromkeys((to_simplified(r.name).casefold().strip(), core_name(r.name).casefold())):
            if len(name) >= 2 and tail.startswith(name) and _SIGN_OFF_REST.fullmatch(_FORM.sub("", tail[len(name):])):
                return r.name
    return ""


# Words a sender introduces itself with ("我是鸿远信息咨询的催收专员", "我哋係恒達追收"), in
# Simplified script; a name right after one (a few characters of place or trade may come between).
_SELF = re.compile(r"(?:我是|我们是|我们这边是|这里是|这边是|本人是|我哋系|我哋是|我系|此处是|代表)")


def respondent_introduced(text: str, respondents: Sequence[Respondent]) -> str:
    """The respondent a message says it is from, in its own words ("我是鸿远信息咨询的催收专员"),
    as opposed to the lender it names as owed ("受诚汇消费金融委托"): a collector writing from a
    number the case does not list for it.

    Args:
        text: a received message.
        respondents: the case's respondents.

    Returns:
        The respondent's name as the case writes it, or "" when it introduces none of them.
    """
    plain = to_simplified(text)
    best: tuple[int, str] | None = None
    for cue in _SELF.finditer(plain):
        after = plain[cue.end():cue.end() + 24]
        for r in respondents:
            for short in dict.fromkeys((core_name(r.name), _TRADE.sub("", core_name(r.name)))):
                at = after.find(short) if len(short) >= 2 else -1
                if 0 <= at <= 4 and (best is None or cue.start() < best[0]):
                    best = (cue.start(), r.name)
    return best[1] if best else ""


def lender_named(text: str, respondents: Sequence[Respondent], lenders: Iterable[str] = ()) -> str:
    """The respondent a message names as the one owed, if it names one that is not a payee's bank:
    a collector's "您在恒信消费金融的借款" is a debt to 恒信消费金融.

    Args:
        text: the message.
        respondents: the case's respondents.
        lenders: the names of those known to be lenders (others are passed over when some are).

    Returns:
        The respondent's name, or "".
    """
    known = set(lenders)
    for m in institutions(text):
        if m.payee:
            continue
        found = respondent_by_name(m.name, respondents)
        if found and (not known or found in known):
            return found
    if known:
        plain = to_simplified(text)
        for r in respondents:
            if r.name in known and core_name(r.name) and core_name(r.name) in plain:
                return r.name
        # the name shortened as people say it: "你欠聚富的钱" for 聚富信贷股份有限公司
        for r in respondents:
            short = _TRADE.sub("", core_name(r.name))
            if r.name in known and len(short) >= 2 and short in plain:
                return r.name
    return ""


def owed_to_sender(text: str, respondent: str) -> bool:
    """Whether a message says the debt it presses is owed to its sender itself ("妳欠達豐的那
    NT$500" from 達豐's collector): an agency's own charge, not the lender's debt it collects."""
    if not respondent:
        return False
    plain = to_simplified(text)
    names = {n for n in (core_name(respondent), _TRADE.sub("", core_name(respondent))) if len(n) >= 2}
    return any(re.search(r"(?:欠|拖欠|仲欠|还欠)(?:我们|我哋|我司)?" + re.escape(n), plain) for n in names)


#: A money lender's licence number as its notice states it ("放債人牌照號碼：0123/2026").
_LICENCE = re.compile(r"(?:放[債债]人牌照(?:[號号]碼|[号號]码|[號号])?|money\s+lenders?(?:'s)?\s+licen[cs]e\s+(?:no\.?|number))"
                      r"\s*[:：]?\s*(\d{1,5}/\d{2,4})", re.I)


def licence_number(texts: Iterable[str]) -> str:
    """The money lender's licence number the first of ``texts`` stating one gives ("0123/2026"),
    "" when none does: what a complaint to the Registrar quotes, and what shows the lender is a
    licensed money lender."""
    return next((m.group(1) for t in texts if t and (m := _LICENCE.search(t))), "")


# What a lender's name says it does, dropped when a message names it short ("聚富" for 聚富信贷).
_TRADE = re.compile(r"信贷|借贷|贷款|财务|分期|小贷|网贷|数字|数科|普惠|贷$")


def sender_label(counterpart: str, respondent: str) -> str:
    """How a contact's sender is named in counts: the respondent, else the sender line; a line
    that is a number alone by its :func:`number_key`, so that "+852 5432 1098" on a screenshot
    and 54321098 in an export (or "0987-111-222" and 0987111222) are one sender."""
    if respondent:
        return respondent
    name, number = split_sender(counterpart)
    return number_key(counterpart) if not name and digits(number) else " ".join(counterpart.split())


# ------------------------------------------------------------------ whose numbers


# A run of digits that may be a phone or account number (spaces and dashes inside it).
_NUMBER = re.compile(r"(?<![\d])\+?\d[\d \-－()（）]{3,30}\d(?![\d])")
# What says a number is the sender's own: how to reach them, or where to pay them.
_OWN_CUE = re.compile(
    r"(?:致电|致電|拨打|撥打|回电|回電|来电|來電|联系电话|聯繫電話|聯絡電話|联系方式|聯繫方式|聯絡方式|电话|電話|热线|熱線|"
    r"专线|專線|客服|咨询|諮詢|请联系|請聯繫|請聯絡|联系我|聯繫我|聯絡我|联系本|聯繫本|加微信|微信号|微信號|微信|专员|專員|"
    r"工号|工號|催收员|催收員|法务|法務|短信回复|回复|回覆|退订|退訂|call|tel|hotline|whatsapp|"
    # where to pay them (never "还款卡号", "尾号": the person's own card)
    r"转账至|轉帳至|转账到|轉帳到|转入|轉入|汇款至|匯款至|汇入|匯入|打款至|打款到|存入|还至|還至|收款人|收款账户|收款帳戶|"
    r"收款账号|收款帳號|收款卡号|收款卡號|对公账户|對公帳戶|户名|戶名)"
    r"[^。；;！!？?\n]{0,14}$", re.IGNORECASE)
# What says it belongs to somebody else: family, friends, colleagues, a named person.
_OTHER_CUE = re.compile(
    r"(?:妈|媽|爸|母亲|母親|父亲|父親|老婆|老公|妻子|丈夫|太太|先生的|儿子|兒子|女儿|女兒|哥|姐|弟|妹|亲属|親屬|家人|"
    r"同事|领导|領導|老板|老闆|朋友|紧急联系人|緊急聯絡人|緊急聯繫人|联系人|聯絡人|通讯录|通訊錄|担保人|擔保人|"
    r"身份证|身份證|证件|證件)[^。；;，,！!？?\n]{0,10}$")


def respondent_numbers(text: str) -> list[str]:
    """The numbers a collection message gives as the sender's own: a callback or service line
    ("如有疑问请致电4008-123-456", "回电2345 6789") or the account to pay into ("转账至账户
    6222 0212…"), as their digits. A number said to be a relative's, a colleague's or a contact's
    ("你妈的手机号139…") is not the sender's.

    Args:
        text: a received message.

    Returns:
        Digit strings, in order.
    """
    out: list[str] = []
    for m in _NUMBER.finditer(text):
        before = text[max(0, m.start() - 16):m.start()]
        if _OTHER_CUE.search(before) or not _OWN_CUE.search(before):
            continue
        d = digits(m.group(0))
        if len(d) >= 5 and d not in out:
            out.append(d)
    return out


def number_key(counterpart: str) -> str:
    """One key per number however a sender line writes it ("+86 170 8888 0002", "17088880002",
    "+886 912 345 678" and "0912-345-678" each alike; "安逸花 95188 8001" the line 95188): the
    exports' key of its number (:func:`~evidencekit.core.media.numbers.number_key`, one rule for
    both); a sender without a number keeps its name."""
    _name, number = split_sender(counterpart)
    key = exported_key(number) if digits(number) else ""
    return key or " ".join(counterpart.split())


def number_region(number: str) -> str:
    """Where a number plainly belongs: "CN", "TW" or "HK" for a country code or a mobile number
    of that shape (1xx xxxx xxxx; 09xx xxx xxx; 8 digits from 5, 6 or 9), "" when it does not say
    (service numbers, landlines without a code)."""
    raw = number.strip()
    d = digits(raw)
    if raw.startswith("+") or d.startswith("00"):
        d = d[2:] if d.startswith("00") else d
        return next((r for code, r in (("86", "CN"), ("886", "TW"), ("852", "HK")) if d.startswith(code)), "")
    if re.fullmatch(r"1[3-9]\d{9}", d):
        return "CN"
    if re.fullmatch(r"09\d{8}", d):
        return "TW"
    if re.fullmatch(r"[569]\d{7}", d):
        return "HK"
    return ""


# ------------------------------------------------------------------ the person's own word


# What separates the numbers the person gives for one respondent ("021 8000 1234, 10690000").
_NUMBER_SEP = re.compile(r"[,，;；、/]")


def given_numbers(text: str) -> tuple[str, ...]:
    """Numbers as the person gives them ("021 8000 1234, +86 21 8000 1234;10690000"), each once
    by its :func:`number_key`, the way the case compares numbers everywhere (a country code
    +86/+852/+886, spaces and dashes dropped): ("02180001234", "10690000")."""
    out: list[str] = []
    for part in _NUMBER_SEP.split(text):
        key = number_key(part) if part.strip() else ""
        if key and not any(_same_given(key, n) for n in out):
            out.append(key)
    return tuple(out)


def _same_given(a: str, b: str) -> bool:
    """Two numbers the person gave are one line (with or without a trunk 0: "2180001234" from
    +86 21 8000 1234 and "02180001234"); a sender ID without digits when written alike."""
    return same_number(a, b) if digits(a) and digits(b) else a.strip().casefold() == b.strip().casefold()


def parse_respondent(spec: str) -> Respondent:
    """A respondent as the person names it: "鼎诚资产", or with its numbers
    "鼎诚资产=021 8000 1234,10690000" (:func:`given_numbers`).

    Raises:
        ValueError: no name before "=".
    """
    name, _, numbers = spec.partition("=")
    if not name.strip():
        raise ValueError(f"a respondent needs a name: {spec!r} (write NAME or NAME=NUMBER,NUMBER)")
    return Respondent(" ".join(name.split()), given_numbers(numbers))


def with_numbers(respondents: Sequence[Respondent], name: str, add: Iterable[str] = (),
                 remove: Iterable[str] = ()) -> tuple[Respondent, ...]:
    """The respondents with numbers the person gives for one of them added or taken away: a number
    they say is the respondent's is its number, whatever a message's wording suggests (the
    attribution asks its numbers first, :func:`sender_respondent`). A number given for one
    respondent is taken from any other that had it.

    Args:
        respondents: the case's respondents.
        name: the respondent, as the case names it or close to it ("鼎诚" for 鼎诚资产).
        add: numbers to add (as written; kept as :func:`given_numbers` writes them).
        remove: numbers to take away (however written).

    Returns:
        The respondents, in their order.

    Raises:
        ValueError: ``name`` is none of the respondents.
    """
    found = next((r.name for r in respondents if r.name == name.strip()), "") or respondent_by_name(name, respondents)
    if not found:
        known = "、".join(r.name for r in respondents) or "none"
        raise ValueError(f"no respondent {name!r} in this case (respondents: {known})")
    new = given_numbers(",".join(add))
    gone = given_numbers(",".join(remove))
    out = []
    for r in respondents:
        kept = tuple(n for n in r.numbers if not any(_same_given(n, k) for k in (*gone, *new)))
        out.append(Respondent(r.name, (*kept, *new) if r.name == found else kept))
    return tuple(out)

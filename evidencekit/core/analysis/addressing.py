"""Who a message is addressed to, or asks to be passed on to, by name; and whether that is the
claimant.

A notice that opens "张伟先生，您好" or asks "请转告王芳" on the claimant 李明's phone is about
somebody else's debt: a mis-sent notice, or collection through a third party. Names are read from
the text as shown (names are not converted between scripts: 陳 and 陈 are compared both ways).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidencekit.core.analysis.textnorm import to_simplified

_SURNAMES_1 = (
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田董"
    "袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫"
    "閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏"
    "倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂翁游池蓝藍"
    "洪简簡"
)
_SURNAMES_2 = ("欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "令狐", "慕容", "尉迟", "尉遲")
_SURNAME = "(?:" + "|".join(_SURNAMES_2) + f"|[{_SURNAMES_1}])"
_GIVEN = r"[\u4e00-\u9fff*＊xX某]"
_TITLE = r"(?:先生|女士|小姐)"

# Words that start with a surname character but are not names.
_NOT_NAMES = {
    "方式", "方面", "方便", "高额", "金额", "王牌", "关于", "于是", "程序", "安排", "安全", "马上", "向您", "向你",
    "常常", "文件", "明天", "时间", "石头", "江湖", "林业", "白天", "包括", "单位", "严重", "付款", "任何", "任务",
    "任意", "曾经", "董事", "周末", "周一", "周二", "周三", "周四", "周五", "周六", "周日", "黄金", "万元", "万一",
    "钱款", "于此", "易贷", "宁可", "齐全", "司法", "司马", "上官", "东方", "连续", "应还", "康复", "温馨", "温馨提示",
    "尚未", "邮件", "申请", "章程", "申报", "申诉", "詹姆", "通知", "全家", "全额", "余额", "余款", "高铁", "陆续",
    "毛利", "雷同", "路上", "孔子", "武汉", "苏州", "江苏", "温州", "常州", "高新", "向其", "关联", "关系", "左右",
}


# Function words a given name is never made of.
_NOT_GIVEN = set("不还的了是在有没我你他她们这那都也就要会能吗呢吧啊么什怎和与及或但而被把让给")


@dataclass(frozen=True, slots=True)
class NameMention:
    """A person named in a message.

    Attributes:
        name: the name as written (a surname alone when only "李先生" is written; masked
            characters kept: "李*明").
        text: the words it was found in, exactly as shown.
        role: "addressee" (the message speaks to them) or "debtor" (the message asks the reader
            to pass something on to them, or names them as the one who owes).
    """

    name: str
    text: str
    role: str


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # 【平台】尊敬的张伟先生，您好 / 张伟：/ 李*明您好
    (re.compile(r"^\s*(?:【[^】]{1,20}】)?\s*(?:尊敬的|親愛的|亲爱的)?\s*(?:客户|客戶|用户|用戶|借款人)?\s*"
                rf"(?P<n>{_SURNAME}{_GIVEN}{{0,2}}?){_TITLE}?\s*(?:[，,:：!！]|您好|你好)"), "addressee"),
    (re.compile(rf"(?P<n>{_SURNAME}{_GIVEN}{{0,2}}?){_TITLE}"), "addressee"),
    (re.compile(r"(?:请转告|請轉告|转告|轉告|通知|提醒|督促|告诉|告訴|联系|聯繫|聯絡|叫)"
                rf"(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)(?=[，,。.\s(（]|尽快|儘快|盡快|还款|還款|本人|的|处理|處理|回电|回電)"), "debtor"),
    (re.compile(rf"(?:您|你)是(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)的"), "debtor"),
    (re.compile(rf"(?:借款人|欠款人|债务人|債務人|客户|客戶)[:：\s]*(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)(?=[，,。\s(（]|在|于|於|的|已|先生|女士)"),
     "debtor"),
)


def named_people(text: str) -> list[NameMention]:
    """People named in a message, in order, each once.

    Args:
        text: the message as shown.

    Returns:
        The mentions; a name found by several patterns is kept once (its first role).
    """
    found: list[tuple[int, NameMention]] = []
    seen: set[str] = set()
    for pattern, role in _PATTERNS:
        for m in pattern.finditer(text):
            name = m.group("n")
            if name in _NOT_NAMES or to_simplified(name) in _NOT_NAMES or name in seen:
                continue
            if len(name) == 1 and not re.match(_TITLE, text[m.end("n"):]):
                continue  # a lone surname is a name only with a title after it
            if any(ch in _NOT_GIVEN for ch in to_simplified(name[1:])):
                continue  # "钱不还，…": a sentence that starts with a surname's character
            seen.add(name)
            found.append((m.start("n"), NameMention(name, m.group(0).strip(), role)))
    found.sort(key=lambda f: f[0])
    return [f[1] for f in found]


def same_person(name: str, claimant_name: str) -> bool:
    """Whether a name written in a message can be the claimant's.

    "李先生" (surname only), "李*明" (masked) and "李明" all fit 李明; Traditional and Simplified
    forms are compared alike.

    Args:
        name: as in :attr:`NameMention.name`.
        claimant_name: the claimant's name as in the case.

    Returns:
        True when the name may be the claimant's, False when it cannot.
    """
    a = to_simplified(name.strip())
    b = to_simplified(claimant_name.strip())
    if not a or not b:
        return True
    if a == b or b.startswith(a) and len(a) == 1:
        return True
    if len(a) == len(b) and all(x == y or x in "*＊xX某" for x, y in zip(a, b, strict=True)):
        return a[0] == b[0]
    # "李明明" written as "李明": a name shown shorter than the claimant's, same start
    return len(a) >= 2 and b.startswith(a) and len(b) - len(a) <= 1


def others_named(text: str, claimant_name: str) -> list[NameMention]:
    """The people named in ``text`` who cannot be the claimant (empty without a claimant name)."""
    if not claimant_name.strip():
        return []
    return [m for m in named_people(text) if not same_person(m.name, claimant_name)]

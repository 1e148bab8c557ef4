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
from evidencekit.core.models import CaseMeta

_SURNAMES_1 = (
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田董"
    "袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫"
    "閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏"
    "倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂翁游池蓝藍"
    "洪简簡"
    "蒙农麦麥邝鄺冼岑卓骆駱戚"
    "苗冉邰柴艾阎閻储儲裘缪繆芮靳栾欒韶郜鄂蔺藺胥姬瞿庾阙闕巩鞏晁阚闞饶饒荆荊逯桓尤傅"
    # fewer, but common in the south, Hong Kong and Taiwan (甄, 區, 古, 粘) and across the mainland (not 赖, 华,
    # 车, 连: 赖皮, 华哥, 车主 and 连…都 are words before they are names)
    "甄区區古粘辜佟褚邬鄔鲍鮑滕卞虞祁穆闵閔宫宮廉练練湛卫衛仇隋谈談佘巫钮鈕揭植官利"
)
_SURNAMES_2 = ("欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "令狐", "慕容", "尉迟", "尉遲")
_SURNAME = "(?:" + "|".join(_SURNAMES_2) + f"|[{_SURNAMES_1}])"
# a given name's character, or the mask written in its place ("李*明", "陳○宏")
_GIVEN = r"[\u4e00-\u9fff*＊xX某○〇◯Ｏ]"
_TITLE = r"(?:先生|女士|小姐)"
# Opening a message, Cantonese shortens the titles: "陳生，" (Mr Chan), "陳太，" (Mrs Chan); a
# Taiwan bank's formal "黃美玲君您好"; a collector's familiar "吳大哥，", "杜姐，", "李师傅，", "王总，"
# (the surname with a title, not a name of three characters)
# a job title on the surname ("潘护士，", "范班长，", "邱司機"), and familiar forms on it (Taiwan's "蔡桑", "林兄")
_TITLE_OPEN = (r"(?:先生|女士|小姐|大哥|大姐|师傅|師傅|老师|老師|老板娘|老闆娘|老板|老闆|经理|經理|护士|護士|医生|醫生|"
               r"班长|班長|组长|組長|主任|站长|站長|队长|隊長|主管|科长|科長|课长|課長|店长|店長|厂长|廠長|司机|司機|会计|會計|"
               r"太太|生|太|君|哥|姐|总|總|桑|兄|伯|嫂|阿姨|叔叔|伯伯|阿伯|婶婶|客户|客戶|用户|用戶)")

# Words that start with a surname character but are not names.
_NOT_NAMES = {
    "方式", "方面", "方便", "高额", "金额", "王牌", "关于", "于是", "程序", "安排", "安全", "马上", "向您", "向你",
    "谢谢", "謝謝", "常常", "文件", "明天", "时间", "石头", "江湖", "林业", "白天", "包括", "单位", "严重", "付款", "任何", "任务",
    "任意", "曾经", "董事", "周末", "周一", "周二", "周三", "周四", "周五", "周六", "周日", "黄金", "万元", "万一",
    "钱款", "于此", "易贷", "宁可", "齐全", "司法", "司马", "上官", "东方", "连续", "应还", "康复", "温馨", "温馨提示",
    "尚未", "邮件", "申请", "申索", "章程", "申报", "申诉", "詹姆", "通知", "全家", "全额", "余额", "余款", "高铁", "陆续",
    "毛利", "雷同", "路上", "孔子", "武汉", "苏州", "江苏", "温州", "常州", "高新", "向其", "关联", "关系", "左右",
    "储蓄", "儲蓄", "尤其", "饶了", "饒了", "饶命", "饒命", "巩固", "鞏固", "艾滋", "傅里",
    "白痴", "白癡", "白目", "白眼狼", "贱人", "賤人", "孙贼", "孫賊", "孙子", "孫子", "欧吉桑", "歐吉桑", "欧巴桑", "歐巴桑", "欧吉", "歐吉", "欧巴", "歐巴",
    # "莫哭，…", "莫急": don't (South-western Mandarin, Cantonese), not the surname 莫
    "莫哭", "莫急", "莫怕", "莫慌", "莫管", "莫理", "莫要", "莫讲", "莫講", "莫说", "莫說", "莫去", "莫来", "莫來", "莫着急",
    "莫擔心", "莫担心", "莫气", "莫氣",
}
# How people are called by surname and a familiar word ("陈姐，", "李哥"): the surname alone.
_FAMILIAR = "姐哥姨叔总總桑兄伯嫂sir"


# A message opening by calling someone by a given name or a familiar form of it, with no surname:
# "晓红，…", "建峰哥，…", "阿雄喔，…", "小杜，…", "德胜舅，…". Two characters at a message's start are a
# name only when both are ones given names are commonly made of (compared in Simplified) and the
# pair is no word (:data:`_NOT_NAMES`); a form on 阿/小/老 only on a character no kin word or
# title takes there ("老公", "小姐", "阿姨" are no names).
_GIVEN_CHARS = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞刚桂华玲梅辉鹏飞玉萍红娥燕凤宇浩斌婷雪琳晶波俊建峰志海亮春云"
                "莲荣坤鑫颖慧晓宏凯翔佳欣怡雅琪瑶璐薇蕾倩嘉豪恒彬毅锋鸿旭晨昊珊琴蓉媛妍梓涵轩睿哲铭诚彪忠贤淑惠贞珍翠"
                "菊莉萱蕙芝芬芸茜菁蔚莹滢婉娴婵妮姗嫣娇媚婧琦瑛瑜璇琼瑾璟瑞祥福禄寿喜庆耀炜烨煜灿锦钧铮铁镇栋梁森楠柏"
                "松桦槐彤丹青碧紫绿蓝胜利德顺兴旺发达富贵财源宝")
# the familiar words said before and after a given name ("阿雄", "建峰哥"), in Simplified
_BEFORE_GIVEN = "阿|亚|小|老"
_AFFECTIONATE = "哥|姐|仔|妹|弟|叔|伯|嫂|姨|舅|儿|兄"
_NOT_AFTER_FAMILIAR = set("公婆板师大妈爸豆母细弟哥姐兄乡铁子伙朋心宝姨叔伯嫂妹头鬼友表娘爷奶家人们总"
                          "女仔姊姆嬷嫲姑妗舅孙侄甥囝桑嘢赖癞")
_VOCATIVE = re.compile(
    r"^\s*(?:(?:喂|餵|哈喽|哈囉|嗨)[，,\s]*)?"
    rf"(?P<n>(?:{_BEFORE_GIVEN}|亞)[\u4e00-\u9fff](?:{_AFFECTIONATE})?|[\u4e00-\u9fff]{{2}}(?:{_AFFECTIONATE})?)"
    r"(?:喔|啊|呀|哦|啦)?\s*[，,!！~～]")


def _vocative(text: str) -> str:
    """The given name or familiar form a message opens by calling someone, or "" (:data:`_VOCATIVE`)."""
    m = _VOCATIVE.match(text)
    if not m:
        return ""
    name = m.group("n")
    plain = to_simplified(name)
    if re.match(_BEFORE_GIVEN, plain):
        return "" if plain[1] in _NOT_AFTER_FAMILIAR or plain[:2] in _NOT_NAMES else name
    core = re.sub(f"(?:{_AFFECTIONATE})$", "", plain) if len(plain) == 3 else plain
    if len(core) != 2 or not all(ch in _GIVEN_CHARS for ch in core) or core in _NOT_NAMES:
        return ""
    return name


# Function words a given name is never made of.
_NOT_GIVEN = set("不还的了是在有没我你您他她们这那都也就要会能吗呢吧啊么什怎和与及或但而被把让给")


@dataclass(frozen=True, slots=True)
class NameMention:
    """A person named in a message.

    Attributes:
        name: the name as written (a surname alone when only "李先生" is written; masked
            characters kept: "李*明").
        text: the words it was found in, exactly as shown.
        role: "addressee" (the message speaks to them), "debtor" (the message asks the reader
            to pass something on to them, or names them as the one who owes), "relation" (named
            as somebody of the reader's: "你同事黃小姐") or "told" (the claimant, spoken of to a
            third party: :func:`told_of`).
    """

    name: str
    text: str
    role: str


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # 【平台】尊敬的张伟先生，您好 / 张伟：/ 李*明您好
    # "喂，张志刚，…": a call's greeting first
    (re.compile(r"^\s*(?:【[^】]{1,20}】)?\s*(?:(?:喂|餵|哈喽|哈囉)[，,\s]*)?(?:尊敬的|親愛的|亲爱的)?\s*(?:客户|客戶|用户|用戶|借款人)?\s*"
                rf"(?P<n>{_SURNAME}{_GIVEN}{{0,2}}?){_TITLE_OPEN}?\s*(?:[，,:：!！]|您好|你好)"), "addressee"),
    (re.compile(rf"(?P<n>{_SURNAME}{_GIVEN}{{0,2}}?){_TITLE}"), "addressee"),
    (re.compile(r"(?:请转告|請轉告|转告|轉告|通知|提醒|督促|告诉|告訴|联系|聯繫|聯絡|叫)"
                rf"(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)(?=[，,。.\s(（]|尽快|儘快|盡快|还款|還款|本人|的|处理|處理|回电|回電)"), "debtor"),
    (re.compile(rf"(?:您|你)是(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)的"), "debtor"),
    # "你是王建国吗", "请问是张伟本人吗": asking for somebody by name
    (re.compile(rf"(?:您|你|请问|請問)是(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)(?:本人)?(?:吗|嗎|嘛|吧)"), "addressee"),
    # "尊敬的张丽娟用户", "别装了黄伟，": the name as the notice's form puts it, called out
    (re.compile(rf"(?:尊敬的|親愛的|亲爱的)(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)(?:用户|用戶|客户|客戶|会员|會員)"), "addressee"),
    (re.compile(rf"(?:别装了|別裝了|别躲了|別躲了|少装|少裝)[，,\s]*(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)(?=[，,！!？?\s])"), "addressee"),
    (re.compile(rf"(?:^|(?<=[，,。！!？?\s]))(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)[，,\s]*(?=(?:你|妳)(?:别装了|別裝了|别躲了|別躲了|听好了|聽好了|给我听好|給我聽好))"),
     "addressee"),
    # "借款人：张伟", and a workplace's staff member named as the one who owes ("贵司员工李明欠我司…");
    # a court's paper (forged or not) naming its defendant ("传票：被告黄志坚拖欠…")
    (re.compile(r"(?:借款人|欠款人|债务人|債務人|客户|客戶|员工|員工|职员|職員|被告人|被告|被申请人|被申請人|被申索人|答辩人|答辯人|被执行人|被執行人)[:：\s]*"
                rf"(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)(?=[，,。\s(（]|在|于|於|的|已|先生|女士|欠|積欠|积欠|拖欠)"),
     "debtor"),
    # asked about by full name: "你认识谭志明吗", "識唔識何志強", "這是黎家豪的電話嗎", "是不是贺建军？"
    (re.compile(r"(?:认识|認識|识唔识|識唔識|識|知不知道|知唔知|见到|見到|见过|見過|有没有见|有冇見|是不是|是唔是|係咪|系咪|"
                r"不是|唔係|唔系|这是|這是|这不是|這不是|联系不上|聯絡唔到|聯繫不上)"
                rf"(?P<n>{_SURNAME}{_GIVEN}{{2}})(?=[吗嗎呢吧？?，,。！!\s的現现住在欠人本])"), "debtor"),
    # the number's owner named, the relation asked, a name called out: "号码是黄丽萍借款时登记的",
    # "你跟李国华什么关系", "黄丽萍你个骗子"
    (re.compile(rf"(?:号码|號碼|电话|電話)(?:是|係|系)(?P<n>{_SURNAME}{_GIVEN}{{2}})(?=借|登记|登記|留|填|的)"), "debtor"),
    (re.compile(rf"(?:跟|和|同)(?P<n>{_SURNAME}{_GIVEN}{{2}})(?=什么关系|什麼關係|咩关系|咩關係|啥关系|係咩關係)"), "debtor"),
    (re.compile(rf"(?:^|(?<=[，,。！!？?\s]))(?P<n>{_SURNAME}{_GIVEN}{{2}})(?=你个|你個|你这个|你這個|你这种|你這種)"), "addressee"),
    # named as the one who owes: "谭志明欠我们…", "黎家豪在我司的借款", "黄美玲的欠款"
    (re.compile(rf"(?:^|(?<=[，,。.！!？?\s：:】]))(?P<n>{_SURNAME}{_GIVEN}{{2}})"
                r"(?=欠(?:我|了|下|款|的|債|债|钱|錢|數|数)|在(?:我司|我们|我們|我哋|贵司|貴司|本平台|本公司)|的(?:借款|欠款|贷款|貸款|卡费|卡費|账|帳|债|債|數|数))"),
     "debtor"),
)


def named_people(text: str) -> list[NameMention]:
    """People named in a message, in order, each once.

    A name with a title right after the reader's relation to them ("你同事黃小姐", "令妹林小姐") is
    somebody the message speaks of to the reader, not its addressee: its role is "relation" (a
    pattern that names them as the one who owes keeps its role).

    Args:
        text: the message as shown.

    Returns:
        The mentions; a name found by several patterns is kept once (its first role, "relation"
        giving way to any other).
    """
    found: list[tuple[int, NameMention]] = []
    seen: set[str] = set()
    for pattern, role in _PATTERNS:
        for m in pattern.finditer(text):
            name = m.group("n")
            if name in seen or {name, to_simplified(name), to_simplified(name[:2])} & _NOT_NAMES:
                continue
            title = _TITLE_OPEN if pattern is _PATTERNS[0][0] else _TITLE
            if len(name) == 1 and not re.match(title, text[m.end("n"):]):
                continue  # a lone surname is a name only with a title after it
            if any(ch in _NOT_GIVEN for ch in to_simplified(name[1:])):
                continue  # "钱不还，…": a sentence that starts with a surname's character
            if len(name) > 1 and re.fullmatch(_TITLE_OPEN, name[1:]):
                continue  # "鄧小姐欠款…": a surname and its title, not a name of three characters
            if role == "addressee" and _RELATION_BEFORE.search(to_simplified(text[max(0, m.start("n") - 8):m.start("n")])):
                found.append((m.start("n"), NameMention(name, m.group(0).strip(), "relation")))
                continue  # "你同事黃小姐": spoken of; a later pattern may still name her as the one who owes
            seen.add(name)
            found.append((m.start("n"), NameMention(name, m.group(0).strip(), role)))
    called = _vocative(text)
    if called and called not in seen:
        seen.add(called)
        found.append((text.find(called), NameMention(called, called, "addressee")))
    found = [f for f in found if f[1].role != "relation" or f[1].name not in seen]
    found = [f for i, f in enumerate(found) if all(g[1].name != f[1].name for g in found[:i])]
    found.sort(key=lambda f: f[0])
    return [f[1] for f in found]


# The reader's relation to somebody the message names next (Simplified; the text is compared in
# that form): "你同事", "你嘅老細", "妳哥哥", "令妹", "贵司员工"
_RELATIONS: dict[str, str] = {
    "family": "家人|亲戚|老公|老婆|丈夫|妻子|太太|先生|爸爸|爸|妈妈|妈|老豆|老母|哥哥|哥|姐姐|家姐|姐|弟弟|细佬|弟|妹妹|妹|儿子|女儿|仔|女|表哥|表姐|表弟|表妹",
    "employer": "同事|老板|老细|上司|主管|领导|下属|员工|职员|经理",
    "contacts": "朋友|同学|室友|紧急联系人|联系人",
    "neighbours": "邻居",
}
_KIN_HONORIFIC = "令(?:妹|兄|弟|姐|姊|尊|堂|郎|嫒|爱|媛|千金)"
_RELATION = (rf"(?:(?:你|您|妳|你们|您们)(?:的|嘅|个)?(?:{'|'.join(_RELATIONS.values())})|{_KIN_HONORIFIC}"
             r"|(?:贵司|贵公司|贵单位|你们公司|你公司)(?:的)?(?:员工|同事|职员))")
_RELATION_BEFORE = re.compile(_RELATION + r"\s*$")
_RELATIONS_EN = (r"colleague|co-worker|coworker|boss|manager|employee|staff|friend|sister|brother|wife|husband|"
                 r"mother|father|mum|mom|dad|son|daughter|cousin|relative|neighbour|neighbor|flatmate|roommate")


def told_of(text: str, claimant_name: str) -> NameMention | None:
    """Where a message speaks to somebody else of the claimant as the one who owes: the claimant
    named after the reader's relation to them ("你同事陳嘉欣", "令妹林美玲", "your colleague Karen
    Chan"), as the one whose contact the reader is ("作为陈晓峰的联系人", "陈晓峰将您设为紧急联系人"),
    or as whom to pass the debt on to ("请转告林美玲"). Such a message on the claimant's number is
    a copy of one sent to a third party (a relative's or a colleague's screenshot), not a notice
    mis-sent: it discloses the claimant's debt.

    Args:
        text: the message as shown.
        claimant_name: the phone owner's name(s), as in :func:`same_person`.

    Returns:
        The claimant's name as written there, with the words naming them and role "told"
        (``text`` holds them exactly as shown); None when the message does not speak so.
    """
    if not claimant_name.strip():
        return None
    plain = to_simplified(text)
    if len(plain) != len(text):
        plain = text  # a conversion that changed the length: spans must stay the message's
    for form in _forms(claimant_name):
        if _LATIN.search(form):
            words = r"[\s\-]+".join(re.escape(w) for w in form.split())
            pattern = re.compile(rf"\b(?:your|ur)\s+(?:{_RELATIONS_EN})\s*,?\s+(?:(?:Mr|Mrs|Ms|Miss)\.?\s+)?{words}\b",
                                 re.IGNORECASE)
        elif len(form) >= 2:
            name = re.escape(to_simplified(form))
            pattern = re.compile(rf"{_RELATION}\s*(?:[:：,，]\s*)?{name}"
                                 rf"|{name}(?:女士|小姐|先生)?(?:将|把|已将|已把)(?:您|你)(?:设|填|留|登记)"
                                 rf"|(?:作为|您是|你是|係|系){name}(?:女士|小姐|先生)?(?:的|嘅)(?:紧急)?(?:联系人|亲属|家人|朋友|同事|担保人)"
                                 rf"|转告{name}")
        else:
            continue
        m = pattern.search(plain)
        if m is not None:
            return NameMention(form, text[m.start():m.end()], "told")
    return None


def told_whom(words: str) -> str:
    """The kind of third party (family, employer, contacts, neighbours) the words of
    :func:`told_of` make the reader ("你同事陳嘉欣": employer; "令妹": family); contacts when they
    do not say."""
    plain = to_simplified(words).lower()
    if re.search(_KIN_HONORIFIC, plain):
        return "family"
    m = re.search(_RELATION, plain)
    if m is not None:
        for kind, names in _RELATIONS.items():
            if re.search(names, m.group(0)):
                return kind
    en = re.search(_RELATIONS_EN, plain)
    if en is not None:
        word = en.group(0)
        if word in ("colleague", "co-worker", "coworker", "boss", "manager", "employee", "staff"):
            return "employer"
        if word in ("friend", "flatmate", "roommate"):
            return "contacts"
        return "neighbours" if word.startswith("neighbo") else "family"
    return "contacts"


def names_anyone(text: str) -> bool:
    """Whether a message calls anyone by name (:func:`named_people`, or a Latin name after a title)."""
    return bool(named_people(text) or _latin_named(text))


def same_person(name: str, claimant_name: str) -> bool:
    """Whether a name written in a message can be the claimant's.

    "李先生" (surname only), "李*明" (masked) and "李明" all fit 李明; Traditional and Simplified
    forms are compared alike. A claimant known by two names ("何家豪 / Ho Ka Ho") is either; a
    name in Latin letters ("Mr Wong Chi Keung") is compared with the claimant's Latin name, else
    with the usual spellings of the claimant's surname (Hong Kong, pinyin, Taiwan: 梁 is Leung,
    Liang), and may be the claimant whenever that cannot tell.

    Args:
        name: as in :attr:`NameMention.name`.
        claimant_name: the claimant's name as in the case.

    Returns:
        True when the name may be the claimant's, False when it cannot.
    """
    forms = _forms(claimant_name)
    if _LATIN_NAME.fullmatch(name.strip()):
        return _same_latin(name, forms)
    han = [f for f in forms if not _LATIN.search(f)] or [claimant_name]
    return any(_same_han(name, f) for f in han)


def names_claimant(text: str, claimant_name: str) -> bool:
    """Whether a message writes out the claimant's full name (any of their names, either script).

    Args:
        text: the message as shown.
        claimant_name: the phone owner's name(s), as in :func:`same_person`.
    """
    plain, lower = to_simplified(text), text.lower()
    return any(f.lower() in lower if _LATIN.search(f) else len(f) >= 2 and to_simplified(f) in plain
               for f in _forms(claimant_name))


def disowned(reply: str, claimant_name: str = "") -> list[str]:
    """The people the person's own reply says they are not ("我不是刘志强，你们发错了": 刘志强;
    "我不是你们找的李先生": 李), as written; empty when the reply names nobody ("你们发错人了").
    A name that is the claimant's own ("我是王芳，不是…") is left out.

    Args:
        reply: the person's reply as shown.
        claimant_name: the phone owner's name(s), as in :func:`same_person` ("" when not known).
    """
    names = [n.name for n in named_people(reply) + _latin_named(reply)]
    for pattern in _DISOWNED:
        for m in pattern.finditer(reply):
            plain = to_simplified(m.group("n"))
            if plain not in _NOT_NAMES and not set(plain[1:]) & _NOT_GIVEN:
                names.append(m.group("n"))
    return [n for n in dict.fromkeys(names)
            if not (claimant_name.strip() and len(n) > 1 and same_person(n, claimant_name))]


# "我不是张伟，…" (a two-character name, which the patterns above take only with a title), "唔係陳大文";
# "This is not Ho Ka Ming's number", "I am not Wong Chi Keung"
_DISOWNED = (
    re.compile(rf"(?:不是|并非|並非|唔係|唔系|不係)(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)"
               r"(?=$|[，,。.！!？?\s(（]|本人|先生|女士|小姐|的号码|的號碼|的电话|的電話)"),
    re.compile(r"\bnot\s+(?P<n>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){1,3})(?='s\b|\b)"),
)


def answers(disowned_names: list[str], name: str) -> bool:
    """Whether a name a notice calls someone by is one the person's reply disowned ("刘先生" and
    "刘志强" may be one person, either way round).

    Args:
        disowned_names: from :func:`disowned`.
        name: as in :attr:`NameMention.name`.
    """
    return any(same_person(name, d) or same_person(d, name) for d in disowned_names)


def claimant_forms(meta: CaseMeta) -> str:
    """The claimant's names as the reader compares names with them: the case's claimant name
    and the other names the person is addressed by, in the "A / B" form :func:`same_person`
    takes (a notice to "何太" is 梁詠詩's own when the case says she is addressed so)."""
    return " / ".join(n for n in (meta.claimant_name, *meta.claimant_other_names) if n.strip())


def _forms(claimant_name: str) -> list[str]:
    """The claimant's names as given ("何家豪 / Ho Ka Ho": both)."""
    return [f.strip() for f in _FORMS.split(claimant_name) if f.strip()] or [claimant_name]


def _same_han(name: str, claimant_name: str) -> bool:
    a, b = name.strip(), claimant_name.strip()
    if not (_traditional(a) and _traditional(b)):
        # one of them in Simplified: compared in Simplified ("黄俊杰" may be 黃俊傑). Both in
        # Traditional, they are compared as written: 黃俊杰 is not 黃俊傑 (傑 and 杰 are two
        # characters in Traditional, one in Simplified)
        a, b = to_simplified(a), to_simplified(b)
    if not a or not b:
        return True
    if _on_given_name(a, b):
        return True  # "梅姐" for 向春梅, "林子" for 付宝林: the given name's last character, called familiarly
    if len(a) >= 2 and a[1] in _FAMILIAR:
        a = a[0]  # "陈姐", and "范姐早" (a greeting run on after the familiar word)
    if a == b or b.startswith(a) and len(a) == 1:
        return True
    if len(a) == len(b) and all(x == y or x in "*＊xX某○〇◯Ｏ" for x, y in zip(a, b, strict=True)):
        return a[0] == b[0]
    # "李明明" written as "李明": a name shown shorter than the claimant's, same start
    return len(a) >= 2 and b.startswith(a) and len(b) - len(a) <= 1


def _on_given_name(a: str, b: str) -> bool:
    """Whether ``a`` is the claimant ``b`` called by the given name, whole or its last character,
    with a familiar word before or after it: "文雄" and "文雄兄", "文雄仔", "阿雄", "雄哥" for 游文雄."""
    surname = next((s for s in _SURNAMES_2 if b.startswith(to_simplified(s))), b[:1])
    given = b[len(surname):]
    if not given:
        return False
    familiar = re.match(_BEFORE_GIVEN, a)
    core = re.sub(rf"^(?:{_BEFORE_GIVEN})|(?:{_AFFECTIONATE}|桑|子)$", "", a)
    if familiar and core == surname:
        return True  # "小杜", "老于": the surname with a familiar word before it
    if len(core) == 2 and core[0] == core[1]:
        core = core[0]  # "兰兰" for 覃晓兰
    return core == given or core != a and len(core) == 1 and given.endswith(core)


def _traditional(name: str) -> bool:
    """Whether a name is written with a character that only Traditional script has."""
    return to_simplified(name) != name


def _same_latin(name: str, forms: list[str]) -> bool:
    words = set(re.split(r"[\s\-]+", name.strip().lower()))
    # the claimant's Latin names without their titles ("Mrs Ho", a married name, is "ho")
    latin = [mine for f in forms if _LATIN.search(f)
             if (mine := {w for w in re.split(r"[\s\-,.]+", f.lower()) if w} - _TITLES)]
    # one word in common ("Mr Ho" for Ho Ka Ho) may be the claimant; none cannot. A name with
    # its given names written out is the claimant's only when they agree: "Mr Tang Chi Wing"
    # is not Tang Chi Ming (as 黄怡珍 is not 黄怡蓁)
    full = len(words) >= 2 and any(len(mine) >= 2 for mine in latin)
    for mine in latin:
        if len(words) >= 2 and len(mine) >= 2:
            if words <= mine or mine <= words:
                return True
        elif words & mine and not full:  # a surname alone ("Mr Tang") does not outvote the full name
            return True
    han = [to_simplified(f) for f in forms if not _LATIN.search(f)]
    if latin and (not han or full):
        return False
    # a surname alone ("Ms Leung") is still compared with the Chinese name's spellings when the
    # Latin names known are other ones (梁詠詩, also addressed as Mrs Ho)
    for f in han:
        surname = next((s for s in _SURNAMES_2 if f.startswith(to_simplified(s))), f[:1])
        spelled = _SPELLINGS.get(to_simplified(surname))
        if spelled is None or words & spelled:
            return True  # a surname whose spellings are not known, or one of them: it may be
    return not han


# A message opening by asking for someone or calling them out: "請問是王美玲嗎？", "尊敬的张丽娟用户，",
# "别装了黄伟，".
_OPENS_ASKING = re.compile(
    r"^\s*(?:【[^】]{1,20}】)?\s*(?:"
    # ("请问是王丽华吗", "請問是陳志偉先生嗎？", "請問係咪何家輝先生？")
    rf"(?:您好|你好|喂)?[，,\s]*(?:请问|請問)?(?:您|你)?(?:是|係|系)(?:咪|唔係|不是)?(?P<n>{_SURNAME}{_GIVEN}{{1,2}}?)"
    rf"(?:本人|先生|小姐|女士|太太)?(?:吗|嗎|嘛|[？?])"
    rf"|(?:尊敬的|親愛的|亲爱的)(?P<n2>{_SURNAME}{_GIVEN}{{1,2}}?)(?:用户|用戶|客户|客戶|会员|會員)"
    rf"|(?:别装了|別裝了|别躲了|別躲了|少装|少裝)[，,\s]*(?P<n3>{_SURNAME}{_GIVEN}{{1,2}}?)(?=[，,！!？?\s])"
    rf"|(?P<n4>{_SURNAME}{_GIVEN}{{1,2}}?)[，,\s]*(?:你|妳)(?:别装了|別裝了|别躲了|別躲了|听好了|聽好了|给我听好|給我聽好))")


def opens_to(text: str) -> str:
    """The name a message opens by speaking to ("张伟先生，您好", "陳生，", "Dear Mr Wong Chi Keung,",
    "Bank reminder: Mr Wong,"), or "" when it opens otherwise.

    Args:
        text: the message as shown.

    Returns:
        The name as written, or "".
    """
    m = _PATTERNS[0][0].match(text)
    if m and m.group("n") not in _NOT_NAMES and not set(m.group("n")[1:]) & _NOT_GIVEN:
        return m.group("n")
    m = _OPENS_ASKING.match(text)
    name = next((g for g in (m.group("n"), m.group("n2"), m.group("n3"), m.group("n4")) if g), "") if m else ""
    if name and name not in _NOT_NAMES and not set(name[1:]) & _NOT_GIVEN:
        return name
    if called := _vocative(text):
        return called
    for pattern in (_LATIN_TITLED, _LATIN_DEAR):
        m = pattern.search(text[:60])
        # ("Mr Wong,", "Dear Ms Chan:", "Hi, is this Ms Fiona Leung?")
        if m and text[m.end():m.end() + 1] in (",", "，", ":", "", "?") and "." not in text[:m.start()].replace("Mr.", ""):
            return m.group("n")
    return ""


def others_named(text: str, claimant_name: str) -> list[NameMention]:
    """The people named in ``text`` who cannot be the claimant (empty without a claimant name):
    in Chinese, and in English after a title ("Dear Mr Wong Chi Keung")."""
    if not claimant_name.strip():
        return []
    found = named_people(text) + _latin_named(text)
    # a married title ("鄧太", "Mrs Tang") names the husband's surname: unless the case gives the
    # claimant's own married name, another surname under it says nothing about whom the message is for
    known_married = _knows_married(claimant_name)
    return [m for m in found if m.role != "relation" and not same_person(m.name, claimant_name)
            and not _called_familiarly(m, claimant_name) and (known_married or not _married(m))]


def _called_familiarly(m: NameMention, claimant_name: str) -> bool:
    """Whether a surname read with a familiar word after it is the claimant's given name so called
    ("梅姐，" for 向春梅: 梅 is a surname too)."""
    if len(m.name) != 1 or not m.text.startswith(m.name):
        return False
    called = re.match(rf"{re.escape(m.name)}(?:{_AFFECTIONATE})", m.text)
    return called is not None and same_person(called.group(0), claimant_name)


def opens_to_married_title(text: str, claimant_name: str) -> bool:
    """Whether the message opens by calling the person by a married title ("何太，你好", "Dear Mrs Ho,")
    that may be the claimant's own: the case gives her no married name to tell it from."""
    called = opens_to(text)
    if not called or not claimant_name.strip() or _knows_married(claimant_name):
        return False
    return _married(NameMention(called, text[:text.find(called) + len(called) + 3], "addressee"))


def _knows_married(claimant_name: str) -> bool:
    return any(_married(NameMention(f, f, "addressee")) for f in _forms(claimant_name) if len(f) > 1)


def _married(m: NameMention) -> bool:
    """Whether a woman is called by a married title: "鄧太", "曾太太", "Mrs Tang"."""
    if re.search(r"\bmrs\.?\s", m.text, re.IGNORECASE):
        return True
    at = m.text.find(m.name[:1])
    return at >= 0 and bool(re.match(r"\S?(?:太太|太)(?![\u4e00-\u9fff])", m.text[at + 1:]))


# A name in Latin letters after a title: "Dear Mr Wong Chi Keung", "Ms Chan", "Mrs. Lee-Ho".
_LATIN_WORD = r"[A-Z](?:[a-z]+|[A-Z]+)"
_LATIN_TITLED = re.compile(
    rf"\b(?:Dear\s+)?(?:Mr|Mrs|Ms|Miss|Mdm|Madam|Dr)\.?\s+(?P<n>{_LATIN_WORD}(?:[ \-]{_LATIN_WORD}){{0,3}})\b")
# "Dear CHAN TAI MAN", "Dear Wong Chi Keung": two or more capitalised words that are not a form of address
_LATIN_DEAR = re.compile(rf"\bDear\s+(?P<n>{_LATIN_WORD}(?:[ \-]{_LATIN_WORD}){{1,3}})\b")
_NOT_LATIN_NAMES = {"customer", "customers", "valued", "client", "sir", "madam", "cardholder", "member", "user",
                    "borrower", "applicant", "account", "holder", "friend", "all", "team", "the",
                    "mr", "mrs", "ms", "miss", "mdm", "dr"}  # a title: the titled pattern reads the name after it
_LATIN_NAME = re.compile(r"[A-Za-z]+(?:[ \-][A-Za-z]+)*")
_LATIN = re.compile(r"[A-Za-z]")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mdm", "madam", "dr"})
# How the claimant's names are written apart: "何家豪 / Ho Ka Ho", "陳嘉欣（Chan Ka Yan）"
_FORMS = re.compile(r"[/／|()（）,，;；]+")


def _latin_named(text: str) -> list[NameMention]:
    """People a message names in Latin letters after a title (the addressee of an English notice)."""
    out: list[NameMention] = []
    for pattern in (_LATIN_TITLED, _LATIN_DEAR):
        for m in pattern.finditer(text):
            name = m.group("n")
            if any(w.lower() in _NOT_LATIN_NAMES for w in re.split(r"[ \-]", name)):
                continue
            if all(o.name != name and name not in o.name for o in out):
                out.append(NameMention(name, m.group(0).strip(), "addressee"))
    return out


# The usual Latin spellings of common surnames (Simplified): Hong Kong (Cantonese), pinyin and
# Taiwan (Wade–Giles). A surname not listed is never judged by its spelling.
_SPELLINGS: dict[str, set[str]] = {k: set(v.split()) for k, v in {
    "王": "wong wang ong", "李": "lee li lei lay", "张": "cheung zhang chang chong", "刘": "lau liu lao",
    "陈": "chan chen chun tan", "杨": "yeung yang young", "黄": "wong huang hwang ng", "赵": "chiu zhao chao",
    "吴": "ng wu woo goh", "周": "chow zhou chou chau", "徐": "tsui xu hsu chui", "孙": "suen sun", "马": "ma mah",
    "朱": "chu zhu choo", "胡": "wu hu woo", "郭": "kwok guo kuo", "何": "ho he hoh", "高": "ko kao gao",
    "林": "lam lin lum lim", "罗": "law lo luo", "郑": "cheng zheng chang", "梁": "leung liang", "谢": "tse xie hsieh",
    "宋": "sung song", "唐": "tong tang", "许": "hui xu hsu", "韩": "hon han", "冯": "fung feng", "邓": "tang deng teng",
    "曹": "tso cao tsao", "彭": "pang peng", "曾": "tsang zeng tseng", "萧": "siu xiao hsiao", "肖": "siu xiao hsiao",
    "田": "tin tian tien", "董": "tung dong", "袁": "yuen yuan", "潘": "poon pan pun", "蔡": "choi cai tsai",
    "余": "yu yue yee", "叶": "yip ye yeh", "苏": "so su", "吕": "lui lv lu", "卢": "lo lu lou", "钟": "chung zhong",
    "陆": "luk lu", "关": "kwan guan kuan", "麦": "mak mai", "邱": "yau qiu chiu", "江": "kong jiang chiang",
    "石": "shek shi shih", "方": "fong fang", "廖": "liu liao", "温": "wan wen", "文": "man wen", "黎": "lai li",
    "区": "au ou", "伍": "ng wu", "莫": "mok mo", "谭": "tam tan", "侯": "hau hou", "岑": "sham cen tsen",
    "龙": "lung long", "简": "kan jian chien", "庄": "chong zhuang chuang", "欧阳": "au-yeung auyeung ouyang",
    "司徒": "szeto situ", "蒋": "cheung jiang chiang", "沈": "shum shen", "姚": "yiu yao", "魏": "ngai wei",
    "范": "fan", "杜": "to du tu", "丁": "ting ding", "汪": "wong wang", "程": "ching cheng", "游": "yau you yu",
}.items()}

from __future__ import annotations

import pytest

from evidencekit.core.analysis.classify import classify, load_rules, mark_misdirected, read_message
from evidencekit.core.models import Label

# (id, text, expected labels (subset), labels that must not fire)
CASES = [
    ("reminder-hans", "【招联金融】您尾号6217的借款本期应还金额1,286.50元，还款日为11月28日", {"repayment_reminder"}, {"threat", "marketing"}),
    ("reminder-hant", "【中國信託】您尾號5520的帳戶本期應繳金額NT$12,300元，繳款截止日為11月28日", {"repayment_reminder"}, {"threat"}),
    ("overdue-hans", "您在我司的借款已逾期，欠款3,560元，请尽快还款", {"overdue_collection"}, {"marketing"}),
    ("overdue-hant", "您的信用卡帳款已逾期15天，請儘速繳款", {"overdue_collection"}, {"marketing"}),
    ("marketing-hans", "【360借条】恭喜您获得最高200000元借款额度，日息低至0.02%，立即领取", {"marketing"}, {"threat", "overdue_collection"}),
    ("marketing-hant", "【富邦金控】好消息！信貸最高額度100萬，線上申請", {"marketing"}, {"threat"}),
    ("progress-hans", "您的借款申请已提交，正在审核中", {"application_progress"}, {"marketing"}),
    ("progress-hant", "您的信貸申請已受理，目前審核中", {"application_progress"}, set()),
    ("misdirected-reply", "你好，我不是李建国，你们发错人了", {"possibly_misdirected"}, set()),
    ("threat-family-hans", "再不处理我们将联系你的家人、紧急联系人和你单位领导", {"threat", "threat_third_party"}, set()),
    ("threat-family-hant", "我們會聯繫您的家人和公司主管", {"threat", "threat_third_party"}, set()),
    ("threat-legal-hans", "法务部已准备起诉材料，将向法院提起诉讼", {"threat", "threat_legal_action"}, set()),
    ("threat-legal-hant", "本公司將委託律師提起訴訟，法院傳票會寄到您的戶籍地址", {"threat", "threat_legal_action"}, set()),
    ("threat-credit", "逾期记录将上报征信系统", {"threat", "threat_credit_record"}, set()),
    ("threat-visit-hans", "明天安排催收人员上门走访", {"threat", "threat_home_visit"}, set()),
    ("threat-visit-hant", "並到您家裡拜訪", {"threat", "threat_home_visit"}, set()),
    ("plain-reply", "好的，我今天下午处理。", set(), {"threat", "marketing", "overdue_collection"}),
    # posting the debt in the workplace's group is exposure there, not a visit
    ("expose-group-hant", "再拖就把你欠錢的事貼到你們公司群組。", {"threat", "threat_third_party"}, {"threat_home_visit"}),
    ("family-address-yue", "仲唔還錢？你阿媽住邊我哋都知。", {"threat", "threat_third_party", "overdue_collection"}, set()),
    ("still-owing-hant", "您的帳款尚欠NT$7,500，請於明日前繳清。", {"overdue_collection"}, {"marketing"}),
    ("owe-named-lender", "你欠聚富的7,500元打算拖到什麼時候？", {"overdue_collection"}, set()),
    # the plainest menaces are threats whatever the statistical reader makes of a short message
    ("menace-plain", "钱再不还，后果自负。", {"threat", "overdue_collection"}, set()),
    ("menace-calls", "不接是吧？我们换号继续打，打到你接为止。", {"threat"}, set()),
    ("complaint-calls", "能不能别每天打我电话？我下周发工资就还。", set(), {"threat"}),
    ("parents-learn", "这点钱都拖，你爸妈晓得了会怎么想？", {"threat", "threat_third_party"}, set()),
    ("boss-learns", "Pay up today, or your boss hears about it.", {"threat", "threat_third_party"}, set()),
    ("visit-knock", "你家的门我们下午敲过了，晚上还来。", {"threat", "threat_home_visit"}, set()),
    ("visit-bell-hant", "再不處理，下次就直接上樓按門鈴。", {"threat", "threat_home_visit"}, set()),
    # a visit to where a relative lives reaches the family, not the person's home
    ("visit-grandmother", "这周还不上，你外婆在老家那边我们就亲自去拜访。", {"threat", "threat_third_party"}, {"threat_home_visit"}),
    # dialect and slang insults; "NT" as an insult, never as New Taiwan dollars
    ("insult-coward", "怂包，躲什么躲", {"insult"}, set()),
    ("insult-yue", "衰仔，仲唔覆？", {"insult"}, set()),
    ("insult-yue-fool", "戆居居，聽電話啦", {"insult"}, set()),
    ("insult-nt", "nt吧你，说了多少遍", {"insult"}, set()),
    ("nt-currency", "您本期應繳金額為NT，請於月底前繳清。", set(), {"insult"}),
    # a debt-relief advert baits with the threat; keeping in touch and calling the lender's staff reach nobody
    ("relief-bait", "【安心债务】被爆通讯录？网贷逾期？专业团队帮您协商停催，免费咨询。", set(), {"threat_third_party"}),
    ("keep-in-touch", "我司将派员前往您的居住地及工作单位实地走访，请保持联系。", {"threat_home_visit"}, {"threat_third_party"}),
    ("call-staff", "您的欠款已逾期，如有疑问请联系专员处理，单位地址无需变更。", set(), {"threat_third_party"}),
    # checking the person's own address and workplace contacts no one; going there to ask does
    ("check-own-details", "明天安排催收人员上门走访，核实你的居住地址和工作单位。", {"threat_home_visit"}, {"threat_third_party"}),
    ("check-at-work", "我们会去你单位核实你的工作情况", {"threat_third_party"}, set()),
    ("marketing-two-words", "【某某銀行】信用卡可享低息分期，額度最高HK$80,000。", {"marketing"}, {"overdue_collection"}),
    # a detail only seen at the door places someone there (labelling convention 19)
    ("presence-door-detail", "你家门口那辆红色电动车挺新的嘛，钱什么时候还？", {"threat", "threat_home_visit"}, set()),
    ("presence-balcony-hant", "你家陽台那件灰色外套收一下吧，要下雨了。帳什麼時候結？", {"threat", "threat_home_visit"}, set()),
    # asking whether a relative knows; the household asleep; a child's school
    ("relative-knows-q", "这么久不还，你老公知不知道你在外面借钱？", {"threat", "threat_third_party"}, set()),
    ("household-asleep", "这么晚了，你老婆孩子都睡了吧？钱的事想好没有。", {"threat", "threat_third_party"}, set()),
    ("family-says-goodnight", "妈，我到家了，你们都睡了吧，明天再打给你。", set(), {"threat", "threat_third_party"}),
    ("child-middle-school", "听说你儿子九月要上初中了，这钱你打算拖到什么时候？", {"threat", "threat_third_party"}, set()),
    # the people the person listed, the person's delivery platform
    ("referee-hant", "您的借款已逾期，本公司將聯絡您申請時填寫的推薦人。", {"threat", "threat_third_party"}, set()),
    ("reference-en", "You are listed as a reference for Mr Wong, whose loan is overdue. Please ask him to call us.",
     {"threat", "threat_third_party"}, set()),
    ("rider-platform", "再拖我们就向你们平台投诉，让你接不到单。", {"threat", "threat_third_party"}, set()),
    # calling the shop is no visit to it
    ("call-the-shop", "明天还不处理，我们就打电话到你店里去找你老板。", {"threat_third_party"}, {"threat_home_visit"}),
    # an agreed instalment plan confirmed is a reminder; one missed is collection (convention 15)
    ("plan-confirmed", "【某某消费金融】根据您的申请，剩余欠款2,400元分4期偿还，每期600元，首期还款日3月5日。",
     {"repayment_reminder"}, {"overdue_collection", "threat"}),
    ("plan-confirmed-hant", "【某某財務】你已申請將尚欠之HK$3,200分四期清還，每期HK$800，首期到期日6月1日。",
     {"repayment_reminder"}, {"overdue_collection", "threat"}),
    ("plan-approved", "【某某分期】您申請之分期協商已核准：自8月起分5期，每期新臺幣2,100元，每月15日自動扣款。",
     {"repayment_reminder"}, {"application_progress", "overdue_collection"}),
    # a bank saying the person is not its customer: the notice was meant for someone else
    ("not-our-customer", "【某某商銀】您好，經查證您非本行客戶，造成困擾深感抱歉，已更正聯絡資料。", {"possibly_misdirected"}, set()),
    # tea with the person is a visit; a friend asking them over for tea is not
    ("tea-with-you", "这周不处理，我们周六去你那喝杯茶。", {"threat", "threat_home_visit"}, set()),
    ("tea-invitation", "好久不见，明天来车行喝茶，大家都想你", set(), {"threat", "threat_home_visit"}),
    # the home village, and being made to come back
    ("home-village", "我们外勤组下周去你们石桥村走访，找你父母当面谈。", {"threat", "threat_home_visit"}, set()),
    ("come-again-en", "Don't make us come to your building again.", {"threat", "threat_home_visit"}, set()),
    # already at the door, waiting in the lobby, the person seen at work; not a record "seen"
    ("at-the-door-hant", "今天早上我們就在門口了，妳十點才來開店。", {"threat", "threat_home_visit"}, set()),
    ("lobby-wait-yue", "今晚我哋喺大堂等你，唔好話冇提你。", {"threat", "threat_home_visit"}, set()),
    ("seen-at-work", "看到你今天在店里忙得很嘛，忙完记得把钱还了。", {"threat", "threat_home_visit"}, set()),
    ("seen-in-records", "以后去银行办卡，一查就能看到你在我们这欠钱不还。", set(), {"threat_home_visit"}),
    # dialect and pinyin insults; clients told; a letter to the workplace
    ("insult-sichuan", "哈麻批，电话也不接", {"insult"}, set()),
    ("clients-en", "Pay today or your clients hear about it.", {"threat", "threat_third_party"}, set()),
    ("letter-to-work", "再拖我们就给你们医院写一封举报信。", {"threat", "threat_third_party"}, set()),
    ("plan-balance-approved", "【某某消费金融】您申请的分期还款已通过：剩余1,500.00元分3期，每月20日各还500.00元。",
     {"repayment_reminder"}, {"application_progress", "overdue_collection"}),
    ("plan-offered-rest", "【某某消费金融】您的逾期欠款5,000元，现可申请分期协商，首期仅需2000元，剩余分6期偿还。回复1申请。",
     {"overdue_collection"}, {"repayment_reminder"}),
    ("plan-offered", "【某某消费金融】您的逾期欠款1,800元可申请分3期还款，请于本月底前提交申请。",
     {"overdue_collection"}, {"repayment_reminder"}),
    ("plan-missed", "【某某消费金融】您的分期协商已生效，但首期600元至今未还，请立即处理。", {"overdue_collection"}, set()),
]


@pytest.mark.parametrize(("text", "expected", "absent"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_classify(text: str, expected: set[str], absent: set[str]) -> None:
    labels = {lb.name: lb for lb in classify(text)}
    assert expected <= set(labels)
    assert not (absent & set(labels))
    for lb in labels.values():
        assert lb.triggers, lb.name
        for t in lb.triggers:
            assert t in text  # triggers are shown as they appear in the message


def test_rules_are_data_in_both_scripts() -> None:
    rules = {r.name: r for r in load_rules()}
    assert {"repayment_reminder", "overdue_collection", "marketing", "application_progress",
            "possibly_misdirected", "threat_third_party", "threat_legal_action", "threat_credit_record",
            "threat_home_visit"} <= set(rules)


def test_named_notice_to_somebody_else_is_misdirected() -> None:
    labels = classify("【安逸花】李建国先生，您的欠款仍未处理", claimant_name="王小明")
    assert "possibly_misdirected" in {lb.name for lb in labels}
    labels = classify("【安逸花】李建国先生，您的欠款仍未处理", claimant_name="李建国")
    assert "possibly_misdirected" not in {lb.name for lb in labels}


def test_thread_reply_marks_earlier_named_notice() -> None:
    texts = ["【安逸花】李建国先生，您的借款已逾期", "我不是李建国，你们发错人了"]
    sides = ["in", "out"]
    labels = [classify(t) for t in texts]
    out = mark_misdirected(texts, sides, labels)
    assert Label("possibly_misdirected", ("李建国",)) in out[0]


def test_thread_reply_leaves_the_claimants_own_name_alone() -> None:
    # the person denies one notice; a later notice that names them is theirs, not misdirected
    texts = ["【安逸花】李建国先生，您的借款已逾期", "我不是李建国，你们发错人了", "王小明先生，您的账单已出"]
    sides = ["in", "out", "in"]
    labels = [classify(t) for t in texts]
    out = mark_misdirected(texts, sides, labels, "王小明")
    assert Label("possibly_misdirected", ("李建国",)) in out[0]
    assert "possibly_misdirected" not in {lb.name for lb in out[2]}
    # nor, with no claimant name known, is a notice to anyone the reply does not disown ("我不是李建国")
    assert "possibly_misdirected" not in {lb.name for lb in mark_misdirected(texts, sides, labels)[2]}
    # a reply naming nobody answers every named notice of the thread but the claimant's own
    generic = ["【安逸花】李建国先生，您的借款已逾期", "你们发错人了", "王小明先生，您的账单已出"]
    out = mark_misdirected(generic, sides, [classify(t) for t in generic])
    assert Label("possibly_misdirected", ("李建国",)) in out[0] and Label("possibly_misdirected", ("王小明",)) in out[2]


def test_thread_reply_answers_only_the_notice_it_disowns() -> None:
    # the lender's own notices to 王芳 stay hers when she replies "我不是刘志强" to the one sent to him
    texts = ["【易享贷】王芳您好，您的借款第3期应还2,316.40元已逾期2天，请尽快登录APP还款。",
             "【易享贷】刘志强先生，您在我司的借款已逾期30天，欠款6,870.00元，请立即还款。",
             "我不是刘志强，这个号码是我本人的，你们发错人了。",
             "【易享贷】刘先生，请尽快处理欠款。", "【易享贷】您的借款已逾期，请尽快还款。"]
    sides = ["in", "in", "out", "in", "in"]
    out = mark_misdirected(texts, sides, [classify(t) for t in texts], "王芳")
    assert [[lb for lb in out[i] if lb.name == "possibly_misdirected"] for i in (0, 1, 3, 4)] == [
        [], [Label("possibly_misdirected", ("刘志强",))], [Label("possibly_misdirected", ("刘",))], []]
    # nor does a reply naming nobody make a notice to the claimant's other name someone else's
    texts = ["【易享贷】王小芳您好，您的借款已逾期", "你们发错人了"]
    out = mark_misdirected(texts, ["in", "out"], [classify(t) for t in texts], "王芳 / 王小芳")
    assert "possibly_misdirected" not in {lb.name for lb in out[0]}


def test_apply_claimant_marks_notices_to_other_names() -> None:
    from evidencekit.core.analysis.labels import apply_claimant
    from evidencekit.core.models import EngineInfo, Message, OcrResult

    r = OcrResult("0" * 64, EngineInfo("t", "1", "chi_sim"), "zh-Hans", "", None, (
        Message("【安逸花】李建国先生，您的借款已逾期", labels=(Label("overdue_collection", ("逾期",)),), side="in"),
        Message("张三先生，您的账单已出", side="in"),
        Message("李建国先生是谁？", side="out"),
    ))
    out = apply_claimant(r, "张三")
    names = [[lb.name for lb in m.labels] for m in out.messages]
    # the notice to 李建国 is his: misdirected, and only that, as the bundle and the findings read it
    assert names[0] == ["possibly_misdirected"]
    assert out.messages[0].labels[0].triggers == ("李建国",)
    assert names[1] == [] and names[2] == []
    for m, got in zip(out.messages, names, strict=True):  # one reading: the case's
        assert tuple(got) == read_message(m.text, side=m.side, claimant_name="张三").label_names
    assert apply_claimant(r, "") is r


def test_apply_claimant_keeps_the_threads_mark() -> None:
    # a reply "不是我…发错了" marks the named notice before it, though the surname is the claimant's
    from evidencekit.core.analysis.labels import apply_claimant
    from evidencekit.core.models import EngineInfo, Message, OcrResult

    mark = Label("possibly_misdirected", ("李先生",))
    r = OcrResult("0" * 64, EngineInfo("t", "1", "chi_sim"), "zh-Hans", "", None, (
        Message("李先生，您的借款已逾期，请尽快还款", labels=(Label("overdue_collection", ("逾期",)), mark), side="in"),
        Message("我不是你们找的李先生，发错人了", side="out"),
    ))
    assert "possibly_misdirected" not in read_message(r.messages[0].text, side="in", claimant_name="李明").label_names
    out = apply_claimant(r, "李明")
    # the case's reading marks it itself (the thread rule), naming the surname the reply disowns
    assert Label("possibly_misdirected", ("李",)) in out.messages[0].labels


# (id, text, labels that must be read, labels that must not), on 赵静's phone
ON_ZHAO_JINGS_PHONE = [
    # a notice about a relative's debt is about someone else's
    ("relative-debt-hans", "您好，您的表哥刘海峰在我们平台借款已逾期两个月，请提醒他回电。", {"possibly_misdirected"}, set()),
    ("relative-debt-threat", "你弟要是再不还，我们只好天天给你打。", {"possibly_misdirected"}, set()),
    ("relative-debt-hant", "他仍欠本公司NT$12,300，請轉達他盡快處理。", {"possibly_misdirected"}, set()),
    ("relative-debt-en", "Please tell Lee Ka Ho his family will hear from us about the loan.", {"possibly_misdirected"}, set()),
    # the person's own English "not me"
    ("not-mine-en", "This is not Ho Ka Ming's number. I have no account with Fastcash.", {"possibly_misdirected"}, set()),
    # the person's own debt shown to others is not
    ("own-debt-colleagues", "你的同事都知道你欠钱不还了吧？", set(), {"possibly_misdirected"}),
    ("own-debt-staff", "贵司员工赵静在我司有笔欠款，麻烦同事们提醒她。", set(), {"possibly_misdirected"}),
    ("own-debt-neighbours", "各位邻居好，3栋的赵静女士欠我公司款项8,000元逾期不还，请大家转告她尽快处理。", set(),
     {"possibly_misdirected"}),
    ("own-debt-sister", "赵静是你姐吧？你欠的钱要不让她先垫上，麻烦你通知她一声。", set(), {"possibly_misdirected"}),
    # the person's family or colleague passing on that someone called about them: none of the
    # collector's labels (labelling convention), however much of the collector's wording it repeats
    ("relay-parent", "静静，下午有人打电话到你爸单位，说你欠钱不还要起诉你，是不是真的？", set(), {"overdue_collection", "threat", "threat_third_party", "threat_home_visit"}),
    ("relay-shop", "小赵，今天有个陌生号码打到店里找你，说你欠了平台的钱，你看看怎么回事。", set(), {"overdue_collection", "threat", "threat_third_party", "threat_home_visit"}),
    ("relay-yue", "阿靜，頭先有兩個人嚟屋企問你去咗邊，話你借咗錢，你冇事嘛？", set(), {"overdue_collection", "threat", "threat_third_party", "threat_home_visit"}),
    ("relay-spouse", "老婆，又有人加我微信说你欠了网贷，我没理，晚上说。", set(), {"overdue_collection", "threat", "threat_third_party", "threat_home_visit"}),
    ("relay-ni", "有人打電話到家裡說要找妳，講話很兇，是怎樣？", set(),
     {"overdue_collection", "threat", "threat_third_party", "threat_home_visit"}),  # 妳 reads as 你
    # a collector announcing someone is no relay
    ("announced-visit", "明天会有人上门找你，你最好在家。", {"threat_home_visit"}, set()),
    ("announced-we", "再不还，我们有人去你单位找你领导聊聊。", {"threat_third_party"}, set()),
    ("announced-collector-voice", "今天有人打电话到家里说你欠钱，我司提醒你尽快还款，否则联系你全部家人。",
     {"threat_third_party"}, set()),
]


@pytest.mark.parametrize(("text", "present", "absent"), [c[1:] for c in ON_ZHAO_JINGS_PHONE],
                         ids=[c[0] for c in ON_ZHAO_JINGS_PHONE])
def test_whose_debt_and_who_speaks(text: str, present: set[str], absent: set[str]) -> None:
    names = {lb.name for lb in classify(text, claimant_name="赵静")}
    assert present <= names and not names & absent, names


def test_getting_into_a_group_is_no_visit() -> None:
    # "进去了" is joining the workplace group, not going to the workplace
    names = {lb.name for lb in classify("你们公司的工作群我们已经进去了，要不要发个通知说说你的欠款？")}
    assert "threat_third_party" in names and "threat_home_visit" not in names


@pytest.mark.parametrize("text", [
    "我是邱文涛，不是邱文韬，也不是你们行的客户，请核实。",  # a near-identical name set right
    "我是蘇美惠，不是蘇美慧，我沒有你們銀行的卡，別再傳了。",
    "我没有你们平台的贷款，别再打了。",
])
def test_the_persons_own_word_that_the_notices_are_not_theirs(text: str) -> None:
    r = read_message(text, side="out", claimant_name="邱文涛")
    assert r.from_claimant and "possibly_misdirected" in r.label_names


@pytest.mark.parametrize("text", [
    "不认得这个人，莫再打了。",  # southwestern 认得 for 认识
    "這支號碼毋是黃俊雄的，請恁改資料。",  # Minnan 毋是
    "恁敲毋著矣，阮遮無這个人。",
    "佢借錢嘅事我唔知，你哋自己搵佢。",  # Cantonese 唔知, read as 不知
    "那是他自己签的合同，别来问我。",
    "陈丽那边我管不着，你们找她去。",
])
def test_replies_that_the_debt_is_someone_elses_in_regional_words(text: str) -> None:
    r = read_message(text, side="out", claimant_name="邓秋萍")
    assert "possibly_misdirected" in r.label_names


@pytest.mark.parametrize("text", [
    "【安信消费金融】因联系人信息未及时更新给您造成打扰，已将您的号码移出通知名单，抱歉。",
    "Sorry, the earlier reminder was sent to the wrong number. Please ignore it.",
    "唔好意思，頭先send錯咗訊息，請刪除。",
])
def test_a_senders_word_that_its_notice_went_to_the_wrong_number(text: str) -> None:
    assert "possibly_misdirected" in read_message(text, side="in").label_names


@pytest.mark.parametrize(("text", "insult"), [
    ("【滨海二小】家长您好：周三下午开家长会。", False),  # a school's short name is no Taiwanese 三小
    ("【长安三小】家长您好：周三下午开家长会。", False),
    ("我外孙子那笔分期我让他自己还，给你添麻烦了。", False),
    ("一千？打发要饭的呢，最少两千。", False),  # no insult: the offer is scorned
    ("你在講三小？錢咧？", True),
    ("册那，小赤佬，铜钿啥辰光还？", True),
    ("走數婆，今晚之前入數。", True),
])
def test_insults_in_regional_words_and_words_that_only_look_like_them(text: str, insult: bool) -> None:
    assert ("insult" in read_message(text, side="in").label_names) is insult


@pytest.mark.parametrize(("text", "visit"), [
    ("明朝阿拉两个人到侬店里来，侬自家看着办。", True),  # Shanghainese 侬: the person's own shop
    ("明天一早直接上m，你自己挑个地方见面。", True),  # 上m for 上门
    ("Miss Friday's payment and we'll be back at your stall.", True),
    ("催收函会直接寄到你们店里，全店都看得到。", False),  # by post: nobody at the door
    ("先转1k5过来，剩下的我帮你跟组长申请减免。", False),  # money sent over, the collector's own team leader
])
def test_a_visit_to_the_persons_shop_and_what_only_sounds_like_one(text: str, visit: bool) -> None:
    assert ("threat_home_visit" in read_message(text, side="in").label_names) is visit


def test_the_debtors_relative_telling_of_the_collectors_collects_nothing() -> None:
    """Review9 #3: the debtor's sister asks the number's new owner about him; the collectors she
    tells of are not her (no collection, no threat: she is no collector)."""
    r = read_message("你好，我是黄志坚的家姐黄丽萍。催收公司一直打电话给我，说阿坚换了这个新号码，你认识他吗？",
                     side="in", claimant_name="叶慧敏")
    assert not {"overdue_collection", "threat", "threat_third_party"} & set(r.label_names)


@pytest.mark.parametrize("text", [
    "我只是他邻居，别把我扯进来。",
    "这号换人了，你们找的那位早不用这个号了。",
    "呢個號碼我用咗三年，冇陳大文呢個人。",  # Cantonese, read in Mandarin words
    "他欠的找他去，我一分钱都没经手。",
    "伊额事体我勿晓得，侬自家寻伊去。",  # Wu
    "我勿是担保人，勿要再打了。",
    "這支號碼我用八年矣，恁講的人我無熟似。",  # Minnan
    "我真系唔识佢，唔好再send嚟。",  # Cantonese (review9 #7)
    "老王的事额不管，他欠的是他的。",  # Shaanxi 额 for 我
    "你好，这个号码已经不是张国庆在用了。",
    "我是林秀珠，毋是林秀珍，恁發毋著人矣。",  # Minnan
    "我只系佢老细，佢借钱个事我唔知。",  # the debtor's boss, in Cantonese
    "I'm only his landlord. His debts are his own business.",
    "这个号是运营商二次放号的，我跟他没得任何关系。",
    "这个号码我用了三年了，你们找错人了。",
])
def test_more_replies_that_the_debt_is_someone_elses(text: str) -> None:
    assert "possibly_misdirected" in read_message(text, side="out", claimant_name="邓秋萍").label_names


@pytest.mark.parametrize("text", [
    "钱是我借的，跟他没关系，你们不要再找他。",  # the person's own debt: protecting someone else
])
def test_a_reply_owning_the_debt_is_no_not_me(text: str) -> None:
    assert "possibly_misdirected" not in read_message(text, side="out", claimant_name="邓秋萍").label_names


@pytest.mark.parametrize("text", [
    "不好意思，核实过了，是号码录错一位，打扰您了。",
    "【某某借】经核实该号码已非借款人本人使用，我们已删除此号码，抱歉。",
    "不好意思，查了一下是老号码没更新，以后不会再发了。",
    "【某某银行】因号码信息更新不及时，此前发送至本机的提醒有误，特此致歉。",
])
def test_more_senders_owning_up_to_a_wrong_number(text: str) -> None:
    assert "possibly_misdirected" in read_message(text, side="in").label_names


@pytest.mark.parametrize(("text", "labels"), [
    ("明天派wf的人过来，你自己看着办。", {"threat_home_visit"}),  # wf for 外访
    ("侬屋里阳台上晾额衬衫蛮好看额。", {"threat_home_visit"}),  # laundry on the balcony: presence
    ("寿头，钱啥辰光还？", {"insult"}),
    ("哥，姆妈的检查结果出来了，没大问题。", set()),  # 姆妈的: a mother's, no curse
])
def test_more_regional_visits_and_insults(text: str, labels: set[str]) -> None:
    got = set(read_message(text, side="in").label_names) & {"threat_home_visit", "insult"}
    assert got == labels


def test_a_threat_to_put_the_persons_number_online_is_public_exposure() -> None:
    """Review9 #7: "将你个号码放上网" threatens the person herself with exposure."""
    r = read_message("你再唔帮手，我哋就将你个号码放上网。", side="in")
    assert "threat" in r.label_names and "self" in r.who
    assert any(h.rule == "public-exposure" for h in r.hits)


@pytest.mark.parametrize("text", [
    "唔好意思，发错咗，以为系我朋友个新号码，打扰晒。",
    "不好意思，电话写错了一位，打扰了。",
    "【某某分期】您好，借款人已与我司达成还款协议，感谢配合，后续不再打扰。",
    "【仁和医院】抱歉，前一条短信发送有误，请忽略。",
    "歹勢，剛才那則訊息是要傳給其他客戶的，妳的帳已經結清，請忽略",
    "Apologies, our previous SMS went to an incorrect recipient; please disregard it.",
    "不好意思大哥，系统里那个号是前任机主的，我们这边删了",
    "哎呀，头像一样认错了，对不住对不住",
])
def test_more_apologies_for_a_wrong_number(text: str) -> None:
    assert "possibly_misdirected" in read_message(text, side="in").label_names


@pytest.mark.parametrize(("text", "amiss"), [
    # a word of sorry with a mistake of sending beside it, in any region's words
    ("抱歉抱歉，上一条信息发错对象了，请您无视", True),
    ("歹勢喔，剛才那則傳毋著人，拍謝", True),
    ("唔好意思，部門同事撥錯咗號碼，打擾晒", True),
    ("Apologies, the reminder this morning went out by mistake to your number.", True),
    # sorry for a wrong detail, or for the trouble: nothing sent to the wrong reader
    ("不好意思，我把地址发错了，应该是3栋", False),
    ("不好意思，会议时间写错了，改到下午三点", False),
    ("对不起，我错了，下次不会了", False),
    ("不好意思打扰了，您的快递放在门卫室了", False),
])
def test_sorry_for_a_message_sent_amiss_is_about_someone_else(text: str, amiss: bool) -> None:
    r = read_message(text, side="in", claimant_name="陈晓雯")
    assert any(h.rule == "sent-amiss-sorry" for h in r.hits) is amiss
    assert ("possibly_misdirected" in r.label_names) is amiss


@pytest.mark.parametrize("text", [
    "你系佢大舅子，佢走佬咗你就要幫手搞掂，唔好扮唔知",
    "你是她嫂子吧？麻烦让她把分期结一下",
    "吴志刚是你工友吧，他在我们这儿的账拖了两个月了",
])
def test_a_relative_or_workmate_of_every_name_is_asked_about_someone_elses_debt(text: str) -> None:
    # one list of relatives and people close to the person (lexicon [words]) for every pattern
    r = read_message(text, side="in", claimant_name="陈晓雯")
    assert any(h.rule == "third-party-notice" for h in r.hits), r.hits


def test_a_sum_in_ten_thousands_is_no_boss() -> None:
    # "十二萬總要有人負責": 萬總 is no Mr Wan the boss
    r = read_message("申訴隨便你，張志明欠的十二萬總要有人負責，你是他弟你自己想", side="in", claimant_name="林建宏")
    assert "employer" not in r.who


@pytest.mark.parametrize("text", [
    "今朝已经send咗封信去你公司人事部，讲明你拖数嘅事",
    "起诉材料下个月寄到你老家，到时候你自己去法院应诉",
    "我打个电话过去问问你们单位人事，核实一下你的工作",
    "書面？好呀，我哋寄信去你坪洲屋企，順便寄埋畀你隔籬鄰舍。",
    # a collector's visiting charge is no visit
    "分期是分期，我们的上门费300还没结，今天转过来",
    # seen somewhere online is no one at the door
    "哥，看到你在别的平台被拒了，我们这边内部通道最高30000，加我发你链接",
    # a charge named for a visit; the collectors' own office lit at night; a letter sent over;
    # Hokkien 你家己 (yourself) is no home
    "【某某资产】欠款2300元，另加外访处理费150元，合计2450元，请今日结清。",
    "我们办公室的灯一直亮着，等你回话",
    "材料我们已经寄信过去你们公司人事部了，自己看着办",
    "联征我们已经报上去了，你家己去查",
    # a paper sent to the place; a visit called off; a chat app lit at night; advice to lock the
    # door; the person seen at some other door; the family's other relatives; knowing where the
    # person lives (convention 5: threat only)
    "别等传票到你单位，今天把钱处理了",
    "再唔還，我哋下個禮拜發律師信去你屋企",
    "钱到了，外访取消了，以后按时还",
    "凌晨一点你微信还亮着在线？钱的事想好没有",
    "报警？随便你。晚上睡觉把门锁好",
    "你表弟不接电话，我们就找你们家其他亲戚一个个问",
    "你住哪我们清楚得很，锦华小区对吧，钱今天到账",
    # calling the workplace to reach a boss, contacting it, a payment order posted to the home,
    # a letter written to the building's office (the spent case messages' hand counts: no visit)
    "明天打去你们物流公司找你主管，别说我们没提醒",
    "唔好逼我哋搵你公司，今日搞掂佢",
    "我们会找你公司人事好好沟通这笔账",
    "再不回电话，莫搞到我们去联系你单位",
    "那我们照程序走，支付命令直接寄到府上",
    "欠款毋處理，明仔載支付命令就寄去恁兜",
    "寫信？好 寫去你屋企樓下管理處",
    # a debt-relief advert baiting with the visit
    "【信用卡代还】逾期上门催收？找我们！专业停催，不成功不收费",
])
def test_a_letter_or_a_call_to_a_place_is_no_visit(text: str) -> None:
    assert "threat_home_visit" not in read_message(text, side="in").label_names


@pytest.mark.parametrize("text", [
    "明晚八点前没汇款，我们就去你单位楼下等。",
    "禮拜三中午以前無繳，阮就去恁兜揣你。",
    "你這个無責任的，今仔日毋還，明仔載就送法院。",
    "下午五點前唔入數，我哋就上嚟搵你。",
    # a sum not even paid, or asked after
    "成日唔覆？五百蚊都冇？",
    "三千都没有？",
    "三撇呢？講好今日㗎",
    # not paid, then what follows; still not dealt with; still short; thinking they need not pay
    "叫停？不繳就移送法務，你自己看著辦。",
    "律師函阮寫好矣，閣無處理就告。",
    "你还差一千多，就想让我们别打了？",
    "以為封鎖我就唔使還？",
    "唔聽電話？1,380月尾前清晒。",
    # the balance in Hong Kong's word, to be cleared or "搞掂" by a day
    "一千都好，但禮拜五一定要到，餘數2780月尾前清",
    "收到一千，多謝。餘數2780月尾前記得搞掂",
    # Taiwan's 卡費 (the card balance) is a debt, and an account asked for by a day presses for it
    "你家門口那台機車停歪了喔，早上我們有經過。卡費的事今天要有個交代",
    "學以前那套，單號打你手機，雙號打你阿爸，卡費一天不繳，我們一天照打。",
    # the lender by its app's kind of name, to be "dealt with" (convention 1's 处理 / 搞掂)
    "你要是不想以后被人指指点点，今天就把多彩借搞定。",
    "Ms Lau, your next instalment HKD 640 is due 12 Apr. Do not make us call your office.",
    # a lender by its app's kind of name and "its matter", pressed for
    "明天我们两个同事到你小区楼下等你，当面把速易花的事说清楚。",
    "妳媽家巷口那間麵店我們剛吃完，要不要過去跟妳媽聊聊妳好易購的事？",
    # the agency's own fee pressed for
    "分期是分期，我们的手续费照样得交，不交就打你们单位。",
    "追收費仲未俾，唔好以為同財務傾掂就冇事。",
])
def test_a_debt_pressed_for_without_a_debt_word_collects(text: str) -> None:
    # no debt word: a deadline and the payment not made by it, a sum scorned as not even paid, the
    # agency's fee or a lender's "matter" pressed for name the debt
    assert "overdue_collection" in read_message(text, side="in").label_names


@pytest.mark.parametrize("text", [
    "【小額錢債審裁處】申索人宏發財務已向本處提交申索，請於7日內致電書記，否則將作缺席裁決。",
    "【某某仲裁院】申请人某某分期诉你借款合同纠纷一案已受理，争议金额6200.00元，请在3日内联系仲裁员。",
    "【某某縣警察局刑事警察大隊】你涉嫌詐欺借款新臺幣18,600元，請於明日上午到案說明，否則依法拘提。",
    "【某某警區】你涉嫌以欺詐手段借取HK$4,380.00，請於48小時內到警署協助調查。",
])
def test_a_claim_over_a_loan_and_its_sum_collects(text: str) -> None:
    # the debt is the reason for the message, forged or not (conventions 1 and 24)
    assert "overdue_collection" in read_message(text, side="in").label_names


@pytest.mark.parametrize("text", [
    "【某某仲裁委】关于你的借款合同纠纷已受理，仲裁庭将于12月22日开庭，缺席将作出不利裁决。",
    "【某区司法局】免费法律援助进社区：6月15日在社区服务中心提供借贷纠纷咨询，欢迎居民参加。",
])
def test_a_loan_dispute_without_a_sum_is_no_collection_by_itself(text: str) -> None:
    assert "overdue_collection" not in read_message(text, side="in").label_names


@pytest.mark.parametrize("text", [
    "【某某租賃】已收到您繳納NT$2,500，請於9/15前繳清剩餘NT$1,800。",
])
def test_a_receipt_asking_for_the_rest_collects(text: str) -> None:
    # convention 24: a receipt that asks for what is left is a collection message (one that only
    # states the balance, "尚欠NT$2,100", is a receipt: convention 15)
    assert "overdue_collection" in read_message(text, side="in").label_names


def test_a_date_in_april_is_no_interest_rate() -> None:
    assert "marketing" not in read_message("Your next instalment of HK$900 is due 30 Apr.", side="in").label_names


@pytest.mark.parametrize(("text", "collecting"), [
    # the lender telling the person its agency was called off collects nothing
    ("【某某消费金融】张女士，我司已停止第三方机构对您的催收，如再接到来电请拨400-000-0000。", False),
    ("【某某分期】林小姐，本公司已通知委外公司中止對您的催收作業。", False),
    ("【某某財務】何小姐，我司已終止與某某顧問嘅委託，如有人再以我司名義追收請報警。", False),
    ("【某某財務】李先生，本公司已通知某某追收停止聯絡閣下，如有疑問請致電本公司。", False),
    # ... a collector's promise to stop once paid still collects
    ("还清了我们自然停止催收，今天必须还1200", True),
])
def test_a_lender_calling_off_its_agency_collects_nothing(text: str, collecting: bool) -> None:
    assert ("overdue_collection" in read_message(text, side="in").label_names) is collecting


@pytest.mark.parametrize("text", [
    "阿强，你网贷咋把我电话填上了？天天有人打来，你自己去处理",
    "佢嘅數我冇辦法幫佢還，唔好再打嚟",
    "她哥的债她管不了，你们别再来店里",
    "志明借钱我也不知道，等我问问他",
    "我同陈志豪八竿子打不着，再打我就报警",
    "阿Ben，有人打俾我話你逾期，你搞掂佢啦",
    "Jason why did you list me as your emergency contact? they keep calling",
])
def test_the_persons_own_word_about_someone_elses_debt(text: str) -> None:
    assert "possibly_misdirected" in read_message(text, side="out", claimant_name="王小明").label_names


def test_an_unknown_word_list_in_a_term_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import evidencekit.core.analysis.labelrules as lr

    real = lr._read_toml

    def with_typo(name: str) -> dict[str, object]:
        data = real(name)
        if name == "lexicon.toml":
            data["concept"]["own_debt"]["terms"] = ["<<kinn>>欠"]  # type: ignore[index]
        return data

    monkeypatch.setattr(lr, "_read_toml", with_typo)
    lr.load_lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match="unknown word list"):
            lr.load_lexicon()
    finally:
        lr.load_lexicon.cache_clear()


def test_word_lists_are_expanded_in_not_before_and_not_after() -> None:
    from evidencekit.core.analysis import labelrules as lr
    c = lr.load_lexicon().concepts["neighbour_people"]
    assert c.not_before is not None and "<<" not in c.not_before.pattern
    assert c.not_before.match("说你在三楼") and c.not_before.match("亭旁边") and not c.not_before.match("说你欠钱")
    # a word list may name one above it: "kin" holds "partner", which is not the one investigated
    told = lr.load_lexicon().concepts["third_party_notice"].any_pattern
    assert told is not None and "<<" not in told.pattern
    assert told.search("你是他的对象吧") and not told.search("你是他的调查对象吧")


@pytest.mark.parametrize(("text", "labels", "absent"), [
    # the person's hours known, no one placed there: a threat, no visit (convention 19)
    ("你几点下班我们一清二楚，别装死", {"threat"}, {"threat_home_visit"}),
    # 二百五 inside a written sum is a number; alone it is an insult
    ("本月还款四千二百五十元，请按时处理。", set(), {"insult"}),
    ("你个二百五，钱呢", {"insult"}, set()),
    # a plan negotiated and done is the plan's reminder (convention 15)
    ("【某某分期】您好，还款协商已达成：每月15日各还800元。", {"repayment_reminder"}, set()),
    # Hokkien 恁後生 (your son) called; a relative called, said the other way round
    ("錢若無還，阮就敲予恁後生，叫伊來處理", {"threat_third_party"}, set()),
    ("今晚再不还，照样给你老婆打", {"threat_third_party"}, set()),
    # veiled menace
    ("这笔钱一直拖着对你没啥好处", {"threat"}, set()),
    # what the collectors themselves know is nobody else told
    ("你在哪个厂上班我们都晓得，今天把钱还了", {"threat"}, {"threat_third_party"}),
    # the whole street to know
    ("再唔還錢，成條街都知你走數", {"threat_third_party"}, set()),
    # the debt named as what someone else should pay for the person, as card debt, as a balance
    ("你老婆做护士的吧？要不要请她帮你还？", {"overdue_collection", "threat_third_party"}, set()),
    ("你張卡數仲拖幾耐？", {"overdue_collection"}, set()),
    ("When can you sort out the QuickCash balance? Call me back today.", {"overdue_collection"}, set()),
    # 没脸没皮 is an insult, not the person shamed before the workplace
    ("没脸没皮的东西，下午两点我们到你们公司楼下等你", {"insult", "threat_home_visit"}, {"threat_third_party"}),
])
def test_more_threats_and_what_only_looks_like_them(text: str, labels: set[str], absent: set[str]) -> None:
    got = set(read_message(text, side="in").label_names)
    assert labels <= got and not (absent & got), got


@pytest.mark.parametrize("text", [
    # someone close telling the person that collectors called or came carries no label (convention 25)
    "媳妇 有个叫快借花的打我电话三次了 我没接 你处理一下",
    "阿玲，今天有一個男的打來家裡，講妳欠錢，媽媽很煩惱",
    "家姐 有條友喺樓下同保安講話搵你 保安叫我話俾你知",
    "我是你表姐，你妈说你换号了，这个是你新号吗？",
    "小芳，那帮人今天又打到村里小卖部了，说要找你",
    "小芳，科室座机今天接到好几个找你的电话，你是不是遇到啥事了？",
    "小金，店里好几个人手机上收到你欠钱的短信，你得赶紧把这事摆平",
    "小区物业：有陌生人在3号楼附近逗留，已加强门岗登记，如有情况请联系物业。",
])
def test_someone_close_telling_of_the_collectors_carries_no_threat(text: str) -> None:
    got = set(read_message(text, side="in").label_names)
    assert not got & {"threat", "threat_third_party", "threat_home_visit", "overdue_collection"}, got


@pytest.mark.parametrize("text", [
    # going to see the boss tells the boss: a third party, no visit (the writers of the held-out
    # cases, and conventions 14 and 23)
    "妳在萬華那間自助餐店幫忙洗碗對吧？我們去跟老闆聊聊妳欠錢的事。",
    "恁翁佇鄉公所上班，阮欲去共伊的主管講你欠錢毋還",
])
def test_going_to_see_the_boss_is_telling_the_boss(text: str) -> None:
    got = set(read_message(text, side="in").label_names)
    assert "threat_third_party" in got and "threat_home_visit" not in got, got


@pytest.mark.parametrize(("text", "labels"), [
    # an instalment pressed for with a menace is collection (convention 15)
    ("计划是计划，7月15号少一分，你仓库的同事都会收到你的照片。", {"overdue_collection"}),
    ("首期8/20記得準時，別讓我們又要找你。", {"overdue_collection"}),
    # the workplace known, no one placed there (convention 5); "tomorrow again"; "see how you go out"
    ("林小姐，那筆3620今天要處理，妳在屏東那間藥局做收銀我們都曉得。", {"overdue_collection", "threat"}),
    ("死蠢，3900都唔還，聽日繼續", {"threat", "insult"}),
    ("欠錢不還還躲，明天再不繳我看妳怎麼出門。", {"overdue_collection", "threat"}),
    # the debt named as what is to be talked over
    ("我們同事現在在妳家樓下，妳要下來談那筆的款，還是我們按電鈴？", {"overdue_collection", "threat_home_visit"}),
    # 白目 is an insult, not a name
    ("白目欸，電話一直不接是怎樣？錢今天給我弄好。", {"overdue_collection"}),
])
def test_more_pressure_read(text: str, labels: set[str]) -> None:
    got = set(read_message(text, side="in", claimant_name="林美華").label_names)
    assert labels <= got and "possibly_misdirected" not in got, got


@pytest.mark.parametrize(("text", "visit"), [
    # the home-town family home described in one clause, the collectors going in another (convention 14)
    ("你老家那个老房子，你妈还住着呢吧？我们下午过去跟老太太聊聊你欠钱这事。", True),
    ("妳從小長大那間三合院，妳爸媽還住那邊吧？我們週末過去拜訪，講一下妳的欠款。", True),
    # waiting at the entrance of the person's village; delivering a letter in person
    ("報警？你報啦。聽朝我哋喺錦田村口等你返工。", True),
    ("寫信？得，我哋親自送上大澳你屋企。", True),
    # the parents' home in a town named before it, and a woman's natal home
    ("还了一部分就想拖？剩下的1762.40明天不到，后天我们去孝感你爸妈家里坐坐。", True),
    ("屏東東港恁老爸老母的厝，下晡我會去拜訪，順紲共in講你欠錢毋還的代誌", True),
    ("分期？尚欠5640加我們的處理費500，共6,140。不處理的話，週末我們去玉里妳娘家拜訪妳爸媽。", True),
    ("周末我们去你射阳娘家，你爸妈都在吧？欠款的事当着他们的面说说", True),
    # ... but a call to it, or the debtor's own home town, is no visit of the person's home
    ("你老家两个老人家忙得很，要不要我们打个电话过去跟他们讲一声？", False),
    ("钟明还是没还，不然我们只能去他老家找他爸妈了。", False),
])
def test_a_visit_to_the_home_town_family_home(text: str, visit: bool) -> None:
    assert ("threat_home_visit" in read_message(text, side="in").label_names) is visit


@pytest.mark.parametrize(("text", "visit"), [
    # "sm" for 上门 next to Chinese, but not inside a web address
    ("再不还明天sm", True),
    ("【某某借】老用户专享：借款利率7折券已到账，点击 sm.cn/7z 领取，退订回T", False),
    # a courier's or the post's delivery at the door, a friend picking the person up
    ("【某某速运】您的快递因地址不详无法上门派送，请点击链接补填地址。", False),
    ("晚上一起吃鼎泰豐？我七點下班去接妳", False),
    ("你工廠在大里那邊吧？下班時間幾點？我們去接你啊", True),
    # sitting in the person's shop all day
    ("今天不把那笔账搞掂，明天开始我天天坐你店里吃米线，一碗吃一天", True),
    # going to the workplace to find the boss is a visit, asking for the boss there by phone is not
    ("明天我们去你公司找你主管聊聊", True),
    ("再不还，我们就去你公司找你", True),
    ("聽日我哋就打去你做嘢嗰間茶餐廳搵你老細", False),
    # the workplace by what it is, the terminus as a meeting place; a call to it is none
    ("不打电话可以，周五见不到钱，我们就直接去你们酒店前台找你。", True),
    ("揸小巴嘅應該起咗身啦？總站見。", True),
    ("頭先打咗去你貨倉，你個supervisor話你今日放假", False),
    # a place named to meet at, someone at the back door, seen at the workplace or its terminus; seen
    # on the way (convention 19) or asked to the police station is no visit
    ("五一回农安不？我们也回，村口见", True),
    ("后门也有人，别费劲了😊", True),
    ("Hey deadbeat, how's the dental clinic today? Saw you at the reception desk at 2pm.", True),
    ("We're at the Tuen Mun minibus terminus right now. Which van is yours?", True),
    ("Saw you at the MTR exit in Tuen Mun at 7:40 this morning. Nice red scarf.", False),
    ("去吧戏精，派出所门口见，顺便认认你长什么样。", False),
    # the collectors' own light and their own people up at night are no presence at the person's door
    ("吴国栋，夜里十一点了，我们这屋灯还亮着，您那屋呢？", False),
    ("这个点还在果园守着？我们的人一样熬着。欠赣信的钱想好怎么还没有？", False),
    ("凌晨一点你屋灯还亮着，睡不着？", True),
])
def test_what_is_a_visit_and_what_only_looks_like_one(text: str, visit: bool) -> None:
    assert ("threat_home_visit" in read_message(text, side="in").label_names) is visit


@pytest.mark.parametrize("text", [
    # the debt named by its sum with a currency sign, or as a lender's "…的款", under a menace
    "收工行碼頭嗰邊返屋企好夜喎，一個女仔，小心啲。$1,560",
    "巷子裡那台白色機車是妳的吧？我們在樓下等一下，東昇的款今晚聊一聊",
])
def test_a_debt_named_by_its_sum_or_lender_under_a_menace_is_collection(text: str) -> None:
    assert "overdue_collection" in read_message(text, side="in").label_names


@pytest.mark.parametrize("text", [
    # an instalment of a plan pressed for under a menace (convention 15), named by its date
    "協議是協議，7/25彼期若無準時，阮會閣去攤仔看你。",
    "安排係安排，9月1號嗰期唔準時，我哋就去地盤搵你。",
    "计划归计划，15号那一期少一分，你老婆的幼儿园我们照样去。",
    "首期20號，差一天我們就直接去斗六找你阿嬤收",
    "协商了也得按日子来，断一期我这边直接报zx，你自己掂量",
    "方案歸方案，7/20彼期若慢一工，阮就閣去恁某的農會。",
])
def test_an_instalment_pressed_for_is_collection(text: str) -> None:
    assert "overdue_collection" in read_message(text, side="in").label_names


@pytest.mark.parametrize(("text", "collecting"), [
    # an exact sum in words under a menace names the debt
    ("七千四百八十，下禮拜三進前，無就閣去海產店揣你。", True),
    ("刚才电话里你说在忙，那我直接问你老公好了，他在浔阳路开货车的对吧？两千六百八，你们两口子商量下哪个来还", True),
    ("簡訊就簡訊。三千八百八十禮拜五無到，阮就寄批去你蘇澳的厝，予厝邊隔壁攏看著。", True),
    # ... a round count is no sum
    ("我们小区三千五百户，你家最显眼", False),
])
def test_an_exact_sum_in_words_under_a_menace_is_collection(text: str, collecting: bool) -> None:
    assert ("overdue_collection" in read_message(text, side="in").label_names) is collecting


@pytest.mark.parametrize(("text", "collecting"), [
    # the debt in English words (a balance, a payment, a default), the money by its word alone, not
    # being able to pay it
    ("TU will show this default for years. Good luck borrowing anything, ever, once we file it.", True),
    ("Tang, still waiting on the Ying Fu payment. Call me back before 6pm today, don't make me come round.", True),
    ("剛剛路過你店門口，鐵門拉一半，人在裡面吧？款的事出來講一下", True),
    ("沒路用的傢伙，連卡費都繳不出來，還敢封鎖我們。", True),
    # the person's file passed on, the promissory note they signed
    ("海豐已經將你個case交畀律師行，下個禮拜就去審裁處入紙告你", True),
    ("本票都在阮手頭，妳當初簽的，強制執行只是時間問題", True),
    # ... "还不出来" is "still not out"
    ("明早十点我们两个同事克你们云溪苑大门口守你，你要是还不出来那就只有上扪了。", False),
])
def test_the_debt_in_other_words_is_collection(text: str, collecting: bool) -> None:
    assert ("overdue_collection" in read_message(text, side="in").label_names) is collecting


@pytest.mark.parametrize("text", [
    # a day unpaid, a day chased; twenty calls a day; how the person will dare go out; asked at night
    # whether the debt lets them sleep
    "扮唔見？廢青一個，條數一日未清我哋一日跟到底。",
    "欠錢的人無資格講停，垃圾一個。7450這禮拜無清，一工打你二十通",
    "欠錢不還還躲，妳這種人真的很下賤，明天再不繳我看妳怎麼出門。",
    "暗眠摸矣，你閣睏會去？",
    "夜深了，欠的钱你心里踏实不？",
    # left to the person to think over, last; "wait and see" in Traditional (著, which opencc keeps)
    "廢柴一個，條數聽日再唔見，你自己諗",
    "靠北喔，又欠一家，那筆明天沒繳等著看",
])
def test_persistence_and_night_taunts_are_menaces(text: str) -> None:
    assert "threat" in read_message(text, side="in").label_names


@pytest.mark.parametrize(("text", "labels"), [
    # "我打给你…" is a call as often as a transfer: a collector calling the family is no relative
    # sending money, and "让你妈替你还" is the collector's, not the mother's
    ("彭建华，鑫禾这笔3420.5你打算拖到啥时候？电话不接是吧，那我打给你媳妇。",
     {"overdue_collection", "threat", "threat_third_party"}),
    ("欠钱不接电话？那我打你妈那边，衡阳乡下那个座机号我这里有。", {"overdue_collection", "threat", "threat_third_party"}),
    ("今天不结清，明天我们就去吴忠你娘家，让你妈替你还。", {"overdue_collection", "threat", "threat_third_party"}),
    # ... while someone close sending or paying still tells nothing
    ("我打了2000给你，先拿去还", set()),
    ("爸妈先帮你还了五千，别急", set()),
    ("我打了你电话三次，你不接，明天去你公司", {"threat", "threat_home_visit"}),
])
def test_a_call_to_the_family_is_no_relative_paying(text: str, labels: set[str]) -> None:
    got = set(read_message(text, side="in").label_names)
    assert labels <= got and (labels or not got), got


@pytest.mark.parametrize(("text", "third_party"), [
    # the regulator's name is no building's management committee; 個人資料 holds no HR (人資)
    ("【金融監督管理委員會】通知：台端已列入全國金融拒往戶，即日起各銀行帳戶將凍結，解除請洽專線0937-402-118", False),
    ("【反詐騙協調中心】提提你：切勿向自稱官員的來電者透露個人資料或轉賬，如有懷疑請致電18222。", False),
    # the building's committee and the company's HR are third parties
    ("再不還，我們就發函給你們大樓管理委員會，讓大家都知道。", True),
    ("今天下午我們會打給你公司人資，講一下你欠錢的事。", True),
    # the guard or the front desk telling the collectors at the door where the person is are told nothing
    ("妳住東區那棟大樓，我們人已經在樓下了，管理員說妳在家", False),
    ("我們同事現在在妳們民宿門口，櫃檯說妳在三樓整理房間，錢的事要下來講還是我們上去？", False),
    ("我哋喺你廠門口啦，保安話你唔得閒。4580加追收費300，今日要4880，落嚟傾。", False),
    ("我们跟保安说了你欠钱的事", True),
    ("刚在你们三号库门口转了一圈，保安说你上夜班，行，俺们晚上再来", False),
    # the collectors' own colleague is no colleague of the person's
    ("今天下午外访的同事到你楼下了，给你打电话不接，他会一直等。逾期的钱今天必须有个结果。", False),
    ("Anju，我係力行嘅同事，同德嗰筆9850而家喺我哋手。今日覆個電話，安排埋還款。", False),
])
def test_names_that_only_contain_a_third_partys(text: str, third_party: bool) -> None:
    assert ("threat_third_party" in read_message(text, side="in").label_names) is third_party


@pytest.mark.parametrize(("text", "label"), [
    # dares and scorn with harm in them, small sums becoming trouble, calls from new numbers without end
    ("个斑马，电话都不接，你有种莫出门", "threat"),
    ("报警？你去报撒，看警察管你还是管我们", "threat"),
    ("好言好语跟你讲了一个月，你当我们是吃素的？", "threat"),
    ("这点钱都要拖，你是不是不想在长安混了？", "threat"),
    ("你个臭不要脸的，早晚有你哭的时候", "threat"),
    ("今儿下午四点前见不到钱，后头的事你嫑怪额。", "threat"),
    ("姐你莫拉黑我，拉黑了我只有换号打，一天换十个号", "threat"),
    # the judge named as whom the person will answer to; an abbreviated curse
    ("借四千还是借六千八，到时候你跟法官说嘛。", "threat_legal_action"),
    ("nnd，还个钱这么难？", "insult"),
])
def test_menaces_said_as_dares_and_scorn(text: str, label: str) -> None:
    assert label in read_message(text, side="in").label_names


@pytest.mark.parametrize("text", [
    "周小姐，电话里说的3,200今天要处理，不要让我们一直打。",
    "黃先生，剛剛講好的4,150禮拜五以前要看到，不要讓我們一直打。",
])
def test_asking_not_to_have_to_keep_calling_is_no_threat(text: str) -> None:
    labels = read_message(text, side="in").label_names
    assert "overdue_collection" in labels and "threat" not in labels


def test_promising_to_keep_calling_is_a_threat() -> None:
    assert "threat" in read_message("不还是吧？那我们就天天打，打到你接为止。", side="in").label_names


@pytest.mark.parametrize("text", [
    "我们两个同事已经到你们厂门口了，门卫说你在仓库，3,400现在拿出来。",
    "俺们在恁单位传达室等了一上午，门卫说恁出车去了，2,800的事今天得有个了结。",
    "我们的人就在你小区北门保安亭旁边，钱的事下来当面说。",
])
def test_the_guard_at_the_gate_is_where_the_visit_is_not_who_is_told(text: str) -> None:
    # the guard saying where the person is, its booth; the collectors' own two colleagues: a visit,
    # no third party
    labels = read_message(text, side="in").label_names
    assert "threat_home_visit" in labels and "threat_third_party" not in labels


def test_the_guard_told_of_the_debt_is_a_third_party() -> None:
    labels = read_message("我们去你小区找保安，让他帮你宣传宣传欠钱的事。", side="in").label_names
    assert "threat_third_party" in labels


@pytest.mark.parametrize(("text", "third_party"), [
    # a summons posted to the person at their shop or works reaches the person (the writers 7 of 9)
    ("九千四百二十蚊唔還，我哋就去審裁處告你，到時傳票寄去你舖頭", False),
    ("5800块再不结清，法务部直接走起诉流程，到时候传票寄到你厂里", False),
    # ... the colleagues who will see it are told
    ("下礼拜律师函寄到你单位，到时候你同事都晓得。", True),
])
def test_a_summons_posted_to_the_workplace(text: str, third_party: bool) -> None:
    assert ("threat_third_party" in read_message(text, side="in").label_names) is third_party


@pytest.mark.parametrize("text", [
    "二（3）班的家长们：明天下午三点半放学，请准时到校门口接孩子，不要让孩子单独回家。",
    "爸，你今天能来接我不？我们下午四点就放学",
])
def test_the_schools_notice_and_a_childs_message_threaten_no_child(text: str) -> None:
    assert "threat_third_party" not in read_message(text, side="in").label_names


@pytest.mark.parametrize("text", [
    "阿彬，下个月房租2,300记得月初转我，水电另算哦",
    "朵朵爸爸，暑假班学费680元，这周五前交给我就行，谢谢！",
    "收到4100，下期2月15号，记得。",
])
def test_remember_or_hand_over_beside_a_sum_is_no_credit_threat_and_no_collection(text: str) -> None:
    assert "overdue_collection" not in read_message(text, side="in").label_names


def test_remembered_by_the_credit_record_is_still_a_credit_threat() -> None:
    labels = read_message("征信会一直记住你这笔2400的逾期", side="in").label_names
    assert "threat_credit_record" in labels and "overdue_collection" in labels


@pytest.mark.parametrize("text", [
    # a payment received, and the balance stated without asking
    "【某某分期】您的账户今日到账还款1500.00元，感谢。",
    "【某某財務】你嘅戶口今日收到還款HK$2,000，多謝。",
    "【某某財務】岑先生，閣下已繳付HK$1,000.00，尚欠HK$1,586.00。",
    # a lender saying it sent nobody and nothing is owed
    "【某某消费金融】温馨提示：本公司不会委托任何第三方以恐吓方式催收，如遇骚扰请拨打官方客服举报。",
    "【某某借】林先生，经核实您的账户已无欠款，第三方机构发送的信息与我司无关，请注意防范诈骗。",
    "【某某財務】鄧先生，我司從未委託任何第三方收取追收費，如有人以本司名義收款請即報警。",
])
def test_a_receipt_or_a_lenders_all_clear_collects_nothing(text: str) -> None:
    assert "overdue_collection" not in read_message(text, side="in").label_names


@pytest.mark.parametrize("text", [
    "我卡里转你1500先把这个还了，剩下的我们慢慢来，莫一个人闷着。",
    "第一期我幫你俾咗839.33，唔好再一個人頂，今晚去食糖水😘",
    "兄弟你要是手头紧给我说，五千我这还有，别去借那些网贷了。",
])
def test_money_given_by_someone_close_is_no_demand(text: str) -> None:
    assert "overdue_collection" not in read_message(text, side="in").label_names

"""Daily-life notices, someone close's own debts, and messages about another person's debt.

Each line was worded for this test (none is taken from a tuning or held-out set)."""

from __future__ import annotations

import pytest

from evidencekit.core.analysis.classify import read_message

THREATS = {"threat", "threat_third_party", "threat_home_visit", "threat_legal_action", "threat_credit_record"}

# (id, text, side, labels that must be there, labels that must not)
CASES = [
    # a courier's or a building's notice on letterhead: a pickup code is no sum, the gate is no visit
    ("parcel-code", "【极兔速递】您的包裹已到翠湖小区北门快递柜，取件码40317，请于48小时内取件。", "in", set(),
     THREATS | {"overdue_collection"}),
    ("parcel-signed", "【韵达快递】您的快件已签收，签收人：门卫。如有疑问请致电95546。", "in", set(), THREATS),
    ("building-water", "【丽景苑管理处】通知：本周四下午2时至5时食水暂停供应，请住户预先储水。", "in", set(), THREATS),
    ("building-leak", "【丽景苑物业】1802业主您好，您家厨房漏水已到楼下住户，请今晚在家配合维修师傅上门。", "in", set(),
     THREATS | {"overdue_collection"}),
    ("parcel-returned", "【申通快递】您的包裹因地址不详无法派送，请尽快更新地址，逾期退回。", "in", set(),
     THREATS | {"overdue_collection"}),
    ("customs-fee-en", "QuickShip: your parcel is held for unpaid customs duty of HK$16. Pay today at qs-hk.cc", "in", set(),
     {"overdue_collection"}),
    # a parcel scam that threatens the police keeps its threat
    ("parcel-police", "【速邮】您的包裹被海关查扣，请24小时内联系缉私科，否则移交公安机关处理。", "in",
     {"threat_legal_action"}, {"threat_home_visit"}),
    # someone coming round with nothing else said: a friend, a courier, a service call, strangers seen
    ("friend-drops-by", "晓燕，礼拜天我带两个娃去你家玩，顺便把上次借的烤箱还你。", "in", set(), THREATS),
    ("meter-reader", "【燃气公司】抄表员将于本周五上午上门抄表，请家中留人。", "in", set(), THREATS),
    ("rider-downstairs", "Foodpanda: your order is waiting downstairs at Wing Fat Mansion.", "in", set(), THREATS),
    ("strangers-seen", "晓燕，下午有两个男的在你家楼下站了好久，问我你几点回来，你小心点。", "in", set(), THREATS),
    # ... but a visit with a debt named stays a visit
    ("visit-with-debt", "晓燕，钱再不还，礼拜天我们就去你家坐坐。", "in", {"threat_home_visit", "overdue_collection"}, set()),
    # the workplace reached by phone: its boss told, nobody comes
    ("call-the-restaurant", "晓燕，三千二今日五点前搞掂，唔好逼我哋打去你返工嗰间茶餐厅搵你老细。", "in",
     {"threat_third_party"}, {"threat_home_visit"}),
    ("call-the-factory", "周晓燕，那笔4100今天处理，不然我们就打去东莞那间电子工厂找你们组长聊。", "in",
     {"threat_third_party"}, {"threat_home_visit"}),
    ("rent-plumber", "小周，这个月房租2100记得转我，周三有人来修热水器，家里留个人。", "in", set(),
     THREATS | {"overdue_collection"}),
    ("school-fee", "【红星小学】各位家长：校服每套160元，请于周四前扫班级收款码缴纳。", "in", set(),
     THREATS | {"overdue_collection"}),
    ("school-early", "【东湖中学】因暴雨预警，明天提前至14:30放学，请家长做好接送安排。", "in", set(), THREATS),
    ("village-notice", "【村委会通知】今年种粮补贴已发到一卡通，没收到的明早到村部核对。", "in", set(), THREATS),
    ("village-rubbish", "明早村部收今年的垃圾清运费，各户来人交一下。", "in", set(), {"insult"}),
    ("exam-87", "妈，我数学考了87，老师表扬我了", "in", set(), {"insult"}),
    ("app-maintenance", "【易借】APP系统将于今晚1:00-4:00维护，期间暂停还款服务，造成不便敬请见谅。", "in", set(),
     {"possibly_misdirected"}),
    ("wrong-phone-sorry", "【易借】系统误植联络电话，已更正，造成困扰敬请见谅。", "in", {"possibly_misdirected"}, set()),
    ("overdue-cleared", "【信达银行】您的信用卡已还款3200.00元，账户逾期状态已解除。", "in", set(), {"overdue_collection"}),
    ("pass-deadline", "各位员工注意：工牌下周起重新办理，逾期不办不能进厂。", "in", set(), {"overdue_collection"}),
    ("sister-sends", "姐，给你转了两千，先把房租交了", "in", set(), {"overdue_collection"}),
    # a collector's notice is read whatever daily-life word it borrows
    ("collector-parcel", "【速信催收】你的快件我们不送了，欠款3,200元今天不还，明天上门找你。", "in",
     {"overdue_collection", "threat_home_visit"}, set()),
    # an instalment late by days, or money not in by a deadline, is the debt pressed for
    ("late-instalment-yue", "死蠢，今期又遲三日，你想點呀？", "in", {"overdue_collection"}, set()),
    ("not-in-by", "明早九点前款不到，你就等着瞧。", "in", {"overdue_collection", "threat"}, set()),
    # someone close telling of a call or a knock for the person: a report, no label
    ("shop-took-call", "小燕，今天档口接了个电话说找你，口气好凶，你没事吧？", "in", set(), THREATS | {"overdue_collection"}),
    ("knock-yue", "阿玲，頭先有個後生仔上嚟拍門話搵你，我冇應。", "in", set(), THREATS),
    ("asked-at-gate", "小燕，今天有人在厂门口问你几点下班，门卫说不像客户，你自己小心点。", "in", set(),
     THREATS | {"overdue_collection"}),
    ("stranger-whatsapp", "BB，今日有個陌生人WhatsApp我，問我識唔識你，你冇事嘛？", "in", set(), THREATS),
    ("called-round", "又有人打到你舅舅店里去了，你舅问我家里是不是出了什么事。", "in", set(), THREATS),
    ("those-callers", "闺女，国庆回来吃饭不？那些打电话的我都不接了。", "in", set(), THREATS),
    # a collector's own words about "someone" are still its own
    ("collector-someone", "你楼下保安人挺好，我们给他留了名片，说有人欠钱要找你。", "in", {"threat_third_party"}, set()),
    # asking a relative where the debtor is tells no debt: meant for him, not a disclosure
    ("where-is-he", "喂，你就是王建军的老婆吧？他人跑哪去了？叫他回个电话。", "in", {"possibly_misdirected"}, {"threat_third_party"}),
    ("strangers-asking", "楼下王姨说有俩生人在单元门口转了一下午，是不是找你的？", "in", set(), THREATS),
    ("family-sends-money", "姐，这月生活费1200给你转过去了，别省着", "in", set(), THREATS | {"overdue_collection"}),
    # someone close paying a debt of their own
    ("sister-paid", "姐，花呗那个我还了1500，剩下的下个月还清，你别管了", "in", set(), {"overdue_collection"}),
    ("collector-pay-me", "这个钱今天必须给我还上，听到没有", "in", {"overdue_collection"}, set()),
    # asked only whether they know someone: meant for that person, nothing told
    ("ask-know", "打扰了，请问你认识陈建华吗？他填的就是这个号码。", "in", {"possibly_misdirected"}, THREATS),
    ("ask-know-debt", "你认识陈建华吗？他欠我们平台8000块不还。", "in", {"possibly_misdirected", "threat_third_party"}, set()),
    # the sender owning up to a wrong number
    ("lender-sorry", "【惠民贷】抱歉打扰，经核实该号码非当事人本人，已从联系名单中移除。", "in", {"possibly_misdirected"}, THREATS),
    ("lender-sorry-en", "Kowloon Credit: we apologise for the message sent to you in error.", "in", {"possibly_misdirected"}, THREATS),
    ("sorry-overdue", "【融易花】抱歉，因系统录入失误，向您发送了错误的逾期通知，请忽略。", "in", {"possibly_misdirected"},
     {"overdue_collection"} | THREATS),
    ("sorry-yue", "【信和財務】周小姐，早前誤發催款短訊至閣下手機，謹此致歉。", "in", {"possibly_misdirected"}, set()),
    ("sorry-en", "Apologies for the message sent in error. This number has been removed from our list.", "in",
     {"possibly_misdirected"}, set()),
    # a collector's familiar title after the surname is the person, not someone else
    ("title-dage", "周大哥，今天先还个三千，我这边好跟公司交代。", "in", {"overdue_collection"}, {"possibly_misdirected"}),
    ("thanks-sister", "谢谢芳姐！改天请你吃饭", "in", set(), {"possibly_misdirected"}),
    # the collector disbelieving a "not me" is still about someone else
    ("echo-leaves-number", "刘建明留的就是这个号，你说不认识谁信？", "in", {"possibly_misdirected"}, set()),
    ("echo-one-digit", "那你认识周海涛不？他登记的号跟你就差一位", "in", {"possibly_misdirected"}, set()),
    ("echo-cover-en", "If you keep covering for Wong, we will keep calling this number.", "in", {"possibly_misdirected"}, set()),
    # presence claimed by what only someone there sees (labelling convention 19)
    ("school-gate", "今日八點半喺明德小學門口，你個仔揹住個藍色書包，幾精神。", "in", {"threat_home_visit"}, set()),
    ("lane-end", "我們就在巷口，要不要下來聊聊？", "in", {"threat_home_visit"}, set()),
    ("asked-near-work", "我们已经在你们超市附近打听了一圈，大家都认识你。", "in", {"threat_home_visit"}, set()),
    ("next-time-come", "欠的钱你记着，下次来就不是这个态度了。", "in", {"threat_home_visit"}, set()),
    # a friend nearby is no visit, a call to the ward is no visit
    ("friend-nearby", "我喺你舖頭附近，得閒落嚟食個lunch？", "in", set(), THREATS),
    # the debt by its other names, and called in whole
    ("debt-by-card-yue", "你張卡嘅事拖咗成個月，今日要傾掂。", "in", {"overdue_collection"}, set()),
    ("debt-called-in", "【易分期】您的借款已触发提前到期条款，剩余全部本息4200.00元须一次性归还。", "in", {"overdue_collection"}, set()),
    ("past-due-date", "【花呗呗】周女士，您的借款已过还款日5天，请今日内完成还款。", "in", {"overdue_collection"}, set()),
    # the person's replies about someone else's debt
    ("reply-lost-touch", "王志强是我以前的同事，很久没联络了，他现在在哪我真的不知道", "out", {"possibly_misdirected"}, set()),
    ("reply-moved-en", "Mr Lee does not live here or use this number.", "out", {"possibly_misdirected"}, set()),
    ("reply-no-relation", "再讲一次，孙志刚跟我没得关系，别再发了", "out", {"possibly_misdirected"}, set()),
    ("reply-not-guarantor", "我从没当过他的保证人，你们别乱说", "out", {"possibly_misdirected"}, set()),
    ("reply-not-mine", "他是我表哥，他的钱我管不了，你们直接找他。", "out", {"possibly_misdirected"}, set()),
    ("reply-no-such", "这个号码没有刘建业这个人，请更新你们的资料。", "out", {"possibly_misdirected"}, set()),
    # to the debtor's relative, by kinship
    ("relative-cover", "你哥那笔6000你到底管不管？你先帮他垫上，剩下的我们找他。", "in", {"possibly_misdirected"}, set()),
    # the reader as the guarantor is no stranger to the debt
    ("guarantor", "你是他担保人，你哥那笔6000今天要还清。", "in", set(), {"possibly_misdirected"}),
    ("not-guarantor", "你哥那笔6000今天要还清，你跟他说。", "in", {"possibly_misdirected"}, set()),
    # notices that call someone else by name in the way they open: "请问是…吗", "尊敬的…用户", "…你别装了"
    ("asking-for-other", "请问是王丽华吗？您的汽车贷款已逾期两期，请尽快缴纳18,600元。", "in", {"possibly_misdirected"},
     {"overdue_collection"}),
    ("dear-other-user", "【云易贷】尊敬的张丽娟用户，您的账单今日到期，应还1,200.00元。", "in", {"possibly_misdirected"}, set()),
    ("calling-out-other", "刘志强你别装了，号码是你注册时亲自填的，逾期账单3241.60赶紧处理。", "in", {"possibly_misdirected"},
     {"overdue_collection"}),
    ("asking-for-her", "请问是周晓燕吗？您的借款已逾期，请尽快还款。", "in", {"overdue_collection"}, {"possibly_misdirected"}),
    # the person's replies that the debtor is someone else, in Cantonese and Mandarin
    ("reply-dont-know-hk", "我未結婚，唔識李志輝，你哋嘅資料錯晒。", "out", {"possibly_misdirected"}, set()),
    ("reply-not-close-hk", "我同李偉倫唔熟，佢填我做聯絡人我都唔知。", "out", {"possibly_misdirected"}, set()),
    ("reply-no-such-here", "这里没有张小龙，是你们登记错了号码。", "out", {"possibly_misdirected"}, set()),
    ("reply-his-own-loan", "周强的钱是他自己借的，我不会替他还。", "out", {"possibly_misdirected"}, set()),
    ("reply-former-owner", "这号早就不是王建国的了，他是之前的机主。", "out", {"possibly_misdirected"}, set()),
    ("reply-never-heard", "Never heard of Lee Ho Yin. Remove my number pls.", "out", {"possibly_misdirected"}, set()),
    # "不识好歹" is no "I don't know him"
    ("not-a-reply", "你别不识好歹，欠钱还钱", "out", set(), {"possibly_misdirected"}),
    # a call to the workplace is no visit to it; coming round "any time" is
    ("called-the-office-hk", "我哋已經打咗去你公司，同你同事黃小姐講咗你欠錢唔還。", "in", {"threat_third_party"},
     {"threat_home_visit"}),
    ("called-the-office", "已经打了电话去你公司，你领导都知道了。", "in", {"threat_third_party"}, {"threat_home_visit"}),
    ("any-time-hk", "我哋知道你住荃灣，隨時上嚟。", "in", {"threat_home_visit"}, set()),
    ("tell-all-hk", "再唔還就話晒畀你屋企人同公司知。", "in", {"threat_third_party"}, set()),
    # the sender owning up: a wrong contact noted, a number mis-entered, records updated
    ("ack-noted", "好的，已备注错误联系人，打扰了", "in", {"possibly_misdirected"}, set()),
    ("ack-misentered", "經查證為誤植電話，造成困擾深表歉意。", "in", {"possibly_misdirected"}, set()),
    ("ack-updated-hk", "【宏邦信貸】多謝通知，我哋會更新紀錄。", "in", {"possibly_misdirected"}, set()),
    ("ack-records-wrong", "不好意思，可能是资料录错了，打扰了。", "in", {"possibly_misdirected"}, set()),
    # the reader asked to pass it on, or asked who the debtor is to them
    ("see-him-tell-him", "302的罗小勇欠款5150元不还，你要是见到他，叫他赶紧联系我们", "in", {"possibly_misdirected"}, set()),
    ("pass-it-on-tw", "您的同事林志偉填寫您為聯絡人，目前欠款NT$18,000逾期中，麻煩轉達他盡快處理。", "in",
     {"possibly_misdirected"}, set()),
    ("who-is-he-to-you", "不可能，王建华登记的就是这个号码，你是他什么人？", "in", {"possibly_misdirected"}, set()),
    # ... but not when the reader is the one to be told
    ("tell-you-through-her", "你同事小林的電話我們也有了，剩下的錢再不繳，就請她幫忙轉告你。", "in", {"threat_third_party"},
     {"possibly_misdirected"}),
    ("relative-relays", "锦城花园物业的张经理人挺好，我跟他聊了几句你的情况，他说会帮忙转达。", "in", set(),
     {"possibly_misdirected"}),
    # the person's replies: a former colleague, someone else's loan, not knowing where she is
    ("reply-former-colleague", "赵海涛是我以前的同事，早就不联系了，别找我。", "out", {"possibly_misdirected"}, set()),
    ("reply-his-to-repay", "他借的钱他自己还，我不得管，你们再骚扰我，我就去投诉。", "out", {"possibly_misdirected"}, set()),
    # no visit threatened: a lender saying it sends nobody, a service call, a letter mailed home, the 里长's door
    ("bank-sends-nobody", "【海港銀行】何小姐，你嘅信用卡結欠已逾期，如有困難可致電本行商討還款安排。本行不會派員上門收數。", "in",
     set(), {"threat_home_visit", "threat"}),
    ("service-call", "陈女士您好，您预约的空调清洗师傅明天下午2点上门，请保持电话畅通。", "in", set(), {"threat_home_visit", "threat"}),
    ("letter-mailed-home", "寄了律师函到你户籍地址，家里人应该已经收到了吧", "in", {"threat_legal_action"}, {"threat_home_visit"}),
    ("visit-the-village-head", "三千六百二十八，這週日前沒處理，我們就去拜訪你們里長，請他幫忙關心一下", "in", {"threat_third_party"},
     {"threat_home_visit"}),
    # the person sought at their workplace in person tells no one there; their family sought there is told
    ("sought-at-work", "别让我们去你公司找你，真到那一步大家都不好看。", "in", {"threat_home_visit"}, {"threat_third_party"}),
    ("sought-at-the-shop-hk", "三千都好，但如果下禮拜見唔到錢，我哋兄弟會過嚟尖沙咀舖頭搵你。", "in", {"threat_home_visit"},
     {"threat_third_party"}),
    ("family-sought", "再不还钱我们就去找你家人聊聊。", "in", {"threat_third_party"}, set()),
    # collection as a topic: a call-blocking service, news, a regulator's acknowledgement
    ("blocking-service", "【中国移动】您已成功开通骚扰电话拦截服务，可拦截营销、催收类骚扰来电。", "in", set(), {"overdue_collection"}),
    ("complaint-logged", "【金融监管总局】您反映的“速盈钱包”催收问题已登记，编号JR2026112018374，我们将转相关机构核查。", "in",
     set(), {"overdue_collection"}),
    # a bank's receipt dated in its words is no collection
    ("receipt-on-a-day-tw", "【永信銀行】林怡君您好，本行已於115年11月13日14:02收到您信用卡繳款新臺幣5,000元，謝謝。", "in", set(),
     {"overdue_collection"}),
    ("reply-left-the-job", "她已經離職半年了，我不知道她現在在哪，請不要打來店裡", "out", {"possibly_misdirected"}, set()),
    # the debtor writing to the friend whose number he gave: no label (convention 23 of the labelling)
    ("debtor-writes", "表哥，对不住，我借钱的时候填了你的电话，要是有人打给你，你就说联系不上我", "in", set(),
     THREATS | {"overdue_collection", "possibly_misdirected"}),
    # someone close telling of the collectors as "they"
    ("they-posted", "他们把你欠钱的事发到我们家族群了，你快想想办法", "in", set(), THREATS | {"overdue_collection"}),
    # a sender taking a notice back; the person's replies in Minnan and calling a fraud a fraud
    ("number-deleted", "不好意思打扰了，已经删除了你的号码", "in", {"possibly_misdirected"}, set()),
    ("not-me-minnan", "恁揣毋著人矣，這支號碼毋是伊的", "out", {"possibly_misdirected"}, set()),
    ("reply-fraud", "你们这是骗子吧，法院哪会发这种短信", "out", {"insult"}, THREATS),
    # a regional kin word; a kin word before 妈的 is no curse
    ("kin-sichuan", "你堂客在哪个厂上班我们都晓得，要不要我们去找她聊聊", "in", {"threat_third_party"}, set()),
    ("mother-is-no-curse", "你也是当妈的人，孩子的学费要紧，先顾好家里", "in", set(), {"insult"}),
    # a sender owning up to a wrong number threatens nobody, though it names its colleagues
    ("number-range-mixup", "实在抱歉，是我们同事群发时弄错了号段，已经删掉您的号码", "in", {"possibly_misdirected"},
     THREATS | {"overdue_collection"}),
    ("contact-asked-to-tell", "您作为联络人，麻烦跟他带句话，欠的3200这周要处理", "in", {"possibly_misdirected"}, set()),
    # the person saying the debt is someone else's, in more words (lines worded for the test)
    ("own-borrowing", "钱是刘海波自个儿借的，你们找他去", "out", {"possibly_misdirected"}, set()),
    ("knows-nothing", "海波在外面做什么我们一概不知", "out", {"possibly_misdirected"}, set()),
    ("his-own-business", "Kevin's loans are his own problem, not mine.", "out", set(), set()),
    ("their-own-debt-en", "Kevin's debts are his own. Stop texting me.", "out", {"possibly_misdirected"}, set()),
    ("minnan-not-me", "我毋是林志成，恁揣毋著人矣", "out", {"possibly_misdirected"}, set()),
    ("number-given-away", "阿杰，你借钱填我号码？催收天天打给我，你自己快点处理", "out", {"possibly_misdirected"}, set()),
    # presence at the person's door or gate, said in other words
    ("letter-at-the-booth", "你楼下管理处我哋留咗封信俾你，记得去拎", "in", {"threat_home_visit"}, set()),
    ("banner-at-the-gate", "我们的横幅已经做好了，周六挂到你们村口", "in", {"threat_home_visit"}, set()),
    ("seen-at-work", "看你今天站在收银台后面忙得很嘛，钱的事想好没有", "in", {"threat_home_visit"}, set()),
    ("lights-in-the-block", "The lift on your floor is out again. Take care on the stairs tonight.", "in",
     {"threat_home_visit"}, set()),
    # no visit in a summons sent to the home, nor in a neighbour's note about a dripping air conditioner
    ("summons-posted-home", "材料都准备好了，传票会直接寄到你屋里", "in", set(), {"threat_home_visit"}),
    ("neighbour-aircon", "楼上的，你家空调外机一直滴水，麻烦处理一下", "in", set(), {"threat_home_visit"}),
]


@pytest.mark.parametrize(("text", "side", "present", "absent"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reading(text: str, side: str, present: set[str], absent: set[str]) -> None:
    labels = set(read_message(text, side=side, claimant_name="周晓燕").label_names)
    assert present <= labels, (present - labels, labels)
    assert not labels & absent, (labels & absent, labels)


@pytest.mark.parametrize("text", ["请问是赵磊的姐姐吗？你弟在我们这借了6200一直不还，人也联系不上，你们家里人管不管？",
                                  "您好，請問是吳建宏的家人嗎？他積欠本公司款項NT$18,000，請轉告他儘速處理。"])
def test_a_debt_told_to_a_relative_reaches_the_family_alone(text: str) -> None:
    # "contacts", a rule's default for a third party of unknown kind, gives way to the kin named
    assert read_message(text, side="in", claimant_name="周晓燕").who == ("family",)


def test_the_family_and_the_company_told_are_both_named() -> None:
    r = read_message("再唔還就話晒畀你屋企人同公司知。", side="in", claimant_name="陳嘉欣")
    assert {"family", "employer"} <= set(r.who)


@pytest.mark.parametrize("text", [
    "晓燕，今天有人打电话到你舅舅家，说你欠了网贷，你舅妈问我是怎么回事。",
    "曉燕，今仔日有一个查某人敲電話來厝裡，講妳欠錢毋還，到底是啥物代誌？",
    "晓燕，村里接到个什么公司的电话，说你欠钱，你自己注意点。",
    "阿燕，有個陌生account inbox我話你欠錢，你OK嗎？",
])
def test_someone_close_passing_on_that_somebody_says_the_person_owes(text: str) -> None:
    # a report of what strangers say, not the collector speaking: no collection, no threat
    labels = set(read_message(text, side="in", claimant_name="周晓燕").label_names)
    assert not labels & (THREATS | {"overdue_collection"}), labels


@pytest.mark.parametrize("text", [
    "周晓燕，我是派出所民警，有人报案说你借钱不还，明天来所里配合调查。",
    "你老板已经收到我们的函了，说你欠我们平台的钱，看他还敢不敢用你。",
])
def test_the_collectors_own_telling_is_no_report(text: str) -> None:
    assert "overdue_collection" in read_message(text, side="in", claimant_name="周晓燕").label_names


@pytest.mark.parametrize("text", [
    "【某某物流】各位同事：本月工资15日发放，有疑问联系人事部。",
    "管理處通告：近日有陌生人於大堂派單張，住戶如發現可疑人士請通知保安。",
    "燕姐，有個什麼銀行的打給我，說我是你的緊急聯絡人，我說我不知道喔。",
])
def test_someone_else_named_beside_reaching_with_nothing_else_said_is_no_threat(text: str) -> None:
    # a workplace or building notice, a report of the collectors' calls: no debt, no other threat
    labels = set(read_message(text, side="in", claimant_name="周晓燕").label_names)
    assert not labels & THREATS, labels


def test_the_family_reached_over_a_debt_is_still_a_threat() -> None:
    labels = set(read_message("你要是再不还钱，我们就打给你爸，让全家都知道。", side="in",
                              claimant_name="周晓燕").label_names)
    assert "threat_third_party" in labels


@pytest.mark.parametrize("text", [
    "晓燕，妈的降压药吃完了，你在广州买的那个牌子再寄两盒回来。",
    "生日快乐呀笨蛋🎂 今晚早点收工带我去吃烧烤",
    "【某某港客滚】周晓燕您好，您已购买8月2日船票，请提前60分钟到港安检。",
])
def test_an_insult_word_in_everyday_talk_is_no_insult(text: str) -> None:
    assert "insult" not in read_message(text, side="in", claimant_name="周晓燕").label_names


@pytest.mark.parametrize("text", ["废物，欠钱不还还有脸挂电话？", "仆街，電話都唔聽", "死老赖"])
def test_a_collectors_insult_stays_one(text: str) -> None:
    assert "insult" in read_message(text, side="in", claimant_name="周晓燕").label_names


@pytest.mark.parametrize("text", [
    "晓燕，这个月房租1600，水电另算，方便时转我就行。",
    "燕姐，上次拿的童装一共2380，月底前结就行，不急。",
])
def test_a_sum_asked_kindly_is_no_debt_pressed_for(text: str) -> None:
    # a landlord's or a supplier's bill, asked for as such people ask: no collection
    assert "overdue_collection" not in read_message(text, side="in", claimant_name="周晓燕").label_names


def test_a_collectors_bare_sum_still_collects() -> None:
    assert "overdue_collection" in read_message("1280，今天之内。", side="in", claimant_name="周晓燕").label_names

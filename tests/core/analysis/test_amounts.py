"""Amounts: found with their currency, given a role, totalled per lender and currency."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evidencekit.core.analysis.amounts import (
    Amount, AmountEntry, AmountRole, amounts_from_facts, assign_roles, find_amounts, format_amount, totals,
)
from evidencekit.core.analysis.classify import read_message
from evidencekit.core.analysis.figures import others_debt

# (id, text, [(shown, value, currency)])
FIND = [
    ("cny-sign", "欠款合计¥12,860元", [("¥12,860元", "12860", "CNY")]),
    ("hkd", "閣下本月供款HK$3,280將於15/12到期", [("HK$3,280", "3280", "HKD")]),
    ("twd", "應繳金額NT$8,420元", [("NT$8,420元", "8420", "TWD")]),
    ("wan-qian", "欠款共計3萬5千元", [("3萬5千元", "35000", "CNY")]),
    ("wan", "可借金额8万元", [("8万元", "80000", "CNY")]),
    ("spaced", "请立即还款 2 8 0 0 元。", [("2 8 0 0 元", "2800", "CNY")]),
    ("usd-word", "another 50美元", [("50美元", "50", "USD")]),
    ("bare-dollar", "pay $500 now", [("$500", "500", None)]),
    ("not-amounts", "逾期15天，尾号3381，利率0.02%", []),
    # written without a currency, right after Chinese words of money
    ("bare-after-words", "你还欠8,800，这笔1058.33今天处理，最低500", [("8,800", "8800", "CNY"), ("1058.33", "1058.33", "CNY"),
                                                          ("500", "500", "CNY")]),
    ("bare-w", "欠款1.2w今天处理", [("1.2w", "12000", "CNY")]),
    # bare sums asked about, to be handled or got ready, a penalty's total, thousands grouped
    ("bare-when", "周末愉快啊，1,860.30什么时候到？", [("1,860.30", "1860.30", "CNY")]),
    ("bare-handle", "电话不接没关系，2870今天一定要处理", [("2870", "2870", "CNY")]),
    ("bare-penalty", "加上违约金是2940，明天中午前不到账就打你单位", [("2940", "2940", "CNY")]),
    ("bare-grouped", "当面和你谈4,150的清偿方式", [("4,150", "4150", "CNY")]),
    ("bare-wan-tail", "还有3万2没还", [("3万2", "32000", "CNY")]),
    ("not-bare", "尾号8812的账户，合同编号20241108，第3千名", []),
    # "not a dollar short" is a figure of speech
    ("one-short", "那期少一塊錢，我們就再去坐坐。", []),
    # cents after the unit ("零五分": no jiao), and bare sums named by the instalment, the gathering, the rent
    ("cn-fen", "那笔两千三百块零五分还没到", [("两千三百块零五分", "2300.05", "CNY")]),
    ("digit-jiao", "你那958块6还挂着呢", [("958块6", "958.6", "CNY")]),
    ("bare-second", "月底前把第三笔2600打过来", [("2600", "2600", "CNY")]),
    ("bare-gathering", "3400我凑一下，周五给你回话", [("3400", "3400", "CNY")]),
    ("bare-rent", "这套月租2650，押一付三", [("2650", "2650", "CNY")]),
    ("not-bare-days", "还有3天就到期", []),
]


@pytest.mark.parametrize(("text", "want"), [c[1:] for c in FIND], ids=[c[0] for c in FIND])
def test_find_amounts(text: str, want: list[tuple[str, str, str | None]]) -> None:
    got = find_amounts(text)
    assert [(a.text, a.value, a.currency) for a in got] == [(s, Decimal(v), c) for s, v, c in want]
    for a in got:
        assert text[a.start:a.end] == a.text


def test_bare_dollar_takes_the_cases_currency() -> None:
    assert find_amounts("pay $500 now", dollar="HKD")[0].currency == "HKD"
    assert find_amounts("欠款3,000元", yuan="TWD")[0].currency == "TWD"


# (id, text, roles in order, from_claimant, others_debt)
ROLES = [
    # the person's own transfer, Cantonese or mainland, beside a promise for the rest: paid
    ("hk-transfer-done", "我尋日過咗HK$2,300俾你哋，其餘下個月再還", ["paid"], True, False),
    ("transfer-done-today", "我今天先汇1800到你们账户，剩下的下个月还", ["paid"], True, False),
    ("due", "本期应还金额1,286.50元，还款日为11月28日", ["demanded"], False, False),
    ("receipt-first", "您于11月20日还款1,000元已入账，剩余待还2,400元。", ["paid", "demanded"], False, False),
    ("receipt", "您已成功还款512.00元，当前借款已全部结清", ["paid"], False, False),
    ("offer", "恭喜您获得最高200000元借款额度", ["other"], False, False),
    ("reply-paid", "我上周已经还了3,000元，请查明", ["paid"], True, False),
    ("someone-elses", "王芳女士您好，您的信用卡已逾期45天，欠款7,650元", ["third_party_debt"], False, True),
    ("hkd-paid", "閣下已成功還款HK$1,200，多謝。", ["paid"], False, False),
    # a fee beside the principal is part of the debt; a fee alone is what is asked
    ("fee-inside", "您的借款本期应还3,150.00元（含逾期费50元），请尽快还款。", ["demanded", "other"], False, False),
    ("fee-beside", "您本期應繳NT$12,500已逾期（另計違約金NT$300），請儘速繳款。", ["demanded", "other"], False, False),
    ("fee-alone", "您需缴纳滞纳金50元", ["demanded"], False, False),
    ("fee-of-others", "张伟先生，您欠款8,800元（含逾期费300元），请尽快处理。", ["third_party_debt", "other"], False, True),
    # a promise of the rest does not undo the payment stated before it
    ("paid-then-promise", "我昨天已经还了1000元，剩下的下个月还。", ["paid"], True, False),
    ("paid-cantonese", "我琴日已經過數HK$1,500俾你哋，其餘下個月再還。", ["paid"], True, False),
    ("promise", "今个月先还HK$1,000，下个月再还", ["other"], True, False),
    ("paid-transfer-tw", "已轉帳2,000元到對方的繳款帳號，其餘下個月繳清。", ["paid"], True, False),
    # a receipt's words right before the sum, in the three languages and English
    # a receipt states the balance left and asks for nothing: the balance is other (convention 12; the
    # writers 51 to 18, the 18 mostly plans and asks); asked for ("請於5/10前繳清"), it is demanded
    ("receipt-tw", "【家樂分期】已收到您繳款新臺幣2,000元，尚欠NT$2,420。", ["paid", "other"], False, False),
    ("receipt-thanks-tw", "感謝您繳款新臺幣3,000元，剩餘應繳新臺幣1,310元。", ["paid", "demanded"], False, False),
    ("receipt-hk", "【信誠財務】已收到你嘅還款HK$1,500，尚欠HK$2,150。", ["paid", "other"], False, False),
    ("receipt-tw-remaining", "【康信資融】已收到您繳納的NT$2,000，尚餘NT$3,260，請於5/10前繳清。", ["paid", "demanded"], False, False),
    ("receipt-hk-paid-in", "【信誠財務】已收到你繳付嘅HK$2,500，尚欠HK$3,150。", ["paid", "other"], False, False),
    ("receipt-overdue-warned-tw", "【某某銀行】已收到您繳款NT$5,000，尚欠NT$4,230，逾期未清償部分仍將列入聯徵紀錄。",
     ["paid", "demanded"], False, False),
    ("receipt-en", "We have received your payment of HK$5,820.00. Thank you.", ["paid"], False, False),
    ("receipt-en-after", "Payment of HK$5,820.00 received with thanks.", ["paid"], False, False),
    ("receipt-en-thanks", "Thank you for your repayment of HK$2,000. Outstanding balance: HK$5,820.",
     ["paid", "demanded"], False, False),
    ("not-received", "我们尚未收到您的还款2,000元，请尽快处理。", ["demanded"], False, False),
    ("pay-now-en", "Please make payment of HK$5,000 by Friday.", ["demanded"], False, False),
    ("paid-off", "已经把剩下的2260元全部还清了，请核实。", ["paid"], True, False),
    # the parts of a total named after them, and a minimum beside the balance, are not demands
    ("parts-of-total", "家樂分期那筆NT$4,120加上違約金NT$300，今天一共要繳NT$4,420。", ["other", "other", "demanded"],
     False, False),
    ("parts-after-total", "应还2,341.15元，其中本金2,000元、利息341.15元。", ["demanded", "other", "other"], False, False),
    ("minimum", "您本月应还3,260.00元，最低还款326.00元，请按时还款。", ["demanded", "other"], False, False),
    ("minimum-en", "Your balance is HK$8,200.00, minimum payment HK$410.00, due 20 Jan.", ["demanded", "other"],
     False, False),
    ("minimum-alone", "请至少还最低还款额500元，否则上报征信。", ["demanded"], False, False),
    # somebody else's: their balance and minimum, their loan paid out, the debt the person says is not theirs
    ("others-minimum", "王建国先生，您本月应还3,260.00元，最低还款326.00元。", ["third_party_debt", "third_party_debt"],
     False, True),
    ("others-disbursed", "【云贷宝】王建国先生，您的借款8,000.00元已到账，请注意查收。", ["third_party_debt"], False, True),
    ("not-mine-reply", "我不是王建国，他欠你们的5000元跟我没关系。", ["third_party_debt"], True, True),
    ("that-sum", "孙晓燕，瑞丰那笔3260你打算拖到哪天？", ["demanded"], False, False),
    # a total that takes a charge in is the debt, not the charge
    ("total-with-fee", "受委托处理你的欠款，含催收服务费共2,860.50元，今天下班前处理掉。", ["demanded"], False, False),
    ("rest-with-fee", "收到你还的一部分，剩下的加上服务费共1,180.20，这周必须清。", ["demanded"], False, False),
    ("fee-included-after", "剩下的1,760.80元（含服务费）周五前到账。", ["demanded"], False, False),
    ("total-with-fee-yue", "加埋手續費而家係HK$3,980，再唔還就打去你公司。", ["demanded"], False, False),
    # the collector's receipt in words, the person's own payments however they say them
    ("received-in-words", "三千收到了，剩下连作业费NT$4,250，这礼拜处理完。", ["paid", "demanded"], False, False),
    ("paid-by-app", "已通过APP还款800.00元，剩下的月底前还清。", ["paid"], True, False),
    ("paid-fps", "已於今日經轉數快繳付HK$1,500.00，參考編號FPS123。", ["paid"], True, False),
    ("paid-yue", "啱啱用FPS還咗HK$1,200畀佢哋，其餘月尾前還。", ["paid"], True, False),
    ("borrowed", "我只借了5000，你们现在要我还8900，这个砍头息我不认。", ["other", "demanded"], True, False),
    ("transferred", "刚转了1000，剩下的下个月15号发工资再还。", ["paid"], True, False),
    ("asks-about-sum", "请问这笔2,350的构成能发我看一下吗？", ["demanded"], True, False),
    ("threshold", "恶意透支超过5万即可立案", ["other"], False, False),
    # a part payment the collector scorns is no record of it (the person's word and the receipt
    # are); a receipt in one word; paid by others
    ("scorned-question", "才三千？剩下的四千五月底前没看到就换个方式。", ["other", "demanded"], False, False),
    ("scorned-buy-off", "一千五就想打发我们？剩下2,700明天到账。", ["other", "demanded"], False, False),
    ("scorned-en", "2k is a start. Remaining 6.4k by Monday.", ["other", "demanded"], False, False),
    ("scorned-settled", "還兩千就當冇事？仲差HK$2,600連手續費。", ["other", "demanded"], False, False),
    ("scorned-done", "还了五百就完事了？剩下2120.50这周之内搞掂", ["other", "demanded"], False, False),
    ("scorned-thought", "剩下的1516.50啥时候给？别以为还了一千就完事了。", ["demanded", "other"], False, False),
    # (the sum that would end it is asked)
    ("done-when-paid", "今天还2000就完了，剩下的免了", ["demanded"], False, False),
    # the person's payment, said done where it was made, or to a lender named before the sum
    ("paid-in-app", "1000已经在安信达APP上还了，截图发你。", ["paid"], True, False),
    ("paid-at-shop", "2000已經在超商繳了。請不要再聯絡我媽媽", ["paid"], True, False),
    ("paid-fps-yue", "1500已經FPS過咗去盈信戶口。", ["paid"], True, False),
    ("paid-to-named", "我刚还了盛泰1000，剩下的我直接跟盛泰谈。", ["paid"], True, False),
    ("paid-lender-name", "已繳富林分期3,000元，剩下的下週繳清。", ["paid"], True, False),
    ("paid-sent-across", "八千匯過去了，明細LINE給你了，剩下的請跟公司確認分期", ["paid"], True, False),
    ("paid-first-done", "我今天先还1500，已经在APP里操作了。", ["paid"], True, False),
    ("paid-first-receipt-here", "今仔日先轉2,000予恆昌，收據截圖佇遮，賰的下個月才繳。", ["paid"], True, False),
    ("paid-after-payday", "今天发工资了 2150已经在APP上还了", ["paid"], True, False),
    # ... but a plan asked for, and a rent told, are not
    ("asks-instalments", "房租一千八百五，伢崽还要读书，能不能分几期", ["other"], True, False),
    # ... while a sum that would settle the debt, offered, is what to pay
    ("settles-offered", "公司批咗，一次過還HK$3,800就當清數，過咗今日就冇", ["demanded"], False, False),
    ("settles-offered-slang", "加埋遲還費，畀返兩撇就當搞掂今期", ["demanded"], False, False),
    # a first instalment the person says they paid first
    ("paid-first", "首期NT$2,117我先繳了，請查收", ["paid"], True, False),
    ("not-seen-yue", "今次真係最後通牒 聽朝十點前唔見到HK$2,650 就叫啲手足上嚟", ["demanded"], False, False),
    # a first part the collector asks now, a floor; someone close sending money is no demand
    ("first-part-hokkien", "今仔日先匯三千，賰的下禮拜，無就去楠梓恁宿舍門口等", ["demanded"], False, False),
    ("first-part-yue", "停？得，先入HK$2,000，其餘下個禮拜。", ["demanded"], False, False),
    ("first-part-collected", "阮遮今仔日先收3,000，無，阮下晡就照原計畫去店裡揣你。", ["demanded"], False, False),
    ("floor-hokkien", "一萬毋夠，上少兩萬，十月五號進前。", ["other", "demanded"], False, False),
    ("first-part-sent-to-you", "爸，我先匯兩萬給你，你先把鴻泰那邊處理掉", ["other"], False, False),
    ("first-part-plan-offered", "好，那妳今天先匯1500進來，剩下的我幫妳跟公司申請分期，這樣有誠意吧。", ["demanded"], False, False),
    ("scam-verification-fee", "您的50000元贷款已下款，由于您的征信分数不足，需先转888元验资，验资后款项秒到。", ["other", "other"],
     False, False),
    # the whole with a charge added in the clause before, and a plan's dated instalments
    ("total-after-charge", "剩下6350元加处理费500元，共6850元，中午前转过来", ["other", "other", "demanded"], False, False),
    ("plan-approved", "【椰林消费金融】您申请的还款计划已通过：6月20日还1,063.40元，7月20日还1,063.40元，共计2,126.80元。",
     ["demanded", "demanded", "demanded"], False, False),
    ("received-bare", "收到两千。还差1900，周五前补齐。", ["paid", "demanded"], False, False),
    ("paid-by-family", "余款1,250.00元已由家属代还，请出具结清证明。", ["paid"], True, False),
    ("settled-in-full", "尾款NT$8,200已全數繳清，請停止聯繫。", ["paid"], True, False),
    # "已经" between the rest and its settling: the rest is paid, not demanded
    ("rest-now-settled", "剩下的2,300已經繳清，請確認。", ["paid"], True, False),
    ("rest-now-repaid", "余下的1,480.60元已经还清了，请核实。", ["paid"], True, False),
    # bills, a scam's fee, an application received
    ("phone-bill", "【某某通信】您本月话费账单72.00元，已从账户余额扣除。", ["other"], False, False),
    ("fee-before-loan", "您的申請已核准，核貸金額NT$80,000，撥款前需先支付驗證費NT$2,000。", ["other", "other"], False, False),
    ("rest-with-fee", "才缴一半？剩下的加手续费NT$2,760，这礼拜没缴清就去找你们里长", ["demanded"], False, False),
    ("paid-then-promise", "今天先缴了NT$2,000给他们，剩下的下个月缴清。", ["paid"], True, False),
    ("still-unpaid", "【某某分期】郑小姐，您尚有NT$2,480未缴，请于11/20前完成缴款。", ["demanded"], False, False),
    ("application-received", "Your loan application for HKD 20,000 has been received and is under review.", ["other"], False, False),
    # the person's own word that a debt was settled on a day, with the sum: paid, not demanded
    ("settled-on-a-day", "本人已于11月18日向快易花结清全部借款3,860元，有还款凭证。请你们立即停止催收。", ["paid"], True, False),
    # a receipt naming what the payment settled before the sum
    ("settled-receipt", "【富民消费金融】冼先生，您已还清剩余欠款2,418.60元，借款已结清。", ["paid"], False, False),
    # a balance's instalments, approved: demanded on their dates
    ("balance-plan", "【鴻利分期】潘先生，您申請的尾款分期已核准：NT$3,260分2期，7/20繳NT$1,630、8/20繳NT$1,630。",
     ["other", "demanded", "demanded"], False, False),
    ("received-on-a-day-tw", "【永信銀行】林怡君您好，本行已於115年11月13日14:02收到您信用卡繳款新臺幣5,000元，謝謝。", ["paid"],
     False, False),
    ("settled-hant", "我已經於上週五向貴公司結清全部欠款NT$12,000，請勿再來電。", ["paid"], True, False),
]


@pytest.mark.parametrize(("text", "roles", "mine", "others"), [c[1:] for c in ROLES], ids=[c[0] for c in ROLES])
def test_roles(text: str, roles: list[str], mine: bool, others: bool) -> None:
    got = assign_roles(text, find_amounts(text), from_claimant=mine, others_debt=others)
    assert [r.role.value for r in got] == roles


def test_facts_from_another_parser_plug_in() -> None:
    text = "欠款合计¥12,860元，今天还¥12,860元"
    got = amounts_from_facts(text, [("12860.00 CNY", "¥12,860元"), ("12860.00 CNY", "¥12,860元")])
    assert [text[a.start:a.end] for a in got] == ["¥12,860元", "¥12,860元"]
    assert got[0].start == 4 and got[1].start == text.rindex("¥")
    assert got[0].value == Decimal("12860.00") and got[0].currency == "CNY"


def test_totals_never_mix_currencies_or_lenders() -> None:
    def e(v: str, cur: str | None, role: AmountRole, lender: str, ex: str) -> AmountEntry:
        from evidencekit.core.analysis.amounts import RoledAmount
        return AmountEntry(RoledAmount(Amount(Decimal(v), cur, v, 0, 0), role), lender, ex)

    got = totals([
        e("3560", "CNY", AmountRole.DEMANDED, "安逸花", "3"), e("3560", "CNY", AmountRole.DEMANDED, "安逸花", "4"),
        e("3280", "HKD", AmountRole.DEMANDED, "安逸花", "5"), e("500", "CNY", AmountRole.PAID, "安逸花", "6"),
        e("700", "CNY", AmountRole.PAID, "安逸花", "7"), e("12860", "CNY", AmountRole.DEMANDED, "众安", "8"),
    ])
    rows = {(t.lender, t.currency, t.role.value): (t.largest, t.sum, t.count, t.exhibits) for t in got}
    assert rows[("安逸花", "CNY", "demanded")] == (Decimal(3560), Decimal(7120), 2, ("3", "4"))
    assert rows[("安逸花", "HKD", "demanded")] == (Decimal(3280), Decimal(3280), 1, ("5",))
    assert rows[("安逸花", "CNY", "paid")][1] == Decimal(1200)
    assert rows[("众安", "CNY", "demanded")][0] == Decimal(12860)


@pytest.mark.parametrize(("value", "cur", "want"), [
    ("3280", "HKD", "HK$3,280.00"), ("8420", "TWD", "NT$8,420"), ("12860", "CNY", "¥12,860.00"),
    ("500", None, "500.00 (?)"),
])
def test_format_amount(value: str, cur: str | None, want: str) -> None:
    assert format_amount(Decimal(value), cur) == want


@pytest.mark.parametrize(("text", "want"), [
    # a bare number pressed for, before or after the words that press
    ("1260今天不到账你试试", ["1260"]), ("你那2800到底还不还？", ["2800"]), ("今晚把2680还了", ["2680"]),
    ("喂 你在我们平台的借款逾期了 3200 赶紧还", ["3200"]),
    # rough sums and figures of speech are no amounts (the labelling records exact amounts only)
    ("还个几千块要死要活的", []), ("这两千多块值不值", []), ("你老公欠了3万多", []), ("以後借唔到一蚊", []),
    # numbers that are not money stay out
    ("单元门在5栋2单元，三点前回电", []), ("逾期15天了", []),
    # a bare number that is a clause of its own, in a message about money
    ("周女士，4200，今晚十点前。", ["4200"]), ("5100，今天。", ["5100"]), ("欠的钱你替他还了就完事，9,300。", ["9300"]),
    # ... but not a code, nor a number in a message about nothing owed
    ("还款验证码，482913，五分钟内有效。", []), ("你好，1208，是你的房间吗？", []),
    # a bare number named as money by what follows it
    ("3300已经转了，你查一下", ["3300"]), ("6200的账今天必须清", ["6200"]), ("2,450 outstanding, pay by Friday", ["2450"]),
    ("尾号5521的账户今天有变动", []),
    # what follows can also say it is no money, wherever the number stands
    ("最低2000个人都看到了", []),
    # capital numerals, 零 inside, cents in words, a sum written twice
    ("应还金额贰仟零柒拾元伍角整，请今日还清", ["2070.5"]), ("还欠四千零八十块三毛五，今晚给", ["4080.35"]),
    ("未还款项柒佰伍拾元，即日处理", ["750"]), ("仲差九百蚊五毫，聽日還", ["900.5"]),
    ("欠款陆仟元整（6000.00），请今日还清", ["6000"]), ("打一百个电话给你", []), ("欠了两三百块而已", []),
    # full-width digits and letters read for digits inside a number
    ("欠款￥４，６２０．５０，今天还", ["4620.50"]), ("逾期金额¥5,O7l.00请今日还清", ["5071.00"]), ("出差10Oct回来", []),
    # a sum with cents, and a bare sum pressed for, in a message about money
    ("3315.40 今天下午到账，逾期的事就算了", ["3315.40"]), ("7260再不还，后果自负", ["7260"]),
    ("好借贷6150今天必须处理", ["6150"]), ("验证码 4418.20 请勿泄露", []),
])
def test_bare_and_rough_sums(text: str, want: list[str]) -> None:
    assert [str(a.value) for a in find_amounts(text)] == want


@pytest.mark.parametrize(("text", "role"), [
    # Cantonese and English collection with no cue beside the sum: demanded
    ("何小姐，你上個月嗰期HK$2,860仲未收到，今個禮拜入咗佢就得。", "demanded"),
    ("Hi, your instalment HK$3,480 is five days late, please settle.", "demanded"),
    # bills, scams' fees and pay are not a loan's debt
    ("【自来水】您户号2018xxxx本期水费46.20元，请于12月15日前缴纳。", "other"),
    ("您的贷款已审批通过，需缴纳解冻保证金3000元才能放款。", "other"),
])
def test_roles_without_a_cue_of_their_own(text: str, role: str) -> None:
    (r,) = assign_roles(text, find_amounts(text, dollar="HKD"))
    assert r.role.value == role


@pytest.mark.parametrize(("text", "role"), [
    # the message names someone else as the debtor: the reading says so, and the sum is theirs
    ("你是刘强的妹妹吧？他在我们平台欠了4300，麻烦转告他。", "third_party_debt"),
    ("贵司员工李明欠我司9000元，请协助通知本人。", "third_party_debt"),
    ("你哥在我们这借了2万，现在联系不上，你看着办。", "third_party_debt"),
    # ... but the person's own debt stays theirs, whoever reports it or is shown it
    ("你老公说你欠了我们5200元，今天处理。", "demanded"),
    ("贵司员工赵静欠我司9000元，请协助通知本人。", "demanded"),
])
def test_someone_elses_debt_as_the_case_reads_it(text: str, role: str) -> None:
    reading = read_message(text, side="in", claimant_name="赵静")
    (r,) = assign_roles(text, find_amounts(text), others_debt=others_debt(reading))
    assert r.role.value == role


# (text, roles in order, from_claimant): receipts and account entries, sums named as something else,
# demands without a debt word of their own, and the person's offers
BY_THE_WORDS = [
    # a dated entry of the person's repayment is a payment; a date followed by 前 is a deadline
    ("您于3月2日 09:15还款880.00元，感谢使用。", ["paid"], False),
    ("请您于3月2日前还款880.00元。", ["demanded"], False),
    ("请于3月9日向安家贷还款880.00元。", ["demanded"], False),
    ("您尾号1234的账户3月2日向安家贷还款1,500.00元，余额2,046.30元。", ["paid", "other"], False),
    ("您已成功向“富民借”还款1,300.00元。", ["paid"], False),
    ("收到你转的800元了，谢谢配合。", ["paid"], False),
    ("閣下於6月1日繳付之HK$3,100.00已收妥。", ["paid"], False),
    # a loan that arrived is no payment, nor is a fee taken off it
    ("您的6000元借款已到账，请查收。", ["other"], False),
    ("到账金额7,760.00元（已扣除手续费240.00元）。", ["other", "other"], False),
    # the longer name beats the bare "金额" as near the sum
    ("您的申请已核准，拨款金额NT$80,000，将于今日汇入。", ["other"], False),
    ("订单异常，退款金额120元，请联系客服。", ["other"], False),
    # a charge named right after the sum is that charge, whatever verb asks for it
    ("您的贷款已审批，需先支付800元解冻金才能提现。", ["other"], False),
    ("Pay a HKD 900 handling fee to receive the funds.", ["other"], False),
    ("你嘅郵件未能派送，請於今日內繳付HK$15手續費。", ["other"], False),
    # "把…还了" from the collector is an order, not a payment
    ("今晚十点前把4500还了，别逼我们。", ["demanded"], False),
    ("先把那五千还了吧，大家都省心", ["demanded"], False),
    ("你已经把1000转过来了，还差2000。", ["paid", "demanded"], False),
    # what is left to pay, a sum that must arrive
    ("收到你还的300了，剩下的2200月底前转完。", ["paid", "demanded"], False),
    ("就剩900了，别为这点事闹大。", ["demanded"], False),
    ("那1800今晚不到账，明天见。", ["demanded"], False),
    ("We are instructed to recover HK$9,000 from you.", ["demanded"], False),
    ("請即繳付港幣$7,500以免被起訴。", ["demanded"], False),
    # no cue beside the sum, but a deadline, the credit record or a visit held over the person
    ("三千六都凑不出来？今晚不转你自己看着办", ["demanded"], False),
    ("HKD 3,900. Tonight. Last chance.", ["demanded"], False),
    ("为了八百块把征信弄花，你觉得划算吗", ["demanded"], False),
    # ... but not in an offer or an approval, even one that names "还款" as its terms
    ("【好借】恭喜！5万元借款已审批通过，今天就能用。", ["other"], False),
    ("【某银行】你的信用卡可即时套现高达$30,000，分12期还款。", ["other"], False),
    # the person offering or promising what they will pay
    ("我今晚把1200还上，别再打电话了。", ["other"], True),
    ("只还本金6000，别的不认。", ["other"], True),
    # a payment acknowledged by a bare sum, or said to be made in an app; the last payment of a
    # settled loan
    ("2600收到了，剩下900月底前结清。", ["paid", "demanded"], False),
    ("800已經入咗數，條數清晒。", ["paid"], True),
    ("剩余920.50已在APP还清", ["paid"], True),
    ("【某某財務】你嘅貸款已全數清還（最後還款HK$1,150），多謝。", ["paid"], False),
    # an agreed plan's balance and instalments are demanded; a new loan's instalments are its terms
    ("【某某財務】你嘅分期還款安排已確認：餘額HK$4,200.00分6期，每期HK$700.00，首期10月30日。", ["demanded", "demanded"], False),
    ("【某某貸】您的借款NT$80,000已撥款至您指定帳戶，首期繳款日為4月15日，每期NT$3,900。", ["other", "other"], False),
    ("【某银行】信用卡余额12,000元可分12期，每期手续费18.40元。", ["other", "other"], False),
    # ... but a due date passed is no payment
    ("你借嘅HK$6,000已經過咗還款日三日，請盡快還返。", ["demanded"], False),
    # a collector's own charge is no sum of the lender's debt, alone or beside it; the total it
    # makes is (convention 24)
    ("分期係快通嘅事，我哋嗰$450追收費幾時俾？", ["other"], False),
    ("我们这边的处理费200你还没转，明天不转厂门口见", ["other"], False),
    ("而家連追收費一共HK$3,080，今日過數就冇事", ["demanded"], False),
    # the person's transfer named ("已转", "FPS咗"), a part paid first and said done, what is left
    ("已转1000元到粤信还款账户，其余月底还。", ["paid"], True),
    ("我頭先FPS咗HK$2,000俾盛峰，其餘出糧再還。", ["paid"], True),
    ("我先还1000，已经在APP里还了，剩下的我要分期", ["paid"], True),
    ("今仔日先繳NT$3,000，收據附上。", ["paid"], True),
    ("我這個禮拜五先繳2000，其他的月底前。", ["other"], True),
    ("已转3000 截图发你了 剩下1380.6下礼拜一", ["paid", "other"], True),
    ("剩下的864.20刚还清了，以后别再打电话给我", ["paid"], True),
    # the collector acknowledging a sum, missing one, or asking for a first part
    ("2000有看到，剩3870這禮拜內要繳清。", ["paid", "demanded"], False),
    ("3720仲未見到。你阿媽住大埔富亨邨吖嘛", ["demanded"], False),
    ("蘇小姐，頭期先繳NT$2,000，今仔日五點前。", ["demanded"], False),
    # (the balance beside the charge and the total is a part of the total: convention 24)
    ("尚欠3240加追收費480，總數3720。唔還就打俾你判頭", ["other", "other", "demanded"], False),
    # a bare sum pressed for by what follows it, in Cantonese, Wu and Hokkien as in Putonghua
    ("縮頭龜，2790都唔還，仲扮收唔到電話", ["demanded"], False),
    ("5130一日未清，我哋一日照打", ["demanded"], False),
    ("1930.5礼拜三前勿还，阿拉就去侬单位", ["demanded"], False),
    ("3370這週不結清，就報聯徵", ["demanded"], False),
    ("648.3少一分都不行", ["demanded"], False),
    ("8120一蚊都唔少得", ["demanded"], False),
    ("老赖，4460都赖着不还", ["demanded"], False),
    ("2150若拖過月底，就交法務", ["demanded"], False),
    # a receipt with the payment's day or name between "已收到你" and the sum, or the sum right after it
    ("【某某財務】已收到你8月3日還款HK$1,730，尚欠HK$2,410。", ["paid", "other"], False),
    ("【某某財務】已收妥你HK$2,600還款，多謝。", ["paid"], False),
    ("【某某分期】已收到您第2期繳款NT$1,480，下期繳款日9/15。", ["paid"], False),
    ("收到你2200。仲差1800，聽日唔清就上你公司", ["paid", "demanded"], False),
    # the person's part paid first ("已先繳"), handed in at the office ("交咗")
    ("已先繳NT$2,500，剩下的月底前繳清。", ["paid"], True),
    ("琴日喺佢哋寫字樓交咗HK$3,500，收據喺度", ["paid"], True),
    # ... but a payment the person will make later is other until paid (convention 16)
    ("一千二我下午五点前转，别再打我公司电话", ["other"], True),
    ("我聽日三點前入$2,300，唔好再搵我屋企人", ["other"], True),
    ("三千我下晡會去郵局匯，拜託莫閣敲矣", ["other"], True),
    ("已经转了一千二，别再打我公司电话", ["paid"], True),
    # bare sums pressed for: an instalment by its number, a floor, a time to pay by, a sum found too
    # little, "when will it be settled"
    ("协商归协商，第二期1,530晚一天我们就打你单位", ["demanded"], False),
    ("800不够，最少1800，不然照样找你家里", ["other", "demanded"], False),
    ("2640今日三點前過數，唔好再拖", ["demanded"], False),
    ("2210下礼拜前没缴，我们就上报", ["demanded"], False),
    ("1375.6啥时候清？", ["demanded"], False),
    ("今晚唔還都得，3980聽日唔搞掂就上你公司", ["demanded"], False),
    # the person's part paid into the account ("入咗"), a receipt in Traditional script ("已入帳")
    ("我已經入咗2500去你哋戶口，其餘月尾再還", ["paid"], True),
    ("【某某融資】您第3期款項NT$2,480已入帳，感謝您。", ["paid"], False),
    # ... but pay or a loan reaching the person's account is no repayment
    ("【某某物流】11月份薪資NT$41,200已入帳，明細請至系統查詢。", ["other"], False),
    # a sum ordered brought ("先把…拿来")
    ("协商也得先把1860拿来，别以为说说就没事", ["demanded"], False),
    # the rest with the collector's fee on it is the debt; "幾時" is when, not "-odd"; a receipt
    # "已收閣下還款", the balance to clear; the sum agreed, asked after
    ("一千顶啥用，剩下的连处理费2426.40，明天再不到账就上门", ["demanded", "demanded"], False),
    ("收咗檔未？4,760幾時搞掂？", ["demanded"], False),
    ("【某某財務】已收閣下還款HK$2,000.00，請盡快清還餘額HK$2,800.00。", ["paid", "demanded"], False),
    ("陈姐，上个月说好的2000呢？人呢？", ["demanded"], False),
    # a debit the lender takes on its date is what the person is to pay; an insurance premium and a
    # utility bill are not a loan's
    ("【某某分期】您的分期第3期1,056.33元将于明日自动扣款，请确保账户余额充足。", ["demanded"], False),
    ("【某某人壽】您的保單第3期保費NT$12,300將於3/20自動扣款。", ["other"], False),
    ("【某某電力】您的電費帳單NT$1,126將於1/22自動扣繳。", ["other"], False),
    # a sum pressed for by a threat with no debt word, a court's paper over it
    ("三千六百二十八，這週日前沒處理，我們就去拜訪你們里長。", ["demanded"], False),
    ("【某某法院执行局】你名下有执行案件，执行标的1,446.90元，请三日内履行。", ["demanded"], False),
    # a plan agreed in other words, and its instalments
    ("【某某花】谭女士，您的分期协商申请已通过：第1期1600.00元，还款日11月15日；第2期1600.00元，还款日11月30日。", ["demanded", "demanded"], False),
    # ... but a new loan's instalments are its terms (convention 24)
    ("【某某分期】您的機車分期申請已核准，核貸金額NT$68,000，分36期，每期NT$2,290。", ["other", "other"], False),
    # a bill, a parcel's duty: no loan's; a minimum beside the balance is not the demand
    ("HK Electric: Your bill of HKD 412.30 is ready. Please pay by 20 Dec.", ["other"], False),
    ("Hongkong Post: your parcel is on hold due to unpaid duty of HK$18.50. Pay now.", ["other"], False),
    ("【某某银行】本月账单金额642.30元，最低可还64.23元。", ["demanded", "other"], False),
    # someone who owes, speaking for themself, promises: other until paid (convention 16)
    ("追收費我唔會俾，本身嗰筆我認，我可以每個月還1000。", ["other"], False),
    # a plan negotiated and done: its instalments on their dates (convention 15)
    ("【某某分期】您好，分期協商已完成：3/5、4/5各繳1,620元。", ["demanded"], False),
]


@pytest.mark.parametrize(("text", "value"), [
    # Cantonese slang for exact sums (convention 22): 撇 a thousand, 舊水 / 嚿水 a hundred
    ("今日入3撇先，其餘遲啲再傾", 3000),
    ("今晚收檔前入兩撇先", 2000),
    ("今晚之前過三十舊水先", 3000),
])
def test_cantonese_slang_sums_are_exact(text: str, value: int) -> None:
    assert [a.value for a in find_amounts(text, dollar="HKD")] == [value]


def test_a_stroke_of_a_character_is_no_thousand() -> None:
    assert not find_amounts("一撇一捺都寫唔好", dollar="HKD")


@pytest.mark.parametrize(("text", "roles", "mine"), BY_THE_WORDS, ids=[c[0][:12] for c in BY_THE_WORDS])
def test_receipts_named_sums_and_demands_without_a_debt_word(text: str, roles: list[str], mine: bool) -> None:
    got = assign_roles(text, find_amounts(text, dollar="HKD"), from_claimant=mine)
    assert [r.role.value for r in got] == roles


@pytest.mark.parametrize(("text", "roles"), [
    # a loan paid in or approved, a voucher: other
    ("【好運財務】你嘅貸款已批出，HK$18,000已轉入你嘅戶口。", ["other"]),
    ("Your HKD 20,000 loan is approved. Pay a HKD 600 admin fee first.", ["other", "other"]),
    ("你有一张30元还款优惠券即将到期，快来使用", ["other"]),
    # the account of the sum, a claim, a bare minimum asked for: demanded
    ("5200的账你打算什么时候处理？", ["demanded"]),
    ("最低900，先把这个数交了。", ["demanded"]),
    ("通知：你被申索港幣$6,200。", ["demanded"]),
])
def test_named_by_the_words_beside_it(text: str, roles: list[str]) -> None:
    got = assign_roles(text, find_amounts(text, dollar="HKD"))
    assert [r.role.value for r in got] == roles


@pytest.mark.parametrize(("text", "roles"), [
    # a collector's own charge added to the debt, and the total: the charge is a part of it
    ("蘇小姐，禾豐剩餘帳款加上本公司處理費NT$500，合計NT$2,360，今天繳清就結案。", ["other", "demanded"]),
    ("麥小姐，餘數另加追收費HK$400，今個禮拜內清還HK$3,050就完事。", ["other", "demanded"]),
    # an instalment named, pressed without a unit or a debt word
    ("分期是分期，首期818.60晚一天，我们就去你老家。", ["demanded"]),
    # ... but not an advert's "as low as"
    ("月供低至300元，轻松分期！", ["other"]),
    # a plan's instalments add up to its balance: each is still to be paid on its date
    ("根据您的申请，剩余欠款2,218.40元分2期偿还：9月25日应还1,109.20元，10月25日应还1,109.20元。",
     ["demanded", "demanded", "demanded"]),
    # ... while a total's parts are parts
    ("应还2,341.15元，其中本金2,000元、利息341.15元。", ["demanded", "other", "other"]),
    # a new loan paid out names its first instalment: its terms, nothing owed yet (convention 24)
    ("【某某花】您尾号3306的银行卡已到账5,000.00元，首期还款日为11月20日，应还893.40元。", ["other", "other"]),
    # ... but a repayment that reached the lender, and the rest asked for, is a debt
    ("【某某消费金融】郭女士，您本次还款1000.00元已到账，剩余应还1380.50元，请按时还款。", ["paid", "demanded"]),
])
def test_fee_components_and_instalments(text: str, roles: list[str]) -> None:
    got = assign_roles(text, find_amounts(text, yuan="CNY", dollar="HKD"))
    assert [r.role.value for r in got] == roles


def test_the_instalment_due_first() -> None:
    from evidencekit.core.analysis.amounts import due_first

    plan = "剩余2,218.60元分3期，首期818.60元于2月20日前还款，后两期每期700.00元。"
    first = due_first(plan, assign_roles(plan, find_amounts(plan)))
    assert first is not None and first.amount.text == "818.60元"
    demand = "您的借款已逾期，应还3,200.00元，其中逾期费50.00元。"
    assert due_first(demand, assign_roles(demand, find_amounts(demand))) is None



def test_a_receipt_in_the_form_received_from_you_is_a_payment() -> None:
    # "已收閣下HK$1,190": received from you, the sum named right after
    text = "【信和財務】已收閣下HK$1,190，多謝。下期還款日為6月15日。"
    roles = [(str(r.amount.value), r.role) for r in assign_roles(text, find_amounts(text, dollar="HKD"))]
    assert roles[0] == ("1190", AmountRole.PAID)


def test_a_transfer_pressed_for_in_the_collectors_words_is_a_sum() -> None:
    # "今天先打1000": send 1,000 today; "打110" is a call, not a sum
    text = "月底？不行。今天先打1000，剩下的下周一之前结清。"
    assert [(str(r.amount.value), r.role) for r in assign_roles(text, find_amounts(text))] == [("1000", AmountRole.DEMANDED)]
    assert find_amounts("有事打110报警") == []


@pytest.mark.parametrize(("text", "roles"), [
    # a sum the collector turns down is neither asked for nor paid; the one it asks instead is
    ("一千不够，今晚至少两千，不然明天见", ["other", "demanded"]),
    ("一千五唔夠，聽日中午前再入二千", ["other", "demanded"]),
    # a part payment scorned is no record of it
    ("匯兩千就叫我們別打？剩下的今天匯", ["other"]),
    # an agency's own fee before the total it makes, and a total said as "即係"
    ("【冠群資產】郭先生，您的帳款加計委外作業費NT$500，應繳總額NT$6,980，請於今日17時前匯款。", ["other", "demanded"]),
    ("餘額HK$2,850加手續費HK$600，即係HK$3,450，今日清", ["other", "other", "demanded"]),
    # a payment called too small is what was paid; the full sum to be paid by a day is asked
    ("【宏昌資產】陳小姐，妳只繳3,000元沒有用，全額27,400元仍須於12/5前繳清。", ["paid", "demanded"]),
    ("才还了800就不接电话？剩下的4200元须于周五前付清", ["paid", "demanded"]),
    # the person's payment as the collector names it: paid, not asked
    ("王磊，你还的1500元不算数，今天必须结清全部9,300元", ["paid", "demanded"]),
    # a plan agreed for what is owed: each instalment by its date is to be paid
    ("【全盈分期】鄭小姐您好，您的協商分期已成立：7/25繳NT$1,800，8/25繳NT$1,740，請依約繳款。", ["demanded", "demanded"]),
])
def test_sums_turned_down_scorned_totalled_and_planned(text: str, roles: list[str]) -> None:
    got = assign_roles(text, find_amounts(text, yuan="CNY", dollar="HKD"))
    assert [r.role.value for r in got] == roles


def test_man_is_the_regions_yuan() -> None:
    """蚊 is said for yuan in Guangdong's Cantonese as for dollars in Hong Kong (heldout52's case 1:
    "一千蚊今朝已经喺APP过咗数" in a mainland case was listed as HK$1,000 paid)."""
    from evidencekit.core.analysis.amounts import find_amounts

    assert [(a.value, a.currency) for a in find_amounts("一千蚊今朝已经过咗数", yuan="CNY")] == [(Decimal("1000"), "CNY")]
    assert [(a.value, a.currency) for a in find_amounts("一千蚊今朝已经过咗数", yuan="HKD", dollar="HKD")] == [
        (Decimal("1000"), "HKD")]


@pytest.mark.parametrize(("text", "values", "roles"), [
    # bare sums as collectors write them beside what they want done with them
    ("停？你说停就停？2680不清掉，明天就报人行征信", ["2680"], ["demanded"]),
    ("欠錢的人無資格講停。7450這禮拜無清，一工打你二十通", ["7450"], ["demanded"]),
    ("停？你講停就停？7040今個禮拜唔清，我哋日日打到你診所", ["7040"], ["demanded"]),
    ("偉哥，富臨條數4150，今日搞掂佢啦，唔好逼我哋。", ["4150"], ["demanded"]),
    ("下午五点额们的人在你们厂大门外头候着你下班，2350带上。", ["2350"], ["demanded"]),
    ("電話不接？6240加違約金480，總共6720，中午前沒入帳，我們就打給你太太。", ["6240", "480", "6720"],
     ["other", "other", "demanded"]),
    # ... to be dealt with or brought out today (Minnan 今仔日), sent just now
    ("你店裡那台機車猶未修好喔？阮就坐佇對面的檳榔攤。8250今仔日處理。", ["8250"], ["demanded"]),
    ("門口停銀色車那間就是你家吧？我們就在外面，6480今天拿出來", ["6480"], ["demanded"]),
    # a sum with its cents called out as a clause of its own is what the collector wants
    ("接电话！3240.60，躲是躲不脱的。", ["3240.60"], ["demanded"]),
    ("⏳还有三个钟头。455.03。侬自家看着办。", ["455.03"], ["demanded"]),
    # the person's transfer said done
    ("3000已經FPS過咗數，餘數月尾還。", ["3000"], ["paid"]),
    ("790頭先入咗，請查收", ["790"], ["paid"]),
    # ... but a price a relative or a school tells is no sum asked for, nor a sum scorned
    ("朵朵的补课费交了，一千二，你那边工钱到底发了么？", ["1200"], ["other"]),
    ("小宇阿嬤您好，本週五校外教學，費用350元請讓小宇帶來學校，謝謝。", ["350"], ["other"]),
])
def test_bare_sums_beside_what_is_to_be_done_with_them(text: str, values: list[str], roles: list[str]) -> None:
    from_claimant = text.startswith(("3000", "790"))
    got = assign_roles(text, find_amounts(text, yuan="CNY", dollar="HKD"), from_claimant=from_claimant)
    assert [r.amount.value for r in got] == [Decimal(v) for v in values]
    assert [r.role.value for r in got] == roles

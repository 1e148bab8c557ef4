"""Message texts for generated screenshots: real texts from public SMS corpora, and collection
messages written from templates.

Real texts (verbatim; a Traditional thread shows them converted with OpenCC ``s2twp``):

- ``FRAUD_SMS``: from the repository stlin256/FraudSMS_RAG_Shield, file
  ``fraud_sms_dataset.json`` (commit 186b1bfafcaebbf4823c1516a912943f2ffc0ac7), licensed
  GPL-3.0 (stated in its README): ordinary SMS (正常短信) and loan-scam, fake-court and
  fake-customer-service texts (贷款诈骗, 冒充公检法, 冒充客服), the kind of message a person keeping
  collection evidence also receives.
- ``ENGLISH_SMS``: from the SMS Spam Collection v.1 (Almeida and Gómez Hidalgo, UCI Machine
  Learning Repository, CC BY 4.0), as copied in the repository hamzaaacodes/sms-spam-collection,
  file ``SMSSpamCollection`` (commit f3e73e1e74e6330b62d1ee1983bba2a063184c26): ordinary
  ("ham") messages, for threads that mix Chinese and English.

No public corpus with a licence we can use holds real debt-collection SMS; those are written
from the templates in ``COLLECTION`` (modelled on the reminders, overdue notices and threats
described in the project's domain notes), filled with varied institutions, amounts written with
every separator and currency style, dates, numbers and links.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SOURCES = {
    "fraud-sms": {"repository": "stlin256/FraudSMS_RAG_Shield", "path": "fraud_sms_dataset.json",
                  "commit": "186b1bfafcaebbf4823c1516a912943f2ffc0ac7", "licence": "GPL-3.0"},
    "sms-spam-collection": {"repository": "hamzaaacodes/sms-spam-collection", "path": "SMSSpamCollection",
                            "commit": "f3e73e1e74e6330b62d1ee1983bba2a063184c26",
                            "licence": "CC BY 4.0 (SMS Spam Collection v.1, UCI)"},
    "templates": {"repository": "EvidenceKit", "path": "samples/phonegen/corpus.py", "licence": "AGPL-3.0-or-later"},
}

#: Ordinary texts (正常短信), verbatim.
ORDINARY = [
    "明天上午10点部门会议，请准时参加。", "您的外卖已送达，请及时取餐。", "周末聚会定在老地方，记得带点零食。",
    "公司体检安排在下周三，请提前准备。", "您的电费账单已出，请按时缴纳。", "小张，明天是你生日，别忘了请客哦！",
    "您的会员积分本月底到期，请尽快兑换。", "天气变冷，注意多穿衣服。", "您的车辆保险下个月到期，请提前续保。",
    "公司新规定已发布，请查看邮箱。", "您的银行卡本月消费已超限，请留意。", "明天有客户来访，请准备好资料。",
    "您的燃气费余额不足，请及时充值。", "公司团建定在下周六，请确认是否参加。", "您的信用卡还款日临近，请按时还款。",
    "明天是公司周年庆，下午2点开始。", "您的手机流量本月已用尽，请充值。", "新同事入职培训安排在下周二。",
    "您的驾驶证即将到期，请尽快换证。", "周末有雨，出行记得带伞。",
]

#: Loan-scam, fake-court and fake-service texts, verbatim (their placeholder links and numbers included).
SCAM = [
    "【法院通知】您因债务纠纷被起诉，点击链接查看：http://fakeurl.com",
    "【检察院】您的身份信息涉嫌犯罪，请回电配合调查：010-98765432",
    "【人民法院】您的财产被查封，请点击查看详情：http://fakeurl.com",
    "【法院通知】您有一份紧急传票，请点击领取：http://fakeurl.com",
    "【法院通知】您的账户因诉讼被冻结，请点击解冻：http://fakeurl.com",
    "【贷款中心】恭喜您获10万低息贷款，点击申请：http://fakeurl.com",
    "【金融服务】急用钱？5分钟放款，利率仅0.2%，电话：400-123-4567",
    "【信贷中心】无需抵押，最高贷50万，电话：400-987-6543",
    "【金融公司】月息0.5%，名额有限，电话：400-555-6666",
    "【贷款中心】您的额度提升至30万，点击申请：http://fakeurl.com",
    "【信贷服务】无前期费用，快速放款，电话：400-777-8888",
    "【贷款平台】您的贷款已审核通过，联系客服：400-999-0000",
    "【信贷公司】无需征信即可贷款，电话：400-111-2222",
    "【贷款中心】信用额度提升，可贷20万，电话：400-555-6666",
    "【银行通知】您的信用卡被盗刷，请速冻结，电话：400-987-6543",
    "【银行客服】信用卡账单已出，点击查看：http://fakeurl.com",
    "【电信运营商】您的手机欠费，请点击充值：http://fakeurl.com",
    "【银行通知】账户异常交易被冻结，请立即点击http://fakeurl.com输入信息解冻",
]

#: English ordinary messages ("ham"), verbatim.
ENGLISH = [
    "Sorry, I'll call later in meeting.", "I'm leaving my house now...", "K, text me when you're on the way",
    "Ok i am on the way to home hi hi", "What time you coming down later?", "U still going to the mall?",
    "Haha awesome, be there in a minute", "Sounds great! Are you home now?", "Ok no prob. Take ur time.",
    "I cant pick the phone right now. Pls send a message", "Cool, text me when you're parked",
    "Awesome, I'll see you in a bit", "Where are the garage keys? They aren't on the bookshelf",
    "I accidentally deleted the message. Resend please.", "No problem. How are you doing?",
    "Let me know when you've got the money so carlos can make the call",
    "Please don't text me anymore. I have nothing else to say.",
    "Any chance you might have had with me evaporated as soon as you violated my privacy by stealing my phone "
    "number from your employer's paperwork. Not cool at all. Please do not contact me again or I will report you "
    "to your supervisor.",
]

#: Replies the phone's owner sends (short ones included: one character is a message too).
REPLIES = [
    "好", "嗯", "OK", "收到", "好的，我今天下午处理。", "我已经还清了，请核实。", "请不要再打电话给我的家人。",
    "你们这样骚扰我的家人是违法的，我会去投诉。", "我不是{name}，你们发错人了，请停止发送。", "明天处理",
    "这个号码是我本人的，我没有在你们平台借过钱。", "请问怎么申请延期还款？", "已还款，请查收。", "我会向12378投诉。",
]

INSTITUTIONS = ["招联金融", "安逸花", "众安金融", "360借条", "平安普惠", "微众银行", "马上消费金融", "中邮消费金融",
                "兴业消费金融", "捷信金融", "分期乐", "你我贷", "宜人贷", "拍拍贷", "度小满金融", "京东金条", "鑫源小额贷款"]
TW_INSTITUTIONS = ["玉山銀行", "中國信託", "富邦金控", "國泰世華", "台新銀行", "和潤企業", "裕融企業"]
HK_INSTITUTIONS = ["WeLab Bank", "安信信貸", "邦民日本財務", "亞洲聯合財務"]
NAMES = ["李明", "张伟", "王芳", "刘洋", "陈静", "杨磊", "赵军", "黄丽", "周强", "吴敏", "李建国", "王女士", "陈先生"]

COLLECTION = [
    "【{inst}】尊敬的{name}，您的借款已逾期{days}天，应还金额{amt}，请于{md}前还款，逾期将影响您的个人征信。客服{phone}",
    "{name}你好，你在{inst}的欠款{amt}已严重逾期，今天{hour}点前不处理，我们将联系你的家人和单位同事。",
    "【{inst}】您尾号{tail}的账户本期应还{amt}，还款日为{md}，请保持账户余额充足。详询{phone}，退订回T",
    "法务部通知：你的案件已准备起诉材料，{md}前未结清{amt}将向法院提起诉讼，后果自负。",
    "再不还款我们明天安排人员上门走访，核实你的居住地址和工作单位。",
    "【{inst}】您的借款{amt}已放款至尾号{tail}的银行卡，请注意查收。",
    "【{inst}】恭喜您获得最高{amt}借款额度，日息低至0.02%，戳 {url} 立即领取，拒收请回复R",
    "催收专员提醒：你的欠款{amt}已逾期{days}天，请立即致电{phone}协商还款，否则逾期记录将上报征信系统。",
    "【{inst}】{name}，您的欠款仍未处理，我司将通知您的紧急联系人协助还款。",
    "你的通讯录联系人我们都已经整理好了，{hour}点前还不上{amt}就一个一个打电话。",
    "【{inst}】您本期账单{amt}已逾期，登录 {url} 查看还款方式，如已还款请忽略。",
    "这是最后一次通知，拒不还款我们将把你的欠款信息发给你的亲友。",
    "【{inst}】温馨提示：您的借款将于{md}到期，应还{amt}，请按时还款。",
]

SHORT_URLS = ["t.cn/A6x9k", "u.360jt.example/a8K", "https://m.zhaolian.example/bill", "dwz.cn/Kp3Lq"]
LONG_URLS = ["https://m.repay-center.example/loan/repay/detail?order=88392017&token=ab12cd34ef56",
             "https://h5.finance-app.example/activity/limit-up/index.html?channel=sms&uid=20261119",
             "http://www.debt-notice.example/case/2026/11/notice-3381.html"]


@dataclass(frozen=True)
class Text:
    """A message text and where it came from (a key of :data:`SOURCES`)."""

    text: str
    source: str
    kind: str  # collection, scam, ordinary, english, reply


def amount(rng: random.Random, region: str) -> str:
    """A money amount written as phones and lenders write it, in the region's currency."""
    cents = rng.random() < 0.6
    value = rng.choice([rng.randint(80, 999), rng.randint(1000, 99999), rng.randint(100000, 500000)])
    frac = f"{rng.randint(0, 99):02d}" if cents else ""
    grouped = f"{value:,}"
    plain = str(value)
    style = rng.choice(["grouped", "grouped", "plain"])
    num = (grouped if style == "grouped" else plain) + ("." + frac if frac else "")
    if region == "tw":
        return rng.choice([f"NT${num}元", f"NT${num}", f"{num}元"])
    if region == "hk":
        return rng.choice([f"HK${num}", f"{num}港元"])
    return rng.choice([f"{num}元", f"¥{num}", f"￥{num}元", f"人民币{num}元"])


def phone(rng: random.Random, region: str) -> str:
    if region == "tw":
        return rng.choice(["02-2182-1313", "0800-024-365", "(02)2745-8080", "0912-345-678"])
    if region == "hk":
        return rng.choice(["2218 8888", "3188 2233", "+852 2111 2222"])
    return rng.choice(["400-820-8820", "4008-123-456", "95511", "95786", "021-5403 3388", "13800138000",
                       "17123456789"])


def collection_text(rng: random.Random, region: str, *, long_url: bool = False) -> str:
    inst = rng.choice(TW_INSTITUTIONS if region == "tw" else HK_INSTITUTIONS if region == "hk" else INSTITUTIONS)
    tmpl = rng.choice(COLLECTION)
    if long_url and "{url}" not in tmpl:
        tmpl = rng.choice([t for t in COLLECTION if "{url}" in t])
    return tmpl.format(
        inst=inst, name=rng.choice(NAMES), days=rng.randint(1, 120), amt=amount(rng, region),
        md=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日", phone=phone(rng, region), hour=rng.randint(6, 21),
        tail=f"{rng.randint(0, 9999):04d}", url=rng.choice(LONG_URLS if long_url else SHORT_URLS))


def pick(rng: random.Random, kind: str, region: str, *, long_url: bool = False) -> Text:
    """A text of ``kind`` (collection, scam, ordinary, english, reply)."""
    if kind == "collection":
        return Text(collection_text(rng, region, long_url=long_url), "templates", kind)
    if kind == "scam":
        return Text(rng.choice(SCAM), "fraud-sms", kind)
    if kind == "ordinary":
        return Text(rng.choice(ORDINARY), "fraud-sms", kind)
    if kind == "english":
        return Text(rng.choice(ENGLISH), "sms-spam-collection", kind)
    return Text(rng.choice(REPLIES).format(name=rng.choice(NAMES)), "templates", kind)


def to_traditional(text: str) -> str:
    """A text as a Taiwanese phone shows it (OpenCC s2twp: Taiwan characters and words)."""
    import opencc

    return str(opencc.OpenCC("s2twp").convert(text))

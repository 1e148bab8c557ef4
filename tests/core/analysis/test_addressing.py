"""Who a message is addressed to: names in Chinese (masked too) and in English, compared with a
claimant known by one name or two."""

from __future__ import annotations

import pytest

from evidencekit.core.analysis.addressing import named_people, others_named, same_person

# (id, text, claimant, the names found that cannot be the claimant)
CASES = [
    ("zh-other", "【快易借】张海峰先生，您的借款4,850.00元已逾期", "孙晓燕", ["张海峰"]),
    ("zh-self-surname", "孙女士，您的借款已逾期", "孙晓燕", []),
    ("tw-masked-other", "【台鑫銀行】陳○宏先生您好，您的信用卡帳款已逾期", "蔡佩珊", ["陳○宏"]),
    ("tw-masked-self", "【台鑫銀行】蔡○珊小姐您好", "蔡佩珊", []),
    # "陳生" is Mr Chan in Cantonese: a title, not a given name
    ("hk-sang", "陳生，富盈財務委託我哋追收你條數HK$4,800", "陳家豪", []),
    ("en-title-other", "Harbourview Bank: Dear Mr Wong Chi Keung, your card is overdue.", "梁詠詩", ["Wong Chi Keung"]),
    ("en-caps-other", "Dear CHAN TAI MAN, your account is overdue.", "何家豪", ["CHAN TAI MAN"]),
    ("en-self-surname", "Dear Mr Ho, please settle HK$2,000.", "何家豪", []),
    ("en-self-latin-name", "Dear Mr Ho Ka Ho, please settle HK$2,000.", "何家豪 / Ho Ka Ho", []),
    ("en-other-latin-name", "Dear Ms Chan, please settle HK$2,000.", "何家豪 / Ho Ka Ho", ["Chan"]),
    ("en-generic", "Dear Valued Customer, your payment is due.", "梁詠詩", []),
    # "范姐早": the familiar word with a greeting run on is the surname, not a given name
    ("zh-familiar-greeting", "范姐早，那笔3468.20今天能安排吗？", "范丽娟", []),
    ("zh-familiar-other", "王姐早，那笔3468.20今天能安排吗？", "范丽娟", ["王姐早"]),
    # a job title on the surname, and forms built on the given name, are the claimant
    ("zh-job-title-self", "邓医生，分期那笔钱这周能处理吗？", "邓秋萍", []),
    ("zh-job-title-other", "龙医生，分期那笔钱这周能处理吗？", "邓秋萍", ["龙"]),
    ("zh-given-name-self", "秋萍，那笔钱这周能处理吗？", "邓秋萍", []),
    ("tw-given-name-brother", "志豪兄，下禮拜三來廟口呷飯。", "簡志豪", []),
    ("tw-san", "簡桑，車貸彼筆是按怎？", "簡志豪", []),
    ("tw-a-given", "阿豪，車貸彼筆是按怎？", "簡志豪", []),
    ("tw-given-name-other", "文德兄，下禮拜三來廟口呷飯。", "游文雄", ["文德"]),
    # a term of respect and an insult used as address are no names
    ("tw-ojisan", "歐吉桑，你的車停佇市場口。", "簡志豪", []),
    ("zh-insult-address", "孙贼，那一千二还不还？", "邓秋萍", []),
    # a court's paper names its defendant (review9 #6: a forged summons for the number's previous owner)
    ("zh-defendant-other", "【某区人民法院】传票：被告黄志坚拖欠借款12,860.40元，限期到庭。", "叶慧敏", ["黄志坚"]),
    # surnames the list lacked (苗, 冉), a name called with 客户 after it
    ("zh-near-name-other", "【某银行】尊敬的苗志钢先生，您的信用卡已逾期。", "苗志刚", ["苗志钢"]),
    ("zh-ran-other", "冉晓川先生，您的借款已逾期18天。", "冉晓东", ["冉晓川"]),
    ("zh-customer-other", "【某农商银行】马玉福客户：您的贷款已逾期。", "马玉兰", ["马玉福"]),
    ("zh-savings-no-name", "储蓄卡，余额不足。", "苗志刚", []),
    ("zh-defendant-self", "【某区人民法院】传票：被告叶慧敏拖欠借款12,860.40元，限期到庭。", "叶慧敏", []),
    # a small-claims paper: the claimant's label (申索人) is no name; its respondent (答辯人) is named
    ("hk-claimant-label", "【小額錢債審裁處】申索人：信達財務有限公司；答辯人：施美玲。申索款額HK$8,360。", "施美玲", []),
    ("hk-respondent-other", "【小額錢債審裁處】申索人：信達財務有限公司；答辯人：施美玲。申索款額HK$8,360。", "施美珍", ["施美玲"]),
]


@pytest.mark.parametrize(("text", "claimant", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_others_named(text: str, claimant: str, want: list[str]) -> None:
    assert [m.name for m in others_named(text, claimant)] == want


def test_a_claimant_known_by_two_names_is_either() -> None:
    assert same_person("何家豪", "何家豪 / Ho Ka Ho") and same_person("何", "何家豪 / Ho Ka Ho")
    assert not same_person("张伟", "何家豪 / Ho Ka Ho")


def test_a_surname_whose_spellings_are_not_known_may_be_anyone() -> None:
    assert same_person("Smith", "禤家豪")  # 禤 is not in the table: it cannot tell


def test_a_latin_name_with_other_given_names_is_someone_else() -> None:
    # "Dear Mr TANG Chi Wing" on Tang Chi Ming's phone: the surname alone would fit, the given
    # names do not (as 黄怡珍 is not 黄怡蓁)
    claimant = "鄧志明 / Tang Chi Ming"
    assert not same_person("TANG Chi Wing", claimant)
    assert same_person("Tang Chi Ming", claimant) and same_person("TANG", claimant) and same_person("Tang Chi", claimant)
    named = others_named("Dear Mr TANG Chi Wing, your card ending 3391 is 35 days overdue.", claimant)
    assert [m.name for m in named] == ["TANG Chi Wing"]


def test_a_married_name_the_case_gives_is_the_claimants_own() -> None:
    from evidencekit.core.analysis.addressing import claimant_forms
    from evidencekit.core.analysis.classify import read_message
    from evidencekit.core.models import CaseMeta

    plain = CaseMeta("t", "梁詠詩")
    married = CaseMeta("t", "梁詠詩", claimant_other_names=("何太", "Mrs Ho"))
    assert claimant_forms(plain) == "梁詠詩" and claimant_forms(married) == "梁詠詩 / 何太 / Mrs Ho"
    for text in ("何太，你好，你嘅貸款已逾期，請盡快還款HK$3,200。", "Dear Mrs Ho, your loan is overdue. Please repay HK$3,200."):
        # a married title names the husband's surname: with none given, another one is no one else's
        # (Mrs Ho may be 梁詠詩), whereas "Mr Ho" cannot be her
        r = read_message(text, side="in", claimant_name=claimant_forms(plain))
        assert "possibly_misdirected" not in r.label_names and "overdue_collection" in r.label_names
        r = read_message(text, side="in", claimant_name=claimant_forms(married))
        assert "possibly_misdirected" not in r.label_names and "overdue_collection" in r.label_names
    # once her married name is given, another married name is someone else's
    for text in ("陳太，你好，你嘅貸款已逾期，請盡快還款HK$3,200。", "Dear Mrs Chan, your loan is overdue. Please repay HK$3,200."):
        assert "possibly_misdirected" in read_message(text, side="in", claimant_name=claimant_forms(married)).label_names
    assert "possibly_misdirected" in read_message("何先生，你好，你嘅貸款已逾期，請盡快還款HK$3,200。", side="in",
                                                  claimant_name=claimant_forms(plain)).label_names
    # her own surname alone is still hers, in either script; another surname is still someone else
    assert same_person("Leung", claimant_forms(married)) and same_person("梁", claimant_forms(married))
    assert not same_person("Chan", claimant_forms(married)) and not same_person("陳", claimant_forms(married))
    # a Latin name written out in full is still compared given name by given name
    assert not same_person("TANG Chi Wing", "鄧志明 / Tang Chi Ming / Mr Tang")


def test_two_traditional_names_that_one_simplified_form_joins_are_two_people() -> None:
    from evidencekit.core.analysis.addressing import same_person

    # 傑 and 杰 are two characters in Traditional script and one in Simplified
    assert not same_person("黃俊杰", "黃俊傑")
    assert same_person("黄俊杰", "黃俊傑")  # written in Simplified: it may be hers
    assert same_person("黃俊傑", "黃俊傑") and same_person("黃", "黃俊傑")


def test_a_surname_and_its_title_before_the_debt_is_no_three_character_name() -> None:
    # "鄧小姐欠款…": Miss Tang owes, not someone called 鄧小姐; hers when the claimant is a Tang
    text = "【某某追收】鄧小姐欠款HK$2,800，另加追收費HK$350，合共HK$3,150，請今日清還。"
    assert "鄧小姐" not in [m.name for m in named_people(text)]
    assert not others_named(text, "鄧嘉慧 / Tang Ka Wai")
    assert others_named(text, "李明")


@pytest.mark.parametrize(("text", "claimant", "other"), [
    # surnames fewer people carry are surnames too: a notice for 甄立华 is not 甄立军's
    ("【某某银行】甄立华先生，您的贷款本息4580.00元已逾期，请尽快归还。", "甄立军", "甄立华"),
    ("區小姐，你張卡嘅欠款HK$6,840今個禮拜要清。", "李明", "區"),
    ("粘秀梅小姐，本公司受託處理您的卡債NT$19,210。", "林建宏", "粘秀梅"),
])
def test_less_common_surnames_are_read(text: str, claimant: str, other: str) -> None:
    assert other in [m.name for m in others_named(text, claimant)]


@pytest.mark.parametrize(("text", "claimant", "other"), [
    # a message opening by calling someone by a given name with no surname, or a familiar form of it
    ("晓红，妈包的饺子冻冰箱了，你下班过来拿", "付宝林", "晓红"),
    ("建峰哥，明天的饭局改到鸿宾楼了，六点半，别迟到啊", "付宝林", "建峰哥"),
    ("雅婷，明天早上八點半在鳳山火車站等妳喔，記得帶便當", "洪美玲", "雅婷"),
    ("阿雄喔，明仔載去高雄彼台車你欲駛抑是我駛？", "簡宜蓁", "阿雄"),
    ("小杜，明天上午九点到后勤处签合同，带上身份证复印件", "党秀芳", "小杜"),
    ("德胜舅，明天婚车六点半在小区门口集合", "付宝林", "德胜舅"),
])
def test_a_given_name_called_at_the_start_is_someone_else(text: str, claimant: str, other: str) -> None:
    assert [m.name for m in others_named(text, claimant)] == [other]


@pytest.mark.parametrize(("text", "claimant"), [
    # the claimant's own given name, or a familiar form of it or of the surname
    ("宝林，你这个月的贷款逾期了", "付宝林"),
    ("丽娟姐，月底了哈，3518给我们清了就不打扰你了", "王丽娟"),
    ("小杜，明天上午九点到后勤处签合同", "杜秀芳"),
    ("阿芳，晚上吃啥", "王芳"),
    # the given name's last character called familiarly, when it is also a surname (梅, 林)
    ("梅姐，今天下午有两个男的在楼下问宿管你住几楼", "向春梅"),
    ("林子，周末去不去北塘吃海鲜？", "付宝林"),
    ("芳芳，晚上吃啥", "王芳"),
    # kin words, titles and insults called at the start are nobody's name
    ("阿女，今日有個男人打嚟屋企問你喺邊度返工", "梁詠詩"),
    ("阿嬤，我今天數學考100分！", "簡志豪"),
    ("老赖，你这种人就该被挂到热搜上", "邓秋萍"),
    ("老公，晚上吃啥", "王芳"),
    ("明天，我们去你家", "王芳"),
])
def test_the_claimants_own_name_and_kin_words_at_the_start_are_nobody_else(text: str, claimant: str) -> None:
    assert others_named(text, claimant) == []


def test_a_surname_called_familiarly_is_someone_else_when_it_is_not_the_claimants_given_name() -> None:
    assert [m.name for m in others_named("梅姐，今天下午有人找你", "向春华")] == ["梅"]
    assert [m.name for m in others_named("王姐，今天下午有人找你", "向春梅")] == ["王"]

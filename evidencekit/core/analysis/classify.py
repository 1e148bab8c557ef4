"""What one message is, and who and what it threatens: structured rules kept as data.

The rules (``rules/labels.toml``) are built from word classes (``rules/lexicon.toml``): a threat
to a third party is a *target* (family, employer, contacts, neighbours) near a way of *reaching*
them (contact, tell, visit) or of showing their details are held; a negation right before the
action ("不会联系") cancels it; the claimant's own replies ("我不是…", "你们骚扰我的家人") are
never read as threats. Texts are matched in one normal form (:mod:`textnorm`: both scripts,
full-width, spaced-out characters), and every label reports the words behind it exactly as shown.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from evidencekit.core.analysis.addressing import (answers, disowned, named_people, names_claimant, opens_to,
                                                  opens_to_married_title, others_named, same_person, told_of,
                                                  told_whom)
from evidencekit.core.analysis.amounts import Amount, AmountRole, assign_roles, find_amounts
from evidencekit.core.analysis.labelrules import (Lexicon, Match, Matcher, Rule, closest, disjoint, load_lexicon,
                                                   load_rules)
from evidencekit.core.analysis.textmodel import MASK, LabelModel, load_model, text_features
from evidencekit.core.analysis.textnorm import normalize
from evidencekit.core.models import Label

log = logging.getLogger(__name__)

__all__ = ["LABELS", "TOLD_THIRD_PARTY", "WHO", "Hit", "Reading", "apply_claimant", "classify", "load_lexicon", "load_rules",
           "mark_misdirected", "message_features", "message_support", "read_message", "rule_support"]

#: Labels in the order they are reported.
LABELS = ("repayment_reminder", "overdue_collection", "marketing", "application_progress",
          "possibly_misdirected", "threat", "threat_third_party", "threat_legal_action",
          "threat_credit_record", "threat_home_visit", "insult", "impersonation")
#: Who a message can reach, in report order.
WHO = ("family", "employer", "contacts", "neighbours", "self")
_THREATS = frozenset(n for n in LABELS if n.startswith("threat"))


# ----------------------------------------------------------------------------- the reading

@dataclass(frozen=True, slots=True)
class Hit:
    """One rule that fired on a message.

    Attributes:
        rule: the rule's id (``rules/labels.toml``).
        label: the label it gives, or None for a rule that only records ``how``.
        words: the words behind it, exactly as shown in the message, in text order.
        spans: where those words are in the message as shown (start, end).
        who: who it reaches (family, employer, contacts, neighbours, self).
        what: what is done or threatened.
        how: how it is said (insult, impersonation, legal_document...).
    """

    rule: str
    label: str | None
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    who: tuple[str, ...] = ()
    what: str | None = None
    how: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """What one message says, structured.

    Attributes:
        text: the message as shown.
        labels: labels in :data:`LABELS` order, each with its words (``threat`` carries all
            threat words and precedes its sub-kinds).
        hits: every rule that fired.
        who: everyone a threat in it reaches, in :data:`WHO` order.
        what: what it does or threatens, in order of first appearance.
        how: how it says it (insult, impersonation, legal_document, third_party_notice,
            told_third_party: the claimant's debt told to somebody else).
        names_other: names it addresses or asks to pass on that are not the claimant's.
        from_claimant: read as the person's own reply (sent, or reading as one).
    """

    text: str
    labels: tuple[Label, ...]
    hits: tuple[Hit, ...]
    who: tuple[str, ...] = ()
    what: tuple[str, ...] = ()
    how: tuple[str, ...] = ()
    names_other: tuple[str, ...] = ()
    from_claimant: bool = False

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(lb.name for lb in self.labels)


def _looks_like_reply(m: Matcher) -> bool:
    return bool(m.matches("reply") or m.matches("not_me")) and not m.matches("collector_voice")


def _relayed(m: Matcher, from_claimant: bool) -> bool:
    """Whether someone close is passing on a stranger's contact about the person, or writing of
    daily life no collector writes (lexicon: relay, everyday)."""
    if from_claimant:
        return False
    return _everyday_notice(m) or (bool(m.matches("relay")) and not m.matches("collector_voice"))


def _everyday_notice(m: Matcher) -> bool:
    """Whether a message is a parcel's, a school's or a building's notice, on letterhead or not:
    "【顺丰速运】您的快件已到…小区丰巢柜，取件码75032" ("亲子日好玩吗？…那笔还是要处理喔" and
    "我们将把律师函用快件寄到你单位" are a collector's)."""
    text = m.norm.text
    voice = {text[x.start:x.end] for x in m.matches("collector_voice")}
    return bool(m.matches("everyday")) and not _names_a_debt(m) and voice <= _LETTERHEAD


def _names_a_debt(m: Matcher) -> bool:
    """Whether a debt is named or pressed for, outside the words of a daily-life notice ("逾期退回"
    of a parcel, "unpaid customs duty"); a number (a pickup code, a masked card's last digits, a
    school uniform's price) is no debt here."""
    text = m.norm.text
    if m.matches("parcel_fee"):
        # a parcel's duty, postage or storage is asked for and paid like a debt: only a word for a
        # debt ("欠款") makes it one
        return bool(m.matches("debt_word"))
    notice = [(x.start, x.end) for x in m.matches("everyday")]

    def outside(x: Match) -> bool:
        return not any(a <= x.start and x.end <= b for a, b in notice)

    if any(outside(x) for name in _DEBT_NAMED if name != "debt_sum" for x in m.matches(name)):
        return True
    # a sum in a notice is its fee ("校服每套180元"); "那笔", "剩下的" name the debt
    return any(outside(x) and not any(c.isdigit() for c in text[x.start:x.end]) for x in m.matches("debt_sum"))


def _dropped_as_relayed(m: Matcher, from_claimant: bool) -> frozenset[str]:
    """The labels a relative's report does not carry: no collection, and no threat unless it
    quotes the collector's words (lexicon: quoted), which keep theirs. The debtor's own message
    to the friend whose number he gave (lexicon: debtor_voice) is not mis-sent either."""
    if not from_claimant and m.matches("debtor_voice") and not m.matches("collector_voice"):
        return _NOT_RELAYED | {"possibly_misdirected"}
    if not _relayed(m, from_claimant):
        return frozenset()
    if m.matches("quoted"):
        return _NOT_RELAYED - _THREATS
    if _everyday_notice(m):
        # a parcel "held by customs, or it goes to the police" threatens in a scammer's words: the
        # legal and credit threats stay, a visit to the gate or a call to the guard do not
        return _NOT_RELAYED - {"threat_legal_action", "threat_credit_record"}
    return _NOT_RELAYED


def _applies(rule: Rule, from_claimant: bool, side: str) -> bool:
    if rule.source == "any":
        return True
    if rule.source == "sent":
        return side == "out"
    return from_claimant == (rule.source == "claimant")


def _negated_before(lex: Lexicon, rule: Rule, text: str, start: int) -> bool:
    """Whether a negation ends right before a phrase matched by a rule with a negatable slot."""
    if not any(lex.concepts[name].negatable for slot in rule.all for name in slot):
        return False
    return bool(lex.negation.search(text[max(0, start - 12):start]))


def _rule_reading(text: str, side: str, claimant_name: str | None) -> tuple[Matcher, list[Hit], bool, tuple[str, ...]]:
    """The rules' reading: the matcher, every hit, whether it reads as the claimant's, other names."""
    lex = load_lexicon()
    norm = normalize(text, lex.variants)
    m = Matcher(lex, norm)
    from_claimant = side == "out" or (side != "in" and _looks_like_reply(m))
    dropped = _dropped_as_relayed(m, from_claimant)
    hits: list[Hit] = []
    for rule in lex.rules:
        if not _applies(rule, from_claimant, side) or m.any(rule.none):
            continue
        if rule.label in dropped:
            continue
        slots = [[x for name in slot for x in m.matches(name)] for slot in rule.all]
        combo: Sequence[Match] | None
        if len(slots) == 1:
            combo = disjoint(slots[0])  # one word class: every place it occurs
        else:
            combo = closest(slots, rule.near)
        if not combo:
            continue
        ordered = sorted(combo, key=lambda x: x.start)
        if len(slots) > 1 and _negated_before(lex, rule, norm.text, ordered[0].start):
            continue  # "也不会给你单位打电话": the negation stands before the whole phrase
        spans = tuple(norm.span(x.start, x.end) for x in ordered)
        who = [x.who for x in ordered if x.who]
        for name in rule.who_from:
            who += [x.who for x in m.matches(name) if x.who]
        who = who or list(rule.who)
        hits.append(Hit(rule.id, rule.label, tuple(text[a:b] for a, b in spans), spans,
                        tuple(w for w in WHO if w in who), rule.what, rule.how))
    names_other: tuple[str, ...] = ()
    told = told_of(text, claimant_name) if claimant_name and not from_claimant else None
    if told is not None and m.any(_DEBT_NAMED) and not _relayed(m, from_claimant):
        # "Hi Ms Wong, 你同事陳嘉欣欠我哋…", "林志豪先生您好，令妹林美玲積欠…": the claimant's debt told to
        # a third party (a copy from their phone); whom it speaks to is that third party, no debtor.
        # (Not a relative's word of a stranger asking "关于你表姐陈晓雯": no debt is named.)
        at = text.find(told.text)
        hits.append(Hit(_TOLD_RULE, "threat_third_party", (told.text,), ((at, at + len(told.text)),),
                        (told_whom(told.text),), "disclosure", TOLD_THIRD_PARTY))
    elif claimant_name and not from_claimant:
        others = others_named(text, claimant_name)
        if others:
            names_other = tuple(o.name for o in others)
            name_spans: list[tuple[int, int]] = []
            for o in others:
                at = text.find(o.text)
                at = text.find(o.name, at) if at >= 0 else text.find(o.name)
                name_spans.append((at, at + len(o.name)))
            # a notice that speaks to somebody else by name is meant for them, whatever else it says
            opening = opens_to(text)
            rule_id = _ADDRESSED_TO_OTHER if opening and any(o.name == opening for o in others) else "named-other"
            hits.append(Hit(rule_id, "possibly_misdirected", names_other, tuple(name_spans), (),
                            "debt_notice", "addressed_to_other"))
    return m, hits, from_claimant, names_other


def _features(m: Matcher, hits: Sequence[Hit], side: str, from_claimant: bool,
              names_other: tuple[str, ...]) -> set[str]:
    # People's names are masked: whose phone it is decides whether a name is "someone else", and
    # the model must learn the shape of an address ("X先生，您好"), not the names in its corpus.
    norm = m.norm
    masked: set[int] = set()
    for person in named_people(norm.original):
        for x in re.finditer(re.escape(person.name), norm.original):
            masked.update(range(x.start(), x.end()))
    text = "".join(MASK if i in masked else c for c, i in zip(norm.text, norm.origin, strict=True))
    feats = text_features(text)
    feats.update("r:" + h.rule for h in hits)
    feats.update("c:" + name for name in m.lex.concepts if m.matches(name))
    if side:
        # an unknown side is no evidence either way (only the oldest tuning sets leave it unknown:
        # as a feature it learned which sets those were, and made up their conventions)
        feats.add("x:side_" + side)
    if from_claimant:
        feats.add("x:reply")
    if names_other:
        feats.add("x:named_other")
    return feats


def message_features(text: str, *, side: str = "", claimant_name: str | None = None) -> set[str]:
    """The features the statistical reader (:mod:`textmodel`) scores for one message: its n-grams
    and what the rules found in it. Used by the training script, so training and reading agree.

    Args:
        text: the message as shown.
        side: "in", "out" or "".
        claimant_name: the phone owner's name, when known.

    Returns:
        The feature names.
    """
    m, hits, from_claimant, names_other = _rule_reading(text, side, claimant_name)
    return _features(m, hits, side, from_claimant, names_other)


def message_support(text: str, *, side: str = "", claimant_name: str | None = None) -> set[str]:
    """What the rules alone find in one message (:func:`rule_support`): the training script
    chooses a threshold for labels with and without the rules' support.

    Args:
        text: the message as shown.
        side: "in", "out" or "".
        claimant_name: the phone owner's name, when known.

    Returns:
        Label names and ``who:<name>`` entries.
    """
    return rule_support(_rule_reading(text, side, claimant_name)[1])


def read_message(text: str, *, side: str = "", claimant_name: str | None = None) -> Reading:
    """Read one message: labels, and who, what and how.

    The rules find the words; where a statistical model is shipped (:mod:`textmodel`), it decides
    which labels hold, from the message's n-grams and the rules' findings together, so wording no
    rule was written for is still read, and a rule's false alarm can be outvoted.

    Args:
        text: the message as shown (either script).
        side: "in" (received), "out" (sent by the claimant) or "" (unknown: decided from the
            wording).
        claimant_name: the phone owner's name, when known: a notice addressed by name to somebody
            else is then ``possibly_misdirected``.

    Returns:
        The :class:`Reading`.
    """
    lex = load_lexicon()
    m, hits, from_claimant, names_other = _rule_reading(text, side, claimant_name)
    model = load_model()
    if model is None:
        return _reading(text, hits, lex.parents, names_other, from_claimant, _rule_who(hits))
    feats = _features(m, hits, side, from_claimant, names_other)
    probs = model.probabilities(feats)
    rule_labels = rule_support(hits)
    present = {name for name in model.present(probs, rule_labels) if name in LABELS}
    present |= _RULE_WINS & rule_labels
    if "threat_home_visit" in present and _alone("threat_home_visit", present, rule_labels):
        # a friend coming round, a courier downstairs: whoever read the visit, the rule or the model
        # (which reads "去你家" as one as the rule does); firm rules below give way only for their own
        present.discard("threat_home_visit")
    if "possibly_misdirected" in present - rule_labels and (
            not claimant_name or names_claimant(text, claimant_name)
            or ((called := opens_to(text)) and same_person(called, claimant_name))
            or opens_to_married_title(text, claimant_name)):
        # the model's guess that a message is about someone else never stands against whose phone
        # it is: one naming the person, or calling them as their name allows ("李先生" on 李明's
        # phone, "何太" on a phone whose owner's married name is not given), or one on a phone whose
        # owner is not known (its words: _NOT_ALONE_WITH)
        present.discard("possibly_misdirected")
    firm = {h.label for h in hits if h.rule in lex.firm and h.label}
    if claimant_name and names_claimant(text, claimant_name):
        # "各位邻居好，7栋的陈晓雯女士欠我公司款项…请大家转告她": the claimant's own debt, shown to others
        firm.discard("possibly_misdirected")
    # family news, a workplace notice, a friend's greeting, a sister's "妈的降压药"
    firm -= {name for name in firm & _ALONE_NOT_ENOUGH if _alone(name, present, rule_labels)}
    present |= firm
    if any(h.rule == _TOLD_RULE for h in hits):
        # the claimant's debt told to someone else: disclosed to a third party, never mis-sent
        present.discard("possibly_misdirected")
        present.add("threat_third_party")
    if "marketing" in rule_labels and not present - {"marketing"} and _offer_words(hits) >= 2:
        # an offer in two words of its own ("低息分期", "额度高达") and nothing else said: an advert
        present.add("marketing")
    relayed = _dropped_as_relayed(m, from_claimant)
    present -= relayed  # "今天有人打电话到家里说你欠钱，是真的吗？": a report
    if from_claimant:
        # the person's own replies threaten nobody ("再打我就报警" is their recourse, not a threat)
        present -= _THREATS - set(rule_labels)
        # nor press for, remind of, offer or grant a loan: the person pays, promises, asks
        present -= _NOT_SAID_BY_THE_PERSON - rule_labels
    visit_theirs = "threat_home_visit" in present and _someone_elses_door(m, hits)
    if visit_theirs:
        # the visit the rules found is at a relative's or a neighbour's door: theirs, not the
        # person's ("去你爸妈家里坐坐"; convention 4 of the labelling)
        present.discard("threat_home_visit")
    for name, words in _NEEDS_WORDS.items():
        if name in present - rule_labels and not m.any(words):
            present.discard(name)  # "如已繳款請勿理會本訊息": no debt named, nothing pressed for
    for name, words in _NOT_ALONE_WITH.items():
        if name in present - rule_labels and m.any(words):
            present.discard(name)  # "打电话到你店里去找你老板": the place is reached by phone, nobody comes
    if m.negated & _THREAT_WORDS and not rule_labels & _THREATS:
        present -= _THREATS  # "我们不会上门也不会爆通讯录": the threat words are all denied
    if m.matches("nudge") and not rule_labels & _THREATS:
        present -= _THREATS  # asking for an answer is not a threat unless a threat rule says so
    if present & _THREATS:
        present.add("threat")
    asked = (None if from_claimant or "overdue_collection" in present or present & _NOT_COLLECTION or names_other
             or relayed or m.any(_NOT_A_DEBT) else _sum_demanded(text))
    if asked is not None:
        # a sum asked for in a collector's own words is a debt named (convention 1 of the
        # labelling): "一千二百八，今天之内" (a notice on letterhead is read by the rules)
        present.add("overdue_collection")
        hits = [*hits, Hit(_SUM_RULE, "overdue_collection", (asked.text,), ((asked.start, asked.end),), (),
                           "debt_notice")]
    if "overdue_collection" in firm & present and not present & _NOT_COLLECTION & rule_labels:
        # a firm collection rule against the model's guess of an offer or a reminder: the rule stands
        present -= _NOT_COLLECTION
    if present & _NOT_COLLECTION:
        # a reminder before the due date, an offer or an application's progress presses for no
        # overdue debt ("今天24点前还款不算逾期", "网贷逾期？帮你协商…"): never both (conventions 2 and 10)
        present.discard("overdue_collection")
    if any(h.rule == _WRONG_NUMBER_SORRY for h in hits):
        # "向您发送了错误的逾期提醒，请忽略": the overdue notice taken back was never the reader's
        present -= {"overdue_collection", "repayment_reminder"}
    if any(h.rule == _WRONG_NUMBER_ACK for h in hits):
        # "是同事群发弄错了号段，已经删掉您的号码": a sender owning up to a wrong number threatens nobody
        # (the rule itself stands down before a demand or a menace)
        present -= _THREATS
    if any(h.rule == _ADDRESSED_TO_OTHER for h in hits):
        # a notice that speaks to somebody else by name is theirs: its demands and warnings are
        # aimed at them, not at the person whose phone it reached (convention 4 of the labelling)
        present = {"possibly_misdirected"}
    kept = [h for h in hits if h.label is None or h.label in present]
    have = {h.label for h in kept} | {lex.parents[h.label] for h in kept if h.label in lex.parents}
    for name in sorted(present - have, key=LABELS.index):
        kept.append(_model_hit(model, feats, m, name, hits))
    who: tuple[str, ...] = ()
    if "threat" in present:
        who = _model_who(model, model.present(probs, rule_labels), kept, "threat_third_party" in present, probs)
        if visit_theirs and present & _THREATS <= {"threat", "threat_third_party"} and len(who) > 1:
            who = tuple(w for w in who if w != "self")  # the visit was the only threat aimed at the person
        if "employer" in who and "possibly_misdirected" not in present and (told := _relatives_work(m)) is not None:
            # "你老公在物流园上班吧？找他老板聊聊": a relative's workplace is the relative's, and
            # their boss or colleagues are outsiders (convention 23 of the labelling)
            theirs = (set(who) - {"employer"}) | {"family"} | ({"contacts"} if told else set())
            who = tuple(w for w in WHO if w in theirs)
    return _reading(text, kept, lex.parents, names_other, from_claimant, who)


def _alone(label: str, present: set[str], rule_labels: set[str]) -> bool:
    """Whether a threat a rule found, a visit or someone else reached, is all there is in the
    message: no debt, no other threat, nothing the other rules or the model read besides it.

    Then it is everyday talk, not a collector's threat. Someone coming round is a friend, a
    neighbour, a courier or a service call ("周末我去你家坐坐？", "your rider is waiting downstairs"),
    or strangers at the door reported ("今天楼下来了两个人…你是不是遇到啥事了？"). Someone else named
    beside reaching is family news ("你爸问你下个月回不回老家"), a workplace or building notice ("有问题
    搵店長", "如有可疑請致電管理處"), a friend's greeting, a report of the collectors' calls
    ("有個什麼銀行的打給我，說我是你的緊急聯絡人"). The rule's own words are the only reason to call it a
    threat, and the model, which weighs the whole message, read nothing else in it. So too a
    menace, a credit-record warning or an insult word alone ("猪头肉", "妈的降压药", "利息滚得这么快").
    """
    named = {x for x in rule_labels if not x.startswith("who:")} - {"threat", label}
    return not named and not present - {label}


_SENTENCE_END = frozenset("。！!？?；;\n")
# the person, named between whose door it is and the visit: the visit may be theirs after all
_PERSON = re.compile(r"你|您|侬|恁|(?<![a-z])(?:you|your)(?![a-z])")
_VISIT_THEM = re.compile(r"(?:一下|下)?(?:他|她)(?!们的?(?:钱|账|债))| (?:them|him|her)(?![a-z])")


def _someone_elses_door(m: Matcher, hits: list[Hit]) -> bool:
    """Whether every visit the rules found is at somebody else's door: each visit's words follow a
    relative, a neighbour, the village or a child's teacher, in the same sentence or the one
    before, with no word for the person between ("村主任那边我们明天去坐坐", "你爸在镇上开店对吧？
    我们下午顺路过去坐坐"), hold or are followed by kin ("去彰化你妈那边坐坐", "去屯门探下你父母"),
    or are followed by "him" or "her" or follow a possessive ("顺路去拜访她", "去他公司楼下等");
    and the sentence does not name the person's own place or the person in person ("去你家找你
    爸妈" stays a visit to the person's home)."""
    norm = m.norm
    text = norm.text
    owners = m.matches("visit_owner")
    kin = [x for x in owners if x.concept == "visit_owner_kin"]
    own = m.matches("own_place")
    spans = [s for h in hits if h.label == "threat_home_visit" for s in h.spans]
    for span in spans:
        at = next((i for i, o in enumerate(norm.origin) if o >= span[0]), len(text))
        stop = next((i for i, o in enumerate(norm.origin) if o >= span[1]), len(text))
        lo = _sentence_start(text, at)
        hi = at
        while hi < len(text) and text[hi] not in _SENTENCE_END:
            hi += 1
        if any(lo <= x.start < hi for x in own):
            return False
        before = any(_sentence_start(text, lo - 1) <= x.start <= at and not _PERSON.search(text, x.end, at)
                     for x in owners)
        # the child named at its school's gate is the person seen there (convention 19), not a
        # relative's door: "在明德小学门口，你个仔揹住个蓝色书包"
        inside = any(at <= x.start < stop for x in kin) and not _SCHOOL_GATE.search(text, at, stop)
        after = any(stop <= x.start < hi and not _PERSON.search(text, stop, x.start - (text[x.start - 1:x.start] in ("你", "您")))
                    for x in kin)
        # the village, the 里长 or the neighbours named in or right after the visit's words ("去拜访你们里长",
        # "安排人去你们村委会")
        others = any(x.concept != "visit_owner_kin" and (at <= x.start < stop or (
            stop <= x.start and _TO_OTHERS.fullmatch(text, stop, x.start))) for x in owners)
        them = bool(_VISIT_THEM.match(text, stop)) or text[at - 1:at] in ("他", "她")
        if not (before or inside or after or others or them):
            return False
    return bool(spans)


# what may stand between a visit's words and a third party's place ("拜访|你们|里长", "安排人|去你们|村委会")
_TO_OTHERS = re.compile(r"(?:去|到|来|找)?(?:你|您)?(?:们|的|哋)?")


# a workplace, or the people there who can be told
_OUR = r"(?<!我们)(?<!我哋)(?<!我们有个)(?<!我哋有个)(?<!我们的)"  # the collector's own colleague is no one's workplace
_WORK = re.compile(r"公司|单位|上班|店里|店铺|门店|厂里|工厂|写字楼|办公室|总站|老板|老细|老闆|主任|主管|领导|上司|" + _OUR + r"同事|前台|"
                   r"(?<![a-z])(?:office|company|boss|colleagues?|workplace)(?![a-z])")
_AT_WORK = re.compile(r"老板|老细|老闆|主任|主管|领导|上司|" + _OUR + r"同事|前台|(?<![a-z])(?:boss|colleagues?)(?![a-z])")
_THIRD_PERSON = re.compile(r"他|她|佢|(?<![a-z])(?:him|her|his)(?![a-z])")


def _relatives_work(m: Matcher) -> bool | None:
    """Whether every workplace the message names is a relative's ("你老公在物流园上班", "你个仔…佢公司
    前台", "你对象那家店…去店里找她"): True when its people (a boss, colleagues) are to be told,
    False when only the place is named, None when any workplace may be the person's own or none is
    a relative's. A workplace is a relative's when kin is named before it in its sentence with no
    word for the person between them, or when kin was named before and the sentence speaks of the
    relative as "him" or "her" and not of "your" workplace."""
    text = m.norm.text.lower()
    kin = [k for k in m.matches("visit_owner") if k.concept == "visit_owner_kin"]
    work = list(_WORK.finditer(text))
    if not kin or not work or any(_quoted(text, k.start) for k in kin):
        # (a threat quoted by a relative, "原话是'让你姐…去她单位'": the kin there is the person)
        return None
    for w in work:
        lo = _sentence_start(text, w.start())
        hi = w.end()
        while hi < len(text) and text[hi] not in _SENTENCE_END:
            hi += 1
        named = any(lo <= k.start and k.end <= w.start() and not _PERSON.search(text, k.end, w.start())
                    for k in kin)
        spoken_of = (any(k.end <= w.start() for k in kin) and bool(_THIRD_PERSON.search(text, lo, hi))
                     and not re.search(r"(?:你|您)(?:的|们|哋)?$", text[lo:w.start()]))
        if not (named or spoken_of):
            return None
    return any(_AT_WORK.search(w.group(0)) for w in work)


def _quoted(text: str, at: int) -> bool:
    """Whether ``text[at]`` is inside quotation marks (“…”, 「…」, "…")."""
    before = text[:at]
    return (before.count("“") > before.count("”") or before.count("「") > before.count("」")
            or before.count('"') % 2 == 1)


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``text[at]`` starts."""
    lo = max(at, 0)
    while lo > 0 and text[lo - 1] not in _SENTENCE_END:
        lo -= 1
    return lo


#: The rule id of the hit of a message that asks for a sum (:func:`_sum_demanded`).
_SUM_RULE = "sum-demanded"


#: What a sum asked for is not a debt in: a notice on letterhead, a receipt, a bill, a parcel's fee
#: behind a link, an anti-fraud warning, a sum asked kindly ("方便时转我", "不急"), money given by
#: someone close ("我卡里转你1500先把这个还了").
_NOT_A_DEBT = ("letterhead", "paid_confirm", "utility_bill", "web_link", "anti_fraud", "service_ad", "courtesy",
               "money_given")


def _sum_demanded(text: str) -> Amount | None:
    """The sum a message asks the person for (an amount whose role is demanded: owed, due, to be
    paid by a deadline), as :mod:`.amounts` reads it; None when there is none, or when the message
    also names a payment made."""
    found = find_amounts(text)
    roled = assign_roles(text, found) if found else []
    if any(r.role is AmountRole.PAID for r in roled):
        return None
    return next((r.amount for r in roled if r.role is AmountRole.DEMANDED), None)


def _offer_words(hits: Iterable[Hit]) -> int:
    """How many different words the marketing rules found."""
    return len({to_words for h in hits if h.label == "marketing" for to_words in h.words})


def rule_support(hits: Iterable[Hit]) -> set[str]:
    """The labels the rules found words for (``threat`` for any threat), and ``who:<name>`` for
    the people their threats name."""
    lex = load_lexicon()
    out: set[str] = set()
    for h in hits:
        if h.label:
            out.add(h.label)
            if h.label in lex.parents:
                out.add(lex.parents[h.label])
        if h.label in _THREATS:
            out.update("who:" + w for w in h.who)
    return out


_THIRD = ("family", "employer", "contacts", "neighbours")
# the hit of a notice that opens by speaking to somebody else by name ("张伟先生，…")
_ADDRESSED_TO_OTHER = "addressed-to-other"
# the hit of a sender's apology for a notice it sent to the wrong number
_WRONG_NUMBER_SORRY = "wrong-number-sorry"
# ... and of its owning up to a wrong number ("已经删掉您的号码")
_WRONG_NUMBER_ACK = "wrong-number-ack"
# a school's gate: presence there, with the child, is the person's (labelling convention 19)
_SCHOOL_GATE = re.compile(r"(?:小学|幼儿园|幼稚园|中学|学校)(?:东|西|南|北|后|正)?门")
# the hit of a message that speaks to a third party of the claimant as the one who owes
_TOLD_RULE = "told-third-party"
#: The ``how`` of a message that tells a third party of the claimant's debt
#: (:func:`.addressing.told_of`): a copy of a message sent to someone else, not a contact with the person.
TOLD_THIRD_PARTY = "told_third_party"
# word classes whose denial ("不会上门", "不会联系你家人") says there is no threat
_THREAT_WORDS = frozenset({"reach", "expose", "visit_word", "contact_bomb", "public_exposure", "legal",
                           "credit_harm", "credit_threat", "menace"})
# (Every label may be the model's alone, at the higher threshold for a label no rule found words
# for, chosen on whole tuning sets it was not trained on. A message about someone else was once the
# rules' alone; on heldout56–63, read by a model trained without them, letting the model read it too
# (never against its words, nor the person's name) raised that label from 0.919 / 0.758 to
# 0.922 / 0.866. What rests on it alone is never decisive where more is at stake: whether the person
# owes nothing, :func:`figures.others_debt_said`.)
# labels the model may add only where the words of their kind are there: collection names a debt
# or presses for money (convention 1 of the labelling: a debt, or pressure to pay one)
_NEEDS_WORDS: dict[str, tuple[str, ...]] = {"overdue_collection": ("money_word", "debt_word", "debt_sum", "overdue", "drag", "demand_pay")}
# a label the model alone suggests is not taken where these words say otherwise: a place reached
# by phone, letter or message is not visited (a visit the rules find stands); a debt said to be the
# reader's own ("你欠的钱…"), a wrong detail corrected ("我把地址发错了") or the reader's own parcel
# ("您的快递放在门卫室了") is no message about someone else
_NOT_ALONE_WITH: dict[str, tuple[str, ...]] = {"threat_home_visit": ("reached_remotely",),
                                               "possibly_misdirected": ("own_debt", "wrong_content", "own_parcel")}
# what the person's own messages are only when a rule says so
_NOT_SAID_BY_THE_PERSON = frozenset({"overdue_collection", "repayment_reminder", "marketing", "application_progress"})
# what a relative's or colleague's report of a stranger's contact about the person is not
_NOT_RELAYED = frozenset({"overdue_collection", "repayment_reminder"}) | _THREATS
# words that name a debt or press for one
_DEBT_NAMED = ("debt_word", "debt_sum", "overdue", "demand_pay")
# what a message is that is not a collection message
_NOT_COLLECTION = frozenset({"repayment_reminder", "marketing", "application_progress"})
# collector_voice words that any company's notice has (its letterhead, its service desk): they do
# not make a parcel or a building notice a collector's
_LETTERHEAD = frozenset({"【", "尊敬的", "客服", "您在"})
# labels whose rules the model may add to but not overrule
_RULE_WINS = frozenset({"overdue_collection", "threat_home_visit"})
# ... and those whose firm rules still need something else said beside them (:func:`_alone`)
_ALONE_NOT_ENOUGH = frozenset({"threat", "threat_third_party", "threat_credit_record", "insult"})


#: the groups a threat may name outright; and the rules that say "contacts" for want of one
_NAMED_GROUPS = frozenset({"family", "employer", "neighbours"})
_CONTACTS_BY_DEFAULT = frozenset({"third-party-disclosed", "third-party-ask-debt"})


def _rule_who(hits: Sequence[Hit]) -> tuple[str, ...]:
    who = {w for h in hits if h.label in _THREATS for w in h.who}
    return tuple(w for w in WHO if w in who)


def _model_who(model: LabelModel, present: set[str], kept: Sequence[Hit], third: bool,
               probs: dict[str, float]) -> tuple[str, ...]:
    """Who a threat reaches: the rules' targets and the model's, kept consistent with the labels
    (a third party exactly when ``threat_third_party`` holds; ``self`` when nobody else is named,
    or when the model reads part of the threat as aimed at the person)."""
    who = {w for h in kept if h.label in _THREATS for w in h.who if w != "self"}
    model_who = {name[4:] for name in present if name.startswith("who:")}
    who |= model_who - {"self"}
    # "contacts" said only for want of knowing whom (a rule's default) gives way
    # to the relatives, the workplace or the neighbours a threat names
    if "contacts" in who and "contacts" not in model_who and who & _NAMED_GROUPS and not any(
            "contacts" in h.who for h in kept if h.label in _THREATS and h.rule not in _CONTACTS_BY_DEFAULT):
        who.discard("contacts")
    if not third:
        who.clear()
    elif not who:
        who.add(max(_THIRD, key=lambda w: probs.get("who:" + w, 0.0)))
    if not who or "self" in model_who:
        who.add("self")
    return tuple(w for w in WHO if w in who)


def _model_hit(model: LabelModel, feats: set[str], m: Matcher, label: str, hits: Sequence[Hit]) -> Hit:
    """A hit for a label the model gives and no rule did: the words that weigh most for it."""
    norm = m.norm
    folded = re.sub(r"\d", "0", norm.text)
    spans: list[tuple[int, int]] = []
    for c in model.contributions(feats, label):
        if len(spans) >= 3:
            break
        if c.feature.startswith("g:"):
            gram = c.feature[2:]
            if len(gram) < 2 or not all(ch.isalpha() or ch == " " for ch in gram):
                continue
            at = [(x.start(), x.end()) for x in re.finditer(re.escape(gram), folded)]
        elif c.feature.startswith("w:"):
            words = c.feature[2:].replace("_", " ")
            at = [(x.start(), x.end()) for x in re.finditer(rf"(?<![a-z]){re.escape(words)}(?![a-z])", folded)]
        else:
            continue
        for a, b in at[:1]:
            if not any(a < e and s < b for s, e in spans):
                spans.append((a, b))
    shown = sorted({norm.span(a, b) for a, b in spans})
    # adjacent or overlapping pieces read as one phrase
    merged: list[tuple[int, int]] = []
    for a, b in shown:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    if not merged:
        # the model leant on what the rules found, not on the words themselves
        merged = sorted({s for h in hits for s in h.spans}) or [(0, len(m.norm.original))]
    text = m.norm.original
    return Hit("model:" + label, label, tuple(text[a:b] for a, b in merged), tuple(merged))


def _reading(text: str, hits: Sequence[Hit], parents: dict[str, str], names_other: tuple[str, ...],
             from_claimant: bool, who: tuple[str, ...]) -> Reading:
    words: dict[str, list[tuple[int, str]]] = {}
    for h in hits:
        if h.label is None:
            continue
        for name in (h.label, parents.get(h.label)):
            if name:
                cur = words.setdefault(name, [])
                cur += [(s[0], w) for s, w in zip(h.spans, h.words, strict=True) if (s[0], w) not in cur]
    labels = []
    for name in sorted(words, key=lambda n: LABELS.index(n) if n in LABELS else len(LABELS)):
        ws = [w for _, w in sorted(words[name])]
        labels.append(Label(name, tuple(dict.fromkeys(ws))))
    what = tuple(dict.fromkeys(h.what for h in hits if h.what))
    how = tuple(dict.fromkeys(h.how for h in hits if h.how))
    return Reading(text, tuple(labels), tuple(hits), who, what, how, names_other, from_claimant)


def classify(text: str, *, claimant_name: str | None = None, side: str = "") -> list[Label]:
    """Labels for one message, each with the words that triggered it.

    Args:
        text: the message.
        claimant_name: the phone owner's name, when known: a notice addressed by name to
            somebody else is then ``possibly_misdirected``.
        side: "in", "out" or "" (unknown); the claimant's own replies get no threat labels.

    Returns:
        Labels in :data:`LABELS` order; ``threat`` (with all threat words) precedes its sub-kinds.
    """
    return list(read_message(text, side=side, claimant_name=claimant_name).labels)


def _sorted_labels(labels: Iterable[Label]) -> list[Label]:
    return sorted(labels, key=lambda lb: LABELS.index(lb.name) if lb.name in LABELS else len(LABELS))


def mark_misdirected(texts: list[str], sides: list[str], labels: list[list[Label]],
                     claimant_name: str = "") -> list[list[Label]]:
    """Thread-level rule: when the phone owner replied that the messages are not for them
    ("我不是…", "发错了"), the notices of the thread received that the reply answers are possibly
    misdirected (before the reply, and after it: the sender kept writing to the wrong number).
    A reply that names whom the person is not ("我不是刘志强") answers the notices calling that
    person; one that names nobody ("你们发错人了") those naming anyone. Never a notice that names
    the claimant (any of their names): the reply is about another notice of the thread.

    Args:
        texts: the messages of one thread, in order.
        sides: "in"/"out"/"" for each.
        labels: the labels of each.
        claimant_name: the phone owner's name(s) (:func:`.addressing.claimant_forms`; "" when not known).

    Returns:
        The labels, with ``possibly_misdirected`` (the names as words) added where it applies.
    """
    out = [list(ls) for ls in labels]
    replies = [i for i, (s, ls) in enumerate(zip(sides, labels, strict=True))
               if s == "out" and any(lb.name == "possibly_misdirected" for lb in ls)]
    if not replies:
        return out
    # whom the replies disown by name; None when one of them names nobody (it answers every named notice)
    each = [disowned(texts[i], claimant_name) for i in replies]
    named = None if not all(each) else [n for names in each for n in names]
    for i, t in enumerate(texts):
        if sides[i] == "out":
            continue
        if any(lb.name == "possibly_misdirected" for lb in out[i]):
            continue
        if claimant_name and names_claimant(t, claimant_name):
            continue  # "王芳您好，…" on 王芳's phone: hers, whatever the reply to another notice says
        # (a surname alone, "陈先生", the person may deny although it fits their name)
        names = [n.name for n in named_people(t)
                 if not (claimant_name and len(n.name) > 1 and same_person(n.name, claimant_name))
                 and (named is None or answers(named, n.name))]
        if not names:
            continue
        out[i] = _sorted_labels([*out[i], Label("possibly_misdirected", tuple(names))])
    return out

"""Honors: trigger, title, recipient, level and awarding body, for the rules backend."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise

from ..models import Honor, HonorLevel
from .rules_text import BRACKETED, Span, clauses, clip_left, masked, sentences, trim

# --------------------------------------------------------------------------- vocabulary

# Tried longest first, so 命名表彰 wins over 命名 and 表彰为 over 表彰.
HONOR_TRIGGERS = (
    "被授予", "被评为", "被命名为", "被确定为", "被认定为", "被表彰为", "命名表彰", "通报表扬",
    "通报表彰", "通报嘉奖", "成功申报", "成功创建", "获评", "荣获", "荣膺", "获得", "获批", "评为",
    "授予", "入选", "入围", "命名", "表彰", "摘得", "斩获", "表彰为", "评选为", "命名为",
    "确定为", "认定为", "表扬", "嘉奖", "获", "被列为", "评出", "评选出", "选树", "当选", "当选为",
    "喜获", "荣登", "摘取",
)  # fmt: skip
# Verbs that confer only in one construction: 挂牌 before a batch (挂牌首批“省工匠学院”,
# not 挂牌成立), 产生 before a count (共产生28名技术能手, not 产生示范效应), 涌现出 before
# a title with its count (涌现出全国劳动模范4名, not 涌现出一批感人事迹).
_SHAPED_TRIGGERS = (
    r"挂牌(?=首批|第[一二三四五六七八九十0-9]+批)|产生(?=[0-9]+[余多]?[名个家位])"
    r"|涌现出(?=[^，。；0-9]{2,30}[0-9]+[余多]?[名个家位人])"
)
# Triggers after which a plain list "TITLE N家、TITLE N人" is a list of honors.
_LIST_TRIGGERS = frozenset({"命名", "命名表彰", "表彰", "授予", "选树"})
# Triggers whose title must be quoted and counted: 选树 is just as often a campaign
# (选树先进典型, 选树“最美劳动者”).
_QUOTED_ONLY = frozenset({"选树"})
# Triggers by which the reporting union confers a title itself (unless 被 precedes).
_CONFER_TRIGGERS = _LIST_TRIGGERS | {"评出", "评选出", "产生"}
# Triggers that need a title with a recognised ending (they are common verbs).
_STRICT_TRIGGERS = frozenset(
    {"获", "获得", "授予", "入围", "获批", "被列为", "评出", "评选出", "挂牌", "产生", "当选"}
    | {"当选为", "涌现出"}
)
TITLE_SUFFIXES = (
    "奖", "奖项", "奖章", "奖状", "奖杯", "称号", "荣誉", "基地", "案例", "集体", "先进", "个人",
    "单位", "模范", "示范", "示范点", "示范区", "示范岗", "职工之家", "职工小家", "先锋号",
    "标兵", "能手", "工匠", "劳模", "劳动模范", "工作室", "品牌", "典型", "之星", "红旗", "文明岗",
    "书屋", "样板", "试点", "优秀项目", "示范项目", "品牌项目",
    # designations of places and people that the list above missed; plain nouns such as
    # 企业, 家庭, 班组 only with a qualifier (获得爱心企业支持 is no honor)
    "驿站", "站点", "示范站", "文明号", "先锋岗", "达人", "状元", "工匠学院", "职工学院",
    "工会工作者", "先进工作者", "优秀工作者", "积极分子", "之友", "之家", "小家", "楷模", "标杆",
    "卫士", "示范企业", "先进企业", "先进班组", "示范班组", "优秀班组", "最美家庭", "文明家庭",
    "五好家庭", "示范县", "先进县", "优秀成果", "工作者", "技师", "金牌工人", "劳动者", "女职工",
)  # fmt: skip
TRIGGER_RE = re.compile(
    "|".join(map(re.escape, sorted(HONOR_TRIGGERS, key=len, reverse=True))) + "|" + _SHAPED_TRIGGERS
)
_SUFFIX_ALT = "|".join(map(re.escape, sorted(TITLE_SUFFIXES, key=len, reverse=True)))
_SUFFIX_RE = re.compile(_SUFFIX_ALT)
_SHAPED = re.compile(rf"(?:{_SUFFIX_ALT})”?$|”$|\"$")
_NOT_AFTER_TRIGGER = re.compile(
    r"^(?:大会|会议|会|活动|工作|仪式|的|感|过|和|与|及|中(?![国华央])|后|前|为|一批|一些|一大批"
    r"|旨在|意在|目的|是为了|决定|通知|名单|命名的|表彰的|表扬的|具有|有[一二三四五六七八九十两几]"
    r"|部分|若干|多名|成立|建设|建立|新建|筹建|设立|暨|对象|名额|范围|比例|人数|条件|标准|程序"
    r"|人选)"
)
# An event named after the trigger: 总结表彰暨劳动竞赛启动大会, 表彰先进集体大会上.
_EVENT_NAME = re.compile(r"^[^，。“”的]{0,30}?(?:暨|(?:大会|会议|仪式|典礼)(?:[上中]|$))")
# A trigger used as a noun or attribute: 奖章获得者, 获奖单位.
_NOUN_USE = re.compile(
    r"(?:者|奖(?:者|人|单位|选手|作品|名单|证书|情况|项目|集体|个人|职工|队伍)|奖$|奖[”，。、；）)])"
)
# Before the trigger: a campaign, an application or a plan, not an award (参与评选, 拟表彰).
_NOT_YET = re.compile(r"(?:参与|参加|推荐|申报|申请|争创|拟)$")
# A title being defined, not conferred: …等荣誉称号是全国工会系统表彰先进的最高荣誉.
_DEFINITION = re.compile(r"(?:称号|荣誉|奖项|奖章|奖状)”?(?:是|乃|系)")
_BODY = (
    r"(?:中华全国总工会|全国总工会|全总|省总工会|市总工会|县总工会|区总工会|省总|市总|县总|区总"
    r"|[\u4e00-\u9fff]{2,8}?(?:总工会|人社部|人社厅|人社局|工商联|妇联|团委|人民政府|政府))"
)
_AWARDER = re.compile("^" + _BODY)
_BODY_RE = re.compile(_BODY)
_COUNT = r"[0-9零〇一二两三四五六七八九十百千万]+[余多]?"
_COUNTER = r"(?:个|家|名|人|项|次|人次|位|支|篇|所)"
# Not a rank (第一名) nor the end of a longer numeral.
_COUNT_TAIL = re.compile(rf"(?<![第0-9零〇一二两三四五六七八九十百千万]){_COUNT}{_COUNTER}$")
# Nouns that only say what was counted: 5个单位, 16名职工, 陈登新等2位同志.
_GENERIC = r"(?:基层工会|工会小组|单位|集体|个人|职工|同志|企业|班组|选手|工会|家庭|干部|会员)"
# Who was commended, named by group, not by a title: 职工, 农民工, 先进个人.
_WHO = rf"(?:{_GENERIC}|农民工|产业工人|一线职工|工人|员工|代表|群众|人员)"
_BRACKETS = r"(?:[（(][^）)]{1,10}[）)])?"
# A title's count before the next item of a list: 先进集体[10个、]先进个人20名.
_COUNTED_ITEM = re.compile(rf"{_COUNT}{_COUNTER}[、，,]")
# A counted recipient opening a list item: 授予10个单位X称号, 命名799名个人为X.
_LEAD_RECIPIENT = re.compile(
    # 命名甲工作室等13个创新工作室为“某省劳模创新工作室”: all before 为 is the recipient
    rf"^(?:([^“”，为]{{1,30}}?等{_COUNT}[个家名人位支所][^“”，为]{{0,10}}?)为(?=“)"
    rf"|({_COUNT}[个家名人位支所]{_GENERIC}+{_BRACKETS}"
    rf"|[^“”，为]{{1,30}}?等{_COUNT}[个家名人位支所]{_GENERIC}*{_BRACKETS}"
    # 授予35名技术状元“五一劳动奖章”: counted holders, then one quoted title
    # (not a place or level before the quote: 18名某市“最美劳动者” is the title's)
    rf"|{_COUNT}[个家名人位支所][^“”，为]{{1,16}}?(?<![省市县区级国])(?=“[^”]+”(?:荣誉)?(?:称号)?$)"
    r"|[0-9]+[余多]?(?:[个家名位]|人(?![民次员])))为?)"
)
# 表彰…的职工为“某省金牌工人”: the holders, then the quoted title
_NAMED_AS = re.compile(r"^([^“”]{1,12})为(“[^“”]+”.*)$")
# Titles that name no honor: 最高荣誉, 先进.
_GENERIC_TITLE = re.compile(
    r"^(?:最高|多项|各项|各类|诸多|众多|一系列)?(?:荣誉称号|荣誉|称号|奖项|殊荣|褒奖|奖励|先进|单位"
    r"|个人|集体|典型|示范|品牌|样板|试点|奖章|奖状|奖杯|项目|阶段|环节|步骤|程序|流程)$"
    # the act, not a title: 并表彰颁奖, 予以表彰奖励
    r"|^(?:颁奖|授奖|发奖|嘉奖|表彰|表扬)$"
    # who is honored, not a title: 表彰先进集体和获奖选手
    r"|^(?:(?:先进|优秀)?(?:集体|个人|单位|选手|获奖选手|获奖者)[和及与、]?)+$"
    # a title told before: 荣获此荣誉称号, 获得该奖项, 授予该项目奖章
    r"|^(?:此|该|这一?|上述|以上)(?:项|个)?(?:荣誉称号|荣誉|称号|奖项|奖励|殊荣|奖)$"
    r"|^(?:该|上述|以上)[\u4e00-\u9fff]{0,4}(?:奖章|奖状|奖杯|奖|称号|荣誉)$"
    # no title, only the kind: 奖状和奖章, 给予一定资金奖励
    r"|^(?:奖状|奖章|奖杯|证书)(?:和|及|与|、)(?:奖状|奖章|奖杯|证书)$"
    r"|^(?:一定|相应|适当)的?[\u4e00-\u9fff]{0,4}奖(?:励)?$"
)
_WIN_VERBS = frozenset("获得评领颁")
# Nominees hold no title yet: “某地工匠提名人选”, 候选人.
_NOMINEE = re.compile(r"(?:提名|提名人选|候选人|候选)”?$")
# A list item that only repeats the previous one's ending: 全国五一劳动奖状、奖章.
_ELIDED = re.compile(r"^(?:奖章|奖状|奖杯|称号)$")
MAX_TITLE = 40
MAX_RECIPIENT = 70
# After these the body is part of the title: 市总工会工作先进单位 is the city union's award.
_OWN_TITLE = re.compile("工作|系统|机关|年度")

# Level words, checked on the awarding body first, then the title, then the recipient.
_LEVELS: tuple[tuple[HonorLevel, re.Pattern[str]], ...] = (
    ("national", re.compile(r"全国|国家级|全总|中华全国|国务院|中央|人社部|工商联")),
    ("provincial", re.compile(r"省")),
    ("municipal", re.compile(r"(?<![城超都门])市(?![场民])|自治州|地级")),
    ("county", re.compile(r"县|区级|区总|区委|全区|(?:^|(?<=[“\"年批]))区(?!域)")),
)
# Province-level names and the literary names of their titles (齐鲁工匠, 三秦楷模).
PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南",
    "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
    "齐鲁", "三秦", "八闽", "荆楚", "三湘", "潇湘", "巴蜀", "天府", "燕赵", "三晋", "龙江", "陇原",
    "八桂", "中原", "赣鄱",
)  # fmt: skip
# What may open a title before its place name: 2012年, 首批, 第六届, a quote.
_PLACE_LEAD = re.compile(r"^(?:[0-9]{4}年度?|首批|第[一二三四五六七八九十0-9]+[批届]|[“\"《])+")
# How a report writes an administrative place: 苏州市委, 太仓市总工会, 慈溪市，.
_PLACE_USE = r"(?:委|总工会|政府|人民政府|人大|政协|[^\u4e00-\u9fff]|$)"
_PLACE_LEVELS: tuple[tuple[str, HonorLevel], ...] = (
    ("省", "provincial"),
    ("市", "municipal"),
    ("县", "county"),
)


def honor_level(*texts: str | None) -> HonorLevel:
    """The level named first in the first text that names one.

    >>> honor_level("市总工会", "优秀组织奖"), honor_level(None, "全国优秀案例")
    ('municipal', 'national')
    >>> honor_level("全总", "县级工会加强年典型案例")
    'national'
    """
    for text in texts:
        if not text:
            continue
        hits = [(m.start(), level) for level, rx in _LEVELS if (m := rx.search(text))]
        if hits:
            return min(hits)[1]
    return "other"


def place_level(source: str, *texts: str | None) -> HonorLevel:
    """The level of the place a title opens with, when it names no level word.

    A province (or its literary name) is provincial; a name the report itself
    writes with 省, 市 or 县 (``苏州市委``) has that level.

    >>> place_level("", "“江苏工匠”"), place_level("到苏州市委调研", "苏州技能状元")
    ('provincial', 'municipal')
    >>> place_level("最美县城", "最美驿站")
    'other'
    """
    for text in texts:
        head = _PLACE_LEAD.sub("", text or "")
        if head.startswith(PROVINCES):
            return "provincial"
        for n in (2, 3):
            found = _written_place(source, head[:n]) if len(head) > n else None
            if found:
                return found
    return "other"


def _written_place(source: str, name: str) -> HonorLevel | None:
    """The level ``source`` gives ``name`` by writing it ``name市``/``name省``/``name县``."""
    if not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return None
    for suffix, level in _PLACE_LEVELS:
        if re.search(re.escape(name + suffix) + _PLACE_USE, source):
            return level
    return None


# --------------------------------------------------------------------------- the analysed text


@dataclass(frozen=True)
class _Doc:
    """The analysed text, its masked copy and what every rule needs from them."""

    text: str
    mask: str
    quoted: tuple[Span, ...]  # “…” and 《…》 stretches: names, not statements
    org_level: HonorLevel = "other"

    @classmethod
    def build(cls, text: str, org_level: HonorLevel = "other") -> _Doc:
        quoted = tuple(
            Span(m.start(), m.end()) for m in BRACKETED.finditer(text) if m.group()[0] in '“《"'
        )
        return cls(text, masked(text), quoted, org_level)

    def in_quote(self, pos: int) -> bool:
        """Inside a quoted stretch (they never overlap, so only the last one opening
        before ``pos`` can hold it)."""
        k = bisect_left(self.quote_starts, pos) - 1
        return k >= 0 and pos < self.quoted[k].end

    @cached_property
    def quote_starts(self) -> list[int]:
        return [q.start for q in self.quoted]


@dataclass(frozen=True)
class _At:
    """One trigger in its clause and sentence."""

    doc: _Doc
    trigger: re.Match[str]
    clause: Span
    sentence: Span
    host: str = ""  # in an aside (…同时被授予X), the recipient of the honor it follows

    @property
    def word(self) -> str:
        return self.trigger.group()


def _triggers(doc: _Doc, clause: Span) -> list[re.Match[str]]:
    """The triggers of a clause that report an award.

    Not one inside quotes or a document's name, used as a noun (``奖章获得者``),
    after a campaign word (``参与评选``), or in a definition (``…称号是…表彰…``).

    >>> doc = _Doc.build("奖章获得者参加表彰大会，他荣获金奖")
    >>> [m.group() for m in _triggers(doc, Span(0, 11))], _triggers(doc, Span(12, 17))[0].group()
    ([], '荣获')
    """
    found = []
    for m in TRIGGER_RE.finditer(doc.mask, clause.start, clause.end):
        before = doc.text[clause.start : m.start()]
        if (
            doc.in_quote(m.start())
            or _in_document_name(doc, m)
            or _NOUN_USE.match(doc.text, m.end())
            or _NOT_YET.search(before)
            or _DEFINITION.search(before)
            or _told_as_occasion(doc, m, clause, before)
        ):
            continue
        found.append(m)
    return found


# An award told before, now an occasion: 以此次获评“…示范点”为契机, 以荣获…为新起点.
_OCCASION_LEAD = re.compile(r"以(?:此次|这次|本次|此番)?$")
_AS_OCCASION = re.compile(r"为(?:契机|动力|新起点|起点|新的起点|激励|鞭策)")


def _told_as_occasion(doc: _Doc, m: re.Match[str], clause: Span, before: str) -> bool:
    return bool(
        _OCCASION_LEAD.search(before) and _AS_OCCASION.search(doc.text, m.end(), clause.end)
    )


def _in_document_name(doc: _Doc, trigger: re.Match[str]) -> bool:
    """``发出关于表彰……的决定``: a document's name, even without 《》."""
    return "关于" in doc.text[max(0, trigger.start() - 6) : trigger.start()]


def _next_trigger(at: _At) -> re.Match[str] | None:
    """The next award trigger of the clause, if any; not one that only qualifies the
    title (荣获全国总工会授予的奖状: 授予的)."""
    later = [m for m in _triggers(at.doc, at.clause) if m.start() >= at.trigger.end()]
    return next((m for m in later if not at.doc.text.startswith("的", m.end())), None)


def _previous_trigger(at: _At) -> re.Match[str] | None:
    """The award trigger of the clause just before this one, if any, passing over
    those that only describe this one's recipient (``获得一等奖的选手被授予X``)."""
    earlier = [m for m in _triggers(at.doc, at.clause) if m.end() <= at.trigger.start()]
    while earlier and _describes_holder(at.doc.text, earlier[-1], at.trigger):
        earlier.pop()
    return earlier[-1] if earlier else None


# A holder after 的: 的选手, 的这5名选手, 的先进集体和个人.
_GENERIC_HOLDER = rf"(?:{_GENERIC}|人员|员工|代表|劳模|工匠)"
_HOLDER = rf"的(?:这|该|上述)?(?:{_COUNT}{_COUNTER})?[\u4e00-\u9fff]{{0,4}}?{_GENERIC_HOLDER}"
_HOLDER_RE = re.compile(rf"{_HOLDER}(?:和{_GENERIC_HOLDER})?")
# …的N, then the passive and its agent before the next trigger: …的43名选手被省总工会.
_HOLDER_THEN = re.compile(
    rf"{_HOLDER}(?:和{_GENERIC_HOLDER})?(?:还|也|均|都|同时|并|又|分别|先后)*(?:被[^的“”]{{0,40}})?$"
)


def _describes_holder(text: str, trigger: re.Match[str], later: re.Match[str]) -> bool:
    """``trigger`` opens a relative clause whose holder is the subject of ``later``.

    >>> t = "获得决赛第一名的8名选手被市总工会授予市五一劳动奖章"
    >>> _describes_holder(t, re.search("获得", t), re.search("授予", t))
    True
    """
    return bool(_HOLDER_THEN.search(text, trigger.end(), later.start()))


def _adjacent(text: str, first: re.Match[str], then: re.Match[str]) -> bool:
    """``then`` follows ``first`` at once (授予获得, 获命名为), or after 了."""
    return text[first.end() : then.start()] in ("", "了")


def _in_relative_clause(at: _At) -> bool:
    """A trigger that only describes the holder of another trigger's title: right
    after that trigger (``授予获得一等奖的选手“X”``) or in its subject
    (``获得一等奖的5名选手被授予X``). It confers nothing itself.

    >>> t = "授予获得一等奖的选手“市技术能手”称号"
    >>> at = _At(_Doc.build(t), re.search("获得", t), Span(0, len(t)), Span(0, len(t)))
    >>> _in_relative_clause(at), _in_relative_clause(replace(at, trigger=re.search("授予", t)))
    (True, False)
    """
    found = _triggers(at.doc, at.clause)
    if any(_held_by(at, outer, inner) for outer, inner in pairwise(found)):
        return True
    later = next((m for m in found if m.start() >= at.trigger.end()), None)
    return later is not None and _describes_holder(at.doc.text, at.trigger, later)


def _held_by(at: _At, outer: re.Match[str], inner: re.Match[str]) -> bool:
    """``at``'s trigger lies in the relative clause ``inner`` opens right after ``outer``:
    表彰 in ``授予获得市级表彰的选手“X”`` (from 获得 to 的选手)."""
    if not _adjacent(at.doc.text, outer, inner) or at.trigger.start() < inner.start():
        return False
    held = _holder_title(replace(at, trigger=outer), inner)
    return held is not None and at.trigger.start() < held[1]


# --------------------------------------------------------------------------- titles


@dataclass(frozen=True)
class _Title:
    """A title found after a trigger."""

    title: str
    awarded_by: str | None
    count: str = ""  # ``3家`` when a count follows the title (命名……工作室3家)
    recipient: str = ""  # ``10个单位`` when a counted recipient leads it (授予10个单位……称号)
    described: bool = False  # followed by 的 and its holders (获得X的单位): maybe a repeat


def _title_text(raw: str, trigger: str) -> tuple[str, str | None] | None:
    """Title (and awarding body) from the text after a trigger, or None.

    >>> _title_text("市总工会优秀组织奖", "荣获"), _title_text("市总工会工作先进单位", "荣获")
    (('优秀组织奖', '市总工会'), ('市总工会工作先进单位', None))
    >>> _title_text("全国优秀“爱心托管班”荣誉称号", "获评")
    ('全国优秀“爱心托管班”荣誉称号', None)
    >>> _title_text("“全国模范职工之家”", "被评为"), _title_text("大会", "表彰")
    (('“全国模范职工之家”', None), None)
    >>> _title_text("由市总工会颁发的市五一劳动奖状", "荣获"), _title_text("其银奖", "荣获")
    (('市五一劳动奖状', None), ('银奖', None))
    """
    text = _title_span(raw, trigger)
    if text is None:
        return None
    text = _balanced(_before_or_after_de(text))
    if len(text) > MAX_TITLE or len(text) < 2 or _GENERIC_TITLE.match(text) or text[0] == "获":
        return None  # 获 opens no title, only a fragment (215名获奖选手 → 获奖)
    if _NOMINEE.search(text):
        return None  # “某地工匠提名人选”: nominees, not holders
    body = _AWARDER.match(text)
    if body and len(text) - body.end() >= 2 and not _OWN_TITLE.match(text, body.end()):
        return text[body.end() :], body.group()
    return text, None


def _title_span(raw: str, trigger: str) -> str | None:
    """The text after a trigger up to the end of its title: its last recognised
    ending (``市工会工作先进单位``), or all of it when it is quoted or the trigger
    names what follows (命名, 表彰)."""
    text = re.sub(r"^(?:了|其(?![中他它]))", "", raw.strip())
    if not text or _NOT_AFTER_TRIGGER.match(text) or _SERVICE.search(text):
        return None
    if trigger in _QUOTED_ONLY and "“" not in text:
        return None  # 选树劳模工匠 is a campaign; 选树20名“某地工匠” names a title
    last = None
    for m in _SUFFIX_RE.finditer(text):
        if not (m.group()[0] == "奖" and text[m.start() - 1 : m.start()] in _WIN_VERBS):
            last = m  # not the 奖 of 获奖选手, 得奖者, 获奖项目
            if _COUNTED_ITEM.match(text, m.end()):
                break  # 表彰先进集体10个、先进个人20名: a list of counted titles, the first
    if last is not None:
        return _close_quote(text, last.end())
    quoted = re.search(r"“[^”]+”", text)
    if trigger in _STRICT_TRIGGERS:
        return text if _LEVELED_QUOTE.fullmatch(text) else None
    if not (quoted or trigger in _LIST_TRIGGERS):
        return None
    if not quoted and trigger == "表彰" and _PLAIN_COMMENDATION.search(text):
        return None
    return text


# 表彰 before no title word and no quote: a clause (表彰全面贯彻党的二十大精神, 表彰为…作出
# 贡献的同志) or a group counted (共表彰农民工172人), not a title.
_PLAIN_COMMENDATION = re.compile(rf"的|^{_WHO}+(?![\u4e00-\u9fff])")


# What someone provides is a service, not a title: 可获得各级工会提供的法律援助、职工书屋….
_SERVICE = re.compile(r"(?:提供|给予|带来|赠送)的")
# A quoted title after a common verb (获) needs a conferring level before it:
# 获2023年度四川工会“好新闻”, not 获得了“娘家人”的温暖.
_LEVELED_QUOTE = re.compile(
    r"(?:(?:19|20)[0-9]{2}年度?)?[^“”，。；]{0,12}?(?:全国|全省|全市|全县|[省市县区]级|年度|工会)"
    r"[^“”，。；]{0,6}“[^”]{2,16}”"
)


def _close_quote(text: str, cut: int) -> str:
    """``text[:cut]``, extended past the closing quote when the cut falls inside one."""
    head = text[:cut]
    if head.count("“") > head.count("”"):
        close = text.find("”", cut)
        return text[: close + 1] if close >= 0 else head
    return head


def _before_or_after_de(title: str) -> str:
    """A title with 的 outside its quotes: the titled part before it, else the part after.

    >>> _before_or_after_de("“全国五一劳动奖状”的单位"), _before_or_after_de("“最美的你”奖")
    ('“全国五一劳动奖状”', '“最美的你”奖')
    """
    cuts = _de_cuts(title)
    if not cuts:
        return title
    return title[: cuts[0]] if _describes(title) else title[cuts[-1] + 1 :]


def _de_cuts(title: str) -> list[int]:
    """Where 的 stands outside the quotes of ``title``: in ``“最美的你”的单位``, at 6."""
    return [i for i, c in enumerate(title) if c == "的" and _outside_quotes(title, i)]


def _describes(text: str) -> bool:
    """A title followed by 的 and what holds it: ``全国五一劳动奖状、奖章的先进集体``.

    >>> _describes("全国五一劳动奖状的单位"), _describes("“最美的你”奖"), _describes("最美的你")
    (True, False, False)
    """
    cuts = _de_cuts(text)
    return bool(cuts) and bool(_SHAPED.search(text[: cuts[0]]))


def _outside_quotes(text: str, pos: int) -> bool:
    """``text[pos]`` is outside “…” and "…": True for the 的 of ``“甲”的乙``."""
    before = text[:pos]
    return before.count("“") == before.count("”") and before.count('"') % 2 == 0


def _balanced(title: str) -> str:
    """``title`` without a stray opening quote: ``"全国"五一"劳动奖章`` → ``全国"五一"劳动奖章``."""
    if title.startswith('"') and title.count('"') % 2:
        return title[1:]
    if title.startswith("“") and "”" not in title:
        return title[1:]
    open_at = title.rfind("（")
    if open_at > 0 and "）" not in title[open_at:]:
        return title[:open_at]  # 全国五一巾帼奖状（奖章 → 全国五一巾帼奖状
    return title


_LIST_END = re.compile(
    r"等(?:[0-9一二三四五六七八九十多]+[项个])?(?:荣誉称号|荣誉|称号|奖项|多项荣誉)$"
)
_LIST_CUT = re.compile(  # not the 、 of ranks written once: 优秀成果二、三等奖
    r"(?<![一二三四五六七八九十])、|(?<=[一二三四五六七八九十])、(?![一二三四五六七八九十])"
    r"|(?<=[”》])(?:和|及|与)|(?<=[奖章状号家室位地例])(?:和|及)(?=[\u4e00-\u9fff“]{4})"
    r"|(?:和|及)(?=[0-9]+[余多]?[个家名位项人])"
)
_CONJ_TAIL = re.compile(r"(?:并且|并|同时|还|也|又)$")


def _list_parts(mask: str, span: Span) -> list[Span]:
    """``span`` cut at its list separators (、, and 和 between titles)."""
    parts, start = [], span.start
    for m in _LIST_CUT.finditer(mask, span.start, span.end):
        parts.append(Span(start, m.start()))
        start = m.end()
    parts.append(Span(start, span.end))
    return parts


def _title_of(text: str, part: Span, trigger: str) -> _Title | None:
    """One list item as a title: its ``等荣誉`` tail dropped, a count after it and a
    counted recipient before it set apart.

    >>> t = _title_of("授予10个单位全国先进集体称号", Span(2, 15), "授予")
    >>> t.title, t.awarded_by, t.count, t.recipient
    ('全国先进集体称号', None, '', '10个单位')
    >>> _title_of("荣获5个单位", Span(2, 6), "荣获") is None
    True
    """
    raw = _LIST_END.sub("", _CONJ_TAIL.sub("", part.of(text).strip())).removeprefix("了")
    lead = _LEAD_RECIPIENT.match(raw)
    if lead:
        raw = raw[lead.end() :]
    elif trigger in _QUOTED_ONLY:
        return None  # 选树“最美劳动者” is a campaign; 选树20名“某地工匠” confers
    count = _COUNT_TAIL.search(raw)
    found = _title_text(raw[: count.start()] if count else raw, trigger)
    if found is None:
        return None
    who = (lead.group(1) or lead.group(2)) if lead else ""
    title = found[0]
    named = _NAMED_AS.match(title)
    if named:
        title, who = named.group(2), who or named.group(1)
    return _Title(title, found[1], count.group() if count else "", who)


def _list_split(at: _At, stop: int) -> tuple[int, int]:
    """Where the titles after the trigger end, and where the subject of the next
    trigger (at ``stop``) starts: the last list item is that subject unless it is
    a title itself.

    >>> t = "A荣获X称号、B等2家单位荣获Y称号"
    >>> at = _At(_Doc.build(t), TRIGGER_RE.search(t), Span(0, len(t)), Span(0, len(t)))
    >>> _list_split(at, t.rindex("荣获"))
    (6, 7)
    """
    parts = _list_parts(at.doc.mask, Span(at.trigger.end(), stop))
    if len(parts) < 2:
        return stop, stop
    subject_first = at.doc.text.startswith(_SUBJECT_FIRST, stop)
    if not subject_first and _title_of(at.doc.text, parts[-1], at.word):
        return stop, stop
    return parts[-2].end, parts[-1].start


# Triggers whose subject is the item right before them, even one shaped like a title:
# 获评A、B、“工会+税务”…工作入选全省十大创新案例.
_SUBJECT_FIRST = ("入选", "被评为", "被命名为", "被授予", "被确定为")


def _titles_after(at: _At) -> list[_Title]:
    """The titles a trigger introduces: one, or a list (``荣获A、B等荣誉``, ``命名A3家、B6家``).

    The title ends at the next trigger of the clause, before that trigger's own
    subject. A list is taken when every item is a title on its own; else the first
    item alone (``获评A、B入选C``), else the whole rest as one title (``全国、全省先进典型``).
    """
    text, nxt = at.doc.text, _next_trigger(at)
    if _EVENT_NAME.match(text[at.trigger.end() : at.clause.end]):
        return []
    held = _titles_after_holder(at, nxt) if nxt and _adjacent(text, at.trigger, nxt) else []
    if held:
        return held
    end = _list_split(at, nxt.start())[0] if nxt else at.clause.end
    rest = trim(text, Span(at.trigger.end(), end))
    named = _named_for(at, rest) if at.word in _NAMING else []
    if named:
        return named
    titles = _listed_titles(at, rest)
    return [replace(t, described=True) for t in titles] if _describes(rest.of(text)) else titles


_NAMING = frozenset({"命名", "命名表彰"})


def _named_for(at: _At, rest: Span) -> list[_Title]:
    """``命名A、B为T``: the holders (quoted names and lists too), then the title after
    the last 为 outside quotes.

    >>> t = "命名了“红旗号”机车组、小东站为第一批铁路“工人先锋号”"
    >>> at = _At(_Doc.build(t), TRIGGER_RE.search(t), Span(0, len(t)), Span(0, len(t)))
    >>> [(x.title, x.recipient) for x in _named_for(at, Span(2, len(t)))]
    [('第一批铁路“工人先锋号”', '“红旗号”机车组、小东站')]
    """
    text = at.doc.text
    cut = text.rfind("为", rest.start, rest.end)
    while cut > rest.start and at.doc.in_quote(cut):
        cut = text.rfind("为", rest.start, cut)
    who = text[rest.start : cut].removeprefix("了").strip() if cut > rest.start else ""
    if not who or (_COUNT_TAIL.search(who) and len(who) <= _SHORT_COUNT):
        return []  # 命名45人为…: the counted forms are read by the list rules
    found = _title_text(text[cut + 1 : rest.end], at.word)
    if found is None or not (_SUFFIX_RE.search(found[0]) or "“" in found[0]):
        return []
    return [_Title(found[0], found[1], "", _bounded(who))]


_SHORT_COUNT = 6  # 命名45名个人为…: a bare count, left to the list rules


_QUOTE_ITEM = re.compile(r"“[^“”]{2,30}”")
_QUOTE_RUN = re.compile(r"((?:“[^“”]{2,30}”){2,6})(?:等)?(?:荣誉称号|称号|荣誉)?")


def _listed_titles(at: _At, rest: Span) -> list[_Title]:
    """The titles of ``rest``: every list item when each is a title, else the first
    item, else all of it. An item that only repeats an ending (``奖状、奖章``) is
    passed over: it names no title of its own. Items of a list that says it names
    titles (``A、B等荣誉称号``) need only be quoted, even after a verb as common as 获得."""
    text = at.doc.text
    quotes = _QUOTE_RUN.fullmatch(rest.of(text))
    if quotes:  # 荣膺“全国巾帼建功标兵”“全国五一劳动奖章”: titles quoted side by side
        return [_Title(q.group(), None) for q in _QUOTE_ITEM.finditer(quotes.group(1))]
    named = _LIST_END.search(rest.of(text)) and at.word in _STRICT_TRIGGERS
    word = _PLAIN if named else at.word
    parts = [p for p in _list_parts(at.doc.mask, rest) if not _ELIDED.match(p.of(text).strip())]
    parts = _names_joined(text, parts)
    titles = [_title_of(text, p, word) for p in parts]
    if len(parts) > 1 and all(titles):
        return [t for t in titles if t]
    first = titles[0] if len(parts) > 1 else None
    whole = first or _title_of(text, rest, word)
    return [whole] if whole else []


_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_NAMED_COUNT = re.compile(rf"^[\u4e00-\u9fff]{{2,4}}等{_COUNT}[名人位]")


def _names_joined(text: str, parts: list[Span]) -> list[Span]:
    """People's names listed before ``某某等10名“T”`` belong to its holders, not to the
    titles: 表彰了吕某、童某等10名“最美劳动者” is one title for 吕某、童某等10名.

    >>> t = "甲某某、吕某、童某等10名“最美劳动者”"
    >>> [p.of(t) for p in _names_joined(t, [Span(0, 3), Span(4, 6), Span(7, len(t))])]
    ['甲某某、吕某、童某等10名“最美劳动者”']
    """
    out: list[Span] = []
    joinable = False  # the part last kept opens with 某某等N名 (or names were joined to it)
    for part in reversed(parts):
        if joinable and _PERSON.match(part.of(text).strip()):
            out[-1] = Span(part.start, out[-1].end)
            continue
        out.append(part)
        joinable = _NAMED_COUNT.match(part.of(text).strip()) is not None
    return out[::-1]


def _titles_after_holder(at: _At, inner: re.Match[str]) -> list[_Title]:
    """The title after the holder a relative clause describes, that clause its recipient:
    ``授予获得一等奖的选手“市五一劳动奖章”`` → 市五一劳动奖章, to 获得一等奖的选手.

    >>> t = "授予获得一等奖的选手“市五一劳动奖章”"
    >>> at = _At(_Doc.build(t), re.search("授予", t), Span(0, len(t)), Span(0, len(t)))
    >>> [(x.title, x.recipient) for x in _titles_after_holder(at, re.search("获得", t))]
    [('“市五一劳动奖章”', '获得一等奖的选手')]
    """
    held = _holder_title(at, inner)
    if held is None:
        return []
    title, end = held
    return [replace(title, recipient=_bounded(at.doc.text[inner.start() : end]))]


def _holder_title(at: _At, inner: re.Match[str]) -> tuple[_Title, int] | None:
    """The title after the last holder of ``inner``'s relative clause that one follows
    (``命名获得X的5名职工为Y`` too), and where that holder ends."""
    text, doc = at.doc.text, at.doc
    holders = _HOLDER_RE.finditer(doc.mask, inner.end(), at.clause.end)
    for m in reversed([m for m in holders if not doc.in_quote(m.start())]):
        start = m.end() + text.startswith("为", m.end())
        found = _title_of(text, trim(text, Span(start, at.clause.end)), at.word)
        if found:
            return found, m.end()
    return None


# A prize that names no contest (三等奖, 金奖) and the contests that can give it.
_BARE_PRIZE = re.compile(r"^[\u4e00-\u9fff]{1,5}奖$")
_CONTEST = re.compile(r"大赛|比赛|竞赛|选拔赛|大奖赛|联赛|锦标赛|运动会|评选|展演|征文|擂台赛")
_BEFORE_CONTEST = re.compile(r"^.*(?:参加|参与|举办|组织|荣获|获得|获|在(?!线)|于|的)")


def _contest(at: _At) -> str | None:
    """The contest named earlier in the sentence, the giver of a bare prize.

    >>> t = "5名选手参加市职工歌唱大赛，2人获三等奖。"
    >>> _contest(_At(_Doc.build(t), re.search("获", t), Span(14, 20), Span(0, 21)))
    '市职工歌唱大赛'
    """
    mask = at.doc.mask
    ends = [m.end() for m in _CONTEST.finditer(mask, at.sentence.start, at.trigger.start())]
    if not ends:
        return None
    start = max(mask.rfind(c, at.sentence.start, ends[-1]) for c in "，、；：") + 1
    name = _BEFORE_CONTEST.sub("", at.doc.text[max(start, at.sentence.start) : ends[-1]])
    return name if 2 < len(name) <= MAX_TITLE else None


# --------------------------------------------------------------------------- recipients

_RECIPIENT_LEAD = re.compile(
    r"^(?:其中|同时|并且|并|还|也|均|已|先后|累计|共有|共|其|该|此外|另外|此次|本次|日前|近日|全年"
    r"|最终|最后"
    r"|年内|今年以来|今年|去年|近年来|近[一二三四五六七八九十0-9]+年|[0-9]{4}年(?:以来|度)?"
    r"|[我全][市县区省]|另?有(?=[0-9零〇一二两三四五六七八九十百千万]))+"
)
_RECIPIENT_TAIL = re.compile(
    r"(?:成功|先后|分别|均|还|也|已|被|荣|共|累计|[^，]{0,4}联合|连续[^，]{0,3}年|多次|再次|首次|同时"
    r"|因此|由此|因而|此次|本次|日前|近日)+$"
)
# A count of one before a name is dropped (1个托管班 → 托管班); a larger count (5个工作室)
# or one before a generic noun (1个单位) stays.
_BARE_COUNT = re.compile(rf"^(?:1|一)[个家项](?!{_GENERIC})(?=[\u4e00-\u9fff“]{{2}})")
_SUBJECT = re.compile(
    r"^[^，。]{1,24}?(?:等地|等单位|等县区|等县|总工会|工会|中心|公司|集团|学校|医院)"
    r"|^[^，。]{2,24}?[县市区镇](?![级委总工])"
)
# An enumerated item that is a statement of its own, not a co-recipient.
_EVENT = re.compile(r"在[^、，]{1,20}?[上中]|发言|举办|召开|启用|开园|挂牌|成立")
# A clause that reports work done (县总工会积极推进……建设), not one that names people.
_PREDICATE = re.compile(
    r"积极|大力|深入|认真|不断|始终|坚持|推进|推动|开展|加强|实施|组织|围绕|聚焦|打造|完善|落实"
    r"|强化|提升|着力|创新|探索|建立|建成|举办|位列|位居|名列|排名"
)


def _recipient(at: _At) -> str:
    """The subject in the trigger's own clause: after an earlier honor's titles
    (``A获评X、B入选Y`` → B), the subject of that honor when none is named between
    (``A获评X并入选Y`` → A), else the clause's head before the trigger.

    >>> t = "县总工会荣获X奖、市总工会荣获Y奖"
    >>> m = list(TRIGGER_RE.finditer(t))[1]
    >>> _recipient(_At(_Doc.build(t), m, Span(0, len(t)), Span(0, len(t))))
    '市总工会'
    """
    prev = _previous_trigger(at)
    if prev is not None:
        start = _list_split(replace(at, trigger=prev), at.trigger.start())[1]
        before = _clean_subject(at.doc.text[start : at.trigger.start()])
        return _bounded(before) if len(before) >= 2 else _recipient(replace(at, trigger=prev))
    agent = _AGENT.search(at.doc.text, at.clause.start, at.trigger.start())
    stop = agent.start() if agent else at.trigger.start()
    start = _enumeration_start(at.doc, at.clause.start, stop)
    before = _clean_subject(at.doc.text[start : at.trigger.start()])
    return _bounded(before) if len(before) >= 2 else ""


# Where the subject ends and the passive's agent begins (甲公司被人社部、全国总工会联合授予).
# Where the subject ends: the passive's agent, what it is praised for (A凭借扎实的工作),
# or the campaign it won in (院工会在…活动中).
_AGENT = re.compile(
    "被|受到|得到|凭借|凭着|依靠|以其|因其|在[^，。]{2,40}?(?:活动|比赛|竞赛|评选)中$"
)


def _clean_subject(raw: str) -> str:
    """The subject without lead adverbs, the passive's agent, trailing particles or a
    bare count: ``其中1个托管班成功`` → 托管班, ``以上5人同时被全国总工会`` → 以上5人."""
    head = _AGENT.split(_RECIPIENT_LEAD.sub("", raw.strip()))[0]
    return _BARE_COUNT.sub("", _RECIPIENT_TAIL.sub("", head.strip()).strip())


def _enumeration_start(doc: _Doc, start: int, stop: int) -> int:
    """Start of the subject in ``doc.text[start:stop]``: after the last 、 whose
    item before it is a statement of its own.

    >>> t = "“甲”工作在全国会上作发言、“乙”工作获评"
    >>> t[_enumeration_start(_Doc.build(t), 0, len(t) - 2) :]
    '“乙”工作获评'
    """
    seps = [start + m.start() for m in re.finditer("、", doc.mask[start:stop])]
    for k in range(len(seps) - 1, -1, -1):
        item = doc.text[seps[k - 1] + 1 if k else start : seps[k]]
        if _EVENT.search(item) or TRIGGER_RE.search(item):
            return seps[k] + 1
    return start


def _bounded(recipient: str) -> str:
    """A long recipient's end, cut after a separator so that no item is cut in two:
    of ``甲公司工会、乙公司工会、…`` longer than :data:`MAX_RECIPIENT`, its last items."""
    if len(recipient) <= MAX_RECIPIENT:
        return recipient
    tail = clip_left(recipient, MAX_RECIPIENT)
    cut = min((tail.find(c) for c in "、，" if c in tail), default=-1)
    return tail[cut + 1 :] if 0 <= cut < len(tail) - 2 else tail


def _outer_recipient(at: _At) -> str:
    """The subject of the sentence before the trigger's clause: all of the clause
    before a passive one when it only names (``A公司、B公司，被评为X``), else the
    first clause whose head is a union, company, place …"""
    leads = _clauses_before(at.doc.text, at.sentence, at.clause)
    own = _RECIPIENT_LEAD.sub("", at.doc.text[at.clause.start : at.trigger.start()].strip())
    passive = (own or at.word).startswith("被")
    if passive and leads and _only_names(at.doc, leads[0]):
        return _bounded(_clean_subject(trim(at.doc.text, leads[0]).of(at.doc.text)))
    earlier = _triggers(at.doc, leads[0]) if passive and leads else []
    if earlier:  # 任某等14人获一等奖，被授予X称号: the same holders
        return _recipient(replace(at, trigger=earlier[-1], clause=leads[0]))
    for lead in leads:
        lead_text = _AGENT.split(lead.of(at.doc.text).strip())[0]  # 公司凭借…工作 → 公司
        head = _SUBJECT.match(lead_text)
        if head:  # a place name inside a quoted work names the whole work
            whole = BRACKETED.match(lead_text)
            return whole.group() if whole and whole.end() > head.end() else head.group()
    return ""


_UNION_HEAD = re.compile(r"^(?:[\u4e00-\u9fff]{0,6}?[省市县区])?总工会")
_NOT_IN_NAME = re.compile("[了的将在向对和与从被]")


def _outer_body(at: _At) -> tuple[str | None, bool]:
    """Who confers by a trigger with no subject, and whether it confers at all: the
    union heading the clause before (``市总工会下发《决定》，授予…`` → 市总工会); no one
    when that clause reports an honor received (``县总工会荣获X，同时授予Y``: the
    union received Y too).

    >>> t = "市总工会发文，授予张某市五一劳动奖章"
    >>> _outer_body(_At(_Doc.build(t), re.search("授予", t), Span(7, len(t)), Span(0, len(t))))
    ('市总工会', True)
    """
    leads = _clauses_before(at.doc.text, at.sentence, at.clause)
    found = _triggers(at.doc, leads[0]) if leads else []
    if found:
        return None, found[-1].group() in _CONFER_TRIGGERS
    head = _UNION_HEAD.match(trim(at.doc.text, leads[0]).of(at.doc.text)) if leads else None
    return (head.group() if head and not _NOT_IN_NAME.search(head.group()) else None), True


def _only_names(doc: _Doc, clause: Span) -> bool:
    """A clause that names people or units: no trigger, no verb of work done.

    >>> t = "甲公司经理、工会主席张某，县总工会积极推进建设"
    >>> _only_names(_Doc.build(t), Span(0, 12)), _only_names(_Doc.build(t), Span(13, 24))
    (True, False)
    """
    a, b = clause.start, clause.end
    text = doc.text
    return not (
        _triggers(doc, clause) or _PREDICATE.search(text, a, b) or _EVENT.search(text, a, b)
    )


def _clauses_before(text: str, sentence: Span, clause: Span) -> list[Span]:
    """The clauses of ``sentence`` before ``clause``, nearest first."""
    spans = clauses(masked(text[sentence.start : clause.start]))
    return [Span(sentence.start + c.start, sentence.start + c.end) for c in reversed(spans)]


_PASSIVE_BY = re.compile(r"(?:被|受到|得到|获得)([^，。被]{2,40}?)(?:联合|共同)?$")
_GOT_FROM = re.compile(rf"(?:荣获|获得|获)({_BODY})$")


def _awarder_before(text: str, trigger: re.Match[str], clause: Span) -> str | None:
    """``被人社部、全国总工会联合通报表扬`` → 人社部、全国总工会; also after 受到/得到,
    and ``荣获市总命名`` → 市总."""
    before = text[clause.start : trigger.start()]
    m = _PASSIVE_BY.search(before) or _GOT_FROM.search(before)
    return m.group(1) if m and not _HOLDER_RE.search(m.group(1)) else None


# --------------------------------------------------------------------------- honors

_PASSIVE_ONLY = frozenset({"通报表扬", "通报表彰", "通报嘉奖", "表彰", "表扬", "嘉奖"})
MIN_TRIGGER_TITLE = 4  # a shorter trigger (表彰) is titled with its body: 市总工会表彰
_PLAIN = "荣获"  # a trigger whose title must be quoted or have a recognised ending
_LEVEL_WORD = r"(?:全国|国家级|省级|市级|县级|区级)"
# A title of a list continued without its verb: quoted (，“模范职工小家”26家) or a
# level word and a title ending (，市级示范点5个).
_CONTINUED = re.compile(
    rf"^(?:{_LEVEL_WORD}|[\u4e00-\u9fff]{{1,6}}?[省市县区])?“[^”]+”(?:称号)?$"
    rf"|^{_LEVEL_WORD}.*(?:{_SUFFIX_ALT})$"
    # or a short title ending, the clause holding nothing else (，工会工作积极分子10名),
    # no total (全县共有文明单位20家)
    rf"|^(?![^，]*(?:有|达|共|累计|全[县市省区]))[\u4e00-\u9fff]{{2,12}}(?:{_SUFFIX_ALT})$"
)
# An item naming who was counted, not a title (，先进个人33名): the list goes on past it.
_GENERIC_COUNTED = re.compile(rf"^(?:先进|优秀)?{_WHO}+{_COUNT}{_COUNTER}$")
# A clause closing on a counted, quoted title (选树20名“某地工匠”): a list may run on.
_COUNT_LEAD_QUOTE = re.compile(rf"{_COUNT}{_COUNTER}[^，。“”]{{0,8}}“[^”]+”(?:称号)?$")
# A bracketed aside within a clause: （以上5人同时被省总工会授予……）.
_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")


@dataclass(frozen=True)
class _Found:
    """An honor at the offset of its trigger."""

    pos: int
    honor: Honor
    described: bool = False  # its title only describes its holders (获得X的单位)


def extract_honors(text: str, org_level: HonorLevel = "other") -> list[tuple[int, Honor]]:
    """Every honor: a trigger (outside quotes and document titles) followed by a title.

    >>> [(h.title, h.level, h.awarded_by) for _, h in extract_honors("县总荣获市总工会优秀奖。")]
    [('优秀奖', 'municipal', '市总工会')]
    >>> [h.title for _, h in extract_honors("印发《关于表彰全国模范职工之家的决定》。")]
    []
    >>> [h.title for _, h in extract_honors("发出关于表彰先进集体的决定。")]
    []
    """
    doc = _Doc.build(text, org_level)
    found: list[_Found] = []
    for sentence in sentences(doc.mask):
        found += (
            _sentence_honors(doc, sentence)
            or _commended_objects(doc, sentence)
            or _listed_honors(doc, sentence)
            or _counted_before(doc, sentence)
        )
    kept = _totals_dropped(
        _counted_previews_dropped(_previews_dropped(_dedupe_honors(text, found)))
    )
    return [(f.pos, f.honor) for f in kept]


# Who is only counted, by kind: 1个集体, 两个集体, 我市1个集体和1名个人分 (not a bare
# 12人, which a described title counts: 获得X的职工有12人).
_COUNTED_ONLY = re.compile(
    rf"^(?:(?:我[省市县区])?{_COUNT}{_COUNTER}{_GENERIC}(?:和|及|与|、)?)+分?$"
)


def _counted_previews_dropped(found: list[_Found]) -> list[_Found]:
    """Holders only counted (``我市1个集体获全国五一劳动奖状``) for a title the report
    then gives to named holders: the same award told twice, the count first.

    >>> t = "我市1个集体获全国五一劳动奖状。其中，某某食品公司获得全国五一劳动奖状。"
    >>> [(h.title, h.recipient) for _, h in extract_honors(t)]
    [('全国五一劳动奖状', '某某食品公司')]
    """
    named = [_same(f.honor.title) for f in found if not _counted_only(f.honor.recipient)]

    def told_again(title: str) -> bool:
        bare = _same(title)
        return any(n and (n in bare or bare in n) for n in named)

    return [
        f for f in found if not (_counted_only(f.honor.recipient) and told_again(f.honor.title))
    ]


def _counted_only(recipient: str) -> bool:
    return bool(recipient) and _COUNTED_ONLY.match(recipient) is not None


_BARE_NUMBER = re.compile(rf"^{_COUNT}{_COUNTER}$")


def _totals_dropped(found: list[_Found]) -> list[_Found]:
    """A national title with a bare count for its holder, conferred by the national
    body (``全国总工会表彰全国五一劳动奖状255个``): that year's national total, a figure
    of the report, not an honor of anyone in it.

    >>> extract_honors("今年全国总工会表彰全国五一劳动奖状255个、全国五一劳动奖章1088个。")
    []
    >>> [h.title for _, h in extract_honors("县总工会命名表彰县级劳模45人。")]
    ['县级劳模']
    """
    return [
        f
        for f in found
        if not (
            f.honor.level == "national"
            and _BARE_NUMBER.match(f.honor.recipient)
            and f.honor.awarded_by is not None
            and honor_level(f.honor.awarded_by) == "national"
        )
    ]


def _previews_dropped(found: list[_Found]) -> list[_Found]:
    """A title named for no one (``表彰全国五一巾帼奖状``) that the report then gives
    to its holders is their honor told in advance: it goes.

    >>> t = "全总召开表彰大会，表彰全国五一巾帼奖状（奖章）。甲工区等10个集体荣获全国五一巾帼奖状。"
    >>> [(h.title, h.recipient) for _, h in extract_honors(t)]
    [('全国五一巾帼奖状', '甲工区等10个集体')]
    """
    held = {_same(f.honor.title) for f in found if f.honor.recipient}
    return [
        f for f in found if f.honor.recipient or f.described or _same(f.honor.title) not in held
    ]


# ``公布了第九批某省劳模和工匠人才创新工作室名单，我市5家创新工作室榜上有名``: a list of
# holders announced, the recipient on it.
# The holders may come a clause before the verb: 公布了全国“最美工会驿站”名单，A、B凭借……，成功入选.
_LISTED = re.compile(
    r"(?:公布|公示|发布|揭晓|下发)了?(?:第[一二三四五六七八九十0-9]+批|[0-9]{4}年度?)?"
    r"(?P<title>[^，。；、《》]{4,30}?)(?:名单|名录|评选结果|评审结果|结果)[，,]?"
    r"(?P<who>[^，。；]{2,60}?)(?:[，,][^，。；]{0,12}?)?(?:成功|均|全部)?"
    r"(?:榜上有名|上榜|名列其中|入选|位列其中)"
)


# ``35名技术状元，322名技术能手，63家优胜单位获表彰``: the titles counted, then the verb.
_COMMENDED_END = re.compile(r"(?:获|获得|受到|受|荣获)(?:了)?(?:表彰|表扬|嘉奖)[。！!]?$")
_WHO_ONLY = re.compile(rf"{_WHO}+")
_COUNTED_TITLE = re.compile(rf"^(?P<n>{_COUNT}{_COUNTER})(?P<t>[^，。；、“”]{{2,16}})$")


def _counted_before(doc: _Doc, sentence: Span) -> list[_Found]:
    """Counted titles listed before a bare 获表彰 (a sentence whose trigger named none).

    >>> t = "大会举行，35名技术状元，322名技术能手，63家优胜单位获表彰。"
    >>> [(h.title, h.recipient) for _, h in extract_honors(t)]
    [('技术状元', '35名'), ('技术能手', '322名'), ('优胜单位', '63家')]
    """
    text = doc.text
    spans = clauses(doc.mask, sentence.start, sentence.end)
    last = trim(text, spans[-1]) if spans else None
    verb = _COMMENDED_END.search(last.of(text)) if last else None
    if last is None or verb is None:
        return []
    items = [trim(text, c) for c in spans[:-1]] + [Span(last.start, last.start + verb.start())]
    evidence = trim(text, sentence).of(text)
    found: list[_Found] = []
    for item in reversed(items):  # the list runs back from the verb
        m = _COUNTED_TITLE.match(item.of(text))
        if m is None:
            break  # the list opens after the clause that is no counted title
        title = m["t"]
        if _GENERIC_TITLE.match(title) or _WHO_ONLY.fullmatch(title):
            continue  # 20名先进个人, 20名职工 name who, not a title: the list goes on
        level = _level(doc, title, None, None)
        honor = Honor(title=title, recipient=m["n"], level=level, evidence=evidence)
        found.append(_Found(item.start, honor))
    return found[::-1]


# ``市总工会对甲公司等50个“工人先锋号”、乙工作室等12个创新工作室予以通报``: the
# holders and their counted titles as the object of a commendation.
_COMMENDED_OBJECTS = re.compile(
    rf"(?P<by>{_BODY})?对(?P<items>[^。；！？]{{6,400}}?)(?:予以|给予|进行)了?"
    r"(?:通报表扬|通报表彰|通报嘉奖|表彰|表扬|嘉奖|通报(?!批评))"
)
_COUNTED_HOLDERS = re.compile(
    rf"^(?P<who>.{{2,50}}?等{_COUNT}{_COUNTER}(?:单位|集体|个人|同志)?)(?P<t>.{{2,40}})$"
)


def _commended_objects(doc: _Doc, sentence: Span) -> list[_Found]:
    """Counted titles with their holders, commended as an object (对…予以表彰/通报).

    >>> t = "市总工会对甲公司等50个市“工人先锋号”、乙工作室等12个创新工作室予以通报。"
    >>> [(h.title, h.recipient, h.awarded_by) for _, h in extract_honors(t)]
    [('市“工人先锋号”', '甲公司等50个', '市总工会'), ('创新工作室', '乙工作室等12个', '市总工会')]
    >>> extract_honors("市总工会对甲公司等3家单位予以通报批评。")
    []
    """
    text = doc.text
    m = _COMMENDED_OBJECTS.search(doc.mask, sentence.start, sentence.end)
    if m is None:
        return []
    evidence = trim(text, sentence).of(text)
    by = text[m.start("by") : m.end("by")] or None
    found: list[_Found] = []
    items = _list_parts(doc.mask, Span(m.start("items"), m.end("items")))
    for part in _names_joined(text, items):
        item = _COUNTED_HOLDERS.match(part.of(text).strip())
        if item is None or _GENERIC_TITLE.match(item["t"]) or _WHO_ONLY.fullmatch(item["t"]):
            continue
        title, who = item["t"], item["who"]
        honor = Honor(
            title=title,
            recipient=who,
            level=_level(doc, title, by, who),
            awarded_by=by,
            evidence=evidence,
        )
        found.append(_Found(part.start, honor))
    return found


def _listed_honors(doc: _Doc, sentence: Span) -> list[_Found]:
    """A title by the list its holders are on (a sentence with no trigger of its own).

    >>> t = "某省总工会公布了第九批某省劳模和工匠人才创新工作室名单，我市5家创新工作室榜上有名。"
    >>> [(h.title, h.recipient, h.level) for _, h in extract_honors(t)]
    [('某省劳模和工匠人才创新工作室', '5家创新工作室', 'provincial')]
    """
    m = _LISTED.search(doc.text, sentence.start, sentence.end)
    if m is None or not _SUFFIX_RE.search(m["title"]):
        return []
    title, who = m["title"], _clean_subject(m["who"])  # cut before 凭借…: see _AGENT
    by = _awarder_before(doc.text, m, Span(sentence.start, m.start()))
    level = _level(doc, title, by, who)
    evidence = trim(doc.text, sentence).of(doc.text)
    honor = Honor(title=title, recipient=who, level=level, awarded_by=by, evidence=evidence)
    return [_Found(m.start("title"), honor)]


def _sentence_honors(doc: _Doc, sentence: Span) -> list[_Found]:
    """The honors of one sentence, clause by clause, with lists that run on into
    the next clauses without their verb (``获评A27家，B26家``)."""
    found: list[_Found] = []
    spans = clauses(doc.mask, sentence.start, sentence.end)
    for k, clause in enumerate(spans):
        here = _clause_honors(doc, clause, sentence)
        body = trim(doc.text, clause).of(doc.text)
        if here and (_COUNT_TAIL.search(body) or _COUNT_LEAD_QUOTE.search(body)):
            here += _continued(doc, spans[k + 1 :], here[-1])
        found += here
    return found


def _clause_honors(doc: _Doc, clause: Span, sentence: Span) -> list[_Found]:
    """The honors of one clause, an aside that holds a trigger taken on its own: in
    ``授予5个集体“A”称号（同时被省总工会授予B）`` the aside's B goes to A's recipient.

    >>> [(h.title, h.recipient) for _, h in extract_honors("授予3人“A”称号（同时被授予B奖章）。")]
    [('“A”称号', '3人'), ('B奖章', '3人')]
    """
    found: list[_Found] = []
    for piece, aside in _pieces(doc, clause):
        host = found[-1].honor.recipient if aside and found else ""
        for trigger in _triggers(doc, piece):
            found += _honors_at(_At(doc, trigger, piece, sentence, host))
    return found


def _pieces(doc: _Doc, clause: Span) -> list[tuple[Span, bool]]:
    """``clause`` cut around its asides that hold a trigger, each marked True:
    ``授予4人A称号（同时被授予B）`` → 授予4人A称号, 同时被授予B (True)."""
    pieces, start = [], clause.start
    for m in _ASIDE.finditer(doc.mask, clause.start, clause.end):
        inner = Span(m.start() + 1, m.end() - 1)
        if _triggers(doc, inner):
            pieces += [(Span(start, m.start()), False), (inner, True)]
            start = m.end()
    pieces.append((Span(start, clause.end), False))
    return [(p, aside) for p, aside in pieces if p.end > p.start]


def _continued(doc: _Doc, rest: list[Span], base: _Found) -> list[_Found]:
    """Clauses that only list further titles with their counts, after an honor
    with a count: ``获评省级“A”27家，“B”26家，“C”32人`` gives B and C too, at A's level.

    >>> [(h.title, h.recipient, h.level) for _, h in extract_honors("获评省级“A”2家，“B”3人。")]
    [('省级“A”', '2家', 'provincial'), ('“B”', '3人', 'provincial')]
    """
    found = []
    for clause in rest:
        titles = _counted_titles(doc, clause)
        if titles is None:
            break
        found += [_Found(base.pos, _continued_honor(doc, t, base.honor)) for t in titles]
    return found


def _counted_titles(doc: _Doc, clause: Span) -> list[_Title] | None:
    """The items of a clause that is nothing but titles with counts, each quoted
    (``“职工书屋”3家``) or a level word and a title ending (``省级示范点2个``)."""
    if _triggers(doc, clause):
        return None
    found = []
    for part in _names_joined(doc.text, _list_parts(doc.mask, trim(doc.text, clause))):
        if _NOMINEE.search(part.of(doc.text)) or _GENERIC_COUNTED.match(part.of(doc.text)):
            continue  # 20名“某地工匠提名人选”, 先进个人33名: the list goes on past them
        t = _title_of(doc.text, part, _PLAIN)
        if t is None or not (t.count or t.recipient) or not _CONTINUED.match(t.title):
            return None
        found.append(t)
    return found


def _continued_honor(doc: _Doc, t: _Title, first: Honor) -> Honor:
    """An honor continuing ``first``'s list: its level and body unless it names its own."""
    by = t.awarded_by or first.awarded_by
    level = _level(doc, t.title, by, None)
    return Honor(
        title=t.title,
        recipient=t.recipient or t.count,
        level=first.level if level == "other" else level,
        awarded_by=by,
        evidence=first.evidence,
    )


@dataclass(frozen=True)
class _Parties:
    """Who gave and who received the honors of one trigger."""

    by: str | None  # the awarding body written before the trigger
    own: str  # the recipient in the trigger's clause
    outer: str  # else the subject of the sentence before it
    confers: bool  # the reporting union confers the title (命名, 表彰 without 被)


# Where a title was conferred, before the trigger: 会上（还）表彰了….
_VENUE = re.compile(
    r"(?:本次|此次|当天|会上|会议上?|大会上?|现场|仪式上|典礼上|活动中|期间)(?:还|又|也|共|同时)?"
)


def _parties(at: _At) -> _Parties:
    """``县总工会命名表彰…`` is the union conferring: the body, not a recipient; so
    is a union heading the clause before (``市总工会发文，授予…``). An aside with no
    subject goes to its host's recipient (``授予4人A称号（同时被授予B）`` → 4人)."""
    by = _awarder_before(at.doc.text, at.trigger, at.clause)
    confers = not by and at.word in _CONFER_TRIGGERS
    own = _recipient(at)
    if confers and _BODY_RE.fullmatch(own):
        by, own = own, ""
    if (confers and _VENUE.fullmatch(own)) or at.word == "涌现出":
        own = ""  # 会上表彰了…, 全市涌现出…: where it was conferred, not who received it
    if confers and not by and not own:
        by, confers = _outer_body(at)
    outer = "" if own or confers else (at.host or _outer_recipient(at))
    return _Parties(by, own, outer, confers)


def _honors_at(at: _At) -> list[_Found]:
    """The honors one trigger introduces (none when no title follows, or when the
    trigger only describes another one's recipient).

    ``命名/表彰`` with no 被 is the reporting union conferring the title: its level
    is the union's, and the recipient is the count (``县级劳模45人`` → 45人).
    """
    titles = [] if _in_relative_clause(at) else _titles_after(at) or _trigger_title(at)
    if not titles:
        return []
    parties = _parties(at)
    evidence = trim(at.doc.text, at.sentence).of(at.doc.text)
    honors: list[_Found] = []
    for t in titles:
        previous = honors[-1].honor.level if honors else None
        honor = _honor(at, t, parties, previous, evidence)
        honors.append(_Found(at.trigger.start(), honor, t.described))
    return honors


def _trigger_title(at: _At) -> list[_Title]:
    """``被X通报表扬`` with nothing after: an honor titled by the trigger itself."""
    by = _awarder_before(at.doc.text, at.trigger, at.clause)
    if not by or at.word not in _PASSIVE_ONLY:
        return []
    if at.doc.text.startswith("的", at.trigger.end()):
        return []  # 获省总工会表扬的“X奖”: the trigger describes the title after it
    return [_Title(at.word if len(at.word) >= MIN_TRIGGER_TITLE else by + at.word, None)]


def _honor(at: _At, t: _Title, p: _Parties, previous: HonorLevel | None, evidence: str) -> Honor:
    """One honor of a trigger; an item of a counted list without a level of its own
    has the level of the item before it (``省级A5个、B3个``)."""
    by = t.awarded_by or p.by or _bare_prize_contest(at, t)
    level = _level(at.doc, t.title, by, None if p.confers else (p.own or p.outer))
    if level == "other" and t.count and previous:
        level = previous
    if level == "other" and p.confers:
        level = at.doc.org_level
    who = t.recipient or p.own or t.count or p.outer
    return Honor(title=t.title, recipient=who, level=level, awarded_by=by, evidence=evidence)


def _bare_prize_contest(at: _At, t: _Title) -> str | None:
    """The contest that gave a prize with no name of its own (``2人获三等奖``)."""
    bare = _BARE_PRIZE.match(t.title) and honor_level(t.title) == "other"
    return _contest(at) if bare else None


def _level(doc: _Doc, title: str, by: str | None, recipient: str | None) -> HonorLevel:
    """Level from the body, then the title, then the place either opens with, then
    the recipient."""
    level = honor_level(by, title)
    if level == "other":
        level = place_level(doc.text, by, title)
    return honor_level(recipient) if level == "other" else level


def _dedupe_honors(text: str, found: list[_Found]) -> list[_Found]:
    """Each (title, recipient) once; a title that only describes its holders
    (``获得全国五一劳动奖状的单位``) not at all when its paragraph gives it plainly too,
    nor when the description counts no holders: 希望获得X的单位珍惜荣誉 addresses the
    holders named before, 获得此次大赛一等奖的选手将… refers to them.

    >>> [h.recipient for _, h in extract_honors("获得A奖的单位来了。甲公司获得A奖。")]
    ['甲公司']
    >>> [h.recipient for _, h in extract_honors("获得A奖的单位来了。\\n甲公司获得A奖。")]
    ['甲公司']
    >>> [h.recipient for _, h in extract_honors("获得A奖的单位有5家。\\n甲公司获得A奖。")]
    ['5家', '甲公司']
    """
    plain = {(_paragraph(text, f.pos), _same(f.honor.title)) for f in found if not f.described}
    bodies = {
        (_paragraph(text, f.pos), f.honor.awarded_by)
        for f in found
        if f.honor.awarded_by and _commended_by(f.honor.title) is None
    }
    seen: set[tuple[str, str]] = set()
    out: list[_Found] = []
    for f in found:
        key = (f.honor.title, f.honor.recipient)
        repeat = f.described and (
            (_paragraph(text, f.pos), _same(f.honor.title)) in plain
            or not _COUNT_TAIL.search(f.honor.recipient or "")
        )
        # 获省总工会表彰，分别是……被省总工会授予X: the commendation told title by title
        repeat = repeat or (_paragraph(text, f.pos), _commended_by(f.honor.title)) in bodies
        if key not in seen and not repeat and not _told_again(f.honor, out):
            seen.add(key)
            out.append(f)
    return out


_HEADCOUNT = re.compile(r"[0-9]+")


def _commended_by(title: str) -> str | None:
    """The body of a bare commendation: ``福建省总工会表彰`` → 福建省总工会."""
    body = title.removesuffix("表彰")
    return body if body != title and len(body) >= 2 else None


def _told_again(honor: Honor, earlier: list[_Found]) -> bool:
    """The lead's summary told again in detail: the same title for no one named, or
    for the same head count (``12人被授予X`` … ``徐某等12人…被授予X``).

    >>> t = "12人被授予A奖章。徐某等12人获第一名，被授予A奖章。"
    >>> [h.recipient for _, h in extract_honors(t)]
    ['12人']
    """
    counts = _headcounts(honor.recipient)
    for f in earlier:
        if _same(f.honor.title) != _same(honor.title):
            continue
        if not honor.recipient or counts & _headcounts(f.honor.recipient):
            return True
    return False


def _headcounts(recipient: str) -> set[str]:
    """The counts a recipient gives: its figures, else how many it names.

    >>> sorted(_headcounts("甲公司等9个单位")), sorted(_headcounts("张某、李某、王某"))
    (['9'], ['3'])
    """
    figures = set(_HEADCOUNT.findall(recipient))
    named = recipient.count("、") + 1
    return figures or ({str(named)} if named > 1 else set())


def _same(title: str) -> str:
    """What two writings of one title share: ``“全国工人先锋号”称号`` and
    ``2019年全国工人先锋号`` → 全国工人先锋号."""
    bare = _TITLE_YEAR.sub("", re.sub('[“”"《》]', "", title)).removesuffix("称号")
    bare = bare.removesuffix("荣誉")
    return re.sub(r"（[^（）]*）$", "", bare)  # 全国五一巾帼奖状（奖章） → 全国五一巾帼奖状


_TITLE_YEAR = re.compile(r"^(?:19|20)[0-9]{2}年度?")


def _paragraph(text: str, pos: int) -> int:
    """The number of the line (paragraph) that holds ``pos``."""
    return text.count("\n", 0, pos)

"""Honors: trigger, title, recipient, level and awarding body, for the rules backend."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from ..models import Honor, HonorLevel
from .rules_text import BRACKETED, Span, clauses, clip_left, masked, sentences, trim

# --------------------------------------------------------------------------- honors

# Tried longest first, so 命名表彰 wins over 命名 and 表彰为 over 表彰.
HONOR_TRIGGERS = (
    "被授予", "被评为", "被命名为", "被确定为", "被认定为", "被表彰为", "命名表彰", "通报表扬",
    "通报表彰", "通报嘉奖", "成功申报", "成功创建", "获评", "荣获", "荣膺", "获得", "获批", "评为",
    "授予", "入选", "入围", "命名", "表彰", "摘得", "斩获", "表彰为", "评选为", "命名为",
    "确定为", "认定为", "表扬", "嘉奖", "获", "被列为",
)  # fmt: skip
# Triggers after which a plain list "TITLE N家、TITLE N人" is a list of honors.
_LIST_TRIGGERS = frozenset({"命名", "命名表彰", "表彰", "授予"})
# Triggers that need a title with a recognised ending (they are common verbs).
_STRICT_TRIGGERS = frozenset({"获", "获得", "评为", "授予", "入围", "获批", "被列为"})
TITLE_SUFFIXES = (
    "奖", "奖项", "奖章", "奖状", "奖杯", "称号", "荣誉", "基地", "案例", "集体", "先进", "个人",
    "单位", "模范", "示范", "示范点", "示范区", "示范岗", "职工之家", "职工小家", "先锋号",
    "标兵", "能手", "工匠", "劳模", "劳动模范", "工作室", "品牌", "典型", "之星", "红旗", "文明岗",
    "书屋", "样板", "试点", "优秀项目", "示范项目", "品牌项目",
)  # fmt: skip
TRIGGER_RE = re.compile("|".join(sorted(HONOR_TRIGGERS, key=len, reverse=True)))
_SUFFIX_RE = re.compile("|".join(sorted(TITLE_SUFFIXES, key=len, reverse=True)))
_NOT_AFTER_TRIGGER = re.compile(
    r"^(?:大会|会议|会|活动|工作|仪式|的|感|过|和|与|及|中|后|前|为|一批|一些|一大批|部分|若干|多名)"
)
_AWARDER = re.compile(
    r"^(?:中华全国总工会|全国总工会|全总|省总工会|市总工会|县总工会|区总工会|省总|市总|县总"
    r"|[\u4e00-\u9fff]{2,8}?(?:总工会|人社部|人社厅|人社局|工商联|妇联|团委|人民政府|政府))"
)
_COUNT_TAIL = re.compile(
    r"[0-9零〇一二两三四五六七八九十百千万]+[余多]?(?:个|家|名|人|项|次|人次|位|支|篇|所)$"
)
MAX_TITLE = 40
# After these the body is part of the title: 市总工会工作先进单位 is the city union's award.
_OWN_TITLE = re.compile("工作|系统|机关|年度")

# Level words, checked on the awarding body first, then the title, then the recipient.
_LEVELS: tuple[tuple[HonorLevel, re.Pattern[str]], ...] = (
    ("national", re.compile(r"全国|国家级|全总|中华全国|国务院|中央|人社部|工商联")),
    ("provincial", re.compile(r"省")),
    ("municipal", re.compile(r"(?<![城超都门])市(?![场民])|自治州|地级")),
    ("county", re.compile(r"县|区级|区总|区委")),
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


def _title_text(raw: str, trigger: str) -> tuple[str, str | None] | None:
    """Title (and awarding body) from the text after a trigger, or None.

    >>> _title_text("市总工会优秀组织奖", "荣获"), _title_text("市总工会工作先进单位", "荣获")
    (('优秀组织奖', '市总工会'), ('市总工会工作先进单位', None))
    >>> _title_text("全国优秀“爱心托管班”荣誉称号", "获评")
    ('全国优秀“爱心托管班”荣誉称号', None)
    >>> _title_text("“全国模范职工之家”", "被评为"), _title_text("大会", "表彰")
    (('“全国模范职工之家”', None), None)
    """
    text = raw.strip().removeprefix("了")
    if not text or _NOT_AFTER_TRIGGER.match(text):
        return None
    last = None
    for m in _SUFFIX_RE.finditer(text):
        last = m
    quoted = re.search(r"“[^”]+”", text)
    if last is not None:
        text = _close_quote(text, last.end())
    elif trigger in _STRICT_TRIGGERS or not (quoted or trigger in _LIST_TRIGGERS):
        return None
    if len(text) > MAX_TITLE or len(text) < 2:
        return None
    body = _AWARDER.match(text)
    if body and len(text) - body.end() >= 2 and not _OWN_TITLE.match(text, body.end()):
        return text[body.end() :], body.group()
    return text, None


def _close_quote(text: str, cut: int) -> str:
    """``text[:cut]``, extended past the closing quote when the cut falls inside one."""
    head = text[:cut]
    if head.count("“") > head.count("”"):
        close = text.find("”", cut)
        return text[: close + 1] if close >= 0 else head
    return head


_LIST_END = re.compile(r"等(?:荣誉称号|荣誉|称号|奖项|多项荣誉)$")
_LIST_CUT = re.compile(
    r"、|(?<=[”》])(?:和|及|与)|(?<=[奖号家室位地例])(?:和|及)(?=[\u4e00-\u9fff“]{4})"
)


@dataclass(frozen=True)
class _Title:
    """A title found after a trigger."""

    title: str
    awarded_by: str | None
    count: str  # ``3家`` when a count follows the title (命名……工作室3家)


def _titles_after(text: str, mask: str, trigger: re.Match[str], clause: Span) -> list[_Title]:
    """The titles a trigger introduces: one, or a list (``荣获A、B等荣誉``, ``命名A3家、B6家``).

    The title ends at the next trigger of the clause. A list is taken when every
    item is a title on its own; else the first item alone (``获评A、B入选C``), else
    the whole rest as one title (``全国、全省先进典型``).
    """
    nxt = TRIGGER_RE.search(mask, trigger.end(), clause.end)
    rest = trim(text, Span(trigger.end(), nxt.start() if nxt else clause.end))
    parts, start = [], rest.start
    for m in _LIST_CUT.finditer(mask, rest.start, rest.end):
        parts.append(Span(start, m.start()))
        start = m.end()
    parts.append(Span(start, rest.end))
    word = trigger.group()
    titles = [_title_of(text, p, word) for p in parts]
    if len(parts) > 1 and all(titles):
        return [t for t in titles if t]
    first = titles[0] if len(parts) > 1 else None
    whole = first or _title_of(text, rest, word)
    return [whole] if whole else []


def _title_of(text: str, part: Span, trigger: str) -> _Title | None:
    """One list item as a title, its count and ``等荣誉`` tail dropped."""
    raw = _LIST_END.sub("", part.of(text).strip())
    count = _COUNT_TAIL.search(raw)
    found = _title_text(raw[: count.start()] if count else raw, trigger)
    if found is None:
        return None
    return _Title(found[0], found[1], count.group() if count else "")


_RECIPIENT_LEAD = re.compile(
    r"^(?:其中|同时|并且|并|还|也|均|已|先后|累计|共有|共|其|该|此外|另外)+"
)
_RECIPIENT_TAIL = re.compile(r"(?:成功|先后|分别|均|还|也|已|被|荣|共|累计|[^，]{0,4}联合)+$")
_SUBJECT = re.compile(
    r"^[^，。]{1,24}?(?:等地|等单位|等县区|等县|总工会|工会|中心|公司|集团|学校|医院)"
    r"|^[^，。]{2,24}?[县市区镇](?![级委总工])"
)


def _recipient(
    text: str, trigger: re.Match[str], clause: Span, sentence: Span, own_clause: bool
) -> str:
    """The subject before the trigger: in its clause (after an earlier honor of the
    clause), else (unless ``own_clause``) the subject of the sentence before it."""
    start = clause.start
    earlier = list(TRIGGER_RE.finditer(text, clause.start, trigger.start()))
    if earlier:
        start = max(start, text.rfind("、", earlier[-1].end(), trigger.start()) + 1)
    before = text[start : trigger.start()]
    before = _RECIPIENT_TAIL.sub("", _RECIPIENT_LEAD.sub("", before.strip())).strip()
    before = re.sub(r"^[0-9一二三四五六七八九十]+[个家名位项]", "", before)
    if "被" in before:
        before = before.split("被")[0]
    if len(before) >= 2:
        return clip_left(before, MAX_TITLE)
    if own_clause:
        return ""
    for lead in _clauses_before(text, sentence, clause):
        head = _SUBJECT.match(lead.of(text).strip())
        if head:
            return head.group()
    return ""


def _clauses_before(text: str, sentence: Span, clause: Span) -> list[Span]:
    """The clauses of ``sentence`` before ``clause``, nearest first."""
    spans = clauses(masked(text[sentence.start : clause.start]))
    return [Span(sentence.start + c.start, sentence.start + c.end) for c in reversed(spans)]


def _awarder_before(text: str, trigger: re.Match[str], clause: Span) -> str | None:
    """``被人社部、全国总工会联合通报表扬`` → 人社部、全国总工会; also after 受到/得到."""
    before = text[clause.start : trigger.start()]
    m = re.search(r"(?:被|受到|得到|获得)([^，。被]{2,40}?)(?:联合|共同)?$", before)
    return m.group(1) if m else None


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


_PASSIVE_ONLY = frozenset({"通报表扬", "通报表彰", "通报嘉奖", "表彰", "表扬", "嘉奖"})
MIN_TRIGGER_TITLE = 4  # a shorter trigger (表彰) is titled with its body: 市总工会表彰


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
    found: list[tuple[int, Honor]] = []
    for sentence in sentences(doc.mask):
        for clause in clauses(doc.mask, sentence.start, sentence.end):
            for trigger in TRIGGER_RE.finditer(doc.mask, clause.start, clause.end):
                if not doc.in_quote(trigger.start()) and not _in_document_name(doc, trigger):
                    found += _honors_at(doc, trigger, clause, sentence)
    return _dedupe_honors(found)


def _in_document_name(doc: _Doc, trigger: re.Match[str]) -> bool:
    """``发出关于表彰……的决定``: a document's name, even without 《》."""
    return "关于" in doc.text[max(0, trigger.start() - 6) : trigger.start()]


def _honors_at(
    doc: _Doc, trigger: re.Match[str], clause: Span, sentence: Span
) -> list[tuple[int, Honor]]:
    """The honors one trigger introduces (none when no title follows).

    ``被X通报表扬`` with nothing after is an honor titled by the trigger itself.
    ``命名/表彰`` with no 被 is the reporting union conferring the title: its level
    is the union's, and the recipient is the count (``县级劳模45人`` → 45人).
    """
    word = trigger.group()
    passive_by = _awarder_before(doc.text, trigger, clause)
    titles = _titles_after(doc.text, doc.mask, trigger, clause)
    if not titles and passive_by and word in _PASSIVE_ONLY:
        title = word if len(word) >= MIN_TRIGGER_TITLE else passive_by + word
        titles = [_Title(title, None, "")]
    confers = not passive_by and word in _LIST_TRIGGERS
    recipient = _recipient(doc.text, trigger, clause, sentence, own_clause=confers)
    evidence = trim(doc.text, sentence).of(doc.text)
    honors = []
    for t in titles:
        by = t.awarded_by or passive_by
        level = honor_level(by, t.title, None if confers else recipient)
        level = doc.org_level if level == "other" and confers else level
        who = recipient or (t.count if confers else "")
        honor = Honor(title=t.title, recipient=who, level=level, awarded_by=by, evidence=evidence)
        honors.append((trigger.start(), honor))
    return honors


def _dedupe_honors(found: list[tuple[int, Honor]]) -> list[tuple[int, Honor]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for pos, h in found:
        key = (h.title, h.recipient)
        if key not in seen:
            seen.add(key)
            out.append((pos, h))
    return out

"""The ``rules`` backend: a deterministic extractor that needs no model.

It fills the same :class:`~summarizer.models.UnionWorkReport` as the model does,
from the cleaned text alone, in a few milliseconds:

* **numbers**: every statistic :mod:`summarizer.numerals` finds (dates, ordinals,
  congress numbers, slogans, phone and licence numbers are already told apart
  there), minus durations in years and descriptors such as ``24小时``. The metric
  comes from the statistic's clause (``新增会员504人`` → 新增会员; ``建会率由50%
  提升到84%`` → 建会率（提升前）and 建会率（提升后）); the evidence is the clause.
* **honors**: a trigger word (获评, 荣获, 被评为, 入选, 命名, 表彰, 通报表扬 …)
  followed by a title that is quoted or ends in 奖, 称号, 基地, 案例, 集体 …; the
  recipient is the subject before the trigger, the level comes from the awarding
  body or the title (全国 → national, 省 → provincial, 市 → municipal, 县 → county).
  A count after the title (``命名省级职工创新工作室3家``) makes the title a number
  *and* an honor: the count is a statistic, the designation an honor.
* **initiatives**: the enumerated points of the report (一是/二是, （一）, 1.),
  short heading lines, four-character headline phrases (``忠诚于心，思想引领铸灵魂。``)
  and short lead sentences that open a paragraph; each takes the first sentence
  of its point as description and evidence.
* **summary**: the lead sentences of the body, up to :data:`SUMMARY_LIMIT` characters.
* **organization**: the reporting union (``城步县总工会``), the most frequent
  full ``XX县/市/省总工会`` name.

Every quote is a verbatim slice of the text, so the cross-check grounds it.

>>> r = extract_report("城步县总工会新增会员504人，建会率由50%提升到84%。")
>>> [(n.text, n.metric) for n in r.numbers]
[('504人', '新增会员'), ('50%', '建会率（提升前）'), ('84%', '建会率（提升后）')]
>>> r.organization
'城步县总工会'
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING

from ..models import Honor, HonorLevel, Initiative, KeyNumber, UnionWorkReport
from ..numerals import NumberMention, find_numbers
from . import ChunkResult, Extraction

if TYPE_CHECKING:
    from ..chunk import Chunk
    from ..clean import Metadata
    from ..config import Settings

SUMMARY_LIMIT = 200
DESCRIPTION_LIMIT = 120
METRIC_LIMIT = 30
HEAD_LIMIT = 20

# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` of the analysed text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


# Quoted and bracketed stretches: their commas do not end a clause.
_BRACKETED = re.compile(
    r"“[^“”\n]{0,120}”|‘[^‘’\n]{0,60}’|「[^「」\n]{0,60}」|『[^『』\n]{0,60}』"
    r"|《[^《》\n]{0,80}》|（[^（）\n]{0,80}）|\([^()\n]{0,80}\)|\"[^\"\n]{0,120}\""
)
_MASKED = str.maketrans(dict.fromkeys("，,、。；;：:！!？?", "_"))
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
_CLAUSE = re.compile(r"[^，,。！？!?；;：:\n]+")


def masked(text: str) -> str:
    """Same-length copy of ``text`` with the punctuation inside quotes and brackets hidden.

    >>> masked("发布“全覆盖、广协商，新模式”，成功入选")
    '发布“全覆盖_广协商_新模式”，成功入选'
    """
    out = list(text)
    for m in _BRACKETED.finditer(text):
        inner = m.group()[1:-1].translate(_MASKED)
        out[m.start() + 1 : m.end() - 1] = inner
    return "".join(out)


def _spans(
    pattern: re.Pattern[str], mask: str, start: int = 0, end: int | None = None
) -> list[Span]:
    """Non-blank matches of ``pattern`` over ``mask`` (offsets valid in the original)."""
    stop = len(mask) if end is None else end
    return [
        Span(m.start(), m.end()) for m in pattern.finditer(mask, start, stop) if m.group().strip()
    ]


def sentences(mask: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences (ending in 。！？；) of the masked text, quotes kept whole."""
    return _spans(_SENTENCE, mask, start, end)


def clauses(mask: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Clauses between ，；。：！？ of the masked text, without the delimiters.

    >>> t = "新增会员504人，建会率由50%提升到84%。"
    >>> [s.of(t) for s in clauses(masked(t))]
    ['新增会员504人', '建会率由50%提升到84%']
    """
    return _spans(_CLAUSE, mask, start, end)


def lines(text: str) -> list[Span]:
    """Non-blank lines (paragraphs) of ``text``, trimmed."""
    found = []
    for m in re.finditer(r"[^\n]+", text):
        body = m.group()
        lead = len(body) - len(body.lstrip())
        if body.strip():
            found.append(Span(m.start() + lead, m.start() + len(body.rstrip())))
    return found


def _trim(text: str, span: Span) -> Span:
    """``span`` without surrounding whitespace and stray punctuation."""
    start, end = span.start, span.end
    while start < end and (text[start].isspace() or text[start] in "，,、：:；;"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def clip(text: str, limit: int) -> str:
    """``text[:limit]``, backed off so that no number is cut in two.

    >>> clip("发放资金279.136万元", 10)
    '发放资金'
    """
    cut = limit
    for m in find_numbers(text[: limit + 12]):
        if m.start < cut < m.end:
            cut = m.start
    return text[:cut]


def clip_left(text: str, limit: int) -> str:
    """``text[-limit:]``, moved forward so that no number is cut in two."""
    cut = max(0, len(text) - limit)
    for m in find_numbers(text):
        if m.start < cut < m.end:
            cut = m.end
    return text[cut:]


def grounded(fragment: str, source: str) -> bool:
    """Every number written in ``fragment`` occurs whole in ``source``.

    >>> grounded("新增会员", "新增会员504人"), grounded("四亿", "四人，亿元")
    (True, False)
    """
    return all(
        re.search(rf"(?<![0-9.]){re.escape(m.text)}(?![0-9.])", source)
        for m in find_numbers(fragment)
    )


# --------------------------------------------------------------------------- numbers

# Words stripped from the front of a metric: connectives, time phrases, scope.
_LEADING = re.compile(
    r"^(?:(?:其中|同时|并且|并|而且|另外|此外|共计|总计|合计|共|累计|全年|今年|去年|当年|先后"
    r"|还|也|均|目前|当前|截至目前|截至当前|一年来|近年来|多年来|分别|又|再|为|对|向|在"
    r"|[0-9]{4}年(?:度|底|末)?|[^，。]{0,6}?(?:以来|期间)"
    r"|[^，。、]{0,10}?总工会(?=[^，。]{4})(?!组织|会员|干部|经费|工作|驿站))+)"
)
# ...and from its end: linking verbs and adverbs before the number.
_TRAILING = re.compile(
    r"(?:分别|均|保持在|保持|达到|达|为|是|到|至|共计|共|累计|总计|合计|计|约|近|超过|逾|了|有|在|的"
    r"|已经|已)+$"
)
_CONNECTOR = re.compile(r"^[、和与及或以至到，,\s]*$")
_CHANGE = re.compile(
    r"(提升|提高|增加|增长|上升|下降|降低|减少|扩大|缩小|变为|升至|降至)?(?:到|至|为)?$"
)
# A verb at the end of the text before a number: kept in front of the noun after it.
_VERBS = frozenset((
    "成立", "建立", "新建", "建成", "建设", "组建", "筹建", "创建", "打造", "开展", "举办", "组织",
    "安排", "投入", "下拨", "发放", "涵盖", "覆盖", "吸纳", "发展", "带动", "帮助", "慰问", "走访",
    "联系", "捐赠", "选聘", "表彰", "命名", "推荐", "申报", "落实", "下派", "开设", "购买", "培训",
    "接待", "调解", "化解", "救助", "帮扶", "资助", "参加", "参与", "设立", "评选", "筹集", "募集",
    "拨付", "投资", "召开", "签订", "培育", "选树",
))  # fmt: skip
# A verb right after a number starts what the number was spent on or did: the metric
# is before the number (``安排专项资金39万元建立职工之家`` → 安排专项资金).
_PURPOSE = _VERBS | {"惠及", "用于", "支持", "奖补", "予以", "实现", "成为", "解决", "完成", "保障"}
# Verbs that are nouns just as often (工会组织, 阵地建设, 帮扶资金): they end no noun phrase.
_NOUN_TOO = frozenset((
    "组织", "建设", "帮扶", "救助", "培训", "发展", "覆盖", "联系", "慰问", "表彰", "命名", "投资",
    "服务",
))  # fmt: skip
# Where the noun phrase after a number ends: a word that starts a predicate.
_PREDICATE_WORDS = (
    "累计", "参与", "参加", "实现", "成为", "赴", "用于", "向", "在", "对", "进行", "达到", "惠及",
    "分别", "通过", "由", "从", "以", "是", "被", "均", "共", "已", "将", "和", "与", "及", "等",
    "解决", "完成", "获评", "荣获", "获得", "入选", "被评为",
)  # fmt: skip
_HEAD_END = re.compile(
    "(?<=..)(?:"
    + "|".join(sorted(_PREDICATE_WORDS, key=len, reverse=True))
    + "|(?<!新)(?:"
    + "|".join(sorted(_VERBS - _NOUN_TOO))
    + "))|、"
)
_QUOTES = str.maketrans("", "", '“”‘’「」『』"')


@dataclass(frozen=True)
class _Stat:
    """One statistic in its clause: where it sits and what surrounds it."""

    mention: NumberMention
    clause: Span
    before: str  # text from the previous number (or the piece start) to this one
    after: str  # text from this number to the next (or the piece end)
    depth: int  # open brackets before it in the clause
    first: bool  # the first statistic of its piece


def is_statistic(mention: NumberMention, text: str) -> bool:
    """A statistic worth reporting: not a duration in years, a descriptor or a label.

    ``五年来`` and ``近10年`` are periods; ``24小时服务`` and ``15分钟服务圈``
    describe a service; a bare number followed by a word (``832平台``) is a name;
    ``今年55岁的`` is a person's age; ``四个意识`` a formula.

    >>> t = "五年来建成24小时驿站2个，会员总数达3000，接入832平台"
    >>> [m.text for m in find_numbers(t) if is_statistic(m, t)]
    ['2个', '3000']
    """
    if not mention.is_statistic or mention.unit == "年":
        return False
    if _is_age(mention, text) or _is_numbered_phrase(mention, text):
        return False
    nxt = text[mention.end : mention.end + 1]
    cjk_next = bool(re.match(r"[\u4e00-\u9fff“”]", nxt))
    if mention.unit in ("小时", "分钟", "天", "周") and cjk_next:
        return False
    return bool(mention.unit) or not cjk_next


_AGE_BEFORE = re.compile(r"(?:今年|现年|年仅|年近|年逾|时年)$")
# ``四个意识``, ``两个维护``: a Chinese numeral, 个/项, a two-character word, then a break.
_NUMBERED_PHRASE = re.compile(r"[\u4e00-\u9fff]{2}(?=[、，,。；;和及与”\s]|$)")


def _is_age(mention: NumberMention, text: str) -> bool:
    """One person's age (``今年55岁的张师傅``), not a figure about the work."""
    if mention.unit != "岁":
        return False
    before = text[max(0, mention.start - 2) : mention.start]
    return bool(_AGE_BEFORE.search(before)) or text[mention.end : mention.end + 1] == "的"


def _is_numbered_phrase(mention: NumberMention, text: str) -> bool:
    """A political formula written with a Chinese numeral: ``树牢四个意识、做到两个维护``."""
    if mention.unit not in ("个", "项") or mention.text[0].isdigit() or mention.qualifier:
        return False
    return bool(_NUMBERED_PHRASE.match(text, mention.end))


def _pieces(mask: str, clause: Span, stats: list[NumberMention]) -> list[Span]:
    """Split a clause at 、 between statistics: ``物资228份、资金26.13万元`` → two pieces.

    A segment without a statistic stays with the piece before it (or after it, at
    the start), so ``职工之家、职工书屋等阵地6处`` is one piece.
    """
    cuts = [m.start() + clause.start for m in re.finditer("、", mask[clause.start : clause.end])]
    bounds = [clause.start, *[c + 1 for c in cuts], clause.end + 1]
    pieces: list[Span] = []
    open_start = clause.start
    for a, b in pairwise(bounds):
        seg_end = b - 1
        if any(a <= m.start < seg_end for m in stats):
            pieces.append(Span(open_start, seg_end))
            open_start = b
    if pieces and open_start < clause.end:
        pieces[-1] = Span(pieces[-1].start, clause.end)
    return pieces or [clause]


def _stats_in_clause(
    text: str, mask: str, clause: Span, mentions: list[NumberMention]
) -> list[_Stat]:
    """The statistics of one clause (``mentions``: those inside it, in order), with
    the text before and after each."""
    inside = mentions
    found: list[_Stat] = []
    for piece in _pieces(mask, clause, inside):
        ours = [m for m in inside if piece.start <= m.start < piece.end]
        for k, m in enumerate(ours):
            left = ours[k - 1].end if k else piece.start
            right = ours[k + 1].start if k + 1 < len(ours) else piece.end
            prefix = text[clause.start : m.start]
            depth = prefix.count("（") + prefix.count("(") - prefix.count("）") - prefix.count(")")
            before, after = text[left : m.start], text[m.end : right]
            found.append(_Stat(m, clause, before, after, depth, first=not k))
    return found


def clean_before(before: str) -> str:
    """The metric part of the text before a number.

    >>> [clean_before(s) for s in ["同时，新增会员", "全年共举办", "建制率达", "资料等工会阵地"]]
    ['新增会员', '举办', '建制率', '工会阵地']
    """
    text = _unquote(before).strip("，,、；;：: （(")
    if "等" in text[:-1]:
        tail = text.rsplit("等", 1)[1]
        text = tail if len(tail) >= 2 else text
    for _ in range(3):
        text = _TRAILING.sub("", _LEADING.sub("", text)).strip("，,、 ")
    return _shorten(text)


def _shorten(text: str) -> str:
    """A metric cut to :data:`METRIC_LIMIT`: from its last verb, else its last list item.

    >>> _shorten("联合县委宣传部、县融媒体中心开展河南工会万场文化活动进基层活动")
    '开展河南工会万场文化活动进基层活动'
    """
    if len(text) <= METRIC_LIMIT:
        return text
    text = re.sub(r"（[^（）]*）|\([^()]*\)", "", text)
    verbs = [k for k in range(len(text) - 1) if text[k : k + 2] in _VERBS]
    fits = [k for k in verbs if 4 <= len(text) - k <= METRIC_LIMIT]
    if fits:
        return text[fits[0] :]
    tail = text.rsplit("、", 1)[-1]
    return tail if 4 <= len(tail) <= METRIC_LIMIT else _unquote(clip_left(text, METRIC_LIMIT))


def noun_head(after: str) -> str:
    """The noun phrase right after a number: ``企业新成立工会组织``, ``宣讲团``.

    >>> [noun_head(s) for s in ["企业新成立工会组织", "宣讲团赴基层", "（社区）、园区"]]
    ['企业新成立工会组织', '宣讲团', '（社区）']
    """
    return _head_span(after)[0]


def _head_span(after: str) -> tuple[str, int]:
    """The noun phrase after a number and how many characters of ``after`` it spans."""
    if _CONNECTOR.match(after):
        return "", 0
    if after.startswith(("（", "(")):
        close = max(after.find("）"), after.find(")"))
        return (after[: close + 1], close + 1) if close > 0 else ("", 0)
    cut = _HEAD_END.search(masked(after))
    raw = clip(after[: cut.start()] if cut else after, HEAD_LIMIT)
    return _unquote(raw).strip("，,、 "), len(raw)


def _unquote(text: str) -> str:
    """Quote marks out, unless they pair up: ``“职工书屋”`` stays, a lone ``”`` goes."""
    if text.count("“") == text.count("”") and text.count("‘") == text.count("’"):
        return text
    return text.translate(_QUOTES)


def _verb_tail(before: str) -> str:
    """The verb that ends ``before``, if it is one: ``该会成立了`` → ``成立``."""
    core = re.sub("[了过着]$", "", before.strip())
    return core[-2:] if core[-2:] in _VERBS else ""


@dataclass
class _MetricState:
    """What the previous statistic of the clause left for the next one."""

    metric: str = ""
    outer: str = ""  # the metric before the current bracket opened
    consumed: int = 0  # characters of the text between us the previous number used
    change_base: str = ""
    change_verb: str = ""


def _metric(stat: _Stat, state: _MetricState) -> str:
    """Dispatch over the shapes a statistic's clause takes (first match wins)."""
    for rule in _METRIC_RULES:
        found = rule(stat, state)
        if found is not None:
            return found
    return ""


def _rule_change_start(stat: _Stat, state: _MetricState) -> str | None:
    """``建会率由50%提升到84%``: the first number is the value before the change."""
    if not stat.before.rstrip().endswith("由"):
        return None
    state.change_base = clean_before(stat.before.rstrip()[:-1]) or state.metric
    verb = _CHANGE.search(re.split(r"[，,]", stat.after)[0].strip())
    state.change_verb = (verb.group(1) if verb else "") or "变化"
    return f"{state.change_base}（{state.change_verb}前）"


def _rule_change_end(stat: _Stat, state: _MetricState) -> str | None:
    """...and the second the value after it."""
    if not state.change_base or not _CHANGE.fullmatch(stat.before.strip()):
        return None
    metric = f"{state.change_base}（{state.change_verb}后）"
    state.change_base = ""
    return metric


def _rule_bracketed(stat: _Stat, state: _MetricState) -> str | None:
    """``书屋10家（省级1家，市级1家）`` → 书屋（省级）, 书屋（市级）."""
    if stat.depth <= 0:
        return None
    inner = clean_before(stat.before.split("（")[-1].split("(")[-1])
    base = state.outer or state.metric
    return f"{base}（{inner}）" if inner else base


def _rule_inherit(stat: _Stat, state: _MetricState) -> str | None:
    """``91.5%和95.2%``, ``93%、95%以上``: a bare conjunction repeats the metric."""
    if not state.metric or not _CONNECTOR.match(stat.before) or noun_head(stat.after):
        return None
    return state.metric


def _rule_noun_after(stat: _Stat, state: _MetricState) -> str | None:
    """``带动3家企业新成立工会组织``: a counted noun follows the number."""
    head = noun_head(_unit_rest(stat))
    if not head:
        return None
    if state.consumed and not stat.first:
        return head
    before = clean_before(stat.before)
    if head[:2] in _PURPOSE and len(before) >= 2:
        return before
    lead = before if len(before) <= 4 else _verb_tail(stat.before)
    return clip(lead + head, METRIC_LIMIT + 4)


def _rule_before(stat: _Stat, state: _MetricState) -> str | None:
    """``新增会员504人``: the number ends its piece, the metric precedes it.

    What the previous number took as its noun is left out: in ``两次发出倡议号召
    全县职工累计捐款32.6万元`` the metric of 32.6万元 is 捐款.
    """
    own = clean_before(stat.before[state.consumed :]) if state.consumed and not stat.first else ""
    return own or clean_before(stat.before) or state.metric or None


_METRIC_RULES: tuple[Callable[[_Stat, _MetricState], str | None], ...] = (
    _rule_change_start,
    _rule_change_end,
    _rule_bracketed,
    _rule_inherit,
    _rule_noun_after,
    _rule_before,
)


def _unit_rest(stat: _Stat) -> str:
    """The text after a number, without a trailing bracket opening or qualifier."""
    rest = stat.after
    for word in ("以上", "左右", "以下"):
        rest = rest.removeprefix(word)
    if rest.startswith(("（", "(")) and not re.match(r"[（(][^）)]*[）)]", rest):
        return ""
    return rest


def _update(state: _MetricState, stat: _Stat, metric: str) -> None:
    if stat.depth <= 0:
        state.outer = metric
    state.metric = metric
    rest = _unit_rest(stat)
    head, length = _head_span(rest)
    state.consumed = len(stat.after) - len(rest) + length if head else 0


def extract_numbers(text: str, mask: str | None = None) -> list[tuple[int, KeyNumber]]:
    """Every statistic with its metric, clause evidence and offset.

    >>> found = extract_numbers("发放物资228份、资金3.59万元")
    >>> [(n.text, n.value, n.unit, n.metric) for _, n in found]
    [('228份', 228.0, '份', '发放物资'), ('3.59万元', 35900.0, '元', '资金')]
    """
    mask = masked(text) if mask is None else mask
    mentions = sorted(
        (m for m in find_numbers(text) if is_statistic(m, text)), key=lambda m: m.start
    )
    starts = [m.start for m in mentions]
    found: list[tuple[int, KeyNumber]] = []
    for clause in clauses(mask):
        state = _MetricState()
        inside = mentions[bisect_left(starts, clause.start) : bisect_left(starts, clause.end)]
        for stat in _stats_in_clause(text, mask, clause, inside):
            metric = _grounded_metric(_metric(stat, state), stat, text)
            _update(state, stat, metric)
            found.append((stat.mention.start, _key_number(stat, metric, text)))
    return found


def _grounded_metric(metric: str, stat: _Stat, text: str) -> str:
    """``metric``, unless joining or unquoting made up a number (四 + 亿元 → 四亿)."""
    clause = stat.clause.of(text)
    for candidate in (metric, noun_head(stat.after), clean_before(stat.before)):
        if grounded(candidate, clause):
            return candidate
    return ""


def _key_number(stat: _Stat, metric: str, text: str) -> KeyNumber:
    m = stat.mention
    return KeyNumber(
        text=m.text,
        value=float(m.value),
        unit=m.unit,
        metric=metric,
        qualifier=m.qualifier,
        evidence=_trim(text, stat.clause).of(text),
    )


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
_TRIGGER_RE = re.compile("|".join(sorted(HONOR_TRIGGERS, key=len, reverse=True)))
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
    nxt = _TRIGGER_RE.search(mask, trigger.end(), clause.end)
    rest = _trim(text, Span(trigger.end(), nxt.start() if nxt else clause.end))
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
    earlier = list(_TRIGGER_RE.finditer(text, clause.start, trigger.start()))
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
            Span(m.start(), m.end()) for m in _BRACKETED.finditer(text) if m.group()[0] in '“《"'
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
            for trigger in _TRIGGER_RE.finditer(doc.mask, clause.start, clause.end):
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
    evidence = _trim(doc.text, sentence).of(doc.text)
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


# --------------------------------------------------------------------------- initiatives

_MARKER = re.compile(
    r"(?:^|(?<=[。；;！？!?：:]))\s*(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]"
    r"|[（(][一二三四五六七八九十]+[）)])",
    re.M,
)
_LINE_MARKER = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|[0-9]{1,2}[.．、](?![0-9])"
    r"|[（(][0-9]{1,2}[）)])\s*"
)
_FOUR_CHAR_HEAD = re.compile(r"^[\u4e00-\u9fff]{4}[，,][^，,。；;]{2,16}[。！!]")
_META_LINE = re.compile(
    r"来源|发布时间|时间[:：]|编辑|记者|作者|字体|阅读[:：]|关键词|打印|分享|首页|当前位置|您的位置"
    r"|责任编辑|供稿"
)
META_LIMIT = 50  # page furniture lines are short; a paragraph may well say 记者了解到
_CAPTION = re.compile(
    r"^(?:[0-9]{4}年|[0-9]{1,2}月[0-9]{1,2}日|图为|图片)|现场[。.]?$|[（(]摄[）)]"
)
CAPTION_LIMIT = 60
_SENTENCE_END = "。！？!?；;"
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2}")
HEADING_LIMIT = 25
HEAD_SENTENCE_LIMIT = 30
LEAD_SENTENCE_LIMIT = 18

CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("党的建设", ("党建", "党的建设", "从严治党", "党风廉政", "清廉", "党组织", "主题教育")),
    ("思想引领", ("思想", "政治引领", "理论", "宣传", "宣讲", "引领", "精神")),
    (
        "组织建设",
        ("建会", "入会", "组织建设", "会员", "组建", "组织体系", "基层组织", "覆盖", "队伍"),
    ),
    (
        "维权服务",
        ("维权", "权益", "民主管理", "职代会", "法律", "劳动关系", "集体协商", "厂务公开"),
    ),
    ("帮扶救助", ("帮扶", "救助", "困难职工", "送温暖", "慰问", "解困", "民生")),
    ("阵地建设", ("阵地", "驿站", "职工之家", "服务中心", "文化宫", "书屋", "服务体系")),
    ("劳动竞赛", ("竞赛", "技能", "劳模", "工匠", "建功立业", "练兵", "比武")),
    ("文体活动", ("文体", "文化生活", "文艺", "比赛", "联谊", "运动会")),
    ("改革创新", ("改革", "创新", "数字", "智慧", "机制")),
)


@dataclass(frozen=True)
class _Point:
    """An enumerated point: its heading and the span of its body."""

    anchor: int
    name: str
    body: Span


def category(name: str, description: str = "") -> str:
    """The category whose keywords occur most (name counts double); 其他 if none.

    >>> category("强化理论武装，筑牢职工思想基础"), category("帮扶救助解困"), category("其它")
    ('思想引领', '帮扶救助', '其他')
    """
    scores = [
        (2 * sum(k in name for k in words) + sum(k in description for k in words), -i, label)
        for i, (label, words) in enumerate(CATEGORIES)
    ]
    best = max(scores)
    return best[2] if best[0] > 0 else "其他"


def _heading_name(text: str) -> str:
    """A heading without its marker and final punctuation, cut at a clause boundary."""
    name = _LINE_MARKER.sub("", text.strip()).rstrip(_SENTENCE_END + "：:，, ")
    if len(name) > HEAD_SENTENCE_LIMIT:
        cut = max(name.rfind("，", 0, HEAD_SENTENCE_LIMIT), name.rfind(",", 0, HEAD_SENTENCE_LIMIT))
        name = name[:cut] if cut > 0 else clip(name, HEAD_SENTENCE_LIMIT)
    return name


def _is_caption(text: str) -> bool:
    """A photo caption: a short line that opens with a date or ends with 现场.

    >>> _is_caption("2023年9月，新余市，全省职工排舞竞赛。")
    True
    >>> _is_caption("3月24日，在全委会议上传来喜讯，" * 5)
    False
    """
    body = text.strip()
    return len(body) <= CAPTION_LIMIT and bool(_CAPTION.search(body))


def _is_prose_line(text: str) -> bool:
    """Body text: neither page furniture (来源, 编辑 …) nor a photo caption."""
    furniture = len(text.strip()) <= META_LIMIT and bool(_META_LINE.search(text))
    return not furniture and not _is_caption(text)


def _bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _inline_points(text: str, mask: str, line: Span) -> list[_Point]:
    """``一是强化理论武装，筑牢思想基础。一年来……二是……``: points within a paragraph."""
    marks = list(_MARKER.finditer(mask, line.start, line.end))
    if (
        len(marks) == 1
        and marks[0].start() == line.start
        and len(sentences(mask, *_bounds(line))) < 2
    ):
        return []  # a heading line "（一）……": the line rules take its next paragraph
    points = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else line.end
        body = Span(m.end(), end)
        first = sentences(mask, body.start, body.end)
        if not first:
            continue
        head = first[0]
        rest = Span(head.end, end) if len(first) > 1 else head
        points.append(_Point(m.start(), _heading_name(head.of(text)), rest))
    return points


def _line_point(text: str, mask: str, all_lines: list[Span], i: int) -> _Point | None:
    """A point a whole line starts: marker, heading line, headline phrase or lead sentence."""
    line = all_lines[i]
    body = line.of(text)
    nxt = all_lines[i + 1] if i + 1 < len(all_lines) else None
    for rule in _LINE_RULES:
        point = rule(text, mask, line, body, nxt)
        if point is not None:
            return point
    return None


def _rule_marker(text: str, mask: str, line: Span, body: str, nxt: Span | None) -> _Point | None:
    """``（一）强化理论武装`` / ``1. 建会入会``: a numbered line."""
    m = _LINE_MARKER.match(body)
    if not m or len(body) <= m.end():
        return None
    first = sentences(mask, line.start + m.end(), line.end)
    if len(first) > 1:
        return _Point(line.start, _heading_name(first[0].of(text)), Span(first[0].end, line.end))
    return _Point(line.start, _heading_name(body), nxt or line)


def _rule_heading(text: str, mask: str, line: Span, body: str, nxt: Span | None) -> _Point | None:
    """A short line with no sentence end (or one short sentence) before a longer paragraph."""
    if nxt is None or not _is_prose_line(body) or len(nxt.of(text)) <= len(body):
        return None
    if re.search("[0-9]", body) or not re.search(r"[\u4e00-\u9fff]{2}", body):
        return None
    bare = body.rstrip(_SENTENCE_END)
    ended = bare != body
    if any(c in bare for c in _SENTENCE_END) or body.startswith(("“", '"')):
        return None
    if ended and len(re.findall("[，,]", bare)) != 1:
        return None  # a one-sentence line is a heading only in the "A，B。" shape
    limit = HEAD_SENTENCE_LIMIT if ended else HEADING_LIMIT
    return _Point(line.start, _heading_name(body), nxt) if len(bare) <= limit else None


def _rule_headline(text: str, mask: str, line: Span, body: str, nxt: Span | None) -> _Point | None:
    """``忠诚于心，思想引领铸灵魂。城步县总工会……``: a four-character headline phrase."""
    m = _FOUR_CHAR_HEAD.match(body)
    if not m or len(body) <= m.end():
        return None
    return _Point(line.start, _heading_name(m.group()), Span(line.start + m.end(), line.end))


def _rule_lead(text: str, mask: str, line: Span, body: str, nxt: Span | None) -> _Point | None:
    """``强化民主管理。出台了……``: a short lead sentence opens the paragraph."""
    first = sentences(mask, line.start, line.end)
    if len(first) < 2:
        return None
    head = first[0].of(text)
    core = head.rstrip(_SENTENCE_END)
    if len(core) > LEAD_SENTENCE_LIMIT or re.search(r"[，,、：:0-9“”了着过]", core) or head == core:
        return None
    if _TRIGGER_RE.search(core):
        return None  # 县总工会受到市总工会表彰。: news of an honor, not a point
    return _Point(line.start, core, Span(first[0].end, line.end))


_LINE_RULES: tuple[Callable[[str, str, Span, str, Span | None], _Point | None], ...] = (
    _rule_marker,
    _rule_headline,
    _rule_heading,
    _rule_lead,
)


def _describe(text: str, mask: str, body: Span) -> str:
    """The first sentence of a point's body, cut at a clause boundary if long."""
    first = [s for s in sentences(mask, body.start, body.end) if _CJK_WORD.search(s.of(text))]
    if not first:
        return ""
    sentence = _trim(text, first[0]).of(text)
    if len(sentence) <= DESCRIPTION_LIMIT:
        return sentence
    cut = max(sentence.rfind(c, 0, DESCRIPTION_LIMIT) for c in "，,；;")
    return sentence[:cut] if cut > 0 else clip(sentence, DESCRIPTION_LIMIT)


def _points(text: str, mask: str) -> Iterator[_Point]:
    all_lines = lines(text)
    for i, line in enumerate(all_lines):
        inline = _inline_points(text, mask, line)
        if inline:
            yield from inline
            continue
        point = _line_point(text, mask, all_lines, i)
        if point is not None:
            yield point


def extract_initiatives(text: str, mask: str | None = None) -> list[tuple[int, Initiative]]:
    """The report's enumerated points, each with its first sentence as description.

    >>> t = "一是强化理论武装，筑牢思想基础。组织宣讲70余场。二是帮扶救助，解困脱困。"
    >>> [(i.name, i.category, i.description) for _, i in extract_initiatives(t)]
    [('强化理论武装，筑牢思想基础', '思想引领', '组织宣讲70余场。'), \
('帮扶救助，解困脱困', '帮扶救助', '帮扶救助，解困脱困。')]
    """
    mask = masked(text) if mask is None else mask
    found: list[tuple[int, Initiative]] = []
    names: set[str] = set()
    for point in _points(text, mask):
        if not point.name or point.name in names:
            continue
        names.add(point.name)
        description = _describe(text, mask, point.body) or point.name
        item = Initiative(
            name=point.name,
            category=category(point.name, description),
            description=description,
            evidence=description,
        )
        found.append((point.anchor, item))
    return found


# --------------------------------------------------------------------------- summary, organization

_PLACE_NAME = (
    r"(?:(?:(?!总工会)[\u4e00-\u9fff]){2,6}?(?:省|自治区|市|自治州|州|盟|县|区|旗)"
    r"|[\u4e00-\u9fff]县)"
)
_ORG = re.compile(rf"(?:(?<![\u4e00-\u9fff])|(?<=[在由据和与是]))(?:{_PLACE_NAME})+总工会")
# Characters no place name holds: a match that has them started too early (笔者从市总工会).
_NOT_IN_PLACE = re.compile(r"[的者从被向对将把让了着过是等我你他她其该这那在和与及据]")
_LEAD_PREPOSITION = re.compile(r"^[在由和与据对经将把被让向为是及并从]+(?=[\u4e00-\u9fff]{3})")
_PLACE_PREPOSITION = re.compile(r"^[在由和与据对经将把被让向为是及并从]+(?=[\u4e00-\u9fff]{2})")
_BARE_ORG = re.compile(r"(?<![\u4e00-\u9fff])([省市县区])总工会")
_PLACE = {
    level: rf"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{{2,4}}?){level}(?:委|政府|人民政府)"
    for level in ("县", "市", "区")
}
_PERIOD = re.compile(r"十[一二三四五六七八九]五(?:期间|时期)|[0-9]{4}(?:[-—至~][0-9]{4})?年(?:度)?")


def organization(text: str) -> str:
    """The reporting union: the most frequent full name, first seen wins a tie.

    >>> organization("这是城步总工会的剪影。城步县总工会新增会员。城步县总工会表彰。")
    '城步县总工会'
    >>> organization("在竹溪县委领导下，县总工会推进。县总工会将不忘初心。")
    '竹溪县总工会'
    >>> organization("笔者从市总工会获悉，郏县总工会荣获先进单位。郏县总工会表示……")
    '郏县总工会'
    """
    names = [_LEAD_PREPOSITION.sub("", m.group()) for m in _ORG.finditer(text)]
    names = [n for n in names if not _NOT_IN_PLACE.search(n) and not _BARE_ORG.fullmatch(n)]
    if names:
        counts = Counter(names)
        return max(names, key=lambda n: (counts[n], -names.index(n)))
    return _bare_organization(text)


def _bare_organization(text: str) -> str:
    """``县总工会`` with the county's name when the text gives it (``竹溪县委`` → 竹溪县总工会).

    A level whose place is named wins, then the most frequent, then the lowest:
    a county report mentions its city and province unions too.
    """
    levels = Counter(m.group(1) for m in _BARE_ORG.finditer(text))
    if not levels:
        return ""
    places = {
        lv: _PLACE_PREPOSITION.sub("", p.group(1))
        for lv in levels
        if (p := re.search(_PLACE.get(lv, "$^"), text))
    }
    if not places:
        return ""  # 市总工会 alone says nothing about who reports
    rank = "省市区县"
    level = max(places, key=lambda lv: (levels[lv], rank.index(lv)))
    return f"{places[level]}{level}总工会"


def org_level(name: str) -> HonorLevel:
    """Level of the reporting union, for the honors it confers itself."""
    return honor_level(name.removesuffix("总工会")) if name else "other"


def summary(text: str, mask: str | None = None, limit: int = SUMMARY_LIMIT) -> str:
    """The lead sentences of the body (headings and page furniture skipped), within ``limit``.

    >>> summary("工作亮点\\n今年以来，县总工会新增会员504人。发放慰问金3.59万元。", limit=20)
    '今年以来，县总工会新增会员504人。'
    """
    mask = masked(text) if mask is None else mask
    chosen: list[str] = []
    size = 0
    for line in lines(text):
        body = line.of(text)
        if not _is_prose_line(body) or body[-1] not in _SENTENCE_END or len(body) < 20:
            continue
        for s in sentences(mask, line.start, line.end):
            sentence = _trim(text, s).of(text)
            if size + len(sentence) > limit:
                return "".join(chosen) or _cut(sentence, limit)
            chosen.append(sentence)
            size += len(sentence)
        if chosen:
            break
    return "".join(chosen)


def _cut(sentence: str, limit: int) -> str:
    """A sentence longer than ``limit``, cut at its last clause boundary before it."""
    cut = max(sentence.rfind(c, 0, limit) for c in "，,；;")
    return (sentence[:cut] if cut > 0 else clip(sentence, limit)) + "……"


def period(text: str, mask: str | None = None) -> str | None:
    """The period the report covers, when its first sentence names one (``十三五期间``)."""
    mask = masked(text) if mask is None else mask
    for line in lines(text):
        if _is_prose_line(line.of(text)) and len(line.of(text)) >= 20:
            first = sentences(mask, line.start, line.end)
            m = _PERIOD.search(first[0].of(text)) if first else None
            return m.group() if m else None
    return None


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Located:
    """A report's items, each with the offset it was found at (to assign it to a chunk)."""

    report: UnionWorkReport
    numbers: tuple[int, ...]
    honors: tuple[int, ...]
    initiatives: tuple[int, ...]


def locate_report(text: str, metadata: Metadata | None = None) -> Located:
    """Extract everything from ``text``, remembering where each item was found."""
    mask = masked(text)
    org = organization(text)
    numbers = extract_numbers(text, mask)
    honors = extract_honors(text, org_level(org))
    initiatives = extract_initiatives(text, mask)
    region = (
        org.removesuffix("总工会")
        if org.endswith(("省总工会", "市总工会", "县总工会", "区总工会"))
        else None
    )
    report = UnionWorkReport(
        title=(metadata.title or "") if metadata else "",
        organization=org,
        region=region or None,
        published=metadata.published if metadata else None,
        period=period(text, mask),
        summary=summary(text, mask),
        initiatives=[i for _, i in initiatives],
        numbers=[n for _, n in numbers],
        honors=[h for _, h in honors],
    )
    return Located(
        report,
        tuple(p for p, _ in numbers),
        tuple(p for p, _ in honors),
        tuple(p for p, _ in initiatives),
    )


def extract_report(text: str, metadata: Metadata | None = None) -> UnionWorkReport:
    """The whole ``UnionWorkReport`` of one cleaned text, with no model."""
    return locate_report(text, metadata).report


# --------------------------------------------------------------------------- backend


def join_chunks(chunks: Sequence[Chunk]) -> str | None:
    """The text the chunks were cut from, or None when they do not tile one text.

    Chunks overlap (each repeats the end of the previous one), so every chunk
    must start at or before the end of the text assembled so far.
    """
    text = ""
    for chunk in sorted(chunks, key=lambda c: c.start):
        if chunk.start > len(text) or not chunk.text.startswith(text[chunk.start :]):
            return None
        text = text[: chunk.start] + chunk.text
    return text


def _owner(starts: Sequence[int], offset: int) -> int:
    """Index of the last chunk starting at or before ``offset`` (``starts`` in text order)."""
    return max(bisect_right(starts, offset) - 1, 0)


def split_by_chunk(located: Located, chunks: Sequence[Chunk]) -> list[UnionWorkReport]:
    """One report per chunk: each item goes to the chunk it was found in.

    Whole-report fields (summary, organization, period) go to the first chunk.
    """
    base = located.report
    parts = [
        UnionWorkReport()
        if k
        else base.model_copy(update={"numbers": [], "honors": [], "initiatives": []})
        for k in range(len(chunks))
    ]
    groups = (
        ("numbers", base.numbers, located.numbers),
        ("honors", base.honors, located.honors),
        ("initiatives", base.initiatives, located.initiatives),
    )
    starts = [c.start for c in chunks]
    for field_name, items, offsets in groups:
        for item, offset in zip(items, offsets, strict=True):
            getattr(parts[_owner(starts, offset)], field_name).append(item)
    return parts


@dataclass(frozen=True)
class RulesExtractor:
    """The offline backend: same interface as the model's, no requests, no tokens."""

    settings: Settings
    metadata: Metadata | None = None

    async def extract(self, chunks: Sequence[Chunk]) -> Extraction:
        ordered = sorted(chunks, key=lambda c: c.start)
        text = join_chunks(ordered)
        if text is None:
            reports = [
                extract_report(c.text, self.metadata if not k else None)
                for k, c in enumerate(ordered)
            ]
        else:
            reports = split_by_chunk(locate_report(text, self.metadata), ordered)
        results = tuple(
            ChunkResult(chunk_index=c.index, report=r)
            for c, r in zip(ordered, reports, strict=True)
        )
        return Extraction(results=results, backend="rules")

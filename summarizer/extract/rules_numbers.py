"""Statistics and their metrics, for the rules backend (see :mod:`.rules`)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from ..models import KeyNumber
from ..numerals import NumberMention, find_numbers
from ..numerals import is_reportable as is_statistic
from .rules_tables import extract_tables
from .rules_text import (
    HEAD_LIMIT,
    METRIC_LIMIT,
    Span,
    clauses,
    clip,
    clip_left,
    grounded,
    masked,
    trim,
)

# --------------------------------------------------------------------------- numbers

# Words stripped from the front of a metric: connectives, time phrases, scope.
_LEADING = re.compile(
    r"^(?:(?:其中|同时|并且|并|而且|另外|此外|共计|总计|合计|共|累计|全年|今年|去年|当年|先后"
    r"|还|也|均|已经|已|目前|当前|截至目前|截至当前|一年来|近年来|多年来|分别|又|再|为|对|向|在"
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
    "拨付", "投资", "召开", "签订", "培育", "选树", "拨款", "送去", "送出", "送上",
))  # fmt: skip
# A verb right after a number starts what the number was spent on or did: the metric
# is before the number (``安排专项资金39万元建立职工之家`` → 安排专项资金).
_PURPOSE = _VERBS | {"惠及", "用于", "支持", "奖补", "予以", "实现", "成为", "解决", "完成", "保障"}
# Verbs that are nouns just as often (工会组织, 阵地建设, 帮扶资金): they end no noun phrase.
_NOUN_TOO = frozenset((
    "组织", "建设", "帮扶", "救助", "培训", "发展", "覆盖", "联系", "慰问", "表彰", "命名", "投资",
    "服务",
))  # fmt: skip
# Where the noun phrase after a number ends: a word that starts a predicate (and 等, 以
# and a 的-frame, below: not in 三等奖, 省级以上劳模, but in 驿站的基础上).
_PREDICATE_WORDS = (
    "累计", "参与", "参加", "实现", "成为", "赴", "用于", "向", "在", "对", "进行", "达到", "惠及",
    "分别", "通过", "由", "从", "是", "被", "均", "共", "已", "将", "和", "与", "及",
    "解决", "完成", "获评", "荣获", "获得", "入选", "被评为", "获奖",
)  # fmt: skip
_HEAD_END = re.compile(
    "(?<=..)(?:"
    + "的(?:基础|前提|同时|情况|过程|背景)|等(?!奖)|以(?![上下])|"
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
    return _unquote(raw).strip("，,、 ").removeprefix("的"), len(raw)


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
    lead = "" if lead.endswith("等") else lead  # 甲机关等28个单位: examples, not a metric
    if head in _GENERIC_HEADS and not lead:
        return _with_outcome(head, _unit_rest(stat)) or head
    return clip(lead + head, METRIC_LIMIT + 4)


# Counted nouns that say nothing alone: what happened to them is the metric.
_GENERIC_HEADS = frozenset({"单位", "集体", "个人", "人", "企业", "职工", "同志", "选手", "家庭"})
_OUTCOME = re.compile(r"(?:被评为|被授予|被命名为|荣获|获评|获得|入选|参加|参与|受到)")


def _with_outcome(head: str, rest: str) -> str:
    """``区政协机关等28个单位被评为区先进职工之家`` → 单位被评为区先进职工之家.

    >>> _with_outcome("单位", "单位被评为区先进职工之家"), _with_outcome("单位", "单位建会")
    ('单位被评为区先进职工之家', '')
    """
    tail = rest[len(head) :]
    if not _OUTCOME.match(tail):
        return ""
    return _unquote(clip(head + tail, METRIC_LIMIT)).rstrip("，,、 ")


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
    tables, taken = extract_tables(text)  # read by row and column, not as prose
    mentions = sorted(
        (
            m
            for m in find_numbers(text)
            if is_statistic(m, text) and not any(t.start <= m.start < t.end for t in taken)
        ),
        key=lambda m: m.start,
    )
    starts = [m.start for m in mentions]
    found: list[tuple[int, KeyNumber]] = []
    previous, last_end = "", 0
    for clause in clauses(mask):
        state = _MetricState()
        if _SENTENCE_BREAK.search(mask, last_end, clause.start):
            previous = ""
        inside = mentions[bisect_left(starts, clause.start) : bisect_left(starts, clause.end)]
        for stat in _stats_in_clause(text, mask, clause, inside):
            metric = _grounded_metric(_metric(stat, state), stat, text)
            metric = _tidy_metric(metric) or _fallback_metric(stat, previous)
            _update(state, stat, metric)
            for each in _each_metric(metric):
                found.append((stat.mention.start, _key_number(stat, each, text)))
            previous = metric
        last_end = clause.end
    if tables:
        found = sorted(found + tables, key=lambda f: f[0])
    return found


def _each_metric(metric: str) -> list[str]:
    """A figure after 各 counts each of the things before it once.

    >>> _each_metric("五星级驿站和“骑手之家”各"), _each_metric("驿站各"), _each_metric("驿站")
    (['五星级驿站', '“骑手之家”'], ['驿站'], ['驿站'])
    """
    if not metric.endswith("各"):
        return [metric]
    parts = [p for p in _AND.split(metric[:-1]) if p]
    return parts if 2 <= len(parts) <= _EACH_LIMIT else [metric[:-1]]


_AND = re.compile(r"和|与|及|、")
_EACH_LIMIT = 6
_SENTENCE_BREAK = re.compile(r"[。！？!?；;\n]")
_TOTAL_WORD = re.compile(r"(共计|合计|总计|累计|总共|共|(?<![统估设预会审核])计)\s*$")
_ACTIVITY_TAIL = re.compile(r"(?:活动)?中$")


def _tidy_metric(metric: str) -> str:
    """Dashes and stray marks out; ``冬送温暖活动中`` → ``冬送温暖活动``."""
    metric = metric.strip("-—–~·* ")
    return metric[:-1] if metric.endswith("活动中") else metric


def _fallback_metric(stat: _Stat, previous: str) -> str:
    """A figure whose clause names nothing: ``合计27.22万元`` → 合计; ``累计理赔单位202家，
    3783人次`` → the previous figure's metric, as it continues that figure.

    >>> [(n.text, n.metric) for _, n in extract_numbers("理赔单位202家，3783人次，合计27.2万元")]
    [('202家', '理赔单位'), ('3783人次', '理赔单位'), ('27.2万元', '合计')]
    """
    total = _TOTAL_WORD.search(stat.before)
    if total:
        return "合计" if total.group(1) == "计" else total.group(1)
    if not stat.first or _TRAILING.sub("", stat.before.strip("，, ")):
        return ""
    return _CHANGE_TAIL.sub("", previous) or previous  # 数量增长一倍，达到320家 → 数量


_CHANGE_TAIL = re.compile(r"(?:同比|较上年|比上年)?(?:增长|提高|下降|减少|增加|上升|扩大|翻)了?$")


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
        evidence=trim(text, stat.clause).of(text),
    )

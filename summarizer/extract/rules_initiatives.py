"""Initiatives: the report's enumerated points and headings, for the rules backend."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..models import Initiative
from .rules_honors import TRIGGER_RE
from .rules_text import DESCRIPTION_LIMIT, Span, clip, lines, masked, sentences, trim

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
SENTENCE_END = "。！？!?；;"
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
    name = _LINE_MARKER.sub("", text.strip()).rstrip(SENTENCE_END + "：:，, ")
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


def is_prose_line(text: str) -> bool:
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
    if nxt is None or not is_prose_line(body) or len(nxt.of(text)) <= len(body):
        return None
    if re.search("[0-9]", body) or not re.search(r"[\u4e00-\u9fff]{2}", body):
        return None
    bare = body.rstrip(SENTENCE_END)
    ended = bare != body
    if any(c in bare for c in SENTENCE_END) or body.startswith(("“", '"')):
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
    core = head.rstrip(SENTENCE_END)
    if len(core) > LEAD_SENTENCE_LIMIT or re.search(r"[，,、：:0-9“”了着过]", core) or head == core:
        return None
    if TRIGGER_RE.search(core):
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
    sentence = trim(text, first[0]).of(text)
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

"""Initiatives for the rules backend: enumerated points, headings and named programmes.

Two passes over the cleaned text. The *points* are the report's own structure
(一是/二是, （一）, 1., ——, heading lines, headline phrases, lead sentences, topics such
as ``服务职工方面，``), minus page furniture that has the same shape (channel names,
salutations, bylines). The *programmes* are the concrete measures a reader would name:
an action verb and the named thing it acts on (``成立家政行业工会联合会``,
``开展“书香三八”读书活动``, ``签订《厂务公开民主管理协议书》``), or a name that needs no
verb (``以“四型女职工”活动为载体``, ``…劳动竞赛总结推进大会在深圳举行``), at most
:data:`PROGRAMME_LIMIT` of them, after the points.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..models import Initiative
from .rules_honors import TRIGGER_RE, extract_honors
from .rules_tables import is_table_row
from .rules_text import (
    BRACKETED,
    DESCRIPTION_LIMIT,
    Span,
    clauses,
    clip,
    lines,
    masked,
    sentences,
    trim,
)

# --------------------------------------------------------------------------- initiatives

_MARKER = re.compile(
    r"(?:^|(?<=[。；;！？!?：:]))\s*(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]"
    r"|[（(][一二三四五六七八九十]+[）)])"
    r"|(?<=[。；;！？!?])\s*[一二三四五六七八九十]+、",  # a section heading run into a paragraph
    re.M,
)
# Outline levels of the markers opening a line: 一、 holds （一）, which holds 1.
_LEVELS = (
    re.compile(r"[一二三四五六七八九十]+[、：:]"),
    re.compile(r"[（(][一二三四五六七八九十]+[）)]"),
    re.compile(r"[0-9]{1,2}[.．、](?![0-9])|[（(][0-9]{1,2}[）)]"),
)
# A numbered line: any level's marker (the levels open with different characters).
_LINE_MARKER = re.compile("^(?:" + "|".join(rx.pattern for rx in _LEVELS) + r")\s*")
# A headline phrase "A，B。" opening a paragraph: A four characters, or up to eight opening
# with an action word (深化宣传引导，营造良好氛围。).
_HEADLINE = re.compile(r"^(?P<a>[\u4e00-\u9fff]{4,8})[，,][^，,。；;]{2,16}[。！!]")
# What opens a clause without being a measure: a time or a connective (今年以来, 与此同时).
_CONNECTIVE = re.compile(
    r"[年月日]|以来|目前|此外|同时|另外|其中|总之|因此|首先|其次|最后|近期|近日|当前|如今|方面"
)
_PARAGRAPH = re.compile(r"[，。；！？,;!?]")  # prose: a paragraph has clauses
# A dash bullet: ——服务体系进一步健全。(alone on its line a dash opens a subtitle);
# ---- where the scrape lost the bullet.
_DASH = re.compile(r"^(?:——|—|-{2,}|－{2,})\s*")
# ``服务职工方面，…`` / ``在民主维权方面，…``: a topic that opens a sentence.
_TOPIC = re.compile(
    r"(?<![^。；;！？!?\s])在?(?P<name>[\u4e00-\u9fff、与和]{2,12}?)(?:方面|领域|层面)[，,：:]"
)
# ``…；资源整合，实现…；数智赋能，完善…；``: headline phrases run together in a paragraph.
_RUN_ITEM = re.compile(r"(?<=[；;：:])\s*(?P<a>[\u4e00-\u9fff]{4})[，,][^；;。！？!?\n]{2,40}")
RUN_LEAST = 2  # a run is a run from two items on
# ``通过扩大“一个面”，……；抓住“一个点”，……``: a verb and a quoted slogan open each item.
_SLOGAN_ITEM = re.compile(
    r"(?:(?<=[；;：:。])|(?<=通过)|^)\s*(?P<a>[\u4e00-\u9fff]{1,3}“[^“”\n]{2,8}”)[，,]"
    r"[^；;。！？!?\n]{2,200}",
    re.M,
)
# ``聚焦思想引领、聚焦建功立业、聚焦服务发展``: one verb opening three or more items.
# The verb is one of direction (a run of nouns, 职工之家、职工书屋、职工健身房, is none),
# and the last item ends at a mark.
_RUN_VERBS = (
    "聚焦|突出|坚持|强化|深化|推进|推动|抓好|抓实|做好|做实|打造|加强|完善|健全|提升|着力|围绕"
    "|立足|注重|创新|夯实|筑牢|助力|守护|凝聚"
)
_VERB_RUN = re.compile(
    rf"(?P<v>{_RUN_VERBS})[\u4e00-\u9fff]{{2,8}}(?:、(?P=v)[\u4e00-\u9fff]{{2,8}}){{2,}}"
    r"(?![\u4e00-\u9fff])"
)
_RUN_PART = re.compile(r"[\u4e00-\u9fff]+")
# A clause that only says how much was spent: 投资4 000万元，将…全部改善.
_FUNDING = re.compile(r"^[^，,。；;]{0,16}?[0-9][0-9 .]*[余多]?[万亿]?元[，,]")
_META_LINE = re.compile(
    r"来源|发布时间|时间[:：]|编辑|记者|作者|字体|阅读[:：]|关键词|打印|分享|首页|当前位置|您的位置"
    r"|责任编辑|供稿"
)
META_LIMIT = 50  # page furniture lines are short; a paragraph may well say 记者了解到
_PHOTO = re.compile(r"^(?:图为|图片)|(?:现场|合影(?:留念)?)[。.]?$|[（(]摄[）)]")
_CAPTION = re.compile(rf"^(?:[0-9]{{4}}年|[0-9]{{1,2}}月[0-9]{{1,2}}日)|{_PHOTO.pattern}")
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
        ("维权", "权益", "民主管理", "职代会", "法律", "劳动关系", "集体协商", "厂务公开", "普惠"),
    ),
    (
        "帮扶救助",
        ("帮扶", "救助", "困难职工", "送温暖", "慰问", "解困", "民生", "互助", "助学", "圆梦"),
    ),
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
    """A heading without its marker, final punctuation or opening funding clause, cut at a
    clause boundary (or before a quote or bracket it would cut in two).

    >>> _heading_name("（一）投资4 000万元，将7部线、91个站区职工作业环境全部改善。")
    '将7部线、91个站区职工作业环境全部改善'
    >>> _heading_name("（三）新建、改建“五小”（小食堂、小浴池、小休息室、小阅览室、小书屋）")
    '新建、改建“五小”'
    """
    name = _LINE_MARKER.sub("", text.strip()).rstrip(SENTENCE_END + "：:，, ")
    funding = _FUNDING.match(name)
    if funding and funding.end() < len(name):
        name = name[funding.end() :]
    if len(name) > HEAD_SENTENCE_LIMIT:
        cut = max(name.rfind("，", 0, HEAD_SENTENCE_LIMIT), name.rfind(",", 0, HEAD_SENTENCE_LIMIT))
        if cut <= 0:  # no clause break: the last item of an enumeration that fits
            cut = masked(name).rfind("、", HEAD_SENTENCE_LIMIT // 2, HEAD_SENTENCE_LIMIT)
        name = name[:cut] if cut > 0 else _clip_whole(name, HEAD_SENTENCE_LIMIT)
    return name


def _clip_whole(text: str, limit: int) -> str:
    """:func:`clip`, moved back to the start of a quote or bracket the cut falls in."""
    cut = len(clip(text, limit))
    for m in BRACKETED.finditer(text):
        if m.start() < cut < m.end():
            return text[: m.start()] if m.start() > 0 else text[:cut]
    return text[:cut]


def _is_caption(text: str) -> bool:
    """A photo caption: a short line that opens with a date or ends with 现场.

    >>> _is_caption("2023年9月，新余市，全省职工排舞竞赛。")
    True
    >>> _is_caption("3月24日，在全委会议上传来喜讯，" * 5)
    False
    """
    body = text.strip()
    return len(body) <= CAPTION_LIMIT and bool(_CAPTION.search(body))


def _is_page_furniture(text: str) -> bool:
    """A short line of page furniture: 来源, 编辑, 打印 …"""
    return len(text.strip()) <= META_LIMIT and bool(_META_LINE.search(text))


def is_prose_line(text: str) -> bool:
    """Body text: neither page furniture (来源, 编辑 …) nor a photo caption."""
    return not _is_page_furniture(text) and not _is_caption(text)


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
    if nxt is not None and _LINE_MARKER.match(nxt.of(text)):
        nxt = None  # the next heading is no body of this one
    return _Point(line.start, _heading_name(body), nxt or Span(line.start + m.end(), line.end))


def _rule_heading(text: str, mask: str, line: Span, body: str, nxt: Span | None) -> _Point | None:
    """A short line with no sentence end (or one short sentence) before a longer paragraph."""
    if nxt is None or not is_prose_line(body) or len(nxt.of(text)) <= len(body):
        return None
    if _LINE_MARKER.match(nxt.of(text)) or is_table_row(nxt.of(text)):
        return None  # a line before a numbered heading or a table row heads no paragraph
    if not _PARAGRAPH.search(nxt.of(text)):
        return None  # a line before another bare line (a list of names) heads no paragraph
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
    """``忠诚于心，思想引领铸灵魂。城步县总工会……``: a headline phrase opens the paragraph."""
    m = _HEADLINE.match(body)
    if not m or len(body) <= m.end() or not _is_headline(m.group("a")):
        return None
    return _Point(line.start, _heading_name(m.group()), Span(line.start + m.end(), line.end))


def _is_headline(phrase: str) -> bool:
    """A headline's first phrase: four characters or an action word's, no time or connective.

    >>> _is_headline("忠诚于心"), _is_headline("深化宣传引导"), _is_headline("今年以来")
    (True, True, False)
    >>> _is_headline("县总工会高度重视")
    False
    """
    opens = len(phrase) == 4 or phrase.startswith(_OPENERS)
    return opens and not _CONNECTIVE.search(phrase)


def _rule_dash(text: str, mask: str, line: Span, body: str, nxt: Span | None) -> _Point | None:
    """``——服务体系进一步健全。县困难职工帮扶中心……``: a dash bullet and its paragraph."""
    m = _DASH.match(body)
    first = sentences(mask, line.start + m.end(), line.end) if m else []
    if len(first) < 2:
        return None  # ——在全委会议上的讲话: a subtitle
    return _Point(line.start, _heading_name(first[0].of(text)), Span(first[0].end, line.end))


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
    _rule_dash,
    _rule_headline,
    _rule_heading,
    _rule_lead,
)


def _cut(sentence: str) -> str:
    """A description within :data:`DESCRIPTION_LIMIT`, cut at a clause boundary if long."""
    if len(sentence) <= DESCRIPTION_LIMIT:
        return sentence
    cut = max(sentence.rfind(c, 0, DESCRIPTION_LIMIT) for c in "，,；;")
    return sentence[:cut] if cut > 0 else clip(sentence, DESCRIPTION_LIMIT)


def _describe(text: str, mask: str, body: Span) -> str:
    """The first sentence of a point's body, cut at a clause boundary if long."""
    first = [s for s in sentences(mask, body.start, body.end) if _CJK_WORD.search(s.of(text))]
    return _cut(trim(text, first[0]).of(text)) if first else ""


def _topic_points(text: str, mask: str, line: Span) -> Iterator[_Point]:
    """``服务职工方面，全面履行维权服务基本职责。``: a sentence that opens with its topic.

    >>> t = "在民主维权方面，工会严格落实厂务公开制度。"
    >>> [(p.name, p.body.of(t)) for p in _topic_points(t, t, Span(0, len(t)))]
    [('民主维权', '工会严格落实厂务公开制度。')]
    """
    for m in _TOPIC.finditer(mask, line.start, line.end):
        end = next((s.end for s in sentences(mask, m.end(), line.end)), m.end())
        yield _Point(m.start(), text[m.start("name") : m.end("name")], Span(m.end(), end))


def _run_points(text: str, mask: str, line: Span) -> Iterator[_Point]:
    """Headline phrases run together after semicolons, when there are several.

    >>> t = "要落实部署；资源整合，实现优势互补；数智赋能，完善网上服务平台；"
    >>> [p.name for p in _run_points(t, t, Span(0, len(t)))]
    ['资源整合，实现优势互补', '数智赋能，完善网上服务平台']

    Or a verb and a quoted slogan heading each item:

    >>> t = "通过扩大“一个面”，全面摸排；抓住“一个点”，重点走访；连成“一条线”，三级联动。"
    >>> [p.name for p in _run_points(t, t, Span(0, len(t)))]
    ['扩大“一个面”，全面摸排', '抓住“一个点”，重点走访', '连成“一条线”，三级联动']
    """
    items = [
        m for m in _RUN_ITEM.finditer(mask, line.start, line.end)
        if not _CONNECTIVE.search(m.group("a"))
    ]  # fmt: skip
    slogans = list(_SLOGAN_ITEM.finditer(mask, line.start, line.end))
    if len(slogans) >= RUN_LEAST and len(slogans) > len(items):
        items = slogans
    if len(items) < RUN_LEAST:
        yield from _verb_run_points(text, mask, line)
        return
    for m in items:
        body = Span(m.start("a"), m.end())
        yield _Point(body.start, _heading_name(body.of(text)), body)


def _verb_run_points(text: str, mask: str, line: Span) -> Iterator[_Point]:
    """Each item of a run that repeats its verb, a point.

    >>> t = "一年来，全市工会聚焦思想引领、聚焦建功立业、聚焦服务发展，成绩显著。"
    >>> [p.name for p in _verb_run_points(t, t, Span(0, len(t)))]
    ['聚焦思想引领', '聚焦建功立业', '聚焦服务发展']
    """
    for run in _VERB_RUN.finditer(mask, line.start, line.end):
        for part in _RUN_PART.finditer(mask, run.start(), run.end()):
            body = Span(part.start(), part.end())
            yield _Point(body.start, body.of(text), body)


def _points(text: str, mask: str) -> list[_Point]:
    """The points of the report, without the section headings that only hold others."""
    found = list(_all_points(text, mask))
    return [p for k, p in enumerate(found) if not _holds_points(text, found, k)]


def _level(text: str, at: int) -> int | None:
    return next((k for k, rx in enumerate(_LEVELS) if rx.match(text, at)), None)


def _holds_points(text: str, found: list[_Point], k: int) -> bool:
    """A section heading (一、工作回顾) whose points (（一）…) follow it before the next
    heading of its level.

    >>> t = "一、工作回顾\\n（一）强化思想引领，筑牢根基。\\n（二）深化维权服务。\\n二、展望"
    >>> [p.name for p in _points(t, t)]
    ['强化思想引领，筑牢根基', '深化维权服务', '展望']
    """
    level = _level(text, found[k].anchor)
    if level is None:
        return False
    for later in found[k + 1 :]:
        inner = _level(text, later.anchor)
        if inner is not None and inner <= level:
            return False
        if inner is not None and inner > level:  # held when its points number from one
            return _FIRST.match(text, later.anchor) is not None
    return False


_FIRST = re.compile(r"[（(]?(?:一|1)(?![0-9一二三四五六七八九十])")


def _all_points(text: str, mask: str) -> Iterator[_Point]:
    all_lines = lines(text)
    for i, line in enumerate(all_lines):
        inline = _inline_points(text, mask, line)
        yield from inline
        point = None if inline else _line_point(text, mask, all_lines, i)
        if point is not None:
            yield point
        yield from _topic_points(text, mask, line)
        yield from _run_points(text, mask, line)


# --------------------------------------------------------------------------- furniture

# Verbs a programme name opens with (开展“书香三八”读书活动); QUOTE_VERBS take a quoted name
# only, WORD_VERBS an object with its programme word only (落实《…法》 obeys a law, 落实…制度
# is a measure).
VERBS = (
    *("开展", "实施", "推行", "打造", "建立", "建设", "创建", "推出", "组建", "成立", "签订"),
    *("启动", "举办", "举行", "召开", "设立", "开通", "推进", "推动", "搭建", "构建", "建成"),
    *("开设", "筹建", "新建", "制定", "出台", "完善", "健全", "深化", "培育", "办理", "发起"),
    *("拓展",),
)
QUOTE_VERBS = (
    *("组织", "创新", "赠送", "发放", "形成", "推广", "探索", "参与", "擦亮", "提出", "坚持"),
)
WORD_VERBS = ("参加", "纳入", "落实", "接受", "审议")
# What a named programme is: its last word (…活动, …工程, …联合会, …服务站).
PROGRAMME_WORDS = (
    *("活动", "行动", "工程", "计划", "机制", "平台", "服务站", "服务站点", "驿站", "联合会"),
    *("联合工会", "产业工会", "行业工会", "服务队", "志愿队", "小分队", "宣讲团", "讲师团"),
    *("顾问团", "项目", "制度", "体系", "模式", "品牌", "格局", "工作室", "活动室", "工作法"),
    *("中心", "基地", "学校", "学院", "书屋", "之家", "小家", "服务圈", "专班", "领导小组"),
    *("大赛", "竞赛", "比赛", "培训班", "运动会", "仪式", "大会", "座谈会", "推进会", "启动会"),
    *("交流会", "论坛", "讲座", "集体合同", "保险", "普查", "阵地", "举措", "措施", "联盟"),
    *("数据库", "服务季", "服务月", "热线", "清单", "检查", "体检", "档案", "方针", "改革"),
    *("展览", "展演", "摄影展", "书画展", "成果展", "报告"),
)
# Words that make a short heading a measure (服务优化, 安全生产) rather than a label (苏州).
_MEASURE_WORDS = (
    *VERBS,
    *("优化", "保障", "提升", "强化", "加强", "扩大", "做好", "帮扶", "服务", "维权", "引领"),
    *("救助", "覆盖", "改革", "宣传", "教育", "关爱", "慰问", "培训", "建会", "入会", "管理"),
    *("发展", "建功", "选树", "助力", "聚焦", "坚持", "落实", "助学", "凝聚", "促进", "弘扬"),
    *("维护", "提高", "保护", "送", "职工", "劳动", "工作", "安全", "生产", "防控", "疫情"),
    *("振兴", "攻坚", "扶贫", "就业", "创业", "基层", "女工", "普惠", "调解", "援助", "协商"),
    *("监督", "作风", "廉政", "安康", "健康", "关怀", "困难", "产业"),
    *PROGRAMME_WORDS,
    *(word for _, words in CATEGORIES for word in words),
)
SHORT_NAME = 4  # a heading this short needs an action word to be a measure
# Action words a longer headline phrase opens with (深化宣传引导，营造良好氛围).
_OPENERS = (
    *VERBS,
    *("强化", "加强", "提升", "优化", "突出", "聚焦", "坚持", "做好", "抓好", "注重", "夯实"),
    *("筑牢", "凝聚", "弘扬", "扩大", "提高", "丰富", "创新", "规范"),
)
_SALUTATION = re.compile(r"^(?:尊敬的|亲爱的|各位)|同志们|女士们|先生们|朋友们")
_REPORT_META = re.compile(r"(?:汇报|报告|说明)如下|请予审议|现将.{0,30}(?:汇报|报告)")
_CREDIT = re.compile(r"^[（(【\[].*[）)】\]]$|责编|责任编辑|通讯员|记者|供稿|摄影")
_MOJIBAKE = re.compile(r"[?�\u00c0-\u024f]")
# A meeting's business, not the union's work: 审议了大会工作报告, 听取了经审工作报告.
_PROCEDURE = re.compile(r"^(?:会议|大会|全会)?(?:审议|听取|表决|书面审议)(?:了|并)?(?:通过)?")
_CHANNEL = re.compile(r"网.{0,8}站$|(?:频道|动态|要闻|资讯|快讯|正文|首页)$")


def _is_measure(name: str) -> bool:
    """Whether ``name`` holds a verb, a programme word or a word of union work.

    >>> _is_measure("服务优化"), _is_measure("城东驿站"), _is_measure("工会动态")
    (True, True, False)
    """
    return any(word in name for word in _MEASURE_WORDS)


def _is_furniture(name: str, description: str = "") -> bool:
    """A point that is page furniture, not a measure: a channel or place name, a salutation,
    a report's opening formula, a byline or credit, mojibake, a title before its subtitle.

    >>> [_is_furniture(n) for n in ("长沙", "湘江网岳麓站", "各位代表，同志们", "（编辑：王五）")]
    [True, True, True, True]
    >>> _is_furniture("受大会委托，现将一年来的工作报告如下")
    True
    >>> _is_furniture("奋力谱写新篇章", "——在县总工会全委会议上的讲话")
    True
    >>> _is_furniture("审议了大会工作报告、经审工作报告")
    True
    >>> [_is_furniture(n) for n in ("阵地提升", "城东驿站", "全县职工队伍的基本情况")]
    [False, False, False]
    """
    shapes = (_SALUTATION, _REPORT_META, _CREDIT, _MOJIBAKE, _PROCEDURE)
    subtitle = any(t.startswith(("——", "—")) for t in (name, description))
    if subtitle or any(p.search(name) for p in shapes):
        return True
    if _is_measure(name):
        return False
    return len(_CJK_CHAR.findall(name)) <= SHORT_NAME or bool(_CHANNEL.search(name))


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")

# --------------------------------------------------------------------------- programmes

PROGRAMME_LIMIT = 8  # programmes per report, after the points
INITIATIVE_LIMIT = 12  # programmes fill a report's list up to the schema's maxItems
NAME_LIMIT = 40  # the schema's longest initiative name


def _alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first (服务站点 before 服务站), escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# A character of a noun phrase in the masked text: no clause punctuation, quote mark or ellipsis.
_FREE = r"[^\s，,。；;：:！!？?“”《》…—\n]"
_NAMED = r"(?:“[^“”\n]{1,40}”|《[^《》\n]{1,40}》)"
_NAMES = rf"{_NAMED}(?:[、和与及]?{_NAMED})*"
# After a name: punctuation, a particle or a conjunction, not more of the same noun phrase.
_BOUNDARY = r"(?=$|[^\u4e00-\u9fff]|[等和与及并的为在向中后时以了将让使])"
# A programme word ends the phrase unless a character makes it another noun (活动室, 项目部)
# or the phrase goes on as the noun it qualifies (改革大局, 竞赛成果).
_END = (
    rf"(?:{_alternation(PROGRAMME_WORDS)})(?:建设|工作|创建|服务)?"
    r"(?![室部员长点区库师生费金款率者证类型化性]|大局|进程|成果|成效|水平|质量|氛围|意识)"
)
_VERB_WORDS = _alternation(VERBS + QUOTE_VERBS + WORD_VERBS)
# Verbs that are nouns after a noun (队伍建设改革, 书屋创建活动): no nearer verb there.
_NOMINAL_VERBS = frozenset({"建设", "创建"})
# 组织 is a verb before a name (组织“寻找最美劳动者”活动), else mostly a noun (工会组织体系).
# A verb before 率 is a rate (签订率, 组建率).
_VERB = re.compile(rf"(?:(?<![会党团层])组织(?=[“《])|{_VERB_WORDS})(?!率)了?")
# What an object does not open with: a particle, a conjunction, a list comma, 工作 (建设工作
# is a noun), 暨 (工会成立暨一届一次会议: 成立 was the subject's verb), or another verb (in
# 组织开展“…”活动 the nearer verb names the programme).
_LEAD = rf"(?![的了着过、等和与及并暨]|工作|{_VERB_WORDS})"
# Up to a few modifiers between the verb and a quoted name (开展新春“送祝福”活动), no list.
_GAP = r"[^\s，,。；;：:！!？?“”《》…—、\n]{0,8}?"
# Between a quoted name and its programme word, the longest run with no dummy verb (对《条例》
# 落实情况进行检查): “安康杯”竞赛活动, not “安康杯”竞赛.
_TAIL = rf"(?:(?!进行|情况){_FREE}){{0,16}}"
# With no verb before it, no predicate either (“职工书屋”是…品牌, “…”工作在…交流会).
_BARE_TAIL = rf"(?:(?![是在为的将把被]|进行|情况){_FREE}){{0,16}}"
_QUOTED_FULL = re.compile(rf"{_LEAD}{_GAP}{_NAMES}{_TAIL}{_END}")
_QUOTED = re.compile(rf"{_LEAD}{_GAP}{_NAMES}{_BOUNDARY}")
# A noun phrase holds no 的 (是…的重要平台 describes, 建立…职工议事制度 names) and no 并
# (参加技能大赛并获…: 并 opens the next verb), past one opening modifier that says how many
# or how, not what, with its 的 (形式多样的, 免费的). The modifier is not counted as the
# phrase's own: 开展丰富多彩的文体活动 names nothing, 开展形式多样的劳动竞赛活动 does.
_GENERIC_WORDS = "一系列|系列|各类|各项|多种|多项|一批|一次|相关|有关|形式多样|丰富多彩|免费|公益"
_MODIFIER = re.compile(rf"(?:{_GENERIC_WORDS})的?")
_NOUN = re.compile(rf"{_LEAD}(?:{_MODIFIER.pattern})?(?:(?![的并]){_FREE}){{1,24}}{_END}")
# A line of work (开展职工医疗互助保障工作): the weakest name, but a name.
_WORK = re.compile(rf"{_LEAD}(?:(?!的){_FREE}){{4,20}}?工作{_BOUNDARY}")
# Patterns in order of preference, with the least CJK characters their object needs
# (开展各类活动 names nothing: a noun phrase needs a few characters of its own).
_PATTERNS = ((_QUOTED_FULL, 3), (_NOUN, 5), (_QUOTED, 3), (_WORK, 7))

# Names with no verb of their own: a quoted programme (以“四型女职工”活动为载体; after a word
# not one that sums up a list: 常态帮扶“助解困”等活动 is the last of a list), a quoted
# guide (以“三紧”为工作导向), an event held somewhere (…劳动竞赛总结推进大会在深圳举行,
# 召开的…攻坚推进会上) or a system now in place (…共决机制、工资稳定增长机制已初步建立).
_CLAUSE_START = r"(?<![^\s，,。；;：:！!？?])"
_SUBJECT = rf"(?:{_NAMED}|(?![的并]){_FREE}){{4,30}}?{_END}"
_HELD = r"(?:于[^，,。；;]{1,12}?)?在[^，,。；;]{1,12}?(?:隆重|正式|顺利)?(?:举行|召开|开幕|举办)"
_BUILT_SUBJECT = rf"(?:(?!{_VERB_WORDS})(?:{_NAMED}|(?![的并]){_FREE})){{4,36}}?{_END}"
_BUILT = (
    r"(?:已经?|均|现已)?(?:初步|基本|全面|逐步|进一步|不断)?(?:建立|建成|形成|健全|完善)"
    r"(?:起来|了)?(?![\u4e00-\u9fff])"
)
_GUIDES = "导向|载体|抓手|主线|牵引|统领|引领"
# (pattern, rank, least CJK characters), the rank as in _Programme.
_STANDALONE = (
    (re.compile(rf"(?<![\u4e00-\u9fff]){_NAMES}{_BARE_TAIL}{_END}"), 1, 3),
    (re.compile(rf"(?<=[\u4e00-\u9fff]){_NAMES}(?!等){_BARE_TAIL}{_END}"), 1, 3),  # not 等…
    (re.compile(rf"{_CLAUSE_START}{_SUBJECT}(?={_HELD})"), 1, 5),
    (re.compile(rf"(?<=召开的|举行的|举办的){_SUBJECT}(?=上|[^\u4e00-\u9fff]|$)"), 1, 5),
    (re.compile(rf"{_CLAUSE_START}{_BUILT_SUBJECT}(?={_BUILT})"), 1, 5),
    (re.compile(rf"以{_NAMES}为{_FREE}{{0,4}}?(?:{_GUIDES})(?![\u4e00-\u9fff])"), 2, 3),
)


@dataclass(frozen=True)
class _Programme:
    """A named programme: the verb and its object, found in ``sentence``.

    ``rank`` is the pattern it matched: 0 a quoted name with its programme word, 1 a noun
    phrase ending in one, 2 a bare quoted name, 3 a line of work (…工作). A name with no
    verb (:data:`_STANDALONE`) ranks as its shape does.
    """

    anchor: int
    name: str
    obj: str
    rank: int
    sentence: Span


def _object_at(text: str, mask: str, verb: re.Match[str], end: int) -> _Programme | None:
    """The named object right after ``verb``: quoted (with its programme word), a noun
    phrase that ends in a programme word, or a line of work; None when there is none, or
    it is too long or too generic to name anything.

    >>> t = "开展“书香三八”读书活动。"
    >>> _object_at(t, t, _VERB.match(t), len(t)).name
    '开展“书香三八”读书活动'
    >>> t = "开展各类活动。"
    >>> _object_at(t, t, _VERB.match(t), len(t)) is None
    True
    """
    word = verb.group().rstrip("了")
    skipped = (
        (_NOUN, _WORK) if word in QUOTE_VERBS else (_QUOTED, _WORK) if word in WORD_VERBS else ()
    )
    for rank, (pattern, least) in enumerate(_PATTERNS):
        m = pattern.match(mask, verb.end(), end)
        if m is None or pattern in skipped:
            continue
        if not _names_enough(m.group(), least) or m.end() - verb.start() > NAME_LIMIT:
            continue
        name = text[verb.start() : m.end()]
        return _Programme(verb.start(), name, text[m.start() : m.end()], rank, Span(0, 0))
    return None


def _names_enough(obj: str, least: int) -> bool:
    """Whether ``obj`` holds ``least`` CJK characters past its opening modifier.

    >>> _names_enough("各类活动", 5), _names_enough("形式多样的劳动竞赛活动", 5)
    (False, True)
    """
    m = _MODIFIER.match(obj)
    core = obj[m.end() :] if m else obj
    return len(_CJK_CHAR.findall(core)) >= least


def _programme_in(text: str, mask: str, sentence: Span) -> _Programme | None:
    """The sentence's programme: the best-ranked match, the first of equals.

    A verb inside quotes or brackets is part of a name or a quotation, not the report's
    act; of two verbs before one object the nearer names it (组织基层工会开展“…”活动),
    unless it is a noun there (推进队伍建设改革).

    >>> t = "县总工会推进职工书屋建设，组织职工开展“最美职工”评选活动。"
    >>> _programme_in(t, masked(t), Span(0, len(t))).name
    '开展“最美职工”评选活动'
    """
    quoted = [m.span() for m in BRACKETED.finditer(text, sentence.start, sentence.end)]
    found = {p.anchor + len(p.name): p for p in _standalone_in(text, mask, sentence, quoted)}
    for verb in _VERB.finditer(mask, sentence.start, sentence.end):
        if any(a < verb.start() < b for a, b in quoted) or _after_honor(mask, sentence, verb):
            continue
        item = _object_at(text, mask, verb, sentence.end)
        end = item.anchor + len(item.name) if item else -1
        if item is not None and not (end in found and verb.group() in _NOMINAL_VERBS):
            found[end] = item  # a later verb, same end: nearer
    if not found:
        return None
    best = min(found.values(), key=lambda p: (p.rank, p.anchor))
    return _Programme(best.anchor, best.name, best.obj, best.rank, sentence)


def _standalone_in(
    text: str, mask: str, sentence: Span, quoted: list[tuple[int, int]]
) -> Iterator[_Programme]:
    """The sentence's names that have no verb (:data:`_STANDALONE`), none inside quotes
    or an honor's title.

    >>> t = "县总工会以“书香三八”读书活动为载体，凝聚职工。"
    >>> [p.name for p in _standalone_in(t, masked(t), Span(0, len(t)), [])]
    ['“书香三八”读书活动']
    """
    for pattern, rank, least in _STANDALONE:
        for m in pattern.finditer(mask, sentence.start, sentence.end):
            inside = any(a < m.start() < b for a, b in quoted)
            if inside or _after_honor(mask, sentence, m) or not _names_enough(m.group(), least):
                continue
            if m.end() - m.start() <= NAME_LIMIT:
                name = text[m.start() : m.end()]
                yield _Programme(m.start(), name, name, rank, Span(0, 0))


def _after_honor(mask: str, sentence: Span, verb: re.Match[str]) -> bool:
    """Whether an honor trigger precedes ``verb`` (or a name) in its clause:
    荣获全省厂务公开创建示范单位 is an honor's title, not a programme."""
    start = max(mask.rfind(c, sentence.start, verb.start()) for c in "，,；;：:") + 1
    return bool(TRIGGER_RE.search(mask, max(start, sentence.start), verb.start()))


def _candidates(text: str, mask: str) -> Iterator[tuple[int, _Programme]]:
    """One programme per sentence of the body text, with its paragraph's number (photo
    captions and page furniture skipped: a lead that opens with its date is body text here)."""
    for paragraph, line in enumerate(lines(text)):
        body = line.of(text)
        if _is_page_furniture(body) or _PHOTO.search(body):
            continue
        for sentence in sentences(mask, line.start, line.end):
            item = _programme_in(text, mask, sentence)
            if item is not None:
                yield paragraph, item


def _programme_description(text: str, mask: str, item: _Programme) -> str:
    """The programme's sentence, from the clause that names it when the sentence is too long.

    >>> t = "全县" + "职工" * 70 + "，开展“书香”活动。"
    >>> p = _programme_in(t, masked(t), Span(0, len(t)))
    >>> _programme_description(t, masked(t), p)
    '开展“书香”活动。'
    """
    whole = trim(text, item.sentence)
    description = _cut(whole.of(text))
    if item.name in description:
        return description
    start = max(mask.rfind(c, whole.start, item.anchor) for c in "，,；;：:") + 1
    return _cut(trim(text, Span(max(start, whole.start), whole.end)).of(text))


_NAMED_RE = re.compile(_NAMED)


def _key(item: _Programme) -> str:
    """What makes two programmes the same: the quoted name, else the object.

    >>> _key(_Programme(0, "办理“安康”保险", "“安康”保险", 0, Span(0, 0)))
    '“安康”'
    """
    m = _NAMED_RE.search(item.obj)
    return m.group() if m else item.obj


def _is_new(item: _Programme, description: str, taken: list[Initiative]) -> bool:
    """Whether the programme says something the initiatives taken so far do not."""
    key = _key(item)
    return not any(
        key in other.name or key in other.description or description == other.description
        for other in taken
    )


def extract_programmes(
    text: str, taken: list[Initiative], mask: str | None = None, limit: int = PROGRAMME_LIMIT
) -> list[tuple[int, Initiative]]:
    """Named programmes not already among ``taken``: the best-ranked first (quoted names
    with their programme word, then noun phrases, bare quoted names, lines of work), each
    paragraph's best before any paragraph's second, at most ``limit``, in text order.

    >>> t = "今年，县总工会成立家政服务行业工会联合会，吸纳会员300人。开展“书香三八”读书活动。"
    >>> [i.name for _, i in extract_programmes(t, [])]
    ['成立家政服务行业工会联合会', '开展“书香三八”读书活动']
    """
    mask = masked(text) if mask is None else mask
    fresh: list[tuple[int, _Programme, Initiative]] = []
    ranked = sorted(_candidates(text, mask), key=lambda c: _order(mask, c[1]))
    for paragraph, item in ranked:
        description = _programme_description(text, mask, item)
        if _PROCEDURE.match(item.name):
            continue  # 审议了大会工作报告: the meeting's business
        if _is_new(item, description, taken + [i for _, _, i in fresh]):
            fresh.append((paragraph, item, _initiative(item.name, description)))
    chosen = sorted(_spread(fresh)[:limit], key=lambda c: c[1].anchor)
    return [(item.anchor, initiative) for _, item, initiative in chosen]


# A measure still to come: 将深化…, 要继续开展….
_PLANNED = re.compile(r"(?:将|要|拟|计划)(?:继续|进一步|全面|大力|着力|持续|不断|深入)?$")


def _order(mask: str, item: _Programme) -> tuple[int, bool, int]:
    """Rank first, then what was done and named before what is planned or described with a
    generic modifier (开展丰富多彩的…活动), then text order.

    >>> t = "各地将深化职工书屋建设。"
    >>> _order(t, _Programme(3, "深化职工书屋建设", "职工书屋建设", 1, Span(0, 0)))
    (1, True, 3)
    """
    planned = bool(_PLANNED.search(mask, max(0, item.anchor - 6), item.anchor))
    return item.rank, planned or bool(_MODIFIER.match(item.obj)), item.anchor


def _spread(
    items: list[tuple[int, _Programme, Initiative]],
) -> list[tuple[int, _Programme, Initiative]]:
    """``items`` (best first) reordered so that each paragraph's best comes before any
    paragraph's second: a capped list then covers the whole report, not its first part."""
    turn: Counter[int] = Counter()
    keyed = []
    for k, entry in enumerate(items):
        keyed.append((turn[entry[0]], k, entry))
        turn[entry[0]] += 1
    return [entry for _, _, entry in sorted(keyed, key=lambda x: (x[0], x[1]))]


# --------------------------------------------------------------------------- assembly


def _initiative(name: str, description: str) -> Initiative:
    return Initiative(
        name=name,
        category=category(name, description),
        description=description,
        evidence=description,
    )


def extract_initiatives(text: str, mask: str | None = None) -> list[tuple[int, Initiative]]:
    """The report's enumerated points, each with its first sentence as description, then
    the named programmes the points do not already name.

    >>> t = "一是强化理论武装，筑牢思想基础。组织宣讲70余场。二是帮扶救助，解困脱困。"
    >>> [(i.name, i.category, i.description) for _, i in extract_initiatives(t)]
    [('强化理论武装，筑牢思想基础', '思想引领', '组织宣讲70余场。'), \
('帮扶救助，解困脱困', '帮扶救助', '帮扶救助，解困脱困。')]
    >>> t = "阵地提升。县总工会新建职工书屋5家，开展“送清凉”活动。\\n全年举办“书香三八”读书活动。"
    >>> [i.name for _, i in extract_initiatives(t)]  # “送清凉” is in the point's description
    ['阵地提升', '举办“书香三八”读书活动']
    """
    mask = masked(text) if mask is None else mask
    found: list[tuple[int, Initiative]] = []
    names: set[str] = set()
    points = list(_points(text, mask))
    if len(points) < MEASURE_LIST_BELOW:
        points += _measure_points(text, mask)
    if len(points) < MEASURE_LIST_BELOW:
        points += _action_points(text, mask, points)
    for point in points:
        description = _describe(text, mask, point.body) or point.name
        if not point.name or point.name in names or _is_furniture(point.name, description):
            continue
        names.add(point.name)
        found.append((point.anchor, _initiative(point.name, description)))
    limit = min(PROGRAMME_LIMIT, max(0, INITIATIVE_LIMIT - len(found)))
    return found + extract_programmes(text, [i for _, i in found], mask, limit)


MEASURE_LIST_BELOW = 3  # with fewer points than this, a report's measure lists are its points
MEASURE_LIST_LEAST = 3  # clauses in a measure list
MEASURE_MIN_CHARS = 8  # Chinese characters in each of them


def _measure_points(text: str, mask: str) -> list[_Point]:
    """A news report with no enumeration lists its measures in one paragraph, joined
    by semicolons: each clause of such a list is a point.

    >>> t = ("一年来，市总工会出资160万元，奖励技师1150人；设立创业资金，资助劳模创新工作室；"
    ...      "筹集资金600万元为1000家单位配备器材。")
    >>> [p.name for p in _measure_points(t, t)]
    ['奖励技师1150人', '设立创业资金，资助劳模创新工作室', '筹集资金600万元为1000家单位配备器材']
    """
    out: list[_Point] = []
    for line in lines(text):
        if mask.count("；", line.start, line.end) < MEASURE_LIST_LEAST - 1:
            continue
        items = [
            trim(text, s)
            for s in sentences(mask, line.start, line.end)
            if _is_measure_item(s.of(text))
        ]
        if len(items) >= MEASURE_LIST_LEAST:
            out += [_Point(i.start, _measure_name(i.of(text)), i) for i in items]
    return out


ACTION_LIMIT = 6  # measures taken from a news report's sentences


def _action_points(text: str, mask: str, taken: list[_Point]) -> list[_Point]:
    """A news report with no enumeration: the clauses that report a measure, a verb of
    work opening them after their subject, each a point (at most :data:`ACTION_LIMIT`).

    >>> t = ("记者获悉，江苏省各级工会采取了独立建会与区域覆盖相结合等做法。"
    ...      "目前，全省已建村级工会6112个。市总工会还借助社会资源，建立爱心帮扶网络。")
    >>> [p.name for p in _action_points(t, t, [])]
    ['采取了独立建会与区域覆盖相结合等做法', '建立爱心帮扶网络']
    """
    spans = [Span(p.anchor, max(p.anchor, p.body.end)) for p in taken]  # heading and body
    out: list[_Point] = []
    for line in lines(text):
        if not is_prose_line(line.of(text)):
            continue
        for clause in clauses(mask, line.start, line.end):
            body = clause.of(text)
            lead = _ACTION_AT.match(body)  # the subject and adverbs before a verb of work
            if lead is None:
                continue
            start = clause.start + lead.end()
            if any(a.start <= start < a.end for a in spans):
                continue
            name = text[start : clause.end].rstrip(SENTENCE_END + "，, ")
            if len(_CJK_CHAR.findall(name)) < ACTION_MIN_CHARS or extract_honors(name):
                continue
            out.append(_Point(start, _heading_name(name), Span(start, clause.end)))
            if len(out) >= ACTION_LIMIT:
                return out
    return out


ACTION_MIN_CHARS = 6
# What may stand before the verb of a measure: the union (its name, ending in 工会 or
# 总), a time, a scope, and adverbs.
_ACTION_LEAD = re.compile(
    r"^(?:[^，,。；;“”为]{0,14}?(?:总工会|工会|[市省县区]总(?:工会)?|公司|集团|项目部|中心|"
    r"[我全][市县区乡镇省])|(?:19|20)[0-9]{2}年(?:以来)?|今年(?:以来)?|目前|近年来|一年来)?"
    r"(?:组织|系统)?(?:还|也|又|均|已|先后|积极|主动|大力|深入|认真|不断|持续|进一步|着力|扎实|全面"
    r"|重点|共|累计|将|要|拟|继续)*"
)
_ACTION_VERB = re.compile(
    "开展|实施|推行|打造|建立|创建|推出|组建|成立|启动|举办|设立|开通|推进|推动|搭建|构建|建成"
    "|开设|筹建|新建|制定|出台|完善|健全|深化|培育|拓展|加强|采取|实行|发放|慰问|走访|资助|救助"
    "|帮扶|筹集|筹措|投入|提高|吸纳|评定|评出|培训|安装|送去|送出|赠送|开辟|设置|配备"
    "|为(?!了|贯彻|进一步|全面|深入|切实|更好|加快|推动|促进|确保)"
    "(?=[^，,。；;]{2,20}(?:发放|提供|送去|送上|开展|举办|办理|解决|建立|免费|救助|体检))"
)


# The verb must act: before 工作…会议 it names a meeting (推进工会组建工作视频会议召开).
_ACTION_AT = re.compile(
    f"{_ACTION_LEAD.pattern}(?=(?:{_ACTION_VERB.pattern})(?!工作[^，。；]{{0,6}}会))"
)


def _is_measure_item(item: str) -> bool:
    """A clause that reports work done (a verb of work), not an honor nor a bare figure.

    >>> _is_measure_item("设立创业资金，资助劳模创新工作室；")
    True
    >>> _is_measure_item("甲公司工会被评为模范职工之家；")
    False
    """
    if len(_CJK_CHAR.findall(item)) < MEASURE_MIN_CHARS or extract_honors(item):
        return False
    if _STATEMENT.match(_measure_name(item)):
        return False  # 2023年是换届之年: what the year is, no work done
    return _WORK_DONE.search(item) is not None


_STATEMENT = re.compile(r"^[^，,。；;]{0,12}是")

_WORK_DONE = re.compile(
    _VERB.pattern + "|出资|筹集|筹措|投入|资助|救助|帮扶|慰问|安置|培训|发放|走访|选聘|设立|配备"
    "|深入|免费|提供|兴办|办理|印制|编印|宣传"
)


def _measure_name(item: str) -> str:
    """A measure's name: the clause after its lead-ins (一年来，为使工作有序进行，).

    >>> _measure_name("据了解，为使入会行动有序进行，市总工会成立了领导小组；")
    '市总工会成立了领导小组'
    """
    lead = _LEAD_IN.match(item)
    return _heading_name(item[lead.end() :] if lead and lead.end() < len(item) - 1 else item)


# Lead-ins, one or more: a time, a source, a connective, a purpose (为使…有序进行，).
_LEAD_IN = re.compile(
    r"^(?:(?:[^，,。；;]{0,8}(?:来|以来|期间|中|上)|据悉|据了解|其中|此外|同时"
    r"|(?:19|20)[0-9]{2}年(?:度|上半年|下半年)?|今年|去年|全年"
    r"|为(?:了|使|确保)[^，,。；;]{2,30}|(?:会议|大会|讲话|报告)?(?:强调|指出|要求|表示))[，,])+"
)

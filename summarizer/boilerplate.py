"""Page furniture: what a scraped page wraps around the report, and the metadata in it.

The rules are structural, driven by the generic vocabulary in
``data/boilerplate.txt`` (breadcrumb markers, meta labels, credit roles, footer
patterns, tail headings, surnames), never by the text of a known page:

- anywhere: empty lines, breadcrumb trails, site footers, image notes (【资料图】),
  bracketed credits (【编辑：高峰】), end marks (（完）), tail headings (关键词);
- in the *head* (the lines before the first body paragraph): the title, the
  date/source line, bylines, "原标题" lines: kept as :class:`Metadata`;
- in the *tail* (after the last body paragraph): credits, bylines, meta lines and
  the short link lines under a tail heading;
- lone list numbers, when they run in sequence (1, 2, 3 …) or are small;
- photo credits closing a short line (``合影留念 新华社发``, ``（通讯员 王力 摄）``):
  the credit goes, the rest of the line is kept and marked as a caption;
- captions: a short line repeated on the next line is kept once and marked;
  longer repeats are dropped as duplicates.

>>> lex = page_lexicon()
>>> page = scan_page("您的位置：首页 > 综合\\n工会工作报告\\n2023-06-07 来源：中工网\\n"
...                  "今年以来，全市工会新增会员1200人，建成驿站32个，服务职工5万人次。\\n"
...                  "责任编辑：张三\\n", lex)
>>> page.metadata.title, str(page.metadata.published), page.metadata.outlet
('工会工作报告', '2023-06-07', '中工网')
>>> sorted({p[3] for p in page.patches})
['breadcrumb', 'credit', 'metadata']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import accumulate, compress, count, pairwise, repeat
from operator import not_

from .clean_lexicon import Sections, alternation, builtin, parse_sections, words
from .clean_state import Patch
from .numerals import find_statistics

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
BODY_MIN_CHARS = 40  # a body paragraph: at least this long, with sentence punctuation
CAPTION_MAX_CHARS = 100  # a repeated line up to this long is a caption
DUPLICATE_MIN_CHARS = 30  # a non-adjacent repeat this long is a duplicate paragraph
SHORT_LINK_CHARS = 40  # link lines under a tail heading are at most this long
SHORT_TOKEN = 8  # a link beside a date and source stamp is this short
# A link with its date, in a list under the article: "头条22-01-17", "工会动态 2024-03-05".
_DATED_LINK_RE = re.compile(r"[\u4e00-\u9fff“”]{1,20}\s*[0-9]{2,4}(?:[-/.][0-9]{1,2}){0,2}[-/.]?")
LONE_NUMBER_MAX = 20  # a single lone number up to this is a list number

_SPACE = " \t\u00a0\u3000\u2002-\u200b\ufeff"
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})日?")
_TIME_RE = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")
_SENTENCE_RE = re.compile(r"[，。；;]|,(?![0-9]{3})")  # not a thousands separator (1,236)
_CONTENT_RE = re.compile(rf"[{CJK}A-Za-z0-9]")
_LONE_NUMBER_RE = re.compile(r"[（(]?(\d{1,3})[)）.．、]?")
_NAME_RE = re.compile(rf"[{CJK}·]{{2,4}}")
_DIGIT_RE = re.compile(r"\d")


@dataclass(frozen=True)
class Metadata:
    """Page furniture kept aside: it feeds ``title`` and ``published``."""

    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()


_NEVER = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class PageLexicon:
    """The compiled patterns of ``data/boilerplate.txt``."""

    breadcrumb_line: re.Pattern[str]
    page_control: re.Pattern[str]
    meta_pair: re.Pattern[str]
    controls: frozenset[str]
    credit_line_bracketed: re.Pattern[str]
    credit_line: re.Pattern[str]
    role_prefix: re.Pattern[str]
    role_suffix: re.Pattern[str]
    author_roles: frozenset[str]
    outlet: re.Pattern[str]
    tail: re.Pattern[str]
    image_line: re.Pattern[str]
    end_line: re.Pattern[str]
    original_title: re.Pattern[str]
    title_part: re.Pattern[str]
    footer: re.Pattern[str]
    footer_nav: re.Pattern[str]
    footer_trigger: re.Pattern[str]
    inline: re.Pattern[str]
    surnames: frozenset[str]
    furniture: re.Pattern[str] = field(default=_NEVER, compare=False)


@lru_cache(maxsize=1)
def page_lexicon() -> PageLexicon:
    """Compile ``data/boilerplate.txt`` once."""
    return compile_page_lexicon(parse_sections(builtin("boilerplate.txt"), "breadcrumb"))


def compile_page_lexicon(s: Sections) -> PageLexicon:
    """Build the patterns from parsed sections (see the data file for each section)."""

    def alt(name: str) -> str:
        return alternation(words(s.get(name, [])))

    roles = alt("credit_role")
    ends = alt("end_marker")
    crumb = rf"(?:{alt('breadcrumb')})|(?:{alt('home')})\s*[>＞»›]"
    opening = r"[【\[（(]"
    image_rest = rf"\s*(?:{alt('image_note')})[^【】\[\]（）()\n]{{0,20}}[】\]）)]"
    credit_rest = rf"[{_SPACE}]*(?:{roles})[{_SPACE}]*[:：/][^【】\[\]（）()\n]{{0,60}}[】\]）)]"
    image, credit = opening + image_rest, opening + credit_rest
    lex = PageLexicon(
        breadcrumb_line=re.compile(rf"^(?:{crumb})[^\n]{{0,100}}$", re.M),
        page_control=re.compile(rf"(?:{alt('page_control')})[^\n]{{0,30}}$"),
        meta_pair=re.compile(rf"(?:{alt('meta_label')})\s*[:：]\s*([^\s:：]*)"),
        controls=frozenset(words(s.get("control", []))),
        credit_line_bracketed=re.compile(rf"^{credit}$", re.M),
        credit_line=re.compile(rf"(?:{roles})\s*[:：]\s*\S.{{0,40}}"),
        role_prefix=re.compile(rf"(?:{roles})(?:[:：/]|$)|(?:{roles})(?=[{CJK}])"),
        role_suffix=re.compile(rf"(?:{roles})$"),
        author_roles=frozenset(words(s.get("author_role", []))),
        outlet=re.compile(alt("outlet_marker")),
        tail=re.compile(rf"(?:{alt('tail')})\s*[:：]?"),
        image_line=re.compile(rf"^(?:{image}|{_IMAGE_FILE})$", re.M),
        end_line=re.compile(rf"^[-—= 【\[（(]*(?:{ends})[-—= 】\]）)]*$", re.M),
        original_title=re.compile(rf"(?:{alt('original_title')})\s*[:：]\s*(.+)"),
        title_part=re.compile(rf"\s*[（(](?:{alt('title_part')})[)）]\s*$"),
        footer=_patterns(s.get("footer", [])),
        footer_nav=_patterns(s.get("footer_nav", [])),
        footer_trigger=re.compile(
            alternation(_triggers([*s.get("footer", []), *s.get("footer_nav", [])]))
        ),
        inline=re.compile(  # opens with the bracket, so the scan skips ahead fast
            rf"{opening}(?:(?P<image>{image_rest})|(?P<credit>{credit_rest}[{_SPACE}]*$)"
            rf"|(?P<end>\s*(?:{ends})\s*[】\]）)][{_SPACE}]*$))",
            re.M,
        ),
        surnames=frozenset(w for row in s.get("surname", []) for w in row),
    )
    return replace(lex, furniture=_furniture(lex))


# An image's file name left on a line of its own by the scrape: WechatIMG8021.jpeg.
_IMAGE_FILE = r"[\w\-.@]{1,80}\.(?:jpe?g|png|gif|webp|bmp)"

_FURNITURE = (  # the short-line rules, in order: (field, kind, reason)
    ("breadcrumb_line", "breadcrumb", "breadcrumb trail"),
    ("page_control", "page_control", "page control (share, print, QR code)"),
    ("credit_line_bracketed", "credit", "credits (editor, contributor)"),
    ("image_line", "image_note", "image note"),
    ("end_line", "end_mark", "end-of-article mark"),
)


def _furniture(lex: PageLexicon) -> re.Pattern[str]:
    """The short-line rules as one pattern, tried in order; the group named after the
    rule's field tells which matched. Applied to one stripped line (no line break
    inside), where the rules' multi-line flag makes no difference."""
    rules = (getattr(lex, name).pattern for name, _, _ in _FURNITURE)
    return re.compile(
        "|".join(
            f"(?P<{name}>{rule})" for (name, _, _), rule in zip(_FURNITURE, rules, strict=True)
        )
    )


def _patterns(rows: list[tuple[str, ...]]) -> re.Pattern[str]:
    """One case-insensitive regex from rows of patterns (never matching when empty)."""
    return re.compile("|".join(" ".join(row) for row in rows) or r"(?!x)x", re.I)


_LITERAL_HEAD_RE = re.compile(r"[^\\.^$*+?{}\[\]|()]+")


def _triggers(rows: list[tuple[str, ...]]) -> list[str]:
    r"""The literal text each footer pattern opens with, in its letter cases.

    A line is tested against the footer patterns only when it holds one of these,
    found by one fast scan. A pattern opening with a group or class has no
    trigger: write footer patterns to open with literal text.

    >>> _triggers([(r"icp\s*[备证]",), ("公网安备",), ("本网站?所?刊载",)])
    ['ICP', 'Icp', 'icp', '公网安备', '本网']
    """
    out: list[str] = []
    for row in rows:
        pattern = " ".join(row)
        m = _LITERAL_HEAD_RE.match(pattern)
        head = m.group() if m else ""
        if pattern[len(head) : len(head) + 1] in ("?", "*", "{"):
            head = head[:-1]  # the quantifier makes the last character optional
        if head:
            out.extend(sorted({head, head.lower(), head.upper(), head.capitalize()}))
    return out


@dataclass(frozen=True)
class Byline:
    """Names and outlets read from a byline ("工人日报记者 王晓颖")."""

    authors: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageScan:
    """What :func:`scan_page` decided: patches to apply, metadata, caption lines."""

    patches: tuple[Patch, ...]
    metadata: Metadata
    captions: tuple[tuple[int, int], ...]  # spans of kept caption lines, current coordinates
    dropped: tuple[tuple[int, int], ...] = ()  # spans of the lines dropped whole, in order


_SPACE_CHARS = " \t\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\ufeff"
SHORT_LINE = 240  # furniture lines are at most this long


@dataclass
class _Scan:
    """Working state of one scan (internal, mutable): the lines and what was decided."""

    text: str
    lex: PageLexicon
    starts: list[int]
    lines: list[str]
    bodies: list[str]
    verdict: dict[int, tuple[str, str]] = field(default_factory=dict)
    inline: list[Patch] = field(default_factory=list)
    title: str | None = None
    dates: list[date] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    captions: list[tuple[int, int]] = field(default_factory=list)
    photos: set[int] = field(default_factory=set)  # lines that are a photo's caption

    def drop(self, i: int, kind: str, reason: str) -> None:
        self.verdict.setdefault(i, (kind, reason))

    def line_of(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1


def new_scan(text: str, lex: PageLexicon) -> _Scan:
    """Split ``text`` into lines (offsets, raw lines, stripped bodies).

    >>> s = new_scan("a\\n b \\n", page_lexicon())
    >>> s.starts, s.bodies
    ([0, 2, 6], ['a', 'b', ''])
    """
    lines = text.split("\n")
    starts = list(accumulate(map((1).__add__, map(len, lines[:-1])), initial=0))
    bodies = list(map(str.strip, lines, repeat(_SPACE_CHARS)))
    return _Scan(text, lex, starts, lines, bodies)


def scan_page(text: str, lex: PageLexicon) -> PageScan:
    """Classify the lines of ``text``; return the patches and the metadata found."""
    scan = new_scan(text, lex)
    for step in _STEPS:
        step(scan)
    n, starts = len(text), scan.starts
    stops = [*starts[1:], n]  # where each line ends, its line break included
    whole = [
        (starts[i], stops[i], "", kind, reason)
        for i, (kind, reason) in sorted(scan.verdict.items())
        if starts[i] < n
    ]
    inline = [p for p in scan.inline if scan.line_of(p[0]) not in scan.verdict]
    patches = sorted([*whole, *inline]) if inline else whole
    dropped = tuple(p[:2] for p in whole)
    kept = {c for c in scan.captions if scan.line_of(c[0]) not in scan.verdict}
    captions = tuple(sorted(kept))
    return PageScan(tuple(patches), _metadata(scan), captions, dropped)


def _metadata(scan: _Scan) -> Metadata:
    return Metadata(
        title=scan.title,
        published=scan.dates[0] if scan.dates else None,
        outlet=scan.outlets[0] if scan.outlets else None,
        authors=tuple(dict.fromkeys(scan.authors)),
    )


# ------------------------------------------------------------------ anywhere


def _step_anywhere(scan: _Scan) -> None:
    """Empty lines, breadcrumbs, bracketed credits, footers, image notes, end marks.

    The first step: every line gets at most one verdict here, so the empty
    lines are dropped in bulk.
    """
    bodies = scan.bodies
    scan.verdict.update(zip(compress(count(), map(not_, bodies)), repeat(_EMPTY)))
    numbers: list[tuple[int, int]] = []
    bars = _lines_holding(scan, _BARS)
    hinted = bars | _lines_holding(scan, _NAV_HINTS)  # the only lines _navigation can take
    for i, size in enumerate(map(len, bodies)):
        if 0 < size <= SHORT_FURNITURE:
            _short_line(scan, i, bodies[i], numbers, i in hinted)
    for i in bars:
        nav = None if i in scan.verdict else _navigation(bodies[i])
        if nav:  # a long link list: 省市县 names joined by bars under an article
            scan.drop(i, *nav)
    _list_numbers(scan, numbers)
    _footers(scan)
    _dated_headlines(scan)


# A headline with its date glued on, in a list of related articles:
# "福州鼓楼：高标准打造“四大载体”2023-10-30", "- 某地工会举办培训班 2024/05/06 10:21".
_DATED_HEADLINE_RE = re.compile(
    r"[^。\n]{4,60}?\s*(?:19|20)[0-9]{2}[-/.][01]?[0-9][-/.][0-3]?[0-9]"
    r"(?:\s+[0-2]?[0-9]:[0-5][0-9](?::[0-5][0-9])?)?"
)
DATED_RUN = 3  # this many dated headlines in a row make a list of related articles


def _dated_headlines(scan: _Scan) -> None:
    """Runs of ``DATED_RUN`` or more lines, each a headline ending in its date: the
    page's list of related articles, wherever it stands. A report's own sentence
    does not end in a bare date stamp, three times in a row."""
    run: list[int] = []
    for i, body in enumerate(scan.bodies):
        if not body and i in scan.verdict:
            continue  # empty lines do not break a run
        if i not in scan.verdict and _DATED_HEADLINE_RE.fullmatch(body):
            run.append(i)
            continue
        _drop_run(scan, run)
        run = []
    _drop_run(scan, run)


def _drop_run(scan: _Scan, run: list[int]) -> None:
    if len(run) >= DATED_RUN:
        for i in run:
            scan.drop(i, "tail", "dated headline in a list of related articles")


SHORT_FURNITURE = 120  # breadcrumbs, credits, image notes and end marks are this short
_EMPTY = ("empty_line", "line with no content")
_RULES = {name: (kind, reason) for name, kind, reason in _FURNITURE}


def _short_line(
    scan: _Scan, i: int, body: str, numbers: list[tuple[int, int]], hinted: bool
) -> None:
    """Classify a short line; lone numbers are collected for :func:`_list_numbers`.

    ``hinted``: the line holds a character :func:`_navigation` looks for.
    """
    if not _CONTENT_RE.search(body):
        scan.drop(i, *_EMPTY)
        return
    shape = _page_shape(body)  # cheap tests of the first and last character first
    if shape is not None:
        scan.drop(i, *shape)
        return
    if len(body) <= 6:
        number = _LONE_NUMBER_RE.fullmatch(body)
        if number:
            numbers.append((i, int(number.group(1))))
            return
        if scan.lex.tail.fullmatch(body):
            scan.drop(i, "tail", "link-list heading")
            return
    nav = _navigation(body) if hinted else None
    if nav:
        scan.drop(i, *nav)
        return
    rule = scan.lex.furniture.match(body)
    if rule:
        kind, reason = _RULES[rule.lastgroup or ""]
        if kind == "credit":
            scan.authors.extend(_credit_authors(body[1:-1], scan.lex))
        scan.drop(i, kind, reason)


# A line of web addresses only: "http://site.cn/m/content/2007-07/03/280277.html".
_ADDRESS_LINE_RE = re.compile(
    r"(?:(?:https?:)?//|www\.)\S+(?:\s+(?:(?:https?:)?//|www\.)\S+)*", re.I
)
_HTML_DEBRIS_RE = re.compile(r"<!--|-->")


def _page_shape(body: str) -> tuple[str, str] | None:
    """A line that is a web address, HTML debris, a teaser or an e-paper page line.

    >>> [_page_shape(t) is not None for t in ("www.a.cn/1.html", "第A02版：要闻", "新增会员504人")]
    [True, True, False]
    """
    first, last = body[0], body[-1]
    if first in "hHwW/" and _ADDRESS_LINE_RE.fullmatch(body):
        return "navigation", "web address"
    if "--" in body and _HTML_DEBRIS_RE.search(body) and "。" not in body:
        return "html_debris", "left-over HTML comment or page property"
    if last in ">»›＞]】" and _TEASER_RE.search(body):
        return "navigation", "teaser of another page (更多>)"
    if (first == "第" or first.isascii()) and _PAGE_MARKER_RE.fullmatch(body):
        return "page_marker", "e-paper page marker (第02版：要闻)"
    if first.islower() and _CODE_LINE_RE.fullmatch(body):
        return "html_debris", "script variable left in the page (channelId 1)"
    return None


# A script's variable and its values: "channelId 1 1 1" (camelCase: no English word).
_CODE_LINE_RE = re.compile(r"[a-z]+[A-Z][A-Za-z0-9_]*(?:\s+[A-Za-z0-9_.-]+)*")
# An e-paper's page line: "第A02版：要闻", "第02版:要闻 PDF版", "第3版 综合新闻".
_PAGE_MARKER_RE = re.compile(
    r"(?:第[A-Z]?[0-9]{1,3}|[A-Z]?0[0-9]{1,4})版\s*[:：]?\s*[\u4e00-\u9fff]{0,8}(?:\s*PDF版)?", re.I
)  # and "00002版:工会", the page number padded with zeros
# A sidebar teaser cut short and linked: "某某简介 …省总... 更多>", "[详细]".
_TEASER_RE = re.compile(
    r"(?:更多|详细|详情|阅读全文|查看全文)\s*(?:>{1,2}|»|＞{1,2}|›)$|[\[【](?:更多|详细|详情)[\]】]$"
)
_TRAIL_SEP_RE = re.compile(r"\s*(?:>>|»|›|＞＞|->)\s*")
_CRUMB_SEP_RE = re.compile(r"\s*[>＞]\s*")
_BAR_SEP_RE = re.compile(r"\s*[|｜丨]\s*")
_BARS = "|｜丨"
_NAV_HINTS = ">»›＞[【"  # with the bars: the characters navigation lines hold
_NAV_HINT_RE = re.compile(f"[{re.escape(_BARS + _NAV_HINTS)}]")
_CONTROL_BOX_RE = re.compile(r"(?:[\[【][^\]】\n]{0,8}[\]】]\s*){3,}")
NAV_ITEM_MAX = 16  # an item of a breadcrumb trail or a link list is this short


def _navigation(body: str) -> tuple[str, str] | None:
    """Breadcrumb trails and link lists by their shape, whatever their words.

    ``福州新闻网 >> 新闻频道 >> 福州`` (a ``>>`` or two ``>``), ``首页|新闻|政务|服务``
    (three bars or more) and ``[保存] [打印] [关闭]`` (three boxed controls): short
    items and no sentence punctuation.

    >>> [_navigation(t) for t in ("某某新闻网 >> 新闻频道 >> 本地", "县总工会开展活动>>详情",
    ...                           "首页|新闻|政务|服务", "[打印] [关闭] [返回]", "新增会员>500人")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('breadcrumb', 'breadcrumb trail'), ('breadcrumb', 'breadcrumb trail'),
     ('navigation', 'site navigation or link list'), ('page_control', 'page controls'), None]
    """
    if not _NAV_HINT_RE.search(body) or _SENTENCE_RE.search(body):
        return None
    if _TABLE_CELL_RE.search(body):
        return None  # a table row: | 基层工会数（个） | 6941 | 6254 |
    if _CONTROL_BOX_RE.fullmatch(body):
        return "page_control", "page controls"
    for sep, least, kind, reason in _NAV_SHAPES:
        items = [t for t in sep.split(body) if t]
        if len(sep.findall(body)) >= least and all(len(t) <= NAV_ITEM_MAX for t in items):
            return kind, reason
    return None


# A cell holding a figure alone, between bars: what makes a bar line a table row.
_TABLE_CELL_RE = re.compile(r"[|｜丨]\s*[0-9][0-9,.]*\s*(?:[%％]|年度?)?\s*(?=[|｜丨]|$)")
_NAV_SHAPES = (
    (_TRAIL_SEP_RE, 1, "breadcrumb", "breadcrumb trail"),
    (_CRUMB_SEP_RE, 2, "breadcrumb", "breadcrumb trail"),
    (_BAR_SEP_RE, 3, "navigation", "site navigation or link list"),
)


def _lines_holding(scan: _Scan, chars: str) -> set[int]:
    """The lines holding one of ``chars``, each found with ``str.find`` (much faster
    than a regex scan for their class, when they are few and rare).

    >>> sorted(_lines_holding(new_scan("a|b\\nc\\nd丨e｜f", page_lexicon()), _BARS))
    [0, 2]
    """
    text, found = scan.text, set()
    for char in chars:
        i = text.find(char)
        while i >= 0:
            line = scan.line_of(i)
            found.add(line)
            i = text.find(char, scan.starts[line + 1]) if line + 1 < len(scan.starts) else -1
    return found


def _footers(scan: _Scan) -> None:
    """Lines holding a footer trigger word, confirmed by a footer pattern.

    A copyright notice goes unless the line reads as a report sentence with a
    number in it; a navigation or contact line only when it is no sentence.
    """
    lex = scan.lex
    for i in sorted(_footer_candidates(scan)):
        body = scan.bodies[i]
        if len(body) > SHORT_LINE or _long_sentence(body):
            continue
        sentence = _is_body(body)
        tight = _SPACED_RE.sub("", body)
        if lex.footer.search(tight) and not (sentence and _has_statistic(body)):
            scan.drop(i, "footer", "copyright or site notice")
        elif not sentence and lex.footer_nav.search(body):
            scan.drop(i, "footer", "site navigation or contact line")


def _has_statistic(body: str) -> bool:
    """A figure a report sentence would give, beyond a list number, a day or a phone:
    ``3、如有问题请在30日内联系，电话：4000123612`` has none.

    >>> _has_statistic("2、转载目的在于传递更多信息"), _has_statistic("已帮扶困难职工12户")
    (False, True)
    """
    if not _DIGIT_RE.search(body):
        return False
    return bool(find_statistics(_LIST_MARK_RE.sub("", body, count=1)))


_LIST_MARK_RE = re.compile(r"^\s*[（(]?[0-9]{1,2}[)）、.．]")
_SPACED_RE = re.compile(rf"(?<=[{CJK}]) (?=[{CJK}])")
_SPACED_LINE_RE = re.compile(rf" (?<=[{CJK}] )(?=[{CJK}] [{CJK}] [{CJK}])")  # 版 权 所 有


def _footer_candidates(scan: _Scan) -> set[int]:
    """Lines holding a footer trigger, and lines spelt out with spaces (``版 权 所 有``).

    Only the lines that can still become footers are scanned, joined: short
    ones (see :func:`_footers`) with no verdict yet.
    """
    lines = [
        i
        for i, body in enumerate(scan.bodies)
        if 0 < len(body) <= SHORT_LINE and i not in scan.verdict
    ]
    bodies = [scan.bodies[i] for i in lines]
    starts = list(accumulate(map((1).__add__, map(len, bodies)), initial=0))
    joined = "\n".join(bodies)
    hits = [
        m.start() for rx in (scan.lex.footer_trigger, _SPACED_LINE_RE) for m in rx.finditer(joined)
    ]
    return {lines[bisect_right(starts, hit) - 1] for hit in hits}


def _long_sentence(body: str) -> bool:
    """A long line of prose: footers are short notices, not report paragraphs."""
    return len(body) > 120 and body.count("。") >= 2


def _credit_authors(inner: str, lex: PageLexicon) -> list[str]:
    """Authors in a credit: names after author roles.

    >>> _credit_authors("供稿：刘尧", page_lexicon())
    ['刘尧']
    >>> _credit_authors("责任编辑：admin  新闻报料：2729868", page_lexicon())
    []
    """
    out: list[str] = []
    for m in re.finditer(r"([^\s:：/]+)\s*[:：/]\s*([^\s:：]+)", inner):
        if m.group(1) in lex.author_roles and _NAME_RE.fullmatch(m.group(2)):
            out.append(m.group(2))
    return out


# ------------------------------------------------------------------ photo credits

_PHOTO_NAME = rf"[{CJK}·]{{2,4}}"
_PHOTO_ROLE = rf"[{CJK}]{{0,10}}?(?:摄影记者|记者|通讯员|摄影)"
# Names after a role may be spaced ("记者 张三 李四 摄"); without one they are joined
# by 、 so that "慰问现场 赵某 摄" keeps 慰问现场.
_PHOTO_BY = (
    rf"(?:{_PHOTO_ROLE}[{_SPACE}]*{_PHOTO_NAME}(?:[{_SPACE}、，,]+{_PHOTO_NAME}){{0,3}}"
    rf"|{_PHOTO_NAME}(?:[、，,]{_PHOTO_NAME}){{0,3}})[{_SPACE}]*/?[{_SPACE}]*摄影?"
)
_AGENCY = rf"[{CJK}]{{1,4}}社[{_SPACE}]*发"  # 新华社发: a news agency's photo
# A photo credit closing a line: in brackets anywhere, else after a space, a sentence
# end or the line start ("合影留念 新华社发", "现场（王力 摄）", "李强 摄").
_PHOTO_CREDIT_RE = re.compile(
    rf"(?:[（(][{_SPACE}]*(?:{_PHOTO_BY}|{_AGENCY})[{_SPACE}]*[)）]"
    rf"|(?:^|(?<=[{_SPACE}。！？”）)]))(?:{_PHOTO_BY}|{_AGENCY}))[{_SPACE}]*$"
)


def _step_photos(scan: _Scan) -> None:
    """Short lines closed by a photo credit: the credit goes, the line is a caption.

    A line that is nothing but the credit goes whole. The photographer is not an
    author of the report, so no name goes to the metadata.

    >>> s = new_scan("合影留念 新华社发\\n记者 张明 摄\\n阅读。（通讯员 王力 摄）", page_lexicon())
    >>> _step_photos(s)
    >>> [s.text[a:b] for a, b, *_ in s.inline], s.verdict
    ([' 新华社发', '（通讯员 王力 摄）'], {1: ('credit', 'photo credit')})
    >>> [s.text[a:b] for a, b in s.captions]
    ['合影留念', '阅读。']
    """
    for i, body in enumerate(scan.bodies):
        if i in scan.verdict or len(body) > CAPTION_MAX_CHARS or body[-1:] not in "摄影发）)":
            continue
        m = _PHOTO_CREDIT_RE.search(body)
        if m is None:
            continue
        if m.start() == 0:
            scan.drop(i, "credit", "photo credit")
            continue
        lead = len(scan.lines[i]) - len(scan.lines[i].lstrip(_SPACE_CHARS))
        start = scan.starts[i] + lead
        cut = _spaces_before(scan.text, start + m.start(), start)
        scan.inline.append((cut, start + m.end(), "", "credit", "photo credit"))
        scan.photos.add(i)
        scan.captions.append((start, cut))


# ------------------------------------------------------------------ zones


def _is_body(text: str) -> bool:
    """A paragraph of the report: long with sentence punctuation, or a full sentence."""
    if len(text) >= BODY_MIN_CHARS:
        return bool(_SENTENCE_RE.search(text))
    return len(text) >= BODY_MIN_CHARS // 2 and text[-1] in "。！？" and "，" in text


def _first_body(scan: _Scan) -> int | None:
    for i, body in enumerate(scan.bodies):
        if i not in scan.verdict and _is_body(body):
            return i
    return None


def _last_body(scan: _Scan) -> int | None:
    for i in range(len(scan.bodies) - 1, -1, -1):
        if i not in scan.verdict and _is_body(scan.bodies[i]):
            return i
    return None


def _step_head(scan: _Scan) -> None:
    """Title, meta lines, bylines and original-title lines before the first paragraph.

    A page with no paragraph at all is head from top to bottom (its meta
    lines go, but no line is taken for the title), so a scrape of nothing but
    page furniture cleans to nothing while a one-line note stays.
    """
    first = _first_body(scan)
    candidates: list[int] = []
    meta_at: int | None = None
    for i in range(len(scan.bodies) if first is None else first):
        if i in scan.verdict:
            continue
        kind = _head_line(scan, i)
        if kind == "meta":
            meta_at = i if meta_at is None else meta_at
        elif not kind and i not in scan.photos and _title_like(scan.bodies[i]):
            candidates.append(i)
    if first is not None:
        _take_title(scan, candidates, meta_at)
        _channel_names(scan, first)


def _head_line(scan: _Scan, i: int) -> str:
    """Drop a meta, byline or headline-part line: "meta" for a date/source/byline
    line, "part" for the others, "" for a line kept."""
    lex, text = scan.lex, scan.bodies[i]
    original = lex.original_title.match(text)
    if original:
        scan.title = scan.title or _strip_title_part(original.group(1), lex)
        scan.drop(i, "metadata", "original title")
        return "part"
    if lex.title_part.search(text):
        scan.drop(i, "metadata", "headline part (主题/副题)")
        return "part"
    if _take_meta(scan, text) or _take_byline(scan, text):
        scan.drop(i, "metadata", "date, source or byline")
        return "meta"
    return ""


TITLE_MIN_CHARS = 8  # a shorter title-like line is likely a site or channel name ("红网某某站")
CHANNEL_MAX_CHARS = 40  # head lines above the headline up to this long are page furniture
SITE_NAME_MAX_CHARS = 12  # an outlet's name under the headline ("红网某县站") is this short


def _take_title(scan: _Scan, candidates: list[int], meta_at: int | None) -> None:
    """The headline among the title-like head lines.

    Pages put the site name, channel and "返回首页" above the headline and the
    date/source line right under it: the title is the last candidate before the
    first meta line, else the first candidate long enough to be a headline.

    >>> s = new_scan("苏州新闻\\n首页 > 要闻\\n市总工会获评先进集体\\n2023-10-30 来源：某报\\n"
    ...              "近日，市总工会获评全国工会系统先进集体，为全省唯一上榜集体。", page_lexicon())
    >>> for step in _STEPS: step(s)
    >>> s.title, sorted(kind for kind, _ in s.verdict.values())
    ('市总工会获评先进集体', ['breadcrumb', 'metadata', 'metadata', 'site_name'])
    """
    if not candidates:
        return
    bodies = scan.bodies
    long_enough = [
        i for i in candidates if len(bodies[i]) >= TITLE_MIN_CHARS and not _site_name(bodies[i])
    ]
    before_meta = [i for i in long_enough if meta_at is not None and i < meta_at]
    if before_meta:
        pick = before_meta[-1]
    else:
        pick = long_enough[0] if long_enough else max(candidates, key=lambda i: len(bodies[i]))
    scan.title = scan.title or clean_title(bodies[pick])
    scan.drop(pick, "metadata", "title")
    for i in candidates:
        if i != pick and _same_headline(bodies[i], bodies[pick]):
            scan.drop(i, "metadata", "title repeated")
        elif i > pick and _site_name(bodies[i]):
            scan.drop(i, "site_name", "outlet name under the headline")


def _same_headline(a: str, b: str) -> bool:
    """One line repeats the other: a page title with the site trail, or a cut copy."""
    return a.startswith(b) or b.startswith(a) or clean_title(a) == clean_title(b)


def _site_name(text: str) -> bool:
    """``红网某县站``, ``某某新闻网``: a short name ending in an outlet word."""
    return len(text) <= SITE_NAME_MAX_CHARS and bool(_SITE_END_RE.search(text))


# An outlet's name ends so: 某某新闻网, 红网某县站, 某某日报, 某某日报 数字报纸, 某某电子报.
_SITE_END_RE = re.compile(r"(?:网|站|台|频道|报|数字报纸|数字报|电子报|客户端)$")


_TITLE_TRAIL_RE = re.compile(r"\s+[-_|｜—]+\s+")
_TITLE_NOISE_RE = re.compile(
    r"\s*(?:\.(?:docx?|wps|pdf|txt|html?)|[（(][^（）()]{0,8}\d+\+?字[）)])\s*$", re.I
)


_TITLE_TAG_RE = re.compile(r"^\s*【[^【】]{1,8}】\s*(?=\S{6})")


def clean_title(title: str) -> str:
    """A headline without the page's site trail, a file suffix or a length note.

    >>> clean_title("先模代表赴省参加表彰会 - 市总动态 - 工会新闻 - 某县工会")
    '先模代表赴省参加表彰会'
    >>> clean_title("2022年市总工会工作总结 .docx"), clean_title("工作汇报 （本页约2200+字）")
    ('2022年市总工会工作总结', '工作汇报')
    >>> clean_title("【工会报告】在市总工会全委会议上的报告")
    '在市总工会全委会议上的报告'

    """
    parts = _TITLE_TRAIL_RE.split(title)
    head = parts[0] if len(parts) >= 3 and len(parts[0]) >= TITLE_MIN_CHARS else title
    return _TITLE_TAG_RE.sub("", _TITLE_NOISE_RE.sub("", head)).strip()


def _channel_names(scan: _Scan, first: int) -> None:
    """Short lines above the headline that are no sentence: site and channel names."""
    titled = [i for i in range(first) if scan.verdict.get(i, ("",))[0] == "metadata"]
    for i in range(titled[-1] if titled else 0):
        body = scan.bodies[i]
        if (
            i not in scan.verdict
            and len(body) <= CHANNEL_MAX_CHARS
            and not _SENTENCE_RE.search(body)
        ):
            scan.drop(i, "site_name", "site or channel name above the headline")


def _title_like(text: str) -> bool:
    """Short, not a sentence, mostly Chinese: "湖南工会：瞄准“六强” 打造“桥头堡”"."""
    cjk = len(re.findall(f"[{CJK}]", text))
    return len(text) <= 100 and cjk >= 4 and text[-1] not in "。！？!?；;，,"


def _strip_title_part(text: str, lex: PageLexicon) -> str:
    return lex.title_part.sub("", text).strip()


def _step_tail(scan: _Scan) -> None:
    """Credits, bylines, meta lines and link lists after the last body paragraph."""
    last = _last_body(scan)
    if last is None:
        return
    in_links = False
    furniture = False  # some furniture line came before, in the tail
    for i in range(last + 1, len(scan.bodies)):
        if i not in scan.verdict:
            in_links = _tail_line(scan, i, in_links)
            if i not in scan.verdict and furniture and _bare_name(scan.bodies[i]):
                scan.drop(i, "site_name", "site name among the page furniture")
        elif scan.verdict[i][0] == "tail":
            in_links = True
        furniture = furniture or scan.verdict.get(i, _EMPTY) != _EMPTY


def _bare_name(text: str) -> bool:
    """A short name with no sentence punctuation and no figure: "某某工人报电子版"."""
    return (
        len(text) <= SITE_NAME_MAX_CHARS
        and not _SENTENCE_RE.search(text)
        and not any(c.isdigit() for c in text)
    )


def _tail_line(scan: _Scan, i: int, in_links: bool) -> bool:
    """Classify one tail line; returns whether we are inside a link list."""
    lex, text = scan.lex, scan.bodies[i]
    if lex.tail.match(text) and len(text) <= 80:
        scan.drop(i, "tail", "link-list heading (关键词, 相关阅读, ...)")
        return True
    if lex.credit_line.fullmatch(text):
        scan.authors.extend(_credit_authors(text, lex))
        scan.drop(i, "credit", "credits (editor, contributor)")
    elif text[:1] in "（(" and text[-1:] in "）)" and _take_byline(scan, text[1:-1]):
        scan.drop(i, "metadata", "byline")
    elif _take_meta(scan, text):
        scan.drop(i, "metadata", "date or source line")
    elif _names_role(text, lex) and _take_byline(scan, text):
        scan.drop(i, "metadata", "byline")  # ◎某某晚报记者 李华
    elif _DATED_LINK_RE.fullmatch(text):
        scan.drop(i, "tail", "dated link under the article")
    elif in_links and len(text) <= SHORT_LINK_CHARS and "。" not in text:
        scan.drop(i, "tail", "link under a tail heading")
        return True
    return False


def _take_meta(scan: _Scan, text: str) -> bool:
    """A date/source/counter line ("2025/01/17 11:05 来源：社区文化网 阅读：3.8万").

    Everything in the line must be a label:value pair, a date, a time, a page
    control word, or a byline; the date and source go to the metadata.
    """
    if len(text) > 120 or "。" in text:
        return False
    lex = scan.lex
    text = _URL_RE.sub(" ", _POSTED_RE.sub(" ", text))
    pairs = list(lex.meta_pair.finditer(text))
    dates = [d for d in (_to_date(m) for m in _DATE_RE.finditer(text)) if d]
    rest = _TIME_RE.sub(" ", _DATE_RE.sub(" ", lex.meta_pair.sub(" ", text)))
    stamped = bool(pairs or dates or _TIME_RE.search(text))
    if stamped:  # a stamped line may also carry a bare counter or a day without a year
        rest = _COUNTER_RE.sub(" ", _SHORT_DATE_RE.sub(" ", rest))
    parts = [t for t in _TOKEN_SPLIT_RE.split(rest) if t.strip("-—–_~")]
    tokens = [t for t in parts if t not in lex.controls]
    controls = sum(1 for t in parts if t in lex.controls)
    if not (stamped or controls >= 2):
        return False
    byline = _parse_byline(" ".join(tokens), lex) if tokens else Byline()
    if byline is None and dates and pairs and all(len(t) <= SHORT_TOKEN for t in tokens):
        # 发布时间：… | 进入论坛 | 来源：人民网 | 手机看视频: links beside the stamp
        byline = Byline()
    if byline is None and dates:  # "2024-05-02 09:32:33 - 某某发布": a stamp and its outlet
        byline = _outlets_only(tokens, lex)
    if byline is None:
        return False
    scan.dates.extend(dates)
    scan.outlets.extend(
        m.group(1).strip("《》") for m in pairs if _label(m).startswith(_SOURCE_LABELS)
    )
    _take_byline_parts(scan, byline)
    return True


# Parts of a stamped meta line besides labels: "23.01.2017 20:09", "09-06 09:33",
# "2024-07-03 05:03:52 14" (a view counter), "//www.site.cn2014-02-21", and a forum's
# "user 发表于 2024-7-24 10:34:09".
_SHORT_DATE_RE = re.compile(r"(?<![\d.])\d{1,2}[-./]\d{1,2}(?:[-./](?:19|20)?\d{2})?(?![\d.])")
_COUNTER_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?万?(?![\d.])")
_URL_RE = re.compile(
    r"(?:https?:)?//[\w.-]+\.[a-z]{2,6}(?:/\S*?)?(?=\d{4}|\s|$)|www\.[\w.-]+", re.I
)
_POSTED_RE = re.compile(r"^\S{1,30}\s+(?:发表于|发布于|发帖于)(?=\s*\d)")
_SOURCE_LABELS = ("来源", "稿源", "信息来源", "文章来源", "新闻来源", "稿件来源", "转自", "转载")
_TOKEN_SPLIT_RE = re.compile(r"[\s|｜/·:：【】\[\]]+")


def _outlets_only(tokens: list[str], lex: PageLexicon) -> Byline | None:
    """The outlets, when every token names one ("人民网", "某某发布"); else None."""
    read = [_byline_token(t.strip(_BYLINE_STRIP), lex) for t in tokens]
    if not read or any(kind != "outlet" for kind, _ in read):
        return None
    return Byline((), tuple(value for _, value in read))


def _label(m: re.Match[str]) -> str:
    return m.group(0).split(":")[0].split("：")[0].strip()


def _to_date(m: re.Match[str]) -> date | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _take_byline(scan: _Scan, text: str) -> bool:
    byline = _parse_byline(text, scan.lex) if len(text) <= 80 else None
    if byline is None or not (byline.authors or byline.outlets):
        return False
    _take_byline_parts(scan, byline)
    return True


def _take_byline_parts(scan: _Scan, byline: Byline) -> None:
    scan.authors.extend(byline.authors)
    scan.outlets.extend(byline.outlets)


BYLINE_MAX_CHARS = 40  # a byline on a line of its own, under the article
_BYLINE_STRIP = "：:，,、|｜◎●■□▲△◆◇★☆※"  # punctuation and bullets around a byline token


def _names_role(text: str, lex: PageLexicon) -> bool:
    """A short line with a credit role in one of its words ("◎某某晚报记者 李华")."""
    if len(text) > BYLINE_MAX_CHARS:
        return False
    tokens = [t for t in (t.strip(_BYLINE_STRIP) for t in text.split()) if t]
    return any(lex.role_prefix.match(t) or lex.role_suffix.search(t) for t in tokens)


def _parse_byline(text: str, lex: PageLexicon) -> Byline | None:
    """Read a byline, or None when the text is not one.

    >>> lex = page_lexicon()
    >>> _parse_byline("通讯员 陈丽娟 工人日报-中工网记者 王晓颖", lex)
    Byline(authors=('陈丽娟', '王晓颖'), outlets=('工人日报-中工网',))
    >>> _parse_byline("中新网湖南 阳望春 雷承贵 彭洪兵", lex).authors
    ('阳望春', '雷承贵', '彭洪兵')
    >>> _parse_byline("凝聚职工力量 精工时代宏图", lex) is None
    True
    """
    authors: list[str] = []
    outlets: list[str] = []
    roles = 0
    for token in text.split():
        kind, value = _byline_token(token.strip(_BYLINE_STRIP), lex)
        if kind == "bad":
            return None
        roles += kind in ("role", "role_name", "outlet_role")
        (authors if kind in ("name", "role_name") else outlets).extend([value] if value else [])
    surnamed = sum(1 for a in authors if _has_surname(a, lex))
    if roles or (outlets and authors) or (len(authors) >= 2 and surnamed == len(authors)):
        return Byline(tuple(authors), tuple(outlets))
    return None


def _byline_token(token: str, lex: PageLexicon) -> tuple[str, str]:
    """Classify a byline token: role, name, outlet, role+name, outlet+role, or bad."""
    if not token:
        return "role", ""
    prefix = lex.role_prefix.match(token)
    if prefix:
        rest = token[prefix.end() :].lstrip(":：/")
        if not rest:
            return "role", ""
        return ("role_name", rest) if _NAME_RE.fullmatch(rest) else ("bad", "")
    suffix = lex.role_suffix.search(token)
    if suffix:
        outlet = token[: suffix.start()].rstrip("-—·")
        outlet = re.sub(r"(?:全媒体|融媒体|本报|特约|见习)$", "", outlet)
        return ("outlet_role", outlet) if lex.outlet.search(outlet) else ("bad", "")
    if _NAME_RE.fullmatch(token) and not lex.outlet.search(token[1:]):
        return "name", token
    if len(token) <= 16 and lex.outlet.search(token):
        return "outlet", token
    return "bad", ""


def _has_surname(name: str, lex: PageLexicon) -> bool:
    return name[:1] in lex.surnames or name[:2] in lex.surnames


# ------------------------------------------------------------------ inline


def _step_inline(scan: _Scan) -> None:
    """Image notes inside a line; credits and end marks closing a paragraph; datelines."""
    text = scan.text
    for m in scan.lex.inline.finditer(text):
        kind = m.lastgroup or ""
        if kind == "image":
            scan.inline.append((m.start(), m.end(), "", "image_note", "image note"))
            continue
        i = scan.line_of(m.start())
        if i in scan.verdict or not _is_body(scan.bodies[i]):
            continue
        start = _spaces_before(text, m.start(), scan.starts[i])
        if kind == "credit":
            scan.authors.extend(_credit_authors(m.group().strip(_SPACE_CHARS)[1:-1], scan.lex))
            scan.inline.append((start, m.end(), "", "credit", "credit closing a paragraph"))
        else:
            scan.inline.append((start, m.end(), "", "end_mark", "end-of-article mark"))
    first = _first_body(scan)
    if first is not None:
        _dateline(scan, first)


def _spaces_before(text: str, pos: int, line_start: int) -> int:
    """Move ``pos`` back over the spaces before it (not past the line start)."""
    while pos > line_start and text[pos - 1] in _SPACE_CHARS:
        pos -= 1
    return pos


_DATELINE_RE = re.compile(
    rf"[{_SPACE}]*(?P<lead>[^\s，。,（()“”]{{2,24}}?)(?P<date>\d{{1,2}}月\d{{1,2}}日)?(?:电|讯)"
    rf"(?:[{_SPACE}]*[（(](?P<who>[^（）()\n]{{2,40}})[)）])?[{_SPACE}]*(?![，,。])"
)
_HOUSE_LEADS = ("本报", "本网", "本台", "本刊", "本站")


def _dateline(scan: _Scan, i: int) -> None:
    """A news dateline opening the report: its outlet and byline go to the metadata.

    ``中新网湖南新闻9月15日电 (阳望春 雷承贵)``, ``本报讯（记者 张三）``,
    ``红网某县站9月5日讯（通讯员 李四）``, ``中工网讯``: an outlet (or 本报) or a date
    before 电/讯, and a byline in brackets if any.
    """
    m = _DATELINE_RE.match(scan.lines[i])
    if not m:
        return
    lead = m.group("lead")
    if not (lead in _HOUSE_LEADS or m.group("date") or scan.lex.outlet.search(lead)):
        return
    if m.group("who"):
        byline = _parse_byline(m.group("who"), scan.lex)
        if byline is None:
            return
        _take_byline_parts(scan, byline)
    start = scan.starts[i]
    scan.inline.append((start, start + m.end(), "", "metadata", "news dateline"))


# ------------------------------------------------------------------ numbers, captions


def _list_numbers(scan: _Scan, found: list[tuple[int, int]]) -> None:
    """Lone numbers go when they count up (1, 2, 3 …, a number may be skipped), or
    a single small one.

    Lone numbers that do not count up (a column of figures: 12, 35, 87) stay:
    they may be statistics.
    """
    values = [v for _, v in found]
    counting = len(values) >= 2 and all(0 < b - a <= 2 for a, b in pairwise(values))
    for i, value in found:
        if counting or (len(found) == 1 and value <= LONE_NUMBER_MAX):
            scan.drop(i, "list_number", "list number on a line of its own")


def _step_repeats(scan: _Scan) -> None:
    """Captions repeated on the next line: keep one, mark it. Drop longer repeats."""
    seen: set[str] = set()
    previous = -1
    bodies, verdict = scan.bodies, scan.verdict
    for i, body in enumerate(bodies):
        if i in verdict:
            continue
        if previous >= 0 and body == bodies[previous]:
            if len(body) <= CAPTION_MAX_CHARS:
                scan.drop(i, "caption", "repeated image caption (one copy kept)")
                _mark_caption(scan, previous)
            else:
                scan.drop(i, "duplicate_line", "paragraph repeated on the next line")
            continue
        if len(body) >= DUPLICATE_MIN_CHARS:
            if body in seen:
                scan.drop(i, "duplicate_line", "exact repeat of an earlier paragraph")
                continue
            seen.add(body)
        previous = i


def _mark_caption(scan: _Scan, i: int) -> None:
    if i in scan.photos:  # marked already, without its photo credit
        return
    line = scan.lines[i]
    lead = len(line) - len(line.lstrip(_SPACE_CHARS))
    span = (scan.starts[i] + lead, scan.starts[i] + lead + len(scan.bodies[i]))
    if not scan.captions or scan.captions[-1] != span:
        scan.captions.append(span)


_STEPS = (_step_anywhere, _step_photos, _step_head, _step_tail, _step_inline, _step_repeats)

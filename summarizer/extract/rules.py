"""The ``rules`` backend: a deterministic extractor that needs no model.

The stages live in :mod:`.rules_text` (lines, sentences, clauses), :mod:`.rules_numbers`,
:mod:`.rules_honors` and :mod:`.rules_initiatives`; this module assembles the report.

It fills the same :class:`~summarizer.models.UnionWorkReport` as the model does,
from the cleaned text alone, in a few milliseconds:

* **numbers**: every statistic :func:`summarizer.numerals.is_reportable` accepts
  (dates, ordinals, congress numbers, slogans, phone and licence numbers are told
  apart there, and so are durations, thresholds and descriptors such as
  ``24小时驿站`` or ``15人以下的企业``). The metric
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
  of its point as description and evidence. Then the named programmes a reader
  would list (an action verb and a quoted or programme-word object:
  ``开展“清凉一夏”主题活动``, ``签订《女职工权益保护专项集体合同》``), ranked and
  capped; salutations, report formulas, credits and channel names are no points.
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
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import HonorLevel, UnionWorkReport
from . import ChunkResult, Extraction
from .rules_honors import extract_honors, honor_level
from .rules_initiatives import SENTENCE_END, category, extract_initiatives, is_prose_line
from .rules_numbers import extract_numbers
from .rules_text import SUMMARY_LIMIT, clip, lines, masked, sentences, trim

if TYPE_CHECKING:
    from ..chunk import Chunk
    from ..clean import Metadata
    from ..config import Settings

__all__ = [
    "SUMMARY_LIMIT",
    "Located",
    "RulesExtractor",
    "category",
    "extract_honors",
    "extract_initiatives",
    "extract_numbers",
    "extract_report",
    "join_chunks",
    "locate_report",
    "organization",
    "summary",
]

# --------------------------------------------------------------------------- summary, organization

_PLACE_NAME = (
    r"(?:(?:(?!总工会)[\u4e00-\u9fff]){2,6}?(?:省|自治区|市|自治州|州|盟|县|区|旗)"
    r"|[\u4e00-\u9fff]县)"
)
# Words that open a clause right before a union's name (作为县总工会, 围绕市总工会,
# 大会选举产生夹江县总工会): the name starts after them.
_LEAD_WORDS = (
    "作为", "围绕", "通过", "依托", "按照", "根据", "聚焦", "推动", "召开", "成立", "带领", "指导",
    "协助", "联合", "配合", "会同", "支持", "督促", "要求", "产生", "经过", "今年", "去年", "全年",
    "近年", "获悉",
)  # fmt: skip
_AFTER_LEAD = "|".join(f"(?<={w})" for w in _LEAD_WORDS)
_ORG = re.compile(
    rf"(?:(?<![\u4e00-\u9fff])|(?<=[在由据和与是])|{_AFTER_LEAD})(?:{_PLACE_NAME})+总工会"
)
# Characters no place name holds: a match that has them started too early (笔者从市总工会).
_NOT_IN_PLACE = re.compile(r"[的者从被向对将把让了着过是等我你他她其该这那在和与及据委年]")
_LEADS = rf"(?:{'|'.join(_LEAD_WORDS)}|[在由和与据对将把被让向为是及并从])+"
_LEAD_PREPOSITION = re.compile(rf"^{_LEADS}(?=[\u4e00-\u9fff]{{3}})")
_PLACE_PREPOSITION = re.compile(rf"^{_LEADS}(?=[\u4e00-\u9fff]{{2}})")
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
        if not is_prose_line(body) or body[-1] not in SENTENCE_END or len(body) < 20:
            continue
        for s in sentences(mask, line.start, line.end):
            sentence = trim(text, s).of(text)
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
        if is_prose_line(line.of(text)) and len(line.of(text)) >= 20:
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

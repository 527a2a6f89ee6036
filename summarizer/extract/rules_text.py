"""Geometry of the cleaned text for the rules backend: lines, sentences, clauses, spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numerals import find_numbers

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
BRACKETED = re.compile(
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
    for m in BRACKETED.finditer(text):
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


def trim(text: str, span: Span) -> Span:
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
